"""How figures read to people: hours with one decimal, money with its symbol, ISO weeks as dates."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pandas as pd

# Every ASCII punctuation character: CommonMark lets each be backslash-escaped.
_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_LINE_BREAKS = re.compile(r"[\r\n\t\v\f\u2028\u2029]+")
# GitHub-flavoured autolinks (`http://…`, `www.…`, `a@b.example`) are found in the text after
# escapes are read, so a backslash cannot stop them; an invisible word joiner can.
_AUTOLINK_STARTS = re.compile(r"(?i)(?<=:)(?=//)|(?<=@)|(?<=\bwww)(?=\.)")


def literal(text: object) -> str:
    """Anything a person typed or imported, made safe to put inside Streamlit markdown.

    Streamlit renders markdown in `st.markdown`, headers, captions, alerts, expander and tab
    labels and widget labels: links, images (a fetch from any address), HTML entities, `:emoji:`
    and `:color[...]` directives, `$LaTeX$`. A name like `![x](http://example.net/p.png)` must
    read as those characters, not fetch a tracking pixel. Escaping every ASCII punctuation
    character with a backslash leaves nothing to interpret, and line breaks become spaces so a
    name cannot start a heading or a list; a word joiner (U+2060, invisible) after `http:`,
    `www` and `@` keeps a URL or an email in a name from becoming a link. Written by hand:
    Streamlit has no escaping function, and markdown libraries escape for their own renderer,
    not for Streamlit's directives.
    Use it for every user-supplied value in markdown; never for table cells, which are text.
    """
    if text is None:
        return ""
    unlinked = _AUTOLINK_STARTS.sub("\u2060", _LINE_BREAKS.sub(" ", str(text)))
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", unlinked)


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


def _position(frame: pd.DataFrame, column: str) -> int:
    """Where `column` stands among the frame's columns (named once, as in every frame drawn)."""
    position = frame.columns.get_loc(column)
    if not isinstance(position, int):  # a slice or a mask: the name is on several columns
        raise ValueError(f"column {column!r} appears more than once")
    return position


def with_hours(frame: pd.DataFrame, columns: dict[str, str]) -> pd.DataFrame:
    """A display copy of `frame` with minute columns turned into hour columns (renamed)."""
    out = frame.copy()
    for minutes_column, hours_column in columns.items():
        position = _position(out, minutes_column)
        out.insert(position, hours_column, out.pop(minutes_column).astype("float64") / 60)
    return out


def with_money(frame: pd.DataFrame, columns: dict[str, str], *, currency: str = "currency") -> pd.DataFrame:
    """A display copy of `frame` with amount columns written with each row's currency symbol.

    {"cost": "price"} turns cost 450.0 + currency "EUR" into price "€450" (in place of cost).
    """
    out = frame.copy()
    for amount_column, text_column in columns.items():
        position = _position(out, amount_column)
        amounts = out.pop(amount_column)
        texts = ["–" if pd.isna(a) else money(a, c) for a, c in zip(amounts, out[currency], strict=True)]
        out.insert(position, text_column, pd.Series(texts, index=out.index, dtype="object"))
    return out


def validity(months: int | None) -> str:
    """How long a badge stays valid: 24 -> '24 months', None -> 'No expiry'."""
    if months is None or pd.isna(months):
        return "No expiry"
    return "1 month" if int(months) == 1 else f"{int(months)} months"


DELIVERY_LABELS = {"online": "Online", "in_person": "In person", "blended": "Blended"}
PROVIDER_KIND_LABELS = {
    "university": "University",
    "vendor": "Vendor",
    "non_profit": "Non-profit",
    "internal": "Internal academy",
    "other": "Other",
}


_money_text = money  # `readable` takes a `money` argument


def readable(
    frame: pd.DataFrame,
    *,
    money: tuple[str, ...] = (),
    percent: tuple[str, ...] = (),
    hours: tuple[str, ...] = (),
    counts: tuple[str, ...] = (),
    currency: str = "currency",
) -> pd.DataFrame:
    """A copy of `frame` to read, with the listed figure columns as text.

    Money gets its row's currency symbol, shares a percent, `hours` columns (already in hours)
    one decimal, counts thousands separators. Where the privacy floor emptied a figure the cell
    reads the row's `suppressed` reason ("too few to show (n<5)"), never a number; any other
    missing figure reads "–". The `suppressed` column itself is dropped.
    """
    out = frame.copy()
    reasons = out.pop("suppressed") if "suppressed" in out.columns else pd.Series(None, index=out.index)
    currencies = out[currency] if currency in out.columns else pd.Series("EUR", index=out.index)

    def text(column: str, render: Callable[[Any, Any], str]) -> None:
        cells = []
        for value, reason, unit in zip(out[column], reasons, currencies, strict=True):
            if pd.isna(value):
                cells.append(reason if isinstance(reason, str) else "–")
            else:
                cells.append(render(value, unit))
        out[column] = pd.Series(cells, index=out.index, dtype="object")

    for column in money:
        text(column, _money_text)
    for column in percent:
        text(column, lambda value, _unit: f"{value:.0%}")
    for column in hours:
        text(column, lambda value, _unit: f"{value:,.1f} h")
    for column in counts:
        text(column, lambda value, _unit: f"{int(value):,}")
    return out


def to_minutes(amount: float, unit: str) -> int:
    """What a person typed as learning time, in whole minutes: (1.5, "hours") -> 90, (45, "minutes") -> 45."""
    return round(amount * 60) if unit == "hours" else round(amount)


# How figure columns are headed in tables, one name per concept (see the metric docstrings).
FIGURE_LABELS = {
    "month": "Month",
    "targets": "Targets",
    "coverage_index": "Coverage index",
    "group": "Group",
    "people": "People",
    "retained": "Still employed",
    "retention": "Retention",
    "tenure_months": "Tenure (months)",
    "at_risk": "People watched",
    "exits": "Left",
    "survival": "Still employed (est.)",
    "team": "Team",
    "cost": "Spend",
    "enrollments": "Enrollments",
    "learning_hours": "Learning hours",
    "cost_per_learning_hour": "Per learning hour",
    "badges": "Badges earned",
    "cost_per_badge": "Per badge",
    "pathway": "Pathway",
    "qualification": "Qualification",
    "required": "Required credentials",
    "people_on_pathway": "People on it",
    "completed": "Completed (ever)",
    "completed_in_period": "Completed in period",
}


def moments(values: pd.Series, *, missing: str, seconds: bool = False) -> pd.Series:
    """UTC timestamps as text to read (`2026-12-03 14:32`), and `missing` where there is none:
    a table shows an empty timestamp as "None" otherwise."""
    shape = "%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M"
    return pd.Series(
        [missing if pd.isna(v) else pd.Timestamp(v).strftime(shape) for v in values],
        index=values.index,
        dtype="object",
    )


# The audit log's change names as a person reads them; any other is its words, capitalised.
CHANGE_LABELS = {
    "sign_in": "Signed in",
    "sign_in_failed": "Wrong password",
    "sign_in_refused": "Sign-in refused (locked)",
    "sign_out": "Signed out",
    "add_account": "Account created",
    "link_account": "Account linked to its person",
    "change_role": "Role changed",
    "activate_account": "Account reactivated",
    "deactivate_account": "Account deactivated",
    "reset_password": "Password reset",
    "set_team_lead": "Team lead set",
}


def change_label(action: str) -> str:
    if action in CHANGE_LABELS:
        return CHANGE_LABELS[action]
    return action.replace("_", " ").capitalize()
