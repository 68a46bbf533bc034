"""Spend by team and month, cost per learning hour and per badge."""

from __future__ import annotations

from datetime import date

import pytest

from data_model.access import Scope
from data_model.metrics import cost_per_badge, cost_per_learning_hour, spend_by_team_month

PERIOD = {"start": date(2026, 1, 1), "end": date(2026, 2, 28)}


@pytest.fixture
def spend(org):
    org.team("Cloud")
    org.team("Ops")
    org.employee("P1", team="Cloud")
    org.employee("P2", team="Cloud")
    org.employee("P3", team="Ops")
    org.credential("C1", cost="100.00")
    org.credential("C2", cost="40.00")
    org.credential("C3", cost="30.00", currency="USD")
    org.enroll("P1", "C1", assigned="2026-01-10")  # Cloud, January: 100
    # withdrawn after starting: paid (Cloud, January: 40)
    org.enroll(
        "P2", "C2", assigned="2026-01-20", status="withdrawn", started="2026-01-21", withdrawn="2026-01-25"
    )
    # withdrawn before starting: free
    org.enroll("P2", "C1", assigned="2026-01-25", status="withdrawn", withdrawn="2026-01-26")
    org.enroll(
        "P1", "C2", assigned="2026-02-03", status="completed", completed="2026-02-20"
    )  # Cloud, Feb: 40
    org.enroll("P3", "C3", assigned="2026-02-05")  # Ops, February: 30 USD
    org.enroll("P3", "C1", assigned="2026-03-01")  # after the period
    org.log("P1", "2026-01-12", 120)
    org.log("P2", "2026-02-10", 60)  # Cloud: 180 min = 3 h
    org.log("P3", "2026-02-11", 90)  # Ops: 1.5 h
    org.log("P1", "2026-03-02", 600)  # after the period
    org.badge("P1", issued="2026-02-20", credential="C2")
    org.badge("P2", issued="2026-02-21", verification="revoked")  # not counted
    org.badge("P3", issued="2026-01-05")
    return org.commit()


def test_spend_by_team_and_month(spend):
    table = spend_by_team_month(spend.session, Scope.all(), **PERIOD)
    assert list(table.columns) == ["team", "month", "currency", "enrollments", "people", "cost"]
    assert table.values.tolist() == [
        ["Cloud", date(2026, 1, 1), "EUR", 2, 2, 140.0],  # 100 + 40 (the free withdrawal left out)
        ["Cloud", date(2026, 2, 1), "EUR", 1, 1, 40.0],
        ["Ops", date(2026, 2, 1), "USD", 1, 1, 30.0],
    ]


def test_cost_per_learning_hour(spend):
    teams = cost_per_learning_hour(spend.session, Scope.all(), by="team", **PERIOD)
    assert teams.values.tolist() == [
        ["Cloud", "EUR", 180.0, 3.0, 2, 60.0],  # 180 / 3 h
        ["Ops", "USD", 30.0, 1.5, 1, 20.0],  # 30 / 1.5 h
    ]
    whole = cost_per_learning_hour(spend.session, Scope.all(), by="org", **PERIOD)
    # every hour logged (4.5) against each currency's spend
    assert whole.values.tolist() == [["EUR", 180.0, 4.5, 2, 40.0], ["USD", 30.0, 4.5, 1, 6.67]]


def test_cost_per_badge(spend):
    teams = cost_per_badge(spend.session, Scope.all(), by="team", **PERIOD)
    assert teams[["team", "cost", "badges", "cost_per_badge"]].values.tolist() == [
        ["Cloud", 180.0, 1, 180.0],  # P2's revoked badge does not count
        ["Ops", 30.0, 1, 30.0],
    ]
    whole = cost_per_badge(spend.session, Scope.all(), **PERIOD)
    assert whole[["currency", "badges", "cost_per_badge"]].values.tolist() == [
        ["EUR", 2, 90.0],
        ["USD", 2, 15.0],
    ]


def test_an_executive_sees_no_single_persons_spend(spend):
    table = spend_by_team_month(spend.session, Scope.executive(), **PERIOD)
    assert table.suppressed.tolist() == ["too few to show (n<5)"] * 3
    assert table.cost.isna().all()
