"""JSON kinds (xAPI, catalog JSON, badges) refuse junk as clearly as the CSV kinds do."""

from __future__ import annotations

from datetime import date

import pytest

import data_model.formats.json_input as json_input
from data_model.formats import parse_badge, parse_badges, parse_catalog, parse_xapi
from data_model.formats.openbadges import MAX_BADGE_BYTES

from .conftest import EndlessLine, where

TODAY = date(2026, 2, 1)


def xapi(data):
    return parse_xapi(data, file_name="lrs.json", today=TODAY)


def catalog(data):
    return parse_catalog(data, file_name="catalog.json")


@pytest.mark.parametrize("parse", [xapi, catalog])
def test_empty_latin1_and_binary_json(parse):
    assert [e.message for e in parse(b"").errors] == ["the file is empty"]
    latin1 = '{"credentials": [], "statements": ["café"]}'.encode("latin-1")
    assert where(parse(latin1)) == [(where(parse(latin1))[0][0], None, None)]
    offset = latin1.index(b"\xe9")
    assert parse(latin1).errors[0].message.startswith(f"not UTF-8 text (byte 0xE9 at offset {offset})")
    junk = parse(bytes(range(256)))
    assert len(junk.errors) == 1


def test_binary_junk_is_refused_without_reading_on():
    assert xapi(b"[\x00\x01\x02").errors[0].message == "binary data, not JSON (NUL byte at offset 1)"


def test_a_1_gb_stream_of_junk_stops_at_the_first_chunk():
    stream = EndlessLine(b"", size=1 << 30)
    result = xapi(stream)
    assert result.errors[0].message == "not JSON: it should start with { or ["
    assert stream.served <= 1 << 16


def test_a_1_gb_json_document_stops_at_the_size_cap(monkeypatch):
    monkeypatch.setattr(json_input, "MAX_JSON_BYTES", 4 << 20)
    monkeypatch.setattr(json_input.read_json_source, "__defaults__", (4 << 20,))
    stream = EndlessLine(b'["', size=1 << 30)
    result = xapi(stream)
    assert result.errors[0].message == "the file is larger than 4 MB; export it in smaller pages"
    assert stream.served <= (4 << 20) + 1


def test_a_1_gb_badge_stops_at_the_badge_size_cap():
    for parse in (parse_badge, parse_badges):
        stream = EndlessLine(b"{", size=1 << 30)
        result = parse(stream, file_name="huge.json")
        assert result.errors[0].message == "larger than 10 MB; not a badge"
        assert stream.served <= MAX_BADGE_BYTES + (1 << 16)


def test_badge_files_in_the_wrong_encoding_or_binary():
    assert (
        parse_badge('{"id": "é"}'.encode("latin-1"), file_name="b.json")
        .errors[0]
        .message.startswith("not UTF-8 text (byte 0xE9")
    )
    assert "not a badge" in parse_badge(b"\x00\x01\x02\x03", file_name="b.bin").errors[0].message
