"""Typed reading of one CSV row, collecting every problem instead of stopping at the first.

A person fixing a file wants all of a row's mistakes at once, so each getter
records an error against the row and column and returns None, and the kind's
parser drops the row when `failed` is set.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Generic, Protocol, TypeVar

from .csv_reader import CsvRow, Layout, normal_header, open_csv
from .errors import Origin, ParseResult
from .refs import EmployeeRef
from .scratch import KeyIndex
from .sources import Source
from .values import ValueProblem, check_date_format, parse_date, parse_decimal, parse_email, parse_int

V = TypeVar("V")
EMAIL_HEADERS = frozenset({"email", "workemail", "emailaddress", "recipientemail"})


class Cells:
    """One row's cells, read with the kind's rules; errors go to the shared result."""

    def __init__(self, row: CsvRow, result: ParseResult, date_format: str | None = None) -> None:
        self.row = row
        self.result = result
        self.date_format = date_format
        self.failed = False

    @property
    def origin(self) -> Origin:
        return Origin(self.result.file, self.row.line, headers=self.row.headers)

    def header(self, name: str) -> str:
        """The column header as the file spells it, for messages."""
        return self.row.headers.get(name, name)

    def error(self, name: str | None, message: str) -> None:
        self.failed = True
        self.result.error(self.row.line, self.header(name) if name else None, message)

    def text(self, name: str, *, required: bool = False, max_length: int | None = None) -> str | None:
        value = self.row.get(name)
        if not value:
            if required:
                self.error(name, f"{self.header(name)} is empty")
            return None
        if max_length is not None and len(value) > max_length:
            self.error(name, f"longer than {max_length} characters ({len(value)})")
            return None
        return value

    def convert(self, name: str, parse: Callable[[str], V], *, required: bool = False) -> V | None:
        """Any cell through a `str -> value` function that raises ValueProblem."""
        value = self.text(name, required=required)
        if value is None:
            return None
        try:
            return parse(value)
        except ValueProblem as problem:
            self.error(name, str(problem))
            return None

    def date(self, name: str, *, required: bool = False) -> date | None:
        return self.convert(name, lambda text: parse_date(text, self.date_format), required=required)

    def decimal(self, name: str, *, required: bool = False) -> Decimal | None:
        return self.convert(name, parse_decimal, required=required)

    def int(self, name: str, *, required: bool = False) -> int | None:
        return self.convert(name, parse_int, required=required)

    def email(self, name: str, *, required: bool = False) -> str | None:
        return self.convert(name, parse_email, required=required)

    def employee(self, name: str = "employee") -> EmployeeRef | None:
        """A person by code or email; under an email header (`email`, `work email`) only an email will do."""
        if normal_header(self.header(name)) in EMAIL_HEADERS:
            found = self.convert(name, parse_email, required=True)
            return EmployeeRef("email", found) if found else None
        return self.convert(name, EmployeeRef.from_text, required=True)


R = TypeVar("R", bound="HasOrigin")


class HasOrigin(Protocol):
    @property
    def origin(self) -> Origin: ...


@dataclass(frozen=True)
class Unique(Generic[R]):
    """A key no two rows may share: a later row with it is an error pointing at the first line.

    `key` returns None for a record the rule does not apply to (a session without an id).
    """

    key: Callable[[R], str | None]
    field: str
    message: Callable[[R, int], str]


def read_records(
    data: Source,
    layout: Layout,
    result: ParseResult,
    record: Callable[[Cells], R | None],
    *,
    date_format: str | None = None,
    unique: Sequence[Unique[R]] = (),
) -> Iterator[R]:
    """The one reading loop of every CSV kind: open the file against its layout, read each row with
    the kind's `record` rules, refuse repeats of a `unique` key, and yield the good records.

    Keys are remembered in a KeyIndex each, so a file of millions of rows reads in flat memory.
    Every problem lands in `result`; a kind's parser is its layout, its row rules and its keys.
    """
    check_date_format(date_format)
    table = open_csv(data, layout, result)
    if table is None:
        return
    indexes = [KeyIndex() for _ in unique]
    try:
        for row in table.rows:
            found = record(Cells(row, result, date_format))
            if found is None:
                continue
            for rule, index in zip(unique, indexes, strict=True):
                key = rule.key(found)
                if key is None:
                    continue
                line = index.first(key, row.line)
                if line != row.line:
                    result.add_error(found.origin.issue(rule.field, rule.message(found, line)))
                    break
            else:
                yield found
    finally:
        for index in indexes:
            index.close()
