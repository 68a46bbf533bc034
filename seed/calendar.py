"""Date helpers for the generator: months, Mondays, holiday dips, and fixed timestamps.

Timestamps are made from the generated dates, never from the clock, so the
same parameters always give the same rows.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time, timedelta

DAY = timedelta(days=1)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def at_utc(day: date, hour: int = 9) -> datetime:
    """A fixed time of day on `day`, in UTC: the `created_at` of a generated row."""
    return datetime.combine(day, time(hour), tzinfo=UTC)


def holiday_factor(monday: date) -> float:
    """How much of a normal week's learning happens in the week starting `monday`.

    Christmas to New Year almost nothing, the weeks either side half, August
    (summer holidays) under half, late July a little less than usual.
    """
    days = [monday + timedelta(days=i) for i in range(7)]
    if any((d.month == 12 and d.day >= 24) or (d.month == 1 and d.day == 1) for d in days):
        return 0.15
    if any((d.month == 12 and d.day >= 17) or (d.month == 1 and d.day <= 6) for d in days):
        return 0.55
    if monday.month == 8:
        return 0.45
    if monday.month == 7 and monday.day >= 20:
        return 0.75
    return 1.0
