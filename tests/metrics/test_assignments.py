"""Assignment progress: counts by status, overdue, completion rate and speed, onboarding."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from data_model.access import AccessDenied, Scope
from data_model.metrics import (
    assignment_status_counts,
    completion_rate,
    median_days_to_complete,
    onboarding_completion,
    overdue_enrollments,
)

AS_OF = date(2026, 3, 1)


@pytest.fixture
def work(org):
    """Cloud: P1, P2. Ops: P3. The numbers in the comments are the enrollments below."""
    org.team("Cloud")
    org.team("Ops")
    for code, team in [("P1", "Cloud"), ("P2", "Cloud"), ("P3", "Ops")]:
        org.employee(code, team=team, hired="2025-01-01")
    for code in ("C1", "C2", "C3"):
        org.credential(code)
    # 1: open, due before as_of -> overdue by 28 days (1 Feb -> 1 Mar)
    org.enroll("P1", "C1", assigned="2026-01-05", due="2026-02-01")
    # 2: in progress, due ON as_of -> not overdue (due date must be before as_of)
    org.enroll(
        "P1", "C2", assigned="2026-01-05", due="2026-03-01", status="in_progress", started="2026-01-10"
    )
    # 3: completed late -> not overdue; 41 days (10 Jan -> 20 Feb: 21 + 20)
    org.enroll(
        "P2", "C1", assigned="2026-01-10", due="2026-02-15", status="completed", completed="2026-02-20"
    )
    # 4: withdrawn -> neither overdue nor in the completion rate
    org.enroll(
        "P2", "C2", assigned="2026-01-10", due="2026-01-31", status="withdrawn", withdrawn="2026-01-20"
    )
    # 5: in progress, due the day before as_of -> overdue by 1 day
    org.enroll(
        "P3", "C1", assigned="2026-02-01", due="2026-02-28", status="in_progress", started="2026-02-02"
    )
    # 6: completed in 10 days
    org.enroll("P3", "C2", assigned="2026-02-01", status="completed", completed="2026-02-11")
    # 7: assigned after as_of -> not counted at all
    org.enroll("P3", "C3", assigned="2026-03-05", due="2026-03-10")
    # 8: completed in 3 days
    org.enroll("P1", "C3", assigned="2026-01-02", status="completed", completed="2026-01-05")
    # 9: completed in 12 days
    org.enroll("P2", "C3", assigned="2026-01-15", status="completed", completed="2026-01-27")
    return org.commit()


def test_status_counts_by_team(work):
    counts = assignment_status_counts(work.session, Scope.all(), as_of=AS_OF, by="team")
    assert list(counts.columns) == [
        "team",
        "people",
        "assigned",
        "in_progress",
        "completed",
        "withdrawn",
        "overdue",
        "total",
    ]
    assert counts.values.tolist() == [
        # Cloud: 1 assigned (1), 1 in progress (2), 3 completed (3, 8, 9), 1 withdrawn (4); overdue: 1
        ["Cloud", 2, 1, 1, 3, 1, 1, 6],
        # Ops: 5 in progress, 6 completed; 7 is after as_of; overdue: 5
        ["Ops", 1, 0, 1, 1, 0, 1, 2],
    ]


def test_status_counts_for_the_organisation(work):
    counts = assignment_status_counts(work.session, Scope.all(), as_of=AS_OF, by="org")
    assert counts.values.tolist() == [[3, 1, 2, 4, 1, 2, 8]]


def test_overdue_list_most_overdue_first(work):
    overdue = overdue_enrollments(work.session, Scope.all(), as_of=AS_OF)
    assert overdue[
        ["employee_code", "credential_code", "status", "due_date", "days_overdue"]
    ].values.tolist() == [
        ["P1", "C1", "assigned", date(2026, 2, 1), 28],
        ["P3", "C1", "in_progress", date(2026, 2, 28), 1],
    ]
    assert overdue_enrollments(work.session, Scope.all(), as_of=AS_OF, team="Ops").employee_code.tolist() == [
        "P3"
    ]


def test_overdue_list_is_refused_to_an_executive(work):
    with pytest.raises(AccessDenied):
        overdue_enrollments(work.session, Scope.executive(), as_of=AS_OF)


def test_completion_rate(work):
    period = {"start": date(2026, 1, 1), "end": date(2026, 2, 28)}
    org_rate = completion_rate(work.session, Scope.all(), by="org", **period)
    # assigned in period, not withdrawn: 1, 2, 3, 5, 6, 8, 9 = 7; completed: 3, 6, 8, 9 = 4
    assert org_rate[["people", "enrollments", "completed"]].values.tolist() == [[3, 7, 4]]
    assert org_rate.completion_rate.iloc[0] == pytest.approx(4 / 7)
    teams = completion_rate(work.session, Scope.all(), by="team", **period)
    # Cloud: 1, 2, 3, 8, 9 -> 3 of 5; Ops: 5, 6 -> 1 of 2
    assert teams[["team", "enrollments", "completed"]].values.tolist() == [["Cloud", 5, 3], ["Ops", 2, 1]]
    assert teams.completion_rate.tolist() == pytest.approx([0.6, 0.5])


def test_median_days_to_complete(work):
    period = {"start": date(2026, 1, 1), "end": date(2026, 2, 28)}
    # completed in period: 8 (3 days), 6 (10), 9 (12), 3 (41) -> median of 4 = (10 + 12) / 2
    org_median = median_days_to_complete(work.session, Scope.all(), by="org", **period)
    assert org_median.values.tolist() == [[3, 4, 11.0]]
    # Cloud: 3, 12, 41 -> 12; Ops: 10
    teams = median_days_to_complete(work.session, Scope.all(), by="team", **period)
    assert teams.values.tolist() == [["Cloud", 2, 3, 12.0], ["Ops", 1, 1, 10.0]]


def test_small_groups_are_suppressed_for_an_executive(work):
    counts = assignment_status_counts(work.session, Scope.executive(), as_of=AS_OF, by="team")
    assert counts.people.tolist() == [2, 1]
    assert counts.suppressed.tolist() == ["too few to show (n<5)"] * 2
    assert counts.total.isna().all() and counts.overdue.isna().all()


@pytest.fixture
def hires(org):
    org.team("Cloud")
    org.credential("X")
    org.credential("Y")
    org.employee("H1", team="Cloud", hired="2026-01-05")
    org.enroll(
        "H1", "X", assigned="2026-01-05", status="completed", completed="2026-01-20", reason="onboarding"
    )
    # 36 days after hire (26 in Jan + 10): late for 30 days, in time for 40
    org.enroll(
        "H1", "Y", assigned="2026-01-05", status="completed", completed="2026-02-10", reason="onboarding"
    )
    org.employee("H2", team="Cloud", hired="2026-01-12")
    # exactly 30 days after hire (19 in Jan + 11): in time
    org.enroll(
        "H2", "X", assigned="2026-01-12", status="completed", completed="2026-02-11", reason="onboarding"
    )
    org.employee("H3", team="Cloud", hired="2026-01-20")  # no onboarding enrollment
    org.enroll("H3", "X", assigned="2026-01-20", status="completed", completed="2026-01-21", reason="self")
    org.employee("H4", team="Cloud", hired="2026-01-15")
    org.enroll(
        "H4", "X", assigned="2026-01-15", status="withdrawn", withdrawn="2026-01-16", reason="onboarding"
    )
    org.enroll(
        "H4", "Y", assigned="2026-01-15", status="completed", completed="2026-01-20", reason="onboarding"
    )
    org.employee("H5", team="Cloud", hired="2025-12-31")  # hired outside the period
    org.enroll("H5", "X", assigned="2026-01-02", reason="onboarding")
    return org.commit()


def test_onboarding_completed_within_n_days_of_hire(hires):
    period = {"hired_from": date(2026, 1, 1), "hired_to": date(2026, 1, 31)}
    within_30 = onboarding_completion(hires.session, Scope.all(), within_days=30, **period)
    # hires H1-H4; with onboarding H1, H2, H4 (H4's withdrawn X is left out); in time: H2, H4
    assert within_30[["new_hires", "with_onboarding", "completed_within"]].values.tolist() == [[4, 3, 2]]
    assert within_30.share_completed_within.iloc[0] == pytest.approx(2 / 3)
    within_40 = onboarding_completion(hires.session, Scope.all(), within_days=40, by="team", **period)
    assert within_40[["team", "completed_within", "share_completed_within"]].values.tolist() == [
        ["Cloud", 3, 1.0]
    ]
    assert pd.isna(
        onboarding_completion(
            hires.session, Scope.all(), hired_from=date(2020, 1, 1), hired_to=date(2020, 1, 2)
        ).share_completed_within.iloc[0]
    )
