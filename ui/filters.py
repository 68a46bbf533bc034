"""Filters shared by pages: the period, the team, the as-of date. Values are plain, for data_model."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import streamlit as st

from data_model import clock
from data_model.access import Scope
from data_model.metrics.calendar import monday_of
from data_model.metrics.people import visible_team_names

from . import db


@dataclass(frozen=True)
class Period:
    start: date
    end: date


PERIODS = {
    "Last 4 weeks": 4,
    "Last 8 weeks": 8,
    "Last 13 weeks": 13,
    "Last 26 weeks": 26,
    "Last 52 weeks": 52,
}


def period(key: str, *, default: str = "Last 13 weeks", as_of: date | None = None) -> Period:
    """Whole ISO weeks ending with the last complete week before `as_of`."""
    as_of = as_of or clock.today()
    choice = st.segmented_control("Period", list(PERIODS), default=default, key=f"{key}_period") or default
    end = monday_of(as_of) - timedelta(days=1)
    start = monday_of(end) - timedelta(weeks=PERIODS[choice] - 1)
    return Period(start=start, end=end)


ALL_TEAMS = "All teams in view"


def team(scope: Scope, key: str, *, label: str = "Team") -> str | None:
    """A team (with its sub-teams) among those the reader may see; None = all of them."""
    names = db.cached(visible_team_names, scope)
    if not names:
        return None
    choice = st.selectbox(label, [ALL_TEAMS, *names], key=f"{key}_team")
    return None if choice == ALL_TEAMS else choice


def recent_weeks(weeks: int, *, as_of: date | None = None) -> Period:
    """The ISO week holding `as_of` (so far) and the `weeks - 1` whole weeks before it."""
    as_of = as_of or clock.today()
    return Period(start=monday_of(as_of) - timedelta(weeks=weeks - 1), end=as_of)
