"""On a database with no people and no catalog, pages say what to do instead of claiming figures."""

from __future__ import annotations

from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from data_model.accounts import account_for_email
from data_model.actions.accounts import add_account
from tests.pages.conftest import DASHBOARD


def test_an_empty_organisation_gets_no_claim_about_teams_and_an_empty_catalog_says_so(empty_engine_url):
    engine, _ = empty_engine_url
    with Session(engine) as session:
        add_account(session, email="hr@example.com", role="hr", password=None)
        session.commit()
        user = account_for_email(session, "hr@example.com")
    at = AppTest.from_file(DASHBOARD, default_timeout=60)
    at.session_state["signed_in"] = user
    at.run()
    assert not at.exception
    infos = [i.value for i in at.info]
    assert "No one is employed yet: import people on the Data page to see team figures." in infos
    assert not any("Every team had at least half" in i for i in infos)
    # The setup checklist: nothing done yet but the first account, each step a link to its page.
    assert any("Set up Upskill for your organisation** (0 of 6 done)" in m.value for m in at.markdown)
    links = {link.label: link.proto.page for link in at.get("page_link")}
    assert set(links) == {
        "Import your people (an HRIS export)",
        "Add the micro-credentials you offer",
        "Set team skill targets",
        "Invite HR, leads and executives",
        "Define onboarding plans",
        "Bring in learning time (LMS export or xAPI)",
    }
    at.switch_page("pages/catalog.py").run()
    assert not at.exception
    assert any(i.value.startswith("The catalog is empty. Add micro-credentials") for i in at.info)
