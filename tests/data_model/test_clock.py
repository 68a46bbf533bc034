"""The product's today: pinned by UPSKILL_TODAY, otherwise the calendar's."""

from __future__ import annotations

from datetime import date

import pytest

from data_model import clock


def test_a_pinned_day_is_every_default_today(monkeypatch):
    monkeypatch.setenv("UPSKILL_TODAY", "2028-02-29")
    assert clock.today() == date(2028, 2, 29)


def test_without_a_pin_it_is_the_calendars_today(monkeypatch):
    class Calendar(date):
        @classmethod
        def today(cls) -> date:
            return date(2031, 7, 4)

    monkeypatch.delenv("UPSKILL_TODAY")
    monkeypatch.setattr(clock, "date", Calendar)
    assert clock.today() == date(2031, 7, 4)


@pytest.mark.parametrize("value", ["2026-13-01", "tomorrow", "03/12/2026"])
def test_a_bad_pin_is_a_clear_error(monkeypatch, value):
    monkeypatch.setenv("UPSKILL_TODAY", value)
    with pytest.raises(ValueError, match=f"UPSKILL_TODAY must be a date as YYYY-MM-DD, got '{value}'"):
        clock.today()
