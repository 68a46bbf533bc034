"""The one error type every importer speaks, and the result a parser hands back.

Parsers and the writer that follows them report problems the same way, so a
person sees one table of `file:row:field: message` lines whatever went wrong:
a bad date found while parsing, or an unknown employee found while writing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")

# A file with a million bad rows must not need a million messages to say so.
MAX_ERRORS = 1000
# ...and past this many a file is not read further: a hostile 200 MB file of `{}` holds 70
# million statements with four errors each, and counting them all took a quarter of an hour of a
# server thread to say what the first thousand already say.
STOP_AFTER_ERRORS = 100_000


@dataclass(frozen=True, slots=True)
class ImportIssue:
    """One thing wrong with the input, located precisely enough to fix it.

    `row` is the 1-based line in a CSV file (the header is line 1). JSON inputs
    have no useful line, so `path` holds a JSON path such as
    `$.credentialSubject.achievement` instead. `field` is the column header as
    it appears in the file, or the JSON key.
    """

    file: str
    row: int | None
    field: str | None
    message: str
    path: str | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.path is not None:
            parts.append(self.path)
        elif self.row is not None:
            parts.append(str(self.row))
        if self.field and not (self.path and self.path.endswith(self.field)):
            parts.append(self.field)
        return ":".join(parts) + ": " + self.message


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a record came from, so the writer can report against the same place.

    `headers` maps our field names to the headers the file used, so an issue the
    writer raises ("unknown employee") names the column the person sees.
    """

    file: str
    row: int | None = None
    path: str | None = None
    headers: Mapping[str, str] | None = field(default=None, repr=False, compare=False)

    def issue(self, field_name: str | None, message: str) -> ImportIssue:
        """An ImportIssue at this record's place, e.g. for an unknown employee."""
        shown = field_name
        if field_name is not None and self.headers is not None:
            shown = self.headers.get(field_name, field_name)
        return ImportIssue(self.file, self.row, shown, message, self.path)


@dataclass
class ParseResult(Generic[T]):
    """What a parser found: the records that passed, and every problem.

    A result with any error must not be written at all: `records` then holds the
    rows that were fine, for a preview only. `notes` are things a person should
    know that are not errors ("2 columns ignored", "more statements on the LRS").
    `rows_read` counts data rows (or statements, or badges) seen.
    """

    file: str
    records: list[T] = field(default_factory=list)
    errors: list[ImportIssue] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rows_read: int = 0
    error_count: int = 0

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    @property
    def gave_up(self) -> bool:
        """True once STOP_AFTER_ERRORS errors are counted: a streaming parser stops reading."""
        return self.error_count >= STOP_AFTER_ERRORS

    def stop_reading(self, where: str) -> None:
        """Note that the file was not read past `where` (a line, a JSON path) because of its errors."""
        self.notes.append(
            f"stopped reading at {where} after {self.error_count:,} errors; "
            "fix these and import the file again to check the rest"
        )

    def add_error(self, issue: ImportIssue) -> None:
        """Record an error; past MAX_ERRORS only the count grows."""
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(issue)

    def error(
        self, row: int | None, field_name: str | None, message: str, *, path: str | None = None
    ) -> None:
        """Shorthand for an error in this result's own file."""
        self.add_error(ImportIssue(self.file, row, field_name, message, path))

    def merge(self, other: ParseResult[T]) -> None:
        """Fold another file's result into this one (a folder or zip of badges)."""
        self.records.extend(other.records)
        for issue in other.errors:
            self.add_error(issue)
        self.error_count += other.error_count - len(other.errors)
        self.notes.extend(other.notes)
        self.rows_read += other.rows_read

    def summary_of_errors(self) -> list[str]:
        """Every stored error as a line, plus how many more were not kept."""
        lines = [str(issue) for issue in self.errors]
        hidden = self.error_count - len(self.errors)
        if hidden > 0:
            lines.append(f"{self.file}: ... and {hidden} more errors")
        return lines
