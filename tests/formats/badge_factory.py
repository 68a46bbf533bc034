"""Badges built in the tests with fresh keys: assertions, credentials, JWS and VC-JWT."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any

from jwt.api_jws import PyJWS

ALICE = "alice@example.com"


def hashed(email: str, salt: str | None = "s@lt!") -> dict[str, Any]:
    digest = hashlib.sha256((email + (salt or "")).encode()).hexdigest()
    recipient = {"type": "email", "hashed": True, "identity": f"sha256${digest}"}
    if salt is not None:
        recipient["salt"] = salt
    return recipient


def ob2_assertion(**changes: Any) -> dict[str, Any]:
    """An Open Badges 2.0 assertion with its BadgeClass and issuer embedded."""
    assertion = {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Assertion",
        "id": "urn:uuid:6b3b1d8e-0f0a-4a43-9d3a-6f1a2f0c0001",
        "recipient": hashed(ALICE),
        "badge": {
            "type": "BadgeClass",
            "id": "https://badges.example.org/classes/k8s-101",
            "name": "Kubernetes Fundamentals",
            "description": "Deploys and operates workloads on Kubernetes.",
            "image": "https://badges.example.org/k8s.png",
            "criteria": {"narrative": "Pass the practical exam."},
            "issuer": {
                "type": "Profile",
                "id": "https://badges.example.org/issuer",
                "name": "Example Academy",
                "url": "https://academy.example.org",
                "email": "badges@example.org",
            },
            "alignment": [
                {
                    "targetName": "Kubernetes",
                    "targetUrl": "http://data.europa.eu/esco/skill/kubernetes-example",
                    "targetCode": "K8S",
                    "targetFramework": "ESCO",
                }
            ],
        },
        "issuedOn": "2026-01-15T10:00:00+01:00",
        "evidence": [{"id": "https://academy.example.org/evidence/1", "narrative": "Exam passed"}],
        "verification": {"type": "hosted"},
    }
    assertion.update(changes)
    return assertion


def ob3_credential(**changes: Any) -> dict[str, Any]:
    """An Open Badges 3.0 credential for ALICE (hashed email identifier)."""
    digest = hashlib.sha256((ALICE + "pepper").encode()).hexdigest()
    credential = {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": "urn:uuid:91537dba-56cb-11ec-bf63-0242ac130002",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": "did:web:academy.example.org", "type": ["Profile"], "name": "Example Academy"},
        "validFrom": "2026-01-15T10:00:00Z",
        "validUntil": "2028-01-15T10:00:00Z",
        "name": "Terraform in Practice",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "emailAddress",
                    "hashed": True,
                    "identityHash": f"sha256${digest}",
                    "salt": "pepper",
                }
            ],
            "achievement": {
                "id": "https://academy.example.org/achievements/tf-201",
                "type": ["Achievement"],
                "name": "Terraform in Practice",
                "description": "Writes and reviews Terraform modules.",
                "criteria": {"narrative": "Build three modules."},
                "alignment": [
                    {"type": ["Alignment"], "targetName": "Terraform", "targetUrl": "https://x.example/tf"}
                ],
            },
        },
    }
    credential.update(changes)
    return credential


def sign(payload: dict[str, Any], key: Any, algorithm: str) -> str:
    return PyJWS().encode(json.dumps(payload).encode(), key, algorithm=algorithm)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def hmac_token(payload: dict[str, Any], secret: bytes) -> str:
    """The classic attack: HS256 'signed' with the issuer's public key as the secret."""
    head = (
        _b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode()) + "." + _b64(json.dumps(payload).encode())
    )
    signature = hmac.new(secret, head.encode(), hashlib.sha256).digest()
    return head + "." + _b64(signature)
