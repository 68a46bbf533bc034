"""The Person page: HR and admin open anyone, a lead their own people, an employee only themselves."""

from __future__ import annotations

import pytest
from sqlmodel import select

from data_model.access import Scope
from data_model.accounts import scope_of
from data_model.metrics import person
from data_model.metrics.people import team_roster
from data_model.models import Employee
from tests.conftest import TODAY
from ui import format
from ui.navigation import ROLE_PAGES

PERSON = "pages/person.py"
VIEWERS = [
    role for role, sections in ROLE_PAGES.items() if any("person" in keys for keys in sections.values())
]


def test_the_roles_that_may_open_a_person():
    assert sorted(VIEWERS) == ["admin", "employee", "hr", "lead"]


def assert_shows(at, session, scope: Scope, employee_id: int) -> None:
    """The figures on the page are the data functions' answers for this person."""
    assert not at.exception
    profile = person.person_profile(session, scope, employee_id=employee_id)
    assert at.subheader[0].value == profile.full_name
    streak = person.target_streak(session, scope, employee_id=employee_id, as_of=TODAY)
    shown = {m.label: m.value for m in at.metric}
    assert shown[f"This week so far ({streak.this_week})"] == format.hours(streak.minutes_this_week)
    assert shown["Weekly target"] == format.hours(streak.target_this_week)
    assert shown["Target streak"].startswith(f"{streak.streak_weeks} week")
    badges = person.person_badges(session, scope, employee_id=employee_id, as_of=TODAY)
    skills = person.current_skills(session, scope, employee_id=employee_id, as_of=TODAY)
    history = person.skill_history(session, scope, employee_id=employee_id, as_of=TODAY)
    tables = {tuple(df.value.columns): df.value for df in at.dataframe}
    badge_table = next((t for cols, t in tables.items() if "days_to_expiry" in cols), None)
    if badges.empty:
        assert badge_table is None
    else:
        assert badge_table["name"].tolist() == badges["name"].tolist()
    if not skills.empty:
        skill_table = next(t for cols, t in tables.items() if "since" in cols and "level_name" in cols)
        assert skill_table["level"].tolist() == skills["level"].tolist()
    if not history.empty:
        history_table = next(t for cols, t in tables.items() if "state" in cols)
        assert len(history_table) == len(history)


@pytest.mark.parametrize("role", ["admin", "hr", "lead"])
def test_a_manager_picks_someone_in_scope_and_sees_their_figures(app_as, persona, demo_session, role):
    at = app_as(role, PERSON)
    scope = scope_of(demo_session, persona(role))
    options = person.person_options(demo_session, scope, as_of=TODAY)
    picker = at.selectbox(key="person_pick")
    assert len(picker.options) == len(options)
    assert_shows(at, demo_session, scope, int(options["employee_id"].iloc[0]))
    # the person with the most badges, to see the badge and skill tables filled
    roster = team_roster(demo_session, scope, as_of=TODAY).sort_values("valid_badges", ascending=False)
    busy = int(roster["employee_id"].iloc[0])
    picker.set_value(busy).run()
    assert_shows(at, demo_session, scope, busy)
    assert any("days_to_expiry" in df.value.columns for df in at.dataframe)


def test_a_leads_picker_holds_only_their_teams(app_as, persona, demo_session):
    at = app_as("lead", PERSON)
    scope = scope_of(demo_session, persona("lead"))
    shown = set(at.selectbox(key="person_pick").options)
    everyone = person.person_options(demo_session, Scope.all(), as_of=TODAY)
    outside = everyone[
        ~everyone["employee_id"].isin(person.person_options(demo_session, scope, as_of=TODAY)["employee_id"])
    ]
    assert not outside.empty
    assert not any(f"({code})" in label for label in shown for code in outside["employee_code"])


def test_including_leavers_lists_them_too(app_as, persona, demo_session):
    at = app_as("hr", PERSON)
    before = len(at.selectbox(key="person_pick").options)
    at.toggle(key="person_leavers").set_value(True).run()
    with_leavers = person.person_options(demo_session, Scope.all(), as_of=TODAY, include_leavers=True)
    assert len(at.selectbox(key="person_pick").options) == len(with_leavers) > before
    leaver = int(with_leavers[~with_leavers["employed"]]["employee_id"].iloc[0])
    at.selectbox(key="person_pick").set_value(leaver).run()
    assert_shows(at, demo_session, Scope.all(), leaver)
    assert "left" in at.caption[0].value


def test_an_employee_sees_only_themselves_with_no_picker(app_as, persona, demo_session):
    user = persona("employee")
    at = app_as("employee", PERSON)
    assert not [s for s in at.selectbox if s.key == "person_pick"]
    assert_shows(at, demo_session, scope_of(demo_session, user), user.employee_id)
    someone_else = demo_session.exec(select(Employee).where(Employee.id != user.employee_id)).first()
    assert someone_else.full_name not in [h.value for h in at.subheader]


def test_an_employee_cannot_reach_someone_else_through_the_session_state(app_as, persona, demo_session):
    user = persona("employee")
    someone_else = demo_session.exec(select(Employee).where(Employee.id != user.employee_id)).first()
    at = app_as("employee")
    at.session_state["person_pick"] = someone_else.id  # a picker value an employee never gets
    at.switch_page(PERSON).run()
    assert not at.exception
    assert at.subheader[0].value == user.display_name


def test_the_enrollments_tab_lists_every_enrollment_of_the_person(app_as, persona, demo_session):
    user = persona("employee")
    at = app_as("employee", PERSON)
    expected = person.person_enrollments(
        demo_session, scope_of(demo_session, user), employee_id=user.employee_id, as_of=TODAY
    )
    table = next(
        df.value for df in at.dataframe if "credential_code" in df.value.columns and "status" in df.value
    )
    assert sorted(table["credential_code"]) == sorted(expected["credential_code"])
