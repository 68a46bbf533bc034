"""One person's learning: history per week, sessions, enrollments, badges, skills, pathways, streak.

Every function here answers for one `employee_id` and first checks, in SQL, that the reader's
scope covers that person: HR and admin see anyone, a lead the people of the teams they lead,
an employee only themselves. Anyone else gets `AccessDenied` (an executive always does: these
rows are about a single person). The queries then filter by the reader's scope and the person
in SQL again, so a check can never be skipped by calling a query on its own.

Where a figure already has a house definition it is reused, narrowed to the one person:
weekly minutes and targets come from `learning.weekly_learning_minutes(by="employee")`,
enrollments from `roster.enrollment_list`, pathway progress from `pathways.pathway_progress`,
and a skill level follows the rule of `skills` (a badge's skill ends when the badge expires or
is revoked).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from ..access import AccessDenied, Scope, people_clause, require_individuals
from ..models import Badge, Employee, EmployeeSkill, JobRole, LearningSession, MicroCredential, Skill, Team
from ..vocab import ENROLLMENT_STATUSES, OPEN_ENROLLMENT_STATUSES, PROFICIENCY
from . import calendar
from .assignments import enrollment_list
from .frames import to_frame
from .learning import weekly_learning_minutes
from .pathways import pathway_progress
from .scope import people_with_team_and_role
from .skills import BADGE_NOT_TRUSTED, skill_row_holds_on
from .sqlfuncs import days_between

EXPIRING_SOON_DAYS = 30
STREAK_WINDOW_WEEKS = 26

_employee = Employee.__table__
_team = Team.__table__
_role = JobRole.__table__
_manager = Employee.__table__.alias("manager")
_session = LearningSession.__table__
_credential = MicroCredential.__table__
_badge = Badge.__table__
_held = EmployeeSkill.__table__
_skill = Skill.__table__


# -- who may be looked at --------------------------------------------------------------------------


def _this_person(scope: Scope, employee_id: int) -> sa.ColumnElement[bool]:
    """SQL: the row is about `employee_id` and that person is in the reader's scope."""
    return sa.and_(_employee.c.id == employee_id, people_clause(scope, _employee.c))


def person_scope(session: Session, scope: Scope, *, employee_id: int) -> Scope:
    """The reader's view narrowed to one person they may see; AccessDenied for anyone else.

    The narrowed scope only ever reads (it is how the house read functions are asked about
    one person); writes keep using the reader's own scope.
    """
    require_individuals(scope, "one person's learning")
    found = session.execute(sa.select(_employee.c.id).where(_this_person(scope, employee_id))).first()
    if found is None:
        raise AccessDenied("this person is not in your teams: you can only look at people you may see")
    return Scope.for_employee(employee_id, email=scope.email)


OPTION_COLUMNS = {
    "employee_id": "int",
    "employee_code": "str",
    "full_name": "str",
    "team": "str",
    "job_role": "str",
    "employed": "bool",
}


def person_options(
    session: Session, scope: Scope, *, as_of: date, include_leavers: bool = False
) -> pd.DataFrame:
    """The people this reader may open, for the person picker, alphabetical by name.

    employed: employed on `as_of`. People who have left are listed only with `include_leavers`
    (their history stays readable); people not yet started are never listed.

    Columns: employee_id, employee_code, full_name, team, job_role, employed.
    """
    require_individuals(scope, "the list of people")
    employed = calendar.employed_on(_employee.c, as_of)
    query = (
        sa.select(
            _employee.c.id,
            _employee.c.employee_code,
            _employee.c.full_name,
            _team.c.name,
            _role.c.title,
            sa.case((employed, True), else_=False),
        )
        .select_from(people_with_team_and_role())
        .where(people_clause(scope, _employee.c), _employee.c.hire_date <= as_of)
        .order_by(_employee.c.full_name, _employee.c.employee_code)
    )
    if not include_leavers:
        query = query.where(employed)
    return to_frame(session.execute(query).all(), OPTION_COLUMNS)


# -- who they are ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonProfile:
    """Who the person is. `own_target_minutes` is their personal weekly target, None = the policy's."""

    employee_id: int
    employee_code: str
    full_name: str
    email: str
    team: str | None
    job_role: str | None
    manager: str | None
    location: str | None
    hire_date: date
    exit_date: date | None
    own_target_minutes: int | None


