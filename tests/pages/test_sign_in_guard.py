"""A signed-in session follows its account: every rerun re-reads it, and an idle tab signs out."""

from __future__ import annotations

import time

from sqlmodel import select
from streamlit.testing.v1 import AppTest

from data_model.accounts import demo_personas, scope_of
from data_model.actions.accounts import add_account
from data_model.importing import import_file
from data_model.metrics.summaries import headline_figures
from data_model.models import Account, Team
from tests.pages.conftest import DASHBOARD


def assert_signed_out(at, because: str) -> None:
    """No figures, no signed-in account, and the reason kept for the sign-in screen (which the
    real browser shows: tests/e2e/test_sign_in_guard.py; AppTest reruns the page it was on,
    whose own lock then says "Please sign in.")."""
    assert not at.exception
    assert not at.metric
    assert "signed_in" not in at.session_state
    assert because in at.session_state["_signed_out_because"]
    assert (at.title and at.title[0].value == "Upskill") or [e.value for e in at.error] == ["Please sign in."]


def employed(at) -> str:
    return {m.label: m.value for m in at.metric}["People employed"]


def account(session, user) -> Account:
    session.expire_all()
    return session.get(Account, user.account_id)


def test_a_deactivated_account_sees_the_sign_in_screen_at_its_next_click(app_as, persona, demo_session):
    user = persona("hr")
    at = app_as("hr")
    assert at.title[0].value == "Overview"
    row = account(demo_session, user)
    row.active = False
    demo_session.add(row)
    demo_session.commit()
    at.run()
    assert_signed_out(at, "no longer active")


def test_a_deleted_account_is_signed_out_too(app_as, persona, demo_session):
    user = persona("employee")
    at = app_as("employee")
    demo_session.delete(account(demo_session, user))
    demo_session.commit()
    at.run()
    assert_signed_out(at, "no longer active")


def test_a_demoted_hr_manager_gets_an_employees_pages_at_the_next_rerun(app_as, persona, demo_session):
    user = persona("hr")
    at = app_as("hr", "pages/data.py")
    assert at.title[0].value == "Data"
    row = account(demo_session, user)
    row.role = "employee"
    demo_session.add(row)
    demo_session.commit()
    at.run()
    assert not at.exception
    assert "not available to your role" in at.error[0].value  # the Data page now refuses them
    assert at.session_state["_scope"].role == "employee"


def test_a_lead_moved_off_their_team_sees_only_what_they_lead_now(app_as, persona, demo_session):
    user = persona("lead")
    at = app_as("lead")
    before = scope_of(demo_session, user)
    assert employed(at) == f"{headline_figures(demo_session, before).active_employees:,}"
    for team in demo_session.exec(select(Team).where(Team.lead_id == user.employee_id)).all():
        team.lead_id = None
        demo_session.add(team)
    demo_session.commit()
    at.run()
    after = scope_of(demo_session, user)
    assert after.team_ids == frozenset() and before.team_ids
    assert employed(at) == f"{headline_figures(demo_session, after).active_employees:,}" == "0"


def test_an_idle_tab_is_signed_out_with_the_reason(app_as, monkeypatch):
    monkeypatch.setenv("UPSKILL_SESSION_IDLE_MINUTES", "30")
    at = app_as("lead")
    at.session_state["_last_seen"] = time.monotonic() - 29 * 60
    at.run()
    assert at.title[0].value == "Overview"  # 29 minutes: still signed in, and the clock restarts
    at.session_state["_last_seen"] = time.monotonic() - 31 * 60
    at.run()
    assert_signed_out(at, "after 30 minutes without activity")


def test_the_demo_picker_goes_once_anything_real_is_imported(demo_url, demo_session):
    assert demo_personas(demo_session)
    data = b"employee_id,email,name,hire date\nNEW-1,new.person@example.com,New Person,2026-01-05\n"
    assert import_file(demo_session, "employees", data, file_name="hris.csv", who="hr@x", role="hr").ok
    assert demo_personas(demo_session) == []
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    assert not at.exception and len(at.selectbox) == 0


def test_the_demo_picker_goes_once_an_account_is_added(demo_url, demo_session):
    add_account(demo_session, email="real.hr@example.com", role="hr", password="a long password")
    demo_session.commit()
    assert demo_personas(demo_session) == []


def test_no_demo_picker_when_the_demo_is_turned_off(demo_url, demo_session, monkeypatch):
    monkeypatch.setenv("UPSKILL_DEMO", "0")
    assert demo_personas(demo_session) == []
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    assert not at.exception and len(at.selectbox) == 0
