"""The catalog as people browse it, and its editing by admin and HR, on hand-built offers."""

from __future__ import annotations

import json
from decimal import Decimal

import pandas as pd
import pytest
from sqlmodel import select

from data_model.access import AccessDenied, Scope
from data_model.actions import ActionError, CredentialDraft, add_provider, save_credential
from data_model.metrics import catalog
from data_model.models import AuditEvent, CredentialSkill, MicroCredential, Provider
from tests.builders import Org

HR = Scope.all(role="hr", email="hr@example.com")
EMPLOYEE = Scope.for_employee(1)


@pytest.fixture
def org(session) -> Org:
    org = Org(session)
    org.credential("K8S", hours=40, cost="395", currency="USD", grants={"Kubernetes": 3, "Linux": 2})
    org.credential("TF", hours=10, cost="100", grants={"Terraform": 2}, validity_months=24)
    org.credential("OLD", hours=8, active=False, grants={"Kubernetes": 1})
    other = org._add(Provider(name="Other Academy", kind="vendor"))
    org.credential("CC", hours=5)
    org.credentials["CC"].provider_id = other.id
    org._add(org.credentials["CC"])
    org.pathway("Cloud Path", ["TF", "K8S", "CC"], optional=("CC",))
    org.pathway("Euro Path", ["TF", "CC"])
    return org.commit()


def test_every_reader_sees_the_offered_credentials_with_their_skills(org):
    listed = catalog.credential_catalog(org.session, EMPLOYEE)
    assert listed["code"].tolist() == ["CC", "K8S", "TF"]  # by title: "Course CC", "Course K8S", ...
    k8s = listed.set_index("code").loc["K8S"]
    assert k8s["skills"] == "Kubernetes (3 Practitioner), Linux (2 Foundation)"
    assert (k8s["expected_hours"], k8s["cost"], k8s["currency"]) == (40.0, 395.0, "USD")
    assert listed.set_index("code").loc["TF", "validity_months"] == 24
    assert listed.set_index("code").loc["CC", "skills"] == ""


def test_retired_credentials_only_for_editors_who_ask(org):
    assert len(catalog.credential_catalog(org.session, HR)) == 3
    assert len(catalog.credential_catalog(org.session, HR, include_inactive=True)) == 4
    assert len(catalog.credential_catalog(org.session, EMPLOYEE, include_inactive=True)) == 3
    assert catalog.credential_detail(org.session, EMPLOYEE, credential_id=org.credentials["OLD"].id) is None
    assert catalog.credential_detail(org.session, HR, credential_id=org.credentials["OLD"].id).active is False


def test_filters_by_skill_provider_and_search(org):
    by_skill = catalog.credential_catalog(org.session, EMPLOYEE, skill="Kubernetes")
    assert by_skill["code"].tolist() == ["K8S"]
    assert catalog.credential_catalog(org.session, HR, skill="Kubernetes", include_inactive=True)[
        "code"
    ].tolist() == ["K8S", "OLD"]
    assert catalog.credential_catalog(org.session, EMPLOYEE, provider="Other Academy")["code"].tolist() == [
        "CC"
    ]
    assert catalog.credential_catalog(org.session, EMPLOYEE, search="  tf ")["code"].tolist() == ["TF"]
    assert catalog.granted_skill_names(org.session, EMPLOYEE) == ["Kubernetes", "Linux", "Terraform"]


def test_pathways_are_ordered_stacks_with_hours_so_far(org):
    stacks = catalog.pathway_stacks(org.session, EMPLOYEE)
    cloud = stacks[stacks["pathway"] == "Cloud Path"]
    assert cloud[["position", "code", "required", "expected_hours", "hours_so_far"]].values.tolist() == [
        [1, "TF", True, 10.0, 10.0],
        [2, "K8S", True, 40.0, 50.0],
        [3, "CC", False, 5.0, 55.0],
    ]


def test_pathway_totals_and_costs_only_added_in_one_currency(org):
    summary = catalog.pathway_summary(org.session, EMPLOYEE).set_index("pathway")
    cloud = summary.loc["Cloud Path"]
    assert (cloud.credentials, cloud.required_credentials, cloud.total_hours, cloud.required_hours) == (
        3,
        2,
        55,
        50,
    )
    assert cloud.currency == "mixed" and pd.isna(cloud.total_cost)  # EUR and USD are never added up
    euro = summary.loc["Euro Path"]
    assert (euro.total_hours, euro.total_cost, euro.required_cost, euro.currency) == (
        15.0,
        100.0,
        100.0,
        "EUR",
    )
    assert catalog.pathway_summary(org.session, EMPLOYEE, skill="Linux")["pathway"].tolist() == ["Cloud Path"]
    assert catalog.pathway_summary(org.session, EMPLOYEE, provider="Other Academy")["pathway"].tolist() == [
        "Cloud Path",
        "Euro Path",
    ]


