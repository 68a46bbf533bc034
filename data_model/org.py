"""Lookups for pickers and labels: the teams, people, credentials and skills a reader may choose from."""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from .access import Scope, team_clause
from .models import MicroCredential, Provider, Skill, Team


def visible_team_names(session: Session, scope: Scope) -> list[str]:
    """Names of the teams in scope, alphabetical. An employee sees none (they have no team filter)."""
    if scope.only_self:
        return []
    team = Team.__table__
    rows = session.execute(sa.select(team.c.name).where(team_clause(scope, team.c.id)).order_by(team.c.name))
    return list(rows.scalars())


def credential_options(session: Session, *, active_only: bool = True) -> pd.DataFrame:
    """Micro-credentials to choose from: id, code, title, provider, expected_hours, cost, currency."""
    credential, provider = MicroCredential.__table__, Provider.__table__
    query = (
        sa.select(
            credential.c.id,
            credential.c.code,
            credential.c.title,
            provider.c.name.label("provider"),
            credential.c.expected_hours,
            credential.c.cost,
            credential.c.currency,
        )
        .select_from(credential.join(provider, provider.c.id == credential.c.provider_id))
        .order_by(credential.c.title)
    )
    if active_only:
        query = query.where(credential.c.active)
    frame = pd.DataFrame(
        session.execute(query).all(),
        columns=["id", "code", "title", "provider", "expected_hours", "cost", "currency"],
    )
    frame["expected_hours"] = frame["expected_hours"].astype(float)
    frame["cost"] = frame["cost"].astype(float)
    return frame


def skill_options(session: Session) -> pd.DataFrame:
    """Skills: id, name, category."""
    skill = Skill.__table__
    rows = session.execute(sa.select(skill.c.id, skill.c.name, skill.c.category).order_by(skill.c.name)).all()
    return pd.DataFrame(rows, columns=["id", "name", "category"])
