"""A lead's view of their people: the roster with this week's learning, and the enrollments to act on."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from ..access import Scope, require_individuals
from ..models import (
    Badge,
    Employee,
    EmployeeSkill,
    Enrollment,
    JobRole,
    LearningSession,
    MicroCredential,
    Team,
)
from ..models.vocab import BADGE_NOT_COUNTED, OPEN_ENROLLMENT_STATUSES
from . import calendar
from .frames import to_frame
from .people import named_team_ids, people_in_view
from .skills import skill_row_holds_on
from .sqlfuncs import days_between

_employee = Employee.__table__
_team = Team.__table__
_role = JobRole.__table__
_session = LearningSession.__table__
_enrollment = Enrollment.__table__
_badge = Badge.__table__
_skill = EmployeeSkill.__table__
_credential = MicroCredential.__table__

ROSTER_COLUMNS = {
    "employee_id": "int",
    "employee_code": "str",
    "full_name": "str",
    "team": "str",
    "job_role": "str",
    "hire_date": "date",
    "minutes_this_week": "int",
    "minutes_last_4_weeks": "int",
    "open_assignments": "int",
    "overdue": "int",
    "valid_badges": "int",
    "skills": "int",
}


def team_roster(session: Session, scope: Scope, *, as_of: date, team: str | None = None) -> pd.DataFrame:
    """Everyone employed on `as_of` in the teams in view, with their learning and assignments.

    minutes_this_week: the ISO week holding `as_of` so far; minutes_last_4_weeks: the four full
    weeks before it. open_assignments: assigned or in progress; overdue: of those, due before
    `as_of`. valid_badges: not revoked or failed, issued by `as_of` and not expired.
    skills: skills held on `as_of` at any level (a revoked or expired badge gives none).

    Columns: employee_id, employee_code, full_name, team, job_role, hire_date, minutes_this_week,
    minutes_last_4_weeks, open_assignments, overdue, valid_badges, skills.
    """
    require_individuals(scope, "the team roster")
    this_monday = calendar.monday_of(as_of)
    four_weeks_back = this_monday - timedelta(weeks=4)
    in_view = people_in_view(scope, named_team_ids(session, team), _employee.c)

    minutes = (
        sa.select(
            _session.c.employee_id,
            sa.func.sum(sa.case((_session.c.date >= this_monday, _session.c.minutes), else_=0)).label("now"),
            sa.func.sum(sa.case((_session.c.date < this_monday, _session.c.minutes), else_=0)).label(
                "before"
            ),
        )
        .where(_session.c.date >= four_weeks_back, _session.c.date <= as_of)
        .group_by(_session.c.employee_id)
        .subquery("minutes")
    )
    is_open = _enrollment.c.status.in_(OPEN_ENROLLMENT_STATUSES)
    assignments = (
        sa.select(
            _enrollment.c.employee_id,
            sa.func.sum(sa.case((is_open, 1), else_=0)).label("open"),
            sa.func.sum(sa.case((sa.and_(is_open, _enrollment.c.due_date < as_of), 1), else_=0)).label(
                "overdue"
            ),
        )
        .group_by(_enrollment.c.employee_id)
        .subquery("assignments")
    )
    badges = (
        sa.select(_badge.c.employee_id, sa.func.count().label("valid"))
        .where(
            _badge.c.verification.not_in(BADGE_NOT_COUNTED),
            _badge.c.issued_on <= as_of,
            sa.or_(_badge.c.expires_on.is_(None), _badge.c.expires_on > as_of),
        )
        .group_by(_badge.c.employee_id)
        .subquery("badges")
    )
    skills = (
        sa.select(_skill.c.employee_id, sa.func.count(sa.distinct(_skill.c.skill_id)).label("held"))
        .select_from(_skill.outerjoin(_badge, _badge.c.id == _skill.c.badge_id))
        .where(skill_row_holds_on(as_of))
        .group_by(_skill.c.employee_id)
        .subquery("skills")
    )
    query = (
        sa.select(
            _employee.c.id,
            _employee.c.employee_code,
            _employee.c.full_name,
            _team.c.name,
            _role.c.title,
            _employee.c.hire_date,
            sa.func.coalesce(minutes.c.now, 0),
            sa.func.coalesce(minutes.c.before, 0),
            sa.func.coalesce(assignments.c.open, 0),
            sa.func.coalesce(assignments.c.overdue, 0),
            sa.func.coalesce(badges.c.valid, 0),
            sa.func.coalesce(skills.c.held, 0),
        )
        .select_from(
            _employee.outerjoin(_team, _team.c.id == _employee.c.team_id)
            .outerjoin(_role, _role.c.id == _employee.c.job_role_id)
            .outerjoin(minutes, minutes.c.employee_id == _employee.c.id)
            .outerjoin(assignments, assignments.c.employee_id == _employee.c.id)
            .outerjoin(badges, badges.c.employee_id == _employee.c.id)
            .outerjoin(skills, skills.c.employee_id == _employee.c.id)
        )
        .where(in_view, calendar.employed_on(_employee.c, as_of))
        .order_by(_team.c.name, _employee.c.full_name)
    )
    return to_frame(session.execute(query).all(), ROSTER_COLUMNS)


ENROLLMENT_COLUMNS = {
    "enrollment_id": "int",
    "employee_code": "str",
    "full_name": "str",
    "team": "str",
    "credential_code": "str",
    "credential_title": "str",
    "status": "str",
    "reason": "str",
    "assigned_on": "date",
    "due_date": "date",
    "started_on": "date",
    "completed_on": "date",
    "days_overdue": "int",
}


def enrollment_list(
    session: Session,
    scope: Scope,
    *,
    as_of: date,
    team: str | None = None,
    statuses: tuple[str, ...] = OPEN_ENROLLMENT_STATUSES,
    employee_id: int | None = None,
) -> pd.DataFrame:
    """Enrollments of the people in view with the given statuses, the most urgent first.

    days_overdue: days past the due date on `as_of` for open enrollments, else empty.

    Columns: enrollment_id, employee_code, full_name, team, credential_code, credential_title,
    status, reason, assigned_on, due_date, started_on, completed_on, days_overdue.
    """
    require_individuals(scope, "the enrollment list")
    in_view = people_in_view(scope, named_team_ids(session, team), _employee.c)
    overdue = sa.case(
        (
            sa.and_(_enrollment.c.status.in_(OPEN_ENROLLMENT_STATUSES), _enrollment.c.due_date < as_of),
            days_between(sa.literal(as_of, sa.Date), _enrollment.c.due_date),
        ),
        else_=None,
    )
    query = (
        sa.select(
            _enrollment.c.id,
            _employee.c.employee_code,
            _employee.c.full_name,
            _team.c.name,
            _credential.c.code,
            _credential.c.title,
            _enrollment.c.status,
            _enrollment.c.reason,
            _enrollment.c.assigned_on,
            _enrollment.c.due_date,
            _enrollment.c.started_on,
            _enrollment.c.completed_on,
            overdue,
        )
        .select_from(
            _enrollment.join(_employee, _employee.c.id == _enrollment.c.employee_id)
            .join(_credential, _credential.c.id == _enrollment.c.credential_id)
            .outerjoin(_team, _team.c.id == _employee.c.team_id)
        )
        .where(in_view, _enrollment.c.status.in_(statuses))
        .order_by(_enrollment.c.due_date.is_(None), _enrollment.c.due_date, _employee.c.full_name)
    )
    if employee_id is not None:
        query = query.where(_employee.c.id == employee_id)
    return to_frame(session.execute(query).all(), ENROLLMENT_COLUMNS)


NEW_HIRE_COLUMNS = {
    "employee_id": "int",
    "employee_code": "str",
    "full_name": "str",
    "team": "str",
    "job_role": "str",
    "hire_date": "date",
    "onboarding_assigned": "int",
}


def new_hires(
    session: Session, scope: Scope, *, as_of: date, within_days: int = 90, team: str | None = None
) -> pd.DataFrame:
    """People hired in the `within_days` before `as_of`, with how many onboarding enrollments they have.

    Columns: employee_id, employee_code, full_name, team, job_role, hire_date, onboarding_assigned.
    """
    require_individuals(scope, "the new hires list")
    in_view = people_in_view(scope, named_team_ids(session, team), _employee.c)
    onboarding = (
        sa.select(_enrollment.c.employee_id, sa.func.count().label("n"))
        .where(_enrollment.c.reason == "onboarding")
        .group_by(_enrollment.c.employee_id)
        .subquery("onboarding")
    )
    query = (
        sa.select(
            _employee.c.id,
            _employee.c.employee_code,
            _employee.c.full_name,
            _team.c.name,
            _role.c.title,
            _employee.c.hire_date,
            sa.func.coalesce(onboarding.c.n, 0),
        )
        .select_from(
            _employee.outerjoin(_team, _team.c.id == _employee.c.team_id)
            .outerjoin(_role, _role.c.id == _employee.c.job_role_id)
            .outerjoin(onboarding, onboarding.c.employee_id == _employee.c.id)
        )
        .where(
            in_view,
            _employee.c.hire_date > as_of - timedelta(days=within_days),
            calendar.employed_on(_employee.c, as_of),
        )
        .order_by(_employee.c.hire_date.desc(), _employee.c.full_name)
    )
    return to_frame(session.execute(query).all(), NEW_HIRE_COLUMNS)
