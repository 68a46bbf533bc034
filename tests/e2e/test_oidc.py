"""OIDC for real: st.login against a local OpenID provider, the role's pages, and sign-out."""

from __future__ import annotations

import secrets
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session

from data_model.actions.accounts import add_account
from data_model.db import make_engine
from tests.e2e.conftest import RunningApp, screenshot, seeded_database, start_app, stop_app, wait_until_idle

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import oidc_provider_mock

HR_EMAIL = "grace.hopper@voltaria.example"
UNVERIFIED_EMAIL = "una.verified@voltaria.example"
STRANGER_EMAIL = "stranger@elsewhere.example"
USERS = [
    # The provider writes the address its own way; Upskill matches it case-insensitively.
    oidc_provider_mock.User(
        sub=HR_EMAIL, claims={"email": "Grace.Hopper@Voltaria.example", "email_verified": True}
    ),
    oidc_provider_mock.User(
        sub=UNVERIFIED_EMAIL, claims={"email": UNVERIFIED_EMAIL, "email_verified": False}
    ),
    oidc_provider_mock.User(sub=STRANGER_EMAIL, claims={"email": STRANGER_EMAIL, "email_verified": True}),
]


@pytest.fixture(scope="module")
def oidc_provider() -> Iterator[int]:
    with oidc_provider_mock.run_server_in_thread(port=0, user_claims=USERS) as server:
        yield server.server_port


@pytest.fixture(scope="module")
def oidc_app(tmp_path_factory: pytest.TempPathFactory, oidc_provider: int) -> Iterator[RunningApp]:
    """The app with `[auth]` configured, run from a folder holding the test's secrets.toml."""
    folder = tmp_path_factory.mktemp("oidc")
    database_url = seeded_database(folder / "oidc.db", employees=40, weeks=6)
    engine = make_engine(database_url)
    with Session(engine) as session:
        add_account(session, email=HR_EMAIL, role="hr", password=None)
        add_account(session, email=UNVERIFIED_EMAIL, role="hr", password=None)
        session.commit()
    engine.dispose()
    from tests.e2e.conftest import free_port

    port = free_port()
    streamlit_dir = Path(folder) / ".streamlit"
    streamlit_dir.mkdir()
    (streamlit_dir / "secrets.toml").write_text(
        "[auth]\n"
        f'redirect_uri = "http://localhost:{port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(32)}"\n'
        'client_id = "upskill-test"\n'
        'client_secret = "upskill-test-secret"\n'
        f'server_metadata_url = "http://127.0.0.1:{oidc_provider}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    app = start_app(database_url, cwd=folder, host="localhost", port=port)
    yield app
    stop_app(app)


def test_sign_in_with_oidc_lands_on_the_role_pages_and_signs_out(page: Page, oidc_app: RunningApp):
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(oidc_app.url)
    wait_until_idle(page)
    expect(page.get_by_text("Try the demo")).to_have_count(0)  # OIDC replaces every other sign-in
    page.get_by_role("button", name="Sign in with your company account").click()
    page.wait_for_selector("input[placeholder='sub']", timeout=30_000)
    page.fill("input[placeholder='sub']", HR_EMAIL)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{oidc_app.url}/**", timeout=30_000)
    wait_until_idle(page)
    expect(page.get_by_role("heading", name="Overview")).to_be_visible(timeout=30_000)
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("HR manager")).to_be_visible()
    expect(sidebar.get_by_role("link", name="Team")).to_be_visible()
    expect(sidebar.get_by_role("link", name="Executive")).to_have_count(0)
    screenshot(page, "oidc-hr-overview")

    sidebar.get_by_role("button", name="Sign out").click()
    end_session = page.get_by_role("button", name="End session")
    end_session.wait_for(timeout=30_000)
    end_session.click()
    page.goto(oidc_app.url)
    wait_until_idle(page)
    expect(page.get_by_role("button", name="Sign in with your company account")).to_be_visible()


def sign_in_at_the_provider(page: Page, app: RunningApp, subject: str) -> None:
    page.goto(app.url)
    wait_until_idle(page)
    page.get_by_role("button", name="Sign in with your company account").click()
    page.wait_for_selector("input[placeholder='sub']", timeout=30_000)
    page.fill("input[placeholder='sub']", subject)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{app.url}/**", timeout=30_000)
    wait_until_idle(page)


def test_an_oidc_email_without_an_account_sees_no_data(page: Page, oidc_app: RunningApp):
    sign_in_at_the_provider(page, oidc_app, STRANGER_EMAIL)
    expect(page.get_by_text("there is no active Upskill account")).to_be_visible(timeout=30_000)
    expect(page.get_by_test_id("stMetricValue")).to_have_count(0)


def test_an_email_the_provider_has_not_verified_signs_no_one_in(page: Page, oidc_app: RunningApp):
    """The account exists, but the provider does not vouch for the address: no data."""
    sign_in_at_the_provider(page, oidc_app, UNVERIFIED_EMAIL)
    expect(page.get_by_text("has not verified")).to_be_visible(timeout=30_000)
    expect(page.get_by_test_id("stMetricValue")).to_have_count(0)
    expect(page.get_by_test_id("stSidebarNavLink")).to_have_count(0)
