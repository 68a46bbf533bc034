"""Badges as figures: how many were earned each month, and whose expire soon (per person or per team).

Per-month counts are aggregates; under an executive scope a month about fewer than 5 people has
its figures emptied and a trailing `suppressed` reason. The expiring list names people, so an
executive gets it per team.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from ..access import Scope
from ..models import Badge, Employee, Team
from ..vocab import BADGE_NOT_COUNTED
from . import calendar
from .frames import suppress_small_groups, to_frame
from .scope import MEMBERSHIP, at_the_time, history_in_view, named_team_ids, with_team_then
from .sqlfuncs import month_start

_badge = Badge.__table__
_employee = Employee.__table__
_team = Team.__table__


def _month_starts(start: date, end: date) -> list[date]:
    return [day.replace(day=1) for day in calendar.month_ends(start, end)]


def badges_by_month(
    session: Session, scope: Scope, *, start: date, end: date, team: str | None = None
) -> pd.DataFrame:
    """Badges earned (issued) per calendar month in [start, end], by the people in scope.

    Revoked badges and badges that failed verification are not counted. Every month touching
    the period has a row, zeros included.

    Columns: month (first day, a date), badges, people (different people who earned one)
    [, suppressed: executive, months where fewer than 5 people earned a badge].
    """
    # A badge counts for the team its holder was in when it was issued.
    in_view = history_in_view(scope, named_team_ids(session, team), _employee)
    month = month_start(_badge.c.issued_on)
    query = (
        sa.select(month, sa.func.count(), sa.func.count(sa.distinct(_badge.c.employee_id)))
        .select_from(
            at_the_time(_badge.join(_employee, _employee.c.id == _badge.c.employee_id), _badge.c.issued_on)
        )
        .where(
            in_view,
            _badge.c.issued_on.between(start, end),
            _badge.c.verification.not_in(BADGE_NOT_COUNTED),
        )
        .group_by(month)
    )
    found = {month: (badges, people) for month, badges, people in session.execute(query)}
    rows = [(month, *found.get(month, (0, 0))) for month in _month_starts(start, end)]
    frame = to_frame(rows, {"month": "date", "badges": "int", "people": "int"})
    return suppress_small_groups(frame, scope, size="people", figures=["badges"])


EXPIRING_COLUMNS = {"full_name": "str", "team": "str", "badge": "str", "expires_on": "date"}


EXPIRING_BY_TEAM = {"team": "str", "people": "int", "badges": "int"}


def badges_expiring(session: Session, scope: Scope, *, as_of: date, within_days: int = 30) -> pd.DataFrame:
    """Valid badges of people employed on `as_of` that expire in the next `within_days` days.

    Per person (columns: full_name, team, badge, expires_on), soonest first; for an executive,
    per team (columns: team, people = the team's headcount, badges, suppressed) with teams of
    fewer than 5 people suppressed.
    """
    # Who holds them on `as_of`, in the team they are in that day.
    at = sa.literal(as_of, sa.Date)
    source = with_team_then(at_the_time(_badge.join(_employee, _employee.c.id == _badge.c.employee_id), at))
    conditions = [
        history_in_view(scope, None, _employee),
        calendar.employed_on(_employee.c, as_of),
        _badge.c.verification.not_in(BADGE_NOT_COUNTED),
        _badge.c.issued_on <= as_of,
        _badge.c.expires_on > as_of,
        _badge.c.expires_on <= as_of + timedelta(days=within_days),
    ]
    if scope.can_see_individuals:
        query = (
            sa.select(_employee.c.full_name, _team.c.name, _badge.c.name, _badge.c.expires_on)
            .select_from(source)
            .where(*conditions)
            .order_by(_badge.c.expires_on, _employee.c.full_name)
        )
        return to_frame(session.execute(query).all(), EXPIRING_COLUMNS)
    then = MEMBERSHIP.alias("then")
    headcount = (
        sa.select(then.c.team_id, sa.func.count().label("people"))
        .select_from(at_the_time(_employee, at, _employee, then))
        .where(calendar.employed_on(_employee.c, as_of))
        .group_by(then.c.team_id)
        .subquery("headcount")
    )
    query = (
        sa.select(_team.c.name, sa.func.max(headcount.c.people), sa.func.count())
        .select_from(source.join(headcount, headcount.c.team_id == MEMBERSHIP.c.team_id))
        .where(*conditions)
        .group_by(_team.c.name)
        .order_by(_team.c.name)
    )
    frame = to_frame(session.execute(query).all(), EXPIRING_BY_TEAM)
    return suppress_small_groups(frame, scope, size="people", figures=["badges"])
