"""Lookups for pickers and labels: the teams, people, credentials and skills a reader may choose from."""

from __future__ import annotations

from datetime import date

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from . import clock
from .access import Scope, people_clause, team_clause
from .models import Employee, JobRole, MicroCredential, Provider, Skill, Team


def visible_team_names(session: Session, scope: Scope) -> list[str]:
    """Names of the teams in scope, alphabetical. An employee sees none (they have no team filter)."""
    if scope.only_self:
        return []
    team = Team.__table__
    rows = session.execute(sa.select(team.c.name).where(team_clause(scope, team.c.id)).order_by(team.c.name))
    return list(rows.scalars())


def people_options(
    session: Session, scope: Scope, *, team_ids: frozenset[int] | None = None, as_of: date | None = None
) -> pd.DataFrame:
    """People in scope employed on `as_of` (default today).

    Columns: id, employee_code, full_name, team, job_role, hire_date.
    """
    as_of = as_of or clock.today()
    employee, team, role = Employee.__table__, Team.__table__, JobRole.__table__
    query = (
        sa.select(
            employee.c.id,
            employee.c.employee_code,
            employee.c.full_name,
            team.c.name.label("team"),
            role.c.title.label("job_role"),
            employee.c.hire_date,
        )
        .select_from(
            employee.outerjoin(team, team.c.id == employee.c.team_id).outerjoin(
                role, role.c.id == employee.c.job_role_id
            )
        )
        .where(
            people_clause(scope, employee.c),
            employee.c.hire_date <= as_of,
            sa.or_(employee.c.exit_date.is_(None), employee.c.exit_date >= as_of),
        )
        .order_by(employee.c.full_name)
    )
    if team_ids is not None:
        query = query.where(employee.c.team_id.in_(sorted(team_ids)))
    rows = session.execute(query).all()
    frame = pd.DataFrame(rows, columns=["id", "employee_code", "full_name", "team", "job_role", "hire_date"])
    frame["hire_date"] = pd.to_datetime(frame["hire_date"]).dt.date
    return frame


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
