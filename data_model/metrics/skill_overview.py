"""Everything the Skills page shows, from one read of coverage.

Coverage on a day is the costly part of every skills figure (each person's level in each
target skill). The page shows five figures built on it: the coverage table, the team and
organisation indexes, the open gaps and the plan that would close them. Asked one by one they
computed coverage seven times per render; `skills_overview` reads it once and builds each figure
with the same functions the single-figure reads use, so the answers are identical.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
from sqlmodel import Session

from .. import clock
from ..access import Scope
from .gaps import _gaps_from
from .recommendations import DEFAULT_DUE_DAYS, _plan_from
from .skills import _coverage_from, _coverage_rows, _index_from, _team_index_from


@dataclass(frozen=True)
class SkillsOverview:
    """`skill_coverage`, `team_coverage_index`, `organisation_coverage_index`, `skill_gaps` and
    `gap_closing_plan` for one day and filter, exactly as each of those returns them."""

    coverage: pd.DataFrame
    team_index: pd.DataFrame
    index: float | None
    gaps: pd.DataFrame
    plan: pd.DataFrame


def skills_overview(
    session: Session, scope: Scope, *, as_of: date | None = None, team: str | None = None, closest: int = 3
) -> SkillsOverview:
    """The Skills page's figures (see `SkillsOverview`), coverage computed once."""
    as_of = as_of or clock.today()
    rows = _coverage_rows(session, scope, as_of, team)
    return SkillsOverview(
        coverage=_coverage_from(rows, scope),
        team_index=_team_index_from(rows, scope),
        index=_index_from(rows, scope),
        gaps=_gaps_from(session, scope, as_of, team, rows, closest),
        plan=_plan_from(session, scope, as_of, team, rows, DEFAULT_DUE_DAYS),
    )