def person_profile(session: Session, scope: Scope, *, employee_id: int) -> PersonProfile:
    """Name, team, job role, manager, dates of one person the reader may see."""
    person_scope(session, scope, employee_id=employee_id)
    row = session.execute(
        sa.select(
            _employee.c.id,
            _employee.c.employee_code,
            _employee.c.full_name,
            _employee.c.email,
            _team.c.name,
            _role.c.title,
            _manager.c.full_name,
            _employee.c.location,
            _employee.c.hire_date,
            _employee.c.exit_date,
            _employee.c.weekly_target_minutes,
        )
        .select_from(people_with_team_and_role().outerjoin(_manager, _manager.c.id == _employee.c.manager_id))
        .where(_this_person(scope, employee_id))
    ).one()
    return PersonProfile(*row)


# -- learning time -------------------------------------------------------------------------------------

WEEK_COLUMNS = ["week", "minutes", "target_minutes", "met_target"]


def weekly_history(
    session: Session, scope: Scope, *, employee_id: int, start: date, end: date
) -> pd.DataFrame:
    """Learning minutes per ISO week against the person's target in that week, zero weeks included.

    Every ISO week touching [start, end] in which the person was employed, oldest first (the
    house definition: `weekly_learning_minutes(by="employee")`).

    Columns: week, minutes, target_minutes, met_target.
    """
    one = person_scope(session, scope, employee_id=employee_id)
    weeks = weekly_learning_minutes(session, one, start=start, end=end, by="employee")
    return weeks[WEEK_COLUMNS].reset_index(drop=True)


SESSION_COLUMNS = {
    "session_id": "int",
    "date": "date",
    "minutes": "int",
    "credential_code": "str",
    "credential_title": "str",
    "source": "str",
    "note": "str",
}


def learning_sessions(
    session: Session, scope: Scope, *, employee_id: int, start: date, end: date
) -> pd.DataFrame:
    """Each learning session the person logged (or had imported) from `start` to `end`, newest first.

    source: manual (typed in), csv (a file import) or xapi (a learning platform's statements).
    Columns: session_id, date, minutes, credential_code, credential_title (empty when the time
    was not for a credential), source, note.
    """
    person_scope(session, scope, employee_id=employee_id)
    query = (
        sa.select(
            _session.c.id,
            _session.c.date,
            _session.c.minutes,
            _credential.c.code,
            _credential.c.title,
            _session.c.source,
            _session.c.note,
        )
        .select_from(
            _session.join(_employee, _employee.c.id == _session.c.employee_id).outerjoin(
                _credential, _credential.c.id == _session.c.credential_id
            )
        )
        .where(_this_person(scope, employee_id), _session.c.date.between(start, end))
        .order_by(_session.c.date.desc(), _session.c.id.desc())
    )
    return to_frame(session.execute(query).all(), SESSION_COLUMNS)


@dataclass(frozen=True)
class TargetStreak:
    """How the person stands against their weekly learning target.

    this_week: the ISO week holding `as_of`, still running; its minutes are so far.
    streak_weeks: consecutive ISO weeks at or above target, counted back from the last full
    week (the week before this one); 0 when the last full week was under target. The running
    week never breaks a streak and does not count in it yet. streak_since: the first week of
    the streak (None when 0).
    """

    as_of: date
    this_week: str
    minutes_this_week: int
    target_this_week: int | None
    last_full_week: str
    minutes_last_full_week: int
    target_last_full_week: int | None
    streak_weeks: int
    streak_since: str | None

    @property
    def minutes_to_go_this_week(self) -> int:
        """Minutes still to learn this week to meet the target (0 when met)."""
        return max(0, (self.target_this_week or 0) - self.minutes_this_week)


def target_streak(session: Session, scope: Scope, *, employee_id: int, as_of: date) -> TargetStreak:
    """This week's minutes against target, and the run of full weeks at or above target.

    The weeks and targets are `weekly_learning_minutes(by="employee")`'s, narrowed to the
    person: a week counts from hire to exit, and its target is the person's own, else their
    team's policy, else the organisation's, else 240 minutes. Looks back 26 weeks at a time
    until a week under target (or the hire date) ends the run.
    """
    one = person_scope(session, scope, employee_id=employee_id)
    now = weekly_learning_minutes(session, one, start=as_of, end=as_of, by="employee")
    last = calendar.last_full_week(as_of)
    streak = 0
    first: str | None = None
    end = last.sunday
    while True:
        start = end - timedelta(weeks=STREAK_WINDOW_WEEKS) + timedelta(days=1)
        weeks = weekly_learning_minutes(session, one, start=start, end=end, by="employee")
        rows = list(zip(weeks["week"], weeks["met_target"], strict=True))
        broken = False
        for week, met in reversed(rows):
            if not met:
                broken = True
                break
            streak += 1
            first = week
        if broken or len(rows) < STREAK_WINDOW_WEEKS:  # a week under target, or before the hire date
            break
        end = start - timedelta(days=1)
    newest = weekly_learning_minutes(session, one, start=last.monday, end=last.sunday, by="employee")
    return TargetStreak(
        as_of=as_of,
        this_week=calendar.week_label(as_of),
        minutes_this_week=int(now["minutes"].sum()),
        target_this_week=int(now["target_minutes"].iloc[0]) if len(now) else None,
        last_full_week=last.label,
        minutes_last_full_week=int(newest["minutes"].sum()),
        target_last_full_week=int(newest["target_minutes"].iloc[0]) if len(newest) else None,
        streak_weeks=streak,
        streak_since=first,
    )


