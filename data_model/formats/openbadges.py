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

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, BinaryIO

from .baking import is_png, is_svg, read_png, read_svg
from .errors import Origin, ParseResult
from .json_input import Node, TooLarge, decode_text, read_limited
from .jws import (
    IssuerKey,
    SignedToken,
    check_signature,
    load_issuer_key,
    looks_like_jws,
    open_token,
    payload_json,
)
from .values import ValueProblem, parse_email, parse_timestamp

MAX_BADGE_BYTES = 10 << 20
OB2_CONTEXT = "https://w3id.org/openbadges/v2"
VC_CONTEXTS = ("https://www.w3.org/ns/credentials/v2", "https://www.w3.org/2018/credentials/v1")
OB3_CONTEXT_PREFIX = "https://purl.imsglobal.org/spec/ob/v3p0/context"
OB3_TYPES = ("OpenBadgeCredential", "AchievementCredential")
OB2_ALGORITHMS = ("RS256",)
OB3_ALGORITHMS = ("RS256", "EdDSA")

HOSTED_NOTE = "hosted verification needs the network; not fetched"

Documents = Mapping[str, dict[str, Any]]


@dataclass(frozen=True, slots=True)
class Recipient:
    """Who a badge was issued to, as the issuer wrote it.

    `kind` is `email` for email identities (Open Badges 2.0 `type: email`, 3.0
    `identityType: emailAddress`); otherwise the issuer's word (`url`,
    `telephone`, `sourcedId`...) or `id` for a 3.0 `credentialSubject.id`
    such as a DID. A hashed identity reads `sha256$<hex>` (or `md5$<hex>`).
    """

    kind: str
    identity: str
    hashed: bool = False
    salt: str | None = None


def recipient_matches(recipient: Recipient, email: str) -> bool:
    """Whether a badge's recipient is the person with this email, hashed or not."""
    if recipient.kind != "email":
        return False
    email = email.strip().lower()
    if not recipient.hashed:
        return recipient.identity.strip().lower() == email
    algorithm, _, digest = recipient.identity.partition("$")
    if algorithm.lower() not in ("sha256", "md5"):
        return False
    salted = (email + (recipient.salt or "")).encode("utf-8")
    return hashlib.new(algorithm.lower(), salted).hexdigest() == digest.strip().lower()


@dataclass(frozen=True, slots=True)
class Alignment:
    """A framework item the badge aligns to; the writer maps these to our skills."""

    target_name: str | None
    target_url: str | None
    target_code: str | None
    target_framework: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class BadgeRecord:
    """One badge as received.

    `format` is `openbadges-2` or `openbadges-3` (Badge.format); `packaging`
    says how it came (`json`, `jws`, `vc-jwt`, `png`, `svg`, and `png+jws`...).
    `raw_json` is the assertion or credential JSON text exactly as received (for
    a signed badge, the signed payload); `raw_signed` is the compact JWS itself.
    """

    origin: Origin
    format: str
    packaging: str
    assertion_id: str
    recipient: Recipient
    badge_name: str
    badge_description: str | None
    badge_class_id: str | None
    issuer_name: str
    issuer_id: str | None
    issuer_url: str | None
    issued_at: datetime
    expires_at: datetime | None
    revoked: bool
    revocation_reason: str | None
    evidence_url: str | None
    alignments: tuple[Alignment, ...]
    verification: str
    verification_note: str
    raw_json: str
    raw_signed: str | None

    @property
    def issued_on(self) -> date:
        return self.issued_at.date()

    @property
    def expires_on(self) -> date | None:
        return self.expires_at.date() if self.expires_at else None


@dataclass(frozen=True)
class _Received:
    """A badge document and how it arrived."""

    document: Any
    raw_json: str
    packaging: str
    token: SignedToken | None = None
    base_path: str = "$"


