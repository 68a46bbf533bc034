"""Retention of learners vs non-learners, and survival by tenure: answers worked out by hand."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from data_model.access import Scope
from data_model.metrics import retention, survival_by_tenure

REFERENCE = date(2025, 1, 1)  # learners: 600+ minutes from 2024-01-01 to 2024-12-31


@pytest.fixture
def cohort(org):
    org.team("Cloud")
    for code in ("L1", "L2", "L3", "L4", "L5", "L6", "N1", "N2", "N3", "N4", "N5", "N6"):
        exits = {"L2": "2025-06-30", "L3": "2026-01-01", "N1": "2025-03-01", "N4": "2025-12-31"}
        org.employee(code, team="Cloud", hired="2022-01-01", exited=exits.get(code))
    org.log("L1", "2024-01-01", 600)  # exactly 600, on the first day of the window: a learner
    for code in ("L2", "L3", "L4", "L5", "L6"):
        org.log(code, "2024-06-01", 700)
    org.log("N1", "2024-06-01", 599)  # one minute short
    org.log("N2", "2025-01-01", 600)  # on the reference date itself: not before it
    org.log("N3", "2023-12-31", 600)  # the day before the window
    org.employee("X1", team="Cloud", hired="2022-01-01", exited="2024-12-31")  # gone before
    org.log("X1", "2024-06-01", 700)
    org.employee("X2", team="Cloud", hired="2025-01-02")  # not yet hired
    return org.commit()


def test_twelve_month_retention(cohort):
    table = retention(cohort.session, Scope.all(), reference_date=REFERENCE, as_of=date(2026, 6, 1))
    assert list(table.columns) == [
        "group",
        "people",
        "retained",
        "retention",
        "measured_to",
        "measured_to_today",
        "suppressed",
    ]
    assert table[["group", "people", "retained", "measured_to", "measured_to_today"]].values.tolist() == [
        # L2 left in June 2025; L3 left on 2026-01-01, the day 12 months on: still employed that day
        ["learner", 6, 5, date(2026, 1, 1), False],
        # N1 left in March, N4 on 2025-12-31, a day short of 12 months
        ["non-learner", 6, 4, date(2026, 1, 1), False],
    ]
    assert table.retention.tolist() == pytest.approx([5 / 6, 4 / 6])
    assert table.suppressed.isna().all()


def test_retention_measured_to_today_when_twelve_months_have_not_passed(cohort):
    table = retention(cohort.session, Scope.all(), reference_date=REFERENCE, as_of=date(2025, 9, 1))
    # by 2025-09-01 only L2 (June) and N1 (March) have left
    assert table[["people", "retained", "measured_to", "measured_to_today"]].values.tolist() == [
        [6, 5, date(2025, 9, 1), True],
        [6, 5, date(2025, 9, 1), True],
    ]


def test_groups_under_five_are_suppressed_for_everyone(org):
    org.team("Tiny")
    for code in ("A", "B", "C", "D"):
        org.employee(code, team="Tiny", hired="2022-01-01")
        org.log(code, "2024-06-01", 700)
    org.commit()
    table = retention(org.session, Scope.all(), reference_date=REFERENCE, as_of=date(2026, 6, 1))
    assert table.people.tolist() == [4, 0]  # sizes stay visible
    assert table.suppressed.tolist() == ["too few to show (n<5)"] * 2
    assert table.retained.isna().all() and table.retention.isna().all()


@pytest.fixture
def tenures(org):
    """Six learners hired 2024-01-01, five non-learners hired 2024-07-01; as_of 2025-06-01.

    Tenure months are whole 30.4375-day months:
      2024-01-01 -> 2025-01-01: 366 days = 12.02 -> 12 (learners enter at 12)
      2024-01-01 -> 2025-03-15: 439 days = 14.42 -> 14 (L1 leaves at 14)
      2024-01-01 -> 2025-06-01: 517 days = 16.99 -> 16 (the rest are watched to 16)
      2024-07-01 -> 2025-01-01: 184 days = 6.05 -> 6; -> 2025-06-01: 335 days = 11.01 -> 11
    """
    org.team("Cloud")
    for i in range(1, 7):
        org.employee(f"L{i}", team="Cloud", hired="2024-01-01", exited="2025-03-15" if i == 1 else None)
        org.log(f"L{i}", "2024-06-03", 600)
    for i in range(1, 6):
        org.employee(f"N{i}", team="Cloud", hired="2024-07-01")
    return org.commit()


def test_survival_by_tenure_kaplan_meier_with_delayed_entry(tenures):
    curve = survival_by_tenure(tenures.session, Scope.all(), reference_date=REFERENCE, as_of=date(2025, 6, 1))
    assert list(curve.columns) == ["group", "tenure_months", "at_risk", "exits", "survival", "suppressed"]
    learners = curve[curve.group == "learner"]
    assert learners[["tenure_months", "at_risk", "exits"]].values.tolist() == [
        [12, 6, 0],
        [13, 6, 0],
        [14, 6, 1],  # L1 leaves: survival 1 - 1/6
        [15, 5, 0],
        [16, 5, 0],
    ]
    assert learners.survival.tolist() == pytest.approx([1, 1, 5 / 6, 5 / 6, 5 / 6])
    others = curve[curve.group == "non-learner"]
    assert others.tenure_months.tolist() == [6, 7, 8, 9, 10, 11]
    assert others.at_risk.tolist() == [5] * 6 and others.survival.tolist() == [1.0] * 6


def test_survival_months_with_fewer_than_five_at_risk_are_suppressed(tenures):
    tenures.people["L2"].exit_date = date(2025, 4, 20)  # 475 days = 15.6 -> month 15
    tenures.session.add(tenures.people["L2"])
    tenures.commit()
    curve = survival_by_tenure(tenures.session, Scope.all(), reference_date=REFERENCE, as_of=date(2025, 6, 1))
    learners = curve[curve.group == "learner"].set_index("tenure_months")
    assert learners.loc[15, "suppressed"] is None  # 5 at risk: shown, 5/6 * (1 - 1/5)
    assert learners.loc[15, "survival"] == pytest.approx(5 / 6 * 4 / 5)
    assert learners.loc[16, "at_risk"] == 4 and learners.loc[16, "suppressed"] == "too few to show (n<5)"
    assert pd.isna(learners.loc[16, "survival"])