# -- enrollments and pathways ----------------------------------------------------------------------


def person_enrollments(
    session: Session,
    scope: Scope,
    *,
    employee_id: int,
    as_of: date,
    statuses: tuple[str, ...] = ENROLLMENT_STATUSES,
) -> pd.DataFrame:
    """The person's enrollments with the given statuses (all by default): open ones first, newest first.

    Columns as `roster.enrollment_list`: enrollment_id, employee_code, full_name, team,
    credential_code, credential_title, status, reason, assigned_on, due_date, started_on,
    completed_on, days_overdue.
    """
    one = person_scope(session, scope, employee_id=employee_id)
    rows = enrollment_list(session, one, as_of=as_of, statuses=statuses, employee_id=employee_id)
    still_open = rows["status"].isin(OPEN_ENROLLMENT_STATUSES)
    order = rows.assign(_open=still_open).sort_values(
        ["_open", "assigned_on", "enrollment_id"], ascending=[False, False, False], kind="stable"
    )
    return order.drop(columns=["_open"]).reset_index(drop=True)


def person_pathways(session: Session, scope: Scope, *, employee_id: int, as_of: date) -> pd.DataFrame:
    """The pathways the person is on, with required credentials done and their projected finish.

    projected_finish: when the required hours left would be done at the person's pace of the
    last 8 full weeks; empty when they learned nothing in those weeks. Columns as
    `pathways.pathway_progress`: employee_code, full_name, team, pathway, qualification, done,
    required, hours_left, pace_minutes_per_week, projected_finish.
    """
    one = person_scope(session, scope, employee_id=employee_id)
    return pathway_progress(session, one, as_of=as_of)


# -- badges and skills ------------------------------------------------------------------------------

BADGE_COLUMNS = {
    "badge_id": "int",
    "name": "str",
    "issuer_name": "str",
    "credential_code": "str",
    "issued_on": "date",
    "expires_on": "date",
    "verification": "str",
    "format": "str",
    "status": "str",
    "days_to_expiry": "int",
    "evidence_url": "str",
}


def person_badges(
    session: Session,
    scope: Scope,
    *,
    employee_id: int,
    as_of: date,
    expiring_within_days: int = EXPIRING_SOON_DAYS,
) -> pd.DataFrame:
    """The person's badges, newest first, each with whether it still counts on `as_of`.

    status: revoked / failed when verification says so (kept as a record, grants nothing);
    expired when `expires_on` is on or before `as_of`; expiring soon when it expires within
    `expiring_within_days` (30) days; else valid. verification: verified (signature or
    issuer checked), unverified (nothing to check against), failed, revoked.
    days_to_expiry: days from `as_of` to expiry (negative once expired; empty = never expires).

    Columns: badge_id, name, issuer_name, credential_code, issued_on, expires_on, verification,
    format, status, days_to_expiry, evidence_url.
    """
    person_scope(session, scope, employee_id=employee_id)
    soon = as_of + timedelta(days=expiring_within_days)
    expires = _badge.c.expires_on
    status = sa.case(
        (_badge.c.verification == "revoked", "revoked"),
        (_badge.c.verification == "failed", "failed"),
        (sa.and_(expires.is_not(None), expires <= as_of), "expired"),
        (sa.and_(expires.is_not(None), expires <= soon), "expiring soon"),
        else_="valid",
    )
    query = (
        sa.select(
            _badge.c.id,
            _badge.c.name,
            _badge.c.issuer_name,
            _credential.c.code,
            _badge.c.issued_on,
            expires,
            _badge.c.verification,
            _badge.c.format,
            status,
            sa.case((expires.is_(None), None), else_=days_between(expires, sa.literal(as_of, sa.Date))),
            _badge.c.evidence_url,
        )
        .select_from(
            _badge.join(_employee, _employee.c.id == _badge.c.employee_id).outerjoin(
                _credential, _credential.c.id == _badge.c.credential_id
            )
        )
        .where(_this_person(scope, employee_id), _badge.c.issued_on <= as_of)
        .order_by(_badge.c.issued_on.desc(), _badge.c.id.desc())
    )
    return to_frame(session.execute(query).all(), BADGE_COLUMNS)


