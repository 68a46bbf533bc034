"""Open Badges 2.0: the spec's example, hosted and signed assertions, baked PNG and SVG."""

from __future__ import annotations

import hashlib
import io
import json
import struct
import zipfile
import zlib
from datetime import UTC, date, datetime

import pytest

from data_model.formats import (
    Alignment,
    BadgeRecord,
    Recipient,
    export_openbadges2,
    parse_badge,
    parse_badge_bundle,
    parse_badges,
    recipient_matches,
)
from data_model.formats.baking import bake_png, bake_svg, read_png

from .badge_factory import ALICE, hashed, hmac_token, ob2_assertion, sign
from .conftest import TINY_SVG, fixture_bytes, messages, public_pem, tiny_png, where


def one(result) -> BadgeRecord:
    assert result.ok, messages(result)
    (record,) = result.records
    return record


def spec_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in ("ob2_spec_assertion.json", "ob2_spec_badgeclass.json", "ob2_spec_issuer.json"):
            archive.writestr(f"spec/{name}", fixture_bytes(name))
    return buffer.getvalue()


def test_the_spec_example_alone_cannot_be_completed_offline():
    result = parse_badge(fixture_bytes("ob2_spec_assertion.json"), file_name="beth.json")
    assert where(result) == [("beth.json", "$.badge", "badge")]
    assert result.errors[0].message == (
        "the BadgeClass is a link to https://example.org/robotics-badge.json, which cannot be fetched "
        "offline; embed it, or put its JSON in the same folder or zip"
    )


def test_the_spec_example_with_its_badgeclass_and_issuer_in_a_zip():
    result = parse_badges(spec_zip(), file_name="spec.zip")
    badge = one(result)
    assert badge.origin.file == "spec.zip!spec/ob2_spec_assertion.json"
    assert badge.assertion_id == "https://example.org/beths-robotics-badge.json"
    assert badge.format == "openbadges-2" and badge.packaging == "json"
    assert badge.badge_name == "Awesome Robotics Badge"
    assert badge.badge_class_id == "https://example.org/robotics-badge.json"
    assert (badge.issuer_name, badge.issuer_url) == ("An Example Badge Issuer", "https://example.org")
    assert badge.issued_at == datetime(2016, 12, 31, 23, 59, 59, tzinfo=UTC)
    assert badge.evidence_url == "https://example.org/beths-robot-work.html"
    assert badge.recipient == Recipient(
        "email", "sha256$c7ef86405ba71b85acd8e2e95166c4b111448089f2e1599f42fe1bba46e865c5", True, "deadsea"
    )
    assert (badge.verification, badge.verification_note) == (
        "unverified",
        "hosted verification needs the network; not fetched",
    )
    assert badge.raw_json == fixture_bytes("ob2_spec_assertion.json").decode()
    assert result.notes == []


def test_the_spec_example_from_a_folder(tmp_path):
    for name in ("ob2_spec_assertion.json", "ob2_spec_badgeclass.json", "ob2_spec_issuer.json"):
        (tmp_path / name).write_bytes(fixture_bytes(name))
    (tmp_path / "README.md").write_text("badges for Beth")
    result = parse_badge_bundle(tmp_path, file_name="beth")
    assert one(result).badge_name == "Awesome Robotics Badge"
    assert result.notes == ["skipped (not badge files): README.md"]


def test_hashed_recipients_match_their_email_only():
    recipient = Recipient(**{k: v for k, v in hashed(ALICE).items() if k != "type"}, kind="email")
    assert recipient_matches(recipient, ALICE)
    assert recipient_matches(recipient, " Alice@Example.com ")
    assert not recipient_matches(recipient, "bob@example.com")
    unsalted = hashed(ALICE, salt=None)
    assert recipient_matches(Recipient("email", unsalted["identity"], True), ALICE)
    md5 = "md5$" + hashlib.md5((ALICE + "x").encode()).hexdigest()
    assert recipient_matches(Recipient("email", md5, True, "x"), ALICE)
    assert recipient_matches(Recipient("email", "alice@example.com"), "ALICE@example.com")
    assert not recipient_matches(Recipient("url", "https://alice.example.com"), ALICE)
    spec = Recipient(
        "email", "sha256$c7ef86405ba71b85acd8e2e95166c4b111448089f2e1599f42fe1bba46e865c5", True, "deadsea"
    )
    assert not recipient_matches(spec, "alice@example.org")


