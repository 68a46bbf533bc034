"""Spend on credentials: by team and month, per learning hour, per badge.

Spend is the credential's listed cost for every enrollment, dated by when the enrollment was
made (`assigned_on`): that is when the seat is bought. Enrollments withdrawn before they
started (`withdrawn` with no `started_on`) cost nothing. Team = the person's current team.
Money comes back as float rounded to cents, with its currency; figures in several currencies
get a row per currency and are never added together.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from ..access import Scope
from ..models import Badge, Employee, Enrollment, LearningSession, MicroCredential, Team
from ..rollups import learning_minutes_between
from ..vocab import BADGE_NOT_COUNTED
from .frames import suppress_small_groups, to_frame
from .scope import MEMBERSHIP, at_the_time, history_in_view, named_team_ids, with_team_then
from .sqlfuncs import month_start, plus_days

GroupBy = Literal["team", "org"]

_employee = Employee.__table__
_enrollment = Enrollment.__table__
_credential = MicroCredential.__table__
_session = LearningSession.__table__
_badge = Badge.__table__
_team = Team.__table__


def paid_enrollment() -> sa.ColumnElement:
    return sa.not_(sa.and_(_enrollment.c.status == "withdrawn", _enrollment.c.started_on.is_(None)))


def spend_source() -> sa.FromClause:
    """Enrollments with their person, credential and the person's membership on the day of
    enrollment: spend counts under the team the person was in when it was spent."""
    return at_the_time(
        _enrollment.join(_employee, _employee.c.id == _enrollment.c.employee_id).join(
            _credential, _credential.c.id == _enrollment.c.credential_id
        ),
        _enrollment.c.assigned_on,
    )


def spend_by_team_month(
    session: Session, scope: Scope, *, start: date, end: date, team: str | None = None
) -> pd.DataFrame:
    """What credentials cost per team and calendar month of enrollment, in [start, end].

    Only months with spend appear. Columns: team, month (first day of the month, a date),
    currency, enrollments, people (different people enrolled), cost. An executive gets a
    trailing `suppressed` column; cells with fewer than 5 people enrolled have their
    enrollments and cost emptied (one person's course price would show).
    """
    in_view = history_in_view(scope, named_team_ids(session, team), _employee)
    month = month_start(_enrollment.c.assigned_on)
    query = (
        sa.select(
            _team.c.name,
            month.label("month"),
            _credential.c.currency,
            sa.func.count(),
            sa.func.count(sa.distinct(_enrollment.c.employee_id)),
            sa.func.sum(_credential.c.cost),
        )
        .select_from(with_team_then(spend_source()))
        .where(in_view, paid_enrollment(), _enrollment.c.assigned_on.between(start, end))
        .group_by(MEMBERSHIP.c.team_id, _team.c.name, month, _credential.c.currency)
        .order_by(_team.c.name, month, _credential.c.currency)
    )
    columns = {
        "team": "str",
        "month": "date",
        "currency": "str",
        "enrollments": "int",
        "people": "int",
        "cost": "money",
    }
    frame = to_frame(session.execute(query).all(), columns)
    return suppress_small_groups(frame, scope, size="people", figures=["enrollments", "cost"])


def _per_unit(
    session: Session,
    scope: Scope,
    *,
    start: date,
    end: date,
    by: GroupBy,
    team: str | None,
    unit: sa.Subquery,
    unit_name: str,
    ratio_name: str,
) -> pd.DataFrame:
    """Cost per currency and group, joined to a per-group unit count (hours or badges)."""
    if by not in ("team", "org"):
        raise ValueError(f"by must be team or org, not {by!r}")
    in_view = history_in_view(scope, named_team_ids(session, team), _employee)
    key = MEMBERSHIP.c.team_id if by == "team" else sa.literal(0)
    cost = (
        sa.select(
            key.label("group_key"),
            _credential.c.currency,
            sa.func.sum(_credential.c.cost).label("cost"),
            sa.func.count(sa.distinct(_enrollment.c.employee_id)).label("people"),
        )
        .select_from(spend_source())
        .where(in_view, paid_enrollment(), _enrollment.c.assigned_on.between(start, end))
        .group_by(key, _credential.c.currency)
        .subquery("cost")
    )
    units = unit
    joined = cost.outerjoin(units, units.c.group_key == cost.c.group_key)
    figures = [cost.c.currency, cost.c.cost, sa.func.coalesce(units.c.amount, 0), cost.c.people]
    if by == "team":
        query = sa.select(_team.c.name, *figures).select_from(
            joined.outerjoin(_team, _team.c.id == cost.c.group_key)
        )
        columns = {"team": "str"}
        query = query.order_by(_team.c.name, cost.c.currency)
    else:
        query = sa.select(*figures).select_from(joined).order_by(cost.c.currency)
        columns = {}
    columns |= {"currency": "str", "cost": "money", unit_name: "float", "people": "int"}
    frame = to_frame(session.execute(query).all(), columns)
    amount = frame[unit_name].where(frame[unit_name] > 0)
    frame[ratio_name] = (frame["cost"] / amount).round(2).astype("float64")
    return suppress_small_groups(frame, scope, size="people", figures=["cost", unit_name, ratio_name])


def cost_per_learning_hour(
    session: Session,
    scope: Scope,
    *,
    start: date,
    end: date,
    by: GroupBy = "org",
    team: str | None = None,
) -> pd.DataFrame:
    """Credential spend in [start, end] divided by all learning hours logged in [start, end].

    One row per group and currency with spend (a group that spent nothing has no row). The
    hours are all the group's learning, whatever it was for, each person-week under the team of
    its Sunday (as on Weekly learning); in several currencies each
    currency's spend is set against the same hours. Columns: [team,] currency, cost,
    learning_hours, people (different people enrolled), cost_per_learning_hour (None when no
    hours were logged). Executive: groups with fewer than 5 people enrolled suppressed.
    """
    in_view = history_in_view(scope, named_team_ids(session, team), _employee)
    key = MEMBERSHIP.c.team_id if by == "team" else sa.literal(0)
    # Hours from the weekly roll-up, each person-week under the team of its Sunday (the rule of
    # every weekly figure), so a team's hours here are the Weekly learning page's hours.
    weeks = learning_minutes_between(start, end)
    hours = (
        sa.select(key.label("group_key"), (sa.func.sum(weeks.c.minutes) / 60.0).label("amount"))
        .select_from(
            at_the_time(
                weeks.join(_employee, _employee.c.id == weeks.c.employee_id), plus_days(weeks.c.monday, 6)
            )
        )
        .where(in_view)
        .group_by(key)
        .subquery("hours")
    )
    return _per_unit(
        session,
        scope,
        start=start,
        end=end,
        by=by,
        team=team,
        unit=hours,
        unit_name="learning_hours",
        ratio_name="cost_per_learning_hour",
    )


def cost_per_badge(
    session: Session,
    scope: Scope,
    *,
    start: date,
    end: date,
    by: GroupBy = "org",
    team: str | None = None,
) -> pd.DataFrame:
    """Credential spend in [start, end] divided by badges earned (issued) in [start, end].

    Revoked badges and badges that failed verification are not counted; one row per group and
    currency with spend. Columns: [team,] currency, cost, badges, people, cost_per_badge (None
    when no badge was earned).
    Executive: groups with fewer than 5 people enrolled suppressed.
    """
    in_view = history_in_view(scope, named_team_ids(session, team), _employee)
    key = MEMBERSHIP.c.team_id if by == "team" else sa.literal(0)
    badges = (
        sa.select(key.label("group_key"), sa.func.count().label("amount"))
        .select_from(
            at_the_time(_badge.join(_employee, _employee.c.id == _badge.c.employee_id), _badge.c.issued_on)
        )
        .where(
            in_view,
            _badge.c.issued_on.between(start, end),
            _badge.c.verification.not_in(BADGE_NOT_COUNTED),
        )
        .group_by(key)
        .subquery("badges")
    )
    frame = _per_unit(
        session,
        scope,
        start=start,
        end=end,
        by=by,
        team=team,
        unit=badges,
        unit_name="badges",
        ratio_name="cost_per_badge",
    )
    frame["badges"] = frame["badges"].astype("Int64")
    return frame


def spend_by_month(
    session: Session, scope: Scope, *, start: date, end: date, team: str | None = None
) -> pd.DataFrame:
    """Credential spend per calendar month of enrollment, over everyone in scope.

    The same rule as `spend.spend_by_team_month` (listed cost, dated by `assigned_on`;
    withdrawn before starting costs nothing), not split by team. Only months with spend
    appear; one row per currency, never added across currencies.

    Columns: month (first day), currency, enrollments, people, cost
    [, suppressed: executive, fewer than 5 people enrolled that month in that currency].
    """
    in_view = history_in_view(scope, named_team_ids(session, team), _employee)
    month = month_start(_enrollment.c.assigned_on)
    query = (
        sa.select(
            month,
            _credential.c.currency,
            sa.func.count(),
            sa.func.count(sa.distinct(_enrollment.c.employee_id)),
            sa.func.sum(_credential.c.cost),
        )
        .select_from(spend_source())
        .where(in_view, paid_enrollment(), _enrollment.c.assigned_on.between(start, end))
        .group_by(month, _credential.c.currency)
        .order_by(month, _credential.c.currency)
    )
    columns = {"month": "date", "currency": "str", "enrollments": "int", "people": "int", "cost": "money"}
    frame = to_frame(session.execute(query).all(), columns)
    return suppress_small_groups(frame, scope, size="people", figures=["enrollments", "cost"])


def team_spend(
    session: Session, scope: Scope, *, start: date, end: date, team: str | None = None
) -> pd.DataFrame:
    """Per team and currency: spend in [start, end], its cost per learning hour and per badge.

    The figures of `spend.cost_per_learning_hour(by="team")` and `spend.cost_per_badge(by="team")`
    side by side (see them for the rules: a team's hours and badges are divided into each
    currency's spend).

    Columns: team, currency, cost, people (different people enrolled), learning_hours,
    cost_per_learning_hour, badges, cost_per_badge[, suppressed]. Most spend first.
    """
    hours = cost_per_learning_hour(session, scope, start=start, end=end, by="team", team=team)
    badges = cost_per_badge(session, scope, start=start, end=end, by="team", team=team)
    keys = ["team", "currency"]
    frame = hours.merge(badges[[*keys, "badges", "cost_per_badge"]], on=keys, how="left")
    if "suppressed" in frame.columns:
        frame = frame[[c for c in frame.columns if c != "suppressed"] + ["suppressed"]]
    return frame.sort_values(["cost", "team"], ascending=[False, True], na_position="last").reset_index(
        drop=True
    )
