"""The weekly learning target that applies to a person in a week.

In order: the employee's own `weekly_target_minutes`; else the newest policy of their team in
effect that week; else the newest organisation policy in effect that week; else 240 minutes.
A policy is in effect in a week when its `effective_from` is on or before the week's Sunday,
so a policy starting on a Wednesday already sets that week's target. A team's policy applies
to that team's own members, not to its sub-teams.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from ..models import LearningPolicy, Team
from ..vocab import DEFAULT_WEEKLY_TARGET_MINUTES

DEFAULT_TARGET_MINUTES = DEFAULT_WEEKLY_TARGET_MINUTES


def _newest_policy(sunday: Any, team_id: Any | None) -> Any:
    policy = LearningPolicy.__table__
    owner = policy.c.team_id.is_(None) if team_id is None else policy.c.team_id == team_id
    return (
        sa.select(policy.c.weekly_target_minutes)
        .where(owner, policy.c.effective_from <= sunday)
        .order_by(policy.c.effective_from.desc())
        .limit(1)
        .scalar_subquery()
    )


def team_week_targets(calendar: Any, name: str = "team_week_target") -> Any:
    """CTE (team_id, monday, team_target): each team's policy per calendar week, NULL when none.

    Small: teams x weeks. `calendar` is a weeks CTE (week, monday, sunday).
    """
    team = Team.__table__
    return (
        sa.select(
            team.c.id.label("team_id"),
            calendar.c.monday,
            _newest_policy(calendar.c.sunday, team.c.id).label("team_target"),
        )
        .select_from(team.join(calendar, sa.true()))
        .cte(name)
        .prefix_with("MATERIALIZED")  # computed once, not once per person-week
    )


def org_week_targets(calendar: Any, name: str = "org_week_target") -> Any:
    """CTE (monday, org_target): the organisation policy per calendar week, NULL when none."""
    return (
        sa.select(calendar.c.monday, _newest_policy(calendar.c.sunday, None).label("org_target"))
        .cte(name)
        .prefix_with("MATERIALIZED")  # computed once, not once per person-week
    )


def resolved_target(employee_target: Any, team_target: Any, org_target: Any) -> Any:
    """SQL: the first target that is set, else the default 240 minutes."""
    return sa.func.coalesce(employee_target, team_target, org_target, DEFAULT_TARGET_MINUTES)
