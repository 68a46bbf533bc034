"""What every write checks first: who is writing, whether the people and team are theirs, what is offered."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, col, select

from ..access import AccessDenied, Scope, people_clause, team_clause
from ..models import (
    Employee,
    MicroCredential,
    stored_id,
)

MANAGING_ROLES = ("admin", "hr", "lead")


class ActionError(ValueError):
    """A write that cannot be done as asked; the message says what to change."""


def require_role(scope: Scope, roles: Sequence[str], what: str) -> None:
    if scope.role not in roles:
        raise AccessDenied(f"a {scope.role} account cannot {what}")


def require_people_in_scope(session: Session, scope: Scope, employee_ids: Iterable[int]) -> list[Employee]:
    """The employees, all of them in the writer's scope; otherwise AccessDenied naming none of the others."""
    ids = sorted(set(employee_ids))
    if not ids:
        raise ActionError("choose at least one person")
    people = session.exec(select(Employee).where(col(Employee.id).in_(ids), people_clause(scope))).all()
    if len(people) != len(ids):
        raise AccessDenied("some of these people are outside your teams")
    return sorted(people, key=stored_id)


def require_team_in_scope(session: Session, scope: Scope, team_id: int) -> None:
    allowed = session.execute(sa.select(sa.literal(1)).where(team_clause(scope, sa.literal(team_id)))).first()
    if allowed is None or scope.only_self:
        raise AccessDenied("this team is outside your scope")


def offered_credentials(session: Session, credential_ids: Iterable[int]) -> list[MicroCredential]:
    ids = sorted(set(credential_ids))
    if not ids:
        raise ActionError("choose at least one micro-credential")
    found = session.exec(select(MicroCredential).where(col(MicroCredential.id).in_(ids))).all()
    missing = set(ids) - {c.id for c in found}
    if missing:
        raise ActionError(f"unknown micro-credential id(s): {', '.join(map(str, sorted(missing)))}")
    inactive = [c.code for c in found if not c.active]
    if inactive:
        raise ActionError(f"no longer offered: {', '.join(inactive)}")
    return sorted(found, key=stored_id)


def employed_on(person: Employee, day: date) -> bool:
    return person.hire_date <= day and (person.exit_date is None or person.exit_date >= day)
