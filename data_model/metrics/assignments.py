"""Assignment progress: enrollments by status, the overdue list, completion rate and speed,
and onboarding completed within N days of hire.

An enrollment is an assignment when someone else made it (`assigned_by_id` set); these figures
cover every enrollment unless `assigned_only=True`. Status is the stored status (the database
keeps it in step with `completed_on`). Team = the person's current team.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from .. import clock
from ..access import Scope, require_individuals
from ..models import (
    Employee,
    Enrollment,
    MicroCredential,
    Team,
)
from ..vocab import ENROLLMENT_STATUSES, OPEN_ENROLLMENT_STATUSES
from .frames import suppress_small_groups, to_frame
from .scope import MEMBERSHIP, at_the_time, history_in_view, named_team_ids, people_in_view, with_team
from .sqlfuncs import as_float, days_between, ratio

GroupBy = Literal["team", "org"]

_employee = Employee.__table__
_enrollment = Enrollment.__table__
_team = Team.__table__
_credential = MicroCredential.__table__


def _check_by(by: str) -> None:
    if by not in ("team", "org"):
        raise ValueError(f"by must be team or org, not {by!r}")


def _base(scope: Scope, team_ids: frozenset[int] | None) -> tuple[sa.FromClause, sa.ColumnElement]:
    source = with_team(_enrollment.join(_employee, _employee.c.id == _enrollment.c.employee_id))
    return source, people_in_view(scope, team_ids, _employee)


def _grouped_select(by: GroupBy, figures: list[sa.ColumnElement]) -> tuple[sa.Select, dict[str, str]]:
    """select(figures), with the team name first and grouped by team when by="team"."""
    if by == "team":
        query = sa.select(_team.c.name, *figures).group_by(_employee.c.team_id, _team.c.name)
        return query, {"team": "str"}
    return sa.select(*figures), {}


def _by_team_name(frame: pd.DataFrame) -> pd.DataFrame:
    if "team" not in frame.columns:
        return frame
    return frame.sort_values("team", na_position="last", kind="stable").reset_index(drop=True)


def _overdue(as_of: date) -> sa.ColumnElement:
    return sa.and_(_enrollment.c.status.in_(OPEN_ENROLLMENT_STATUSES), _enrollment.c.due_date < as_of)


def assignment_status_counts(
    session: Session,
    scope: Scope,
    *,
    as_of: date | None = None,
    by: GroupBy = "team",
    team: str | None = None,
    start: date | None = None,
    end: date | None = None,
    assigned_only: bool = False,
) -> pd.DataFrame:
    """How many enrollments are in each status, and how many of the open ones are overdue.

    Counts enrollments assigned on or before `as_of` (and within [start, end] of `assigned_on`
    when given). Overdue: not completed or withdrawn, due date before `as_of`.

    Columns: [team,] people, assigned, in_progress, completed, withdrawn, overdue, total.
    `people` is how many different people hold these enrollments; an executive gets a trailing
    `suppressed` column and empty counts for groups under 5 people.
    """
    _check_by(by)
    as_of = as_of or clock.today()
    source, where = _base(scope, named_team_ids(session, team))
    conditions = [where, _enrollment.c.assigned_on <= as_of]
    if start is not None:
        conditions.append(_enrollment.c.assigned_on >= start)
    if end is not None:
        conditions.append(_enrollment.c.assigned_on <= end)
    if assigned_only:
        conditions.append(_enrollment.c.assigned_by_id.is_not(None))

    def count_if(condition: sa.ColumnElement) -> sa.ColumnElement:
        return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)

    figures: list[sa.ColumnElement[Any]] = [sa.func.count(sa.distinct(_enrollment.c.employee_id))]
    figures += [count_if(_enrollment.c.status == status) for status in ENROLLMENT_STATUSES]
    figures += [count_if(_overdue(as_of)), sa.func.count()]
    query, columns = _grouped_select(by, figures)
    query = query.select_from(source).where(*conditions)
    columns |= {n: "int" for n in ["people", *ENROLLMENT_STATUSES, "overdue", "total"]}
    frame = _by_team_name(to_frame(session.execute(query).all(), columns))
    counts = [*ENROLLMENT_STATUSES, "overdue", "total"]
    return suppress_small_groups(frame, scope, size="people", figures=counts)


OVERDUE_COLUMNS = {
    "employee_code": "str",
    "full_name": "str",
    "team": "str",
    "credential_code": "str",
    "credential_title": "str",
    "status": "str",
    "reason": "str",
    "assigned_on": "date",
    "due_date": "date",
    "days_overdue": "int",
}


def overdue_enrollments(
    session: Session, scope: Scope, *, as_of: date | None = None, team: str | None = None
) -> pd.DataFrame:
    """Enrollments not completed or withdrawn whose due date is before `as_of`, most overdue first.

    Refused for an executive (it names people; use `assignment_status_counts` for the count).

    Columns: employee_code, full_name, team, credential_code, credential_title, status, reason,
    assigned_on, due_date, days_overdue (days from the due date to `as_of`).
    """
    require_individuals(scope, "the overdue list")
    as_of = as_of or clock.today()
    source, where = _base(scope, named_team_ids(session, team))
    source = source.join(_credential, _credential.c.id == _enrollment.c.credential_id)
    query = (
        sa.select(
            _employee.c.employee_code,
            _employee.c.full_name,
            _team.c.name,
            _credential.c.code,
            _credential.c.title,
            _enrollment.c.status,
            _enrollment.c.reason,
            _enrollment.c.assigned_on,
            _enrollment.c.due_date,
            days_between(sa.literal(as_of, sa.Date), _enrollment.c.due_date),
        )
        .select_from(source)
        .where(where, _overdue(as_of))
        .order_by(_enrollment.c.due_date, _employee.c.employee_code, _credential.c.code)
    )
    return to_frame(session.execute(query).all(), OVERDUE_COLUMNS)


def completion_rate(
    session: Session,
    scope: Scope,
    *,
    start: date,
    end: date,
    by: GroupBy = "org",
    team: str | None = None,
    assigned_only: bool = False,
) -> pd.DataFrame:
    """Of the enrollments assigned in [start, end] and not withdrawn, the share completed (so far).

    Columns: [team,] people, enrollments, completed, completion_rate (0..1; None with no
    enrollments). Executive: groups under 5 people suppressed (trailing `suppressed` column).
    """
    _check_by(by)
    source, where = _base(scope, named_team_ids(session, team))
    conditions = [
        where,
        _enrollment.c.assigned_on.between(start, end),
        _enrollment.c.status != "withdrawn",
    ]
    if assigned_only:
        conditions.append(_enrollment.c.assigned_by_id.is_not(None))
    completed = sa.func.coalesce(sa.func.sum(sa.case((_enrollment.c.status == "completed", 1), else_=0)), 0)
    figures = [
        sa.func.count(sa.distinct(_enrollment.c.employee_id)),
        sa.func.count(),
        completed,
        ratio(completed, sa.func.count()),
    ]
    query, columns = _grouped_select(by, figures)
    query = query.select_from(source).where(*conditions)
    columns |= {"people": "int", "enrollments": "int", "completed": "int", "completion_rate": "float"}
    frame = _by_team_name(to_frame(session.execute(query).all(), columns))
    return suppress_small_groups(
        frame, scope, size="people", figures=["enrollments", "completed", "completion_rate"]
    )


def median_days_to_complete(
    session: Session,
    scope: Scope,
    *,
    start: date,
    end: date,
    by: GroupBy = "org",
    team: str | None = None,
    assigned_only: bool = False,
) -> pd.DataFrame:
    """The median number of days from assignment (`assigned_on`) to completion.

    Over enrollments completed in [start, end]. The median is computed in SQL with window
    functions (the middle value, or the mean of the two middle values).

    Columns: [team,] people, completed, median_days. Executive: groups under 5 suppressed.
    """
    _check_by(by)
    source, where = _base(scope, named_team_ids(session, team))
    conditions = [where, _enrollment.c.completed_on.between(start, end)]
    if assigned_only:
        conditions.append(_enrollment.c.assigned_by_id.is_not(None))
    group_key = _employee.c.team_id if by == "team" else sa.literal(0)
    days = days_between(_enrollment.c.completed_on, _enrollment.c.assigned_on)
    ranked = (
        sa.select(
            group_key.label("group_key"),
            _enrollment.c.employee_id,
            days.label("days"),
            sa.func.row_number().over(partition_by=group_key, order_by=days).label("rn"),
            sa.func.count().over(partition_by=group_key).label("n"),
        )
        .select_from(source)
        .where(*conditions)
        .subquery("ranked")
    )
    middle = sa.or_(ranked.c.rn == (ranked.c.n + 1) // 2, ranked.c.rn == (ranked.c.n + 2) // 2)
    medians = (
        sa.select(ranked.c.group_key, as_float(sa.func.avg(as_float(ranked.c.days))).label("median_days"))
        .where(middle)
        .group_by(ranked.c.group_key)
        .subquery("medians")
    )
    sizes = (
        sa.select(
            ranked.c.group_key,
            sa.func.count(sa.distinct(ranked.c.employee_id)).label("people"),
            sa.func.count().label("completed"),
        )
        .group_by(ranked.c.group_key)
        .subquery("sizes")
    )
    joined = sizes.join(medians, medians.c.group_key == sizes.c.group_key)
    if by == "team":
        joined = joined.outerjoin(_team, _team.c.id == sizes.c.group_key)
        query = sa.select(_team.c.name, sizes.c.people, sizes.c.completed, medians.c.median_days)
        columns = {"team": "str"}
    else:
        query = sa.select(sizes.c.people, sizes.c.completed, medians.c.median_days)
        columns = {}
    columns |= {"people": "int", "completed": "int", "median_days": "float"}
    frame = _by_team_name(to_frame(session.execute(query.select_from(joined)).all(), columns))
    return suppress_small_groups(frame, scope, size="people", figures=["completed", "median_days"])


def onboarding_completion(
    session: Session,
    scope: Scope,
    *,
    hired_from: date,
    hired_to: date,
    within_days: int = 30,
    by: GroupBy = "org",
    team: str | None = None,
) -> pd.DataFrame:
    """How many people hired in [hired_from, hired_to] finished their onboarding within N days.

    Onboarding = enrollments with reason "onboarding" (withdrawn ones left out). A new hire has
    finished within N days when every such enrollment was completed no later than N days after
    their hire date. Pick a hire period that ended at least N days ago, or recent hires show as
    not (yet) finished.

    Columns: [team,] new_hires, with_onboarding (hires with at least one onboarding
    enrollment), completed_within (of those, finished within N days), share_completed_within
    (completed_within / with_onboarding, 0..1). Executive: groups under 5 new hires suppressed.
    """
    _check_by(by)
    if within_days < 0:
        raise ValueError("within_days must not be negative")
    # A new hire counts for the team they were hired into, whichever team they are in now.
    in_view = history_in_view(scope, named_team_ids(session, team), _employee)
    onboarding = sa.and_(
        _enrollment.c.employee_id == _employee.c.id,
        _enrollment.c.reason == "onboarding",
        _enrollment.c.status != "withdrawn",
    )
    done_in_time = sa.and_(
        _enrollment.c.completed_on.is_not(None),
        days_between(_enrollment.c.completed_on, _employee.c.hire_date) <= within_days,
    )
    per_hire = (
        sa.select(
            _employee.c.id,
            MEMBERSHIP.c.team_id,
            sa.func.count(_enrollment.c.id).label("onboarding_items"),
            sa.func.coalesce(sa.func.sum(sa.case((done_in_time, 1), else_=0)), 0).label("done"),
        )
        .select_from(at_the_time(_employee, _employee.c.hire_date).outerjoin(_enrollment, onboarding))
        .where(in_view, _employee.c.hire_date.between(hired_from, hired_to))
        .group_by(_employee.c.id, MEMBERSHIP.c.team_id)
        .subquery("per_hire")
    )
    with_items = per_hire.c.onboarding_items > 0
    figures = [
        sa.func.count().label("new_hires"),
        sa.func.coalesce(sa.func.sum(sa.case((with_items, 1), else_=0)), 0),
        sa.func.coalesce(
            sa.func.sum(
                sa.case((sa.and_(with_items, per_hire.c.done == per_hire.c.onboarding_items), 1), else_=0)
            ),
            0,
        ),
    ]
    if by == "team":
        query = (
            sa.select(_team.c.name, *figures)
            .select_from(per_hire.outerjoin(_team, _team.c.id == per_hire.c.team_id))
            .group_by(per_hire.c.team_id, _team.c.name)
        )
        columns = {"team": "str"}
    else:
        query = sa.select(*figures).select_from(per_hire)
        columns = {}
    columns |= {"new_hires": "int", "with_onboarding": "int", "completed_within": "int"}
    frame = _by_team_name(to_frame(session.execute(query).all(), columns))
    with_onboarding = frame["with_onboarding"].astype("float64")
    share = frame["completed_within"] / with_onboarding.where(with_onboarding > 0)
    frame["share_completed_within"] = share.astype("float64")
    return suppress_small_groups(
        frame,
        scope,
        size="new_hires",
        figures=["with_onboarding", "completed_within", "share_completed_within"],
    )


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
            with_team(
                _enrollment.join(_employee, _employee.c.id == _enrollment.c.employee_id).join(
                    _credential, _credential.c.id == _enrollment.c.credential_id
                )
            )
        )
        .where(in_view, _enrollment.c.status.in_(statuses))
        .order_by(_enrollment.c.due_date.is_(None), _enrollment.c.due_date, _employee.c.full_name)
    )
    if employee_id is not None:
        query = query.where(_employee.c.id == employee_id)
    return to_frame(session.execute(query).all(), ENROLLMENT_COLUMNS)
