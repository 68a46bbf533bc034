"""What every kind's importer shares while it runs: the session, who is importing, and the tally.

A kind parses its file, resolves the records against the database, and writes
only while `ok` holds; every problem, the parser's or the writer's, lands in
the same ParseResult so the person sees one list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session

from data_model.access import Scope
from data_model.formats import ImportIssue, Origin, ParseResult
from data_model.models import ImportBatch

from .report import ImportReport

# (step, done, total): the same shape as the seed generator's progress callback.
Progress = Callable[[str, int, int], None]

MAX_CHANGE_NOTES = 50


def no_progress(_step: str, _done: int, _total: int) -> None:
    return None


@dataclass
class ImportContext:
    session: Session
    scope: Scope
    report: ImportReport
    sha256: str
    today: date
    date_format: str | None = None
    issuer_key: bytes | None = None
    progress: Progress = no_progress
    result: ParseResult[Any] = field(default_factory=lambda: ParseResult(""))
    batch_id: int | None = None
    _change_notes: int = 0

    @property
    def file_name(self) -> str:
        return self.report.file

    @property
    def ok(self) -> bool:
        """True while no error has been found: only then may anything be written."""
        return self.result.ok

    def error(self, origin: Origin, field_name: str | None, message: str) -> None:
        """An error for one record, at its line (or JSON path) and column."""
        self.result.add_error(origin.issue(field_name, message))

    def file_error(self, message: str) -> None:
        self.result.add_error(ImportIssue(self.file_name, None, None, message))

    def count(self, table: str, change: str, n: int = 1) -> None:
        self.report.count(table, change, n)

    def note(self, text: str) -> None:
        self.report.notes.append(text)

    def change_note(self, text: str) -> None:
        """A line about one changed record; past MAX_CHANGE_NOTES they are only counted."""
        self._change_notes += 1
        if self._change_notes <= MAX_CHANGE_NOTES:
            self.report.notes.append(text)

    def finish_change_notes(self) -> None:
        hidden = self._change_notes - MAX_CHANGE_NOTES
        if hidden > 0:
            self.report.notes.append(f"... and {hidden:,} more changes (see the audit trail)")

    def open_batch(self) -> int:
        """The ImportBatch row this import's rows point to, made on the first write."""
        if self.batch_id is None:
            batch = ImportBatch(
                kind=self.report.kind,
                file_name=self.file_name[:500],
                sha256=self.sha256,
                created_by=self.scope.email,
            )
            self.session.add(batch)
            self.session.flush()
            assert batch.id is not None
            self.batch_id = batch.id
        return self.batch_id
