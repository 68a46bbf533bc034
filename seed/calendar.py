"""Date helpers for the generator: holiday dips and fixed timestamps (months and Mondays are
`data_model.calendar`'s, re-exported).

Timestamps are made from the generated dates, never from the clock, so the
same parameters always give the same rows.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from data_model.calendar import add_months, add_years, monday_of

__all__ = ["DAY", "add_months", "add_years", "at_utc", "holiday_factor", "monday_of"]

DAY = timedelta(days=1)


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