def _level_name(level: sa.ColumnElement) -> sa.ColumnElement:
    return sa.case(*((level == k, v) for k, v in PROFICIENCY.items()), else_="")


SKILL_COLUMNS = {
    "skill_id": "int",
    "skill": "str",
    "category": "str",
    "level": "int",
    "level_name": "str",
    "source": "str",
    "since": "date",
}


def current_skills(session: Session, scope: Scope, *, employee_id: int, as_of: date) -> pd.DataFrame:
    """The person's level in each skill on `as_of`: the highest level among the rows valid that day.

    A row from a badge stops counting when the badge expires or is revoked (as in every skills
    figure). source: where that highest level comes from (badge / assessment / manager / self;
    the first alphabetically when several give it); since: the earliest start among those rows.

    Columns: skill_id, skill, category, level (1..5), level_name (Awareness .. Expert), source, since.
    """
    person_scope(session, scope, employee_id=employee_id)
    rows = (
        sa.select(_held.c.skill_id, _held.c.level, _held.c.source, _held.c.valid_from)
        .select_from(
            _held.join(_employee, _employee.c.id == _held.c.employee_id).outerjoin(
                _badge, _badge.c.id == _held.c.badge_id
            )
        )
        .where(_this_person(scope, employee_id), skill_row_holds_on(as_of))
        .cte("held_today")
    )
    best = (
        sa.select(rows.c.skill_id, sa.func.max(rows.c.level).label("level"))
        .group_by(rows.c.skill_id)
        .cte("best")
    )
    query = (
        sa.select(
            best.c.skill_id,
            _skill.c.name,
            _skill.c.category,
            best.c.level,
            _level_name(best.c.level),
            sa.func.min(rows.c.source),
            sa.func.min(rows.c.valid_from),
        )
        .select_from(
            best.join(rows, sa.and_(rows.c.skill_id == best.c.skill_id, rows.c.level == best.c.level)).join(
                _skill, _skill.c.id == best.c.skill_id
            )
        )
        .group_by(best.c.skill_id, _skill.c.name, _skill.c.category, best.c.level)
        .order_by(best.c.level.desc(), _skill.c.name)
    )
    return to_frame(session.execute(query).all(), SKILL_COLUMNS)


HISTORY_COLUMNS = {
    "skill": "str",
    "category": "str",
    "level": "int",
    "level_name": "str",
    "source": "str",
    "valid_from": "date",
    "valid_to": "date",
    "badge": "str",
    "state": "str",
}


def skill_history(session: Session, scope: Scope, *, employee_id: int, as_of: date) -> pd.DataFrame:
    """Every skill level the person ever held, open and closed rows alike, by skill then start date.

    A level holds from valid_from until the day before valid_to (empty valid_to: still open).
    state on `as_of`: current (counts today); badge expired / badge revoked (its badge no longer
    counts); closed (replaced or ended: valid_to passed); not yet (starts after `as_of`).
    badge: the badge a row came from, if any.

    Columns: skill, category, level, level_name, source, valid_from, valid_to, badge, state.
    """
    person_scope(session, scope, employee_id=employee_id)
    state = sa.case(
        (_held.c.valid_from > as_of, "not yet"),
        (_badge.c.verification.in_(BADGE_NOT_TRUSTED), "badge revoked"),
        (sa.and_(_badge.c.expires_on.is_not(None), _badge.c.expires_on <= as_of), "badge expired"),
        (sa.and_(_held.c.valid_to.is_not(None), _held.c.valid_to <= as_of), "closed"),
        else_="current",
    )
    query = (
        sa.select(
            _skill.c.name,
            _skill.c.category,
            _held.c.level,
            _level_name(_held.c.level),
            _held.c.source,
            _held.c.valid_from,
            _held.c.valid_to,
            _badge.c.name,
            state,
        )
        .select_from(
            _held.join(_employee, _employee.c.id == _held.c.employee_id)
            .join(_skill, _skill.c.id == _held.c.skill_id)
            .outerjoin(_badge, _badge.c.id == _held.c.badge_id)
        )
        .where(_this_person(scope, employee_id))
        .order_by(_skill.c.name, _held.c.valid_from, _held.c.source, _held.c.id)
    )
    return to_frame(session.execute(query).all(), HISTORY_COLUMNS)
