"""How figures read to people: hours with one decimal, money with its symbol, ISO weeks as dates."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

CURRENCY_SYMBOLS = {"EUR": "€", "GBP": "£", "USD": "$", "CHF": "CHF "}


def hours(minutes: float | int | None) -> str:
    """Minutes as hours with one decimal: 90 -> '1.5 h'."""
    if minutes is None:
        return "–"
    return f"{minutes / 60:,.1f} h"


def hours_value(hours_figure: float | None) -> str:
    return "–" if hours_figure is None else f"{hours_figure:,.1f} h"


def money(amount: float | Decimal | None, currency: str = "EUR") -> str:
    if amount is None:
        return "–"
    symbol = CURRENCY_SYMBOLS.get(currency, f"{currency} ")
    return f"{symbol}{float(amount):,.0f}" if abs(float(amount)) >= 100 else f"{symbol}{float(amount):,.2f}"


def percent(share: float | None) -> str:
    return "–" if share is None else f"{share:.0%}"


def count(value: int | None) -> str:
    return "–" if value is None else f"{value:,}"


def hours_change(now_hours: float, before_hours: float) -> str:
    return f"{now_hours - before_hours:+,.1f} h"


def with_hours(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """A display copy of `frame` with minute columns turned into hour columns (renamed)."""
    out = frame.copy()
    for minutes_column, hours_column in columns.items():
        position = out.columns.get_loc(minutes_column)
        out.insert(position, hours_column, out.pop(minutes_column).astype("float64") / 60)
    return out
