"""The figures added for the Weekly learning, Skills and Executive pages, worked out by hand."""

from __future__ import annotations

from datetime import date

import pytest

from data_model.access import AccessDenied, Scope
from data_model.metrics import learning, recommendations, skills, spend
from data_model.metrics.badges import badges_by_month
from data_model.metrics.pathways import pathway_completions

# 2026-W02: Mon 5 Jan .. Sun 11 Jan;  2026-W03: Mon 12 Jan .. Sun 18 Jan
START, END = date(2026, 1, 5), date(2026, 1, 18)


@pytest.fixture
def weeks_org(org):
    """Cloud: E1 (own target 60), E2 (policy 240), E3 hired Wed of W03. Ops: E4 with the same name as E1."""
    org.team("Cloud")
    org.team("Ops")
    org.policy(240, effective="2020-01-01")
    org.employee("E1", team="Cloud", target=60, name="Ana Lopez")
    org.employee("E2", team="Cloud", name="Ben Kim")
    org.employee("E3", team="Cloud", hired="2026-01-14", name="Cy Dahl")
    org.employee("E4", team="Ops", name="Ana Lopez")
    org.log("E1", "2026-01-05", 90)  # W02: 90 >= 60
    org.log("E2", "2026-01-06", 240)  # W02: 240 >= 240
    org.log("E2", "2026-01-12", 60)  # W03: under
    org.log("E3", "2026-01-15", 300)  # W03: over
    return org.commit()


def test_group_weeks_adds_the_mean_target_of_the_people_counted(weeks_org):
    org_weeks = learning.group_weeks(weeks_org.session, Scope.all(), start=START, end=END, by="org")
    # W02: E1 60, E2 240, E4 240 -> 180; W03: E3 joins -> (60 + 240 + 240 + 240) / 4 = 195
    assert org_weeks["week"].tolist() == ["2026-W02", "2026-W03"]
    assert org_weeks["target_minutes"].tolist() == [180.0, 195.0]
    assert org_weeks["employees"].tolist() == [3, 4]
    teams = learning.group_weeks(weeks_org.session, Scope.all(), start=START, end=END, by="team")
    cloud = teams[teams["team"] == "Cloud"]
    assert cloud["target_minutes"].tolist() == [150.0, 180.0]  # (60+240)/2, (60+240+240)/3


def test_group_weeks_empties_the_target_of_a_suppressed_group(weeks_org):
    teams = learning.group_weeks(weeks_org.session, Scope.executive(), start=START, end=END, by="team")
    assert teams["suppressed"].notna().all()  # no team has 5 people
    assert teams["target_minutes"].isna().all() and teams["minutes"].isna().all()
    assert teams.columns[-1] == "suppressed"


def test_people_weeks_names_people_and_tells_namesakes_apart(weeks_org):
    rows = learning.people_weeks(weeks_org.session, Scope.all(), start=START, end=END)
    names = dict(zip(rows["employee_code"], rows["person"], strict=False))
    assert names == {"E1": "Ana Lopez (E1)", "E2": "Ben Kim", "E3": "Cy Dahl", "E4": "Ana Lopez (E4)"}
    with pytest.raises(AccessDenied):
        learning.people_weeks(weeks_org.session, Scope.executive(), start=START, end=END)


def test_people_week_table_has_a_column_per_week_and_totals(weeks_org):
    table = learning.people_week_table(weeks_org.session, Scope.all(), start=START, end=END, team="Cloud")
    assert table["employee_code"].tolist() == ["E1", "E2", "E3"]  # by team, then name
    assert table["minutes"].tolist() == [90, 300, 300]
    assert table["weeks_counted"].tolist() == [2, 2, 1]
    assert table["weeks_met_target"].tolist() == [1, 1, 1]
    assert table["2026-W02"].tolist()[:2] == [90, 240]
    assert table["2026-W02"].isna().tolist() == [False, False, True]  # E3 not yet hired


