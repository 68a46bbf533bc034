"""Team history: a past week counts under the team the person was in that week, for every reader.

Worked by hand on a small organisation (ISO weeks of December 2025):
    2025-W49 Mon 1 Dec .. Sun 7 Dec     2025-W50 Mon 8 .. Sun 14
    2025-W51 Mon 15 .. Sun 21           2025-W52 Mon 22 .. Sun 28

E1 (Cloud) moves to Platform on Wed 17 Dec. A week counts under the team of its Sunday, so
W51 (Sunday the 21st) is already Platform's, with the 30 minutes E1 logged on Monday the 15th.
E2 stays in Cloud and E3 in Platform; neither logs anything.
    Cloud     W49: E1 60 + E2 0 = 60 (2 people)   W50: 90 (2)   W51: 0 (1)    W52: 0 (1)
    Platform  W49: 0 (1)   W50: 0 (1)   W51: E1 30 + E3 0 = 30 (2)   W52: E1 120 (2)
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from data_model.access import Scope
from data_model.metrics import retention, skill_coverage, weekly_learning_minutes
from data_model.metrics.badges import badges_by_month
from data_model.metrics.learning import people_week_table
from data_model.metrics.spend import spend_by_team_month
from data_model.models import TeamMembership

START, END = date(2025, 12, 1), date(2025, 12, 28)
HR = Scope.all(role="hr")


@pytest.fixture
def moved(org):
    org.team("Cloud")
    org.team("Platform")
    org.policy(240, effective="2020-01-01")
    org.employee("E1", team="Cloud", hired="2025-01-06")
    org.employee("E2", team="Cloud", hired="2025-01-06")
    org.employee("E3", team="Platform", hired="2025-01-06")
    org.log("E1", "2025-12-01", 60)
    org.log("E1", "2025-12-08", 90)
    org.log("E1", "2025-12-15", 30)
    org.log("E1", "2025-12-22", 120)
    return org


def by_team(session, scope, **filters):
    frame = weekly_learning_minutes(session, scope, start=START, end=END, by="team", **filters)
    return {(r.team, r.week): (r.minutes, r.employees) for r in frame.itertuples()}


def lead_of(org, team: str) -> Scope:
    return Scope(
        role="lead", email="lead@example.com", employee_id=None, team_ids=frozenset({org.teams[team].id})
    )


def test_the_weeks_before_a_move_stay_with_the_old_team(moved, session):
    moved.commit()
    before_the_move = by_team(session, HR)
    moved.move("E1", "Platform", on="2025-12-17")
    moved.commit()
    after = by_team(session, HR)
    assert after == {
        ("Cloud", "2025-W49"): (60, 2),
        ("Cloud", "2025-W50"): (90, 2),
        ("Cloud", "2025-W51"): (0, 1),
        ("Cloud", "2025-W52"): (0, 1),
        ("Platform", "2025-W49"): (0, 1),
        ("Platform", "2025-W50"): (0, 1),
        ("Platform", "2025-W51"): (30, 2),
        ("Platform", "2025-W52"): (120, 2),
    }
    # The reorganisation did not rewrite the past: the weeks before it read as they did.
    for week in ("2025-W49", "2025-W50"):
        for team in ("Cloud", "Platform"):
            assert after[(team, week)] == before_the_move[(team, week)]
    rows = session.exec(
        select(TeamMembership)
        .where(TeamMembership.employee_id == moved.people["E1"].id)
        .order_by(TeamMembership.valid_from)
    ).all()
    assert [(r.team_id, r.valid_from, r.valid_to) for r in rows] == [
        (moved.teams["Cloud"].id, date(2025, 1, 6), date(2025, 12, 17)),
        (moved.teams["Platform"].id, date(2025, 12, 17), None),
    ]


def test_each_person_week_carries_the_team_of_that_week(moved, session):
    moved.move("E1", "Platform", on="2025-12-17")
    moved.commit()
    frame = weekly_learning_minutes(session, HR, start=START, end=END, by="employee")
    e1 = frame[frame["employee_code"] == "E1"]
    assert list(zip(e1["week"], e1["team"], e1["minutes"], strict=True)) == [
        ("2025-W49", "Cloud", 60),
        ("2025-W50", "Cloud", 90),
        ("2025-W51", "Platform", 30),
        ("2025-W52", "Platform", 120),
    ]
    # The team filter follows the same rule: Cloud's weeks hold E1 only before the move.
    assert by_team(session, HR, team="Cloud") == {
        ("Cloud", "2025-W49"): (60, 2),
        ("Cloud", "2025-W50"): (90, 2),
        ("Cloud", "2025-W51"): (0, 1),
        ("Cloud", "2025-W52"): (0, 1),
    }


def test_a_lead_sees_a_persons_weeks_only_while_they_were_in_the_leads_teams(moved, session):
    moved.move("E1", "Platform", on="2025-12-17")
    moved.commit()
    cloud = weekly_learning_minutes(session, lead_of(moved, "Cloud"), start=START, end=END, by="employee")
    platform = weekly_learning_minutes(
        session, lead_of(moved, "Platform"), start=START, end=END, by="employee"
    )
    assert cloud[cloud["employee_code"] == "E1"]["week"].tolist() == ["2025-W49", "2025-W50"]
    assert platform[platform["employee_code"] == "E1"]["week"].tolist() == ["2025-W51", "2025-W52"]
    assert set(cloud["team"]) == {"Cloud"} and set(platform["team"]) == {"Platform"}
    # The people table: E1 once, named, with only the weeks the lead may see.
    table = people_week_table(session, lead_of(moved, "Cloud"), start=START, end=END).set_index(
        "employee_code"
    )
    assert table.loc["E1", "full_name"] == "Person E1"
    assert (table.loc["E1", "weeks_counted"], table.loc["E1", "minutes"]) == (2, 150)
    everyone = people_week_table(session, HR, start=START, end=END).set_index("employee_code")
    assert (
        everyone.loc["E1", "team"],
        everyone.loc["E1", "weeks_counted"],
        everyone.loc["E1", "minutes"],
    ) == (
        "Platform",
        4,
        300,
    )


def test_an_employee_sees_all_their_own_weeks_whatever_their_team(moved, session):
    moved.move("E1", "Platform", on="2025-12-17")
    moved.commit()
    own = weekly_learning_minutes(
        session, Scope.for_employee(moved.people["E1"].id), start=START, end=END, by="employee"
    )
    assert own["minutes"].tolist() == [60, 90, 30, 120]


def test_a_move_the_same_day_as_the_last_replaces_it(moved, session):
    moved.move("E1", "Platform", on="2025-12-17")
    moved.move("E1", "Cloud", on="2025-12-17")  # a correction the same day: no one-day-long period
    moved.commit()
    rows = session.exec(
        select(TeamMembership).where(TeamMembership.employee_id == moved.people["E1"].id)
    ).all()
    assert [(r.team_id, r.valid_to) for r in sorted(rows, key=lambda r: r.valid_from)] == [
        (moved.teams["Cloud"].id, date(2025, 12, 17)),
        (moved.teams["Cloud"].id, None),
    ]


def test_spend_badges_and_coverage_count_under_the_team_of_their_day(moved, session):
    """E1 books a 100 EUR course in Cloud (2 Dec) and a 50 EUR one in Platform (23 Dec), earns a
    badge in each team, and holds Kubernetes 3, which Cloud's target asks one person to have.
        spend, December: Cloud 100 (1 person), Platform 50 (1 person)
        badges per team and month: Cloud's lead sees 1 (5 Dec), Platform's lead 1 (26 Dec)
        Cloud coverage of Kubernetes 3 x1: on 10 Dec 1 of 1 needed (team of 2); on 24 Dec 0 (team of 1)
    """
    moved.credential("K8S", cost="100")
    moved.credential("TF", cost="50")
    moved.enroll("E1", "K8S", assigned="2025-12-02")
    moved.enroll("E1", "TF", assigned="2025-12-23")
    moved.badge("E1", issued="2025-12-05")
    moved.badge("E1", issued="2025-12-26")
    moved.skill("E1", "Kubernetes", 3, since="2025-06-01")
    moved.target("Cloud", "Kubernetes", level=3, headcount=1)
    moved.move("E1", "Platform", on="2025-12-17")
    moved.commit()

    spend = spend_by_team_month(session, HR, start=START, end=date(2025, 12, 31))
    assert {(r.team, float(r.cost), r.people) for r in spend.itertuples()} == {
        ("Cloud", 100.0, 1),
        ("Platform", 50.0, 1),
    }
    for team, day in (("Cloud", 5), ("Platform", 26)):
        months = badges_by_month(session, lead_of(moved, team), start=START, end=date(2025, 12, 31))
        assert months["badges"].tolist() == [1], (team, day)
    on_the_10th = skill_coverage(session, HR, as_of=date(2025, 12, 10), team="Cloud").iloc[0]
    on_the_24th = skill_coverage(session, HR, as_of=date(2025, 12, 24), team="Cloud").iloc[0]
    assert (on_the_10th.team_size, on_the_10th.people_at_level, on_the_10th.coverage) == (2, 1, 1.0)
    assert (on_the_24th.team_size, on_the_24th.people_at_level, on_the_24th.coverage) == (1, 0, 0.0)


def test_retention_takes_the_cohort_in_the_team_of_the_reference_date(moved, session):
    """On 1 Dec E1 and E2 were in Cloud; E1 moved to Platform on the 17th. Cloud's cohort on 1 Dec
    is both of them, on 24 Dec E2 alone. Both are non-learners: nothing was logged in the 12 months
    before either reference date but E1's 60 + 90 + 30 minutes, under the 600 that make a learner."""
    moved.move("E1", "Platform", on="2025-12-17")
    moved.commit()
    first = retention(session, HR, reference_date=date(2025, 12, 1), as_of=date(2026, 1, 31), team="Cloud")
    later = retention(session, HR, reference_date=date(2025, 12, 24), as_of=date(2026, 1, 31), team="Cloud")
    assert first.set_index("group").loc["non-learner", "people"] == 2
    assert later.set_index("group").loc["non-learner", "people"] == 1
