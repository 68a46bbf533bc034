"""People from an HRIS export (Workday, BambooHR, Personio... as CSV).

Every HRIS names its columns differently, so headers are matched through the
alias table below. Teams, job roles and managers stay as the text the file
gives: the writer creates unknown teams and roles and resolves managers that
are not in the file. What can be decided from the file alone is checked here:
duplicates, dates in order, a known exit reason, nobody managing themselves,
and no loop of managers among the people in the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .cells import Cells
from .csv_reader import Column, Layout, Source, open_csv
from .errors import Origin, ParseResult
from .refs import EmployeeRef
from .values import ValueProblem, check_date_format, parse_word

LAYOUT = Layout(
    columns=(
        Column(
            "employee_code",
            (
                "employee_id",
                "employee id",
                "employee number",
                "employeeNumber",
                "worker_id",
                "Employee_ID",
                "id",
                "employee code",
            ),
            required=True,
        ),
        Column("email", ("work email", "workEmail", "primaryWorkEmail", "email address"), required=True),
        Column("name", ("full name", "Full_Name", "display name")),
        Column("first_name", ("first name", "firstName", "Legal_First_Name", "given name")),
        Column("last_name", ("last name", "lastName", "Legal_Last_Name", "family name", "surname")),
        Column("team", ("department", "Team_Name", "supervisory organization")),
        Column(
            "manager",
            (
                "manager_id",
                "manager employee id",
                "supervisorEId",
                "Manager_ID",
                "manager code",
                "supervisor id",
            ),
        ),
        Column("manager_email", ("manager email", "supervisor email")),
        Column("job_role", ("job title", "jobTitle", "businessTitle", "title", "role", "job role")),
        Column("hire_date", ("hire date", "hireDate", "start date", "Start_Date"), required=True),
        Column("exit_date", ("termination date", "terminationDate", "exit date")),
        Column("exit_reason", ("termination reason", "exit reason")),
        Column("location", ("work location", "office", "site")),
    ),
    one_of=((("name", "first_name", "last_name"), "name (or first name and last name)"),),
)

# Our three exit reasons, and the words HR systems commonly use for them.
EXIT_REASONS = {
    "voluntary": "voluntary",
    "resignation": "voluntary",
    "resigned": "voluntary",
    "quit": "voluntary",
    "retirement": "voluntary",
    "retired": "voluntary",
    "involuntary": "involuntary",
    "termination": "involuntary",
    "terminated": "involuntary",
    "dismissal": "involuntary",
    "dismissed": "involuntary",
    "fired": "involuntary",
    "layoff": "involuntary",
    "laidoff": "involuntary",
    "redundancy": "involuntary",
    "redundant": "involuntary",
    "other": "other",
    "endofcontract": "other",
    "contractended": "other",
    "deceased": "other",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class EmployeeRecord:
    """One person as the HRIS describes them. Team, role and manager are unresolved text."""

    origin: Origin
    employee_code: str
    email: str
    full_name: str
    team: str | None
    job_role: str | None
    manager: EmployeeRef | None
    hire_date: date
    exit_date: date | None
    exit_reason: str | None
    location: str | None


def _exit_reason(text: str) -> str:
    return parse_word(text, EXIT_REASONS, "exit reason")


def _full_name(cells: Cells) -> str | None:
    name = cells.text("name", max_length=200)
    if name:
        return name
    parts = [cells.text("first_name"), cells.text("last_name")]
    joined = " ".join(part for part in parts if part)
    if not joined:
        field_name = "name" if cells.row.has("name") else "first_name"
        cells.error(field_name, "the name is empty")
        return None
    if len(joined) > 200:
        cells.error("first_name", "the name is longer than 200 characters")
        return None
    return joined


def _manager(cells: Cells) -> EmployeeRef | None:
    for name in ("manager", "manager_email"):
        text = cells.text(name)
        if text:
            try:
                return EmployeeRef.from_text(text)
            except ValueProblem as problem:
                cells.error(name, str(problem))
                return None
    return None


def _record(cells: Cells) -> EmployeeRecord | None:
    code = cells.text("employee_code", required=True, max_length=64)
    email = cells.email("email", required=True)
    full_name = _full_name(cells)
    hire_date = cells.date("hire_date", required=True)
    exit_date = cells.date("exit_date")
    exit_reason = cells.convert("exit_reason", _exit_reason)
    manager = _manager(cells)
    if hire_date and exit_date and exit_date < hire_date:
        cells.error("exit_date", f"exit date {exit_date} is before hire date {hire_date}")
    if exit_reason and not exit_date and not cells.row.get("exit_date"):
        cells.error("exit_reason", "an exit reason is given but no exit date")
    if manager is not None and (
        (manager.kind == "code" and manager.value == code)
        or (manager.kind == "email" and manager.value == email)
    ):
        manager_field = "manager" if cells.row.get("manager") else "manager_email"
        cells.error(manager_field, "an employee cannot be their own manager")
    if cells.failed:
        return None
    assert code and email and full_name and hire_date
    return EmployeeRecord(
        origin=cells.origin,
        employee_code=code,
        email=email,
        full_name=full_name,
        team=cells.text("team", max_length=120),
        job_role=cells.text("job_role", max_length=160),
        manager=manager,
        hire_date=hire_date,
        exit_date=exit_date,
        exit_reason=exit_reason,
        location=cells.text("location", max_length=120),
    )


def _check_duplicates(records: list[EmployeeRecord], result: ParseResult) -> None:
    first_code: dict[str, EmployeeRecord] = {}
    first_email: dict[str, EmployeeRecord] = {}
    for record in records:
        other = first_code.setdefault(record.employee_code, record)
        if other is not record:
            result.add_error(
                record.origin.issue(
                    "employee_code",
                    f"employee code {record.employee_code} is also on line {other.origin.row}",
                )
            )
        other = first_email.setdefault(record.email, record)
        if other is not record:
            result.add_error(
                record.origin.issue("email", f"email {record.email} is also on line {other.origin.row}")
            )


def _check_manager_cycles(records: list[EmployeeRecord], result: ParseResult) -> None:
    """Report each loop of managers among the people in this file once, on its first line.

    A manager not in the file is left for the writer, which knows the database.
    """
    by_code = {r.employee_code: r for r in records}
    by_email = {r.email: r for r in records}

    def manager_of(record: EmployeeRecord) -> EmployeeRecord | None:
        ref = record.manager
        if ref is None:
            return None
        return by_code.get(ref.value) if ref.kind == "code" else by_email.get(ref.value)

    done: set[str] = set()
    for start in records:
        path: list[EmployeeRecord] = []
        on_path: set[str] = set()
        current: EmployeeRecord | None = start
        while current is not None and current.employee_code not in done:
            if current.employee_code in on_path:
                loop = path[path.index(current) :]
                first = min(loop, key=lambda r: r.origin.row or 0)
                at = loop.index(first)
                ordered = loop[at:] + loop[:at]
                chain = " -> ".join(r.employee_code for r in [*ordered, first])
                headers = first.origin.headers or {}
                field_name = "manager" if "manager" in headers else "manager_email"
                result.add_error(first.origin.issue(field_name, f"managers form a loop: {chain}"))
                break
            path.append(current)
            on_path.add(current.employee_code)
            current = manager_of(current)
        done.update(on_path)


def _note_managers_elsewhere(result: ParseResult[EmployeeRecord]) -> None:
    """Managers the file names but does not hold: the writer must find them in the database."""
    codes = {r.employee_code for r in result.records}
    emails = {r.email for r in result.records}
    outside = sorted(
        {
            r.manager.value
            for r in result.records
            if r.manager is not None
            and r.manager.value not in (codes if r.manager.kind == "code" else emails)
        }
    )
    if outside:
        shown = ", ".join(outside[:10]) + (f" and {len(outside) - 10} more" if len(outside) > 10 else "")
        result.notes.append(f"{len(outside)} managers are not in this file and must already exist: {shown}")


def parse_employees(
    data: Source, *, file_name: str, date_format: str | None = None, today: date | None = None
) -> ParseResult[EmployeeRecord]:
    """Read an HRIS CSV into EmployeeRecords, or say everything wrong with it.

    `today` is accepted for a uniform signature; HR files may carry future exit
    dates (notice periods), so no date is refused for being in the future.
    """
    check_date_format(date_format)
    result: ParseResult[EmployeeRecord] = ParseResult(file_name)
    table = open_csv(data, LAYOUT, result)
    if table is None:
        return result
    for row in table.rows:
        record = _record(Cells(row, result, date_format))
        if record is not None:
            result.records.append(record)
    _check_duplicates(result.records, result)
    _check_manager_cycles(result.records, result)
    _note_managers_elsewhere(result)
    return result
