"""Learning sessions from a CSV (an LMS report, a timesheet export, a hand-kept sheet).

One row is time one person spent learning on one day. The time may be given in
minutes or in hours (`1.5` = 90 minutes); when a file has both, they must
agree. The data holds whole minutes, 1 to 1440 per row (a day). A session in
the future is refused: it has not happened yet. The employee and the credential
stay as written for the writer to resolve.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from .. import clock
from ..calendar import week_label
from ..models.inputs import NOTE_LENGTH, LearningTime, problem_of
from .cells import Cells, Unique, read_records
from .csv_reader import EMPLOYEE_COLUMN, Column, Layout
from .errors import Origin, ParseResult
from .refs import EmployeeRef
from .sources import Source
from .values import minutes_from_hours, parse_decimal

LAYOUT = Layout(
    columns=(
        EMPLOYEE_COLUMN,
        Column("date", ("session date", "activity date", "learning date", "day"), required=True),
        Column("minutes", ("mins", "duration minutes", "time spent minutes", "learning minutes")),
        Column("hours", ("duration hours", "time spent hours", "learning hours")),
        Column("credential_code", ("credential", "credential code", "course code", "course")),
        Column("external_id", ("external id", "session id", "record id")),
        Column("note", ("notes", "comment", "comments")),
    ),
    one_of=((("minutes", "hours"), "minutes (or hours)"),),
)


@dataclass(frozen=True, slots=True, kw_only=True)
class LearningRecord:
    """Minutes one person learned on one day.

    `credential` is a raw reference: a credential code from a CSV, or the xAPI
    activity id (an IRI) for statements. `source` is `csv` or `xapi`, and
    (`source`, `external_id`) is what makes a re-import add nothing.
    """

    origin: Origin
    employee: EmployeeRef
    date: date
    minutes: int
    credential: str | None
    external_id: str | None
    note: str | None
    source: str


def _minutes(cells: Cells) -> tuple[int | None, str]:
    """Minutes for the row and the column they came from (for the range message)."""
    if not cells.row.get("minutes") and not cells.row.get("hours"):
        cells.error("minutes" if cells.row.has("minutes") else "hours", "no minutes or hours given")
        return None, "minutes"
    minutes = cells.int("minutes")
    hours = cells.convert("hours", lambda text: minutes_from_hours(parse_decimal(text)))
    if minutes is not None and hours is not None and minutes != hours:
        cells.error(
            "minutes", f"{minutes} minutes and {cells.row.get('hours')} hours ({hours} minutes) disagree"
        )
        return None, "minutes"
    if minutes is not None:
        return minutes, "minutes"
    return hours, "hours"


def _record(cells: Cells, today: date) -> LearningRecord | None:
    employee = cells.employee()
    day = cells.date("date", required=True)
    minutes, minutes_field = _minutes(cells)
    minutes_problem = None if minutes is None else problem_of(LearningTime, "minutes", minutes)
    if minutes_problem:
        cells.error(minutes_field, minutes_problem)
    if day is not None and day > today:
        cells.error("date", f"{day} is in the future (today is {today})")
    credential = cells.text("credential_code", max_length=64)
    external_id = cells.text("external_id", max_length=200)
    note = cells.text("note", max_length=NOTE_LENGTH)
    if cells.failed:
        return None
    assert employee and day and minutes
    return LearningRecord(
        origin=cells.origin,
        employee=employee,
        date=day,
        minutes=minutes,
        credential=credential,
        external_id=external_id,
        note=note,
        source="csv",
    )


def iter_learning(
    data: Source,
    result: ParseResult[LearningRecord],
    *,
    date_format: str | None = None,
    today: date | None = None,
) -> Iterator[LearningRecord]:
    """The good records one at a time, with every error collected in `result`.

    For files too big to hold as a list (a million sessions): the writer can
    stream records into its transaction and roll back if `result` ends with errors.
    """
    on = today or clock.today()
    return read_records(
        data,
        LAYOUT,
        result,
        lambda cells: _record(cells, on),
        date_format=date_format,
        unique=(
            Unique["LearningRecord"](
                lambda r: r.external_id,
                "external_id",
                lambda r, line: f"external id {r.external_id} is also on line {line}",
            ),
        ),
    )


def parse_learning(
    data: Source, *, file_name: str, date_format: str | None = None, today: date | None = None
) -> ParseResult[LearningRecord]:
    """Read a learning-sessions CSV into LearningRecords, or say everything wrong with it."""
    result: ParseResult[LearningRecord] = ParseResult(file_name)
    result.records.extend(iter_learning(data, result, date_format=date_format, today=today))
    return result


def minutes_by_week(records: list[LearningRecord]) -> dict[tuple[EmployeeRef, str], int]:
    """Learning minutes per person and ISO week (`2026-W03`), for a preview before writing."""
    totals: dict[tuple[EmployeeRef, str], int] = {}
    for record in records:
        key = (record.employee, week_label(record.date))
        totals[key] = totals.get(key, 0) + record.minutes
    return totals
