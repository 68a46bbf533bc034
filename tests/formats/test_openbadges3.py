"""Open Badges 3.0: the spec's example credential, VC-JWT with EdDSA and RS256, baked PNG."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from data_model.formats import Alignment, BadgeRecord, Recipient, parse_badge, recipient_matches
from data_model.formats.baking import bake_png, bake_svg

from .badge_factory import ALICE, ob3_credential, sign
from .conftest import TINY_SVG, fixture_bytes, messages, public_pem, tiny_png, where


def one(result) -> BadgeRecord:
    assert result.ok, messages(result)
    (record,) = result.records
    return record


def vc_jwt(credential: dict, key, algorithm: str, **claims) -> str:
    payload = {
        "iss": credential["issuer"]["id"],
        "jti": credential["id"],
        "nbf": 1768471200,
        "vc": credential,
    }
    payload.update(claims)
    return sign(payload, key, algorithm)


def test_the_spec_example_credential():
    badge = one(parse_badge(fixture_bytes("ob3_spec_credential.json"), file_name="teamwork.json"))
    assert badge.format == "openbadges-3"
    assert badge.assertion_id == "http://example.com/credentials/3527"
    assert badge.badge_name == "Teamwork"
    assert badge.badge_class_id == "https://example.com/achievements/21st-century-skills/teamwork"
    assert (badge.issuer_name, badge.issuer_id) == ("Example Corp", "https://example.com/issuers/876543")
    assert badge.issued_at == datetime(2010, 1, 1, tzinfo=UTC)
    assert badge.recipient == Recipient("id", "did:example:ebfeb1f712ebc6f1c276e12ec21")
    assert not recipient_matches(badge.recipient, ALICE)  # a DID is not an email: the writer will say so
    assert (badge.verification, badge.verification_note) == (
        "unverified",
        "no proof: an unsigned credential cannot be verified",
    )


def test_an_embedded_data_integrity_proof_is_kept_unverified_with_the_reason():
    credential = json.loads(fixture_bytes("ob3_spec_credential.json"))
    credential["proof"] = {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": "2010-01-01T19:23:24Z",
        "verificationMethod": "https://example.com/issuers/876543#key-1",
        "proofPurpose": "assertionMethod",
        "proofValue": "z3yUuWbFsLUp2CUrSZRaRbTk1UnkhpoJgJYu1SdMqd3AEMotpY41sKky7VzavnSfjApggtWJg1tzGUcNfsBS",
    }
    badge = one(parse_badge(json.dumps(credential).encode(), file_name="teamwork.json"))
    assert badge.verification == "unverified"
    assert badge.verification_note == (
        "embedded DataIntegrityProof (eddsa-rdfc-2022) not checked: it needs RDF canonicalisation, "
        "not available offline"
    )


def test_a_hashed_email_identifier_and_alignment():
    badge = one(parse_badge(json.dumps(ob3_credential()).encode(), file_name="tf.json"))
    assert badge.recipient.kind == "email" and badge.recipient.hashed
    assert recipient_matches(badge.recipient, ALICE)
    assert not recipient_matches(badge.recipient, "bob@example.com")
    assert badge.alignments == (Alignment("Terraform", "https://x.example/tf", None, None),)
    assert (badge.issued_on, badge.expires_on) == (date(2026, 1, 15), date(2028, 1, 15))


def test_a_vc_jwt_signed_with_ed25519_is_verified(ed_key):
    token = vc_jwt(ob3_credential(), ed_key, "EdDSA")
    badge = one(parse_badge(token.encode(), file_name="tf.jwt", issuer_key=public_pem(ed_key)))
    assert (badge.verification, badge.packaging) == ("verified", "vc-jwt")
    assert badge.verification_note == "signature (EdDSA) checked with the supplied issuer key"
    assert badge.origin.path == "$.vc"
    assert badge.raw_signed == token


def test_a_vc_jwt_without_a_key_or_with_the_wrong_one(ed_key, rsa_key):
    token = vc_jwt(ob3_credential(), ed_key, "EdDSA")
    assert one(parse_badge(token.encode(), file_name="tf.jwt")).verification == "unverified"
    from cryptography.hazmat.primitives.asymmetric import ed25519

    stranger = ed25519.Ed25519PrivateKey.generate()
    result = parse_badge(token.encode(), file_name="tf.jwt", issuer_key=public_pem(stranger))
    assert where(result) == [("tf.jwt", "$.vc", None)]
    assert "bad signature" in result.errors[0].message
    result = parse_badge(token.encode(), file_name="tf.jwt", issuer_key=public_pem(rsa_key))
    assert result.errors[0].message == (
        "signed with EdDSA, but the supplied issuer key is an RSA key; "
        "it cannot be the issuer's key for this badge"
    )


def test_a_vc_jwt_with_the_credential_at_top_level_signed_rs256(rsa_key):
    credential = ob3_credential()
    token = sign({**credential, "iss": credential["issuer"]["id"]}, rsa_key, "RS256")
    badge = one(parse_badge(token.encode(), file_name="tf.jwt", issuer_key=public_pem(rsa_key)))
    assert (badge.verification, badge.packaging, badge.origin.path) == ("verified", "vc-jwt", "$")


def test_iss_must_be_the_issuer(ed_key):
    token = vc_jwt(ob3_credential(), ed_key, "EdDSA", iss="did:web:someone-else.example")
    result = parse_badge(token.encode(), file_name="tf.jwt", issuer_key=public_pem(ed_key))
    assert where(result) == [("tf.jwt", "$.iss", "iss")]
    assert result.errors[0].message == (
        "the JWT iss 'did:web:someone-else.example' is not the credential's issuer id "
        "'did:web:academy.example.org'"
    )


def test_issuance_date_from_nbf_when_the_vc_leaves_it_out(ed_key):
    credential = ob3_credential()
    del credential["validFrom"]
    badge = one(parse_badge(vc_jwt(credential, ed_key, "EdDSA").encode(), file_name="tf.jwt"))
    assert badge.issued_at == datetime(2026, 1, 15, 10, 0, tzinfo=UTC)


def test_a_baked_png_and_svg_credential(ed_key):
    token = vc_jwt(ob3_credential(), ed_key, "EdDSA")
    png = bake_png(tiny_png(), token, keyword="openbadgecredential")
    badge = one(parse_badge(png, file_name="tf.png", issuer_key=public_pem(ed_key)))
    assert (badge.packaging, badge.verification) == ("png+vc-jwt", "verified")
    svg = bake_svg(TINY_SVG, json.dumps(ob3_credential()), signed=False, version=3)
    assert one(parse_badge(svg, file_name="tf.svg")).packaging == "svg+json"


def test_credential_errors_are_placed_by_json_path():
    credential = ob3_credential(validUntil="2020-01-01T00:00:00Z")
    credential["@context"] = ["https://www.w3.org/ns/credentials/v2"]
    credential["issuer"] = "did:web:academy.example.org"
    del credential["credentialSubject"]["achievement"]["name"]
    result = parse_badge(json.dumps(credential).encode(), file_name="bad.json")
    assert where(result) == [
        ("bad.json", "$.@context", "@context"),
        ("bad.json", "$.issuer", "issuer"),
        ("bad.json", "$.validUntil", "validUntil"),
        ("bad.json", "$.credentialSubject.achievement.name", "name"),
    ]
    assert "Open Badges 3.0 context" in result.errors[0].message
    assert "cannot be fetched offline" in result.errors[1].message


def test_a_subject_with_no_recipient():
    credential = ob3_credential()
    del credential["credentialSubject"]["identifier"]
    result = parse_badge(json.dumps(credential).encode(), file_name="bad.json")
    assert where(result) == [("bad.json", "$.credentialSubject", None)]
    assert result.errors[0].message == "credentialSubject has neither an id nor an identifier: who earned it?"


def test_a_vc_1_1_achievement_credential_with_issuance_and_expiration_dates():
    credential = ob3_credential(
        type=["VerifiableCredential", "AchievementCredential"],
        issuanceDate="2026-01-15T10:00:00Z",
        expirationDate="2027-01-15T10:00:00Z",
    )
    credential["@context"] = [
        "https://www.w3.org/2018/credentials/v1",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    del credential["validFrom"], credential["validUntil"]
    badge = one(parse_badge(json.dumps(credential).encode(), file_name="tf.json"))
    assert (badge.issued_on, badge.expires_on) == (date(2026, 1, 15), date(2027, 1, 15))


def test_a_missing_issue_date_is_reported_with_other_errors():
    credential = ob3_credential()
    del credential["validFrom"], credential["credentialSubject"]["achievement"]["name"]
    result = parse_badge(json.dumps(credential).encode(), file_name="bad.json")
    assert where(result) == [
        ("bad.json", "$.validFrom", "validFrom"),
        ("bad.json", "$.credentialSubject.achievement.name", "name"),
    ]