def test_an_embedded_assertion_with_alignment_and_evidence():
    badge = one(parse_badge(json.dumps(ob2_assertion()).encode(), file_name="k8s.json"))
    assert badge.badge_name == "Kubernetes Fundamentals"
    assert badge.issued_on == date(2026, 1, 15)
    assert badge.alignments == (
        Alignment("Kubernetes", "http://data.europa.eu/esco/skill/kubernetes-example", "K8S", "ESCO"),
    )
    assert badge.evidence_url == "https://academy.example.org/evidence/1"


def test_a_signed_badge_with_the_issuer_key_is_verified(rsa_key):
    token = sign(ob2_assertion(verification={"type": "signed"}), rsa_key, "RS256")
    badge = one(parse_badge(token.encode(), file_name="k8s.jws", issuer_key=public_pem(rsa_key)))
    assert (badge.verification, badge.packaging) == ("verified", "jws")
    assert badge.verification_note == "signature (RS256) checked with the supplied issuer key"
    assert badge.raw_signed == token
    assert json.loads(badge.raw_json)["id"] == badge.assertion_id


def test_a_signed_badge_without_a_key_is_kept_unverified(rsa_key):
    token = sign(ob2_assertion(verification={"type": "signed"}), rsa_key, "RS256")
    badge = one(parse_badge(token.encode(), file_name="k8s.jws"))
    assert badge.verification == "unverified"
    assert badge.verification_note == "signed (RS256) but no issuer key was supplied; signature not checked"


def test_a_bad_signature_is_rejected(rsa_key, other_rsa_key):
    token = sign(ob2_assertion(), other_rsa_key, "RS256")
    result = parse_badge(token.encode(), file_name="k8s.jws", issuer_key=public_pem(rsa_key))
    assert where(result) == [("k8s.jws", "$", None)]
    assert result.errors[0].message == "bad signature: the badge was not signed by the supplied issuer key"
    assert result.records == []


def test_a_tampered_payload_is_rejected(rsa_key):
    head, _payload, signature = sign(ob2_assertion(), rsa_key, "RS256").split(".")
    forged = ob2_assertion(recipient=hashed("mallory@example.com"))
    payload = sign(forged, rsa_key, "RS256").split(".")[1]
    result = parse_badge(
        f"{head}.{payload}.{signature}".encode(), file_name="k8s.jws", issuer_key=public_pem(rsa_key)
    )
    assert "bad signature" in messages(result)


@pytest.mark.parametrize("attack", ["none", "hs256"])
def test_unsigned_or_hmac_tokens_never_pass(rsa_key, attack):
    payload = ob2_assertion()
    token = sign(payload, None, "none") if attack == "none" else hmac_token(payload, public_pem(rsa_key))
    for key in (None, public_pem(rsa_key)):
        result = parse_badge(token.encode(), file_name="k8s.jws", issuer_key=key)
        assert where(result) == [("k8s.jws", "$", None)]
        assert "only RS256 is accepted" in result.errors[0].message


def test_a_key_that_is_not_a_public_key():
    result = parse_badge(json.dumps(ob2_assertion()).encode(), file_name="k.json", issuer_key=b"hello")
    assert result.errors[0].message == (
        "issuer key: the issuer key is not a PEM public key (-----BEGIN PUBLIC KEY-----)"
    )


