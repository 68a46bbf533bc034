"""The `employees` kind: an HRIS export creates and updates people, teams, job roles and managers.

Rules a person relies on:
- Only the columns the file has are applied. A file without a termination
  column leaves stored exit dates alone; a file with one and an empty cell means
  "still employed" (a rehire), which is applied, audited and noted.
- A person already stored changes only where the file differs, and each change
  is audited with before and after and listed in the report, so a changed hire
  date (which moves tenure and retention figures) is never silent.
- A person stored but missing from the file is reported, never deleted: HR
  records leavers with an exit date.
- Unknown teams and job roles are created (and reported); an unknown manager,
  an email that belongs to someone else, or a loop of managers that runs
  through people already stored is an error.

Memory stays flat for a file of any size: the parser stages the file in a scratch SQLite
table, the people already stored are copied next to it, and every rule above is a query
over the two. People are written in chunks with `bulk_insert`, never held as ORM objects.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any, BinaryIO

import sqlalchemy as sa

from data_model.actions import AssignmentResult, diff
from data_model.actions.people import NamedRows, PersonChange, add_people, set_managers, update_people
from data_model.formats import EmployeeRecord, ParseResult, StagedEmployees, stage_employees, walk_loops
from data_model.formats.employees import PERSON_FIELDS
from data_model.models import Employee, JobRole, Team

from .context import ImportContext
from .preview import PREVIEW_ROWS, preview_rows
from .streams import Counted, as_stream, size_of

# Our field -> the parser's column names that carry it (any one present means the file sets it).
COLUMNS = {
    "full_name": ("name", "first_name", "last_name"),
    "email": ("email",),
    "team": ("team",),
    "job_role": ("job_role",),
    "manager": ("manager", "manager_email"),
    "hire_date": ("hire_date",),
    "exit_date": ("exit_date",),
    "exit_reason": ("exit_reason",),
    "location": ("location",),
}
HISTORY_FIELDS = ("hire_date", "exit_date")
CHUNK = 2_000
TABLE = Employee.__table__

_STORED = """
CREATE TABLE stored (
    id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE, email TEXT NOT NULL, full_name TEXT NOT NULL,
    team_id INTEGER, job_role_id INTEGER, manager_id INTEGER, hire_date TEXT NOT NULL,
    exit_date TEXT, exit_reason TEXT, location TEXT
)
"""
# Stored people who keep their email after the import (the file does not give them another).
_KEEPING_EMAIL = """
CREATE VIEW keeping_email AS SELECT s.* FROM stored AS s
WHERE NOT EXISTS (SELECT 1 FROM person AS q WHERE q.code = s.code AND q.email <> s.email)
"""
_NEW = "NOT EXISTS (SELECT 1 FROM stored AS s WHERE s.code = p.code)"


def _given(headers: Any) -> list[str]:
    """Our fields the file has columns for, in a fixed order (so notes and audits read the same each run)."""
    return [name for name, columns in COLUMNS.items() if any(c in headers for c in columns)]


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


class _Import:
    """One HRIS file against the database, in the scratch database the parser staged it in."""

    def __init__(self, ctx: ImportContext, staged: StagedEmployees) -> None:
        self.ctx = ctx
        self.staged = staged
        self.scratch = staged.scratch
        self.given = _given(staged.headers)

    # -- what is stored ----------------------------------------------------------------------

    def copy_stored(self) -> None:
        """Every stored person's fields next to the file, a chunk at a time."""
        scratch = self.scratch
        scratch.execute(_STORED)
        columns = [
            TABLE.c.id, TABLE.c.employee_code, TABLE.c.email, TABLE.c.full_name, TABLE.c.team_id,
            TABLE.c.job_role_id, TABLE.c.manager_id, TABLE.c.hire_date, TABLE.c.exit_date,
            TABLE.c.exit_reason, TABLE.c.location,
        ]  # fmt: skip
        result = self.ctx.session.execute(sa.select(*columns), execution_options={"yield_per": 5_000})
        for part in result.partitions():
            scratch.executemany(
                "INSERT INTO stored VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (*row[:7], row[7].isoformat(), row[8].isoformat() if row[8] else None, *row[9:])
                    for row in part
                ],
            )
        scratch.execute("CREATE INDEX stored_email ON stored (email)")
        scratch.execute(_KEEPING_EMAIL)
        # Who the file lists: each code at its first line (a second line is already an error).
        scratch.execute("CREATE TABLE listed (code TEXT PRIMARY KEY, line INTEGER NOT NULL) WITHOUT ROWID")
        scratch.execute("INSERT INTO listed SELECT code, min(line) FROM person GROUP BY code")

    # -- checks against the database ---------------------------------------------------------

    def check_emails(self) -> None:
        rows = self.scratch.rows(
            "SELECT p.line, p.email, s.code, s.full_name FROM person AS p "
            "JOIN keeping_email AS s ON s.email = p.email WHERE s.code <> p.code ORDER BY p.line"
        )
        for line, email, code, name in rows:
            self.ctx.error(
                self.staged.origin(line),
                "email",
                f"email {email} belongs to employee {code} ({name}) in the database",
            )

    def resolve_managers(self) -> None:
        """Each named manager's code: someone in the file, or stored and keeping that email."""
        scratch = self.scratch
        scratch.execute("ALTER TABLE person ADD COLUMN manager_code TEXT")
        if "manager" not in self.given:
            return
        scratch.execute(
            "UPDATE person SET manager_code = manager WHERE manager_kind = 'code' AND "
            "(manager_line IS NOT NULL OR EXISTS (SELECT 1 FROM stored AS s WHERE s.code = person.manager))"
        )
        scratch.execute(
            "UPDATE person SET manager_code = "
            "(SELECT m.code FROM person AS m WHERE m.line = person.manager_line) "
            "WHERE manager_kind = 'email' AND manager_line IS NOT NULL"
        )
        scratch.execute(
            "UPDATE person SET manager_code = "
            "(SELECT k.code FROM keeping_email AS k WHERE k.email = person.manager LIMIT 1) "
            "WHERE manager_kind = 'email' AND manager_line IS NULL"
        )
        unknown = scratch.rows(
            "SELECT line, manager_kind, manager FROM person "
            "WHERE manager_kind IS NOT NULL AND manager_code IS NULL ORDER BY line"
        )
        for line, kind, manager in unknown:
            self.ctx.error(
                self.staged.origin(line),
                self.staged.manager_field(kind),
                f"manager {manager} is not in this file or the database",
            )

    def check_cycles(self) -> None:
        """Loops of managers once the file is applied. Loops made only of links within the file were
        reported by the parser; the ones that run through stored people are reported here."""
        scratch = self.scratch
        gives_manager = "manager" in self.given
        scratch.execute(
            "CREATE TABLE final (code TEXT PRIMARY KEY, manager TEXT, line INTEGER, "
            "file_edge INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID"
        )
        scratch.execute(
            "INSERT INTO final (code, manager) "
            "SELECT s.code, m.code FROM stored AS s LEFT JOIN stored AS m ON m.id = s.manager_id"
        )
        scratch.execute(
            "UPDATE final SET line = (SELECT l.line FROM listed AS l WHERE l.code = final.code) "
            "WHERE code IN (SELECT code FROM listed)"
        )
        scratch.execute(
            "INSERT INTO final (code, line) "
            f"SELECT p.code, p.line FROM person AS p JOIN listed AS l ON l.line = p.line WHERE {_NEW}"
        )
        if gives_manager:
            scratch.execute(
                "UPDATE final SET "
                "manager = (SELECT p.manager_code FROM person AS p WHERE p.line = final.line), "
                "file_edge = (SELECT p.manager_line IS NOT NULL FROM person AS p WHERE p.line = final.line) "
                "WHERE line IS NOT NULL"
            )
        scratch.execute("CREATE INDEX final_manager ON final (manager)")
        scratch.execute("CREATE TABLE reached (code TEXT PRIMARY KEY) WITHOUT ROWID")
        scratch.execute(
            """
            INSERT INTO reached
            WITH RECURSIVE below (code) AS (
                SELECT f.code FROM final AS f
                WHERE f.manager IS NULL OR NOT EXISTS (SELECT 1 FROM final AS m WHERE m.code = f.manager)
                UNION ALL
                SELECT f.code FROM final AS f JOIN below ON f.manager = below.code
            )
            SELECT code FROM below
            """
        )
        left = {
            code: (manager, line, file_edge)
            for code, manager, line, file_edge in scratch.rows(
                "SELECT code, manager, line, file_edge FROM final "
                "WHERE code NOT IN (SELECT code FROM reached) ORDER BY line"
            )
        }
        starts = [code for code, (_, line, _) in left.items() if line is not None]
        for loop in walk_loops({code: manager for code, (manager, _, _) in left.items()}, starts):
            if all(left[c][1] is not None and left[c][2] for c in loop):
                continue  # a loop within the file: the parser said so
            self._report_loop(loop, {c: left[c][1] for c in loop})

    def _report_loop(self, loop: list[str], lines: dict[str, int | None]) -> None:
        first = min((c for c in loop if lines[c] is not None), key=lambda c: lines[c] or 0)
        at = loop.index(first)
        chain = " -> ".join([*loop[at:], *loop[:at], first])
        line = lines[first]
        assert line is not None
        kind = self.scratch.scalar("SELECT manager_kind FROM person WHERE line = ?", (line,))
        self.ctx.error(
            self.staged.origin(line),
            self.staged.manager_field(kind),
            f"managers form a loop through people already stored: {chain}",
        )

    def check_dates(self) -> None:
        """A new hire date must still come before a stored exit date the file does not replace."""
        if "exit_date" in self.given:
            return
        rows = self.scratch.rows(
            "SELECT p.line, p.hire_date, s.exit_date FROM person AS p JOIN stored AS s ON s.code = p.code "
            "WHERE s.exit_date IS NOT NULL AND p.hire_date > s.exit_date ORDER BY p.line"
        )
        for line, hire, exit_date in rows:
            self.ctx.error(
                self.staged.origin(line),
                "hire_date",
                f"hire date {hire} is after the stored exit date {exit_date}; "
                "add the termination date column to change both",
            )

    # -- writing -------------------------------------------------------------------------------

    def write(self) -> None:
        ctx = self.ctx
        teams = NamedRows(ctx.session, ctx.scope, Team)
        roles = NamedRows(ctx.session, ctx.scope, JobRole)
        ctx.open_batch()
        self.scratch.execute("CREATE TABLE ident (code TEXT PRIMARY KEY, id INTEGER NOT NULL) WITHOUT ROWID")
        self.scratch.execute("INSERT INTO ident SELECT code, id FROM stored")
        created = self._create(teams, roles)
        ctx.count("employee", "created", created)
        self._link_new_managers()
        self._update(teams, roles)
        _note_created(ctx, teams, "teams")
        _note_created(ctx, roles, "job roles")

    def _chunks(self, sql: str) -> Iterator[list[tuple]]:
        """A query's rows, CHUNK at a time, fully read before the next statement runs."""
        chunk: list[tuple] = []
        for row in self.scratch.rows(sql):
            chunk.append(row)
            if len(chunk) >= CHUNK:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    def _wanted(self, record: EmployeeRecord, manager_code: str | None) -> dict[str, Any]:
        """What the file sets, field by field (names, not ids), for the columns it has."""
        return {name: manager_code if name == "manager" else getattr(record, name) for name in self.given}

    def _create(self, teams: NamedRows[Team], roles: NamedRows[JobRole]) -> int:
        ctx, staged = self.ctx, self.staged
        created = 0
        sql = f"SELECT {PERSON_FIELDS}, manager_code FROM person AS p WHERE {_NEW} ORDER BY line"
        for chunk in self._chunks(sql):
            rows, snapshots = [], []
            for row in chunk:
                record, values = staged.record(row[:-1]), self._wanted(staged.record(row[:-1]), row[-1])
                team_id, role_id = teams.id_for(values.get("team")), roles.id_for(values.get("job_role"))
                rows.append(
                    {
                        "employee_code": record.employee_code,
                        "email": values["email"],
                        "full_name": values["full_name"],
                        "team_id": team_id,
                        "job_role_id": role_id,
                        "hire_date": values["hire_date"],
                        "exit_date": values.get("exit_date"),
                        "exit_reason": values.get("exit_reason"),
                        "location": values.get("location"),
                    }
                )
                snapshots.append(
                    {
                        "full_name": values["full_name"],
                        "email": values["email"],
                        "team": teams.name_of(team_id),
                        "job_role": roles.name_of(role_id),
                        "manager": values.get("manager"),
                        "hire_date": values["hire_date"],
                        "exit_date": values.get("exit_date"),
                        "exit_reason": values.get("exit_reason"),
                        "location": values.get("location"),
                    }
                )
            added = add_people(ctx.session, ctx.scope, rows, snapshots, on=ctx.today)
            self.scratch.executemany("INSERT INTO ident VALUES (?, ?)", added.ids.items())
            self._note_rules(added.onboarding, "new hires")
            created += len(rows)
            ctx.progress("writing people", created, created + 1)
        return created

    def _link_new_managers(self) -> None:
        """New people's managers, once everyone new has an id."""
        sql = (
            "SELECT i.id, m.id FROM person AS p JOIN ident AS i ON i.code = p.code "
            f"JOIN ident AS m ON m.code = p.manager_code WHERE {_NEW} ORDER BY p.line"
        )
        for chunk in self._chunks(sql):
            set_managers(self.ctx.session, chunk)

    def _update(self, teams: NamedRows[Team], roles: NamedRows[JobRole]) -> None:
        ctx, staged = self.ctx, self.staged
        fields = ", ".join(f"p.{name.strip()}" for name in PERSON_FIELDS.split(","))
        sql = (
            f"SELECT {fields}, p.manager_code, s.id, s.full_name, s.email, s.team_id, s.job_role_id, "
            "(SELECT m.code FROM stored AS m WHERE m.id = s.manager_id), s.hire_date, s.exit_date, "
            "s.exit_reason, s.location, (SELECT i.id FROM ident AS i WHERE i.code = p.manager_code) "
            "FROM person AS p JOIN stored AS s ON s.code = p.code ORDER BY p.line"
        )
        width = len(PERSON_FIELDS.split(","))
        for chunk in self._chunks(sql):
            updates = []
            for row in chunk:
                record = staged.record(row[:width])
                manager_code = row[width]
                person_id, name, email, team_id, role_id, manager, hire, exit_, reason, location, boss = row[
                    width + 1 :
                ]
                before = {
                    "full_name": name,
                    "email": email,
                    "team": teams.name_of(team_id),
                    "job_role": roles.name_of(role_id),
                    "manager": manager,
                    "hire_date": _day(hire),
                    "exit_date": _day(exit_),
                    "exit_reason": reason,
                    "location": location,
                }
                changes = diff(before, self._wanted(record, manager_code), same=_same)
                if not changes:
                    ctx.count("employee", "unchanged")
                    continue
                columns: dict[str, Any] = {}
                for field, (_, wanted) in changes.items():
                    if field == "team":
                        columns["team_id"] = teams.id_for(wanted)
                    elif field == "job_role":
                        columns["job_role_id"] = roles.id_for(wanted)
                    elif field == "manager":
                        columns["manager_id"] = boss if wanted else None
                    else:
                        columns[field] = wanted
                updates.append(
                    PersonChange(
                        person_id,
                        columns,
                        before={field: old for field, (old, _) in changes.items()},
                        after={field: new for field, (_, new) in changes.items()},
                    )
                )
                ctx.count("employee", "updated")
                history = [field for field in changes if field in HISTORY_FIELDS]
                warning = " (dates that move tenure and retention figures; audited)" if history else ""
                ctx.change_note(f"{record.employee_code} {name}: {_describe(changes)}{warning}")
            self._note_rules(update_people(ctx.session, ctx.scope, updates, on=ctx.today), "team changes")

    def _note_rules(self, result: AssignmentResult, who: str) -> None:
        """What the automatic rules assigned in this file's transaction, in the report."""
        if result.created:
            self.ctx.count("enrollment", "created", len(result.created))
            self.ctx.note(f"{len(result.created)} onboarding assignment(s) made by the rules for {who}")

    def note_missing(self) -> None:
        missing = (
            "FROM stored AS s WHERE NOT EXISTS (SELECT 1 FROM listed AS l WHERE l.code = s.code) "
            "AND (s.exit_date IS NULL OR s.exit_date >= ?)"
        )
        today = (self.ctx.today.isoformat(),)
        count = self.scratch.scalar(f"SELECT count(*) {missing}", today)
        if count:
            shown = [
                row[0] for row in self.scratch.rows(f"SELECT s.code {missing} ORDER BY 1 LIMIT 20", today)
            ]
            more = f" and {count - 20} more" if count > 20 else ""
            self.ctx.note(
                f"{count} people employed in the database are not in this file and were kept, "
                f"not deleted: {', '.join(shown)}{more}. If this is a full export, record their exit dates."
            )


