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
from data_model.metrics import weekly_learning_minutes
from data_model.metrics.learning import people_week_table
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
