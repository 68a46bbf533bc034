"""One person's figures, hand-counted: streaks, weekly history, sessions, badges, skills, and who may look."""

from __future__ import annotations

from datetime import date

import pytest

from data_model.access import AccessDenied, Scope
from data_model.metrics import person
from data_model.metrics.person import TargetStreak
from tests.builders import Org

AS_OF = date(2026, 3, 18)  # Wednesday of 2026-W12; the last full week is 2026-W11 (9..15 March)


@pytest.fixture
def org(session) -> Org:
    org = Org(session)
    org.policy(60, effective="2020-01-01")  # the organisation's weekly target: 1 hour
    org.team("Cloud")
    org.team("Data")
    org.employee("L1", team="Cloud")
    org.set_lead("Cloud", "L1")
    org.employee("A1", team="Cloud", target=120)  # own target: 2 hours a week
    org.employee("D1", team="Data")
    return org


def lead(org: Org) -> Scope:
    return Scope.for_lead(org.session, org.people["L1"].id)


def me(org: Org, code: str) -> Scope:
    return Scope.for_employee(org.people[code].id)


def streak(org: Org, code: str, scope: Scope | None = None) -> TargetStreak:
    return person.target_streak(
        org.session, scope or Scope.all(), employee_id=org.people[code].id, as_of=AS_OF
    )


# -- target streak -------------------------------------------------------------------------------------


def test_a_week_under_target_ends_the_streak(org):
    org.log("A1", "2026-03-16", 30)  # W12, this week: does not count in the streak yet
    org.log("A1", "2026-03-15", 120)  # W11 (Sunday): met
    org.log("A1", "2026-03-02", 60)  # W10: 60 + 60 = 120, met
    org.log("A1", "2026-03-08", 60)
    org.log("A1", "2026-02-23", 119)  # W09: one minute short, the streak stops here
    org.log("A1", "2026-02-16", 500)  # W08: met, but before the break
    org.commit()
    result = streak(org, "A1")
    assert (result.streak_weeks, result.streak_since) == (2, "2026-W10")
    assert (result.last_full_week, result.minutes_last_full_week, result.target_last_full_week) == (
        "2026-W11",
        120,
        120,
    )
    assert (result.this_week, result.minutes_this_week, result.target_this_week) == ("2026-W12", 30, 120)
    assert result.minutes_to_go_this_week == 90


def test_last_week_under_target_means_no_streak_even_if_this_week_is_met(org):
    org.log("A1", "2026-03-16", 600)  # W12, this week: met already, but still running
    org.log("A1", "2026-03-09", 119)  # W11: under
    org.log("A1", "2026-03-02", 120)  # W10: met
    org.commit()
    result = streak(org, "A1")
    assert (result.streak_weeks, result.streak_since, result.minutes_to_go_this_week) == (0, None, 0)


def test_the_streak_starts_no_earlier_than_the_hire_date(org):
    org.employee("N1", team="Cloud", hired="2026-02-25")  # a Wednesday in W09: W09 counts
    for day in ("2026-02-27", "2026-03-04", "2026-03-11"):  # W09, W10, W11: 60 each = the org target
        org.log("N1", day, 60)
    org.commit()
    assert (streak(org, "N1").streak_weeks, streak(org, "N1").streak_since) == (3, "2026-W09")


def test_the_target_is_the_teams_policy_from_the_week_it_takes_effect(org):
    org.policy(180, effective="2026-03-04", team="Data")  # a Wednesday in W10: W10 and W11 need 3 hours
    org.log("D1", "2026-03-10", 180)  # W11: met
    org.log("D1", "2026-03-03", 179)  # W10: under the team's 180 (would meet the org's 60)
    org.commit()
    assert streak(org, "D1").streak_weeks == 1
    assert streak(org, "D1").target_this_week == 180


def test_a_long_streak_is_counted_past_the_first_26_weeks(org):
    org.employee("Z1", team="Cloud", hired="2025-01-06", target=0)  # every week meets a target of 0
    org.commit()
    # 2025-W02 .. 2025-W52 (51 weeks) and 2026-W01 .. 2026-W11 (11 weeks)
    assert (streak(org, "Z1").streak_weeks, streak(org, "Z1").streak_since) == (62, "2025-W02")


# -- weekly history and sessions --------------------------------------------------------------------


