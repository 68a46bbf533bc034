"""Turn small SQL results into DataFrames with fixed columns and dtypes, and hide small groups.

Column kinds: "str", "int", "float", "bool", "date" (Python `datetime.date` objects, never
strings), "datetime" (UTC timestamps), "money" (float rounded to cents). An empty result still
has every column.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pandas as pd

from ..access import Scope

Columns = dict[str, str]


def _as_date(value: Any) -> date | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _as_float(value: Any) -> float | None:
    if value is None:
        return None
    return float(value) if not isinstance(value, float) else value


def to_frame(rows: Iterable[Sequence[Any]], columns: Columns) -> pd.DataFrame:
    """A DataFrame of `rows` with exactly `columns` (name -> kind), in that order."""
    # Plain tuples: pandas probes each record with hasattr(), which costs an exception per
    # SQLAlchemy Row (seconds for a few hundred thousand rows).
    frame = pd.DataFrame.from_records([tuple(row) for row in rows], columns=list(columns))
    for name, kind in columns.items():
        series = frame[name]
        if kind == "int":
            has_null = series.isna().any()
            frame[name] = series.astype("Int64" if has_null else "int64")
        elif kind == "float":
            frame[name] = series.map(_as_float).astype("float64")
        elif kind == "money":
            frame[name] = series.map(lambda v: None if v is None else round(float(Decimal(str(v))), 2))
            frame[name] = frame[name].astype("float64")
        elif kind == "bool":
            has_null = series.isna().any()
            frame[name] = series.astype("boolean" if has_null else "bool")
        elif kind == "date":
            frame[name] = pd.Series([_as_date(v) for v in series], index=frame.index, dtype="object")
        elif kind == "str":
            frame[name] = series.astype("object").where(series.notna(), None)
        elif kind == "datetime":  # a moment: timezone-aware UTC (naive ones, from SQLite, are UTC)
            frame[name] = pd.to_datetime(series, utc=True)
        else:  # pragma: no cover - a programming error
            raise ValueError(f"unknown column kind {kind!r}")
    return frame


def suppress_small_groups(
    frame: pd.DataFrame, scope: Scope, *, size: str, figures: Sequence[str], always: bool = False
) -> pd.DataFrame:
    """Empty the `figures` of rows whose group (`size` people) is under the privacy floor.

    Applies when the scope hides small groups (executive), or `always`. Adds a trailing
    `suppressed` column: the reason for emptied rows, None for shown rows. Group sizes stay
    visible, so a reader knows why a figure is missing.
    """
    if not (always or scope.hides_small_groups):
        return frame
    frame = frame.copy()
    small = frame[size].fillna(0) < scope.privacy_floor
    for name in figures:
        column = frame[name]
        if column.dtype == "int64":
            column = column.astype("Int64")
        elif column.dtype == "bool":
            column = column.astype("boolean")
        if column.dtype == "object":
            frame[name] = column.where(~small, None)
        else:
            frame[name] = column.mask(small)
    reasons = [scope.suppressed_reason if s else None for s in small]
    frame["suppressed"] = pd.Series(reasons, index=frame.index, dtype="object")
    return frame
