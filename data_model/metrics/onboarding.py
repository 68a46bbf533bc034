"""Onboarding plans, and what applying them would assign to whom (the preview the action follows).

A person's onboarding is the union of the active plans for their job role alone, their team
alone, and the two together. A credential in more than one of them is taken once: the earliest
due day, and required if any plan requires it. `planned_onboarding` is the one definition of
"what the plan gives this person": the Team page's preview and `apply_onboarding_plan` both use
it, so what a lead reads before applying is exactly what is written.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from ..access import EDITOR_ROLES, AccessDenied, Scope, people_clause, require_individuals
from ..models import Employee, Enrollment, JobRole, MicroCredential, OnboardingItem, OnboardingPlan, Team
from .frames import to_frame

_plan, _item = OnboardingPlan.__table__, OnboardingItem.__table__
_employee, _enrollment, _credential = Employee.__table__, Enrollment.__table__, MicroCredential.__table__
_team, _role = Team.__table__, JobRole.__table__

PLAN_COLUMNS = {
    "plan_id": "int",
    "plan": "str",
    "job_role": "str",
    "team": "str",
    "active": "bool",
    "position": "int",
    "credential": "str",
    "title": "str",
    "due_days_after_hire": "int",
    "required": "bool",
}
PREVIEW_COLUMNS = {
    "employee_id": "int",
    "employee_code": "str",
    "full_name": "str",
    "credential_id": "int",
    "credential": "str",
    "title": "str",
    "plan": "str",
    "required": "bool",
    "due_date": "date",
    "assigned": "bool",
    "why_not": "str",
}


def onboarding_plans(session: Session, scope: Scope, *, include_retired: bool = False) -> pd.DataFrame:
    """Every plan with its credentials in order, one row per credential (a plan with none has one
    row with an empty credential). Admin and HR see retired plans when they ask.

    Columns: plan_id, plan, job_role, team, active, position, credential (code), title,
    due_days_after_hire, required.
    """
    if scope.role == "employee":
        raise AccessDenied("onboarding plans are for admin, HR and leads")
    query = (
        sa.select(
            _plan.c.id,
            _plan.c.name,
            _role.c.title,
            _team.c.name,
            _plan.c.active,
            _item.c.position,
            _credential.c.code,
            _credential.c.title,
            _item.c.due_days_after_hire,
            _item.c.required,
        )
        .select_from(
            _plan.outerjoin(_role, _role.c.id == _plan.c.job_role_id)
            .outerjoin(_team, _team.c.id == _plan.c.team_id)
            .outerjoin(_item, _item.c.plan_id == _plan.c.id)
            .outerjoin(_credential, _credential.c.id == _item.c.credential_id)
        )
        .order_by(_plan.c.name, _plan.c.id, _item.c.position, _credential.c.code)
    )
    if not (include_retired and scope.role in EDITOR_ROLES):
        query = query.where(_plan.c.active)
    return to_frame(session.execute(query).all(), PLAN_COLUMNS)


@dataclass(frozen=True)
class PlannedOnboarding:
    """One credential a person's plans give them, and whether applying would assign it."""

    employee_id: int
    employee_code: str
    full_name: str
    credential_id: int
    credential: str
    title: str
    plan: str
    required: bool
    due_date: date
    why_not: str | None  # None: applying assigns it

    @property
    def assigned(self) -> bool:
        return self.why_not is None


def _active_items(session: Session, plan_ids: Collection[int] | None) -> list[Any]:
    """Every item of the active plans (or of `plan_ids`), with its plan's fit and its credential."""
    return list(
        session.execute(
            sa.select(
                _plan.c.job_role_id,
                _plan.c.team_id,
                _plan.c.name,
                _item.c.position,
                _item.c.credential_id,
                _credential.c.code,
                _credential.c.title,
                _credential.c.active,
                _item.c.due_days_after_hire,
                _item.c.required,
            )
            .select_from(
                _plan.join(_item, _item.c.plan_id == _plan.c.id).join(
                    _credential, _credential.c.id == _item.c.credential_id
                )
            )
            .where(_plan.c.active, sa.true() if plan_ids is None else _plan.c.id.in_(sorted(plan_ids)))
            .order_by(_item.c.position, _credential.c.code)
        ).all()
    )


def _held(session: Session, employee_ids: list[int]) -> dict[tuple[int, int], str]:
    """(person, credential) -> why it is not assigned again: completed wins over open."""
    state: dict[tuple[int, int], str] = {}
    for employee_id, credential_id, status in session.execute(
        sa.select(_enrollment.c.employee_id, _enrollment.c.credential_id, _enrollment.c.status).where(
            _enrollment.c.employee_id.in_(employee_ids), _enrollment.c.status != "withdrawn"
        )
    ):
        done = "already completed" if status == "completed" else "already assigned or in progress"
        if state.get((employee_id, credential_id)) != "already completed":
            state[(employee_id, credential_id)] = done
    return state


