"""Signed-out visitors see only the sign-in screen; the demo picker exists only on the demo database."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from data_model import migrate
from data_model.actions.accounts import add_account
from data_model.db import make_engine
from tests.pages.conftest import DASHBOARD


def test_signed_out_visitor_sees_the_demo_picker_and_nothing_else(demo_url):
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "Upskill"
    assert at.selectbox(key="demo_persona").options[0].startswith("HR manager: ")
    roles = [option.split(":")[0] for option in at.selectbox(key="demo_persona").options]
    assert roles == ["HR manager", "Team lead", "Executive", "Employee", "Admin"]
    assert not at.metric  # no figures before sign-in


def test_picking_a_persona_signs_in_and_lands_on_the_overview(demo_url):
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    at.selectbox(key="demo_persona").select_index(1)
    at.button(key="demo_sign_in").click().run()
    assert not at.exception
    assert at.title[0].value == "Overview"
    assert "Team lead" in at.sidebar.markdown[0].value


def test_no_demo_picker_on_a_database_that_is_not_the_demo(empty_engine_url):
    engine, _ = empty_engine_url
    from sqlmodel import Session

    with Session(engine) as session:
        add_account(session, email="hr@example.com", role="hr", password="a long password")
        session.commit()
    at = AppTest.from_file(DASHBOARD, default_timeout=60).run()
    assert not at.exception
    assert len(at.selectbox) == 0
    at.text_input[0].input("hr@example.com")
    at.text_input[1].input("wrong password!")
    at.button[0].click().run()
    assert "do not match" in at.error[0].value
    at.text_input[1].input("a long password")
    at.button[0].click().run()
    assert at.title[0].value == "Overview"


def test_first_start_on_an_empty_database_builds_the_demo(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    monkeypatch.setenv("UPSKILL_DATABASE_URL", url)
    monkeypatch.setenv("UPSKILL_DEMO", "1")
    monkeypatch.setenv("UPSKILL_DEMO_EMPLOYEES", "30")
    monkeypatch.setenv("UPSKILL_DEMO_WEEKS", "6")
    at = AppTest.from_file(DASHBOARD, default_timeout=120).run()
    assert not at.exception
    assert len(at.selectbox(key="demo_persona").options) == 5
    assert migrate.is_up_to_date(make_engine(url))
