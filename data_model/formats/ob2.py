"""Open Badges 2.0 assertions: recipient, BadgeClass, issuer Profile, dates, revocation, verification."""

from __future__ import annotations

from .badge_fields import (
    HOSTED_NOTE,
    Documents,
    check_hashed_identity,
    first_evidence_url,
    plain_email,
    read_alignments,
    resolve,
    verdict,
    when,
)
from .badge_records import Alignment, BadgeRecord, ReceivedBadge, Recipient
from .errors import Origin
from .json_input import Node
from .jws import IssuerKey

ALGORITHMS = ("RS256",)


def _recipient(node: Node) -> Recipient | None:
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
        check_hashed_identity(inner, "identity", identity)
    elif kind == "email":
        identity = plain_email(inner, "identity", identity)
    node.failed = node.failed or inner.failed
    return Recipient(kind, identity, bool(hashed), salt)


def read_assertion(
    received: ReceivedBadge, node: Node, key: IssuerKey | None, documents: Documents
) -> BadgeRecord | None:
    assertion_id = node.text("id", required=True, max_length=500)
    recipient = _recipient(node)
    badge = resolve(node, "badge", documents, "BadgeClass")
    name = description = badge_class_id = None
    issuer_name = issuer_id = issuer_url = None
    alignments: tuple[Alignment, ...] = ()
    if badge is not None:
        name = badge.text("name", required=True, max_length=300)
        description = badge.text("description")
        badge_class_id = badge.text("id")
        alignments = read_alignments(badge)
        issuer = resolve(badge, "issuer", documents, "issuer profile")
        if issuer is not None:
            issuer_name = issuer.text("name", required=True, max_length=300)
            issuer_id = issuer.text("id")
            issuer_url = issuer.text("url")
            badge.failed = badge.failed or issuer.failed
        node.failed = node.failed or badge.failed
    issued_at = node.convert("issuedOn", when, required=True)
    expires_at = node.convert("expires", when)
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
    status, note = verdict(received, key, ALGORITHMS, unsigned, node)
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
        evidence_url=first_evidence_url(node.items("evidence")),
        alignments=alignments,
        verification=status,
        verification_note=note,
        raw_json=received.raw_json,
        raw_signed=received.token.token if received.token else None,
    )
