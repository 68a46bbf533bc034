"""My learning: log time, enrol yourself, follow your target and streak; as yourself, whatever your role."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from data_model.access import Scope
from data_model.accounts import SignedIn
from data_model.metrics import calendar, person
from data_model.metrics.catalog import credential_options
from data_model.models import Account, AuditEvent, Enrollment, LearningSession
from data_model.vocab import OPEN_ENROLLMENT_STATUSES
from tests.conftest import TODAY
from tests.pages.conftest import give_open_enrollment
from ui import format
from ui.navigation import ROLE_PAGES

MY = "pages/my_learning.py"
LEARNERS = [
    role for role, sections in ROLE_PAGES.items() if any("my_learning" in keys for keys in sections.values())
]


def test_the_roles_with_their_own_learning():
    assert sorted(LEARNERS) == ["employee", "hr", "lead"]


def me(user: SignedIn) -> Scope:
    return Scope.for_employee(user.employee_id, email=user.email)


def shown(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def assert_target_figures(at, session, user: SignedIn) -> person.TargetStreak:
    streak = person.target_streak(session, me(user), employee_id=user.employee_id, as_of=TODAY)
    figures = shown(at)
    assert figures[f"This week so far ({streak.this_week})"] == format.hours(streak.minutes_this_week)
    assert figures["Weekly target"] == format.hours(streak.target_this_week)
    assert figures["Target streak"] == f"{streak.streak_weeks} week" + (
        "" if streak.streak_weeks == 1 else "s"
    )
    open_now = person.person_enrollments(
        session, me(user), employee_id=user.employee_id, as_of=TODAY, statuses=OPEN_ENROLLMENT_STATUSES
    )
    assert figures["Open enrollments"] == str(len(open_now))
    return streak


@pytest.mark.parametrize("role", LEARNERS)
def test_each_role_sees_their_own_target_streak_badges_and_skills(app_as, persona, demo_session, role):
    user = persona(role)
    at = app_as(role, MY)
    assert not at.exception
    assert_target_figures(at, demo_session, user)
    badges = person.person_badges(demo_session, me(user), employee_id=user.employee_id, as_of=TODAY)
    badge_table = next((df.value for df in at.dataframe if "days_to_expiry" in df.value.columns), None)
    assert (badge_table is None and badges.empty) or badge_table["name"].tolist() == badges["name"].tolist()
    skills = person.current_skills(demo_session, me(user), employee_id=user.employee_id, as_of=TODAY)
    skill_table = next((df.value for df in at.dataframe if "since" in df.value.columns), None)
    assert (skill_table is None and skills.empty) or skill_table["skill"].tolist() == skills["skill"].tolist()


@pytest.mark.parametrize("role", LEARNERS)
def test_logging_90_minutes_adds_a_session_an_audit_event_and_this_weeks_figure(
    app_as, persona, demo_session, role
):
    user = persona(role)
    at = app_as(role, MY)
    before = person.target_streak(demo_session, me(user), employee_id=user.employee_id, as_of=TODAY)
    at.segmented_control(key="log_unit").set_value("minutes").run()
    at.number_input(key="log_amount").set_value(90)
    at.text_input(key="log_note").set_value("Read the Kubernetes docs")
    at.button(key="log_submit").click().run()
    assert not at.exception
    assert not at.error, at.error[0].value
    assert at.success[0].value.startswith("Logged 1.5 h (90 minutes) on")
    demo_session.expire_all()
    row = demo_session.exec(
        select(LearningSession).where(
            LearningSession.employee_id == user.employee_id,
            LearningSession.note == "Read the Kubernetes docs",
        )
    ).one()
    assert (row.minutes, row.date, row.source) == (90, TODAY, "manual")
    audit = demo_session.exec(
        select(AuditEvent).where(AuditEvent.action == "log_learning", AuditEvent.entity_id == str(row.id))
    ).one()
    assert audit.actor == user.email
    after = assert_target_figures(at, demo_session, user)
    assert after.minutes_this_week == before.minutes_this_week + 90


def test_hours_are_entered_with_one_decimal(app_as, persona, demo_session):
    user = persona("employee")
    at = app_as("employee", MY)
    at.number_input(key="log_amount").set_value(1.5)
    at.button(key="log_submit").click().run()
    assert at.success[0].value.startswith("Logged 1.5 h (90 minutes)")
    demo_session.expire_all()
    newest = demo_session.exec(
        select(LearningSession)
        .where(LearningSession.employee_id == user.employee_id)
        .order_by(LearningSession.id.desc())
    ).first()
    assert newest.minutes == 90


def test_learning_logged_last_week_up_to_target_extends_the_streak(app_as, persona, demo_session):
    user = persona("lead")
    at = app_as("lead", MY)
    before = person.target_streak(demo_session, me(user), employee_id=user.employee_id, as_of=TODAY)
    last_week = calendar.last_full_week(TODAY)
    at.segmented_control(key="log_unit").set_value("minutes").run()
    at.date_input(key="log_day").set_value(last_week.monday)
    at.number_input(key="log_amount").set_value(float(min(1440, before.target_last_full_week or 240)))
    at.button(key="log_submit").click().run()
    assert not at.error, at.error[0].value
    demo_session.expire_all()
    after = assert_target_figures(at, demo_session, user)
    assert after.streak_weeks >= 1 and after.streak_weeks >= before.streak_weeks
    assert after.minutes_last_full_week >= after.target_last_full_week


def test_a_future_day_is_refused(app_as):
    at = app_as("employee", MY)
    assert at.date_input(key="log_day").max == TODAY  # the picker offers no later day


@pytest.mark.parametrize("role", LEARNERS)
def test_enrolling_myself_makes_a_self_enrollment_with_an_audit_event(app_as, persona, demo_session, role):
    user = persona(role)
    at = app_as(role, MY)
    open_ids = set(
        demo_session.exec(
            select(Enrollment.credential_id).where(
                Enrollment.employee_id == user.employee_id, Enrollment.status.in_(OPEN_ENROLLMENT_STATUSES)
            )
        ).all()
    )
    credential = next(c for c in credential_options(demo_session).itertuples() if c.id not in open_ids)
    at.selectbox(key="enrol_credential").set_value(credential.id)
    at.button(key="enrol_submit").click().run()
    assert not at.exception
    assert not at.error, at.error[0].value
    assert at.success[0].value == f"Enrolled you on {credential.title}."
    demo_session.expire_all()
    enrollment = demo_session.exec(
        select(Enrollment).where(
            Enrollment.employee_id == user.employee_id,
            Enrollment.credential_id == credential.id,
            Enrollment.status == "assigned",
        )
    ).one()
    assert (enrollment.reason, enrollment.assigned_by_id, enrollment.assigned_on) == ("self", None, TODAY)
    assert (
        demo_session.exec(
            select(AuditEvent).where(
                AuditEvent.action == "assign_credential", AuditEvent.entity_id == str(enrollment.id)
            )
        )
        .one()
        .actor
        == user.email
    )
    assert shown(at)["Open enrollments"] == str(len(open_ids) + 1)
    # enrolling again on the same one is refused, with the reason
    at.selectbox(key="enrol_credential").set_value(credential.id)
    at.button(key="enrol_submit").click().run()
    assert at.error and "already assigned or in progress" in at.error[0].value


def test_marking_my_enrollment_complete(app_as, persona, demo_session):
    user = persona("employee")
    give_open_enrollment(demo_session, user.employee_id, due_date=TODAY + timedelta(days=10))
    at = app_as("employee", MY)
    open_now = person.person_enrollments(
        demo_session, me(user), employee_id=user.employee_id, as_of=TODAY, statuses=OPEN_ENROLLMENT_STATUSES
    )
    assert not open_now.empty
    at.session_state["my_enrollments_table"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    at.button(key="my_enrollments_complete").click().run()
    assert not at.exception
    assert at.success[0].value == "Marked 1 enrollment(s) complete."
    demo_session.expire_all()
    done = demo_session.get(Enrollment, int(open_now["enrollment_id"].iloc[0]))
    assert (done.status, done.completed_on) == ("completed", TODAY)
    assert shown(at)["Open enrollments"] == str(len(open_now) - 1)


def test_an_account_not_linked_to_an_employee_is_told_so(app_as, demo_session):
    account = Account(email="hr.helper@example.com", role="hr", employee_id=None)
    demo_session.add(account)
    demo_session.commit()
    at = app_as("hr")
    at.session_state["signed_in"] = SignedIn(account.id, account.email, "hr", None, account.email)
    at.run()
    at.switch_page(MY).run()
    assert not at.exception
    assert "not linked to an employee" in at.info[0].value
    assert not at.metric and not [b for b in at.button if b.key == "log_submit"]
