"""The lead's roster, enrollment list and new hires, checked against hand-counted answers."""

from __future__ import annotations

from datetime import date

import pytest

from data_model.access import AccessDenied, Scope
from data_model.metrics.assignments import enrollment_list
from data_model.metrics.people import new_hires, team_roster
from tests.builders import Org

AS_OF = date(2026, 3, 18)  # a Wednesday in 2026-W12 (Monday 2026-03-16)


@pytest.fixture
def org(session) -> Org:
    org = Org(session)
    org.team("Cloud")
    org.team("Data")
    org.employee("L1", team="Cloud", hired="2022-01-03")
    org.set_lead("Cloud", "L1")
    org.employee("C1", team="Cloud", hired="2024-01-01")
    org.employee("C2", team="Cloud", hired="2026-02-02")
    org.employee("C3", team="Cloud", hired="2020-01-01", exited="2026-03-01")
    org.employee("D1", team="Data", hired="2024-01-01")
    org.credential("K8S", grants={"Kubernetes": 3})
    org.credential("TF")
    # C1: this week 30 + 45; the four full weeks before (2026-02-16 .. 2026-03-15): 60 + 120; older: 500.
    org.log("C1", "2026-03-16", 30)
    org.log("C1", "2026-03-18", 45)
    org.log("C1", "2026-02-16", 60)
    org.log("C1", "2026-03-15", 120)
    org.log("C1", "2026-02-15", 500)
    org.log("C1", "2026-03-19", 999)  # after as_of: not counted
    org.log("D1", "2026-03-16", 90)
    org.enroll("C1", "K8S", assigned="2026-01-05", due="2026-03-01")  # open, overdue 17 days
    org.enroll("C1", "TF", assigned="2026-01-05", status="completed", completed="2026-02-01")
    org.enroll("C2", "K8S", assigned="2026-02-02", due="2026-04-01", reason="onboarding")
    org.badge("C1", issued="2025-01-01", expires="2026-03-01", skill="Kubernetes", level=3)  # expired
    org.badge("C1", issued="2026-02-01", skill="Terraform", level=2)
    org.skill("C2", "Kubernetes", 2, since="2026-03-18")
    org.badge("C2", issued="2026-02-10", skill="Terraform", level=2, verification="revoked")  # gives nothing
    return org.commit()


def lead(org: Org) -> Scope:
    return Scope.for_lead(org.session, org.people["L1"].id)


def test_roster_counts_by_hand(org):
    roster = team_roster(org.session, lead(org), as_of=AS_OF).set_index("employee_code")
    assert list(roster.index) == ["C1", "C2", "L1"]  # by team, then name ("Person C1", ...)
    assert "C3" not in roster.index and "D1" not in roster.index  # left; other team
    c1 = roster.loc["C1"]
    assert (c1.minutes_this_week, c1.minutes_last_4_weeks) == (75, 180)
    assert (c1.open_assignments, c1.overdue) == (1, 1)
    assert (c1.valid_badges, c1.skills) == (1, 1)  # the expired badge and its skill are gone
    c2 = roster.loc["C2"]
    assert (c2.minutes_this_week, c2.open_assignments, c2.overdue, c2.skills) == (0, 1, 0, 1)
    assert c2.valid_badges == 0  # revoked


def test_enrollment_list_most_urgent_first_with_days_overdue(org):
    rows = enrollment_list(org.session, lead(org), as_of=AS_OF)
    assert rows[["employee_code", "credential_code"]].values.tolist() == [["C1", "K8S"], ["C2", "K8S"]]
    assert rows["days_overdue"].iloc[0] == 17  # due 2026-03-01, as of 2026-03-18
    assert rows["days_overdue"].isna().iloc[1]  # due 2026-04-01: not overdue
    done = enrollment_list(org.session, lead(org), as_of=AS_OF, statuses=("completed",))
    assert done["credential_code"].tolist() == ["TF"]


def test_new_hires_with_their_onboarding(org):
    hires = new_hires(org.session, lead(org), as_of=AS_OF, within_days=90)
    assert hires[["employee_code", "onboarding_assigned"]].values.tolist() == [["C2", 1]]


def test_executive_gets_no_roster(org):
    with pytest.raises(AccessDenied):
        team_roster(org.session, Scope.executive(), as_of=AS_OF)
    with pytest.raises(AccessDenied):
        enrollment_list(org.session, Scope.executive(), as_of=AS_OF)


def test_employee_sees_only_their_own_row(org):
    me = Scope.for_employee(org.people["C2"].id)
    assert team_roster(org.session, me, as_of=AS_OF)["employee_code"].tolist() == ["C2"]
    assert enrollment_list(org.session, me, as_of=AS_OF)["employee_code"].tolist() == ["C2"]
