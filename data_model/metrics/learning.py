"""Learning time: minutes per ISO week against each person's target, and who has stopped learning."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from .. import clock
from ..access import Scope, require_individuals
from ..models import Employee, LearningSession, LearningWeek, Team
from . import calendar
from .frames import suppress_small_groups, to_frame
from .scope import MEMBERSHIP, history_in_view, membership_on, named_team_ids, people_in_view
from .sqlfuncs import days_between
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


def _counted_cte(
    session: Session, scope: Scope, cal: sa.CTE, team: str | None, people: sa.ColumnElement | None = None
) -> sa.CTE:
    """CTE (employee_id, employee_code, team_id, weekly_target_minutes, week, monday): each
    person-week counted, under the team of that week (membership_on its Sunday), in scope by it.
    `people`, when given, narrows to some employees (a page of them)."""
    employee = Employee.__table__
    membership = MEMBERSHIP
    in_view = history_in_view(scope, named_team_ids(session, team), employee, membership)
    return (
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
        .where(in_view if people is None else sa.and_(in_view, people))
        .cte("counted")
    )


def employee_weeks_cte(
    session: Session,
    scope: Scope,
    start: date,
    end: date,
    team: str | None,
    people: sa.ColumnElement | None = None,
) -> sa.CTE:
    """CTE: one row per counted employee and week, with minutes (0 when none) and target."""
    weeks = calendar.weeks_between(start, end)
    cal = calendar.weeks_cte(weeks)
    counted = _counted_cte(session, scope, cal, team, people)
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
    if by == "employee":
        return _per_employee(session, employee_weeks_cte(session, scope, start, end, team))
    return _group_frame(_team_week_rows(session, scope, start=start, end=end, team=team), scope, by)[0]


TEAM_WEEK_COLUMNS = {
    "team_id": "int",
    "team": "str",
    "week": "str",
    "employees": "int",
    "minutes": "int",
    "met": "int",
    "target_total": "int",
}


def _team_week_rows(
    session: Session, scope: Scope, *, start: date, end: date, team: str | None = None
) -> pd.DataFrame:
    """The person-week grid summed per team and week, in one query: every group figure of the
    weekly pages (by team, by organisation, the headline summary, the average target) is made
    from these rows, so a page builds the grid once.

    Columns: team_id, team, week, employees (counted person-weeks), minutes, met (person-weeks
    at or above target), target_total (the sum of those person-weeks' targets). Not suppressed:
    callers apply the privacy floor to what they show.
    """
    ew = employee_weeks_cte(session, scope, start, end, team)
    met = sa.case((ew.c.minutes >= ew.c.target_minutes, 1), else_=0)
    query = (
        sa.select(
            ew.c.team_id,
            _team.c.name,
            ew.c.week,
            sa.func.count(),
            sa.func.sum(ew.c.minutes),
            sa.func.sum(met),
            sa.func.sum(ew.c.target_minutes),
        )
        .select_from(ew.outerjoin(_team, _team.c.id == ew.c.team_id))
        .group_by(ew.c.team_id, _team.c.name, ew.c.week)
        .order_by(_team.c.name, ew.c.week)
    )
    return to_frame(session.execute(query).all(), TEAM_WEEK_COLUMNS)


def _group_frame(
    rows: pd.DataFrame, scope: Scope, by: Literal["team", "org"]
) -> tuple[pd.DataFrame, pd.Series]:
    """`weekly_learning_minutes(by=by)`'s frame from `_team_week_rows`, and each row's mean target.

    Ratios are computed from the summed integers (the sum first, then one division), so a
    team's and the organisation's figures come from the same counts.
    """
    keys = ["team", "week"] if by == "team" else ["week"]
    if by == "org":
        rows = rows.groupby("week", as_index=False, sort=True)[
            ["employees", "minutes", "met", "target_total"]
        ].sum()
    frame = rows[[*keys, "employees", "minutes"]].reset_index(drop=True)
    employees = frame["employees"].astype("float64")
    frame["avg_minutes_per_employee"] = frame["minutes"] / employees
    frame["share_meeting_target"] = rows["met"].reset_index(drop=True) / employees
    for name, kind in (TEAM_COLUMNS if by == "team" else ORG_COLUMNS).items():
        if kind == "int":
            frame[name] = frame[name].astype("int64")
    target = rows["target_total"].reset_index(drop=True) / employees
    return suppress_small_groups(frame, scope, size="employees", figures=GROUP_FIGURES), target


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
    return _group_weeks_from(_team_week_rows(session, scope, start=start, end=end, team=team), scope, by=by)


def _group_weeks_from(rows: pd.DataFrame, scope: Scope, *, by: Literal["team", "org"]) -> pd.DataFrame:
    """`group_weeks` from `_team_week_rows` already read (a page reads them once for every tab)."""
    merged, target = _group_frame(rows, scope, by)
    merged["target_minutes"] = target
    if "suppressed" in merged.columns:
        merged["target_minutes"] = merged["target_minutes"].mask(merged["suppressed"].notna())
        merged = merged[[c for c in merged.columns if c != "suppressed"] + ["suppressed"]]
    return merged


def people_weeks(
    session: Session,
    scope: Scope,
    *,
    start: date,
    end: date,
    team: str | None = None,
    employee_ids: list[int] | None = None,
) -> pd.DataFrame:
    """`weekly_learning_minutes(by="employee")` with each person's name.

    `person` is the full name, or "Full Name (CODE)" when two people in the answer share a
    name, so a chart row is always one person. `employee_ids` narrows to those people (a page).
    Refused for an executive.

    Columns: employee_code, full_name, person, team, week, minutes, target_minutes, met_target.
    """
    require_individuals(scope, "weekly learning minutes per person")
    people = None if employee_ids is None else _employee.c.id.in_(employee_ids)
    # Named in the same query: in view by the team of each week, so a person who has since moved
    # out of a lead's teams is still named for the weeks the lead may see.
    frame = _per_employee(session, employee_weeks_cte(session, scope, start, end, team, people), names=True)
    shared = frame.drop_duplicates("employee_code")["full_name"].duplicated(keep=False)
    shared_names = set(frame.drop_duplicates("employee_code")["full_name"][shared])
    frame["person"] = [
        f"{name} ({code})" if name in shared_names else name
        for name, code in zip(frame["full_name"], frame["employee_code"], strict=True)
    ]
    columns = ["employee_code", "full_name", "person", "team", "week", "minutes", "target_minutes"]
    return frame[[*columns, "met_target"]]


def _people_in_order(session: Session, scope: Scope, start: date, end: date, team: str | None) -> sa.Select:
    """The people counted in the period, in the people table's order: by the team of their last
    week in it (teams A to Z, no team last), then name and code. One row per person: employee_id,
    employee_code."""
    counted = _counted_cte(session, scope, calendar.weeks_cte(calendar.weeks_between(start, end)), team)
    newest = sa.func.row_number().over(partition_by=counted.c.employee_id, order_by=counted.c.monday.desc())
    last = sa.select(counted.c.employee_id, counted.c.team_id, newest.label("n")).subquery("last_week")
    return (
        sa.select(last.c.employee_id, _employee.c.employee_code)
        .select_from(
            last.join(_employee, _employee.c.id == last.c.employee_id).outerjoin(
                _team, _team.c.id == last.c.team_id
            )
        )
        .where(last.c.n == 1)
        .order_by(_team.c.name.is_(None), _team.c.name, _employee.c.full_name, _employee.c.employee_code)
    )


def _week_table(weeks: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """people_week_table's rows from people_weeks' rows, one per person in `order` (their codes)."""
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
    position = {code: n for n, code in enumerate(order)}
    return table.sort_values("employee_code", key=lambda codes: codes.map(position)).reset_index(drop=True)


def people_week_table(
    session: Session, scope: Scope, *, start: date, end: date, team: str | None = None
) -> pd.DataFrame:
    """One row per person, one column of learning minutes per ISO week, and their totals.

    Columns: employee_code, full_name, team, weeks_counted (weeks the person was employed),
    weeks_met_target, minutes (the period's total), then one column per week label
    (`2026-W03`...) holding that week's minutes; empty where the person did not count that
    week (not yet hired, or gone). Ordered by team (of the person's last week), name and code.
    Refused for an executive.
    """
    weeks = people_weeks(session, scope, start=start, end=end, team=team)
    if weeks.empty:
        return _week_table(weeks, [])
    order = [code for _, code in session.execute(_people_in_order(session, scope, start, end, team))]
    return _week_table(weeks, order)


PEOPLE_PER_PAGE = 50


@dataclass(frozen=True)
class PeoplePage:
    """One page of the people table and the heatmap rows of the same people.

    total: people counted in the period (every page); page: 1-based, clamped to [1, pages];
    table: `people_week_table`'s columns for this page's people, in its order; weeks:
    `people_weeks`' rows for them.
    """

    total: int
    page: int
    pages: int
    per_page: int
    table: pd.DataFrame
    weeks: pd.DataFrame

    @property
    def first(self) -> int:
        return 0 if not self.total else (self.page - 1) * self.per_page + 1

    @property
    def last(self) -> int:
        return min(self.total, self.page * self.per_page)


def people_week_page(
    session: Session,
    scope: Scope,
    *,
    start: date,
    end: date,
    team: str | None = None,
    page: int = 1,
    per_page: int = PEOPLE_PER_PAGE,
) -> PeoplePage:
    """Page `page` of `people_week_table` (and those people's `people_weeks`), read from the
    database a page at a time: a screen never holds more people than it can show, however many
    are in view. Refused for an executive."""
    require_individuals(scope, "weekly learning minutes per person")
    if per_page < 1:
        raise ValueError("per_page must be at least 1")
    ordered = _people_in_order(session, scope, start, end, team)

    def page_rows(number: int) -> list[Any]:
        # The page and the total in one query (count over the whole ordered set): the grid of
        # counted person-weeks behind the order is built once, not once for a count and again.
        counted = ordered.add_columns(sa.func.count().over().label("total"))
        return list(session.execute(counted.limit(per_page).offset((number - 1) * per_page)).all())

    rows = page_rows(max(1, page))
    if not rows and page > 1:  # past the last page (fewer people after a filter change)
        total = int(session.execute(sa.select(sa.func.count()).select_from(ordered.subquery())).scalar_one())
        rows = page_rows(max(1, -(-total // per_page))) if total else []
    total = int(rows[0].total) if rows else 0
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    chosen = [(row[0], row[1]) for row in rows]
    weeks = people_weeks(session, scope, start=start, end=end, team=team, employee_ids=[i for i, _ in chosen])
    table = _week_table(weeks, [code for _, code in chosen])
    return PeoplePage(total=total, page=page, pages=pages, per_page=per_page, table=table, weeks=weeks)


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
    rows = _team_week_rows(session, scope, start=start, end=end, team=team)
    return _summary_from(rows, scope, start=start, end=end)


def _summary_from(rows: pd.DataFrame, scope: Scope, *, start: date, end: date) -> WeeklySummary:
    """`weekly_summary` from `_team_week_rows` already read."""
    per_week = rows.groupby("week")[["employees", "minutes", "met"]].sum()
    labels = [w.label for w in calendar.weeks_between(start, end)]
    by_week = {week: (int(r.employees), int(r.minutes), float(r.met)) for week, r in per_week.iterrows()}
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


@dataclass(frozen=True)
class WeeklyOverview:
    """Everything the Weekly learning page shows about groups, from one read of the grid."""

    summary: WeeklySummary
    org: pd.DataFrame  # group_weeks(by="org")
    teams: pd.DataFrame  # group_weeks(by="team")


def weekly_overview(
    session: Session, scope: Scope, *, start: date, end: date, team: str | None = None
) -> WeeklyOverview:
    """The summary, the organisation's weeks and each team's weeks, from one query (see
    `_team_week_rows`): the same figures as `weekly_summary` and `group_weeks`."""
    rows = _team_week_rows(session, scope, start=start, end=end, team=team)
    return WeeklyOverview(
        summary=_summary_from(rows, scope, start=start, end=end),
        org=_group_weeks_from(rows, scope, by="org"),
        teams=_group_weeks_from(rows, scope, by="team"),
    )
