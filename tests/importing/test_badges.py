"""Badges: Credly CSV and Open Badges 2.0 / 3.0 (JSON, JWS, VC-JWT, baked PNG and SVG, zip) matched to people.

Keys are generated in the tests; badges are signed and baked here. A badge for a known credential
grants its skills through actions.award_badge; alignments grant the skills they name.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from datetime import date

import pytest
from sqlmodel import select

from data_model.formats.baking import bake_png, bake_svg
from data_model.importing.badges import ALIGNMENT_LEVEL
from data_model.importing.exports import export_badge
from data_model.models import Badge, EmployeeSkill
from tests.formats.badge_factory import hashed, ob2_assertion, ob3_credential, sign
from tests.formats.conftest import TINY_SVG, fixture_bytes, public_pem, tiny_png

from .conftest import counts, csv_bytes, messages, where

ADA = "ada@example.com"


def ada_badge(**changes) -> dict:
    """Ada's Kubernetes badge: BadgeClass id ends in the credential code; aligned to Kubernetes by ESCO id."""
    badge = ob2_assertion(**{"recipient": hashed(ADA), "issuedOn": "2026-01-15T10:00:00+01:00", **changes})
    badge["badge"]["alignment"][0]["targetCode"] = "http://data.europa.eu/esco/skill/k8s"
    return badge


def badge_rows(session) -> list[tuple]:
    session.expire_all()
    return [
        (b.employee_id, b.credential_id, b.name, b.format, b.verification, b.issued_on, b.expires_on)
        for b in session.exec(select(Badge).order_by(Badge.id))
    ]


def skill_rows(session) -> list[tuple]:
    session.expire_all()
    rows = session.exec(
        select(EmployeeSkill).where(EmployeeSkill.source == "badge").order_by(EmployeeSkill.id)
    )
    return [(s.employee_id, s.skill_id, s.level, s.valid_from, s.valid_to) for s in rows]


def test_an_ob2_badge_for_a_known_credential_grants_its_skills(org, run, session):
    report = run("badges", json.dumps(ada_badge()).encode(), file_name="ada.json")
    assert report.ok, messages(report)
    assert counts(report) == {"badge": (1, 0, 0, 0), "employee_skill": (1, 0, 0, 0)}
    ada, k8s = org.people["E001"].id, org.credentials["K8S-101"].id
    assert badge_rows(session) == [
        (ada, k8s, "Kubernetes Fundamentals", "openbadges-2", "unverified", date(2026, 1, 15), None)
    ]
    # The credential grants Kubernetes at 3; the alignment names the same skill, so no second row.
    assert skill_rows(session) == [(ada, org.skills["Kubernetes"].id, 3, date(2026, 1, 15), None)]


def test_an_alignment_alone_grants_the_named_skill(org, run, session):
    badge = ada_badge()
    badge["badge"]["id"] = "https://badges.example.org/classes/python-basics"
    badge["badge"]["name"] = "Python Basics"
    badge["badge"]["alignment"] = [{"targetName": "python"}, {"targetName": "Cobol"}]
    report = run("badges", json.dumps(badge).encode())
    assert report.ok, messages(report)
    assert badge_rows(session)[0][1] is None  # no credential
    assert skill_rows(session) == [
        (org.people["E001"].id, org.skills["Python"].id, ALIGNMENT_LEVEL, date(2026, 1, 15), None)
    ]
    assert "1 alignments match no skill and grant nothing: Cobol" in report.notes


def test_a_signed_jws_is_verified_with_the_issuer_key_and_stored_as_received(org, run, session, rsa_key):
    token = sign(ada_badge(verification={"type": "signed"}), rsa_key, "RS256")
    report = run("badges", token.encode(), file_name="ada.jws", issuer_key=public_pem(rsa_key))
    assert report.ok, messages(report)
    assert badge_rows(session)[0][4] == "verified"
    name, data = export_badge(session, ada_badge()["id"])
    assert (name.endswith(".jws"), data) == (True, token.encode())


