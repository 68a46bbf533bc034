"""Diff, set, audit: how every update of a stored row is written, by a form or an importer.

An update changes only the fields whose wanted value differs from the stored one, and leaves
one audit event with exactly those fields before and after, so an import of an unchanged
export writes nothing and a changed field is never silent.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sqlmodel import Session, SQLModel

from ..access import Scope
from .audit import record_audit

Same = Callable[[str, Any, Any], bool]
Change = tuple[Any, Any]  # (stored, wanted)


def _equal(_field: str, stored: Any, wanted: Any) -> bool:
    return stored == wanted


def diff(stored: Mapping[str, Any], wanted: Mapping[str, Any], *, same: Same = _equal) -> dict[str, Change]:
    """{field: (stored, wanted)} for each wanted field that differs from the stored value."""
    return {
        name: (stored[name], value) for name, value in wanted.items() if not same(name, stored[name], value)
    }


def apply_changes(
    session: Session,
    scope: Scope,
    row: SQLModel,
    wanted: Mapping[str, Any],
    *,
    action: str,
    entity: str,
    same: Same = _equal,
    also_changed: Mapping[str, Any] | None = None,
) -> dict[str, Change]:
    """Set on `row` each wanted field that differs, and audit before and after once.

    `also_changed` are changes the caller made elsewhere (a credential's skills) that belong in
    the same audit event. Returns the field changes; nothing is written when there are none.
    """
    changes = diff({name: getattr(row, name) for name in wanted}, wanted, same=same)
    if not changes and not also_changed:
        return changes
    for name, (_, value) in changes.items():
        setattr(row, name, value)
    session.add(row)
    session.flush()
    record_audit(
        session,
        scope,
        action=action,
        entity=entity,
        entity_id=getattr(row, "id", None),
        before={name: old for name, (old, _) in changes.items()},
        after={**{name: new for name, (_, new) in changes.items()}, **(also_changed or {})},
    )
    return changes


def switch_active(
    session: Session, scope: Scope, row: Any, active: bool, *, entity: str, on: str, off: str
) -> bool:
    """Turn a named row's `active` flag (a plan, a rule) on or off, with one audit event naming
    it; False, and nothing written, when it already was."""
    if row.active == active:
        return False
    row.active = active
    session.add(row)
    record_audit(
        session,
        scope,
        action=on if active else off,
        entity=entity,
        entity_id=row.id,
        after={"name": row.name, "active": active},
    )
    return True
