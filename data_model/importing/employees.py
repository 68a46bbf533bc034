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
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, BinaryIO

from sqlmodel import select

from data_model.actions import record_audit
from data_model.formats import EmployeeRecord, parse_employees
from data_model.models import Employee, JobRole, Team

from .context import ImportContext
from .preview import preview_rows

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


@dataclass
class _Plan:
    record: EmployeeRecord
    stored: Employee | None
    values: dict[str, Any] = field(default_factory=dict)  # field -> wanted value (names, not ids)
    manager_code: str | None = None


def _given(record: EmployeeRecord) -> list[str]:
    """Our fields the file has columns for, in a fixed order (so notes and audits read the same each run)."""
    headers = record.origin.headers or {}
    return [name for name, columns in COLUMNS.items() if any(c in headers for c in columns)]


def _snapshot(person: Employee, teams: dict[int, str], roles: dict[int, str], codes: dict[int, str]) -> dict:
    return {
        "full_name": person.full_name,
        "email": person.email,
        "team": teams.get(person.team_id) if person.team_id else None,
        "job_role": roles.get(person.job_role_id) if person.job_role_id else None,
        "manager": codes.get(person.manager_id) if person.manager_id else None,
        "hire_date": person.hire_date,
        "exit_date": person.exit_date,
        "exit_reason": person.exit_reason,
        "location": person.location,
    }


class _Directory:
    """Who is stored and who the file describes, to resolve managers and spot conflicts."""

    def __init__(self, ctx: ImportContext, records: list[EmployeeRecord]) -> None:
        self.stored = list(ctx.session.exec(select(Employee)).all())
        self.by_code = {p.employee_code: p for p in self.stored}
        self.by_email = {p.email: p for p in self.stored}
        self.code_of_id = {p.id: p.employee_code for p in self.stored}
        self.file_by_code = {r.employee_code: r for r in records}
        self.file_by_email = {r.email: r for r in records}
        # Emails after the import: the file's for people it lists, the stored ones otherwise.
        self.final_email = {p.employee_code: p.email for p in self.stored}
        self.final_email.update({r.employee_code: r.email for r in records})

    def manager_code(self, record: EmployeeRecord) -> str | None:
        ref = record.manager
        assert ref is not None
        if ref.kind == "code":
            if ref.value in self.file_by_code or ref.value in self.by_code:
                return ref.value
            return None
        in_file = self.file_by_email.get(ref.value)
        if in_file is not None:
            return in_file.employee_code
        stored = self.by_email.get(ref.value)
        if stored is not None and self.final_email.get(stored.employee_code) == ref.value:
            return stored.employee_code
        return None


def _check_emails(ctx: ImportContext, directory: _Directory, records: list[EmployeeRecord]) -> None:
    for record in records:
        holder = directory.by_email.get(record.email)
        if (
            holder is not None
            and holder.employee_code != record.employee_code
            and directory.final_email.get(holder.employee_code) == record.email
        ):
            ctx.error(
                record.origin,
                "email",
                f"email {record.email} belongs to employee {holder.employee_code} ({holder.full_name}) "
                "in the database",
            )


def _manager_column(record: EmployeeRecord) -> str:
    headers = record.origin.headers or {}
    if record.manager is not None and record.manager.kind == "email" and "manager_email" in headers:
        return "manager_email"
    return "manager" if "manager" in headers else "manager_email"


def _resolve_managers(ctx: ImportContext, directory: _Directory, plans: list[_Plan]) -> None:
    for plan in plans:
        record = plan.record
        if "manager" not in plan.values or record.manager is None:
            continue
        code = directory.manager_code(record)
        if code is None:
            ctx.error(
                record.origin,
                _manager_column(record),
                f"manager {record.manager} is not in this file or the database",
            )
            plan.values.pop("manager")
            continue
        plan.values["manager"] = code


def _edge_in_file(plan: _Plan, directory: _Directory) -> bool:
    """Whether this person's manager link comes from the file and names someone in the file."""
    ref = plan.record.manager
    if "manager" not in plan.values or ref is None:
        return False
    people = directory.file_by_code if ref.kind == "code" else directory.file_by_email
    return ref.value in people


