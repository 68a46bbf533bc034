"""The Catalog page: every role reads the same offer; admin and HR add and change micro-credentials."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from data_model.accounts import scope_of
from data_model.metrics import catalog
from data_model.models import AuditEvent, CredentialSkill, MicroCredential, Skill
from tests.pages.conftest import as_read
from ui.navigation import ROLE_PAGES

CATALOG = "pages/catalog.py"
READERS = [
    role for role, sections in ROLE_PAGES.items() if any("catalog" in keys for keys in sections.values())
]


def test_every_role_reads_the_catalog():
    assert sorted(READERS) == ["admin", "employee", "exec", "hr", "lead"]


@pytest.mark.parametrize("role", READERS)
def test_each_role_sees_the_offer_the_data_gives(app_as, persona, demo_session, role):
    at = app_as(role, CATALOG)
    assert not at.exception
    scope = scope_of(demo_session, persona(role))
    credentials = catalog.credential_catalog(demo_session, scope)
    pathways = catalog.pathway_summary(demo_session, scope)
    shown = {m.label: m.value for m in at.metric}
    assert shown["Micro-credentials"] == str(len(credentials))
    assert shown["Pathways"] == str(len(pathways))
    assert shown["Providers"] == str(credentials["provider"].nunique())
    table = at.dataframe[0].value
    assert table["code"].tolist() == credentials["code"].tolist()
    assert table["expected_hours"].tolist() == credentials["expected_hours"].tolist()
    first = credentials.iloc[0]
    assert (
        table["price"].iloc[0].endswith(f"{first.cost:,.0f}" if first.cost >= 100 else f"{first.cost:,.2f}")
    )
    labels = [tab.label for tab in at.tabs]
    assert ("Edit the catalog" in labels) == (role in ("admin", "hr"))


def test_filtering_by_skill_and_provider_shows_what_the_data_gives(app_as, persona, demo_session):
    at = app_as("employee", CATALOG)
    scope = scope_of(demo_session, persona("employee"))
    skill = catalog.granted_skill_names(demo_session, scope)[0]
    at.selectbox(key="catalog_skill").set_value(skill).run()
    expected = catalog.credential_catalog(demo_session, scope, skill=skill)
    assert at.dataframe[0].value["code"].tolist() == expected["code"].tolist()
    assert {m.label: m.value for m in at.metric}["Micro-credentials"] == str(len(expected))
    provider = expected["provider"].iloc[0]
    at.selectbox(key="catalog_provider").set_value(provider).run()
    both = catalog.credential_catalog(demo_session, scope, skill=skill, provider=provider)
    assert at.dataframe[0].value["code"].tolist() == both["code"].tolist()
    at.text_input(key="catalog_search").set_value("no such course anywhere").run()
    assert not at.exception
    assert any("No micro-credential matches" in i.value for i in at.info)


def test_hr_creates_a_micro_credential_with_its_skills(app_as, demo_session):
    at = app_as("hr", CATALOG)
    at.selectbox(key="edit_pick").set_value(0).run()
    skills = demo_session.exec(select(Skill).order_by(Skill.name).limit(2)).all()
    at.text_input(key="edit_0_title").set_value("Prompt Engineering Basics")
    at.text_input(key="edit_0_code").set_value("AI-PE-101")
    at.number_input(key="edit_0_hours").set_value(7.5)
    at.number_input(key="edit_0_cost").set_value(120.0)
    at.selectbox(key="edit_0_currency").set_value("GBP")
    at.number_input(key="edit_0_validity").set_value(24)
    at.multiselect(key="edit_0_skills").set_value([skills[0].id, skills[1].id]).run()
    at.select_slider(key=f"edit_0_level_{skills[1].id}").set_value(4)
    at.button(key="edit_save").click().run()
    assert not at.exception
    assert not at.error, at.error[0].value if at.error else ""
    assert as_read(at.success[0].value) == "Created AI-PE-101: Prompt Engineering Basics."
    demo_session.expire_all()
    row = demo_session.exec(select(MicroCredential).where(MicroCredential.code == "AI-PE-101")).one()
    assert (float(row.expected_hours), float(row.cost), row.currency, row.validity_months, row.active) == (
        7.5,
        120.0,
        "GBP",
        24,
        True,
    )
    grants = demo_session.exec(select(CredentialSkill).where(CredentialSkill.credential_id == row.id)).all()
    assert {(g.skill_id, g.level_granted) for g in grants} == {(skills[0].id, 3), (skills[1].id, 4)}
    audit = demo_session.exec(
        select(AuditEvent).where(
            AuditEvent.action == "create_credential", AuditEvent.entity_id == str(row.id)
        )
    ).one()
    assert audit.actor == at.session_state["signed_in"].email
    assert at.selectbox(key="edit_pick").value == row.id  # the editor now shows what was created
    assert "AI-PE-101" in at.dataframe[0].value["code"].tolist()  # and the list has it at once


def test_admin_changes_a_credential_and_a_refused_change_says_why(app_as, demo_session):
    at = app_as("admin", CATALOG)
    target = demo_session.exec(select(MicroCredential).order_by(MicroCredential.id)).first()
    other = demo_session.exec(select(MicroCredential).order_by(MicroCredential.id.desc())).first()
    old_title = target.title
    at.selectbox(key="edit_pick").set_value(target.id).run()
    key = f"edit_{target.id}_"
    assert at.text_input(key=key + "title").value == target.title
    at.text_input(key=key + "code").set_value(other.code)
    at.button(key="edit_save").click().run()
    assert at.error and f"already has the code {other.code}" in as_read(at.error[0].value)
    at.text_input(key=key + "code").set_value(target.code)
    at.text_input(key=key + "title").set_value("Renamed course")
    at.button(key="edit_save").click().run()
    assert not at.exception and as_read(at.success[0].value) == f"Saved {target.code}: Renamed course."
    demo_session.expire_all()
    assert demo_session.get(MicroCredential, target.id).title == "Renamed course"
    audit = demo_session.exec(select(AuditEvent).where(AuditEvent.action == "update_credential")).one()
    assert (json.loads(audit.before)["title"], json.loads(audit.after)["title"]) == (
        old_title,
        "Renamed course",
    )


@pytest.mark.parametrize("role", ["lead", "employee", "exec"])
def test_readers_get_no_editor(app_as, role):
    at = app_as(role, CATALOG)
    assert not at.exception
    assert not [b for b in at.button if b.key == "edit_save"]
    assert not [t for t in at.toggle if t.key == "catalog_retired"]