def _note_created(ctx: ImportContext, names: NamedRows[Any], what: str) -> None:
    if names.created:
        ctx.count(names.entity, "created", len(names.created))
        shown = ", ".join(names.created[:20]) + (" ..." if len(names.created) > 20 else "")
        ctx.note(f"{len(names.created)} new {what} created: {shown}")


def _describe(changes: dict[str, tuple[Any, Any]]) -> str:
    parts = []
    for name, (before, after) in changes.items():
        label = name.replace("_", " ")
        parts.append(f"{label} {after if after is not None else 'cleared'} (was {before or 'empty'})")
    return "; ".join(parts)


def _same(name: str, stored: Any, wanted: Any) -> bool:
    """Team and role names are compared ignoring case, like the lookup that finds them."""
    if name in ("team", "job_role") and isinstance(stored, str) and isinstance(wanted, str):
        return stored.casefold() == wanted.strip().casefold()
    return stored == wanted


def import_employees(ctx: ImportContext, data: bytes | BinaryIO) -> None:
    result: ParseResult[EmployeeRecord] = ParseResult(ctx.file_name)
    ctx.result = result
    stream = Counted(as_stream(data), size_of(data), ctx.progress, "reading people")
    staged = stage_employees(stream, result, date_format=ctx.date_format)
    try:
        ctx.report.preview = preview_rows(list(staged.records(limit=PREVIEW_ROWS)))
        run = _Import(ctx, staged)
        run.copy_stored()
        run.check_emails()
        run.resolve_managers()
        run.check_cycles()
        run.check_dates()
        if not ctx.ok:
            return
        ctx.progress("writing people", 0, 1)
        run.write()
        ctx.finish_change_notes()
        run.note_missing()
    finally:
        staged.close()
