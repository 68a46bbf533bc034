"""What a badge becomes once read: the record the writer stores, and how to match its recipient."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from .errors import Origin
from .jws import SignedToken


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
class ReceivedBadge:
    """A badge document and how it arrived."""

    document: Any
    raw_json: str
    packaging: str
    token: SignedToken | None = None
    base_path: str = "$"
