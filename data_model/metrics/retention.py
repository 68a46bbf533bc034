"""Retention of learners and non-learners, and a survival curve by tenure.

A learner, on a reference date, logged at least 600 minutes in the 12 months before it
(from the same day a year earlier up to the day before). 12-month retention: of the people
employed on the reference date, the share still employed 12 months later, or on `as_of` when
that is sooner (then `measured_to_today` says so). Employed on a day: hired on or before it and
not exited before it.

These figures show association, not cause. Groups under 5 people are always hidden here (the
figures are about who left), for every role.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from .. import clock
from ..access import Scope
from ..models import Employee, LearningSession
from ..rollups import learning_minutes_between
from . import calendar
from .frames import suppress_small_groups, to_frame
from .scope import at_the_time, history_in_view, named_team_ids
from .sqlfuncs import days_between

LEARNER_MINUTES = 600
GROUPS = ("learner", "non-learner")
DAYS_PER_MONTH_X10000 = 304_375  # 30.4375 days, the mean month, in integer arithmetic

_employee = Employee.__table__
_session = LearningSession.__table__


def _cohort(session: Session, scope: Scope, reference_date: date, team: str | None) -> sa.Select:
    """People employed on the reference date, with their group (learner or non-learner)."""
    # The cohort is in scope by the team each person was in on the reference date; the learning
    # before it counts whole, whichever team it was logged in.
    in_view = history_in_view(scope, named_team_ids(session, team), _employee)
    # The 12 months before the reference date, from the weekly roll-up (rollups: whole weeks,
    # plus the sessions of the part-weeks at either end).
    period = learning_minutes_between(
        calendar.add_months(reference_date, -12), reference_date - timedelta(days=1)
    )
    learned = (
        sa.select(period.c.employee_id, sa.func.sum(period.c.minutes).label("minutes"))
        .group_by(period.c.employee_id)
        .subquery("learned")
    )
    group = sa.case(
        (sa.func.coalesce(learned.c.minutes, 0) >= LEARNER_MINUTES, GROUPS[0]), else_=GROUPS[1]
    ).label("grp")
    return (
        sa.select(_employee.c.id, _employee.c.hire_date, _employee.c.exit_date, group)
        .select_from(
            at_the_time(_employee, sa.literal(reference_date, sa.Date)).outerjoin(
                learned, learned.c.employee_id == _employee.c.id
            )
        )
        .where(in_view, calendar.employed_on(_employee.c, reference_date))
    )


def _measured_to(reference_date: date, as_of: date | None) -> tuple[date, bool]:
    as_of = as_of or clock.today()
    if as_of < reference_date:
        raise ValueError(f"as_of ({as_of}) is before the reference date ({reference_date})")
    year_later = calendar.add_months(reference_date, 12)
    return min(year_later, as_of), year_later > as_of


def retention(
    session: Session,
    scope: Scope,
    *,
    reference_date: date,
    as_of: date | None = None,
    team: str | None = None,
) -> pd.DataFrame:
    """12-month retention of learners vs non-learners employed on `reference_date`.

    Columns: group ("learner" / "non-learner"), people (employed on the reference date),
    retained (still employed on `measured_to`), retention (retained / people, 0..1),
    measured_to (12 months after the reference date, or `as_of` if sooner),
    measured_to_today (True when 12 months have not passed yet), suppressed (reason when the
    group has fewer than 5 people; its figures are then empty). Both groups always appear.
    """
    measured_to, to_today = _measured_to(reference_date, as_of)
    cohort = _cohort(session, scope, reference_date, team).subquery("cohort")
    stayed = sa.or_(cohort.c.exit_date.is_(None), cohort.c.exit_date >= measured_to)
    query = sa.select(
        cohort.c.grp, sa.func.count(), sa.func.coalesce(sa.func.sum(sa.case((stayed, 1), else_=0)), 0)
    ).group_by(cohort.c.grp)
    counts = {grp: (people, kept) for grp, people, kept in session.execute(query).all()}
    rows = []
    for grp in GROUPS:
        people, kept = counts.get(grp, (0, 0))
        rows.append((grp, people, kept, kept / people if people else None, measured_to, to_today))
    columns = {
        "group": "str",
        "people": "int",
        "retained": "int",
        "retention": "float",
        "measured_to": "date",
        "measured_to_today": "bool",
    }
    frame = to_frame(rows, columns)
    return suppress_small_groups(frame, scope, size="people", figures=["retained", "retention"], always=True)


def _tenure_months(later: Any, hire_date: Any) -> Any:
    """Whole months of tenure (30.4375-day months) between hire and a date, in SQL integers."""
    return (days_between(later, hire_date) * 10_000) // DAYS_PER_MONTH_X10000


def survival_by_tenure(
    session: Session,
    scope: Scope,
    *,
    reference_date: date,
    as_of: date | None = None,
    team: str | None = None,
    max_months: int | None = None,
) -> pd.DataFrame:
    """Kaplan-Meier survival by tenure month for learners and non-learners.

    The cohort and groups are those of `retention` (people employed on the reference date).
    Each person joins the risk set at their tenure on the reference date (delayed entry, since
    we only watch them from then on) and leaves it at their exit (an event) or at `as_of`
    (still employed: censored). For every tenure month m: at_risk = people watched at m,
    exits = exits at m, survival = product over months <= m of (1 - exits / at_risk), the
    estimated share still employed at m among those who reached the first month shown.
    Tenure months are whole 30.4375-day months. Counts come grouped from SQL; only the running
    product is done in Python, over one row per month.

    Columns: group, tenure_months, at_risk, exits, survival (0..1), suppressed (reason when
    the group has fewer than 5 people, or fewer than 5 are at risk that month: the month's
    figures are then empty). Rows run from the first month anyone is watched to the last.
    """
    measured_to, _ = _measured_to(reference_date, as_of)
    cohort = _cohort(session, scope, reference_date, team).subquery("cohort")
    exited = sa.and_(cohort.c.exit_date.is_not(None), cohort.c.exit_date <= measured_to)
    end = sa.case((exited, cohort.c.exit_date), else_=sa.literal(measured_to, sa.Date))
    per_person = sa.select(
        cohort.c.grp,
        _tenure_months(sa.literal(reference_date, sa.Date), cohort.c.hire_date).label("entry"),
        _tenure_months(end, cohort.c.hire_date).label("leave"),
        sa.case((exited, 1), else_=0).label("event"),
    ).subquery("per_person")
    entries = session.execute(
        sa.select(per_person.c.grp, per_person.c.entry, sa.func.count()).group_by(
            per_person.c.grp, per_person.c.entry
        )
    ).all()
    leaves = session.execute(
        sa.select(
            per_person.c.grp, per_person.c.leave, sa.func.count(), sa.func.sum(per_person.c.event)
        ).group_by(per_person.c.grp, per_person.c.leave)
    ).all()
    rows = []
    for grp in GROUPS:
        joined = {int(m): int(n) for g, m, n in entries if g == grp}
        left = {int(m): (int(n), int(e)) for g, m, n, e in leaves if g == grp}
        if not joined:
            continue
        size = sum(joined.values())
        last = max(left)
        if max_months is not None:
            last = min(last, max_months)
        at_risk, survival = 0, 1.0
        for month in range(min(joined), last + 1):
            at_risk += joined.get(month, 0)
            exits = left.get(month, (0, 0))[1]
            if at_risk:
                survival *= 1 - exits / at_risk
            rows.append((grp, month, at_risk, exits, survival, size))
            at_risk -= left.get(month, (0, 0))[0]
    columns = {
        "group": "str",
        "tenure_months": "int",
        "at_risk": "int",
        "exits": "int",
        "survival": "float",
        "group_size": "int",
    }
    frame = to_frame(rows, columns)
    frame["smallest"] = frame[["at_risk", "group_size"]].min(axis=1)
    frame = suppress_small_groups(frame, scope, size="smallest", figures=["exits", "survival"], always=True)
    return frame.drop(columns=["smallest", "group_size"])
