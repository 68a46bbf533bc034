"""Who may see what: the `Scope` every read function takes, and the SQL filters that apply it.

- admin and HR see everything;
- a lead sees the teams they lead (`Team.lead_id`) and every sub-team below them;
- an employee sees only themselves;
- an executive sees every aggregate but no row about a single person, and no figure about a
  group of fewer than `privacy_floor` (5) people: such groups come back with their figures
  emptied and a `suppressed` reason ("too few to show (n<5)").

Filtering happens in SQL: `people_clause` narrows any query that joins `Employee`, and
`team_clause` narrows any query over teams (skill targets, team lists). A function whose rows
are single people calls `require_individuals` first, so an executive gets `AccessDenied`
instead of a quietly filtered answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, col

from .models import Account, Employee, Team

PRIVACY_FLOOR = 5
ALL_ROLES = ("admin", "hr")
# Who keeps the organisation: the catalog, onboarding plans, rules and accounts.
EDITOR_ROLES = ALL_ROLES


class AccessDenied(PermissionError):
    """The scope does not allow this question (e.g. an executive asking for a per-person list)."""


@dataclass(frozen=True)
class Scope:
    """Whose data a reader may see. Hashable, so cached figures can be keyed by it.

    `team_ids` None means every team; an empty set means none. An employee's scope is keyed by
    `employee_id` alone (`team_ids` is then empty and not used for people).
    """

    role: str
    email: str | None = None
    employee_id: int | None = None
    team_ids: frozenset[int] | None = None
    can_see_individuals: bool = True
    privacy_floor: int = PRIVACY_FLOOR

    # -- constructors -------------------------------------------------------------------------

    @classmethod
    def all(cls, role: str = "admin", email: str | None = None) -> Scope:
        """Everything: admin and HR, and headless reports."""
        return cls(role=role, email=email)

    @classmethod
    def executive(cls, email: str | None = None) -> Scope:
        """Every team, aggregates only; groups under the privacy floor are suppressed."""
        return cls(role="exec", email=email, can_see_individuals=False)

    @classmethod
    def for_employee(cls, employee_id: int | None, email: str | None = None) -> Scope:
        """Only this person. A missing employee id sees nothing."""
        return cls(role="employee", email=email, employee_id=employee_id, team_ids=frozenset())

    @classmethod
    def for_lead(cls, session: Session, employee_id: int | None, email: str | None = None) -> Scope:
        """The teams this person leads and all their sub-teams, however deep."""
        teams = led_team_ids(session, employee_id) if employee_id is not None else frozenset()
        return cls(role="lead", email=email, employee_id=employee_id, team_ids=teams)

    @classmethod
    def for_account(cls, session: Session, account: Account) -> Scope:
        """The scope of a signed-in account, from its role. An inactive account is refused."""
        if not account.active:
            raise AccessDenied(f"the account {account.email} is not active")
        role = account.role
        if role in ALL_ROLES:
            return cls.all(role=role, email=account.email)
        if role == "exec":
            return cls.executive(email=account.email)
        if role == "lead":
            return cls.for_lead(session, account.employee_id, email=account.email)
        if role == "employee":
            return cls.for_employee(account.employee_id, email=account.email)
        raise AccessDenied(f"unknown role {role!r}")

    # -- questions ------------------------------------------------------------------------------

    @property
    def only_self(self) -> bool:
        return self.role == "employee"

    @property
    def sees_all_teams(self) -> bool:
        return self.team_ids is None and not self.only_self

    @property
    def hides_small_groups(self) -> bool:
        """True when figures about fewer than `privacy_floor` people must be suppressed."""
        return not self.can_see_individuals

    @property
    def suppressed_reason(self) -> str:
        return f"too few to show (n<{self.privacy_floor})"


def led_teams(lead_id: Any) -> sa.CTE:
    """A recursive CTE of the ids of the teams led by `lead_id` (a value or a SQL expression)
    and of every team below them."""
    team = Team.__table__
    led = sa.select(team.c.id).where(team.c.lead_id == lead_id).cte("led", recursive=True)
    child = team.alias("child")
    # UNION (not UNION ALL) stops a parent cycle from looping forever.
    return led.union(sa.select(child.c.id).where(child.c.parent_id == led.c.id))


def led_team_ids(session: Session, employee_id: int) -> frozenset[int]:
    """Ids of the teams led by `employee_id`, plus every team below them (recursive CTE)."""
    led = led_teams(employee_id)
    return frozenset(session.execute(sa.select(led.c.id)).scalars())


def require_individuals(scope: Scope, what: str) -> None:
    """Refuse a per-person answer to a scope that may only see aggregates."""
    if not scope.can_see_individuals:
        raise AccessDenied(f"{what} lists single people; an executive sees aggregated figures only")


def column(table: Any, name: str) -> Any:
    """A column of an ORM class, an alias, or a Core table."""
    columns = getattr(table, "c", None)
    return columns[name] if columns is not None else getattr(table, name)


def people_clause(scope: Scope, employee: Any = Employee) -> ColumnElement[bool]:
    """SQL condition on `Employee` (the class, its table or an alias) limiting rows to people in scope."""
    if scope.only_self:
        if scope.employee_id is None:
            return sa.false()
        return column(employee, "id") == scope.employee_id
    if scope.team_ids is None:
        return sa.true()
    return column(employee, "team_id").in_(sorted(scope.team_ids))


def history_clause(scope: Scope, employee: Any, team_id: Any) -> ColumnElement[bool]:
    """SQL condition on a row about a person on a past day, `team_id` being the team they were in
    that day (from `TeamMembership`): a lead sees a person's past weeks only while that person
    was in their teams, whichever team the person is in now."""
    if scope.only_self:
        return people_clause(scope, employee)
    if scope.team_ids is None:
        return sa.true()
    return team_id.in_(sorted(scope.team_ids))


def team_clause(scope: Scope, team_id: Any) -> ColumnElement[bool]:
    """SQL condition on a team id column limiting rows to teams in scope.

    For an employee that is their own team (team figures then count only them, since
    `people_clause` still applies to every person counted).
    """
    if scope.only_self:
        own_team = sa.select(col(Employee.team_id)).where(col(Employee.id) == scope.employee_id)
        return team_id.in_(own_team.scalar_subquery()) if scope.employee_id is not None else sa.false()
    if scope.team_ids is None:
        return sa.true()
    return team_id.in_(sorted(scope.team_ids))


def filter_people(statement: Any, scope: Scope, employee: Any = Employee) -> Any:
    """`statement` (a select that joins Employee) narrowed to the people in scope."""
    return statement.where(people_clause(scope, employee))


def filter_teams(statement: Any, scope: Scope, team_id: Any) -> Any:
    """`statement` narrowed to teams in scope, by the given team id column."""
    return statement.where(team_clause(scope, team_id))
