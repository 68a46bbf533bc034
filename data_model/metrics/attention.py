"""What needs attention this week: teams under their learning target and badges about to expire."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from ..access import Scope
from ..models import Badge, Employee, Team
from ..models.vocab import BADGE_NOT_COUNTED
from . import calendar
from .frames import suppress_small_groups, to_frame
from .learning import weekly_learning_minutes
from .people import people_in_view

_employee = Employee.__table__
_badge = Badge.__table__
_team = Team.__table__


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


EXPIRING_COLUMNS = {"full_name": "str", "team": "str", "badge": "str", "expires_on": "date"}
EXPIRING_BY_TEAM = {"team": "str", "people": "int", "badges": "int"}


def badges_expiring(session: Session, scope: Scope, *, as_of: date, within_days: int = 30) -> pd.DataFrame:
    """Valid badges of people employed on `as_of` that expire in the next `within_days` days.

    Per person (columns: full_name, team, badge, expires_on), soonest first; for an executive,
    per team (columns: team, people = the team's headcount, badges, suppressed) with teams of
    fewer than 5 people suppressed.
    """
    source = _badge.join(_employee, _employee.c.id == _badge.c.employee_id).outerjoin(
        _team, _team.c.id == _employee.c.team_id
    )
    conditions = [
        people_in_view(scope, None, _employee.c),
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
    headcount = (
        sa.select(_employee.c.team_id, sa.func.count().label("people"))
        .where(calendar.employed_on(_employee.c, as_of))
        .group_by(_employee.c.team_id)
        .subquery("headcount")
    )
    query = (
        sa.select(_team.c.name, sa.func.max(headcount.c.people), sa.func.count())
        .select_from(source.join(headcount, headcount.c.team_id == _employee.c.team_id))
        .where(*conditions)
        .group_by(_team.c.name)
        .order_by(_team.c.name)
    )
    frame = to_frame(session.execute(query).all(), EXPIRING_BY_TEAM)
    return suppress_small_groups(frame, scope, size="people", figures=["badges"])
