"""Date arithmetic that SQLite and PostgreSQL spell differently, as SQL expressions.

Each function compiles to native SQL on both backends, so grouping by week or month happens
in the database. SQLite keeps dates as ISO text; these expressions return ISO text there and
`date` on PostgreSQL, and carry the `Date` type so SQLAlchemy hands back `datetime.date`.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class week_start(FunctionElement):
    """The Monday of the ISO week holding a date."""

    type = sa.Date()
    name = "week_start"
    inherit_cache = True


@compiles(week_start, "sqlite")
def _week_start_sqlite(element: week_start, compiler: Any, **kw: Any) -> str:
    # 'weekday 0' moves forward to the next Sunday (a Sunday stays put); 6 days back is Monday.
    arg = compiler.process(element.clauses, **kw)
    return f"date({arg}, 'weekday 0', '-6 days')"


@compiles(week_start, "postgresql")
def _week_start_postgresql(element: week_start, compiler: Any, **kw: Any) -> str:
    arg = compiler.process(element.clauses, **kw)
    return f"(CAST({arg} AS DATE) - CAST(EXTRACT(ISODOW FROM {arg}) AS INTEGER) + 1)"


class plus_days(FunctionElement):
    """A date `days` days later (a whole number fixed in the query, e.g. a week's Sunday)."""

    type = sa.Date()
    name = "plus_days"
    inherit_cache = True

    def __init__(self, day: Any, days: int) -> None:
        super().__init__(day)
        self.days = int(days)


@compiles(plus_days, "sqlite")
def _plus_days_sqlite(element: plus_days, compiler: Any, **kw: Any) -> str:
    return f"date({compiler.process(element.clauses, **kw)}, '{element.days:+d} days')"


@compiles(plus_days, "postgresql")
def _plus_days_postgresql(element: plus_days, compiler: Any, **kw: Any) -> str:
    return f"(CAST({compiler.process(element.clauses, **kw)} AS DATE) + {element.days:d})"


class month_start(FunctionElement):
    """The first day of the month holding a date."""

    type = sa.Date()
    name = "month_start"
    inherit_cache = True


@compiles(month_start, "sqlite")
def _month_start_sqlite(element: month_start, compiler: Any, **kw: Any) -> str:
    arg = compiler.process(element.clauses, **kw)
    return f"date({arg}, 'start of month')"


@compiles(month_start, "postgresql")
def _month_start_postgresql(element: month_start, compiler: Any, **kw: Any) -> str:
    arg = compiler.process(element.clauses, **kw)
    return f"CAST(date_trunc('month', CAST({arg} AS TIMESTAMP)) AS DATE)"


class days_between(FunctionElement):
    """Whole days from the second date to the first (`later - earlier`), as an integer."""

    type = sa.Integer()
    name = "days_between"
    inherit_cache = True


@compiles(days_between, "sqlite")
def _days_between_sqlite(element: days_between, compiler: Any, **kw: Any) -> str:
    later, earlier = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"


@compiles(days_between, "postgresql")
def _days_between_postgresql(element: days_between, compiler: Any, **kw: Any) -> str:
    later, earlier = (compiler.process(c, **kw) for c in element.clauses)
    return f"(CAST({later} AS DATE) - CAST({earlier} AS DATE))"


def as_float(expression: Any) -> Any:
    """A numeric expression as a float on both backends (PostgreSQL's AVG would give Decimal)."""
    return sa.cast(expression, sa.Float)


def ratio(numerator: Any, denominator: Any) -> Any:
    """numerator / denominator as a float, NULL when the denominator is 0 (no integer division)."""
    return as_float(numerator) / sa.func.nullif(as_float(denominator), 0.0)


class unindexed(FunctionElement):
    """The column itself, but on SQLite written `+column` so the planner does not use its index.

    For a range filter over much of a big table (weeks of learning sessions), walking the
    date index and fetching each row costs several times a plain scan; SQLite without
    ANALYZE statistics picks the index anyway. PostgreSQL plans with statistics: unchanged.
    """

    name = "unindexed"
    inherit_cache = True

    def __init__(self, column: Any) -> None:
        super().__init__(column)
        self.type = column.type


@compiles(unindexed, "sqlite")
def _unindexed_sqlite(element: unindexed, compiler: Any, **kw: Any) -> str:
    return f"+{compiler.process(element.clauses, **kw)}"


@compiles(unindexed)
def _unindexed_default(element: unindexed, compiler: Any, **kw: Any) -> str:
    return compiler.process(element.clauses, **kw)