def _types(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def _when(value: Any) -> datetime:
    if isinstance(value, bool):
        raise ValueProblem(f"{value!r} is not a date and time")
    if isinstance(value, int | float):  # Open Badges 1.x wrote Unix timestamps
        return datetime.fromtimestamp(value, UTC)
    if isinstance(value, str):
        return parse_timestamp(value)
    raise ValueProblem(f"{value!r} is not a date and time")


def _resolve(node: Node, key: str, documents: Documents, what: str) -> Node | None:
    """An embedded object, or one named by URL and present in `documents`."""
    value = node.value.get(key)
    if isinstance(value, str) and value.strip():
        found = documents.get(value.strip())
        if found is None:
            node.error(
                key,
                f"the {what} is a link to {value.strip()}, which cannot be fetched offline; embed it, "
                "or put its JSON in the same folder or zip",
            )
            return None
        return Node(found, node.at(key), node.result)
    return node.child(key, required=True)


def _alignments(node: Node, key: str = "alignment") -> tuple[Alignment, ...]:
    found: list[Alignment] = []
    for item, path in node.items(key):
        if not isinstance(item, dict):
            node.error(key, "an alignment should be an object", path=path)
            continue
        texts = [item.get(k) for k in ("targetName", "targetUrl", "targetCode", "targetFramework")]
        name, url, code, framework = (str(t).strip() if isinstance(t, str | int) else None for t in texts)
        found.append(Alignment(name, url, code, framework))
    return tuple(found)


def _evidence(values: list[tuple[Any, str]]) -> str | None:
    for item, _path in values:
        if isinstance(item, str) and item.strip():
            return item.strip()
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            return item["id"].strip()
    return None


def _hashed_identity(node: Node, key: str, identity: str) -> None:
    algorithm, sep, digest = identity.partition("$")
    if not sep or algorithm.lower() not in ("sha256", "md5") or not digest:
        node.error(key, f"a hashed identity should read sha256$<hex>, not {identity[:40]!r}")
        return
    try:
        int(digest, 16)
    except ValueError:
        node.error(key, f"a hashed identity should read sha256$<hex>, not {identity[:40]!r}")


def _plain_email(node: Node, key: str, identity: str) -> str:
    try:
        return parse_email(identity.removeprefix("mailto:"))
    except ValueProblem as problem:
        node.error(key, str(problem))
        return identity


def _ob2_recipient(node: Node) -> Recipient | None:
    inner = node.child("recipient", required=True)
    if inner is None:
        return None
    kind = inner.text("type") or "email"
    identity = inner.text("identity", required=True)
    hashed = inner.value.get("hashed", False)
    if not isinstance(hashed, bool):
        inner.error("hashed", "hashed should be true or false")
    salt = inner.text("salt")
    node.failed = node.failed or inner.failed
    if identity is None or inner.failed:
        return None
    if hashed:
        _hashed_identity(inner, "identity", identity)
    elif kind == "email":
        identity = _plain_email(inner, "identity", identity)
    node.failed = node.failed or inner.failed
    return Recipient(kind, identity, bool(hashed), salt)


def _ob3_recipient(subject: Node) -> Recipient | None:
    candidates: list[Recipient] = []
    for item, path in subject.items("identifier"):
        if not isinstance(item, dict):
            subject.error("identifier", "an identifier should be an object", path=path)
            continue
        ident = Node(item, path, subject.result)
        kind_word = ident.text("identityType", required=True)
        identity = ident.text("identityHash", required=True)
        hashed = item.get("hashed", False)
        if not isinstance(hashed, bool):
            ident.error("hashed", "hashed should be true or false")
        if ident.failed or kind_word is None or identity is None:
            subject.failed = True
            continue
        kind = "email" if kind_word == "emailAddress" else kind_word
        if hashed:
            _hashed_identity(ident, "identityHash", identity)
        elif kind == "email":
            identity = _plain_email(ident, "identityHash", identity)
        subject.failed = subject.failed or ident.failed
        candidates.append(Recipient(kind, identity, hashed, ident.text("salt")))
    emails = [c for c in candidates if c.kind == "email"]
    if emails or candidates:
        return (emails or candidates)[0]
    subject_id = subject.text("id")
    if subject_id is None:
        subject.error(None, "credentialSubject has neither an id nor an identifier: who earned it?")
        return None
    if subject_id.startswith("mailto:"):
        return Recipient("email", _plain_email(subject, "id", subject_id))
    return Recipient("id", subject_id)


def _verification(
    received: _Received,
    key: IssuerKey | None,
    allowed: tuple[str, ...],
    unsigned: tuple[str, str],
    node: Node,
) -> tuple[str, str]:
    token = received.token
    if token is None:
        return unsigned
    if token.algorithm not in allowed:  # `none`, or an HMAC "signed" with a public key: never trusted
        message = f"signed with {token.algorithm}; only {', '.join(allowed)} is accepted for this badge"
        node.error(None, message, path=received.base_path)
        return "failed", message
    if key is None:
        return (
            "unverified",
            f"signed ({token.algorithm}) but no issuer key was supplied; signature not checked",
        )
    try:
        check_signature(token, key, allowed)
    except ValueProblem as problem:
        node.error(None, str(problem), path=received.base_path)
        return "failed", str(problem)
    return "verified", f"signature ({token.algorithm}) checked with the supplied issuer key"


def _ob2(received: _Received, node: Node, key: IssuerKey | None, documents: Documents) -> BadgeRecord | None:
    assertion_id = node.text("id", required=True, max_length=500)
    recipient = _ob2_recipient(node)
    badge = _resolve(node, "badge", documents, "BadgeClass")
    name = description = badge_class_id = None
    issuer_name = issuer_id = issuer_url = None
    alignments: tuple[Alignment, ...] = ()
    if badge is not None:
        name = badge.text("name", required=True, max_length=300)
        description = badge.text("description")
        badge_class_id = badge.text("id")
        alignments = _alignments(badge)
        issuer = _resolve(badge, "issuer", documents, "issuer profile")
        if issuer is not None:
            issuer_name = issuer.text("name", required=True, max_length=300)
            issuer_id = issuer.text("id")
            issuer_url = issuer.text("url")
            badge.failed = badge.failed or issuer.failed
        node.failed = node.failed or badge.failed
    issued_at = node.convert("issuedOn", _when, required=True)
    expires_at = node.convert("expires", _when)
    if issued_at and expires_at and expires_at < issued_at:
        node.error("expires", f"expires {expires_at:%Y-%m-%d}, before it was issued on {issued_at:%Y-%m-%d}")
    revoked = node.value.get("revoked") is True
    reason = node.text("revocationReason")
    check = node.value.get("verification") or node.value.get("verify") or {}
    kind = str(check.get("type", "")).lower() if isinstance(check, dict) else ""
    if kind in ("hosted", "hostedbadge"):
        unsigned = ("unverified", HOSTED_NOTE)
    elif kind in ("signed", "signedbadge"):
        unsigned = (
            "unverified",
            "marked as signed but received without its signature (JWS); nothing to check",
        )
    else:
        unsigned = ("unverified", "no verification method given")
    status, note = _verification(received, key, OB2_ALGORITHMS, unsigned, node)
    if node.failed:
        return None
    if revoked:
        status, note = "revoked", "revoked by the issuer" + (f": {reason}" if reason else "")
    assert assertion_id and recipient and name and issuer_name and issued_at
    return BadgeRecord(
        origin=Origin(node.result.file, path=received.base_path),
        format="openbadges-2",
        packaging=received.packaging,
        assertion_id=assertion_id,
        recipient=recipient,
        badge_name=name,
        badge_description=description,
        badge_class_id=badge_class_id,
        issuer_name=issuer_name,
        issuer_id=issuer_id,
        issuer_url=issuer_url,
        issued_at=issued_at,
        expires_at=expires_at,
        revoked=revoked,
        revocation_reason=reason,
        evidence_url=_evidence(node.items("evidence")),
        alignments=alignments,
        verification=status,
        verification_note=note,
        raw_json=received.raw_json,
        raw_signed=received.token.token if received.token else None,
    )


def _ob3_contexts(node: Node) -> None:
    contexts = _types(node.value.get("@context"))
    if not any(c in VC_CONTEXTS for c in contexts):
        node.error(
            "@context", "@context lacks the W3C credentials context (https://www.w3.org/ns/credentials/v2)"
        )
    if not any(c.startswith(OB3_CONTEXT_PREFIX) for c in contexts):
        node.error(
            "@context", f"@context lacks the Open Badges 3.0 context ({OB3_CONTEXT_PREFIX}-3.0.3.json)"
        )
    if not set(OB3_TYPES) & set(_types(node.value.get("type"))):
        node.error("type", "type should include OpenBadgeCredential (or AchievementCredential)")


def _jwt_claims(received: _Received, node: Node, payload: dict[str, Any], issuer_id: str | None) -> None:
    iss = payload.get("iss")
    if iss is not None and issuer_id is not None and iss != issuer_id:
        node.error(
            "iss", f"the JWT iss {iss!r} is not the credential's issuer id {issuer_id!r}", path="$.iss"
        )


def _ob3_unsigned(node: Node) -> tuple[str, str]:
    proofs = [p for p, _ in node.items("proof") if isinstance(p, dict)]
    if not proofs:
        return "unverified", "no proof: an unsigned credential cannot be verified"
    proof = proofs[0]
    what = str(proof.get("type", "proof"))
    if proof.get("cryptosuite"):
        what += f" ({proof['cryptosuite']})"
    return "unverified", f"embedded {what} not checked: it needs RDF canonicalisation, not available offline"


def _ob3(
    received: _Received,
    node: Node,
    key: IssuerKey | None,
    documents: Documents,
    payload: dict[str, Any] | None,
) -> BadgeRecord | None:
    _ob3_contexts(node)
    credential_id = node.text("id", max_length=500) or (payload or {}).get("jti")
    if not credential_id:
        node.error("id", "the credential has no id")
    issuer = _resolve(node, "issuer", documents, "issuer profile")
    issuer_name = issuer_id = issuer_url = None
    if issuer is not None:
        issuer_id = issuer.text("id")
        issuer_name = issuer.text("name", required=True, max_length=300)
        issuer_url = issuer.text("url")
        node.failed = node.failed or issuer.failed
    issued_key = "validFrom" if "validFrom" in node.value else "issuanceDate"
    issued_at = node.convert(issued_key, _when)
    if issued_at is None and payload and isinstance(payload.get("nbf"), int):
        issued_at = _when(payload["nbf"])
    if issued_at is None and node.value.get(issued_key) in (None, ""):
        node.error("validFrom", "validFrom (or issuanceDate) is missing")
    expires_key = "validUntil" if "validUntil" in node.value else "expirationDate"
    expires_at = node.convert(expires_key, _when)
    if expires_at is None and payload and isinstance(payload.get("exp"), int):
        expires_at = _when(payload["exp"])
    if issued_at and expires_at and expires_at < issued_at:
        node.error(
            expires_key, f"valid until {expires_at:%Y-%m-%d}, before it was issued on {issued_at:%Y-%m-%d}"
        )
    subject_value = node.value.get("credentialSubject")
    if isinstance(subject_value, list) and len(subject_value) == 1:
        subject_value = subject_value[0]
    subject = None
    if isinstance(subject_value, dict):
        subject = Node(subject_value, node.at("credentialSubject"), node.result)
    else:
        node.error("credentialSubject", "credentialSubject should be one object")
    recipient = _ob3_recipient(subject) if subject else None
    achievement = subject.child("achievement", required=True) if subject else None
    name = description = achievement_id = None
    alignments: tuple[Alignment, ...] = ()
    if achievement is not None and subject is not None:
        name = achievement.text("name", required=True, max_length=300)
        description = achievement.text("description")
        achievement_id = achievement.text("id")
        alignments = _alignments(achievement)
        subject.failed = subject.failed or achievement.failed
    if subject is not None:
        node.failed = node.failed or subject.failed
    if payload is not None:
        _jwt_claims(received, node, payload, issuer_id)
    status, note = _verification(received, key, OB3_ALGORITHMS, _ob3_unsigned(node), node)
    if node.value.get("credentialStatus"):
        note += "; its credentialStatus (revocation list) needs the network and was not checked"
    if node.failed:
        return None
    evidence = _evidence(node.items("evidence")) or (
        _evidence(subject.items("evidence")) if subject else None
    )
    assert credential_id and recipient and name and issuer_name and issued_at
    return BadgeRecord(
        origin=Origin(node.result.file, path=received.base_path),
        format="openbadges-3",
        packaging=received.packaging,
        assertion_id=str(credential_id),
        recipient=recipient,
        badge_name=name,
        badge_description=description,
        badge_class_id=achievement_id,
        issuer_name=issuer_name,
        issuer_id=issuer_id,
        issuer_url=issuer_url,
        issued_at=issued_at,
        expires_at=expires_at,
        revoked=False,
        revocation_reason=None,
        evidence_url=evidence,
        alignments=alignments,
        verification=status,
        verification_note=note,
        raw_json=received.raw_json,
        raw_signed=received.token.token if received.token else None,
    )


def badge_version(document: Any) -> int | None:
    """2 for an Open Badges 2.0 Assertion, 3 for a Verifiable Credential, else None."""
    if not isinstance(document, dict):
        return None
    types = _types(document.get("type"))
    if "VerifiableCredential" in types:
        return 3
    if "Assertion" in types or ("recipient" in document and "badge" in document):
        return 2
    return None


def _receive(text: str, container: str | None, result: ParseResult) -> _Received | None:
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
            return _Received(payload["vc"], raw, prefix + "vc-jwt", token, "$.vc")
        kind = "vc-jwt" if badge_version(payload) == 3 else "jws"
        return _Received(payload, raw, prefix + kind, token)
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
        return _Received(document, received_text, prefix + "json")
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


def _unpack(raw: bytes, result: ParseResult) -> _Received | None:
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
    data: bytes | BinaryIO,
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
        record = _ob2(received, node, key, documents or {})
    else:
        payload = payload_json(received.token) if received.token else None
        record = _ob3(received, node, key, documents or {}, payload if isinstance(payload, dict) else None)
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
