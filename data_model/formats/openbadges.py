"""Open Badges 2.0 assertions and 3.0 credentials: JSON, signed (JWS / VC-JWT) or baked in an image.

What we keep from a badge is what the dashboard and the skills model need: who
earned it (an email, a salted hash of one, or another identifier), what it is
(name, description, the BadgeClass or Achievement id, skill alignments), who
issued it, when, until when, whether it was revoked, and the JSON exactly as
received.

Verification is offline and honest about it:
- signed (JWS, VC-JWT) with the issuer's public key supplied: `verified`, or a
  bad signature is an error and the badge is refused;
- signed but no key supplied: `unverified`, saying so;
- hosted: `unverified`, since checking needs the issuer's server;
- an embedded Data Integrity proof: `unverified` (its RDF canonicalisation
  cannot be checked here);
- `revoked: true` wins over all of these: `revoked`.

A badge that names its BadgeClass or issuer only by URL cannot be completed
offline; in a folder or zip the linked JSON documents are looked up by id
(see `bundle.py`), otherwise it is an error.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from .badge_fields import HOSTED_NOTE, Documents, types_of
from .badge_records import Alignment, BadgeRecord, ReceivedBadge, Recipient, recipient_matches
from .baking import is_png, is_svg, read_png, read_svg
from .errors import ParseResult
from .json_input import Node, TooLarge, decode_text, read_limited
from .jws import IssuerKey, load_issuer_key, looks_like_jws, open_token, payload_json
from .ob2 import read_assertion
from .ob3 import read_credential
from .sources import Source
from .values import ValueProblem

MAX_BADGE_BYTES = 10 << 20

__all__ = [
    "HOSTED_NOTE",
    "MAX_BADGE_BYTES",
    "Alignment",
    "BadgeRecord",
    "Recipient",
    "badge_version",
    "export_openbadges2",
    "parse_badge",
    "recipient_matches",
    "resolve_key",
]


def badge_version(document: Any) -> int | None:
    """2 for an Open Badges 2.0 Assertion, 3 for a Verifiable Credential, else None."""
    if not isinstance(document, dict):
        return None
    types = types_of(document.get("type"))
    if "VerifiableCredential" in types:
        return 3
    if "Assertion" in types or ("recipient" in document and "badge" in document):
        return 2
    return None


def _receive(text: str, container: str | None, result: ParseResult) -> ReceivedBadge | None:
    """Turn the badge text (JSON, a JWS, or a URL) into a document, or record why not."""
    received_text, text = text, text.strip()
    prefix = f"{container}+" if container else ""
    if looks_like_jws(text):
        try:
            token = open_token(text)
            payload = payload_json(token)
        except ValueProblem as problem:
            result.error(None, None, str(problem), path="$")
            return None
        raw = token.payload.decode("utf-8")
        if isinstance(payload, dict) and isinstance(payload.get("vc"), dict):
            return ReceivedBadge(payload["vc"], raw, prefix + "vc-jwt", token, "$.vc")
        kind = "vc-jwt" if badge_version(payload) == 3 else "jws"
        return ReceivedBadge(payload, raw, prefix + kind, token)
    if text.startswith("{"):
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            result.error(
                exc.lineno, None, f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
            )
            return None
        except RecursionError:
            result.error(None, None, "the JSON is nested too deeply to be a badge")
            return None
        return ReceivedBadge(document, received_text, prefix + "json")
    if text.startswith(("http://", "https://")):
        result.error(
            None,
            None,
            f"the badge holds only a link ({text[:200]}); hosted badges cannot be fetched offline, "
            "download the assertion JSON instead",
        )
        return None
    result.error(None, None, "not a badge: expected Open Badges JSON, a JWS, or a baked PNG or SVG")
    return None


def _unpack(raw: bytes, result: ParseResult) -> ReceivedBadge | None:
    try:
        if is_png(raw):
            baked = read_png(raw)
            if baked is None:
                result.error(None, None, "this PNG carries no badge (no openbadges iTXt chunk)")
                return None
            return _receive(baked.text, "png", result)
        if is_svg(raw):
            baked = read_svg(raw)
            if baked is None:
                result.error(None, None, "this SVG carries no badge (no openbadges:assertion element)")
                return None
            return _receive(baked.text, "svg", result)
        return _receive(decode_text(raw), None, result)
    except ValueProblem as problem:
        result.error(None, None, str(problem))
        return None


def resolve_key(issuer_key: bytes | IssuerKey | None, result: ParseResult) -> tuple[IssuerKey | None, bool]:
    """The loaded key, and False (with an error recorded) when the supplied key is unusable."""
    if issuer_key is None or not isinstance(issuer_key, bytes | bytearray):
        return issuer_key, True
    try:
        return load_issuer_key(bytes(issuer_key)), True
    except ValueProblem as problem:
        result.error(None, None, f"issuer key: {problem}")
        return None, False


def parse_badge(
    data: Source,
    *,
    file_name: str,
    issuer_key: bytes | IssuerKey | None = None,
    date_format: str | None = None,
    today: date | None = None,
    documents: Documents | None = None,
) -> ParseResult[BadgeRecord]:
    """Read one badge file (JSON, JWS, baked PNG or SVG; Open Badges 2.0 or 3.0).

    `issuer_key` is the issuer's public key (PEM bytes or a loaded key) to check
    signatures with. `documents` maps URLs to BadgeClass / Profile JSON found
    alongside (a folder or zip). `date_format` and `today` are accepted for a
    uniform signature; badge timestamps are ISO 8601 with a zone.
    """
    result: ParseResult[BadgeRecord] = ParseResult(file_name)
    key, key_ok = resolve_key(issuer_key, result)
    if not key_ok:
        return result
    try:
        raw = read_limited(data, MAX_BADGE_BYTES)
    except TooLarge:
        result.error(None, None, f"larger than {MAX_BADGE_BYTES >> 20} MB; not a badge")
        return result
    if not raw.strip():
        result.error(None, None, "the file is empty")
        return result
    result.rows_read = 1
    received = _unpack(raw, result)
    if received is None:
        return result
    document = received.document
    version = badge_version(document)
    if version is None:
        result.error(
            None,
            None,
            "not an Open Badges 2.0 Assertion or 3.0 credential (check its type)",
            path=received.base_path,
        )
        return result
    node = Node(document, received.base_path, result)
    if version == 2:
        record = read_assertion(received, node, key, documents or {})
    else:
        payload = payload_json(received.token) if received.token else None
        record = read_credential(
            received, node, key, documents or {}, payload if isinstance(payload, dict) else None
        )
    if record is not None:
        result.records.append(record)
    return result


def export_openbadges2(raw_json: str) -> bytes:
    """An Open Badges 2.0 badge we hold, as received (the JSON or the JWS), as bytes to download.

    Refuses (ValueError) anything that is not an Open Badges 2.0 assertion, so a
    3.0 credential or a Credly row is never passed off as one.
    """
    text = raw_json.strip()
    document: Any
    try:
        document = payload_json(open_token(text)) if looks_like_jws(text) else json.loads(text)
    except (ValueProblem, json.JSONDecodeError):
        raise ValueError("not an Open Badges 2.0 assertion (neither JSON nor a JWS)") from None
    if badge_version(document) != 2:
        raise ValueError("not an Open Badges 2.0 assertion")
    return raw_json.encode("utf-8")
