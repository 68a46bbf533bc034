"""The `enrollments` kind: who is on which micro-credential, since when, and how far.

A row is identified by person, credential and assignment date. A new row is
checked against the rules `assign_credentials` applies (the person had not left,
no second open enrollment, a credential still offered) and written in its final
state with one `import_enrollment` audit event, in chunks: an LMS's history of a
million enrollments takes minutes, not the hours a click's worth of queries per
row would. A stored one only moves forward (started, completed, withdrawn, a new
due date), through the Team page's actions, exactly as a lead's clicks would.
A finished enrollment is never reopened by a file: that would rewrite history,
so it is an error. A credential no longer offered cannot be newly assigned (the
same rule as the Team page), but its finished enrollments are history and are
recorded as they were.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, BinaryIO

from sqlmodel import select

from data_model import actions
from data_model.actions import ActionError
from data_model.bulk import rows_matching
from data_model.formats import EnrollmentRecord, KeyIndex, ParseResult, iter_enrollments
from data_model.models import Enrollment
from data_model.models.activity import OPEN_CONDITION

from .context import ImportContext
from .lookups import CredentialInfo, Credentials
from .people import People, Person
from .preview import PREVIEW_ROWS, preview_of
from .streams import Counted, as_stream, size_of

OPEN = ("assigned", "in_progress")
TABLE = "enrollment"


@dataclass
class _Plan:
    record: EnrollmentRecord
    person: Person
    credential: CredentialInfo
    stored: Enrollment | None


CHUNK = 1_000


class _SeenInFile:
    """Enrollments earlier in the file, by person id: the parser compares references as written,
    and the same person may be written once by code and once by email."""

    def __init__(self) -> None:
        self.lines, self.open_lines = KeyIndex(), KeyIndex()

    def repeated(
        self, ctx: ImportContext, record: EnrollmentRecord, person: Person, credential: CredentialInfo
    ) -> bool:
        line = record.origin.row or 0
        pair = f"{person.id}:{credential.id}"
        first = self.lines.first(f"{pair}:{record.assigned_on.isoformat()}", line)
        if first != line:
            ctx.error(
                record.origin,
                "assigned_on",
                f"{person.code} on {credential.code} assigned on {record.assigned_on} "
                f"is also on line {first}",
            )
            return True
        if record.status in OPEN:
            first = self.open_lines.first(pair, line)
            if first != line:
                ctx.error(
                    record.origin,
                    "credential_code",
                    f"{person.code} already has an open enrollment on {credential.code} (line {first})",
                )
                return True
        return False

    def close(self) -> None:
        self.lines.close()
        self.open_lines.close()


def _resolve(
    ctx: ImportContext,
    people: People,
    catalog: Credentials,
    seen: _SeenInFile,
    records: list[EnrollmentRecord],
) -> list[_Plan]:
    """Each record's person, credential and stored enrollment (one query per chunk), checked."""
    found = []
    for record in records:
        person = people.find(record.employee)
        if person is None:
            ctx.error(record.origin, "employee", f"unknown employee {record.employee}")
        credential = catalog.find_code(record.credential_code)
        if credential is None:
            ctx.error(record.origin, "credential_code", f"unknown credential {record.credential_code}")
        if (
            person is not None
            and credential is not None
            and not seen.repeated(ctx, record, person, credential)
        ):
            found.append((record, person, credential))
    if not found:
        return []
    by_key, open_by_pair = _stored_for(ctx, found)
    plans = []
    for record, person, credential in found:
        existing = by_key.get((person.id, credential.id, record.assigned_on))
        plan = _Plan(record, person, credential, existing)
        if existing is None:
            _check_new(ctx, plan, open_by_pair.get((person.id, credential.id)))
        else:
            _check_change(ctx, plan)
        plans.append(plan)
    return plans


_ENROLLMENTS = select(Enrollment)


