"""Skill gaps: the open targets of each team on a day, and the people closest to closing them.

Candidates are a team's counted members below a target's level, nearest first; they are
people, so an executive gets the gaps without names (`skill_gaps`) and no candidate list.
"""

from __future__ import annotations

from collections.abc import Hashable
from datetime import date

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from .. import clock
from ..access import Scope, require_individuals
from ..models import Employee, Skill, Team
from . import calendar
from .frames import to_frame
from .scope import named_team_ids, people_in_view
from .skills import _coverage_from, _coverage_rows, levels_on

_employee = Employee.__table__
_skill = Skill.__table__
_team = Team.__table__

CANDIDATE_COLUMNS = {
    "team": "str",
    "skill": "str",
    "min_level": "int",
    "people_missing": "int",
    "employee_code": "str",
    "full_name": "str",
    "current_level": "int",
    "rank": "int",
}


def candidates_query(session: Session, scope: Scope, as_of: date, team: str | None) -> sa.Select | None:
    """Per open target, every counted team member below the level, nearest first (rank 1..);
    None when no target is open.

    Its rows are people: refused for an executive, like every per-person read."""
    require_individuals(scope, "the people closest to each skill target")
    return _ranked_candidates(session, scope, as_of, team, _coverage_rows(session, scope, as_of, team))


def _ranked_candidates(
    session: Session, scope: Scope, as_of: date, team: str | None, coverage: pd.DataFrame
) -> sa.Select | None:
    """`candidates_query` without the check, on coverage rows already read (`_coverage_rows`), for
    figures that only count its rows (the gap-closing recommendation's totals, which an
    executive may see). Never return its rows to a reader. None when no target is open."""
    open_rows = coverage[coverage["people_at_level"] < coverage["required_headcount"]]
    if open_rows.empty:
        return None
    # The open targets travel as a small VALUES list: coverage is not computed again here.
    open_target = (
        sa.values(
            sa.column("target_id", sa.Integer),
            sa.column("team_id", sa.Integer),
            sa.column("skill_id", sa.Integer),
            sa.column("min_level", sa.Integer),
            sa.column("people_missing", sa.Integer),
            name="open_target",
        )
        .data(
            [
                (
                    int(r["target_id"]),
                    int(r["team_id"]),
                    int(r["skill_id"]),
                    int(r["min_level"]),
                    int(r["required_headcount"] - r["people_at_level"]),
                )
                for r in open_rows.to_dict("records")
            ]
        )
        .cte("open_target")
    )
    cal = calendar.days_cte([as_of], name="candidate_day")
    week = calendar.week_of(as_of)
    people = people_in_view(scope, named_team_ids(session, team), _employee)
    # Levels only in skills an open target asks for: no one is a candidate for the others.
    levels = levels_on(cal, people, name="candidate_level", skills=sa.select(open_target.c.skill_id))
    current = sa.func.coalesce(levels.c.level, 0)
    rank = sa.func.row_number().over(
        partition_by=open_target.c.target_id, order_by=(current.desc(), _employee.c.employee_code)
    )
    return (
        sa.select(
            open_target.c.target_id,
            _team.c.name.label("team"),
            _skill.c.name.label("skill"),
            open_target.c.skill_id,
            open_target.c.min_level,
            open_target.c.people_missing,
            _employee.c.id.label("employee_id"),
            _employee.c.employee_code,
            _employee.c.full_name,
            current.label("current_level"),
            rank.label("rank"),
        )
        .select_from(
            open_target.join(_team, _team.c.id == open_target.c.team_id)
            .join(_skill, _skill.c.id == open_target.c.skill_id)
            .join(
                _employee,
                sa.and_(
                    _employee.c.team_id == open_target.c.team_id,
                    calendar.counted_in_week(_employee.c, week.monday, week.sunday),
                    people,
                ),
            )
            .outerjoin(
                levels,
                sa.and_(
                    levels.c.employee_id == _employee.c.id,
                    levels.c.skill_id == open_target.c.skill_id,
                ),
            )
        )
        .where(current < open_target.c.min_level)
    )


def _candidates(
    session: Session, scope: Scope, as_of: date, team: str | None, coverage: pd.DataFrame, limit: int | None
) -> pd.DataFrame:
    """`gap_candidates`' frame on coverage rows already read."""
    query = _ranked_candidates(session, scope, as_of, team, coverage)
    if query is None:
        return to_frame([], CANDIDATE_COLUMNS)
    ranked = query.subquery("ranked")
    chosen = sa.select(*[ranked.c[name] for name in CANDIDATE_COLUMNS])
    if limit is not None:
        chosen = chosen.where(ranked.c.rank <= limit)
    chosen = chosen.order_by(ranked.c.team, ranked.c.skill, ranked.c.rank)
    return to_frame(session.execute(chosen).all(), CANDIDATE_COLUMNS)


def gap_candidates(
    session: Session,
    scope: Scope,
    *,
    as_of: date | None = None,
    team: str | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """For every open target, the team members below its level, nearest to it first.

    Refused for an executive (it names people). `limit` keeps the nearest N per target.

    Columns: team, skill, min_level, people_missing, employee_code, full_name, current_level
    (0 when the person has no level in the skill), rank (1 = nearest).
    """
    require_individuals(scope, "the people closest to a skill target")
    as_of = as_of or clock.today()
    return _candidates(session, scope, as_of, team, _coverage_rows(session, scope, as_of, team), limit)


def skill_gaps(
    session: Session,
    scope: Scope,
    *,
    as_of: date | None = None,
    team: str | None = None,
    closest: int = 3,
) -> pd.DataFrame:
    """Open targets (coverage below 1): how many people are missing and who is closest.

    Columns: team, skill, min_level, required_headcount, people_at_level, people_missing,
    closest_people: up to `closest` team members below the level, nearest first, as
    "E12 Ana Lopez (level 2)"; empty for an executive, who also gets teams under 5 people
    suppressed (trailing `suppressed` column; every target of such a team is listed, since
    whether it is met is not shown).
    """
    as_of = as_of or clock.today()
    return _gaps_from(session, scope, as_of, team, _coverage_rows(session, scope, as_of, team), closest)


def _gaps_from(
    session: Session, scope: Scope, as_of: date, team: str | None, rows: pd.DataFrame, closest: int
) -> pd.DataFrame:
    """`skill_gaps`' frame on coverage rows already read."""
    coverage = _coverage_from(rows, scope)
    if "suppressed" in coverage.columns:
        gaps = coverage[coverage["suppressed"].notna() | (coverage["people_missing"].fillna(0) > 0)]
    else:
        gaps = coverage[coverage["people_missing"] > 0]
    columns = ["team", "skill", "min_level", "required_headcount", "people_at_level", "people_missing"]
    gaps = gaps[[*columns, *(["suppressed"] if "suppressed" in coverage.columns else [])]].copy()
    names: dict[tuple[Hashable, Hashable], str] = {}  # (team, skill), as groupby gives them
    if scope.can_see_individuals and not gaps.empty:
        near = _candidates(session, scope, as_of, team, rows, closest)
        for (team_name, skill), group in near.groupby(["team", "skill"], sort=False):
            names[(team_name, skill)] = ", ".join(
                f"{r.employee_code} {r.full_name} (level {r.current_level})" for r in group.itertuples()
            )
    closest_people = [names.get((t, s)) for t, s in zip(gaps["team"], gaps["skill"], strict=True)]
    gaps.insert(len(columns), "closest_people", pd.Series(closest_people, index=gaps.index, dtype="object"))
    return gaps.reset_index(drop=True)
