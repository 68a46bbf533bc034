"""Open Badges 3.0 credentials (W3C Verifiable Credentials): contexts, issuer, subject, achievement, proof."""

from __future__ import annotations

from typing import Any

from .badge_fields import (
    Documents,
    check_hashed_identity,
    first_evidence_url,
    plain_email,
    read_alignments,
    resolve,
    types_of,
    verdict,
    when,
)
from .badge_records import Alignment, BadgeRecord, ReceivedBadge, Recipient
from .errors import Origin
from .json_input import Node
from .jws import IssuerKey

VC_CONTEXTS = ("https://www.w3.org/ns/credentials/v2", "https://www.w3.org/2018/credentials/v1")
OB3_CONTEXT_PREFIX = "https://purl.imsglobal.org/spec/ob/v3p0/context"
OB3_TYPES = ("OpenBadgeCredential", "AchievementCredential")
ALGORITHMS = ("RS256", "EdDSA")


def _recipient(subject: Node) -> Recipient | None:
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
            check_hashed_identity(ident, "identityHash", identity)
        elif kind == "email":
            identity = plain_email(ident, "identityHash", identity)
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
        return Recipient("email", plain_email(subject, "id", subject_id))
    return Recipient("id", subject_id)


def _ob3_contexts(node: Node) -> None:
    contexts = types_of(node.value.get("@context"))
    if not any(c in VC_CONTEXTS for c in contexts):
        node.error(
            "@context", "@context lacks the W3C credentials context (https://www.w3.org/ns/credentials/v2)"
        )
    if not any(c.startswith(OB3_CONTEXT_PREFIX) for c in contexts):
        node.error(
            "@context", f"@context lacks the Open Badges 3.0 context ({OB3_CONTEXT_PREFIX}-3.0.3.json)"
        )
    if not set(OB3_TYPES) & set(types_of(node.value.get("type"))):
        node.error("type", "type should include OpenBadgeCredential (or AchievementCredential)")


def _jwt_claims(received: ReceivedBadge, node: Node, payload: dict[str, Any], issuer_id: str | None) -> None:
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


def read_credential(
    received: ReceivedBadge,
    node: Node,
    key: IssuerKey | None,
    documents: Documents,
    payload: dict[str, Any] | None,
) -> BadgeRecord | None:
    _ob3_contexts(node)
    credential_id = node.text("id", max_length=500) or (payload or {}).get("jti")
    if not credential_id:
        node.error("id", "the credential has no id")
    issuer = resolve(node, "issuer", documents, "issuer profile")
    issuer_name = issuer_id = issuer_url = None
    if issuer is not None:
        issuer_id = issuer.text("id")
        issuer_name = issuer.text("name", required=True, max_length=300)
        issuer_url = issuer.text("url")
        node.failed = node.failed or issuer.failed
    issued_key = "validFrom" if "validFrom" in node.value else "issuanceDate"
    issued_at = node.convert(issued_key, when)
    if issued_at is None and payload and isinstance(payload.get("nbf"), int):
        issued_at = when(payload["nbf"])
    if issued_at is None and node.value.get(issued_key) in (None, ""):
        node.error("validFrom", "validFrom (or issuanceDate) is missing")
    expires_key = "validUntil" if "validUntil" in node.value else "expirationDate"
    expires_at = node.convert(expires_key, when)
    if expires_at is None and payload and isinstance(payload.get("exp"), int):
        expires_at = when(payload["exp"])
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
    recipient = _recipient(subject) if subject else None
    achievement = subject.child("achievement", required=True) if subject else None
    name = description = achievement_id = None
    alignments: tuple[Alignment, ...] = ()
    if achievement is not None and subject is not None:
        name = achievement.text("name", required=True, max_length=300)
        description = achievement.text("description")
        achievement_id = achievement.text("id")
        alignments = read_alignments(achievement)
        subject.failed = subject.failed or achievement.failed
    if subject is not None:
        node.failed = node.failed or subject.failed
    if payload is not None:
        _jwt_claims(received, node, payload, issuer_id)
    status, note = verdict(received, key, ALGORITHMS, _ob3_unsigned(node), node)
    if node.value.get("credentialStatus"):
        note += "; its credentialStatus (revocation list) needs the network and was not checked"
    if node.failed:
        return None
    evidence = first_evidence_url(node.items("evidence")) or (
        first_evidence_url(subject.items("evidence")) if subject else None
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
