"""Assigning micro-credentials and moving enrollments on: assigned, started, completed, withdrawn."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol, TypeVar

import sqlalchemy as sa
from sqlmodel import Session, col, select

from ..access import AccessDenied, Scope
from ..bulk import insert_returning_ids
from ..models import (
    Enrollment,
    stored_id,
)
from ..vocab import (
    ENROLLMENT_REASONS,
    OPEN_ENROLLMENT_STATUSES,
)
from .audit import record_audit, record_audits
from .base import (
    MANAGING_ROLES,
    ActionError,
    offered_credentials,
    require_people_in_scope,
    require_role,
)


@dataclass
class AssignmentResult:
    """What an assignment did: enrollments created, and pairs skipped with the reason."""

    created: list[int] = field(default_factory=list)
    skipped: list[tuple[str, str, str]] = field(default_factory=list)  # (person, credential code, why)

    def summary(self) -> str:
        text = f"{len(self.created)} assignment(s) created"
        if self.skipped:
            text += f", {len(self.skipped)} skipped"
        return text


class Planned(Protocol):
    """One (person, credential, due date) of a plan, e.g. `skill_views.PlannedAssignment`."""

    @property
    def employee_id(self) -> int: ...
    @property
    def credential_id(self) -> int: ...
    @property
    def due_date(self) -> date: ...


P = TypeVar("P", bound=Planned)


def assign_rows(
    session: Session,
    scope: Scope,
    rows: Iterable[Planned],
    *,
    on: date,
    reason: str,
    by: int | None = None,
    rule_id: int | None = None,
) -> AssignmentResult:
    """Assign each row's credential with its own due date, one `assign_credentials` each.

    A row that carries a `why_not` (a plan's preview row: already completed, optional...) is
    reported as skipped with that reason and not assigned: what a preview says is what happens.
    """
    result = AssignmentResult()
    for row in rows:
        why = getattr(row, "why_not", None)
        if why is not None:
            who = getattr(row, "full_name", str(row.employee_id))
            result.skipped.append((who, getattr(row, "credential", "") or "-", why))
            continue
        one = assign_credentials(
            session,
            scope,
            employee_ids=[row.employee_id],
            credential_ids=[row.credential_id],
            due_date=row.due_date,
            reason=reason,
            assigned_on=on,
            assigned_by_account_id=by,
            rule_id=rule_id,
        )
        result.created += one.created
        result.skipped += one.skipped
    return result


def assign_planned(
    session: Session, scope: Scope, *, todo: Sequence[P], on: date, by: int | None
) -> list[tuple[P, str | None]]:
    """Assign each planned (person, credential) with its own due date, for a skill gap.

    Returns each item with None when it was assigned, or the reason it was skipped. One
    transaction (the caller's): a refusal of the whole (access) writes nothing.
    """
    outcomes: list[tuple[P, str | None]] = []
    for item in todo:
        result = assign_rows(session, scope, [item], on=on, reason="skill_gap", by=by)
        outcomes.append((item, None if result.created else result.skipped[0][2]))
    return outcomes


def _open_pairs(session: Session, employee_ids: list[int], credential_ids: list[int]) -> set[tuple[int, int]]:
    rows = session.exec(
        select(Enrollment.employee_id, Enrollment.credential_id).where(
            col(Enrollment.employee_id).in_(employee_ids),
            col(Enrollment.credential_id).in_(credential_ids),
            col(Enrollment.status).in_(OPEN_ENROLLMENT_STATUSES),
        )
    ).all()
    return {(e, c) for e, c in rows}


def assign_credentials(
    session: Session,
    scope: Scope,
    *,
    employee_ids: Sequence[int],
    credential_ids: Sequence[int],
    due_date: date | None,
    reason: str,
    assigned_on: date,
    assigned_by_account_id: int | None = None,
    rule_id: int | None = None,
) -> AssignmentResult:
    """Assign every chosen credential to every chosen person.

    A person who already has that credential open (assigned or in progress) is skipped and
    reported, never assigned twice. `rule_id` is the automatic rule making the assignment.
    """
    if scope.only_self:
        if list(employee_ids) != [scope.employee_id] or reason != "self":
            raise AccessDenied("an employee can only enrol themselves")
    else:
        require_role(scope, MANAGING_ROLES, "assign learning")
    if reason not in ENROLLMENT_REASONS:
        raise ActionError(f"reason must be one of {', '.join(ENROLLMENT_REASONS)}")
    if due_date is not None and due_date < assigned_on:
        raise ActionError(f"the due date {due_date} is before the assignment date {assigned_on}")
    people = require_people_in_scope(session, scope, employee_ids)
    credentials = offered_credentials(session, credential_ids)
    already = _open_pairs(session, [stored_id(p) for p in people], [stored_id(c) for c in credentials])
    result = AssignmentResult()
    for person in people:
        if person.exit_date is not None and person.exit_date < assigned_on:
            for credential in credentials:
                result.skipped.append((person.full_name, credential.code, "has left the organisation"))
            continue
        for credential in credentials:
            if (person.id, credential.id) in already:
                result.skipped.append((person.full_name, credential.code, "already assigned or in progress"))
                continue
            enrollment = Enrollment(
                employee_id=stored_id(person),
                credential_id=stored_id(credential),
                status="assigned",
                assigned_by_id=assigned_by_account_id,
                reason=reason,
                assigned_on=assigned_on,
                due_date=due_date,
                rule_id=rule_id,
            )
            session.add(enrollment)
            who, code = person.full_name, credential.code  # readable after a failed flush
            try:
                session.flush()
            except sa.exc.IntegrityError:
                # Someone else assigned the same pair between our check and this insert: the
                # database's one-open-enrollment index refused it, and this whole write is undone.
                raise ActionError(
                    f"{who} was assigned {code} by someone else at the same moment, so nothing was "
                    "saved. Reload to see it, then try again for anyone else."
                ) from None
            result.created.append(stored_id(enrollment))
            record_audit(
                session,
                scope,
                action="assign_credential",
                entity="enrollment",
                entity_id=enrollment.id,
                after={
                    "employee": person.employee_code,
                    "credential": credential.code,
                    "due_date": due_date,
                    "reason": reason,
                    **({"rule_id": rule_id} if rule_id is not None else {}),
                },
            )
    return result


def _enrollment_in_scope(session: Session, scope: Scope, enrollment_id: int) -> Enrollment:
    enrollment = session.get(Enrollment, enrollment_id)
    if enrollment is None:
        raise ActionError(f"no enrollment {enrollment_id}")
    require_people_in_scope(session, scope, [enrollment.employee_id])
    return enrollment


def _enrollment_state(enrollment: Enrollment) -> dict[str, Any]:
    return {
        "status": enrollment.status,
        "due_date": enrollment.due_date,
        "started_on": enrollment.started_on,
        "completed_on": enrollment.completed_on,
        "withdrawn_on": enrollment.withdrawn_on,
    }


def _change_enrollment(
    session: Session, scope: Scope, enrollment: Enrollment, action: str, **changes: Any
) -> None:
    before = _enrollment_state(enrollment)
    for name, value in changes.items():
        setattr(enrollment, name, value)
    session.add(enrollment)
    session.flush()
    record_audit(
        session,
        scope,
        action=action,
        entity="enrollment",
        entity_id=enrollment.id,
        before=before,
        after=_enrollment_state(enrollment),
    )


def _require_open(enrollment: Enrollment, what: str) -> None:
    if enrollment.status not in OPEN_ENROLLMENT_STATUSES:
        raise ActionError(f"cannot {what}: this enrollment is already {enrollment.status}")


def start_enrollment(session: Session, scope: Scope, *, enrollment_id: int, on: date) -> None:
    enrollment = _enrollment_in_scope(session, scope, enrollment_id)
    if enrollment.status != "assigned":
        raise ActionError(f"cannot start: this enrollment is {enrollment.status}")
    _change_enrollment(session, scope, enrollment, "start_enrollment", status="in_progress", started_on=on)


def complete_enrollment(session: Session, scope: Scope, *, enrollment_id: int, on: date) -> None:
    """Mark complete. Employees may complete their own; leads and HR anyone in scope."""
    enrollment = _enrollment_in_scope(session, scope, enrollment_id)
    _require_open(enrollment, "complete")
    if on < enrollment.assigned_on:
        raise ActionError(f"the completion date {on} is before the assignment date {enrollment.assigned_on}")
    _change_enrollment(
        session,
        scope,
        enrollment,
        "complete_enrollment",
        status="completed",
        completed_on=on,
        started_on=enrollment.started_on or enrollment.assigned_on,
    )


def extend_enrollment(session: Session, scope: Scope, *, enrollment_id: int, due_date: date) -> None:
    require_role(scope, MANAGING_ROLES, "change due dates")
    enrollment = _enrollment_in_scope(session, scope, enrollment_id)
    _require_open(enrollment, "extend")
    if due_date < enrollment.assigned_on:
        raise ActionError(f"the due date {due_date} is before the assignment date {enrollment.assigned_on}")
    _change_enrollment(session, scope, enrollment, "extend_enrollment", due_date=due_date)


def withdraw_enrollment(session: Session, scope: Scope, *, enrollment_id: int, on: date) -> None:
    enrollment = _enrollment_in_scope(session, scope, enrollment_id)
    _require_open(enrollment, "withdraw")
    if scope.only_self and enrollment.assigned_by_id is not None:
        raise AccessDenied("an assignment can only be withdrawn by your lead or HR")
    _change_enrollment(session, scope, enrollment, "withdraw_enrollment", status="withdrawn", withdrawn_on=on)


def enrol_self(
    session: Session, scope: Scope, *, credential_id: int, on: date, due_date: date | None = None
) -> int:
    """An employee enrols themselves on a credential."""
    if scope.employee_id is None:
        raise ActionError("this account is not linked to an employee")
    result = assign_credentials(
        session,
        scope,
        employee_ids=[scope.employee_id],
        credential_ids=[credential_id],
        due_date=due_date,
        reason="self",
        assigned_on=on,
    )
    if not result.created:
        raise ActionError(f"not enrolled: {result.skipped[0][2]}")
    return result.created[0]


def add_enrollment_history(
    session: Session, scope: Scope, rows: Sequence[Mapping[str, Any]], shown: Sequence[Mapping[str, Any]]
) -> list[int]:
    """Enrollments written in their final state (an LMS's history), in one multi-row insert.

    The importer has already asked of each what `assign_credentials` asks (employed, no second open
    enrollment, credential on offer); `shown[i]` is what the audit of `rows[i]` records (codes,
    not ids). Returns the new ids in the order of `rows`.
    """
    ids = insert_returning_ids(session, Enrollment, [dict(row) for row in rows])
    record_audits(
        session,
        scope,
        (
            {
                "action": "import_enrollment",
                "entity": "enrollment",
                "entity_id": enrollment_id,
                "after": dict(after),
            }
            for after, enrollment_id in zip(shown, ids, strict=True)
        ),
    )
    return ids
