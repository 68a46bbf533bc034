"""ISO weeks and "counts in a week", in Python and in each database's SQL."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from data_model.metrics import calendar
from data_model.metrics.sqlfuncs import days_between, month_start, week_start


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (date(2020, 12, 31), "2020-W53"),  # 2020 has 53 ISO weeks
        (date(2021, 1, 3), "2020-W53"),  # a Sunday in January still belongs to 2020's last week
        (date(2021, 1, 4), "2021-W01"),
        (date(2024, 12, 30), "2025-W01"),  # a Monday in December opens 2025's first week
        (date(2026, 1, 14), "2026-W03"),
    ],
)
def test_week_label_is_the_iso_week(day, label):
    assert calendar.week_label(day) == label
    assert calendar.parse_week_label(label) == calendar.monday_of(day)


def test_weeks_between_counts_whole_weeks_across_the_year_boundary():
    weeks = calendar.weeks_between(date(2020, 12, 23), date(2021, 1, 4))  # a Wednesday to a Monday
    assert [w.label for w in weeks] == ["2020-W52", "2020-W53", "2021-W01"]
    assert weeks[0].monday == date(2020, 12, 21) and weeks[-1].sunday == date(2021, 1, 10)


def test_a_period_ending_before_it_starts_is_refused():
    with pytest.raises(ValueError, match="before it starts"):
        calendar.weeks_between(date(2026, 1, 10), date(2026, 1, 1))


def test_last_full_week_is_the_newest_week_that_ended_before_the_day():
    assert calendar.last_full_week(date(2026, 1, 12)).label == "2026-W02"  # a Monday: last week
    assert calendar.last_full_week(date(2026, 1, 18)).label == "2026-W02"  # a Sunday: W03 not over


@pytest.mark.parametrize(
    ("hired", "exited", "counts"),
    [
        (date(2026, 1, 18), None, True),  # hired on the Sunday
        (date(2026, 1, 19), None, False),  # hired the Monday after
        (date(2020, 1, 1), date(2026, 1, 12), True),  # exited on the Monday
        (date(2020, 1, 1), date(2026, 1, 11), False),  # exited the Sunday before
        (date(2020, 1, 1), date(2026, 1, 14), True),  # exited mid-week
    ],
)
def test_counts_in_week(hired, exited, counts):
    week = calendar.week_of(date(2026, 1, 14))  # 2026-W03: Monday 12 to Sunday 18 January
    assert calendar.counts_in_week(hired, exited, week) is counts


def test_add_months_keeps_the_day_or_takes_the_months_last():
    assert calendar.add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert calendar.add_months(date(2024, 2, 29), -12) == date(2023, 2, 28)
    assert calendar.add_months(date(2025, 6, 15), -12) == date(2024, 6, 15)


def test_month_ends_are_capped_at_the_end():
    assert calendar.month_ends(date(2025, 11, 15), date(2026, 2, 10)) == [
        date(2025, 11, 30),
        date(2025, 12, 31),
        date(2026, 1, 31),
        date(2026, 2, 10),
    ]


@pytest.mark.parametrize(
    ("day", "monday"),
    [
        (date(2021, 1, 3), date(2020, 12, 28)),  # Sunday of 2020-W53
        (date(2021, 1, 4), date(2021, 1, 4)),  # a Monday is its own week start
        (date(2025, 1, 1), date(2024, 12, 30)),  # 2025-W01 starts in 2024
        (date(2026, 1, 14), date(2026, 1, 12)),
    ],
)
def test_sql_week_start_month_start_and_days_between_agree_with_python(session, day, monday):
    value = sa.literal(day, sa.Date)
    row = session.execute(
        sa.select(
            week_start(value),
            month_start(value),
            days_between(value, sa.literal(date(2020, 1, 1), sa.Date)),
        )
    ).one()
    assert row == (monday, day.replace(day=1), (day - date(2020, 1, 1)).days)


def test_iso_week_labels_cross_the_year_properly():
    """Moved from tests/formats/test_values.py: the parsers' week label is this one."""
    assert calendar.week_label(date(2025, 12, 29)) == "2026-W01"
    assert calendar.week_label(date(2026, 1, 4)) == "2026-W01"
    assert calendar.week_label(date(2026, 1, 5)) == "2026-W02"
