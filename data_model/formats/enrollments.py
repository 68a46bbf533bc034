"""Enrollments (assignments) from a CSV: who is on which micro-credential, since when, by when.

The rules are the database's, checked early so a person sees them all at
once: a known status, `completed` if and only if there is a completion date,
nothing due or completed before it was assigned, and at most one open
enrollment per person and credential.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from .. import clock
from .cells import Cells, Unique, read_records
from .csv_reader import EMPLOYEE_COLUMN, Column, Layout
from .errors import Origin, ParseResult
from .refs import EmployeeRef
from .sources import Source
from .values import parse_word

LAYOUT = Layout(
    columns=(
        EMPLOYEE_COLUMN,
        Column("credential_code", ("credential", "credential code", "course code", "course"), required=True),
        Column("status", ("enrollment status", "state"), required=True),
        Column(
            "assigned_on",
            ("assigned on", "assigned date", "assigned", "enrolled on", "enrollment date"),
            required=True,
        ),
        Column("due_date", ("due date", "due", "due on", "deadline")),
        Column("started_on", ("started on", "start date", "started")),
        Column("completed_on", ("completed on", "completion date", "completed date", "completed")),
        Column("withdrawn_on", ("withdrawn on", "withdrawal date")),
        Column("reason", ("assignment reason", "enrollment reason")),
    ),
)

STATUSES = {
    "assigned": "assigned",
    "notstarted": "assigned",
    "enrolled": "assigned",
    "registered": "assigned",
    "inprogress": "in_progress",
    "started": "in_progress",
    "ongoing": "in_progress",
    "completed": "completed",
    "complete": "completed",
    "done": "completed",
    "passed": "completed",
    "finished": "completed",
    "withdrawn": "withdrawn",
    "cancelled": "withdrawn",
    "canceled": "withdrawn",
    "dropped": "withdrawn",
}
OPEN_STATUSES = ("assigned", "in_progress")

REASONS = {
    "onboarding": "onboarding",
    "skillgap": "skill_gap",
    "gap": "skill_gap",
    "self": "self",
    "selfenrolled": "self",
    "compliance": "compliance",
    "mandatory": "compliance",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class EnrollmentRecord:
    """One person on one credential. `reason` None lets the writer choose its default."""

    origin: Origin
    employee: EmployeeRef
    credential_code: str
    status: str
    reason: str | None
    assigned_on: date
    due_date: date | None
    started_on: date | None
    completed_on: date | None
    withdrawn_on: date | None


def _record(cells: Cells, today: date) -> EnrollmentRecord | None:
    employee = cells.employee()
    credential = cells.text("credential_code", required=True, max_length=64)
    status = cells.convert("status", lambda t: parse_word(t, STATUSES, "status"), required=True)
    reason = cells.convert("reason", lambda t: parse_word(t, REASONS, "reason"))
    assigned_on = cells.date("assigned_on", required=True)
    due_date = cells.date("due_date")
    started_on = cells.date("started_on")
    completed_on = cells.date("completed_on")
    withdrawn_on = cells.date("withdrawn_on")
    if status == "completed" and completed_on is None and not cells.row.get("completed_on"):
        cells.error(
            "completed_on" if cells.row.has("completed_on") else "status", "completed, but no completion date"
        )
    if status is not None and status != "completed" and completed_on is not None:
        cells.error("completed_on", f"a completion date is given but the status is {status}")
    if assigned_on is not None:
        for name, value, what in (
            ("due_date", due_date, "due"),
            ("completed_on", completed_on, "completed"),
            ("started_on", started_on, "started"),
            ("withdrawn_on", withdrawn_on, "withdrawn"),
        ):
            if value is not None and value < assigned_on:
                cells.error(name, f"{what} on {value}, before it was assigned on {assigned_on}")
    for name, value in (("assigned_on", assigned_on), ("completed_on", completed_on)):
        if value is not None and value > today:
            cells.error(name, f"{value} is in the future (today is {today})")
    if cells.failed:
        return None
    assert employee and credential and status and assigned_on
    return EnrollmentRecord(
        origin=cells.origin,
        employee=employee,
        credential_code=credential,
        status=status,
        reason=reason,
        assigned_on=assigned_on,
        due_date=due_date,
        started_on=started_on,
        completed_on=completed_on,
        withdrawn_on=withdrawn_on,
    )


def _who(record: EnrollmentRecord) -> str:
    return f"{record.employee.kind}:{record.employee.value}\0{record.credential_code}"


_UNIQUE = (
    Unique["EnrollmentRecord"](
        lambda r: f"{_who(r)}\0{r.assigned_on.isoformat()}",
        "assigned_on",
        lambda r, line: (
            f"{r.employee} on {r.credential_code} assigned on {r.assigned_on} is also on line {line}"
        ),
    ),
    Unique["EnrollmentRecord"](
        lambda r: _who(r) if r.status in OPEN_STATUSES else None,
        "credential_code",
        lambda r, line: f"{r.employee} already has an open enrollment on {r.credential_code} (line {line})",
    ),
)


def iter_enrollments(
    data: Source,
    result: ParseResult[EnrollmentRecord],
    *,
    date_format: str | None = None,
    today: date | None = None,
) -> Iterator[EnrollmentRecord]:
    """The good records one at a time, every error collected in `result`.

    A row repeating an earlier one (same person, credential and assignment date), or a
    second open enrollment of a person on a credential, points at the first line.
    """
    on = today or clock.today()
    return read_records(
        data, LAYOUT, result, lambda cells: _record(cells, on), date_format=date_format, unique=_UNIQUE
    )


def parse_enrollments(
    data: Source, *, file_name: str, date_format: str | None = None, today: date | None = None
) -> ParseResult[EnrollmentRecord]:
    """Read an enrollments CSV into EnrollmentRecords, or say everything wrong with it."""
    result: ParseResult[EnrollmentRecord] = ParseResult(file_name)
    result.records.extend(iter_enrollments(data, result, date_format=date_format, today=today))
    return result
