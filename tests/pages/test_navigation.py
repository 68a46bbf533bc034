"""Each role gets its own pages; any other page refuses to draw for it, however it is reached."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from data_model.db import PROJECT_ROOT
from ui.navigation import PAGES, ROLE_PAGES, role_may_open

ROLES = list(ROLE_PAGES)
BUILT = {key: spec for key, spec in PAGES.items() if (PROJECT_ROOT / spec.path).exists()}
FORBIDDEN = [(role, key) for role in ROLES for key in BUILT if not role_may_open(role, key)]


def test_the_roles_get_the_pages_their_jobs_need():
    assert role_may_open("lead", "team") and not role_may_open("employee", "team")
    assert role_may_open("exec", "executive") and not role_may_open("lead", "executive")
    assert role_may_open("hr", "data") and not role_may_open("exec", "data")
    assert all(role_may_open(role, "overview") for role in ROLES)


@pytest.mark.parametrize("role,key", FORBIDDEN)
def test_navigation_does_not_offer_a_forbidden_page(app_as, role, key):
    at = app_as(role)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(BUILT[key].path)


@pytest.mark.parametrize("role,key", FORBIDDEN)
def test_a_forbidden_page_run_directly_refuses_to_draw(demo_url, persona, role, key):
    at = AppTest.from_file(str(PROJECT_ROOT / BUILT[key].path), default_timeout=60)
    at.session_state["signed_in"] = persona(role)
    at.run()
    assert not at.exception
    assert at.error and "not available to your role" in at.error[0].value
    assert not at.dataframe and not at.metric