def test_a_bad_signature_is_refused_and_nothing_written(org, run, checksums, rsa_key, other_rsa_key):
    before = checksums()
    token = sign(ada_badge(verification={"type": "signed"}), other_rsa_key, "RS256")
    report = run("badges", token.encode(), file_name="ada.jws", issuer_key=public_pem(rsa_key))
    assert where(report) == [("ada.jws", "$", None)]
    assert "bad signature" in report.errors[0].message
    assert checksums() == before


def test_baked_png_and_svg_badges_and_the_same_badge_twice(org, run, session, rsa_key, checksums):
    token = sign(ada_badge(verification={"type": "signed"}), rsa_key, "RS256")
    svg = bake_svg(TINY_SVG, token, signed=True)
    report = run("badges", svg, file_name="ada.svg", issuer_key=public_pem(rsa_key))
    assert report.ok, messages(report)
    before = checksums()
    png = bake_png(tiny_png(), json.dumps(ada_badge()))  # the same assertion, baked in a PNG
    again = run("badges", png, file_name="ada.png")
    assert counts(again) == {"badge": (0, 0, 1, 0)}
    assert checksums() == before
    alan = dict(
        ada_badge(), id="urn:uuid:alan-1", recipient={"type": "email", "identity": "alan@example.com"}
    )
    report = run("badges", bake_png(tiny_png(), json.dumps(alan)), file_name="alan.png")
    assert report.ok, messages(report)
    assert [row[0] for row in badge_rows(session)] == [org.people["E001"].id, org.people["E002"].id]


def test_an_ob3_vc_jwt_signed_with_ed25519(org, run, session, ed_key):
    digest = hashlib.sha256(("alan@example.com" + "pepper").encode()).hexdigest()
    credential = ob3_credential()
    credential["credentialSubject"]["identifier"][0]["identityHash"] = f"sha256${digest}"
    credential["credentialSubject"]["achievement"]["id"] = "https://academy.example.org/achievements/TF-201"
    payload = {"iss": credential["issuer"]["id"], "jti": credential["id"], "vc": credential}
    token = sign(payload, ed_key, "EdDSA")
    report = run(
        "badges", bake_png(tiny_png(), token, keyword="openbadgecredential"), issuer_key=public_pem(ed_key)
    )
    assert report.ok, messages(report)
    alan, tf = org.people["E002"].id, org.credentials["TF-201"].id
    assert badge_rows(session) == [
        (alan, tf, "Terraform in Practice", "openbadges-3", "verified", date(2026, 1, 15), date(2028, 1, 15))
    ]
    # TF-201 grants Terraform 2, valid until the badge expires; the alignment names Terraform too.
    assert skill_rows(session) == [
        (alan, org.skills["Terraform"].id, 2, date(2026, 1, 15), date(2028, 1, 15))
    ]
    with pytest.raises(ValueError, match=r"not an Open Badges 2\.0 badge"):
        export_badge(session, credential["id"])


def test_a_revoked_badge_is_kept_but_grants_nothing(org, run, session):
    report = run("badges", json.dumps(ada_badge(revoked=True, revocationReason="issued in error")).encode())
    assert report.ok, messages(report)
    assert badge_rows(session)[0][4] == "revoked"
    assert skill_rows(session) == []
    assert "1 revoked badges stored as revoked; they grant no skill" in report.notes


def test_a_zip_of_badges_is_one_import(org, run, session, checksums):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("ada.json", json.dumps(ada_badge()))
        archive.writestr(
            "edsger.png",
            bake_png(
                tiny_png(),
                json.dumps(dict(ada_badge(), id="urn:e:1", recipient=hashed("edsger@example.com"))),
            ),
        )
        archive.writestr("README.md", "not a badge")
    report = run("badges", buffer.getvalue(), file_name="backpack.zip")
    assert report.ok, messages(report)
    assert counts(report)["badge"] == (2, 0, 0, 0)
    before = checksums()
    assert run("badges", buffer.getvalue(), file_name="backpack.zip").already_imported
    assert checksums() == before


