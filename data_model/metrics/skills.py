"""Skills on a date: coverage of team targets, coverage indexes, bench depth and gaps.

A person's level in a skill on a date is the highest level among their skill rows valid that
day (`valid_from <= day < valid_to`). A row that came from a badge also needs the badge valid
that day: not expired (`expires_on` after the day) and not revoked or failed verification, so
an expired badge stops giving its skill even if its row was never closed.

People counted for a team on a date are its own members (not sub-teams') who count in that
date's ISO week (hired on or before its Sunday, not exited before its Monday).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from .. import clock
from ..access import Scope
from ..models import Badge, Employee, EmployeeSkill, Skill, Team, TeamSkillTarget
from ..vocab import BADGE_NOT_COUNTED
from . import calendar
from .frames import suppress_small_groups, to_frame
from .scope import MEMBERSHIP, at_the_time, history_in_view, named_team_ids, people_in_view, teams_in_view
from .sqlfuncs import as_float

_employee = Employee.__table__
_held = EmployeeSkill.__table__
_badge = Badge.__table__
_skill = Skill.__table__
_team = Team.__table__
_target = TeamSkillTarget.__table__

BADGE_NOT_TRUSTED = BADGE_NOT_COUNTED  # the name other modules import


def badge_still_counts(day: Any) -> sa.ColumnElement[bool]:
    """SQL: a skill row's badge (if it came from one) still gives the skill on `day`.

    Needs `badge` outer-joined on `employee_skill.badge_id`.
    """
    return sa.or_(
        _held.c.badge_id.is_(None),
        sa.and_(
            sa.or_(_badge.c.expires_on.is_(None), _badge.c.expires_on > day),
            _badge.c.verification.not_in(BADGE_NOT_TRUSTED),
        ),
    )


def skill_row_holds_on(day: Any) -> sa.ColumnElement[bool]:
    """SQL: an `employee_skill` row counts on `day` (a date or a date column).

    It holds from valid_from until the day before valid_to, and a badge row only while its
    badge is unexpired and neither revoked nor failed. A person's level is the highest such row.
    """
    return sa.and_(
        _held.c.valid_from <= day,
        sa.or_(_held.c.valid_to.is_(None), _held.c.valid_to > day),
        badge_still_counts(day),
    )


def levels_on(days: Any, people: Any, name: str = "level_on", *, skills: Any = None) -> sa.CTE:
    """CTE (as_of, employee_id, skill_id, level): each person's level per skill on each day.

    `days` is a days CTE (as_of, monday, sunday); `people` an SQL condition on Employee, or a
    select of employee ids (then the employee table is not joined at all);
    `skills`, when given, a subquery of the skill ids wanted (the ones with targets). (Reading
    only rows whose level reaches a target's minimum, as a correlated subquery, measured slower.)

    The same rule as `skill_row_holds_on`, in two parts that each join only what they need: rows
    from a badge meet their badge by its key, the others never touch the badge table. (One outer
    join keyed every row on badge_id, most of them NULL: past 30,000 people PostgreSQL's hash
    join then split into 131,072 batches.)
    """
    in_range = sa.and_(
        _held.c.valid_from <= days.c.as_of,
        sa.or_(_held.c.valid_to.is_(None), _held.c.valid_to > days.c.as_of),
    )
    by_id = isinstance(people, sa.Select)
    wanted = [_held.c.employee_id.in_(people) if by_id else people]
    if skills is not None:
        wanted.append(_held.c.skill_id.in_(skills))
    columns = [days.c.as_of, _held.c.employee_id, _held.c.skill_id, _held.c.level]

    def of_people(source: sa.FromClause) -> sa.FromClause:
        return source if by_id else source.join(_employee, _employee.c.id == _held.c.employee_id)

    plain = (
        sa.select(*columns)
        .select_from(of_people(_held.join(days, in_range)))
        .where(_held.c.badge_id.is_(None), *wanted)
    )
    from_badges = (
        sa.select(*columns)
        .select_from(of_people(_held.join(_badge, _badge.c.id == _held.c.badge_id).join(days, in_range)))
        .where(
            sa.or_(_badge.c.expires_on.is_(None), _badge.c.expires_on > days.c.as_of),
            _badge.c.verification.not_in(BADGE_NOT_TRUSTED),
            *wanted,
        )
    )
    rows = sa.union_all(plain, from_badges).subquery(f"{name}_rows")
    return (
        sa.select(rows.c.as_of, rows.c.employee_id, rows.c.skill_id, sa.func.max(rows.c.level).label("level"))
        .group_by(rows.c.as_of, rows.c.employee_id, rows.c.skill_id)
        .cte(name)
    )


def _members(days: Any, scope: Scope, team_ids: frozenset[int] | None) -> sa.CTE:
    """CTE (as_of, employee_id, team_id): people counted in each day's ISO week, each in the team
    they were in on that day (so a team's coverage a year ago counts who was in it then)."""
    return (
        sa.select(days.c.as_of, _employee.c.id.label("employee_id"), MEMBERSHIP.c.team_id)
        .select_from(
            at_the_time(
                _employee.join(days, calendar.counted_in_week(_employee.c, days.c.monday, days.c.sunday)),
                days.c.as_of,
            )
        )
        .where(history_in_view(scope, team_ids, _employee))
        .cte("members")
    )


def coverage_subquery(session: Session, scope: Scope, days: list[date], team: str | None) -> sa.Subquery:
    """Per day and target: team size, people at level, coverage (SQL subquery)."""
    team_ids = named_team_ids(session, team)
    cal = calendar.days_cte(days)
    members = _members(cal, scope, team_ids)
    target_skills = sa.select(_target.c.skill_id).where(teams_in_view(scope, team_ids, _target.c.team_id))
    levels = levels_on(cal, sa.select(members.c.employee_id), skills=target_skills)
    targets = (
        sa.select(
            cal.c.as_of,
            _target.c.id.label("target_id"),
            _target.c.team_id,
            _target.c.skill_id,
            _target.c.min_level,
            _target.c.required_headcount,
        )
        .select_from(_target.join(cal, sa.true()))
        .where(teams_in_view(scope, team_ids, _target.c.team_id))
        .cte("day_target")
    )
    at_level = sa.func.coalesce(
        sa.func.sum(sa.case((levels.c.level >= targets.c.min_level, 1), else_=0)), 0
    ).label("people_at_level")
    counted = (
        sa.select(
            targets.c.as_of,
            targets.c.target_id,
            targets.c.team_id,
            targets.c.skill_id,
            targets.c.min_level,
            targets.c.required_headcount,
            sa.func.count(members.c.employee_id).label("team_size"),
            at_level,
        )
        .select_from(
            targets.outerjoin(
                members,
                sa.and_(members.c.as_of == targets.c.as_of, members.c.team_id == targets.c.team_id),
            ).outerjoin(
                levels,
                sa.and_(
                    levels.c.as_of == targets.c.as_of,
                    levels.c.employee_id == members.c.employee_id,
                    levels.c.skill_id == targets.c.skill_id,
                ),
            )
        )
        .group_by(
            targets.c.as_of,
            targets.c.target_id,
            targets.c.team_id,
            targets.c.skill_id,
            targets.c.min_level,
            targets.c.required_headcount,
        )
        .cte("target_count")
    )
    coverage = sa.case(
        (counted.c.people_at_level >= counted.c.required_headcount, 1.0),
        else_=as_float(counted.c.people_at_level) / as_float(counted.c.required_headcount),
    )
    return sa.select(*counted.c, as_float(coverage).label("coverage")).subquery("coverage")


COVERAGE_COLUMNS = {
    "team": "str",
    "skill": "str",
    "min_level": "int",
    "required_headcount": "int",
    "team_size": "int",
    "people_at_level": "int",
    "coverage": "float",
    "people_missing": "int",
    "priority": "str",
    "target_date": "date",
}


# `_coverage_rows`: the ids, then skill_coverage's columns but people_missing (worked out from them).
COVERAGE_ROWS = {
    "target_id": "int",
    "team_id": "int",
    "skill_id": "int",
    **{name: kind for name, kind in COVERAGE_COLUMNS.items() if name != "people_missing"},
}


def _coverage_rows(session: Session, scope: Scope, as_of: date, team: str | None) -> pd.DataFrame:
    """Every target's coverage on `as_of` (COVERAGE_ROWS), by team and skill name, unsuppressed.

    The one read of coverage on a day: skill_coverage, the coverage indexes, the gaps and the
    gap-closing plan are all made from these rows (a few per team), so a page that shows them
    all computes coverage once. Never return them to a reader as they are: callers suppress.
    """
    cov = coverage_subquery(session, scope, [as_of], team)
    query = (
        sa.select(
            cov.c.target_id,
            cov.c.team_id,
            cov.c.skill_id,
            _team.c.name,
            _skill.c.name,
            cov.c.min_level,
            cov.c.required_headcount,
            cov.c.team_size,
            cov.c.people_at_level,
            cov.c.coverage,
            _target.c.priority,
            _target.c.target_date,
        )
        .select_from(
            cov.join(_team, _team.c.id == cov.c.team_id)
            .join(_skill, _skill.c.id == cov.c.skill_id)
            .join(_target, _target.c.id == cov.c.target_id)
        )
        .order_by(_team.c.name, _skill.c.name)
    )
    return to_frame(session.execute(query).all(), COVERAGE_ROWS)


def _coverage_from(rows: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    """`skill_coverage`'s frame from `_coverage_rows`."""
    frame = rows[[c for c in COVERAGE_COLUMNS if c in rows.columns]].copy()
    missing = (rows["required_headcount"] - rows["people_at_level"]).clip(lower=0)
    frame.insert(list(COVERAGE_COLUMNS).index("people_missing"), "people_missing", missing.astype("int64"))
    frame = frame[list(COVERAGE_COLUMNS)].reset_index(drop=True)
    return suppress_small_groups(
        frame, scope, size="team_size", figures=["people_at_level", "coverage", "people_missing"]
    )


def _team_index_from(rows: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    """`team_coverage_index`'s frame from `_coverage_rows` (teams A to Z, as the rows are)."""
    grouped = rows.groupby(["team_id", "team"], sort=False)
    frame = pd.DataFrame(
        {
            "team": rows.drop_duplicates("team_id")["team"].tolist(),  # groupby's order (sort=False)
            "targets": grouped.size().to_numpy(dtype="int64"),
            "targets_met": grouped["coverage"].apply(lambda c: int((c >= 1.0).sum())).to_numpy(dtype="int64"),
            "team_size": grouped["team_size"].max().to_numpy(dtype="int64"),
            "coverage_index": grouped["coverage"].mean().to_numpy(dtype="float64"),
        }
    )
    return suppress_small_groups(frame, scope, size="team_size", figures=["targets_met", "coverage_index"])


def _index_from(rows: pd.DataFrame, scope: Scope) -> float | None:
    """`organisation_coverage_index` from `_coverage_rows`."""
    if rows.empty:
        return None
    counted = int(rows.drop_duplicates("team_id")["team_size"].sum())
    if scope.hides_small_groups and counted < scope.privacy_floor:
        return None  # an executive's view of fewer than 5 people (a small team picked) shows nothing
    return float(rows["coverage"].mean())


def skill_coverage(
    session: Session, scope: Scope, *, as_of: date | None = None, team: str | None = None
) -> pd.DataFrame:
    """Coverage of every team skill target on `as_of`: min(1, people at level / required).

    People at level: the team's members counted in the as-of ISO week holding the skill at or
    above the target's minimum level on `as_of`.

    Columns: team, skill, min_level, required_headcount, team_size, people_at_level, coverage
    (0..1), people_missing (required - at level, never below 0), priority, target_date.
    Executive: teams under 5 people get their figures emptied and a `suppressed` reason.
    """
    return _coverage_from(_coverage_rows(session, scope, as_of or clock.today(), team), scope)


def team_coverage_index(
    session: Session, scope: Scope, *, as_of: date | None = None, team: str | None = None
) -> pd.DataFrame:
    """Each team's coverage index on `as_of`: the mean coverage over its skill targets (0..1).

    Columns: team, targets, targets_met (coverage 1), team_size, coverage_index.
    Executive: teams under 5 people suppressed.
    """
    return _team_index_from(_coverage_rows(session, scope, as_of or clock.today(), team), scope)


def organisation_coverage_index(
    session: Session, scope: Scope, *, as_of: date | None = None, team: str | None = None
) -> float | None:
    """The mean coverage over all skill targets in scope on `as_of` (0..1); None without targets.

    Every target weighs the same, whatever its team's size, so small teams are included (the
    mean does not show any one team).
    """
    return _index_from(_coverage_rows(session, scope, as_of or clock.today(), team), scope)


def organisation_coverage_over_time(
    session: Session, scope: Scope, *, start: date, end: date, team: str | None = None
) -> pd.DataFrame:
    """The organisation coverage index at the end of every month in [start, end] (one query).

    Columns: month (`YYYY-MM`), as_of (the month's last day, or `end` for the last month),
    targets, people (counted in the teams that have targets), coverage_index (0..1; None
    without targets). Executive: a month of fewer than 5 people has its index emptied and a
    `suppressed` reason (a small team picked).
    """
    days = calendar.month_ends(start, end)
    cov = coverage_subquery(session, scope, days, team)
    # The coverage rows (a few per target and month) read once; the month's figures are summed
    # here: in SQL the two uses of the coverage subquery made SQLite compute it twice.
    rows = to_frame(
        session.execute(sa.select(cov.c.as_of, cov.c.team_id, cov.c.team_size, cov.c.coverage)).all(),
        {"as_of": "date", "team_id": "int", "team_size": "int", "coverage": "float"},
    )
    per_day = rows.groupby("as_of").agg(targets=("coverage", "size"), coverage_index=("coverage", "mean"))
    people = rows.drop_duplicates(["as_of", "team_id"]).groupby("as_of")["team_size"].sum()
    frame = pd.DataFrame({"as_of": days})
    frame["targets"] = frame["as_of"].map(per_day["targets"]).fillna(0).astype("int64")
    frame["people"] = frame["as_of"].map(people).fillna(0).astype("int64")
    frame["coverage_index"] = frame["as_of"].map(per_day["coverage_index"]).astype("float64")
    frame.insert(0, "month", [d.strftime("%Y-%m") for d in frame["as_of"]])
    return suppress_small_groups(frame, scope, size="people", figures=["coverage_index"])


def bench_depth(
    session: Session,
    scope: Scope,
    *,
    as_of: date | None = None,
    min_level: int = 4,
    team: str | None = None,
) -> pd.DataFrame:
    """How many people hold each skill at level `min_level` (default 4, Advanced) or above.

    Counts people employed in the as-of ISO week, in scope. Every skill is listed, zeros
    included. Not suppressed for executives: the count is over the whole organisation.

    Columns: skill, category, people.
    """
    as_of = as_of or clock.today()
    cal = calendar.days_cte([as_of])
    people = sa.and_(
        people_in_view(scope, named_team_ids(session, team), _employee),
        calendar.counted_in_week(_employee.c, cal.c.monday, cal.c.sunday),
    )
    levels = levels_on(cal, people)
    deep = (
        sa.select(levels.c.skill_id, sa.func.count().label("people"))
        .where(levels.c.level >= min_level)
        .group_by(levels.c.skill_id)
        .subquery("deep")
    )
    query = (
        sa.select(_skill.c.name, _skill.c.category, sa.func.coalesce(deep.c.people, 0))
        .select_from(_skill.outerjoin(deep, deep.c.skill_id == _skill.c.id))
        .order_by(sa.func.coalesce(deep.c.people, 0).desc(), _skill.c.name)
    )
    return to_frame(session.execute(query).all(), {"skill": "str", "category": "str", "people": "int"})


def bench_depth_in_view(
    session: Session,
    scope: Scope,
    *,
    as_of: date | None = None,
    min_level: int = 4,
    team: str | None = None,
) -> pd.DataFrame:
    """`bench_depth`: people at level `min_level` (4, Advanced) or above, per skill.

    Over the whole organisation the counts are shown to everyone; narrowed to a team, an
    executive gets them only when at least 5 people count in that team (and its sub-teams)
    that week, else the counts are emptied with a trailing `suppressed` reason.

    Columns: skill, category, people[, suppressed].
    """
    as_of = as_of or clock.today()
    frame = bench_depth(session, scope, as_of=as_of, min_level=min_level, team=team)
    if team is None or not scope.hides_small_groups:
        return frame
    week = calendar.week_of(as_of)
    size = session.execute(
        sa.select(sa.func.count()).where(
            people_in_view(scope, named_team_ids(session, team), _employee),
            calendar.counted_in_week(_employee.c, week.monday, week.sunday),
        )
    ).scalar_one()
    frame["team_size"] = size
    frame = suppress_small_groups(frame, scope, size="team_size", figures=["people"])
    return frame.drop(columns="team_size")
