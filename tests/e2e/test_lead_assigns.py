"""A lead assigns a micro-credential to two people and sees it in their assignments and on the Overview."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from sqlmodel import Session

from data_model.accounts import account_for_email, personas_of_the_demo, scope_of
from data_model.db import make_engine
from data_model.metrics.catalog import credential_options
from data_model.metrics.people import team_roster
from data_model.metrics.summaries import headline_figures
from tests.conftest import TODAY
from tests.e2e.conftest import RunningApp, assert_no_exception, screenshot, wait_until_idle
from tests.e2e.test_first_start import sign_in_as


def _open_page(page: Page, name: str) -> None:
    page.get_by_test_id("stSidebar").get_by_role("link", name=name).click()
    wait_until_idle(page)
    assert_no_exception(page)


def _choose(page: Page, label: str, option: str) -> None:
    box = page.get_by_test_id("stMultiSelect").filter(has_text=label)
    box.locator("input").click()
    box.locator("input").fill(option)
    page.get_by_role("option").filter(has_text=option).first.click()
    page.keyboard.press("Escape")


def _open_enrollments(page: Page) -> int:
    metric = (
        page.get_by_test_id("stMetric").filter(has_text="Open enrollments").get_by_test_id("stMetricValue")
    )
    return int(metric.inner_text().replace(",", ""))


def test_lead_assigns_a_credential_to_two_people(page: Page, demo_app: RunningApp):
    engine = make_engine(demo_app.database_url)
    with Session(engine) as session:
        lead = account_for_email(
            session, next(p.email for p in personas_of_the_demo(session) if p.role == "lead")
        )
        scope = scope_of(session, lead)
        roster = team_roster(session, scope, as_of=TODAY)
        people = roster["full_name"].tolist()[:2]
        credential = credential_options(session).iloc[-1]
        expected_before = headline_figures(session, scope).open_enrollments
    page.set_viewport_size({"width": 1400, "height": 1000})
    sign_in_as(page, demo_app.url, "Team lead")
    before = _open_enrollments(page)
    assert before == expected_before

    _open_page(page, "Team")
    page.get_by_role("tab", name="Assign learning").click()
    for person in people:
        _choose(page, "People", person)
    _choose(page, "Micro-credentials", str(credential["code"]))
    screenshot(page, "lead-assign-form")
    page.get_by_role("button", name="Assign", exact=True).click()
    wait_until_idle(page)
    expect(page.get_by_text("2 assignment(s) created")).to_be_visible(timeout=30_000)

    page.get_by_role("tab", name="Assignments").click()
    table = page.get_by_test_id("stDataFrame").filter(has_text=str(credential["title"])[:20])
    expect(table.first).to_be_visible()
    screenshot(page, "lead-assignments")

    _open_page(page, "Overview")
    assert _open_enrollments(page) == before + 2
    screenshot(page, "lead-overview-after-assigning")
