"""Typed reading of one CSV row, collecting every problem instead of stopping at the first.

A person fixing a file wants all of a row's mistakes at once, so each getter
records an error against the row and column and returns None, and the kind's
parser drops the row when `failed` is set.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import TypeVar

from .csv_reader import CsvRow, normal_header
from .errors import Origin, ParseResult
from .refs import EmployeeRef
from .values import ValueProblem, parse_date, parse_decimal, parse_email, parse_int

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
