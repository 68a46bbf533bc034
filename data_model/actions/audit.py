"""The trace every write leaves: who, what, and a before/after summary."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlmodel import Session

from ..access import Scope
from ..bulk import bulk_insert
from ..models import (
    AuditEvent,
)


def _json(value: dict[str, Any] | None) -> str | None:
    return None if value is None else json.dumps(value, default=str, sort_keys=True)


def _audit_row(scope: Scope, event: dict[str, Any]) -> dict[str, Any]:
    """An audit_event row from record_audit's keyword arguments."""
    entity_id = event.get("entity_id")
    return {
        "actor": scope.email or scope.role,
        "action": event["action"],
        "entity": event["entity"],
        "entity_id": None if entity_id is None else str(entity_id),
        "before": _json(event.get("before")),
        "after": _json(event.get("after")),
    }


def record_audit(
    session: Session,
    scope: Scope,
    *,
    action: str,
    entity: str,
    entity_id: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Leave a trace of a write a person made."""
    event = {"action": action, "entity": entity, "entity_id": entity_id, "before": before, "after": after}
    session.add(AuditEvent(**_audit_row(scope, event)))


def record_audits(session: Session, scope: Scope, events: Iterable[dict[str, Any]]) -> int:
    """The same traces as `record_audit`, many at once (an import of a million people).

    Each event holds record_audit's keyword arguments. They are written with `bulk_insert`
    rather than as ORM objects, which a session would keep in memory until the commit.
    """
    rows = [_audit_row(scope, event) for event in events]
    if rows:
        bulk_insert(session, AuditEvent, rows)
    return len(rows)
