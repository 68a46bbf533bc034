"""The Weekly learning page's figures: weeks against the target for a group, each person by name.

Built on `learning.weekly_learning_minutes` (same people, weeks and targets), adding what the
page draws besides: the average weekly target of the people counted (the trend chart's target
line), people's names (the heatmap's rows), one row per person with a column per week, and
the period's headline figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from ..access import Scope, require_individuals
from ..models import Employee, Team
from . import calendar
from .frames import to_frame
from .learning import employee_weeks_cte, weekly_learning_minutes
from .people import named_team_ids, people_in_view
from .sqlfuncs import as_float

_employee = Employee.__table__
_team = Team.__table__


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


def _names(session: Session, scope: Scope, team: str | None) -> pd.DataFrame:
    query = sa.select(_employee.c.employee_code, _employee.c.full_name).where(
        people_in_view(scope, named_team_ids(session, team), _employee)
    )
    return to_frame(session.execute(query).all(), {"employee_code": "str", "full_name": "str"})


def people_weeks(
    session: Session, scope: Scope, *, start: date, end: date, team: str | None = None
) -> pd.DataFrame:
    """`weekly_learning_minutes(by="employee")` with each person's name.

    `person` is the full name, or "Full Name (CODE)" when two people in the answer share a
    name, so a chart row is always one person. Refused for an executive.

    Columns: employee_code, full_name, person, team, week, minutes, target_minutes, met_target.
    """
    require_individuals(scope, "weekly learning minutes per person")
    weeks = weekly_learning_minutes(session, scope, start=start, end=end, by="employee", team=team)
    names = _names(session, scope, team)
    frame = weeks.merge(names, on="employee_code", how="left")
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
    totals = weeks.groupby(keys, dropna=False, sort=False).agg(
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
