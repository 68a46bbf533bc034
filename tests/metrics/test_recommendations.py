"""The gap-closing recommendation: the planner on small cases, then end to end on a team."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from data_model.access import Scope
from data_model.metrics import gap_closing_recommendation
from data_model.metrics.gap_planner import Candidate, Credential, Target, plan_gap_closing

GO, K8S = 1, 2  # skill ids


def credential(key: int, code: str, cost: int, grants: dict[int, int], hours: float = 10) -> Credential:
    made = Credential(key, code, code, Decimal(cost), "EUR", hours)
    made.grants.update(grants)
    return made


def person(key: int, code: str, levels: dict[int, int]) -> Candidate:
    made = Candidate(key, code, code)
    made.levels.update(levels)
    return made


def plan(targets, people, credentials, enrolled=frozenset()):
    chosen, still_open = plan_gap_closing(targets, people, credentials, set(enrolled))
    return [(c.person.code, c.credential.code, c.cost) for c in chosen], still_open


def test_one_credential_teaching_two_missing_skills_beats_two_singles():
    targets = [Target(10, "T", "Go", GO, 2, 1), Target(11, "T", "K8s", K8S, 3, 1)]
    people = [person(1, "P", {10: 0, 11: 0})]
    creds = [
        credential(1, "GO", 100, {GO: 2}),
        credential(2, "K8S", 100, {K8S: 3}),
        credential(3, "BOTH", 150, {GO: 2, K8S: 3}),  # 75 per gap filled
    ]
    assert plan(targets, people, creds) == ([("P", "BOTH", Decimal(150))], {})


def test_the_merge_pass_swaps_two_single_skill_courses_for_one_cheaper_double():
    # Greedy alone: GO (120 a gap) for A, then K8S (200) for B = 320. One BOTH for B = 250.
    targets = [Target(10, "T", "Go", GO, 2, 1), Target(11, "T", "K8s", K8S, 3, 1)]
    people = [person(1, "A", {10: 1, 11: 0}), person(2, "B", {10: 0, 11: 2})]
    creds = [
        credential(1, "GO", 120, {GO: 2}),
        credential(2, "K8S", 200, {K8S: 3}),
        credential(3, "BOTH", 250, {GO: 3, K8S: 3}),
    ]
    # A and B both could take BOTH (saving 70 either way); B is nearer (0 + 2 > 1 + 0)
    assert plan(targets, people, creds) == ([("B", "BOTH", Decimal(250))], {})


def test_the_person_nearest_the_level_is_chosen():
    targets = [Target(10, "T", "Go", GO, 3, 1)]
    people = [person(1, "FAR", {10: 0}), person(2, "NEAR", {10: 2})]
    assert plan(targets, people, [credential(1, "GO3", 100, {GO: 3})])[0] == [("NEAR", "GO3", Decimal(100))]


def test_an_open_enrollment_fills_a_gap_at_no_cost():
    targets = [Target(10, "T", "Go", GO, 3, 1)]
    people = [person(1, "FAR", {10: 0}), person(2, "NEAR", {10: 2})]
    chosen, _ = plan(targets, people, [credential(1, "GO3", 100, {GO: 3})], enrolled={(1, 1)})
    assert chosen == [("FAR", "GO3", Decimal(0))]


def test_a_credential_granting_too_low_a_level_does_not_count_and_the_gap_stays_open():
    targets = [Target(10, "T", "Go", GO, 4, 2)]
    people = [person(1, "A", {10: 1}), person(2, "B", {10: 0})]
    assert plan(targets, people, [credential(1, "GO3", 10, {GO: 3})]) == ([], {10: 2})


def test_more_gaps_than_people_leaves_the_rest_open():
    targets = [Target(10, "T", "Go", GO, 2, 3)]
    people = [person(1, "A", {10: 1})]
    assert plan(targets, people, [credential(1, "GO", 10, {GO: 2})]) == ([("A", "GO", Decimal(10))], {10: 2})


def test_cheapest_per_gap_then_fewer_hours():
    targets = [Target(10, "T", "Go", GO, 2, 1)]
    people = [person(1, "A", {10: 1})]
    creds = [
        credential(1, "SLOW", 50, {GO: 2}, hours=40),
        credential(2, "FAST", 50, {GO: 2}, hours=8),
        credential(3, "DEAR", 60, {GO: 5}),
    ]
    assert plan(targets, people, creds)[0] == [("A", "FAST", Decimal(50))]


@pytest.fixture
def team(org):
    """Cloud needs Go>=2 x2 and K8s>=3 x1 and Rust>=2 x1; today only C1 has Go 2."""
    org.team("Cloud")
    org.target("Cloud", "Go", level=2, headcount=2)
    org.target("Cloud", "K8s", level=3, headcount=1)
    org.target("Cloud", "Rust", level=2, headcount=1)
    org.credential("GO-1", cost=120, grants={"Go": 2})
    org.credential("K8S-1", cost=200, grants={"K8s": 3})
    org.credential("CLOUD-2", cost=250, grants={"Go": 3, "K8s": 3})
    org.credential("OLD", cost=1, grants={"Go": 5, "K8s": 5, "Rust": 5}, active=False)  # retired: ignored
    for code in ("C1", "C2", "C3", "C4", "C5"):
        org.employee(code, team="Cloud")
    org.skill("C1", "Go", 2)
    org.skill("C2", "Go", 1)
    org.skill("C3", "K8s", 2)
    return org.commit()


def test_recommendation_for_a_team(team):
    plan = gap_closing_recommendation(team.session, Scope.all(), as_of=date(2026, 3, 4), team="Cloud")
    assert list(plan.columns) == [
        "team",
        "employee_code",
        "full_name",
        "credential_code",
        "credential_title",
        "skills",
        "gaps_filled",
        "people",
        "cost",
        "currency",
        "expected_hours",
        "already_enrolled",
        "note",
    ]
    # Go needs 1 more, K8s 1. Greedy buys GO-1 (120) for C2 and K8S-1 (200) for C3 = 320;
    # the merge pass swaps both for one CLOUD-2 (250) for C3, the nearest person who lacks
    # both (C3: Go 0 + K8s 2 = 2 against C2: Go 1 + K8s 0 = 1).
    people = plan[plan.credential_code.notna()]
    assert people[["employee_code", "credential_code", "skills", "gaps_filled", "cost"]].values.tolist() == [
        ["C3", "CLOUD-2", "Go (level 2), K8s (level 3)", 2, 250.0],
    ]
    left = plan[plan.credential_code.isna()]
    assert left[["skills", "note"]].values.tolist() == [
        ["Rust (level 2)", "1 more needed: no active credential grants Rust at level 2"]
    ]
    assert plan.cost.sum() == 250.0


def test_an_executive_gets_one_row_per_credential_without_names(team):
    plan = gap_closing_recommendation(team.session, Scope.executive(), as_of=date(2026, 3, 4))
    assert plan.employee_code.isna().all() and plan.full_name.isna().all()
    planned = plan[plan.credential_code.notna()]
    assert planned[["team", "credential_code", "people", "cost"]].values.tolist() == [
        ["Cloud", "CLOUD-2", 1, 250.0]
    ]
    assert plan.suppressed.isna().all()  # Cloud has 5 people: shown