def _why_not(person: Any, first: Any, required: bool, held: str | None, as_of: date) -> str | None:
    if person.exit_date is not None and person.exit_date < as_of:
        return "has left the organisation"
    if not first.active:
        return "no longer offered in the catalog"
    if held is not None:
        return held
    if not required:
        return "optional in the plan: assign it from the Team page if wanted"
    return None


def planned_onboarding(
    session: Session,
    scope: Scope,
    *,
    employee_ids: list[int],
    as_of: date,
    plan_ids: Collection[int] | None = None,
    starts: Mapping[int, date] | None = None,
) -> list[PlannedOnboarding]:
    """What applying the onboarding plans on `as_of` would do for each of these people.

    Due dates count from the hire date, never before `as_of`. Not assigned, with the reason: an
    optional credential, one already completed or already open, one no longer offered, a person
    who has left, and (one row, credential empty) a person no plan covers. `plan_ids` narrows
    to those plans (an automatic rule for one plan, or a new team's plans); `starts` gives, by
    person, the day their due dates count from instead of the hire date (the day they joined a
    new team).
    """
    require_individuals(scope, "the onboarding preview")
    if not employee_ids:
        return []
    people = session.execute(
        sa.select(
            _employee.c.id,
            _employee.c.employee_code,
            _employee.c.full_name,
            _employee.c.team_id,
            _employee.c.job_role_id,
            _employee.c.hire_date,
            _employee.c.exit_date,
        )
        .where(_employee.c.id.in_(sorted(set(employee_ids))), people_clause(scope, _employee))
        .order_by(_employee.c.employee_code)
    ).all()
    items = _active_items(session, plan_ids)
    held = _held(session, [person.id for person in people])
    planned: list[PlannedOnboarding] = []
    for person in people:
        by_credential: dict[int, list] = {}
        for item in items:
            if item.job_role_id in (None, person.job_role_id) and item.team_id in (None, person.team_id):
                by_credential.setdefault(item.credential_id, []).append(item)
        if not by_credential:
            planned.append(
                PlannedOnboarding(
                    person.id,
                    person.employee_code,
                    person.full_name,
                    0,
                    "",
                    "",
                    "",
                    False,
                    as_of,
                    "no onboarding plan for their job role or team",
                )
            )
        start = (starts or {}).get(person.id, person.hire_date)
        for credential_id, same in by_credential.items():
            first = min(same, key=lambda i: (i.due_days_after_hire, i.position))
            required = any(i.required for i in same)
            planned.append(
                PlannedOnboarding(
                    person.id,
                    person.employee_code,
                    person.full_name,
                    credential_id,
                    first.code,
                    first.title,
                    " + ".join(sorted({i.name for i in same})),
                    required,
                    max(start + timedelta(days=first.due_days_after_hire), as_of),
                    _why_not(person, first, required, held.get((person.id, credential_id)), as_of),
                )
            )
    return planned


def onboarding_preview(
    session: Session, scope: Scope, *, employee_ids: list[int], as_of: date
) -> pd.DataFrame:
    """`planned_onboarding` as a table: one row per person and credential (see PREVIEW_COLUMNS);
    `assigned` says whether applying assigns it and `why_not` why not."""
    rows = [
        (p.employee_id, p.employee_code, p.full_name, p.credential_id, p.credential, p.title, p.plan,
         p.required, p.due_date, p.assigned, p.why_not)
        for p in planned_onboarding(session, scope, employee_ids=employee_ids, as_of=as_of)
    ]  # fmt: skip
    return to_frame(rows, PREVIEW_COLUMNS)


@dataclass(frozen=True)
class PlanChoices:
    """What a plan can be for and hold: job roles, teams and the credentials on offer, by id."""

    job_roles: dict[int, str]
    teams: dict[int, str]
    credentials: dict[int, str]  # "CODE: title"


def plan_choices(session: Session, scope: Scope) -> PlanChoices:
    """The options of the plan form (admin and HR)."""
    if scope.role not in EDITOR_ROLES:
        raise AccessDenied("onboarding plans are changed by admin and HR")
    roles = session.execute(sa.select(_role.c.id, _role.c.title).order_by(_role.c.title)).all()
    teams = session.execute(sa.select(_team.c.id, _team.c.name).order_by(_team.c.name)).all()
    offered = session.execute(
        sa.select(_credential.c.id, _credential.c.code, _credential.c.title)
        .where(_credential.c.active)
        .order_by(_credential.c.code)
    ).all()
    return PlanChoices(
        {i: t for i, t in roles},
        {i: n for i, n in teams},
        {i: f"{code}: {title}" for i, code, title in offered},
    )
