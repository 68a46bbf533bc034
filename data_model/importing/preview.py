"""Records as plain rows for a person to eyeball before importing (the Data page's preview)."""

from __future__ import annotations

import dataclasses
from typing import Any

from data_model.formats import EmployeeRef, Recipient
from data_model.formats.badge_records import Alignment

PREVIEW_ROWS = 20
_SKIPPED = {"origin", "raw_json", "raw_signed", "alignments", "badge_description"}


def _plain(value: Any) -> Any:
    if isinstance(value, EmployeeRef):
        return value.value
    if isinstance(value, Recipient):
        return value.identity
    if isinstance(value, tuple):
        return "; ".join(str(_plain(v)) for v in value)
    if isinstance(value, Alignment):
        return value.target_name or value.target_code or value.target_url
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return ", ".join(f"{k}={_plain(v)}" for k, v in dataclasses.asdict(value).items() if v is not None)
    return value


def preview_of(record: Any) -> dict[str, Any]:
    """A record's fields (no raw JSON) with where it came from first: `line` or `path`."""
    origin = record.origin
    row: dict[str, Any] = {"line": origin.row if origin.row is not None else origin.path}
    for item in dataclasses.fields(record):
        if item.name not in _SKIPPED:
            row[item.name] = _plain(getattr(record, item.name))
    return row


def preview_rows(records: list[Any]) -> list[dict[str, Any]]:
    return [preview_of(record) for record in records[:PREVIEW_ROWS]]
