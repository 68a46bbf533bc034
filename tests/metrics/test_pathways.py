"""Pathway progress: done / required, hours left, projected finish at the last-8-weeks pace."""

from __future__ import annotations

from datetime import date

import pytest

from data_model.access import AccessDenied, Scope
from data_model.metrics import pathway_progress

AS_OF = date(2026, 3, 4)  # Wednesday of 2026-W10; pace weeks: W02..W09 = 5 Jan .. 1 Mar


@pytest.fixture
def pathway(org):
    org.team("Cloud")
    org.credential("C1", hours=10)
    org.credential("C2", hours=20)
    org.credential("C3", hours=5)
    org.pathway("Cloud Certificate", ["C1", "C2", "C3"], optional=("C3",))  # 2 required, 30 h
    for code in ("P1", "P2", "P3", "P4", "P5", "P6"):
        org.employee(code, team="Cloud")
    org.enroll("P1", "C1", assigned="2026-01-02", status="completed", completed="2026-02-01")
    org.enroll("P1", "C2", assigned="2026-02-02", status="in_progress", started="2026-02-03")
    org.log("P1", "2026-01-04", 999)  # W01: before the pace window
    org.log("P1", "2026-01-05", 240)  # W02
    org.log("P1", "2026-03-01", 240)  # W09 (Sunday)
    org.log("P1", "2026-03-02", 999)  # W10: the current week, not in the pace
    org.badge("P2", issued="2026-01-10", credential="C1")
    org.badge("P2", issued="2026-01-11", credential="C2", verification="revoked")
    org.enroll("P3", "C1", assigned="2026-01-02", status="completed", completed="2026-01-20")
    org.enroll("P3", "C2", assigned="2026-01-02", status="completed", completed="2026-02-20")
    org.enroll("P4", "C1", assigned="2026-01-02", status="withdrawn", withdrawn="2026-01-03")
    org.enroll("P5", "C3", assigned="2026-01-02")  # only the optional item
    org.enroll("P6", "C1", assigned="2026-02-01", status="completed", completed="2026-03-10")  # after AS_OF
    org.log("P6", "2026-02-02", 480)
    return org.commit()


def test_pathway_progress(pathway):
    progress = pathway_progress(pathway.session, Scope.all(), as_of=AS_OF)
    assert list(progress.columns) == [
        "employee_code",
        "full_name",
        "team",
        "pathway",
        "qualification",
        "done",
        "required",
        "hours_left",
        "pace_minutes_per_week",
        "projected_finish",
    ]
    assert progress[
        ["employee_code", "done", "required", "hours_left", "pace_minutes_per_week", "projected_finish"]
    ].values.tolist() == [
        # C1 done; C2's 20 h left; pace (240 + 240) / 8 = 60 min a week -> 1200 / 60 = 20 weeks
        # = 140 days -> 4 March + 140 days = 22 July
        ["P1", 1, 2, 20.0, 60.0, date(2026, 7, 22)],
        # badge for C1 counts; the revoked badge for C2 does not; no learning: no projection
        ["P2", 1, 2, 20.0, 0.0, None],
        ["P3", 2, 2, 0.0, 0.0, AS_OF],  # finished
        # P4 withdrew: not on the pathway. P5 holds only the optional item: 0 of 2, 30 h left
        ["P5", 0, 2, 30.0, 0.0, None],
        # completed after AS_OF: not done yet; 480 / 8 = 60 a week -> 1800 / 60 = 30 weeks = 210 days
        ["P6", 0, 2, 30.0, 60.0, date(2026, 9, 30)],
    ]


def test_pathway_progress_is_refused_to_an_executive(pathway):
    with pytest.raises(AccessDenied):
        pathway_progress(pathway.session, Scope.executive(), as_of=AS_OF)