def test_weekly_summary(weeks_org):
    summary = learning.weekly_summary(weeks_org.session, Scope.all(), start=START, end=END)
    # 7 person-weeks (3 + 4), 90 + 240 + 60 + 300 = 690 minutes; met: E1 W02, E2 W02, E3 W03 = 3
    assert (summary.weeks, summary.last_week, summary.people_last_week) == (2, "2026-W03", 4)
    assert summary.avg_minutes_per_person_week == pytest.approx(690 / 7)
    assert summary.share_meeting_target == pytest.approx(3 / 7)
    assert summary.share_meeting_target_last_week == pytest.approx(1 / 4)
    hidden = learning.weekly_summary(weeks_org.session, Scope.executive(), start=START, end=END)
    assert hidden.avg_minutes_per_person_week is None and hidden.share_meeting_target is None


AS_OF = date(2026, 3, 4)


@pytest.fixture
def gap_org(org):
    """Cloud needs 2 people at Kubernetes 3 by 2026-06-30 and 1 at Terraform 3 (no date)."""
    org.team("Cloud")
    for code in ("P1", "P2", "P3", "P4", "P5"):
        org.employee(code, team="Cloud", name=f"Person {code}")
    target = org.target("Cloud", "Kubernetes", level=3, headcount=2)
    target.target_date = date(2026, 6, 30)
    org.target("Cloud", "Terraform", level=3, headcount=1)
    org.skill("P1", "Kubernetes", 2)
    org.skill("P2", "Kubernetes", 1)
    org.skill("P1", "Terraform", 2)
    org.credential("K8S", cost=100, grants={"Kubernetes": 3})
    org.credential("TF", cost=50, grants={"Terraform": 3})
    org.enroll("P2", "K8S", assigned="2026-02-01")  # already on it
    return org.commit()


def test_gap_closing_plan_adds_ids_and_due_dates(gap_org):
    plan = recommendations.gap_closing_plan(gap_org.session, Scope.all(), as_of=AS_OF)
    rows = {(r.employee_code, r.credential_code): r for r in plan.itertuples()}
    assert set(rows) == {("P1", "K8S"), ("P2", "K8S"), ("P1", "TF")}
    assert rows[("P1", "K8S")].due_date == date(2026, 6, 30)  # the target's date
    assert rows[("P1", "TF")].due_date == date(2026, 5, 3)  # no target date: as_of + 60 days
    assert rows[("P1", "TF")].employee_id == gap_org.people["P1"].id
    assert rows[("P1", "TF")].credential_id == gap_org.credentials["TF"].id
    todo = recommendations.assignments_to_make(plan)
    assert sorted((t.full_name, t.credential_code) for t in todo) == [
        ("Person P1", "K8S"),
        ("Person P1", "TF"),
    ]


def test_gap_closing_plan_for_an_executive_names_no_one(gap_org):
    plan = recommendations.gap_closing_plan(gap_org.session, Scope.executive(), as_of=AS_OF)
    assert not {"employee_code", "full_name", "employee_id", "already_enrolled"} & set(plan.columns)
    assert recommendations.assignments_to_make(plan) == []


def test_bench_depth_narrowed_to_a_small_team_is_hidden_from_an_executive(gap_org):
    gap_org.skill("P3", "Kubernetes", 4)
    gap_org.team("Tiny")
    gap_org.employee("T1", team="Tiny")
    gap_org.skill("T1", "Kubernetes", 5)
    gap_org.commit()
    everyone = skills.bench_depth_in_view(gap_org.session, Scope.executive(), as_of=AS_OF)
    assert dict(zip(everyone["skill"], everyone["people"], strict=True))["Kubernetes"] == 2
    tiny = skills.bench_depth_in_view(gap_org.session, Scope.executive(), as_of=AS_OF, team="Tiny")
    assert tiny["people"].isna().all() and tiny["suppressed"].notna().all()
    cloud = skills.bench_depth_in_view(gap_org.session, Scope.executive(), as_of=AS_OF, team="Cloud")
    assert dict(zip(cloud["skill"], cloud["people"], strict=True))["Kubernetes"] == 1
    assert "suppressed" in cloud.columns and cloud["suppressed"].isna().all()