def test_weekly_history_has_zero_weeks_and_each_weeks_target(org):
    org.credential("K8S")
    org.log("A1", "2026-03-02", 45, credential="K8S")
    org.log("A1", "2026-03-03", 90)
    org.log("A1", "2026-03-16", 30)
    org.commit()
    weeks = person.weekly_history(
        org.session, Scope.all(), employee_id=org.people["A1"].id, start=date(2026, 3, 2), end=AS_OF
    )
    assert weeks.values.tolist() == [
        ["2026-W10", 135, 120, True],
        ["2026-W11", 0, 120, False],
        ["2026-W12", 30, 120, False],
    ]
    sessions = person.learning_sessions(
        org.session,
        Scope.all(),
        employee_id=org.people["A1"].id,
        start=date(2026, 3, 1),
        end=date(2026, 3, 15),
    )
    assert sessions[["date", "minutes", "credential_code"]].values.tolist() == [
        [date(2026, 3, 3), 90, None],
        [date(2026, 3, 2), 45, "K8S"],
    ]


# -- badges -------------------------------------------------------------------------------------------


def test_badges_flag_expired_and_expiring_soon(org):
    org.badge("A1", issued="2025-01-01", expires="2026-03-01")  # expired 17 days ago
    org.badge("A1", issued="2025-02-01", expires="2026-03-18")  # expires today: expired
    org.badge("A1", issued="2025-03-01", expires="2026-04-17")  # in 30 days: expiring soon
    org.badge("A1", issued="2025-04-01", expires="2026-04-18")  # in 31 days: valid
    org.badge("A1", issued="2025-05-01", verification="revoked")
    org.badge("A1", issued="2025-06-01", verification="unverified")  # never expires
    org.badge("A1", issued="2026-03-19")  # issued after AS_OF: not yet shown
    org.badge("D1", issued="2025-01-01")  # someone else's
    org.commit()
    badges = person.person_badges(org.session, Scope.all(), employee_id=org.people["A1"].id, as_of=AS_OF)
    assert badges["issued_on"].tolist() == [
        date(2025, 6, 1),
        date(2025, 5, 1),
        date(2025, 4, 1),
        date(2025, 3, 1),
        date(2025, 2, 1),
        date(2025, 1, 1),
    ]
    assert badges["status"].tolist() == ["valid", "revoked", "valid", "expiring soon", "expired", "expired"]
    days = badges["days_to_expiry"].astype(object).where(badges["days_to_expiry"].notna(), None)
    assert days.tolist() == [None, None, 31, 30, 0, -17]
    assert badges["verification"].tolist()[:2] == ["unverified", "revoked"]


# -- skills ---------------------------------------------------------------------------------------------


def test_skill_history_keeps_closed_rows_and_the_current_level_is_the_highest_valid_one(org):
    org.skill("A1", "Python", 2, since="2024-01-01", until="2025-06-01")  # closed by the next row
    org.skill("A1", "Python", 3, since="2025-06-01")
    org.badge("A1", issued="2025-01-01", expires="2026-03-01", skill="Kubernetes", level=3)  # expired
    org.skill("A1", "Kubernetes", 2, since="2025-01-01", source="manager")
    org.badge("A1", issued="2025-05-01", verification="revoked", skill="Terraform", level=4)
    org.skill("A1", "Go", 4, since="2026-04-01", source="self")  # starts after AS_OF
    org.skill("D1", "Python", 5)  # someone else's
    org.commit()
    a1 = org.people["A1"].id
    current = person.current_skills(org.session, Scope.all(), employee_id=a1, as_of=AS_OF)
    assert current[["skill", "level", "level_name", "source", "since"]].values.tolist() == [
        ["Python", 3, "Practitioner", "assessment", date(2025, 6, 1)],
        ["Kubernetes", 2, "Foundation", "manager", date(2025, 1, 1)],
    ]
    history = person.skill_history(org.session, Scope.all(), employee_id=a1, as_of=AS_OF)
    assert history[["skill", "level", "source", "valid_to", "state"]].values.tolist() == [
        ["Go", 4, "self", None, "not yet"],
        ["Kubernetes", 3, "badge", date(2026, 3, 1), "badge expired"],
        ["Kubernetes", 2, "manager", None, "current"],
        ["Python", 2, "assessment", date(2025, 6, 1), "closed"],
        ["Python", 3, "assessment", None, "current"],
        ["Terraform", 4, "badge", None, "badge revoked"],
    ]
    before_expiry = person.current_skills(org.session, Scope.all(), employee_id=a1, as_of=date(2026, 2, 1))
    assert before_expiry.set_index("skill").loc["Kubernetes", "level"] == 3  # the badge still counted then


# -- enrollments and pathways ---------------------------------------------------------------------------


