"""Which pages each role gets. A page absent from a role's navigation cannot be opened by URL."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st


@dataclass(frozen=True)
class PageSpec:
    path: str
    title: str
    icon: str


PAGES: dict[str, PageSpec] = {
    "overview": PageSpec("pages/overview.py", "Overview", ":material/dashboard:"),
}

# Sections and page keys per role, in the order they appear in the sidebar.
ROLE_PAGES: dict[str, dict[str, list[str]]] = {
    "admin": {"Upskill": ["overview"]},
    "hr": {"Upskill": ["overview"]},
    "lead": {"Upskill": ["overview"]},
    "exec": {"Upskill": ["overview"]},
    "employee": {"Upskill": ["overview"]},
}


def pages_for(role: str) -> dict[str, list[st.Page]]:
    """The st.navigation structure for a role; the first page is its landing page."""
    sections = ROLE_PAGES.get(role, {})
    first = True
    navigation: dict[str, list[st.Page]] = {}
    for section, keys in sections.items():
        navigation[section] = []
        for key in keys:
            spec = PAGES[key]
            navigation[section].append(st.Page(spec.path, title=spec.title, icon=spec.icon, default=first))
            first = False
    return navigation


def allowed_page_paths(role: str) -> set[str]:
    return {PAGES[key].path for keys in ROLE_PAGES.get(role, {}).values() for key in keys}
