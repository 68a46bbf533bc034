"""People, teams and job roles: the writes an HRIS file (and, later, a form) makes to the organisation.

The HRIS importer decides *what* changes (in its scratch database, for a file of any size) and
calls these to write it, so every write of a person leaves the same audit and, when team
history arrives, opens and closes the same membership rows. They work on plain rows, a chunk at
a time, and never hold ORM objects: an import of a million people must not keep them in the
session until the commit. Like every action they never commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Generic, TypeVar

import sqlalchemy as sa
from sqlmodel import Session, select

from ..access import Scope
from ..bulk import bulk_insert
from ..models import Employee, JobRole, Team, TeamMembership
from .accounts import link_accounts
from .audit import record_audit, record_audits
from .base import ActionError
from .enrollments import AssignmentResult
from .rules import apply_new_hire_rules, apply_team_change_rules

_PEOPLE = Employee.__table__
_MEMBERSHIP = TeamMembership.__table__
_Named = TypeVar("_Named", Team, JobRole)


class NamedRows(Generic[_Named]):
    """Team or job-role names to ids, creating (and auditing) the ones not stored yet.

    Names match ignoring case and surrounding spaces, as people type them in an HRIS; the first
    spelling seen is the one stored. `created` lists the new names, for the import's report.
    """

    def __init__(self, session: Session, scope: Scope, model: type[_Named]) -> None:
        self.session, self.scope = session, scope
        self.model: type[_Named] = model
        self.column = "name" if model is Team else "title"
        self.entity = "team" if model is Team else "job_role"
        rows = session.exec(select(model)).all()
        self.ids = {getattr(row, self.column).casefold(): row.id for row in rows}
        self.names = {row.id: getattr(row, self.column) for row in rows}
        self.created: list[str] = []

    def id_for(self, name: str | None) -> int | None:
        if name is None:
            return None
        key = name.strip().casefold()
        if key not in self.ids:
            named: dict[str, Any] = {self.column: name.strip()}
            row = self.model(**named)
            self.session.add(row)
            self.session.flush()
            self.ids[key] = row.id
            self.names[row.id] = name.strip()
            self.created.append(name.strip())
            record_audit(
                self.session, self.scope, action=f"create_{self.entity}", entity=self.entity,
                entity_id=row.id, after=named,
            )  # fmt: skip
        return self.ids[key]

    def name_of(self, row_id: int | None) -> str | None:
        return None if row_id is None else self.names.get(row_id)


@dataclass
class Added:
    """The people an HRIS chunk created (id by employee code) and what the new-hire rules assigned."""

    ids: dict[str, int]
    onboarding: AssignmentResult


def add_people(
    session: Session,
    scope: Scope,
    people: Sequence[Mapping[str, Any]],
    shown: Sequence[Mapping[str, Any]],
    *,
    on: date,
) -> Added:
    """Create people from `employee` rows (ids for team and role); `shown[i]` is what the audit of
    `people[i]` records (names, not ids). Each gets their first membership, any account with their
    email is linked, and the switched-on new-hire rules assign their onboarding (as of `on`), all
    in the caller's transaction."""
    if not people:
        return Added({}, AssignmentResult())
    bulk_insert(session, Employee, [dict(person) for person in people])
    codes = [person["employee_code"] for person in people]
    ids = dict(
        session.execute(
            sa.select(_PEOPLE.c.employee_code, _PEOPLE.c.id).where(_PEOPLE.c.employee_code.in_(codes))
        ).all()
    )
    bulk_insert(session, TeamMembership, [first_membership(ids[p["employee_code"]], p) for p in people])
    link_accounts(session, [p["email"] for p in people], actor=scope.email or scope.role)
    record_audits(
        session,
        scope,
        (
            {"action": "create_employee", "entity": "employee", "entity_id": ids[code], "after": dict(after)}
            for code, after in zip(codes, shown, strict=True)
        ),
    )
    return Added(ids, apply_new_hire_rules(session, scope, employee_ids=sorted(ids.values()), on=on))


def first_membership(employee_id: int, person: Mapping[str, Any]) -> dict[str, Any]:
    """The membership row a new person starts with: their team and role from their hire date."""
    return {
        "employee_id": employee_id,
        "team_id": person.get("team_id"),
        "job_role_id": person.get("job_role_id"),
        "valid_from": person["hire_date"],
        "valid_to": None,
    }


def set_managers(session: Session, managers: Iterable[tuple[int, int]]) -> None:
    """(person id, manager id) pairs for people just added, whose managers needed an id first.

    Not audited on its own: the person's `create_employee` audit already names the manager."""
    pairs = [{"person": person, "boss": boss} for person, boss in managers]
    if pairs:
        session.execute(
            sa.update(_PEOPLE)
            .where(_PEOPLE.c.id == sa.bindparam("person"))
            .values(manager_id=sa.bindparam("boss")),
            pairs,
        )