def test_providers_count_what_the_reader_sees(org):
    providers = catalog.providers(org.session, EMPLOYEE).set_index("provider")
    assert providers.loc["Test University", ["credentials", "pathways"]].tolist() == [2, 2]
    assert providers.loc["Other Academy", ["credentials", "pathways"]].tolist() == [1, 0]
    assert (
        catalog.providers(org.session, HR, include_inactive=True)
        .set_index("provider")
        .loc["Test University", "credentials"]
        == 3
    )


# -- editing --------------------------------------------------------------------------------------------


def draft(org: Org, **changes) -> CredentialDraft:
    values = dict(
        code="AZ-900",
        title="Azure Fundamentals",
        provider_id=org.provider().id,
        expected_hours=12.5,
        cost=99,
        currency="usd",
        delivery="online",
        validity_months=None,
        url="https://learn.example/az-900",
        skills={org.skill_id("Azure"): 2, org.skill_id("Linux"): 1},
    )
    return CredentialDraft(**(values | changes))


def test_hr_creates_a_credential_with_its_skills_and_an_audit_event(org):
    new_id = save_credential(org.session, HR, draft=draft(org))
    org.session.commit()
    row = org.session.get(MicroCredential, new_id)
    assert (row.code, row.expected_hours, row.cost, row.currency, row.active) == (
        "AZ-900",
        Decimal("12.50"),
        Decimal("99.00"),
        "USD",
        True,
    )
    grants = org.session.exec(select(CredentialSkill).where(CredentialSkill.credential_id == new_id)).all()
    assert {(g.skill_id, g.level_granted) for g in grants} == {
        (org.skill_id("Azure"), 2),
        (org.skill_id("Linux"), 1),
    }
    [audit] = org.session.exec(select(AuditEvent).where(AuditEvent.action == "create_credential")).all()
    assert (audit.actor, audit.entity, audit.entity_id, audit.before) == (
        "hr@example.com",
        "micro_credential",
        str(new_id),
        None,
    )
    assert json.loads(audit.after)["skills"] == {str(org.skill_id("Azure")): 2, str(org.skill_id("Linux")): 1}


def test_hr_changes_a_credential_and_the_skills_list_is_replaced(org):
    k8s = org.credentials["K8S"]
    save_credential(
        org.session,
        HR,
        credential_id=k8s.id,
        draft=draft(
            org, code="K8S", title="Kubernetes Admin", skills={org.skill_id("Kubernetes"): 4}, active=False
        ),
    )
    org.session.commit()
    org.session.refresh(k8s)
    assert (k8s.title, k8s.active) == ("Kubernetes Admin", False)
    grants = org.session.exec(select(CredentialSkill).where(CredentialSkill.credential_id == k8s.id)).all()
    assert [(g.skill_id, g.level_granted) for g in grants] == [
        (org.skill_id("Kubernetes"), 4)
    ]  # Linux dropped
    [audit] = org.session.exec(select(AuditEvent).where(AuditEvent.action == "update_credential")).all()
    assert json.loads(audit.before)["title"] == "Course K8S"
    assert json.loads(audit.after)["active"] is False


def test_a_bad_credential_is_refused_with_every_problem_and_nothing_written(org):
    with pytest.raises(ActionError) as refused:
        save_credential(
            org.session, HR, draft=draft(org, code="TF", expected_hours=0, currency="euro", delivery="video")
        )
    message = str(refused.value)
    assert "already has the code TF" in message
    assert "expected hours must be more than 0" in message
    assert "three-letter ISO code" in message
    assert "delivery must be one of" in message
    with pytest.raises(ActionError, match="level must be 1"):
        save_credential(org.session, HR, draft=draft(org, skills={org.skill_id("Azure"): 7}))
    org.session.rollback()
    assert org.session.exec(select(AuditEvent)).all() == []


@pytest.mark.parametrize("scope", [Scope(role="lead", team_ids=frozenset()), EMPLOYEE, Scope.executive()])
def test_only_admin_and_hr_edit_the_catalog(org, scope):
    with pytest.raises(AccessDenied):
        save_credential(org.session, scope, draft=draft(org))
    with pytest.raises(AccessDenied):
        add_provider(org.session, scope, name="Someone")


def test_adding_a_provider_refuses_a_name_taken_in_any_case(org):
    new_id = add_provider(
        org.session, Scope.all(), name=" New Institute ", kind="university", url="https://x.example"
    )
    assert org.session.get(Provider, new_id).name == "New Institute"
    assert org.session.exec(select(AuditEvent).where(AuditEvent.action == "add_provider")).first() is not None
    with pytest.raises(ActionError, match="already a provider"):
        add_provider(org.session, Scope.all(), name="new institute")
