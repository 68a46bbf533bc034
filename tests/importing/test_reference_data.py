"""Skills, team targets and the catalog: created, corrected only where the file differs, errors named."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import select

from data_model.models import (
    AuditEvent,
    CredentialSkill,
    MicroCredential,
    Pathway,
    PathwayItem,
    Provider,
    Skill,
    TeamSkillTarget,
)

from .conftest import counts, csv_bytes, messages, where

# -- skills ---------------------------------------------------------------------------------------


def test_skills_are_created_and_completed_never_blanked(org, run, session, checksums):
    data = csv_bytes(
        "name,category,framework,external_id,description",
        "kubernetes,Cloud,,,Run containers at scale",
        "Go,Programming,SFIA,PROG,",
    )
    report = run("skills", data)
    assert report.ok, messages(report)
    assert counts(report) == {"skill": (1, 1, 0, 0)}
    assert (
        "skill Kubernetes: category Cloud (was Test); description Run containers at scale (was empty)"
        in report.notes
    )
    session.expire_all()
    k8s = session.exec(select(Skill).where(Skill.name == "Kubernetes")).one()
    assert (k8s.category, k8s.framework, k8s.external_id) == (
        "Cloud",
        "ESCO",
        "http://data.europa.eu/esco/skill/k8s",
    )
    before = checksums()
    again = run("skills", data.replace(b"\n", b"\r\n"), file_name="crlf.csv")
    assert counts(again) == {"skill": (0, 0, 2, 0)} and checksums() == before


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ("Go,,SFIA,IACO,", "external_id", "SFIA id IACO belongs to the skill Terraform in the database"),
        ("Go,,,PROG,", "external_id", "a framework id needs its framework"),
        ("python,,,,", "name", "skill python is also on line 2"),
    ],
)
def test_skill_errors(org, run, checksums, row, field, message):
    before = checksums()
    report = run("skills", csv_bytes("name,category,framework,external_id,description", "Python,,,,", row))
    assert [(e.row, e.field) for e in report.errors] == [(3, field)], messages(report)
    assert message in report.errors[0].message
    assert checksums() == before


# -- targets --------------------------------------------------------------------------------------


def test_targets_go_through_set_team_target(org, run, session, checksums):
    data = csv_bytes(
        "team,skill,min level,headcount,target date,priority,scale",
        "Cloud,Kubernetes,3,2,2026-06-30,high,",
        "platform,IACO,6,1,,,sfia",  # a skill by its SFIA id; SFIA 6 is our 5
    )
    report = run("targets", data)
    assert report.ok, messages(report)
    assert counts(report) == {"team_skill_target": (2, 0, 0, 0)}
    session.expire_all()
    rows = {
        (t.team_id, t.skill_id): (t.min_level, t.required_headcount, t.target_date, t.priority)
        for t in session.exec(select(TeamSkillTarget))
    }
    assert rows == {
        (org.teams["Cloud"].id, org.skills["Kubernetes"].id): (3, 2, date(2026, 6, 30), "high"),
        (org.teams["Platform"].id, org.skills["Terraform"].id): (5, 1, None, "medium"),
    }
    assert len(session.exec(select(AuditEvent).where(AuditEvent.action == "set_team_target")).all()) == 2
    before = checksums()
    changed = run(
        "targets", csv_bytes("team,skill,level,headcount", "Cloud,Kubernetes,4,2"), file_name="t2.csv"
    )
    assert counts(changed) == {"team_skill_target": (0, 1, 0, 0)}
    assert "Cloud / Kubernetes: level 4 x 2 by - (was level 3 x 2 by 2026-06-30)" in changed.notes
    assert checksums() != before


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ("Research,Kubernetes,3,2", "team", "unknown team Research"),
        ("Cloud,Cobol,3,2", "skill", "unknown skill Cobol"),
        ("Cloud,Kubernetes,6,2", "min level", "level 6 is outside 1..5"),
        ("Cloud,Kubernetes,3,0", "headcount", "headcount 0 must be at least 1"),
    ],
)
def test_target_errors(org, run, checksums, row, field, message):
    before = checksums()
    report = run("targets", csv_bytes("team,skill,min level,headcount", "Cloud,Python,2,1", row))
    assert [(e.row, e.field) for e in report.errors] == [(3, field)], messages(report)
    assert message in report.errors[0].message
    assert checksums() == before


# -- catalog --------------------------------------------------------------------------------------

CATALOG = csv_bytes(
    "code,title,provider,provider_kind,expected_hours,cost,currency,delivery,validity_months,skills,pathway,pathway_position,qualification",
    "K8S-101,Kubernetes Fundamentals,IBM,vendor,12,99.50,EUR,online,24,Kubernetes:3;Python:2,Cloud Certificate,1,Certificate in Cloud",  # noqa: E501
    "GO-100,Go for Operators,Open University,university,20,150,GBP,blended,,,Cloud Certificate,2,",
)


def test_the_catalog_creates_and_updates_credentials_providers_and_pathways(org, run, session, checksums):
    report = run("catalog", CATALOG, file_name="catalog.csv")
    assert report.ok, messages(report)
    assert counts(report) == {
        "provider": (2, 0, 0, 0),
        "micro_credential": (1, 1, 0, 0),
        "credential_skill": (1, 0, 1, 0),
        "pathway": (1, 0, 0, 0),
        "pathway_item": (2, 0, 0, 0),
    }
    session.expire_all()
    k8s = session.exec(select(MicroCredential).where(MicroCredential.code == "K8S-101")).one()
    ibm = session.exec(select(Provider).where(Provider.name == "IBM")).one()
    assert (k8s.title, k8s.provider_id, k8s.cost, k8s.validity_months) == (
        "Kubernetes Fundamentals",
        ibm.id,
        Decimal("99.50"),
        24,
    )
    grants = session.exec(
        select(CredentialSkill.skill_id, CredentialSkill.level_granted).where(
            CredentialSkill.credential_id == k8s.id
        )
    ).all()
    assert sorted(grants) == sorted([(org.skills["Kubernetes"].id, 3), (org.skills["Python"].id, 2)])
    pathway = session.exec(select(Pathway)).one()
    assert pathway.qualification == "Certificate in Cloud"
    assert len(session.exec(select(PathwayItem).where(PathwayItem.pathway_id == pathway.id)).all()) == 2
    before = checksums()
    again = run("catalog", CATALOG.replace(b"\n", b"\r\n"), file_name="catalog-crlf.csv")
    assert counts(again) == {
        "micro_credential": (0, 0, 2, 0),
        "credential_skill": (0, 0, 2, 0),
        "pathway": (0, 0, 1, 0),
    }
    assert checksums() == before


def test_a_json_catalog(org, run, session):
    document = {
        "credentials": [
            {
                "code": "TF-201",
                "title": "Terraform",
                "provider": "Test University",
                "expected_hours": 8,
                "skills": "Terraform:7",
                "scale": "sfia",
            }
        ],
        "pathways": [{"title": "Infra", "items": ["TF-201", "K8S-101"]}],
    }
    report = run("catalog", json.dumps(document).encode(), file_name="catalog.json")
    assert report.ok, messages(report)
    assert counts(report)["credential_skill"] == (0, 1, 0, 0)  # Terraform 2 -> SFIA 7 = our 5
    assert counts(report)["pathway_item"] == (2, 0, 0, 0)


@pytest.mark.parametrize(
    ("data", "place", "field", "message"),
    [
        (
            csv_bytes("code,title,provider,expected_hours,skills", "X-1,X,IBM,3,Cobol:2"),
            2,
            "skills",
            "unknown skill Cobol; import it with the skills kind first",
        ),
        (
            csv_bytes("code,title,provider,expected_hours,cost", "X-1,X,IBM,3,-5"),
            2,
            "cost",
            "cost cannot be negative",
        ),
        (
            csv_bytes("code,title,provider,expected_hours", "X-1,X,IBM,3", "X-1,Y,IBM,4"),
            3,
            "code",
            "credential X-1 is also at line 2",
        ),
        (
            csv_bytes("code,title,provider,expected_hours,url", "X-1,X,IBM,3,javascript:alert(1)"),
            2,
            "url",
            "only http:// and https:// links are accepted",
        ),
        (
            csv_bytes("code,title,provider,expected_hours,provider url", "X-1,X,IBM,3,data:text/html;x"),
            2,
            "provider url",  # the header as the file writes it
            "only http:// and https:// links are accepted",
        ),
        (
            csv_bytes("code,title,provider,expected_hours", "X-1,X,IBM," + "9" * 5000),
            2,
            "expected_hours",
            "too long to be an amount",
        ),
        (
            json.dumps({"pathways": [{"title": "P", "items": ["NOPE-9"]}]}).encode(),
            "$.pathways[0]",
            "items",
            "pathway P lists credential NOPE-9, which is neither in this file nor in the catalog",
        ),
    ],
)
def test_catalog_errors(org, run, checksums, data, place, field, message):
    before = checksums()
    report = run("catalog", data, file_name="catalog.csv")
    assert where(report) == [("catalog.csv", place, field)], messages(report)
    assert message in report.errors[0].message
    assert checksums() == before
