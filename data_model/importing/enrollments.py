"""The `enrollments` kind: who is on which micro-credential, written through the Team page's actions.

A row is identified by person, credential and assignment date. A new row is
made with `assign_credentials` and moved to its status with `start_enrollment`,
`complete_enrollment` or `withdraw_enrollment`, exactly as a lead's clicks would;
a stored one only moves forward (started, completed, withdrawn, a new due date).
A finished enrollment is never reopened by a file: that would rewrite history,
so it is an error. A credential no longer offered cannot be newly assigned (the
same rule as the Team page), but its finished enrollments are history and are
recorded as they were.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

from sqlmodel import select

from data_model import actions
from data_model.actions import ActionError, record_audit
from data_model.formats import EnrollmentRecord, parse_enrollments
from data_model.models import Enrollment

from .context import ImportContext
from .lookups import CredentialInfo, Credentials
from .people import People, Person
from .preview import preview_rows

OPEN = ("assigned", "in_progress")
TABLE = "enrollment"


@dataclass
class _Plan:
    record: EnrollmentRecord
    person: Person
    credential: CredentialInfo
    stored: Enrollment | None


def _resolve(ctx: ImportContext, records: list[EnrollmentRecord]) -> list[_Plan]:
    people = People(ctx.session)
    catalog = Credentials(ctx.session)
    stored = ctx.session.exec(select(Enrollment)).all()
    by_key = {(e.employee_id, e.credential_id, e.assigned_on): e for e in stored}
    open_by_pair = {(e.employee_id, e.credential_id): e for e in stored if e.status in OPEN}
    plans = []
    for record in records:
        person = people.find(record.employee)
        if person is None:
            ctx.error(record.origin, "employee", f"unknown employee {record.employee}")
        credential = catalog.find_code(record.credential_code)
        if credential is None:
            ctx.error(record.origin, "credential_code", f"unknown credential {record.credential_code}")
        if person is None or credential is None:
            continue
        existing = by_key.get((person.id, credential.id, record.assigned_on))
        plan = _Plan(record, person, credential, existing)
        if existing is None:
            _check_new(ctx, plan, open_by_pair.get((person.id, credential.id)))
        else:
            _check_change(ctx, plan)
        plans.append(plan)
    return plans


def _check_new(ctx: ImportContext, plan: _Plan, open_one: Enrollment | None) -> None:
    record, person, credential = plan.record, plan.person, plan.credential
    if record.status in OPEN and open_one is not None:
        ctx.error(
            record.origin,
            "credential_code",
            f"{person.code} already has an open enrollment on {credential.code} "
            f"(assigned on {open_one.assigned_on}, {open_one.status})",
        )
    if person.exit_date is not None and person.exit_date < record.assigned_on:
        ctx.error(
            record.origin,
            "assigned_on",
            f"{person.code} left on {person.exit_date}, before this was assigned on {record.assigned_on}",
        )
    if record.status in OPEN and not credential.active:
        ctx.error(
            record.origin,
            "credential_code",
            f"{credential.code} is no longer offered; it cannot be assigned (reactivate it in the catalog)",
        )


def _check_change(ctx: ImportContext, plan: _Plan) -> None:
    stored, record = plan.stored, plan.record
    assert stored is not None
    if stored.status not in OPEN and _differs(stored, record):
        ctx.error(
            record.origin,
            "status",
            f"stored as {stored.status}"
            + (f" on {stored.completed_on or stored.withdrawn_on}" if stored.status != "assigned" else "")
            + f"; the file says {record.status}. A finished enrollment is not reopened or rewritten by an "
            "import: change it on the Team page",
        )
    elif stored.status == "in_progress" and record.status == "assigned":
        ctx.error(record.origin, "status", "stored as in_progress; the file says assigned (not started)")


def _differs(stored: Enrollment, record: EnrollmentRecord) -> bool:
    return (
        stored.status != record.status
        or stored.due_date != record.due_date
        or (record.completed_on is not None and stored.completed_on != record.completed_on)
        or (record.withdrawn_on is not None and stored.withdrawn_on != record.withdrawn_on)
    )


def _advance(ctx: ImportContext, enrollment_id: int, current: str, record: EnrollmentRecord) -> None:
    """Move an open enrollment to the file's status with the Team page's actions."""
    session, scope = ctx.session, ctx.scope
    starts = record.status == "in_progress" or (record.status == "completed" and record.started_on)
    if starts and current == "assigned":
        on = record.started_on or record.assigned_on
        actions.start_enrollment(session, scope, enrollment_id=enrollment_id, on=on)
    if record.status == "completed":
        assert record.completed_on is not None
        actions.complete_enrollment(session, scope, enrollment_id=enrollment_id, on=record.completed_on)
    elif record.status == "withdrawn":
        on = record.withdrawn_on or record.assigned_on
        actions.withdraw_enrollment(session, scope, enrollment_id=enrollment_id, on=on)


def _create(ctx: ImportContext, plan: _Plan) -> None:
    record = plan.record
    if not plan.credential.active:
        _record_history(ctx, plan)
        return
    result = actions.assign_credentials(
        ctx.session,
        ctx.scope,
        employee_ids=[plan.person.id],
        credential_ids=[plan.credential.id],
        due_date=record.due_date,
        reason=record.reason or "self",
        assigned_on=record.assigned_on,
    )
    if not result.created:
        raise ActionError(result.skipped[0][2] if result.skipped else "not assigned")
    enrollment_id = result.created[0]
    if record.status != "assigned":
        _advance(ctx, enrollment_id, "assigned", record)
    ctx.count(TABLE, "created")


def _record_history(ctx: ImportContext, plan: _Plan) -> None:
    """A finished enrollment on a credential no longer offered: stored as it was, and audited."""
    record = plan.record
    enrollment = Enrollment(
        employee_id=plan.person.id,
        credential_id=plan.credential.id,
        status=record.status,
        reason=record.reason or "self",
        assigned_on=record.assigned_on,
        due_date=record.due_date,
        started_on=record.started_on,
        completed_on=record.completed_on,
        withdrawn_on=record.withdrawn_on,
    )
    ctx.session.add(enrollment)
    ctx.session.flush()
    record_audit(
        ctx.session,
        ctx.scope,
        action="import_enrollment",
        entity=TABLE,
        entity_id=enrollment.id,
        after={"employee": plan.person.code, "credential": plan.credential.code, "status": record.status},
    )
    ctx.count(TABLE, "created")


def _change(ctx: ImportContext, plan: _Plan) -> None:
    stored, record = plan.stored, plan.record
    assert stored is not None and stored.id is not None
    if not _differs(stored, record) or stored.status not in OPEN:
        ctx.count(TABLE, "unchanged")
        return
    before = f"{stored.status}, due {stored.due_date or '-'}"
    if record.due_date is not None and record.due_date != stored.due_date:
        actions.extend_enrollment(ctx.session, ctx.scope, enrollment_id=stored.id, due_date=record.due_date)
    if record.status != stored.status:
        _advance(ctx, stored.id, stored.status, record)
    ctx.count(TABLE, "updated")
    ctx.change_note(
        f"{plan.person.code} on {plan.credential.code} (assigned {record.assigned_on}): "
        f"{record.status}, due {record.due_date or '-'} (was {before})"
    )


def import_enrollments(ctx: ImportContext, data: bytes | BinaryIO) -> None:
    ctx.progress("reading enrollments", 0, 1)
    result = parse_enrollments(data, file_name=ctx.file_name, date_format=ctx.date_format, today=ctx.today)
    ctx.result = result
    ctx.report.preview = preview_rows(result.records)
    plans = _resolve(ctx, result.records)
    if not ctx.ok:
        return
    ctx.open_batch()
    for done, plan in enumerate(plans, 1):
        try:
            if plan.stored is None:
                _create(ctx, plan)
            else:
                _change(ctx, plan)
        except ActionError as problem:
            ctx.error(plan.record.origin, None, str(problem))
        if done % 500 == 0:
            ctx.progress("writing enrollments", done, len(plans))
    ctx.finish_change_notes()
