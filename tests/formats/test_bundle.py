"""A folder or zip of badges: every badge read, every problem named by its member."""

from __future__ import annotations

import io
import json
import zipfile

from data_model.formats import BadgeRecord, parse_badge_bundle, parse_badges
from data_model.formats.baking import bake_png, bake_svg

from .badge_factory import ob2_assertion, ob3_credential, sign
from .conftest import TINY_SVG, messages, public_pem, tiny_png, where


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_of_png_svg_json_and_jws_badges(rsa_key):
    signed = sign(ob2_assertion(id="urn:uuid:2", verification={"type": "signed"}), rsa_key, "RS256")
    data = zipped(
        {
            "a.png": bake_png(tiny_png(), json.dumps(ob2_assertion(id="urn:uuid:1"))),
            "b.svg": bake_svg(TINY_SVG, signed, signed=True),
            "c.json": json.dumps(ob3_credential()).encode(),
            "d.jws": sign(ob2_assertion(id="urn:uuid:4"), rsa_key, "RS256").encode(),
            "__MACOSX/._a.png": b"junk",
            "notes.docx": b"PK..",
        }
    )
    result = parse_badges(data, file_name="backpack.zip", issuer_key=public_pem(rsa_key))
    assert result.ok, messages(result)
    assert all(isinstance(r, BadgeRecord) for r in result.records)
    got = [(r.origin.file, r.packaging, r.verification) for r in result.records]
    assert got == [
        ("backpack.zip!a.png", "png+json", "unverified"),
        ("backpack.zip!b.svg", "svg+jws", "verified"),
        ("backpack.zip!c.json", "json", "unverified"),
        ("backpack.zip!d.jws", "jws", "verified"),
    ]
    assert result.notes == ["skipped (not badge files): notes.docx"]
    assert result.rows_read == 4


def test_problems_are_named_by_member_and_one_bad_badge_fails_the_bundle(rsa_key, other_rsa_key):
    data = zipped(
        {
            "good.json": json.dumps(ob2_assertion(id="urn:uuid:1")).encode(),
            "forged.jws": sign(ob2_assertion(id="urn:uuid:2"), other_rsa_key, "RS256").encode(),
            "broken.json": b'{"type": "Assertion",',
            "copy.json": json.dumps(ob2_assertion(id="urn:uuid:1")).encode(),
        }
    )
    result = parse_badge_bundle(data, file_name="hand-over.zip", issuer_key=public_pem(rsa_key))
    assert where(result) == [
        ("hand-over.zip!broken.json", 1, None),
        ("hand-over.zip!forged.jws", "$", None),
        ("hand-over.zip!good.json", "$", None),
    ]
    assert result.errors[2].message == "badge urn:uuid:1 is also in hand-over.zip!copy.json"


def test_not_a_zip_and_an_empty_zip():
    assert parse_badge_bundle(b"PK\x03\x04garbage", file_name="x.zip").errors[0].message == (
        "not a readable zip archive"
    )
    result = parse_badge_bundle(zipped({"readme.md": b"hi"}), file_name="empty.zip")
    assert result.errors[0].message == "no badge files found (expected .png, .svg, .json or .jws files)"


def test_a_member_that_claims_to_be_huge_is_refused_without_reading_it(monkeypatch):
    import data_model.formats.bundle as bundle

    monkeypatch.setattr(bundle, "MAX_BADGE_BYTES", 1000)
    data = zipped({"bomb.json": b" " * 100_000 + b"{}"})
    result = bundle.parse_badge_bundle(data, file_name="bomb.zip")
    assert "bomb.json is larger than" in result.errors[0].message