def test_enrollments_and_pathways_are_the_persons_only(org):
    org.credential("C1", hours=10)
    org.credential("C2", hours=20)
    org.pathway("Cloud Certificate", ["C1", "C2"])
    org.enroll("A1", "C1", assigned="2026-01-05", status="completed", completed="2026-02-01")
    org.enroll("A1", "C2", assigned="2026-02-02", due="2026-03-01")
    org.enroll("D1", "C1", assigned="2026-01-05")
    org.log("A1", "2026-03-02", 600)  # 600 minutes in the 8 pace weeks: 75 a week
    org.commit()
    a1 = org.people["A1"].id
    enrollments = person.person_enrollments(org.session, Scope.all(), employee_id=a1, as_of=AS_OF)
    assert sorted(enrollments["credential_code"]) == ["C1", "C2"]
    assert set(enrollments["employee_code"]) == {"A1"}
    paths = person.person_pathways(org.session, Scope.all(), employee_id=a1, as_of=AS_OF)
    assert paths[["employee_code", "done", "required", "hours_left"]].values.tolist() == [["A1", 1, 2, 20.0]]
    # 20 h = 1200 minutes at 75 a week: 16 weeks = 112 days after AS_OF
    assert paths["projected_finish"].iloc[0] == date(2026, 7, 8)


# -- who may look -------------------------------------------------------------------------------------

EVERY_READ = [
    lambda s, scope, eid: person.person_profile(s, scope, employee_id=eid),
    lambda s, scope, eid: person.target_streak(s, scope, employee_id=eid, as_of=AS_OF),
    lambda s, scope, eid: person.weekly_history(s, scope, employee_id=eid, start=AS_OF, end=AS_OF),
    lambda s, scope, eid: person.learning_sessions(s, scope, employee_id=eid, start=AS_OF, end=AS_OF),
    lambda s, scope, eid: person.person_enrollments(s, scope, employee_id=eid, as_of=AS_OF),
    lambda s, scope, eid: person.person_pathways(s, scope, employee_id=eid, as_of=AS_OF),
    lambda s, scope, eid: person.person_badges(s, scope, employee_id=eid, as_of=AS_OF),
    lambda s, scope, eid: person.current_skills(s, scope, employee_id=eid, as_of=AS_OF),
    lambda s, scope, eid: person.skill_history(s, scope, employee_id=eid, as_of=AS_OF),
]


@pytest.mark.parametrize("read", EVERY_READ)
def test_a_lead_cannot_look_at_someone_outside_their_teams(org, read):
    org.log("D1", "2026-03-16", 60)
    org.badge("D1", issued="2025-01-01", skill="SQL", level=3)
    org.commit()
    with pytest.raises(AccessDenied):
        read(org.session, lead(org), org.people["D1"].id)
    read(org.session, lead(org), org.people["A1"].id)  # their own team member is fine


@pytest.mark.parametrize("read", EVERY_READ)
def test_an_employee_sees_only_themselves_and_an_executive_no_one(org, read):
    org.commit()
    with pytest.raises(AccessDenied):
        read(org.session, me(org, "A1"), org.people["D1"].id)
    with pytest.raises(AccessDenied):
        read(org.session, Scope.executive(), org.people["A1"].id)
    read(org.session, me(org, "A1"), org.people["A1"].id)


def test_the_person_picker_lists_only_people_in_scope(org):
    org.employee("X1", team="Cloud", hired="2020-01-01", exited="2026-01-31")
    org.employee("F1", team="Cloud", hired="2026-04-01")  # not started yet
    org.commit()
    options = person.person_options(org.session, lead(org), as_of=AS_OF)
    assert sorted(options["employee_code"]) == ["A1", "L1"]
    with_leavers = person.person_options(org.session, lead(org), as_of=AS_OF, include_leavers=True)
    assert with_leavers.set_index("employee_code")["employed"].to_dict() == {
        "A1": True,
        "L1": True,
        "X1": False,
    }
    assert person.person_options(org.session, me(org, "D1"), as_of=AS_OF)["employee_code"].tolist() == ["D1"]
    with pytest.raises(AccessDenied):
        person.person_options(org.session, Scope.executive(), as_of=AS_OF)


def test_the_profile_names_team_manager_and_own_target(org):
    org.commit()
    profile = person.person_profile(org.session, lead(org), employee_id=org.people["A1"].id)
    assert (profile.employee_code, profile.team, profile.own_target_minutes) == ("A1", "Cloud", 120)
    assert profile.hire_date == date(2024, 1, 1)
