"""ISO weeks and months: the one calendar that figures, parsers, previews and the seed agree on.

A week is an ISO week, Monday to Sunday, labelled `YYYY-Www` (2024-12-30 is in `2025-W01`;
2020 has a week 53). The SQL side (a period's weeks as a `VALUES` CTE, "counted in a week" as
a clause) is in `data_model.metrics.calendar`.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Week:
    label: str
    monday: date
    sunday: date


def week_label(day: date) -> str:
    """`YYYY-Www` of the ISO week holding `day` (the ISO year, not the calendar year)."""
    iso = day.isocalendar()
    return f"{iso.year}-W{iso.week:02d}"


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_of(day: date) -> Week:
    monday = monday_of(day)
    return Week(week_label(monday), monday, monday + timedelta(days=6))


def parse_week_label(label: str) -> date:
    """The Monday of a `YYYY-Www` label."""
    try:
        year, week = label.split("-W")
        return date.fromisocalendar(int(year), int(week), 1)
    except ValueError as exc:
        raise ValueError(f"not an ISO week label like 2026-W03: {label!r}") from exc


def weeks_between(start: date, end: date) -> list[Week]:
    """Every ISO week touching [start, end], whole weeks, oldest first."""
    if end < start:
        raise ValueError(f"the period ends ({end}) before it starts ({start})")
    weeks = []
    monday = monday_of(start)
    while monday <= end:
        weeks.append(Week(week_label(monday), monday, monday + timedelta(days=6)))
        monday += timedelta(days=7)
    return weeks


def last_full_week(as_of: date) -> Week:
    """The newest ISO week that ended before `as_of` (on a Sunday, that is the week before)."""
    return week_of(monday_of(as_of) - timedelta(days=7))


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier); the 31st becomes the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = _stdlib_calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


def month_ends(start: date, end: date) -> list[date]:
    """The last day of every month touching [start, end]; the final one capped at `end`."""
    if end < start:
        raise ValueError(f"the period ends ({end}) before it starts ({start})")
    days = []
    first = start.replace(day=1)
    while first <= end:
        last = add_months(first, 1) - timedelta(days=1)
        days.append(min(last, end))
        first = add_months(first, 1)
    return days


def counts_in_week(hire_date: date, exit_date: date | None, week: Week) -> bool:
    """An employee counts in a week when hired on or before its Sunday and not exited before its Monday."""
    return hire_date <= week.sunday and (exit_date is None or exit_date >= week.monday)
