"""Each persona walks every page their role gets in a real browser; the executive meets suppressed groups."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import RunningApp, assert_no_exception, screenshot, wait_until_idle
from tests.e2e.test_first_start import sign_in_as
from ui.navigation import PAGES, ROLE_PAGES

PERSONAS = {
    "hr": "HR manager",
    "lead": "Team lead",
    "exec": "Executive",
    "employee": "Employee",
    "admin": "Admin",
}


def _page_titles(role: str) -> list[str]:
    return [PAGES[key].title for keys in ROLE_PAGES[role].values() for key in keys]


@pytest.mark.parametrize("role", list(PERSONAS))
def test_every_page_of_a_persona_opens_without_error(page: Page, demo_app: RunningApp, role: str):
    page.set_viewport_size({"width": 1400, "height": 1000})
    sign_in_as(page, demo_app.url, PERSONAS[role])
    sidebar = page.get_by_test_id("stSidebar")
    titles = _page_titles(role)
    expect(sidebar.get_by_test_id("stSidebarNavLink")).to_have_count(len(titles))
    for title in titles:
        sidebar.get_by_role("link", name=title, exact=True).click()
        wait_until_idle(page)
        assert_no_exception(page)
        expect(page.get_by_role("heading", level=1).first).to_be_visible()
        screenshot(page, f"{role}-{title.lower().replace(' ', '-')}")


def test_executive_sees_small_groups_suppressed(page: Page, demo_app: RunningApp):
    page.set_viewport_size({"width": 1400, "height": 1000})
    sign_in_as(page, demo_app.url, "Executive")
    page.get_by_test_id("stSidebar").get_by_role("link", name="Skills", exact=True).click()
    wait_until_idle(page)
    assert_no_exception(page)
    expect(page.get_by_text("too few to show").first).to_be_visible(timeout=30_000)
    screenshot(page, "exec-skills-suppressed")
