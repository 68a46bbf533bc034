"""The one writer for files people open in a spreadsheet: CSV, XLSX and JSON.

Every download on a page, every `upskill export` and every `upskill report` goes through here,
so one rule holds for all of them (OWASP's "CSV injection" advice):
- CSV: a text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
  leading apostrophe, so Excel, LibreOffice and Google Sheets show it instead of running it;
- XLSX: every text cell is written as a string cell (never a formula), whatever it starts with;
- dates are ISO (`2026-12-03`), timestamps ISO with their offset, decimals plain, missing values
  empty (CSV, XLSX) or null (JSON).

Written by hand because pandas' `to_csv`/`to_excel` have no option for either rule: `to_excel`
turns any text starting with `=` into a live formula.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell  # what WriteOnlyCell, a function, returns

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Text a spreadsheet would run as a formula, with a leading apostrophe; other text as it is."""
    return "'" + text if text.startswith(FORMULA_START) else text


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def plain(value: Any) -> Any:
    """A JSON-ready value: ISO dates and timestamps, plain decimals, None for anything missing."""
    if _missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
        if isinstance(value, float) and math.isnan(value):
            return None
    return value


def cell(value: Any) -> str:
    """One value as CSV text: ISO dates, `true`/`false`, plain decimals, formulas neutralised."""
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return neutralise(value)
    return str(value)


def write_csv_rows(out: IO[str], header: list[str], rows: Iterable[Iterable[Any]]) -> int:
    """Stream rows as RFC 4180 CSV (header first, CRLF line ends, so a cell holding a bare
    carriage return is quoted too); returns the number of data rows."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(str(name)) for name in header])
    written = 0
    for row in rows:
        writer.writerow([cell(value) for value in row])
        written += 1
    return written


def _records(frame: pd.DataFrame) -> Iterable[tuple]:
    return frame.itertuples(index=False, name=None)


def csv_text(frame: pd.DataFrame) -> str:
    out = io.StringIO()
    write_csv_rows(out, [str(c) for c in frame.columns], _records(frame))
    return out.getvalue()


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV of a frame, safe to open in a spreadsheet."""
    return csv_text(frame).encode("utf-8")


def json_text(frame: pd.DataFrame) -> str:
    records = [{str(k): plain(v) for k, v in zip(frame.columns, row, strict=True)} for row in _records(frame)]
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def xlsx_bytes(frame: pd.DataFrame, *, sheet: str = "Report") -> bytes:
    """An XLSX workbook of the frame; every text cell is a string cell, never a formula."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    worksheet = book.create_sheet(sheet[:31] or "Report")

    def text_cell(text: str) -> Cell:
        written = WriteOnlyCell(worksheet, value=text)
        written.data_type = "s"  # openpyxl would read a leading "=" as a formula
        return written

    worksheet.append([text_cell(str(c)) for c in frame.columns])
    for row in _records(frame):
        cells: list[Any] = []
        for value in row:
            value = plain(value)
            if isinstance(value, str):
                cells.append(text_cell(value))
            else:
                cells.append(value)
        worksheet.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


FORMATS = ("csv", "json", "xlsx")


def frame_bytes(frame: pd.DataFrame, fmt: str) -> bytes:
    """The frame as a file of this format."""
    if fmt == "csv":
        return csv_bytes(frame)
    if fmt == "json":
        return json_text(frame).encode("utf-8")
    if fmt == "xlsx":
        return xlsx_bytes(frame)
    raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")


def write_frame(frame: pd.DataFrame, fmt: str, output: Path | None, *, stdout: IO[str] | None = None) -> None:
    """Write a frame to `output`, or as text to `stdout` (CSV and JSON only)."""
    if output is not None:
        output.write_bytes(frame_bytes(frame, fmt))
        return
    if fmt == "xlsx":
        raise ValueError("an XLSX file needs an output file")
    assert stdout is not None
    stdout.write(frame_bytes(frame, fmt).decode("utf-8"))
