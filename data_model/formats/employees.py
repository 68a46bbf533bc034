"""People from an HRIS export (Workday, BambooHR, Personio... as CSV).

Every HRIS names its columns differently, so headers are matched through the
alias table below. Teams, job roles and managers stay as the text the file
gives: the writer creates unknown teams and roles and resolves managers that
are not in the file. What can be decided from the file alone is checked here:
duplicates, dates in order, a known exit reason, nobody managing themselves,
and no loop of managers among the people in the file.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from .cells import Cells
from .csv_reader import Column, Layout, open_csv
from .errors import Origin, ParseResult
from .refs import EmployeeRef
from .scratch import Scratch
from .sources import Source
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


_STAGE = """
CREATE TABLE person (
    line INTEGER PRIMARY KEY, code TEXT NOT NULL, email TEXT NOT NULL, full_name TEXT NOT NULL,
    team TEXT, job_role TEXT, manager_kind TEXT, manager TEXT, hire_date TEXT NOT NULL,
    exit_date TEXT, exit_reason TEXT, location TEXT,
    manager_line INTEGER  -- the line of the manager, when the manager is in this file
)
"""
PERSON_FIELDS = (
    "line, code, email, full_name, team, job_role, manager_kind, manager, hire_date, exit_date, "
    "exit_reason, location"
)
_CHUNK = 5_000


class StagedEmployees:
    """An HRIS file's good rows in a scratch SQLite table `person` (one row per line), checked.

    The writer adds its own tables (the people already stored) to the same scratch database,
    so every rule that needs the whole file, or the file and the database together, is a query
    and memory stays flat for a file of any size. Close it when done.
    """

    def __init__(self, file: str, headers: Mapping[str, str] | None) -> None:
        self.file = file
        self.headers: Mapping[str, str] = headers or {}
        self.scratch = Scratch()
        self.scratch.execute(_STAGE)

    def origin(self, line: int) -> Origin:
        return Origin(self.file, line, headers=self.headers)

    def record(self, row: Sequence[Any]) -> EmployeeRecord:
        """An EmployeeRecord from a `person` row selected as PERSON_FIELDS."""
        line, code, email, name, team, role, manager_kind, manager, hire, exit_, reason, location = row
        return EmployeeRecord(
            origin=self.origin(line),
            employee_code=code,
            email=email,
            full_name=name,
            team=team,
            job_role=role,
            manager=EmployeeRef(manager_kind, manager) if manager_kind else None,
            hire_date=date.fromisoformat(hire),
            exit_date=date.fromisoformat(exit_) if exit_ else None,
            exit_reason=reason,
            location=location,
        )

    def records(self, limit: int | None = None) -> Iterator[EmployeeRecord]:
        """The staged records in file order (the first `limit` of them)."""
        sql = f"SELECT {PERSON_FIELDS} FROM person ORDER BY line"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        for row in self.scratch.rows(sql):
            yield self.record(row)

    def manager_field(self, manager_kind: str | None) -> str:
        """The column a manager problem is reported against."""
        if manager_kind == "email" and "manager_email" in self.headers:
            return "manager_email"
        return "manager" if "manager" in self.headers else "manager_email"

    def close(self) -> None:
        self.scratch.close()


def _stage(
    staged: StagedEmployees, rows: Iterator[Any], result: ParseResult, date_format: str | None
) -> None:
    insert = f"INSERT INTO person ({PERSON_FIELDS}) VALUES ({', '.join('?' * 12)})"
    pending: list[tuple] = []
    for row in rows:
        record = _record(Cells(row, result, date_format))
        if record is None:
            continue
        manager = record.manager
        manager_kind, manager_value = (manager.kind, manager.value) if manager else (None, None)
        exit_date = record.exit_date.isoformat() if record.exit_date else None
        pending.append(
            (row.line, record.employee_code, record.email, record.full_name, record.team, record.job_role,
             manager_kind, manager_value, record.hire_date.isoformat(), exit_date, record.exit_reason,
             record.location)
        )  # fmt: skip
        if len(pending) >= _CHUNK:
            staged.scratch.executemany(insert, pending)
            pending = []
    staged.scratch.executemany(insert, pending)
    for column in ("code", "email", "manager_line"):
        staged.scratch.execute(f"CREATE INDEX person_{column} ON person ({column})")


def _check_duplicates(staged: StagedEmployees, result: ParseResult) -> None:
    """A code or an email on a second line points at its first line."""
    rows = staged.scratch.rows(
        """
        SELECT p.line, 0, p.code, f.first FROM person AS p
        JOIN (SELECT code, min(line) AS first FROM person GROUP BY code HAVING count(*) > 1) AS f
          ON f.code = p.code AND p.line > f.first
        UNION ALL
        SELECT p.line, 1, p.email, f.first FROM person AS p
        JOIN (SELECT email, min(line) AS first FROM person GROUP BY email HAVING count(*) > 1) AS f
          ON f.email = p.email AND p.line > f.first
        ORDER BY 1, 2
        """
    )
    for line, is_email, value, first in rows:
        what, field_name = ("email", "email") if is_email else ("employee code", "employee_code")
        result.add_error(staged.origin(line).issue(field_name, f"{what} {value} is also on line {first}"))


def _link_managers(staged: StagedEmployees) -> None:
    """Each manager named by code or email who is in this file (their first line)."""
    for kind, column in (("code", "code"), ("email", "email")):
        staged.scratch.execute(
            f"UPDATE person SET manager_line = "
            f"(SELECT min(m.line) FROM person AS m WHERE m.{column} = person.manager) "
            f"WHERE manager_kind = ?",
            (kind,),
        )


def walk_loops(manager_of: Mapping[Any, Any], starts: Iterable[Any]) -> Iterator[list[Any]]:
    """Each loop of managers reached from `starts`, once, as its members in manager order.

    `manager_of` need only hold the people who are not below someone without a manager
    (found beforehand by a query): in a well-formed organisation it is empty.
    """
    done: set[Any] = set()
    for start in starts:
        path: list[Any] = []
        on_path: set[Any] = set()
        current = start
        while current is not None and current not in done:
            if current in on_path:
                yield path[path.index(current) :]
                break
            path.append(current)
            on_path.add(current)
            current = manager_of.get(current)
        done.update(on_path)


def _check_manager_cycles(staged: StagedEmployees, result: ParseResult) -> None:
    """Report each loop of managers among the people in this file once, on its first line.

    Everyone below a person without a manager in the file is found by one recursive query;
    whoever is left is on a loop or below one. A manager not in the file is left for the
    writer, which knows the database.
    """
    scratch = staged.scratch
    scratch.execute("CREATE TABLE rooted (line INTEGER PRIMARY KEY)")
    scratch.execute(
        """
        INSERT INTO rooted
        WITH RECURSIVE below (line) AS (
            SELECT line FROM person WHERE manager_line IS NULL
            UNION ALL
            SELECT p.line FROM person AS p JOIN below ON p.manager_line = below.line
        )
        SELECT line FROM below
        """
    )
    left = {
        line: (manager_line, code)
        for line, manager_line, code in scratch.rows(
            "SELECT line, manager_line, code FROM person WHERE line NOT IN (SELECT line FROM rooted) "
            "ORDER BY line"
        )
    }
    manager_of = {line: manager for line, (manager, _) in left.items()}
    for loop in walk_loops(manager_of, left):
        first = min(loop)
        at = loop.index(first)
        ordered = loop[at:] + loop[:at]
        chain = " -> ".join(left[line][1] for line in [*ordered, first])
        field_name = "manager" if "manager" in staged.headers else "manager_email"
        result.add_error(staged.origin(first).issue(field_name, f"managers form a loop: {chain}"))


def _note_managers_elsewhere(staged: StagedEmployees, result: ParseResult) -> None:
    """Managers the file names but does not hold: the writer must find them in the database."""
    outside = "FROM person WHERE manager_kind IS NOT NULL AND manager_line IS NULL"
    count = staged.scratch.scalar(f"SELECT count(DISTINCT manager) {outside}")
    if count:
        shown = [
            row[0] for row in staged.scratch.rows(f"SELECT DISTINCT manager {outside} ORDER BY 1 LIMIT 10")
        ]
        more = f" and {count - 10} more" if count > 10 else ""
        result.notes.append(
            f"{count} managers are not in this file and must already exist: {', '.join(shown)}{more}"
        )


def stage_employees(
    data: Source, result: ParseResult[EmployeeRecord], *, date_format: str | None = None
) -> StagedEmployees:
    """Read an HRIS CSV into a scratch table, every error collected in `result`.

    Rules of a single row are checked as it is read; duplicates, managers in the file and
    loops of managers once the file is staged.
    """
    check_date_format(date_format)
    table = open_csv(data, LAYOUT, result)
    staged = StagedEmployees(result.file, table.headers if table is not None else None)
    try:
        if table is not None:
            _stage(staged, table.rows, result, date_format)
            _check_duplicates(staged, result)
            _link_managers(staged)
            _check_manager_cycles(staged, result)
            _note_managers_elsewhere(staged, result)
    except BaseException:
        staged.close()
        raise
    return staged


def parse_employees(
    data: Source, *, file_name: str, date_format: str | None = None, today: date | None = None
) -> ParseResult[EmployeeRecord]:
    """Read an HRIS CSV into EmployeeRecords, or say everything wrong with it.

    `today` is accepted for a uniform signature; HR files may carry future exit
    dates (notice periods), so no date is refused for being in the future.
    """
    result: ParseResult[EmployeeRecord] = ParseResult(file_name)
    staged = stage_employees(data, result, date_format=date_format)
    try:
        result.records.extend(staged.records())
    finally:
        staged.close()
    return result
