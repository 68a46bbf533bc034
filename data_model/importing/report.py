"""What an import did, or would do: counts per table, notes, and every error, as plain values.

The CLI prints it, the Data page draws it, tests assert on it. Nothing here
touches the database, so a report can be kept in Streamlit's session state.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from data_model.formats import ImportIssue

CHANGES = ("created", "updated", "unchanged", "deleted")


@dataclass
class TableChange:
    """Rows of one table an import created, changed, found already stored, or removed."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    @property
    def written(self) -> int:
        return self.created + self.updated + self.deleted


@dataclass
class ImportReport:
    """The outcome of one import of one file.

    `counts` maps a table name to its TableChange. `errors` holds up to 1000
    issues (`error_count` is the full number). `batch_id` is the ImportBatch
    written, None for a dry run, a refused file, or a file that changed nothing.
    `already_imported` is set when this very file was imported before.
    `preview` holds the first records read, as plain dicts, for a person to check.
    """

    kind: str
    file: str
    dry_run: bool
    counts: dict[str, TableChange] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    errors: list[ImportIssue] = field(default_factory=list)
    error_count: int = 0
    rows_read: int = 0
    batch_id: int | None = None
    already_imported: str | None = None
    preview: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    @property
    def rows_written(self) -> int:
        return sum(change.written for change in self.counts.values())

    def count(self, table: str, change: str, n: int = 1) -> None:
        """Add `n` to one cell of the counts (`change` is created, updated, unchanged or deleted)."""
        if change not in CHANGES:
            raise ValueError(f"unknown change {change!r}")
        entry = self.counts.setdefault(table, TableChange())
        setattr(entry, change, getattr(entry, change) + n)

    def error_lines(self) -> list[str]:
        """Every error as `file:row:field: message`, plus how many more were not kept."""
        lines = [str(issue) for issue in self.errors]
        hidden = self.error_count - len(self.errors)
        if hidden > 0:
            lines.append(f"{self.file}: ... and {hidden:,} more errors")
        return lines

    def error_rows(self) -> list[dict[str, str]]:
        """The errors as a table a person can sort and download: file, row (or JSON path), field, message."""
        return [
            {
                "file": issue.file,
                "row": issue.path or ("" if issue.row is None else str(issue.row)),
                "field": issue.field or "",
                "message": issue.message,
            }
            for issue in self.errors
        ]

    def count_rows(self) -> list[dict[str, Any]]:
        """The counts as rows (table, created, updated, unchanged, deleted), tables in name order."""
        return [
            {"table": table, **{name: getattr(change, name) for name in CHANGES}}
            for table, change in sorted(self.counts.items())
        ]

    def summary(self) -> str:
        """One line for a person: what happened to this file."""
        if self.already_imported:
            return f"{self.file}: {self.already_imported}; nothing written"
        if not self.ok:
            return f"{self.file}: {self.error_count:,} error(s); nothing written"
        if self.rows_written == 0:
            return f"{self.file}: nothing to change ({self.rows_read:,} rows read, all already stored)"
        verb = "would write" if self.dry_run else "wrote"
        batch = f" as batch #{self.batch_id}" if self.batch_id is not None else ""
        return f"{self.file}: {verb} {self.rows_written:,} row(s){batch} ({self.rows_read:,} rows read)"