def _stored_for(
    ctx: ImportContext, found: list[tuple[EnrollmentRecord, Person, CredentialInfo]]
) -> tuple[dict[tuple[int, int, date], Enrollment], dict[tuple[int, int], Enrollment]]:
    """The stored enrollments a chunk's rows are: by exact identity (person, credential, day),
    and the open one of each pair. Only those rows are read, so a chunk costs the same at the
    millionth row as at the first (selecting every enrollment of the chunk's people and
    credentials re-read the whole history imported so far, for every chunk)."""
    keys = {(person.id, credential.id, record.assigned_on) for record, person, credential in found}
    pairs = {(person_id, credential_id) for person_id, credential_id, _ in keys}
    table = Enrollment.__table__
    identity = (table.c.employee_id, table.c.credential_id, table.c.assigned_on)
    stored = [row[0] for row in rows_matching(ctx.session, _ENROLLMENTS, identity, keys)]
    open_ones = [
        row[0] for row in rows_matching(ctx.session, _ENROLLMENTS, identity[:2], pairs, within=OPEN_CONDITION)
    ]
    by_key = {(e.employee_id, e.credential_id, e.assigned_on): e for e in stored}
    return by_key, {(e.employee_id, e.credential_id): e for e in open_ones}


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


def _final_state(record: EnrollmentRecord) -> dict[str, Any]:
    """The row the Team page's actions would leave: assigned, then started, completed or withdrawn."""
    started = record.started_on
    if record.status in ("in_progress", "completed") and started is None:
        started = record.assigned_on  # start_enrollment's and complete_enrollment's default
    withdrawn = record.withdrawn_on or record.assigned_on if record.status == "withdrawn" else None
    return {
        "status": record.status,
        "reason": record.reason or "self",
        "assigned_on": record.assigned_on,
        "due_date": record.due_date,
        "started_on": started,
        "completed_on": record.completed_on,
        "withdrawn_on": withdrawn,
    }


def _create(ctx: ImportContext, plans: list[_Plan]) -> None:
    """New enrollments of a chunk in one multi-row insert, each with its audit event."""
    if not plans:
        return
    states = [_final_state(plan.record) for plan in plans]
    rows = [
        {"employee_id": plan.person.id, "credential_id": plan.credential.id, **state}
        for plan, state in zip(plans, states, strict=True)
    ]
    shown = [
        {"employee": plan.person.code, "credential": plan.credential.code, **state}
        for plan, state in zip(plans, states, strict=True)
    ]
    actions.add_enrollment_history(ctx.session, ctx.scope, rows, shown)
    ctx.count(TABLE, "created", len(plans))


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


def _write(ctx: ImportContext, plans: list[_Plan]) -> None:
    _create(ctx, [plan for plan in plans if plan.stored is None])
    for plan in plans:
        if plan.stored is None:
            continue
        try:
            _change(ctx, plan)
        except ActionError as problem:
            ctx.error(plan.record.origin, None, str(problem))
    ctx.session.flush()
    ctx.session.expunge_all()


def import_enrollments(ctx: ImportContext, data: bytes | BinaryIO) -> None:
    """Read, check and write a chunk at a time while nothing is wrong (the runner rolls back
    everything on any error), so memory stays flat for a file of any size."""
    result: ParseResult[EnrollmentRecord] = ParseResult(ctx.file_name)
    ctx.result = result
    people, catalog = People(ctx.session), Credentials(ctx.session)
    stream = Counted(as_stream(data), size_of(data), ctx.progress, "reading enrollments")
    chunk: list[EnrollmentRecord] = []
    seen = _SeenInFile()

    def flush() -> None:
        plans = _resolve(ctx, people, catalog, seen, chunk)
        chunk.clear()
        if ctx.ok and plans:
            ctx.open_batch()
            _write(ctx, plans)

    try:
        for record in iter_enrollments(stream, result, date_format=ctx.date_format, today=ctx.today):
            if len(ctx.report.preview) < PREVIEW_ROWS:
                ctx.report.preview.append(preview_of(record))
            chunk.append(record)
            if len(chunk) >= CHUNK:
                flush()
        flush()
    finally:
        seen.close()
    ctx.finish_change_notes()