@pytest.fixture
def exec_org(org):
    """Six people in Cloud; badges, spend and a two-credential pathway in Jan-Mar 2026."""
    org.team("Cloud")
    for code in ("P1", "P2", "P3", "P4", "P5", "P6"):
        org.employee(code, team="Cloud")
    org.credential("C1", cost=100, hours=10)
    org.credential("C2", cost=50, hours=10, currency="USD")
    org.pathway("Cloud Certificate", ["C1", "C2"])
    for code in ("P1", "P2", "P3", "P4", "P5"):
        org.enroll(code, "C1", assigned="2026-01-10", status="completed", completed="2026-01-31")
        org.badge(code, issued="2026-02-03", credential="C1")
    org.enroll("P1", "C2", assigned="2026-02-01", status="completed", completed="2026-03-02")
    org.badge("P2", issued="2026-02-20", credential="C2")
    org.badge("P6", issued="2026-03-05", verification="revoked")
    org.enroll("P6", "C2", assigned="2026-02-01", status="withdrawn", withdrawn="2026-02-02")
    return org.commit()


def test_badges_by_month_counts_trusted_badges_with_zero_months(exec_org):
    frame = badges_by_month(exec_org.session, Scope.all(), start=date(2026, 1, 1), end=date(2026, 3, 31))
    assert [(m.isoformat(), b, p) for m, b, p in frame.itertuples(index=False)] == [
        ("2026-01-01", 0, 0),
        ("2026-02-01", 6, 5),  # P1..P5 C1 and P2's C2
        ("2026-03-01", 0, 0),  # P6's badge is revoked
    ]
    hidden = badges_by_month(
        exec_org.session, Scope.executive(), start=date(2026, 1, 1), end=date(2026, 3, 31)
    )
    assert hidden["badges"].tolist()[1] == 6 and hidden["suppressed"].tolist()[1] is None
    assert hidden["suppressed"].tolist()[0] == "too few to show (n<5)"


def test_spend_by_month_per_currency_and_suppressed_for_an_executive(exec_org):
    frame = spend.spend_by_month(exec_org.session, Scope.all(), start=date(2026, 1, 1), end=date(2026, 3, 31))
    rows = [(m.isoformat(), c, n, p, cost) for m, c, n, p, cost in frame.itertuples(index=False)]
    # P6 withdrew before starting: no cost
    assert rows == [("2026-01-01", "EUR", 5, 5, 500.0), ("2026-02-01", "USD", 1, 1, 50.0)]
    hidden = spend.spend_by_month(
        exec_org.session, Scope.executive(), start=date(2026, 1, 1), end=date(2026, 3, 31)
    )
    assert hidden["cost"].tolist()[0] == 500.0
    assert hidden["cost"].isna().tolist() == [False, True]


def test_team_spend_puts_cost_per_hour_and_per_badge_side_by_side(exec_org):
    frame = spend.team_spend(exec_org.session, Scope.all(), start=date(2026, 1, 1), end=date(2026, 3, 31))
    eur = frame[frame["currency"] == "EUR"].iloc[0]
    assert (eur["team"], eur["cost"], eur["badges"], eur["cost_per_badge"]) == ("Cloud", 500.0, 6, 83.33)


def test_pathway_completions(exec_org):
    frame = pathway_completions(
        exec_org.session, Scope.all(), start=date(2026, 3, 1), end=date(2026, 3, 31), as_of=date(2026, 3, 31)
    )
    row = frame.iloc[0]
    # on it: P1..P5 (C1) and P6 (revoked badge does not count, withdrawn enrollment neither) -> 5
    # completed: P1 (C2 done 2 Mar, in the period), P2 (C2 badge 20 Feb, before it)
    assert (row["required"], row["people_on_pathway"], row["completed"], row["completed_in_period"]) == (
        2,
        5,
        2,
        1,
    )
    small = pathway_completions(
        exec_org.session,
        Scope.executive(),
        start=date(2026, 3, 1),
        end=date(2026, 3, 31),
        as_of=date(2026, 2, 1),
    )
    assert small.iloc[0]["people_on_pathway"] == 5 and small.iloc[0]["completed"] == 0
