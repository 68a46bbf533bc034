"""Reading a CSV export safely: whatever a person uploads, we answer with rows or a clear error.

What a real HRIS or LMS export looks like varies: UTF-8 with or without a BOM,
commas or semicolons, CRLF or LF, headers spelt a dozen ways. What people upload
by mistake varies more: an .xlsx, a latin-1 file, a file with no rows, a
generated file with ten thousand columns or one endless line. This module reads
the bytes as a stream, line by line, so an absurd input is refused after the
first megabyte instead of filling memory, and maps the header onto our field
names through per-kind alias tables.
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from itertools import chain

from .errors import ParseResult
from .sources import BinaryStream, Source
from .values import normal_word

MAX_COLUMNS = 200
MAX_LINE_BYTES = 1 << 20  # 1 MiB: far beyond any honest row, small enough to refuse cheaply
CHUNK_BYTES = 1 << 16
# The csv module's own default; we read it rather than raise it, since it is process-wide.
MAX_FIELD_CHARS = csv.field_size_limit()

# Files people upload instead of a CSV, by their first bytes.
_MAGIC = (
    (b"PK\x03\x04", "a ZIP archive (an Excel .xlsx is one); export the sheet as CSV UTF-8"),
    (b"\xd0\xcf\x11\xe0", "an old Excel .xls file; export the sheet as CSV UTF-8"),
    (b"\x89PNG", "a PNG image, not CSV text"),
    (b"%PDF", "a PDF document, not CSV text"),
    (b"\x1f\x8b", "a gzip archive; unpack it first"),
    (b"\xff\xfe", "UTF-16 text; save the file as UTF-8"),
    (b"\xfe\xff", "UTF-16 text; save the file as UTF-8"),
)
_BOM = b"\xef\xbb\xbf"


@functools.lru_cache(maxsize=1024)  # asked once per row for the employee column of a million-row file
def normal_header(text: str) -> str:
    """A header as compared, by the same rule as vocabulary words ('Work_Email' = 'work email')."""
    return normal_word(text)


@dataclass(frozen=True)
class Column:
    """One field we read and the headers that may name it in a file."""

    name: str
    aliases: tuple[str, ...] = ()
    required: bool = False

    def accepted(self) -> list[str]:
        return [self.name, *self.aliases]


# The person a learning or enrollment row is about: an employee code or a work email.
EMPLOYEE_COLUMN = Column(
    "employee",
    (
        "employee code",
        "employee_id",
        "employee id",
        "employee number",
        "email",
        "work email",
        "person",
        "learner",
        "user",
    ),
    required=True,
)


@dataclass(frozen=True)
class Layout:
    """The columns of one kind of file.

    `one_of` lists groups where at least one column must be present (minutes or
    hours; name or first and last name), each with the words used to say so.
    """

    columns: tuple[Column, ...]
    one_of: tuple[tuple[tuple[str, ...], str], ...] = ()

    def lookup(self) -> dict[str, str]:
        table: dict[str, str] = {}
        for column in self.columns:
            for alias in column.accepted():
                key = normal_header(alias)
                if table.setdefault(key, column.name) != column.name:
                    raise ValueError(f"alias {alias!r} names two columns")  # a bug in a table, not input
        return table


@dataclass(slots=True)
class CsvRow:
    """One data row: its first line in the file and its cells by our field names."""

    line: int
    values: dict[str, str]
    headers: Mapping[str, str] = field(repr=False)

    def get(self, name: str) -> str:
        return self.values.get(name, "")

    def has(self, name: str) -> bool:
        return name in self.headers


class _Stop(Exception):
    """Reading cannot go on; the message says why and where."""

    def __init__(self, row: int | None, message: str) -> None:
        super().__init__(message)
        self.row = row
        self.message = message


def _stream(data: Source) -> BinaryStream:
    if isinstance(data, bytes | bytearray | memoryview):
        return io.BytesIO(bytes(data))
    return data


class _Prefixed(io.RawIOBase):
    """A stream whose first bytes were already read to look at them."""

    def __init__(self, head: bytes, rest: BinaryStream) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self._head:
            if size < 0:
                data, self._head = self._head + self._rest.read(), b""
                return data
            data, self._head = self._head[:size], self._head[size:]
            return data
        return self._rest.read(size)


def peek(data: Source, size: int) -> tuple[bytes, BinaryStream]:
    """The first `size` bytes of a source, and a stream that still starts at the beginning."""
    if isinstance(data, bytes | bytearray | memoryview):
        raw = bytes(data)
        return raw[:size], io.BytesIO(raw)
    seekable = getattr(data, "seekable", None)
    if seekable is not None and seekable():
        # Read and step back: the caller keeps the real file, which a zip needs to seek in
        # (a wrapper would make it copy a 200 MB upload into memory).
        start = data.tell()
        head = data.read(size)
        data.seek(start)
        return head, data
    head = data.read(size)
    return head, _Prefixed(head, data)


def _binary_kind(head: bytes) -> str | None:
    for magic, what in _MAGIC:
        if head.startswith(magic):
            return what
    return None


def _decode(raw: bytes, line_no: int, offset: int) -> str:
    if b"\x00" in raw:
        at = offset + raw.index(b"\x00")
        raise _Stop(line_no, f"binary data, not CSV text (NUL byte at offset {at})")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        at = offset + exc.start
        raise _Stop(
            line_no, f"not UTF-8 text (byte 0x{raw[exc.start]:02X} at offset {at}); save the file as UTF-8"
        ) from None


def _too_long(line_no: int) -> _Stop:
    return _Stop(
        line_no,
        f"line {line_no} is longer than {MAX_LINE_BYTES:,} bytes; this is not a CSV export we can read "
        "(a cut-off or binary file?)",
    )


def physical_lines(data: Source) -> Iterator[str]:
    """Decoded lines, each ending in '\\n', read in chunks so one huge line costs at most 1 MiB.

    Raises `_Stop` for binary data, a non-UTF-8 byte or an over-long line.
    """
    stream = _stream(data)
    pending = b""
    line_no = 0
    offset = 0
    first = True
    while True:
        chunk = stream.read(CHUNK_BYTES)
        if isinstance(chunk, str):
            raise TypeError("CSV input must be bytes or a binary file (open it with 'rb')")
        if first:
            first = False
            what = _binary_kind(chunk)
            if what is not None:
                raise _Stop(None, f"this is {what}")
            if chunk.startswith(_BOM):
                chunk = chunk[len(_BOM) :]
                offset = len(_BOM)
        if not chunk:
            break
        parts = (pending + chunk).split(b"\n")
        pending = parts.pop()
        for raw in parts:
            line_no += 1
            if len(raw) >= MAX_LINE_BYTES:
                raise _too_long(line_no)
            yield _decode(raw, line_no, offset) + "\n"
            offset += len(raw) + 1
        if len(pending) >= MAX_LINE_BYTES:
            raise _too_long(line_no + 1)
    if pending:
        yield _decode(pending, line_no + 1, offset)


def sniff_delimiter(header: str) -> str:
    """Comma, semicolon or tab, whichever the header line uses most (outside quotes); comma on a tie."""
    outside = re.sub(r'"[^"]*"', "", header)
    return max((",", ";", "\t"), key=outside.count)


@dataclass
class CsvTable:
    """A CSV file opened against a layout: which column holds which field, and its rows."""

    delimiter: str
    headers: dict[str, str]  # our field name -> header as written in the file
    rows: Iterator[CsvRow]


def _map_header(
    names: list[str], layout: Layout, result: ParseResult
) -> tuple[dict[str, int], dict[str, str]] | None:
    lookup = layout.lookup()
    index: dict[str, int] = {}
    headers: dict[str, str] = {}
    ignored: list[str] = []
    ok = True
    for position, raw_name in enumerate(names):
        name = raw_name.strip()
        if not name:
            continue
        target = lookup.get(normal_header(name))
        if target is None:
            ignored.append(name)
        elif target in index:
            result.error(1, name, f"columns {headers[target]!r} and {name!r} both mean {target}; keep one")
            ok = False
        else:
            index[target] = position
            headers[target] = name
    for column in layout.columns:
        if column.required and column.name not in index:
            accepted = ", ".join(column.accepted())
            result.error(
                1, column.name, f"missing required column {column.name} (accepted headers: {accepted})"
            )
            ok = False
    for group, words in layout.one_of:
        if not any(name in index for name in group):
            result.error(1, group[0], f"missing column: {words}")
            ok = False
    if ignored:
        result.notes.append("ignored columns: " + ", ".join(ignored))
    return (index, headers) if ok else None


def open_csv(data: Source, layout: Layout, result: ParseResult) -> CsvTable | None:
    """Read the header and map it; None (with errors in `result`) when the file cannot be read.

    Rows are then read lazily from `CsvTable.rows`; a problem found mid-file
    (a latin-1 byte on line 90,000) ends the rows with one error in `result`.
    """
    lines = physical_lines(data)
    header_line = ""
    header_no = 0
    try:
        for text in lines:
            header_no += 1
            if text.strip():
                header_line = text
                break
    except _Stop as stop:
        result.error(stop.row, None, stop.message)
        return None
    if not header_line:
        result.error(None, None, "the file is empty")
        return None
    if "\r" in header_line.rstrip("\r\n"):
        result.error(
            header_no, None, "lines end in a lone CR (old Mac format); save with CRLF or LF line ends"
        )
        return None
    delimiter = sniff_delimiter(header_line)
    if header_line.count(delimiter) + 1 > MAX_COLUMNS:
        count = header_line.count(delimiter) + 1
        result.error(header_no, None, f"the header has {count:,} columns; at most {MAX_COLUMNS} are accepted")
        return None
    try:
        names = next(csv.reader([header_line], delimiter=delimiter))
    except csv.Error as exc:
        result.error(header_no, None, f"the header is not valid CSV ({exc})")
        return None
    mapped = _map_header(names, layout, result)
    if mapped is None:
        return None
    index, headers = mapped
    rows = _rows(chain([header_line], lines), delimiter, index, headers, len(names), header_no, result)
    return CsvTable(delimiter, headers, rows)


def _friendly(exc: csv.Error) -> str:
    text = str(exc)
    if "field larger than field limit" in text:
        return f"a value is longer than {MAX_FIELD_CHARS:,} characters (an unclosed quote?)"
    if "unexpected end of data" in text:
        return "a quoted value is never closed"
    return f"malformed CSV quoting ({text})"


def _rows(
    lines: Iterator[str],
    delimiter: str,
    index: dict[str, int],
    headers: dict[str, str],
    width: int,
    header_no: int,
    result: ParseResult,
) -> Iterator[CsvRow]:
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    base = header_no - 1
    seen_any = False
    try:
        next(reader)  # the header, already mapped
        previous = reader.line_num
        for cells in reader:
            line = base + previous + 1
            previous = reader.line_num
            if result.gave_up:
                result.stop_reading(f"line {line}")
                return
            if not any(cell.strip() for cell in cells):
                continue  # blank lines and ';;;;' rows that spreadsheets leave behind
            seen_any = True
            result.rows_read += 1
            if len(cells) > width:
                result.error(
                    line, None, f"this row has {len(cells)} values but the header has {width} columns"
                )
                continue
            values = {name: cells[i].strip() if i < len(cells) else "" for name, i in index.items()}
            yield CsvRow(line, values, headers)
    except _Stop as stop:
        result.error(stop.row, None, stop.message)
        return
    except csv.Error as exc:
        result.error(base + reader.line_num, None, _friendly(exc))
        return
    if not seen_any:
        result.error(None, None, "the file has a header but no rows")
