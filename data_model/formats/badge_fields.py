"""Pieces both Open Badges versions share: dates, linked documents, alignments, evidence, identities,
and the verification verdict.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from .badge_records import Alignment, ReceivedBadge
from .json_input import Node
from .jws import IssuerKey, check_signature
from .values import ValueProblem, is_web_link, parse_email, parse_timestamp

HOSTED_NOTE = "hosted verification needs the network; not fetched"

Documents = Mapping[str, dict[str, Any]]


def types_of(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def when(value: Any) -> datetime:
    if isinstance(value, bool):
        raise ValueProblem(f"{value!r} is not a date and time")
    if isinstance(value, int | float):  # Open Badges 1.x wrote Unix timestamps
        return datetime.fromtimestamp(value, UTC)
    if isinstance(value, str):
        return parse_timestamp(value)
    raise ValueProblem(f"{value!r} is not a date and time")


def resolve(node: Node, key: str, documents: Documents, what: str) -> Node | None:
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


def read_alignments(node: Node, key: str = "alignment") -> tuple[Alignment, ...]:
    found: list[Alignment] = []
    for item, path in node.items(key):
        if not isinstance(item, dict):
            node.error(key, "an alignment should be an object", path=path)
            continue
        texts = [item.get(k) for k in ("targetName", "targetUrl", "targetCode", "targetFramework")]
        name, url, code, framework = (str(t).strip() if isinstance(t, str | int) else None for t in texts)
        found.append(Alignment(name, url, code, framework))
    return tuple(found)


def first_evidence_url(values: list[tuple[Any, str]]) -> str | None:
    """The first evidence link that is a web link; a `javascript:` or `data:` one is never kept as a
    link (the badge's JSON, stored as received, still holds it)."""
    for item, _path in values:
        if isinstance(item, str) and is_web_link(item):
            return item.strip()
        if isinstance(item, dict) and is_web_link(item.get("id")):
            return item["id"].strip()
    return None


def check_hashed_identity(node: Node, key: str, identity: str) -> None:
    algorithm, sep, digest = identity.partition("$")
    if not sep or algorithm.lower() not in ("sha256", "md5") or not digest:
        node.error(key, f"a hashed identity should read sha256$<hex>, not {identity[:40]!r}")
        return
    try:
        int(digest, 16)
    except ValueError:
        node.error(key, f"a hashed identity should read sha256$<hex>, not {identity[:40]!r}")


def plain_email(node: Node, key: str, identity: str) -> str:
    try:
        return parse_email(identity.removeprefix("mailto:"))
    except ValueProblem as problem:
        node.error(key, str(problem))
        return identity


def verdict(
    received: ReceivedBadge,
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
