"""People and teams as a reader sees them: the teams they may choose, a team's roster with this
week's learning and open work, and the new hires with their onboarding."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from ..access import Scope, require_individuals, team_clause
from ..models import Badge, Employee, EmployeeSkill, Enrollment, JobRole, LearningSession, LearningWeek, Team
from ..vocab import BADGE_NOT_COUNTED, OPEN_ENROLLMENT_STATUSES
from . import calendar
from .frames import to_frame
from .scope import named_team_ids, people_in_view, people_with_team_and_role
from .skills import skill_row_holds_on

_badge = Badge.__table__
_employee = Employee.__table__
_enrollment = Enrollment.__table__
_role = JobRole.__table__
_session = LearningSession.__table__
_week = LearningWeek.__table__
_skill = EmployeeSkill.__table__
_team = Team.__table__


def visible_team_names(session: Session, scope: Scope) -> list[str]:
    """Names of the teams in scope, alphabetical. An employee sees none (they have no team filter)."""
    if scope.only_self:
        return []
    team = Team.__table__
    rows = session.execute(sa.select(team.c.name).where(team_clause(scope, team.c.id)).order_by(team.c.name))
    return list(rows.scalars())


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

    # The four full weeks before from the weekly roll-up; this week so far from its sessions (up
    # to `as_of`, which may be mid-week), both through the table's (person, date) keys.
    this_week = sa.select(
        _session.c.employee_id, _session.c.minutes.label("now"), sa.literal(0).label("before")
    ).where(_session.c.date.between(this_monday, as_of))
    weeks_before = sa.select(
        _week.c.employee_id, sa.literal(0).label("now"), _week.c.minutes.label("before")
    ).where(_week.c.monday >= four_weeks_back, _week.c.monday < this_monday)
    both = sa.union_all(this_week, weeks_before).subquery("recent")
    minutes = (
        sa.select(
            both.c.employee_id,
            sa.func.sum(both.c.now).label("now"),
            sa.func.sum(both.c.before).label("before"),
        )
        .group_by(both.c.employee_id)
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
            people_with_team_and_role()
            .outerjoin(minutes, minutes.c.employee_id == _employee.c.id)
            .outerjoin(assignments, assignments.c.employee_id == _employee.c.id)
            .outerjoin(badges, badges.c.employee_id == _employee.c.id)
            .outerjoin(skills, skills.c.employee_id == _employee.c.id)
        )
        .where(in_view, calendar.employed_on(_employee.c, as_of))
        .order_by(_team.c.name, _employee.c.full_name)
    )
    return to_frame(session.execute(query).all(), ROSTER_COLUMNS)


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
            people_with_team_and_role().outerjoin(onboarding, onboarding.c.employee_id == _employee.c.id)
        )
        .where(
            in_view,
            _employee.c.hire_date > as_of - timedelta(days=within_days),
            calendar.employed_on(_employee.c, as_of),
        )
        .order_by(_employee.c.hire_date.desc(), _employee.c.full_name)
    )
    return to_frame(session.execute(query).all(), NEW_HIRE_COLUMNS)
