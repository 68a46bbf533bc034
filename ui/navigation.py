"""Which pages each role gets. A page absent from a role's navigation cannot be opened by URL."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from data_model.db import PROJECT_ROOT


@dataclass(frozen=True)
class PageSpec:
    path: str
    title: str
    icon: str


PAGES: dict[str, PageSpec] = {
    "overview": PageSpec("pages/overview.py", "Overview", ":material/dashboard:"),
    "weekly_learning": PageSpec("pages/weekly_learning.py", "Weekly learning", ":material/schedule:"),
    "team": PageSpec("pages/team.py", "Team", ":material/groups:"),
    "skills": PageSpec("pages/skills.py", "Skills", ":material/psychology:"),
    "executive": PageSpec("pages/executive.py", "Executive", ":material/monitoring:"),
    "person": PageSpec("pages/person.py", "Person", ":material/person_search:"),
    "my_learning": PageSpec("pages/my_learning.py", "My learning", ":material/school:"),
    "catalog": PageSpec("pages/catalog.py", "Catalog", ":material/menu_book:"),
    "data": PageSpec("pages/data.py", "Data", ":material/database:"),
    "accounts": PageSpec("pages/accounts.py", "Accounts", ":material/manage_accounts:"),
    "onboarding": PageSpec("pages/onboarding.py", "Onboarding plans", ":material/rocket_launch:"),
}

# Sections and page keys per role, in the order they appear in the sidebar.
ROLE_PAGES: dict[str, dict[str, list[str]]] = {
    "admin": {
        "Learning": ["overview", "weekly_learning", "team", "person"],
        "Skills and spend": ["skills", "executive", "catalog"],
        "Administration": ["data", "onboarding", "accounts"],
    },
    "hr": {
        "Learning": ["overview", "weekly_learning", "team", "person"],
        "Skills": ["skills", "catalog"],
        "Administration": ["data", "onboarding", "accounts"],
        "Me": ["my_learning"],
    },
    "lead": {
        "My teams": ["overview", "team", "weekly_learning", "skills", "person"],
        "Learning offer": ["catalog"],
        "Me": ["my_learning"],
    },
    "exec": {"Organisation": ["overview", "executive", "skills", "catalog"]},
    "employee": {"Me": ["overview", "my_learning", "person", "catalog"]},
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
            if not (PROJECT_ROOT / spec.path).exists():
                raise FileNotFoundError(f"the {spec.title} page ({spec.path}) is missing from this install")
            navigation[section].append(st.Page(spec.path, title=spec.title, icon=spec.icon, default=first))
            first = False
    return navigation


def role_may_open(role: str, page_key: str) -> bool:
    return any(page_key in keys for keys in ROLE_PAGES.get(role, {}).values())
