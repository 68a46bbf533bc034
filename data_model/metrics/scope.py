"""Which people and teams a figure is about: the scope, narrowed by an optional team filter.

A `team` filter names one team and takes in its sub-teams too (the org tree rolls up), so
"Engineering" means Engineering and every team below it. It only ever narrows the scope: a
lead asking for another lead's team gets no rows.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session

from ..access import Scope, column, history_clause, people_clause, team_clause
from ..models import Employee, JobRole, Team, TeamMembership


def team_and_subteams(session: Session, name: str) -> frozenset[int]:
    """Ids of the team called `name` and every team below it. Unknown name: ValueError."""
    team = Team.__table__
    root = session.execute(sa.select(team.c.id).where(team.c.name == name)).scalar_one_or_none()
    if root is None:
        raise ValueError(f"no team named {name!r}")
    tree = sa.select(team.c.id).where(team.c.id == root).cte("tree", recursive=True)
    child = team.alias("child")
    tree = tree.union(sa.select(child.c.id).where(child.c.parent_id == tree.c.id))
    return frozenset(session.execute(sa.select(tree.c.id)).scalars())


def named_team_ids(session: Session, team: str | None) -> frozenset[int] | None:
    """None when no team filter is given, else the team's ids with its sub-teams."""
    return None if team is None else team_and_subteams(session, team)


def people_in_view(scope: Scope, team_ids: frozenset[int] | None, employee: Any = Employee) -> ColumnElement:
    """SQL: the employee is in scope and, when a team filter is given, in one of those teams."""
    clause = people_clause(scope, employee)
    if team_ids is not None:
        clause = sa.and_(clause, column(employee, "team_id").in_(sorted(team_ids)))
    return clause


def teams_in_view(scope: Scope, team_ids: frozenset[int] | None, team_id: Any) -> ColumnElement:
    """SQL: the team id is in scope and, when a team filter is given, among those teams."""
    clause = team_clause(scope, team_id)
    if team_ids is not None:
        clause = sa.and_(clause, team_id.in_(sorted(team_ids)))
    return clause


_EMPLOYEE, _TEAM, _ROLE = Employee.__table__, Team.__table__, JobRole.__table__
MEMBERSHIP = TeamMembership.__table__


def membership_on(day: Any, employee: Any = _EMPLOYEE, membership: Any = MEMBERSHIP) -> ColumnElement:
    """SQL join condition: `membership` is the person's row valid on `day` (a column or a value).

    The one rule for "the team of that week": a week counts under the team the person was in on
    its Sunday (so a person hired mid-week counts in their first team, and a move takes effect
    in the week it is made), a day under the team of that day.
    """
    return sa.and_(
        membership.c.employee_id == employee.c.id,
        membership.c.valid_from <= day,
        sa.or_(membership.c.valid_to.is_(None), membership.c.valid_to > day),
    )


def at_the_time(joined: Any, day: Any, employee: Any = _EMPLOYEE, membership: Any = MEMBERSHIP) -> sa.Join:
    """`joined` (holding `employee` and a dated row) with the person's membership on `day`, the
    row's date (a session's day, an enrollment's assignment, a badge's issue): its team is
    `membership.c.team_id`, and `history_in_view` is the scope for it. A day before the hire
    date (a course booked before the first day) counts under the team the person joined in.
    """
    not_before_hire = sa.case((day < employee.c.hire_date, employee.c.hire_date), else_=day)
    return joined.join(membership, membership_on(not_before_hire, employee, membership))


def with_team_then(joined: Any, membership: Any = MEMBERSHIP) -> sa.Join:
    """`joined` (from `at_the_time`) with the team the person was in then (outer: maybe none)."""
    return joined.outerjoin(_TEAM, _TEAM.c.id == membership.c.team_id)


def history_in_view(
    scope: Scope, team_ids: frozenset[int] | None, employee: Any = _EMPLOYEE, membership: Any = MEMBERSHIP
) -> ColumnElement:
    """SQL, for rows about past days joined with `membership_on`: the team of that day is in
    scope and, when a team filter is given, among those teams (the person's current team does
    not matter)."""
    clause = history_clause(scope, employee, membership.c.team_id)
    if team_ids is not None:
        clause = sa.and_(clause, membership.c.team_id.in_(sorted(team_ids)))
    return clause


def with_team(joined: Any, employee: Any = _EMPLOYEE) -> sa.Join:
    """`joined` (holding `employee`) with the person's team (outer: a person may have none).

    The one place that says which team a person's rows count under, so every figure agrees.
    """
    return joined.outerjoin(_TEAM, _TEAM.c.id == employee.c.team_id)


def people_with_team_and_role(employee: Any = _EMPLOYEE) -> sa.Join:
    """Employees with their team and job role (outer joins: either may be missing)."""
    return with_team(employee, employee).outerjoin(_ROLE, _ROLE.c.id == employee.c.job_role_id)
