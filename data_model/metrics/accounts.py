"""Who has access, and what everyone changed: the account list and the audit log (admin and HR).

Both name people, so only the roles that manage accounts may read them; every other scope gets
`AccessDenied`, never an empty list that would look like "nobody".
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from ..access import EDITOR_ROLES, AccessDenied, Scope
from ..models import Account, AuditEvent, Employee, Team
from .frames import to_frame

AUDIT_ROWS = 5_000

ACCOUNT_COLUMNS = {
    "account_id": "int",
    "email": "str",
    "role": "str",
    "active": "bool",
    "person": "str",
    "teams_led": "str",
    "sign_in": "str",
    "last_sign_in_at": "datetime",
    "locked_until": "datetime",
}
AUDIT_COLUMNS = {
    "at": "datetime",
    "actor": "str",
    "action": "str",
    "entity": "str",
    "entity_id": "str",
    "before": "str",
    "after": "str",
}


def _require_manager(scope: Scope, what: str) -> None:
    if scope.role not in EDITOR_ROLES:
        raise AccessDenied(f"{what} is for admin and HR")


def account_list(session: Session, scope: Scope) -> pd.DataFrame:
    """Every account: role, state, the person it is linked to, the teams a lead leads, how it signs
    in and when it last did. Admin and HR only.

    Columns: account_id, email, role, active, person (the linked employee's name; empty when the
    email matches no one yet), teams_led (names, comma-separated), sign_in ("password" or
    "single sign-on"), last_sign_in_at, locked_until (set while wrong passwords lock it out).
    Sorted by role, then email.
    """
    _require_manager(scope, "the account list")
    account, employee, team = Account.__table__, Employee.__table__, Team.__table__
    led = (
        sa.select(team.c.lead_id, sa.func.count().label("n"))
        .where(team.c.lead_id.is_not(None))
        .group_by(team.c.lead_id)
        .subquery("led")
    )
    rows = session.execute(
        sa.select(
            account.c.id,
            account.c.email,
            account.c.role,
            account.c.active,
            employee.c.full_name,
            account.c.employee_id,
            account.c.password_hash.is_not(None),
            account.c.last_sign_in_at,
            account.c.locked_until,
        )
        .select_from(
            account.outerjoin(employee, employee.c.id == account.c.employee_id).outerjoin(
                led, led.c.lead_id == account.c.employee_id
            )
        )
        .order_by(account.c.role, account.c.email)
    ).all()
    teams: dict[int, list[str]] = {}
    for lead_id, name in session.execute(
        sa.select(team.c.lead_id, team.c.name).where(team.c.lead_id.is_not(None)).order_by(team.c.name)
    ):
        teams.setdefault(lead_id, []).append(name)
    shaped = [
        (
            account_id, email, role, active, name or "",
            ", ".join(teams.get(employee_id, [])) if role == "lead" and employee_id is not None else "",
            "password" if has_password else "single sign-on", last, locked,
        )
        for account_id, email, role, active, name, employee_id, has_password, last, locked in rows
    ]  # fmt: skip
    return to_frame(shaped, ACCOUNT_COLUMNS)


def audit_actions(session: Session, scope: Scope) -> list[str]:
    """The kinds of change the audit log holds, for its filter."""
    _require_manager(scope, "the audit log")
    event = AuditEvent.__table__
    return list(session.execute(sa.select(event.c.action).distinct().order_by(event.c.action)).scalars())


def audit_log(
    session: Session,
    scope: Scope,
    *,
    start: date | None = None,
    end: date | None = None,
    actor: str | None = None,
    action: str | None = None,
    entity: str | None = None,
    limit: int = AUDIT_ROWS,
) -> pd.DataFrame:
    """Who changed what, newest first: every write a person or an import made. Admin and HR only.

    `start`/`end` are days (UTC, both included); `actor` matches part of the writer's email,
    ignoring case; `action` and `entity` match exactly. At most `limit` rows.
    Columns: at, actor, action, entity, entity_id, before, after (JSON text, as stored).
    """
    _require_manager(scope, "the audit log")
    event = AuditEvent.__table__
    query = sa.select(
        event.c.created_at, event.c.actor, event.c.action, event.c.entity, event.c.entity_id,
        event.c.before, event.c.after,
    )  # fmt: skip
    if start is not None:
        query = query.where(event.c.created_at >= datetime.combine(start, time(), UTC))
    if end is not None:
        query = query.where(event.c.created_at < datetime.combine(end + timedelta(days=1), time(), UTC))
    if actor:
        query = query.where(sa.func.lower(event.c.actor).contains(actor.strip().lower(), autoescape=True))
    if action:
        query = query.where(event.c.action == action)
    if entity:
        query = query.where(event.c.entity == entity)
    rows = session.execute(query.order_by(event.c.id.desc()).limit(limit)).all()
    return to_frame(rows, AUDIT_COLUMNS)


def team_options(session: Session, scope: Scope) -> dict[int, str]:
    """Every team by id, for choosing the teams a lead leads. Admin and HR only."""
    _require_manager(scope, "choosing a lead's teams")
    team = Team.__table__
    return {i: name for i, name in session.execute(sa.select(team.c.id, team.c.name).order_by(team.c.name))}
