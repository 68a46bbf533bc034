"""Page-shaped assemblies, kept in one place: the Overview's headline figures and the teams it flags.

Each is built from the concept modules (learning, assignments, badges, skills) so the numbers are
the same ones the concept pages show; nothing here defines a figure of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from .. import clock
from ..access import Scope
from ..models import (
    Account,
    Badge,
    Employee,
    Enrollment,
    LearningSession,
    LearningWeek,
    MicroCredential,
    OnboardingPlan,
    TeamSkillTarget,
)
from ..vocab import BADGE_NOT_COUNTED, OPEN_ENROLLMENT_STATUSES
from . import calendar
from .learning import weekly_learning_minutes
from .scope import people_in_view

_badge = Badge.__table__
_employee = Employee.__table__
_enrollment = Enrollment.__table__
_session = LearningSession.__table__
_week = LearningWeek.__table__


def teams_under_target(
    session: Session, scope: Scope, *, as_of: date, below_share: float = 0.5
) -> pd.DataFrame:
    """Teams where fewer than `below_share` of the people met their weekly target last full week.

    Columns: team, week, employees, share_meeting_target, avg_minutes_per_employee (and
    `suppressed` for an executive: small teams are left out, their share cannot be shown).
    """
    week = calendar.last_full_week(as_of)
    teams = weekly_learning_minutes(session, scope, start=week.monday, end=week.sunday, by="team")
    if "suppressed" in teams.columns:
        teams = teams[teams["suppressed"].isna()]
    under = teams[teams["share_meeting_target"] < below_share]
    columns = ["team", "week", "employees", "share_meeting_target", "avg_minutes_per_employee"]
    return under.sort_values("share_meeting_target", kind="stable")[columns].reset_index(drop=True)


@dataclass(frozen=True)
class HeadlineFigures:
    """Figures about the people in scope on `as_of`.

    - active_employees: employed on `as_of`.
    - learning hours: all minutes logged in the last full ISO week (the newest week that
      ended before `as_of`) and in the week before it, as hours.
    - open_enrollments: assigned or in progress, assigned on or before `as_of`;
      overdue_enrollments: of those, due before `as_of`.
    - badges_earned: issued on or before `as_of` (revoked or failed ones not counted);
      badges_earned_last_30_days: issued in the 30 days ending on `as_of`;
      badges_expiring_30_days: badges of people employed on `as_of` that are valid today and
      expire within the next 30 days.
    """

    as_of: date
    active_employees: int
    last_week: str
    learning_hours_last_week: float
    week_before: str
    learning_hours_week_before: float
    open_enrollments: int
    overdue_enrollments: int
    badges_earned: int
    badges_earned_last_30_days: int
    badges_expiring_30_days: int


def headline_figures(session: Session, scope: Scope, *, as_of: date | None = None) -> HeadlineFigures:
    """The home page figures (see `HeadlineFigures`). Aggregates only, for every role."""
    as_of = as_of or clock.today()
    last = calendar.last_full_week(as_of)
    before = calendar.week_of(last.monday - timedelta(days=7))
    in_view = people_in_view(scope, None, _employee.c)

    def count(source: sa.FromClause, *conditions: sa.ColumnElement) -> int:
        return session.execute(
            sa.select(sa.func.count()).select_from(source).where(in_view, *conditions)
        ).scalar_one()

    def minutes_in(week: calendar.Week) -> sa.ColumnElement:
        in_week = _week.c.monday == week.monday
        return sa.func.coalesce(sa.func.sum(sa.case((in_week, _week.c.minutes), else_=0)), 0)

    learning = session.execute(  # two full weeks: the weekly roll-up holds them
        sa.select(minutes_in(last), minutes_in(before))
        .select_from(_week.join(_employee, _employee.c.id == _week.c.employee_id))
        .where(in_view, _week.c.monday.in_([before.monday, last.monday]))
    ).one()
    enrollments = _enrollment.join(_employee, _employee.c.id == _enrollment.c.employee_id)
    badges = _badge.join(_employee, _employee.c.id == _badge.c.employee_id)
    counted_badge = _badge.c.verification.not_in(BADGE_NOT_COUNTED)
    is_open = sa.and_(_enrollment.c.status.in_(OPEN_ENROLLMENT_STATUSES), _enrollment.c.assigned_on <= as_of)
    return HeadlineFigures(
        as_of=as_of,
        active_employees=count(_employee, calendar.employed_on(_employee.c, as_of)),
        last_week=last.label,
        learning_hours_last_week=int(learning[0]) / 60,
        week_before=before.label,
        learning_hours_week_before=int(learning[1]) / 60,
        open_enrollments=count(enrollments, is_open),
        overdue_enrollments=count(enrollments, is_open, _enrollment.c.due_date < as_of),
        badges_earned=count(badges, counted_badge, _badge.c.issued_on <= as_of),
        badges_earned_last_30_days=count(
            badges, counted_badge, _badge.c.issued_on.between(as_of - timedelta(days=29), as_of)
        ),
        badges_expiring_30_days=count(
            badges,
            counted_badge,
            calendar.employed_on(_employee.c, as_of),
            _badge.c.issued_on <= as_of,
            _badge.c.expires_on > as_of,
            _badge.c.expires_on <= as_of + timedelta(days=30),
        ),
    )


@dataclass(frozen=True)
class SetupStep:
    """One step of setting up a real organisation, done or not, and the page that does it."""

    key: str
    label: str
    done: bool
    page: str  # a page key of ui.navigation.PAGES


def setup_checklist(session: Session, scope: Scope) -> list[SetupStep]:
    """What a new deployment still has to do, in order, ticked from what the database holds.

    For admin and HR (who do these steps); everyone else gets an empty list. A step is done as
    soon as one row of its kind exists: people, the catalog, team targets, an account beyond the
    first, an onboarding plan, learning time.
    """
    if scope.role not in ("admin", "hr"):
        return []

    def some(model: Any, at_least: int = 1) -> bool:
        table = model.__table__
        found = session.execute(
            sa.select(sa.func.count()).select_from(sa.select(table).limit(at_least).subquery())
        )
        return int(found.scalar_one()) >= at_least

    return [
        SetupStep("people", "Import your people (an HRIS export)", some(Employee), "data"),
        SetupStep("catalog", "Add the micro-credentials you offer", some(MicroCredential), "catalog"),
        SetupStep("targets", "Set team skill targets", some(TeamSkillTarget), "data"),
        SetupStep("accounts", "Invite HR, leads and executives", some(Account, 2), "accounts"),
        SetupStep("onboarding", "Define onboarding plans", some(OnboardingPlan), "onboarding"),
        SetupStep("learning", "Bring in learning time (LMS export or xAPI)", some(LearningSession), "data"),
    ]
