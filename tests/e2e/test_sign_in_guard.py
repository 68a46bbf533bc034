"""In a real browser: an account deactivated while its tab is open sees the sign-in screen next click."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from data_model.accounts import personas_of_the_demo
from data_model.db import make_engine
from data_model.models import Account
from tests.e2e.conftest import RunningApp, screenshot, seeded_database, start_app, stop_app, wait_until_idle
from tests.e2e.test_first_start import sign_in_as


@pytest.fixture
def guarded_app(tmp_path) -> Iterator[RunningApp]:
    app = start_app(seeded_database(tmp_path / "guard.db", employees=40, weeks=6))
    yield app
    stop_app(app)


def test_deactivated_mid_session_the_next_click_shows_the_sign_in_screen(page: Page, guarded_app: RunningApp):
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in_as(page, guarded_app.url, "HR manager")
    engine = make_engine(guarded_app.database_url)
    with Session(engine) as session:
        email = next(p.email for p in personas_of_the_demo(session) if p.role == "hr")
        account = session.exec(select(Account).where(Account.email == email)).one()
        account.active = False
        session.add(account)
        session.commit()
    engine.dispose()
    page.get_by_test_id("stSidebar").get_by_role("link", name="Weekly learning", exact=True).click()
    wait_until_idle(page)
    expect(page.get_by_role("heading", name="Upskill")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("no longer active")).to_be_visible()
    expect(page.get_by_test_id("stMetricValue")).to_have_count(0)
    expect(page.get_by_test_id("stSidebarNavLink")).to_have_count(0)
    screenshot(page, "deactivated-mid-session")
