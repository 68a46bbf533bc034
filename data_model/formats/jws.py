"""Compact JWS: reading signed badges, and checking them with the issuer's public key.

Open Badges 2.0 signs assertions as JWS (RS256); Open Badges 3.0 may arrive as
a VC-JWT (RS256 or EdDSA). We only ever verify against a key the importing
person supplied, never a key named inside the token, and only with the
algorithms the format allows, so `none` or an HMAC "signed" with a public key
cannot pass.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from jwt.api_jws import PyJWS

from .values import ValueProblem

IssuerKey = RSAPublicKey | Ed25519PublicKey

_COMPACT = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")
_KEY_KIND = {"RS256": RSAPublicKey, "EdDSA": Ed25519PublicKey}


def looks_like_jws(text: str) -> bool:
    return bool(_COMPACT.fullmatch(text.strip()))


@dataclass(frozen=True)
class SignedToken:
    """A compact JWS split open but not yet trusted."""

    token: str
    header: dict[str, Any]
    payload: bytes

    @property
    def algorithm(self) -> str:
        return str(self.header.get("alg"))


def open_token(token: str) -> SignedToken:
    """Header and payload of a compact JWS, without checking the signature."""
    token = token.strip()
    try:
        decoded = PyJWS().decode_complete(token, options={"verify_signature": False})
    except jwt.PyJWTError as exc:
        raise ValueProblem(f"not a readable JWS ({exc})") from None
    header = decoded["header"]
    if not isinstance(header, dict):
        raise ValueProblem("the JWS header is not a JSON object")
    return SignedToken(token, header, decoded["payload"])


def payload_json(token: SignedToken) -> Any:
    try:
        return json.loads(token.payload.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ValueProblem("the JWS payload is not JSON") from None


def load_issuer_key(pem: bytes) -> IssuerKey:
    """An issuer's public key from PEM (RSA or Ed25519), or ValueProblem saying what is wrong."""
    try:
        key = load_pem_public_key(pem)
    except (ValueError, TypeError):
        raise ValueProblem("the issuer key is not a PEM public key (-----BEGIN PUBLIC KEY-----)") from None
    if not isinstance(key, RSAPublicKey | Ed25519PublicKey):
        raise ValueProblem(
            f"the issuer key is a {type(key).__name__}; only RSA and Ed25519 keys are accepted"
        )
    return key


def check_signature(token: SignedToken, key: IssuerKey, allowed: tuple[str, ...]) -> None:
    """Raise ValueProblem unless `token` is signed by `key` with one of the `allowed` algorithms."""
    algorithm = token.algorithm
    if algorithm not in allowed:
        raise ValueProblem(f"signed with {algorithm}; only {', '.join(allowed)} is accepted here")
    kind = _KEY_KIND[algorithm]
    if not isinstance(key, kind):
        raise ValueProblem(
            f"signed with {algorithm}, but the supplied issuer key is {_key_name(key)}; "
            "it cannot be the issuer's key for this badge"
        )
    try:
        PyJWS().decode_complete(token.token, key=key, algorithms=[algorithm])
    except jwt.InvalidSignatureError:
        raise ValueProblem("bad signature: the badge was not signed by the supplied issuer key") from None
    except jwt.PyJWTError as exc:
        raise ValueProblem(f"signature could not be checked ({exc})") from None


def _key_name(key: IssuerKey) -> str:
    return "an RSA key" if isinstance(key, RSAPublicKey) else "an Ed25519 key"