def _check_cycles(ctx: ImportContext, directory: _Directory, plans: list[_Plan]) -> None:
    """Loops of managers once the file is applied. Loops made only of links within the file were
    reported by the parser; the ones that run through stored people are reported here."""
    manager_of = {
        p.employee_code: directory.code_of_id.get(p.manager_id) for p in directory.stored if p.manager_id
    }
    in_file = {plan.record.employee_code: plan for plan in plans}
    for code, plan in in_file.items():
        if "manager" in plan.values:
            manager_of[code] = plan.values["manager"]
    done: set[str] = set()
    for start in in_file:
        path: list[str] = []
        current: str | None = start
        while current is not None and current not in done:
            if current in path:
                loop = path[path.index(current) :]
                if not all(c in in_file and _edge_in_file(in_file[c], directory) for c in loop):
                    _report_loop(ctx, loop, in_file)
                break
            path.append(current)
            current = manager_of.get(current)
        done.update(path)


def _report_loop(ctx: ImportContext, loop: list[str], in_file: dict[str, _Plan]) -> None:
    first = min((in_file[c] for c in loop if c in in_file), key=lambda p: p.record.origin.row or 0)
    at = loop.index(first.record.employee_code)
    chain = " -> ".join([*loop[at:], *loop[:at], first.record.employee_code])
    ctx.error(
        first.record.origin,
        _manager_column(first.record),
        f"managers form a loop through people already stored: {chain}",
    )


def _plans(directory: _Directory, records: list[EmployeeRecord]) -> list[_Plan]:
    plans = []
    for record in records:
        plan = _Plan(record, directory.by_code.get(record.employee_code))
        for name in _given(record):
            plan.values[name] = record.manager if name == "manager" else getattr(record, name)
        plans.append(plan)
    return plans


def _check_dates(ctx: ImportContext, plans: list[_Plan]) -> None:
    """A new hire date must still come before a stored exit date the file does not replace."""
    for plan in plans:
        stored = plan.stored
        if stored is None or "exit_date" in plan.values or stored.exit_date is None:
            continue
        hire = plan.values.get("hire_date", stored.hire_date)
        if hire > stored.exit_date:
            ctx.error(
                plan.record.origin,
                "hire_date",
                f"hire date {hire} is after the stored exit date {stored.exit_date}; "
                "add the termination date column to change both",
            )


class _Names:
    """Team and job-role names to ids, creating the unknown ones (and saying so)."""

    def __init__(
        self, ctx: ImportContext, model: type[Team] | type[JobRole], column: str, table: str
    ) -> None:
        self.ctx = ctx
        self.model = model
        self.column = column
        self.table = table
        rows = ctx.session.exec(select(model)).all()
        self.ids = {getattr(row, column).casefold(): row.id for row in rows}
        self.names = {row.id: getattr(row, column) for row in rows}
        self.created: list[str] = []

    def id_for(self, name: str | None) -> int | None:
        if name is None:
            return None
        key = name.strip().casefold()
        if key not in self.ids:
            row = self.model(**{self.column: name.strip()})
            self.ctx.session.add(row)
            self.ctx.session.flush()
            self.ids[key] = row.id
            self.names[row.id] = name.strip()
            self.created.append(name.strip())
            record_audit(
                self.ctx.session,
                self.ctx.scope,
                action=f"create_{self.table}",
                entity=self.table,
                entity_id=row.id,
                after={self.column: name.strip()},
            )
        return self.ids[key]

    def finish(self, what: str) -> None:
        if self.created:
            self.ctx.count(self.table, "created", len(self.created))
            shown = ", ".join(self.created[:20]) + (" ..." if len(self.created) > 20 else "")
            self.ctx.note(f"{len(self.created)} new {what} created: {shown}")


def _describe(changes: dict[str, tuple[Any, Any]]) -> str:
    parts = []
    for name, (before, after) in changes.items():
        label = name.replace("_", " ")
        parts.append(f"{label} {after if after is not None else 'cleared'} (was {before or 'empty'})")
    return "; ".join(parts)