def test_credly_rows_match_by_earner_id_or_email_and_by_template(org, run, session):
    data = csv_bytes(
        "Badge Template ID,Recipient Email,First Name,Last Name,Issued at date,Expiration Date,Issuer Earner ID",  # noqa: E501
        "K8S-101,ada@example.com,Ada,Lovelace,01/15/26,01/15/28,E001",
        "6f4a1c2e-unknown,alan@example.com,Alan,Turing,01/20/26,,",
    )
    report = run("badges", data, file_name="credly.csv")
    assert report.ok, messages(report)
    p = org.people
    assert badge_rows(session) == [
        (
            p["E001"].id,
            org.credentials["K8S-101"].id,
            "Course K8S-101",
            "credly-csv",
            "unverified",
            date(2026, 1, 15),
            date(2028, 1, 15),
        ),
        (
            p["E002"].id,
            None,
            "Credly badge 6f4a1c2e-unknown",
            "credly-csv",
            "unverified",
            date(2026, 1, 20),
            None,
        ),
    ]
    assert skill_rows(session) == [
        (p["E001"].id, org.skills["Kubernetes"].id, 3, date(2026, 1, 15), date(2028, 1, 15))
    ]


def test_the_specs_own_examples(org, run, session, checksums):
    before = checksums()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in ("ob2_spec_assertion.json", "ob2_spec_badgeclass.json", "ob2_spec_issuer.json"):
            archive.writestr(name, fixture_bytes(name))
    report = run("badges", buffer.getvalue(), file_name="spec.zip")
    assert str(report.errors[0]) == (
        "spec.zip!ob2_spec_assertion.json:$:recipient: no employee matches the recipient "
        "(hashed email sha256$c7ef86405ba71b85acd8e2e95166c4b111448089f2e1599f42fe1bba46e865c5)"
    )
    assert checksums() == before
    # The 3.0 example names its recipient by a DID; an employee whose code is that DID gets it.
    org.employee("did:example:ebfeb1f712ebc6f1c276e12ec21", team="Cloud", hired="2005-01-01")
    org.commit()
    report = run("badges", fixture_bytes("ob3_spec_credential.json"), file_name="teamwork.json")
    assert report.ok, messages(report)
    assert badge_rows(session)[0][2:5] == ("Teamwork", "openbadges-3", "unverified")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            json.dumps(ob2_assertion()).encode(),  # alice@example.com is nobody here
            ("upload.csv", "$", "recipient", "no employee matches the recipient (hashed email sha256$"),
        ),
        (
            json.dumps(ob2_assertion(badge="https://badges.example.org/classes/x")).encode(),
            (
                "upload.csv",
                "$.badge",
                "badge",
                "the BadgeClass is a link to https://badges.example.org/classes/x",
            ),
        ),
        (
            json.dumps(ada_badge(issuedOn="15/01/2026")).encode(),
            ("upload.csv", "$.issuedOn", "issuedOn", "is not an ISO 8601 timestamp"),
        ),
        (
            b"https://badges.example.org/assertions/1",
            ("upload.csv", None, None, "the badge holds only a link"),
        ),
        (
            csv_bytes(
                "Badge Template ID,Recipient Email,Issued at date", "K8S-101,nobody@example.com,01/15/26"
            ),
            ("upload.csv", 2, "Recipient Email", "no employee matches nobody@example.com"),
        ),
        (
            csv_bytes("Badge Template ID,Issuer Earner ID,Issued at date", "K8S-101,E001,13/15/26"),
            ("upload.csv", 2, "Issued at date", "is not a month/day/year date"),
        ),
    ],
)
def test_each_badge_error_is_placed_and_nothing_written(org, run, checksums, data, expected):
    before = checksums()
    report = run("badges", data)
    file, place, field, message = expected
    assert where(report) == [(file, place, field)], messages(report)
    assert message in report.errors[0].message
    assert checksums() == before
