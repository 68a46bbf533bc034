"""The README's promise in a real browser: the app starts, offers the demo people, shows real figures."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_no_exception, screenshot, wait_until_idle


def sign_in_as(page: Page, base_url: str, label_prefix: str) -> None:
    page.goto(base_url)
    wait_until_idle(page)
    page.get_by_test_id("stSelectbox").first.click()
    page.get_by_role("option").filter(has_text=label_prefix).first.click()
    page.get_by_role("button", name="Sign in as this person").click()
    wait_until_idle(page)
    expect(page.get_by_role("heading", name="Overview")).to_be_visible(timeout=30_000)


def test_hr_manager_sees_the_seeded_headline_figures(page: Page, base_url: str):
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(base_url)
    wait_until_idle(page)
    expect(page.get_by_text("Try the demo")).to_be_visible()
    screenshot(page, "sign-in")
    sign_in_as(page, base_url, "HR manager")
    assert_no_exception(page)
    metrics = page.get_by_test_id("stMetricValue")
    expect(metrics).to_have_count(4)
    people = int(metrics.nth(0).inner_text().replace(",", ""))
    assert people > 0
    screenshot(page, "hr-overview")