def _write(ctx: ImportContext, directory: _Directory, plans: list[_Plan]) -> None:
    session = ctx.session
    teams = _Names(ctx, Team, "name", "team")
    roles = _Names(ctx, JobRole, "title", "job_role")
    ctx.open_batch()
    created: list[tuple[_Plan, Employee]] = []
    for plan in plans:
        if plan.stored is not None:
            continue
        values = plan.values
        person = Employee(
            employee_code=plan.record.employee_code,
            email=values["email"],
            full_name=values["full_name"],
            team_id=teams.id_for(values.get("team")),
            job_role_id=roles.id_for(values.get("job_role")),
            hire_date=values["hire_date"],
            exit_date=values.get("exit_date"),
            exit_reason=values.get("exit_reason"),
            location=values.get("location"),
        )
        session.add(person)
        created.append((plan, person))
    session.flush()
    ids = {p.employee_code: p.id for p in directory.stored}
    ids.update({person.employee_code: person.id for _, person in created})
    codes = {v: k for k, v in ids.items()}
    for plan, person in created:
        person.manager_id = ids.get(plan.values.get("manager")) if plan.values.get("manager") else None
    session.flush()
    for _plan, person in created:
        record_audit(
            session,
            ctx.scope,
            action="create_employee",
            entity="employee",
            entity_id=person.id,
            after=_snapshot(person, teams.names, roles.names, codes),
        )
    ctx.count("employee", "created", len(created))
    for plan in plans:
        if plan.stored is not None:
            _update(ctx, plan, teams, roles, ids, codes)
    session.flush()
    teams.finish("teams")
    roles.finish("job roles")


def _same(name: str, stored: Any, wanted: Any) -> bool:
    """Team and role names are compared ignoring case, like the lookup that finds them."""
    if name in ("team", "job_role") and isinstance(stored, str) and isinstance(wanted, str):
        return stored.casefold() == wanted.strip().casefold()
    return stored == wanted


def _update(
    ctx: ImportContext, plan: _Plan, teams: _Names, roles: _Names, ids: dict[str, int], codes: dict[int, str]
) -> None:
    person = plan.stored
    assert person is not None
    before = _snapshot(person, teams.names, roles.names, codes)
    changes = {
        name: (before[name], wanted)
        for name, wanted in plan.values.items()
        if not _same(name, before[name], wanted)
    }
    if not changes:
        ctx.count("employee", "unchanged")
        return
    for name, (_, wanted) in changes.items():
        if name == "team":
            person.team_id = teams.id_for(wanted)
        elif name == "job_role":
            person.job_role_id = roles.id_for(wanted)
        elif name == "manager":
            person.manager_id = ids[wanted] if wanted else None
        else:
            setattr(person, name, wanted)
    ctx.session.add(person)
    record_audit(
        ctx.session,
        ctx.scope,
        action="update_employee",
        entity="employee",
        entity_id=person.id,
        before={name: old for name, (old, _) in changes.items()},
        after={name: new for name, (_, new) in changes.items()},
    )
    ctx.count("employee", "updated")
    history = [name for name in changes if name in HISTORY_FIELDS]
    warning = " (dates that move tenure and retention figures; audited)" if history else ""
    ctx.change_note(f"{person.employee_code} {person.full_name}: {_describe(changes)}{warning}")


def _note_missing(ctx: ImportContext, directory: _Directory, today: date) -> None:
    missing = sorted(
        p.employee_code
        for p in directory.stored
        if p.employee_code not in directory.file_by_code and (p.exit_date is None or p.exit_date >= today)
    )
    if missing:
        shown = ", ".join(missing[:20]) + (f" and {len(missing) - 20} more" if len(missing) > 20 else "")
        ctx.note(
            f"{len(missing)} people employed in the database are not in this file and were kept, "
            f"not deleted: {shown}. If this is a full export, record their exit dates."
        )


def import_employees(ctx: ImportContext, data: bytes | BinaryIO) -> None:
    ctx.progress("reading people", 0, 1)
    result = parse_employees(data, file_name=ctx.file_name, date_format=ctx.date_format, today=ctx.today)
    ctx.result = result
    ctx.report.preview = preview_rows(result.records)
    directory = _Directory(ctx, result.records)
    plans = _plans(directory, result.records)
    _check_emails(ctx, directory, result.records)
    _resolve_managers(ctx, directory, plans)
    _check_cycles(ctx, directory, plans)
    _check_dates(ctx, plans)
    if not ctx.ok:
        return
    ctx.progress("writing people", 0, 1)
    _write(ctx, directory, plans)
    ctx.finish_change_notes()
    _note_missing(ctx, directory, ctx.today)