def test_a_baked_png_with_json_and_one_with_a_jws(rsa_key):
    raw = json.dumps(ob2_assertion(), indent=1)
    badge = one(parse_badge(bake_png(tiny_png(), raw), file_name="k8s.png"))
    assert (badge.packaging, badge.raw_json) == ("png+json", raw)
    token = sign(ob2_assertion(verification={"type": "signed"}), rsa_key, "RS256")
    badge = one(parse_badge(bake_png(tiny_png(), token), file_name="k8s.png", issuer_key=public_pem(rsa_key)))
    assert (badge.packaging, badge.verification) == ("png+jws", "verified")


def test_a_compressed_itxt_chunk_is_read():
    text = json.dumps(ob2_assertion()).encode()
    body = b"openbadges\x00\x01\x00\x00\x00" + zlib.compress(text)
    chunk = struct.pack(">I", len(body)) + b"iTXt" + body + struct.pack(">I", zlib.crc32(b"iTXt" + body))
    png = tiny_png()
    baked = png[:-12] + chunk + png[-12:]
    assert read_png(baked).text == text.decode()


def test_png_problems():
    assert parse_badge(tiny_png(), file_name="plain.png").errors[0].message == (
        "this PNG carries no badge (no openbadges iTXt chunk)"
    )
    baked = bytearray(bake_png(tiny_png(), json.dumps(ob2_assertion())))
    baked[60] ^= 0xFF
    assert "the PNG is damaged" in parse_badge(bytes(baked), file_name="bad.png").errors[0].message
    cut = bake_png(tiny_png(), json.dumps(ob2_assertion()))[:-20]
    assert "cut off" in parse_badge(cut, file_name="cut.png").errors[0].message


def test_baked_svgs_json_in_cdata_and_jws_in_verify(rsa_key):
    raw = json.dumps(ob2_assertion())
    badge = one(parse_badge(bake_svg(TINY_SVG, raw, signed=False), file_name="k8s.svg"))
    assert (badge.packaging, badge.verification) == ("svg+json", "unverified")
    token = sign(ob2_assertion(verification={"type": "signed"}), rsa_key, "RS256")
    baked = bake_svg(TINY_SVG, token, signed=True)
    assert b'<openbadges:assertion verify="' in baked and b'xmlns:openbadges="http://openbadges.org"' in baked
    badge = one(parse_badge(baked, file_name="k8s.svg", issuer_key=public_pem(rsa_key)))
    assert (badge.packaging, badge.verification) == ("svg+jws", "verified")


def test_svg_problems():
    assert "carries no badge" in parse_badge(TINY_SVG, file_name="plain.svg").errors[0].message
    laughs = b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg>&a;</svg>'
    assert "declares XML entities" in parse_badge(laughs, file_name="lol.svg").errors[0].message
    assert "not well-formed XML" in parse_badge(b"<svg><g></svg>", file_name="bad.svg").errors[0].message


