"""Today, as the product sees it.

Every "as of today" default (figures, pages, the CLI, import checks for dates in the future)
asks this module instead of `clock.today()`, so one setting, `UPSKILL_TODAY`, can pin the day
for a reproducible demo, a report re-run as of a past day, or a test that must pass on any
calendar day. Timestamps of events (audit, import batches) stay on the real clock: they record
when something happened, not the day a figure is about.
"""

from __future__ import annotations

from datetime import date

from .db import get_settings


def today() -> date:
    """`UPSKILL_TODAY` when it is set, otherwise the calendar's today."""
    return get_settings().today or date.today()