@dataclass
class PersonChange:
    """One stored person's new column values, and the audit's before/after (names, not ids)."""

    person_id: int
    columns: dict[str, Any]
    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)


def update_people(
    session: Session, scope: Scope, changes: Iterable[PersonChange], *, on: date
) -> AssignmentResult:
    """Write each change to a stored person, each with an `update_employee` audit.

    A change of team or job role takes effect `on` (the import's day): the person's open
    membership closes the day before and a new one opens, so weeks before `on` still count under
    the old team, and the switched-on team-change rules assign the new team's plans (returned).
    A changed hire date moves the start of the first membership with it.
    """
    audits = []
    moved = []
    for change in changes:
        session.execute(sa.update(_PEOPLE).where(_PEOPLE.c.id == change.person_id).values(**change.columns))
        if "hire_date" in change.columns:
            _move_start(session, change.person_id, change.columns["hire_date"])
        if "team_id" in change.columns or "job_role_id" in change.columns:
            move_membership(session, change.person_id, on=on, **_placement(change.columns))
        if "team_id" in change.columns and change.columns["team_id"] is not None:
            moved.append(change.person_id)
        if "email" in change.columns:
            link_accounts(session, [change.columns["email"]], actor=scope.email or scope.role)
        audits.append(
            {
                "action": "update_employee",
                "entity": "employee",
                "entity_id": change.person_id,
                "before": change.before,
                "after": change.after,
            }
        )
    record_audits(session, scope, audits)
    return apply_team_change_rules(session, scope, employee_ids=moved, on=on)


def _placement(columns: Mapping[str, Any]) -> dict[str, Any]:
    return {name: columns[name] for name in ("team_id", "job_role_id") if name in columns}


_UNSET: Any = object()


def move_membership(
    session: Session, employee_id: int, *, on: date, team_id: Any = _UNSET, job_role_id: Any = _UNSET
) -> None:
    """From `on`, the person is in `team_id` with `job_role_id` (either left out stays as it was).

    The open row ends at `on` (valid_to, the first day it no longer holds) and a new one opens on
    `on`. A change on or before
    the open row's first day (a second change the same day, or a correction before the person
    starts) replaces that row's values instead: there is no period in between to keep.
    """
    current = session.execute(
        sa.select(
            _MEMBERSHIP.c.id, _MEMBERSHIP.c.team_id, _MEMBERSHIP.c.job_role_id, _MEMBERSHIP.c.valid_from
        ).where(_MEMBERSHIP.c.employee_id == employee_id, _MEMBERSHIP.c.valid_to.is_(None))
    ).one_or_none()
    if current is None:  # a person stored before memberships existed and not backfilled
        row = session.execute(
            sa.select(_PEOPLE.c.team_id, _PEOPLE.c.job_role_id, _PEOPLE.c.hire_date).where(
                _PEOPLE.c.id == employee_id
            )
        ).one()
        bulk_insert(session, TeamMembership, [first_membership(employee_id, row._asdict())])
        return
    wanted = {
        "team_id": current.team_id if team_id is _UNSET else team_id,
        "job_role_id": current.job_role_id if job_role_id is _UNSET else job_role_id,
    }
    if (wanted["team_id"], wanted["job_role_id"]) == (current.team_id, current.job_role_id):
        return
    if on <= current.valid_from:
        session.execute(sa.update(_MEMBERSHIP).where(_MEMBERSHIP.c.id == current.id).values(**wanted))
        return
    session.execute(sa.update(_MEMBERSHIP).where(_MEMBERSHIP.c.id == current.id).values(valid_to=on))
    bulk_insert(
        session, TeamMembership, [{"employee_id": employee_id, **wanted, "valid_from": on, "valid_to": None}]
    )


def _move_start(session: Session, employee_id: int, hire_date: date) -> None:
    """The first membership starts on the (new) hire date, unless a later one already started."""
    first = session.execute(
        sa.select(_MEMBERSHIP.c.id, _MEMBERSHIP.c.valid_to)
        .where(_MEMBERSHIP.c.employee_id == employee_id)
        .order_by(_MEMBERSHIP.c.valid_from)
        .limit(1)
    ).one_or_none()
    if first is None:
        return
    if first.valid_to is not None and hire_date >= first.valid_to:
        raise ActionError(
            f"the hire date {hire_date} is on or after the person's change of team on {first.valid_to}"
        )
    session.execute(sa.update(_MEMBERSHIP).where(_MEMBERSHIP.c.id == first.id).values(valid_from=hire_date))