LAUGHS = (
    '<?xml version="1.0" encoding="{encoding}"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">'
    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    '<svg xmlns="http://www.w3.org/2000/svg">&c;</svg>'
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-16-le", "utf-16-be"])
def test_entities_are_refused_in_any_encoding(encoding):
    """The old byte check for `<!ENTITY` missed UTF-16: defusedxml reads the parsed document."""
    data = LAUGHS.format(encoding=encoding[:6]).encode(encoding)
    if encoding == "utf-16-le":
        data = b"\xff\xfe" + data  # with its byte order mark, as editors save it
    assert b"<!ENTITY" not in data or encoding == "utf-8"
    errors = parse_badge(data, file_name="lol.svg").errors
    assert len(errors) == 1 and "declares XML entities or a DTD" in errors[0].message


def test_an_external_entity_cannot_read_a_file(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    xxe = (
        f'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org">'
        "<openbadges:assertion>&x;</openbadges:assertion></svg>"
    ).encode()
    errors = parse_badge(xxe, file_name="xxe.svg").errors
    assert len(errors) == 1 and "declares XML entities or a DTD" in errors[0].message
    assert "TOP SECRET" not in errors[0].message


def test_a_doctype_without_entities_is_refused_with_what_to_do():
    dtd = (
        b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">'
        + TINY_SVG
    )
    message = parse_badge(dtd, file_name="old.svg").errors[0].message
    assert "(a DTD)" in message and "without a <!DOCTYPE> line" in message


def test_revoked_wins_over_everything(rsa_key):
    token = sign(ob2_assertion(revoked=True, revocationReason="issued in error"), rsa_key, "RS256")
    badge = one(parse_badge(token.encode(), file_name="k.jws", issuer_key=public_pem(rsa_key)))
    assert (badge.verification, badge.verification_note) == (
        "revoked",
        "revoked by the issuer: issued in error",
    )
    assert badge.revoked


def test_an_expired_badge_is_kept_with_its_expiry():
    badge = one(
        parse_badge(json.dumps(ob2_assertion(expires="2026-01-20T00:00:00Z")).encode(), file_name="k.json")
    )
    assert badge.expires_on == date(2026, 1, 20)


def test_assertion_errors_are_placed_by_json_path():
    broken = ob2_assertion(issuedOn="2026-01-15T10:00:00", expires="2020-01-01T00:00:00Z")
    del broken["id"]
    broken["recipient"] = {"type": "email", "identity": "not-an-email"}
    del broken["badge"]["issuer"]["name"]
    result = parse_badge(json.dumps(broken).encode(), file_name="bad.json")
    assert where(result) == [
        ("bad.json", "$.id", "id"),
        ("bad.json", "$.recipient.identity", "identity"),
        ("bad.json", "$.badge.issuer.name", "name"),
        ("bad.json", "$.issuedOn", "issuedOn"),
    ]
    assert str(result.errors[3]) == (
        "bad.json:$.issuedOn: '2026-01-15T10:00:00' has no time zone; add Z or an offset like +01:00"
    )


def test_a_hashed_identity_must_look_hashed_and_expiry_follow_issue():
    bad = ob2_assertion(expires="2020-01-01T00:00:00Z")
    bad["recipient"] = {"type": "email", "hashed": True, "identity": "alice@example.com"}
    result = parse_badge(json.dumps(bad).encode(), file_name="bad.json")
    assert where(result) == [
        ("bad.json", "$.recipient.identity", "identity"),
        ("bad.json", "$.expires", "expires"),
    ]


def test_things_that_are_not_badges():
    cases = {
        b"": "the file is empty",
        b'{"type": "BadgeClass", "name": "x"}': "not an Open Badges 2.0 Assertion or 3.0 credential",
        b"https://example.org/assertion.json": "the badge holds only a link",
        b"hello": "not a badge: expected Open Badges JSON, a JWS, or a baked PNG or SVG",
        b'{"id": ': "not valid JSON",
    }
    for data, says in cases.items():
        result = parse_badge(data, file_name="x")
        assert len(result.errors) == 1 and says in result.errors[0].message, data


def test_export_returns_the_badge_exactly_as_received(rsa_key):
    raw = fixture_bytes("ob2_spec_assertion.json").decode()
    assert export_openbadges2(raw) == raw.encode()
    token = sign(ob2_assertion(), rsa_key, "RS256")
    assert export_openbadges2(token) == token.encode()
    with pytest.raises(ValueError, match=r"not an Open Badges 2\.0 assertion"):
        export_openbadges2(fixture_bytes("ob3_spec_credential.json").decode())


def test_a_hosted_baked_svg_reads_the_json_not_the_url():
    raw = json.dumps(ob2_assertion())
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org">'
        b'<openbadges:assertion verify="https://academy.example.org/assertions/1.json"><![CDATA['
        + raw.encode()
        + b"]]></openbadges:assertion><rect/></svg>"
    )
    assert one(parse_badge(svg, file_name="hosted.svg")).verification == "unverified"


def test_a_png_baked_with_only_a_url_cannot_be_read_offline():
    png = bake_png(tiny_png(), "https://academy.example.org/assertions/1.json")
    result = parse_badge(png, file_name="old.png")
    assert result.errors[0].message.startswith("the badge holds only a link (https://academy.example.org")
