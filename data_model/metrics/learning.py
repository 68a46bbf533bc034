"""Learning time: minutes per ISO week against each person's target, and who has stopped learning."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from .. import clock
from ..access import Scope, require_individuals
from ..models import Employee, LearningSession, LearningWeek, Team
from . import calendar
from .frames import suppress_small_groups, to_frame
from .scope import MEMBERSHIP, history_in_view, membership_on, named_team_ids, people_in_view
from .sqlfuncs import as_float, days_between, ratio
from .targets import org_week_targets, resolved_target, team_week_targets

_employee = Employee.__table__
_team = Team.__table__

Grain = Literal["employee", "team", "org"]

EMPLOYEE_COLUMNS = {
    "employee_code": "str",
    "team": "str",
    "week": "str",
    "minutes": "int",
    "target_minutes": "int",
    "met_target": "bool",
}
TEAM_COLUMNS = {
    "team": "str",
    "week": "str",
    "employees": "int",
    "minutes": "int",
    "avg_minutes_per_employee": "float",
    "share_meeting_target": "float",
}
ORG_COLUMNS = {k: v for k, v in TEAM_COLUMNS.items() if k != "team"}
GROUP_FIGURES = ["minutes", "avg_minutes_per_employee", "share_meeting_target"]


def employee_weeks_cte(session: Session, scope: Scope, start: date, end: date, team: str | None) -> sa.CTE:
    """CTE: one row per counted employee and week, with minutes (0 when none) and target."""
    weeks = calendar.weeks_between(start, end)
    cal = calendar.weeks_cte(weeks)
    employee = Employee.__table__
    membership = MEMBERSHIP

    # Each person-week under the team of that week (membership_on its Sunday), in scope by it.
    counted = (
        sa.select(
            employee.c.id.label("employee_id"),
            employee.c.employee_code,
            membership.c.team_id,
            employee.c.weekly_target_minutes,
            cal.c.week,
            cal.c.monday,
        )
        .select_from(
            employee.join(cal, calendar.counted_in_week(employee.c, cal.c.monday, cal.c.sunday)).join(
                membership, membership_on(cal.c.sunday, employee, membership)
            )
        )
        .where(history_in_view(scope, named_team_ids(session, team), employee, membership))
        .cte("counted")
    )
    # Minutes from the weekly roll-up (data_model.rollups): one row per person-week with any.
    rolled = LearningWeek.__table__
    minutes = (
        sa.select(rolled.c.employee_id, rolled.c.monday, rolled.c.minutes)
        .where(rolled.c.monday.between(weeks[0].monday, weeks[-1].monday))
        .cte("week_minutes")
    )
    team_target = team_week_targets(cal)
    org_target = org_week_targets(cal)
    return (
        sa.select(
            counted.c.employee_id,
            counted.c.employee_code,
            counted.c.team_id,
            counted.c.week,
            sa.func.coalesce(minutes.c.minutes, 0).label("minutes"),
            resolved_target(
                counted.c.weekly_target_minutes, team_target.c.team_target, org_target.c.org_target
            ).label("target_minutes"),
        )
        .select_from(
            counted.outerjoin(
                minutes,
                sa.and_(minutes.c.employee_id == counted.c.employee_id, minutes.c.monday == counted.c.monday),
            )
            .outerjoin(
                team_target,
                sa.and_(team_target.c.team_id == counted.c.team_id, team_target.c.monday == counted.c.monday),
            )
            .join(org_target, org_target.c.monday == counted.c.monday)
        )
        .cte("employee_week")
    )


def weekly_learning_minutes(
    session: Session,
    scope: Scope,
    *,
    start: date,
    end: date,
    by: Grain = "employee",
    team: str | None = None,
) -> pd.DataFrame:
    """Learning minutes per ISO week against each person's weekly target. Zero weeks included.

    Every ISO week touching [start, end] is counted whole. A person counts in a week when hired
    on or before its Sunday and not exited before its Monday; weeks with no sessions are 0
    minutes. Met target: minutes >= that week's target (see `targets`). `team` narrows to a
    team and its sub-teams; each team row holds that team's own members.

    Columns, by="employee" (one row per counted person and week; refused for an executive):
        employee_code, team, week, minutes, target_minutes, met_target
    by="team" (one row per team with counted people, and week):
        team, week, employees, minutes, avg_minutes_per_employee, share_meeting_target
    by="org" (one row per week):
        week, employees, minutes, avg_minutes_per_employee, share_meeting_target
    `share_meeting_target` is 0..1. Under an executive scope team and org rows get a trailing
    `suppressed` column and their figures are emptied when fewer than 5 people count.
    """
    if by not in ("employee", "team", "org"):
        raise ValueError(f"by must be employee, team or org, not {by!r}")
    if by == "employee":
        require_individuals(scope, "weekly learning minutes per employee")
    ew = employee_weeks_cte(session, scope, start, end, team)
    team_table = Team.__table__
    source = ew.outerjoin(team_table, team_table.c.id == ew.c.team_id)

    if by == "employee":
        return _per_employee(session, ew)

    met = sa.case((ew.c.minutes >= ew.c.target_minutes, 1.0), else_=0.0)
    figures = [
        sa.func.count().label("employees"),
        sa.func.sum(ew.c.minutes).label("minutes"),
        ratio(sa.func.sum(ew.c.minutes), sa.func.count()).label("avg"),
        as_float(sa.func.avg(met)).label("share"),
    ]
    if by == "team":
        query = (
            sa.select(team_table.c.name, ew.c.week, *figures)
            .select_from(source)
            .group_by(ew.c.team_id, team_table.c.name, ew.c.week)
            .order_by(team_table.c.name, ew.c.week)
        )
        frame = to_frame(session.execute(query).all(), TEAM_COLUMNS)
    else:
        query = sa.select(ew.c.week, *figures).group_by(ew.c.week).order_by(ew.c.week)
        frame = to_frame(session.execute(query).all(), ORG_COLUMNS)
    return suppress_small_groups(frame, scope, size="employees", figures=GROUP_FIGURES)


def _per_employee(session: Session, ew: sa.CTE, *, names: bool = False) -> pd.DataFrame:
    """One row per counted person and week (EMPLOYEE_COLUMNS), with `full_name` after the code
    when `names` (the people table's rows, in the same one query)."""
    team_table = Team.__table__
    source = ew.outerjoin(team_table, team_table.c.id == ew.c.team_id)
    named = [_employee.c.full_name] if names else []
    if names:
        source = source.join(_employee, _employee.c.id == ew.c.employee_id)
    query = (
        sa.select(ew.c.employee_code, *named, team_table.c.name, ew.c.week, ew.c.minutes, ew.c.target_minutes)
        .select_from(source)
        .order_by(ew.c.employee_code, ew.c.week)
    )
    # met_target is one vectorised comparison here rather than a Boolean per row in SQL
    columns = {k: v for k, v in EMPLOYEE_COLUMNS.items() if k != "met_target"}
    if names:
        columns = {"employee_code": "str", "full_name": "str", **columns}
    frame = to_frame(session.execute(query).all(), columns)
    frame["met_target"] = frame["minutes"] >= frame["target_minutes"]
    return frame


INACTIVE_COLUMNS = {
    "employee_code": "str",
    "full_name": "str",
    "team": "str",
    "hire_date": "date",
    "last_learning_date": "date",
    "days_since_learning": "int",
}


def inactive_people(
    session: Session, scope: Scope, *, weeks: int = 4, as_of: date | None = None, team: str | None = None
) -> pd.DataFrame:
    """People employed on `as_of` who logged no learning in the last `weeks` weeks.

    "The last N weeks" is the N x 7 days ending on `as_of` (4 weeks on a Monday: the 28 days
    from four Tuesdays ago). New hires are listed too: `hire_date` shows who just started.
    Refused for an executive (it names people).

    Columns: employee_code, full_name, team, hire_date, last_learning_date (None: never logged),
    days_since_learning (None: never). Longest silence first.
    """
    require_individuals(scope, "the list of people with no learning")
    if weeks < 1:
        raise ValueError("weeks must be at least 1")
    as_of = as_of or clock.today()
    window_start = as_of - timedelta(days=7 * weeks - 1)
    employee = Employee.__table__
    sessions = LearningSession.__table__
    team_table = Team.__table__
    in_view = people_in_view(scope, named_team_ids(session, team), employee)

    # Bounded to the window: one probe of the (employee, date) index per person employed, and the
    # last date looked up (the newest entry of that index) only for the people found silent,
    # never a scan of all history.
    of_person = sessions.c.employee_id == employee.c.id
    learned_in_window = (
        sa.select(sa.literal(1)).where(of_person, sessions.c.date.between(window_start, as_of)).exists()
    )
    last_date = (
        sa.select(sa.func.max(sessions.c.date)).where(of_person, sessions.c.date <= as_of).scalar_subquery()
    )
    silent = (
        sa.select(
            employee.c.employee_code,
            employee.c.full_name,
            team_table.c.name.label("team"),
            employee.c.hire_date,
            last_date.label("last_date"),
        )
        .select_from(employee.outerjoin(team_table, team_table.c.id == employee.c.team_id))
        .where(in_view, calendar.employed_on(employee.c, as_of), ~learned_in_window)
        .subquery("silent")
    )
    query = sa.select(*silent.c, days_between(sa.literal(as_of, sa.Date), silent.c.last_date)).order_by(
        silent.c.last_date.is_not(None), silent.c.last_date, silent.c.employee_code
    )
    return to_frame(session.execute(query).all(), INACTIVE_COLUMNS)


def group_weeks(
    session: Session,
    scope: Scope,
    *,
    start: date,
    end: date,
    by: Literal["team", "org"] = "org",
    team: str | None = None,
) -> pd.DataFrame:
    """`weekly_learning_minutes` by team or organisation, with the week's average target.

    `target_minutes` is the mean weekly target of the people counted that week (people with
    their own target weigh the same as those on the policy's). Rows and the other figures are
    exactly `weekly_learning_minutes(by=by)`'s.

    Columns: [team,] week, employees, minutes, avg_minutes_per_employee, share_meeting_target,
    target_minutes[, suppressed]. Executive: a suppressed row's target is emptied too.
    """
    if by not in ("team", "org"):
        raise ValueError(f"by must be team or org, not {by!r}")
    weeks = weekly_learning_minutes(session, scope, start=start, end=end, by=by, team=team)
    ew = employee_weeks_cte(session, scope, start, end, team)
    target = as_float(sa.func.avg(ew.c.target_minutes))
    if by == "team":
        query = (
            sa.select(_team.c.name, ew.c.week, target)
            .select_from(ew.outerjoin(_team, _team.c.id == ew.c.team_id))
            .group_by(ew.c.team_id, _team.c.name, ew.c.week)
        )
        keys = ["team", "week"]
    else:
        query = sa.select(ew.c.week, target).group_by(ew.c.week)
        keys = ["week"]
    columns = {**dict.fromkeys(keys, "str"), "target_minutes": "float"}
    targets = to_frame(session.execute(query).all(), columns)
    merged = weeks.merge(targets, on=keys, how="left")
    if "suppressed" in merged.columns:
        merged["target_minutes"] = merged["target_minutes"].mask(merged["suppressed"].notna())
        merged = merged[[c for c in merged.columns if c != "suppressed"] + ["suppressed"]]
    return merged


def people_weeks(
    session: Session, scope: Scope, *, start: date, end: date, team: str | None = None
) -> pd.DataFrame:
    """`weekly_learning_minutes(by="employee")` with each person's name.

    `person` is the full name, or "Full Name (CODE)" when two people in the answer share a
    name, so a chart row is always one person. Refused for an executive.

    Columns: employee_code, full_name, person, team, week, minutes, target_minutes, met_target.
    """
    require_individuals(scope, "weekly learning minutes per person")
    # Named in the same query: in view by the team of each week, so a person who has since moved
    # out of a lead's teams is still named for the weeks the lead may see.
    frame = _per_employee(session, employee_weeks_cte(session, scope, start, end, team), names=True)
    shared = frame.drop_duplicates("employee_code")["full_name"].duplicated(keep=False)
    shared_names = set(frame.drop_duplicates("employee_code")["full_name"][shared])
    frame["person"] = [
        f"{name} ({code})" if name in shared_names else name
        for name, code in zip(frame["full_name"], frame["employee_code"], strict=True)
    ]
    columns = ["employee_code", "full_name", "person", "team", "week", "minutes", "target_minutes"]
    return frame[[*columns, "met_target"]]


def people_week_table(
    session: Session, scope: Scope, *, start: date, end: date, team: str | None = None
) -> pd.DataFrame:
    """One row per person, one column of learning minutes per ISO week, and their totals.

    Columns: employee_code, full_name, team, weeks_counted (weeks the person was employed),
    weeks_met_target, minutes (the period's total), then one column per week label
    (`2026-W03`...) holding that week's minutes; empty where the person did not count that
    week (not yet hired, or gone). Refused for an executive.
    """
    weeks = people_weeks(session, scope, start=start, end=end, team=team)
    keys = ["employee_code", "full_name", "team"]
    if weeks.empty:
        return pd.DataFrame(columns=[*keys, "weeks_counted", "weeks_met_target", "minutes"])
    # One row per person: a person who moved team in the period is shown in the team of their
    # last week in it (each week's own team is in people_weeks).
    totals = weeks.groupby(["employee_code", "full_name"], dropna=False, sort=False).agg(
        team=("team", "last"),
        weeks_counted=("week", "size"),
        weeks_met_target=("met_target", "sum"),
        minutes=("minutes", "sum"),
    )
    # Pivot on the code alone: several index levels with dropna=False would build their full
    # cartesian product (70 GB for 10,000 people).
    per_week = weeks.pivot_table(index="employee_code", columns="week", values="minutes", aggfunc="sum")
    per_week = per_week[sorted(per_week.columns)].astype("Int64")
    per_week.columns.name = None
    table = totals.reset_index().merge(per_week.reset_index(), on="employee_code", how="left")
    table["weeks_met_target"] = table["weeks_met_target"].astype("int64")
    return table.sort_values(["team", "full_name"], na_position="last", kind="stable").reset_index(drop=True)


@dataclass(frozen=True)
class WeeklySummary:
    """The period at a glance, over everyone counted (see `weekly_learning_minutes`).

    - weeks: ISO weeks in the period; last_week: the newest of them.
    - people_last_week: people counted in the last week.
    - avg_minutes_per_person_week: all minutes / all person-weeks of the period.
    - share_meeting_target: person-weeks at or above target / all person-weeks (0..1).
    - share_meeting_target_last_week: the same for the last week alone.
    Figures are None when nobody counts (or, for an executive, fewer than 5 people).
    """

    weeks: int
    last_week: str
    people_last_week: int
    avg_minutes_per_person_week: float | None
    share_meeting_target: float | None
    share_meeting_target_last_week: float | None


def weekly_summary(
    session: Session, scope: Scope, *, start: date, end: date, team: str | None = None
) -> WeeklySummary:
    """The period's headline figures (see `WeeklySummary`), in one query."""
    ew = employee_weeks_cte(session, scope, start, end, team)
    met = sa.case((ew.c.minutes >= ew.c.target_minutes, 1.0), else_=0.0)
    per_week = session.execute(
        sa.select(ew.c.week, sa.func.count(), sa.func.sum(ew.c.minutes), sa.func.sum(met))
        .group_by(ew.c.week)
        .order_by(ew.c.week)
    ).all()
    labels = [w.label for w in calendar.weeks_between(start, end)]
    by_week = {week: (int(n), int(m or 0), float(k or 0)) for week, n, m, k in per_week}
    person_weeks = sum(n for n, _, _ in by_week.values())
    last_n, _, last_met = by_week.get(labels[-1], (0, 0, 0.0))
    hidden = scope.hides_small_groups and last_n < scope.privacy_floor
    if not person_weeks or hidden:
        return WeeklySummary(len(labels), labels[-1], last_n, None, None, None)
    return WeeklySummary(
        weeks=len(labels),
        last_week=labels[-1],
        people_last_week=last_n,
        avg_minutes_per_person_week=sum(m for _, m, _ in by_week.values()) / person_weeks,
        share_meeting_target=sum(k for _, _, k in by_week.values()) / person_weeks,
        share_meeting_target_last_week=last_met / last_n if last_n else None,
    )
