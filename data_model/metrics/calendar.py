"""The calendar in SQL: a period's weeks or days as a `VALUES` CTE, and "counted in a week" as a clause.

The calendar of a period is small (one row per week), so it is made in Python and handed to SQL
as a `VALUES` CTE, which both SQLite and PostgreSQL join like a table. The date arithmetic
itself is `data_model.calendar`, re-exported here for the metrics modules.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from ..calendar import (
    Week,
    add_months,
    add_years,
    counts_in_week,
    last_full_week,
    monday_of,
    month_ends,
    parse_week_label,
    week_label,
    week_of,
    weeks_between,
)

__all__ = [
    "Week",
    "add_months",
    "add_years",
    "counted_in_week",
    "counts_in_week",
    "days_cte",
    "employed_on",
    "last_full_week",
    "monday_of",
    "month_ends",
    "parse_week_label",
    "week_label",
    "week_of",
    "weeks_between",
    "weeks_cte",
]


def counted_in_week(employee: Any, monday: Any, sunday: Any) -> Any:
    """SQL form of `counts_in_week` for an Employee (or alias) and week bound columns/values."""
    return sa.and_(
        employee.hire_date <= sunday, sa.or_(employee.exit_date.is_(None), employee.exit_date >= monday)
    )


def employed_on(employee: Any, day: Any) -> Any:
    """SQL: employed on `day` (hired on or before it, not exited before it)."""
    return counted_in_week(employee, day, day)


def weeks_cte(weeks: list[Week], name: str = "calendar_week") -> Any:
    """A CTE with columns `week` (label), `monday`, `sunday`: one row per week."""
    if not weeks:
        raise ValueError("a calendar needs at least one week")
    values = sa.values(
        sa.column("week", sa.String), sa.column("monday", sa.Date), sa.column("sunday", sa.Date), name=name
    ).data([(w.label, w.monday, w.sunday) for w in weeks])
    return values.cte(name)


def days_cte(days: list[date], name: str = "calendar_day") -> Any:
    """A CTE with columns `as_of`, `monday`, `sunday` (the ISO week of `as_of`): one row per day."""
    if not days:
        raise ValueError("a calendar needs at least one day")
    rows = [(d, monday_of(d), monday_of(d) + timedelta(days=6)) for d in days]
    values = sa.values(
        sa.column("as_of", sa.Date), sa.column("monday", sa.Date), sa.column("sunday", sa.Date), name=name
    ).data(rows)
    return values.cte(name)
