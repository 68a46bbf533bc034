"""Logging learning time, with the one rule for what a session may hold."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from ..access import AccessDenied, Scope
from ..models import (
    LearningSession,
    MicroCredential,
    stored_id,
)
from ..models.inputs import LearningTime, problems_of
from ..vocab import SESSION_SOURCES
from .audit import record_audit
from .base import (
    ActionError,
    employed_on,
    require_people_in_scope,
)


@dataclass(frozen=True)
class LearningEntry:
    employee_id: int
    on: date
    minutes: int
    credential_id: int | None = None
    note: str | None = None
    source: str = "manual"
    external_id: str | None = None


def validate_learning(entry: LearningEntry, *, today: date) -> list[str]:
    """Problems with one learning entry, as messages for a person (empty when it is fine)."""
    problems = list(problems_of(LearningTime, {"minutes": entry.minutes, "note": entry.note}).values())
    if entry.on > today:
        problems.append(f"the date {entry.on} is in the future")
    if entry.source not in SESSION_SOURCES:
        problems.append(f"source must be one of {', '.join(SESSION_SOURCES)}")
    return problems


def log_learning(session: Session, scope: Scope, *, entry: LearningEntry, today: date) -> int:
    """Record minutes of learning on a day, for yourself or someone in your teams."""
    if scope.role == "exec":
        raise AccessDenied("an executive account cannot log learning time")
    problems = validate_learning(entry, today=today)
    if problems:
        raise ActionError("; ".join(problems))
    [person] = require_people_in_scope(session, scope, [entry.employee_id])
    if not employed_on(person, entry.on):
        raise ActionError(f"{person.full_name} was not employed on {entry.on}")
    if entry.credential_id is not None and session.get(MicroCredential, entry.credential_id) is None:
        raise ActionError(f"unknown micro-credential id {entry.credential_id}")
    row = LearningSession(
        employee_id=entry.employee_id,
        date=entry.on,
        minutes=entry.minutes,
        credential_id=entry.credential_id,
        source=entry.source,
        external_id=entry.external_id,
        note=entry.note,
    )
    session.add(row)
    session.flush()
    record_audit(
        session,
        scope,
        action="log_learning",
        entity="learning_session",
        entity_id=row.id,
        after={"employee": person.employee_code, "date": entry.on, "minutes": entry.minutes},
    )
    return stored_id(row)
