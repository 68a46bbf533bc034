"""Weekly learning minutes against target, and who has stopped learning: answers worked out by hand."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from data_model.access import AccessDenied, Scope
from data_model.metrics import inactive_people, weekly_learning_minutes

# 2020-W52: Mon 21 Dec .. Sun 27 Dec 2020
# 2020-W53: Mon 28 Dec 2020 .. Sun 3 Jan 2021 (2020 has 53 ISO weeks)
# 2021-W01: Mon 4 Jan .. Sun 10 Jan 2021
START, END = date(2020, 12, 21), date(2021, 1, 10)


@pytest.fixture
def year_end(org):
    """Two teams over the 2020/2021 year boundary.

    Policies: organisation 300 min from 2020-01-01; Cloud 200 min from Wed 2020-12-30 (in W53).
    E1 Cloud, own target 100.       E2 Cloud, hired Wed 2020-12-30 (mid-W53).
    E3 Ops, exited Tue 2020-12-29.   E4 Ops, never logs anything.
    """
    org.team("Cloud")
    org.team("Ops")
    org.policy(300, effective="2020-01-01")
    org.policy(200, effective="2020-12-30", team="Cloud")
    org.employee("E1", team="Cloud", hired="2019-01-01", target=100)
    org.employee("E2", team="Cloud", hired="2020-12-30")
    org.employee("E3", team="Ops", hired="2019-01-01", exited="2020-12-29")
    org.employee("E4", team="Ops", hired="2018-01-01")
    org.log("E1", "2020-12-20", 500)  # Sunday of W51: outside the period
    org.log("E1", "2020-12-21", 60)  # W52
    org.log("E1", "2020-12-27", 50)  # W52 (Sunday)
    org.log("E1", "2021-01-03", 100)  # W53 (a Sunday in January)
    org.log("E2", "2020-12-31", 240)  # W53
    org.log("E2", "2021-01-04", 150)  # W01
    org.log("E2", "2021-01-10", 60)  # W01
    org.log("E3", "2020-12-22", 300)  # W52
    org.log("E3", "2020-12-28", 30)  # W53
    return org.commit()


def test_by_employee_one_row_per_counted_person_and_week(year_end):
    weeks = weekly_learning_minutes(year_end.session, Scope.all(), start=START, end=END, by="employee")
    assert list(weeks.columns) == ["employee_code", "team", "week", "minutes", "target_minutes", "met_target"]
    assert [tuple(r) for r in weeks.itertuples(index=False)] == [
        # E1: W52 60+50=110 >= own 100; W53 100 >= 100 (equal meets); W01 no sessions = 0
        ("E1", "Cloud", "2020-W52", 110, 100, True),
        ("E1", "Cloud", "2020-W53", 100, 100, True),
        ("E1", "Cloud", "2021-W01", 0, 100, False),
        # E2 hired mid-W53: no W52 row; Cloud's 200 policy started Wednesday of W53
        ("E2", "Cloud", "2020-W53", 240, 200, True),
        ("E2", "Cloud", "2021-W01", 210, 200, True),  # 150 + 60
        # E3 exited Tuesday of W53: counts in W53, not in W01; Ops has no policy: org 300
        ("E3", "Ops", "2020-W52", 300, 300, True),
        ("E3", "Ops", "2020-W53", 30, 300, False),
        # E4 never logs: a zero row every week
        ("E4", "Ops", "2020-W52", 0, 300, False),
        ("E4", "Ops", "2020-W53", 0, 300, False),
        ("E4", "Ops", "2021-W01", 0, 300, False),
    ]
    assert weeks["minutes"].dtype == "int64" and weeks["met_target"].dtype == "bool"


def test_by_team(year_end):
    weeks = weekly_learning_minutes(year_end.session, Scope.all(), start=START, end=END, by="team")
    assert list(weeks.columns) == [
        "team",
        "week",
        "employees",
        "minutes",
        "avg_minutes_per_employee",
        "share_meeting_target",
    ]
    assert [tuple(r) for r in weeks.itertuples(index=False)] == [
        ("Cloud", "2020-W52", 1, 110, 110.0, 1.0),  # E1 only
        ("Cloud", "2020-W53", 2, 340, 170.0, 1.0),  # E1 100 + E2 240; both met
        ("Cloud", "2021-W01", 2, 210, 105.0, 0.5),  # E1 0 + E2 210; E2 met
        ("Ops", "2020-W52", 2, 300, 150.0, 0.5),  # E3 300 (met) + E4 0
        ("Ops", "2020-W53", 2, 30, 15.0, 0.0),  # E3 30 + E4 0
        ("Ops", "2021-W01", 1, 0, 0.0, 0.0),  # E4 only: E3 has left
    ]


def test_by_org(year_end):
    weeks = weekly_learning_minutes(year_end.session, Scope.all(), start=START, end=END, by="org")
    assert list(weeks.columns) == [
        "week",
        "employees",
        "minutes",
        "avg_minutes_per_employee",
        "share_meeting_target",
    ]
    rows = [tuple(r) for r in weeks.itertuples(index=False)]
    # W52: E1, E3, E4 = 3 people, 110 + 300 + 0 = 410 min, 2 of 3 met
    # W53: E1..E4 = 4 people, 100 + 240 + 30 + 0 = 370 min, 2 of 4 met
    # W01: E1, E2, E4 = 3 people, 0 + 210 + 0 = 210 min, 1 of 3 met
    assert [r[:3] for r in rows] == [("2020-W52", 3, 410), ("2020-W53", 4, 370), ("2021-W01", 3, 210)]
    assert [r[3] for r in rows] == pytest.approx([410 / 3, 92.5, 70.0])
    assert [r[4] for r in rows] == pytest.approx([2 / 3, 0.5, 1 / 3])


def test_team_filter_takes_in_sub_teams(year_end):
    year_end.team("Cloud Edge", parent="Cloud")
    year_end.employee("E5", team="Cloud Edge", hired="2019-01-01")
    year_end.commit()
    weeks = weekly_learning_minutes(
        year_end.session, Scope.all(), start=START, end=END, by="employee", team="Cloud"
    )
    assert sorted(set(weeks.employee_code)) == ["E1", "E2", "E5"]
    with pytest.raises(ValueError, match="no team named 'Nowhere'"):
        weekly_learning_minutes(year_end.session, Scope.all(), start=START, end=END, team="Nowhere")


def test_target_resolution_override_then_newest_team_policy_then_org_then_240(org):
    org.team("Cloud")
    org.team("Ops")
    org.policy(250, effective="2019-01-01", team="Cloud")
    org.policy(200, effective="2020-12-30", team="Cloud")  # Wednesday of 2020-W53
    org.policy(300, effective="2020-01-01")
    org.policy(360, effective="2021-01-06")  # Wednesday of 2021-W01
    org.employee("E1", team="Cloud", hired="2019-01-01", target=100)
    org.employee("E5", team="Cloud", hired="2019-01-01")
    org.employee("E6", team="Ops", hired="2019-01-01")
    org.employee("E7", hired="2019-01-01")  # no team
    org.commit()
    weeks = weekly_learning_minutes(org.session, Scope.all(), start=START, end=END, by="employee")
    targets = weeks.groupby("employee_code")["target_minutes"].apply(list).to_dict()
    assert targets == {
        "E1": [100, 100, 100],  # the person's own target wins every week
        "E5": [250, 200, 200],  # the newest team policy in effect that week
        "E6": [300, 300, 360],  # no team policy: the organisation's, changed mid-W01
        "E7": [300, 300, 360],
    }


def test_without_any_policy_the_target_is_240(org):
    org.employee("E1")
    org.log("E1", "2026-01-12", 240)
    org.commit()
    weeks = weekly_learning_minutes(
        org.session, Scope.all(), start=date(2026, 1, 12), end=date(2026, 1, 25), by="employee"
    )
    assert weeks[["week", "target_minutes", "met_target"]].values.tolist() == [
        ["2026-W03", 240, True],
        ["2026-W04", 240, False],  # a week with no sessions: 0 minutes
    ]


def test_exit_mid_week_still_counts_that_week(org):
    org.employee("E1", hired="2024-01-01", exited="2026-01-14")  # a Wednesday
    org.commit()
    weeks = weekly_learning_minutes(
        org.session, Scope.all(), start=date(2026, 1, 12), end=date(2026, 1, 25), by="employee"
    )
    assert weeks.week.tolist() == ["2026-W03"]


def test_the_last_days_of_december_2024_are_2025_w01(org):
    org.employee("E1", hired="2024-01-01")
    org.log("E1", "2024-12-29", 10)  # Sunday: 2024-W52
    org.log("E1", "2024-12-30", 20)  # Monday: 2025-W01
    org.log("E1", "2025-01-05", 40)  # Sunday: 2025-W01
    org.commit()
    weeks = weekly_learning_minutes(
        org.session, Scope.all(), start=date(2024, 12, 23), end=date(2025, 1, 5), by="org"
    )
    assert weeks[["week", "minutes"]].values.tolist() == [["2024-W52", 10], ["2025-W01", 60]]


def test_an_executive_gets_no_rows_per_person_and_small_teams_suppressed(org):
    org.team("Big")
    org.team("Small")
    for i in range(5):
        org.employee(f"B{i}", team="Big")
        if i:
            org.log(f"B{i}", "2026-01-12", 60 * i)  # 0, 60, 120, 180, 240 -> 600 min, 1 of 5 met 240
    for i in range(2):
        org.employee(f"S{i}", team="Small")
    org.commit()
    period = {"start": date(2026, 1, 12), "end": date(2026, 1, 18)}
    with pytest.raises(AccessDenied):
        weekly_learning_minutes(org.session, Scope.executive(), by="employee", **period)
    teams = weekly_learning_minutes(org.session, Scope.executive(), by="team", **period)
    big, small = teams.to_dict("records")
    assert (big["employees"], big["minutes"], big["avg_minutes_per_employee"]) == (5, 600, 120.0)
    assert big["share_meeting_target"] == pytest.approx(0.2) and big["suppressed"] is None
    assert small["employees"] == 2 and small["suppressed"] == "too few to show (n<5)"
    assert pd.isna(small["minutes"]) and pd.isna(small["share_meeting_target"])
    org_row = weekly_learning_minutes(org.session, Scope.executive(), by="org", **period).iloc[0]
    assert (org_row.employees, org_row.minutes, org_row.suppressed) == (7, 600, None)


@pytest.fixture
def quiet(org):
    """as_of Sunday 2026-02-01, 4 weeks: the 28 days from Monday 2026-01-05 to 2026-02-01."""
    org.team("Cloud")
    org.employee("A", team="Cloud")
    org.log("A", "2026-01-05", 30)  # first day of the window: active
    org.employee("B", team="Cloud")
    org.log("B", "2026-01-04", 30)  # the day before the window: inactive, 28 days ago
    org.employee("C", team="Cloud")  # never logged
    org.employee("D", team="Cloud")
    org.log("D", "2025-12-01", 30)
    org.log("D", "2026-02-02", 30)  # after as_of: ignored
    org.employee("E", team="Cloud", exited="2026-01-20")  # gone by as_of: not listed
    org.employee("F", team="Cloud", hired="2026-02-02")  # not yet hired: not listed
    return org.commit()


def test_inactive_people_lists_silence_longest_first(quiet):
    people = inactive_people(quiet.session, Scope.all(), weeks=4, as_of=date(2026, 2, 1))
    assert people.employee_code.tolist() == ["C", "D", "B"]  # never logged first, then longest silence
    assert people.last_learning_date.tolist() == [None, date(2025, 12, 1), date(2026, 1, 4)]
    assert people.days_since_learning.tolist() == [pd.NA, 62, 28]  # D: 30 (rest of Dec) + 31 (Jan) + 1
    assert isinstance(people.hire_date.iloc[0], date)


def test_inactive_people_is_refused_to_an_executive(quiet):
    with pytest.raises(AccessDenied):
        inactive_people(quiet.session, Scope.executive(), weeks=4, as_of=date(2026, 2, 1))
