"""xAPI statements: time summed per ISO week by hand, voids dropped, cmi5 sessions counted once."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from data_model.formats import EmployeeRef, mbox_sha1sum, minutes_by_week, parse_xapi
from data_model.formats.durations import duration_seconds, whole_minutes
from data_model.formats.errors import STOP_AFTER_ERRORS
from data_model.formats.values import ValueProblem

from .conftest import fixture_bytes, messages, where

TODAY = date(2026, 2, 1)
ANN = EmployeeRef("email", "ann@example.com")
BOB = EmployeeRef("code", "E002")
CAROL = EmployeeRef("mbox_sha1sum", mbox_sha1sum("carol@example.com"))
VERBS = "http://adlnet.gov/expapi/verbs/"


def test_weekly_minutes_match_the_hand_computed_totals():
    result = parse_xapi(fixture_bytes("xapi_statements.json"), file_name="lrs.json", today=TODAY)
    assert result.ok, messages(result)
    # Worked out by hand from the fixture:
    # Ann   W02: 90 (#1, PT1H30M) + 21 (#3, PT20M30S rounds half up)     = 111
    #       W03: 45 (#2, Sunday 23:30 at -02:00 is Monday 01:30 UTC)     =  45
    #       #4 (10 s) rounds to 0 and is dropped; #5 "progressed" does not count;
    #       #6 is voided by #7.
    # Bob   W01: 60 (#16, failed on 2025-12-31, ISO week 2026-W01)      =  60
    #       W02: 55 (cmi5 registration 1: only terminated #11; #9, #10 skipped)
    #       W03: 30 + 40 (registration 2: two sessions, both terminated; #13 skipped)
    #            + 15 (#15: registration 3 has no terminated, so it counts) = 85
    # Carol W01: 120 (#17, Sunday 2026-01-04)                            = 120
    assert minutes_by_week(result.records) == {
        (ANN, "2026-W02"): 111,
        (ANN, "2026-W03"): 45,
        (BOB, "2026-W01"): 60,
        (BOB, "2026-W02"): 55,
        (BOB, "2026-W03"): 85,
        (CAROL, "2026-W01"): 120,
    }
    assert result.notes == [
        "1 voided statements not counted",
        "1 statements under 30 seconds round to 0 minutes and were dropped",
    ]


def test_one_record_per_counted_statement_with_its_id():
    result = parse_xapi(fixture_bytes("xapi_statements.json"), file_name="lrs.json", today=TODAY)
    ids = [int(r.external_id.rsplit("-", 1)[1]) for r in result.records]
    assert ids == [1, 2, 3, 11, 12, 14, 15, 16, 17]
    first = result.records[0]
    assert (first.date, first.minutes, first.source) == (date(2026, 1, 5), 90, "xapi")
    assert first.credential == "https://lms.example.com/courses/k8s-101"
    assert first.note == "Kubernetes Fundamentals"
    assert first.origin.path == "$.statements[0]"


def test_voided_statements_are_dropped_and_outside_voids_reported():
    statements = [
        statement("s1", "completed", "PT30M"),
        statement("s2", "completed", "PT20M"),
        void("v1", "s2"),
        void("v2", "imported-last-week"),
    ]
    result = parse_xapi(json.dumps(statements).encode(), file_name="lrs.json", today=TODAY)
    assert [r.external_id for r in result.records] == ["s1"]
    assert result.voided_elsewhere == ["imported-last-week"]


def test_a_cmi5_session_is_counted_once():
    statements = [
        statement("c", "completed", "PT25M", registration="r1"),
        statement("p", "passed", "PT25M", registration="r1"),
        statement("t", "terminated", "PT30M", registration="r1"),
    ]
    result = parse_xapi(json.dumps(statements).encode(), file_name="lrs.json", today=TODAY)
    assert [(r.external_id, r.minutes) for r in result.records] == [("t", 30)]


def statement(
    sid: str, verb: str, duration: str | None, *, registration=None, actor=None, when="2026-01-05T10:00:00Z"
):
    body = {
        "id": sid,
        "actor": actor or {"mbox": "mailto:ann@example.com"},
        "verb": {"id": VERBS + verb},
        "object": {"id": "https://lms.example.com/x"},
        "timestamp": when,
    }
    if duration is not None:
        body["result"] = {"duration": duration}
    if registration:
        body["context"] = {"registration": registration}
    return body


def void(sid: str, target: str) -> dict:
    return {
        "id": sid,
        "actor": {"mbox": "mailto:ann@example.com"},
        "verb": {"id": VERBS + "voided"},
        "object": {"objectType": "StatementRef", "id": target},
        "timestamp": "2026-01-06T10:00:00Z",
    }


def test_statement_errors_are_placed_by_path():
    statements = [
        {"id": "a", "verb": {"id": VERBS + "completed"}, "object": {"id": "x"}},
        {"id": "b", "actor": {"mbox": "mailto:ann@example.com"}, "object": {"id": "x"}},
        {"id": "c", "actor": {"mbox": "mailto:ann@example.com"}, "verb": {"id": VERBS + "completed"}},
        statement("d", "completed", "PT1M", actor={"name": "Ann"}),
        statement(
            "e", "completed", "PT1M", actor={"mbox": "mailto:a@example.com", "account": {"name": "E1"}}
        ),
        statement("f", "completed", "PT1M", actor={"mbox": "ann@example.com"}),
        statement("g", "completed", "PT1M", actor={"objectType": "Group", "member": []}),
        statement("h", "completed", "PT1:30"),
        statement("i", "completed", "P1M"),
        statement("j", "completed", "-PT10M"),
        statement("k", "completed", "PT24H1S"),
        statement("l", "completed", "PT10M", when="2026-03-01T00:00:00Z"),
        statement("h", "completed", "PT10M"),
    ]
    result = parse_xapi(json.dumps(statements).encode(), file_name="lrs.json", today=TODAY)
    assert where(result) == [
        ("lrs.json", "$[0].actor", "actor"),
        ("lrs.json", "$[1].verb", "verb"),
        ("lrs.json", "$[2].object", "object"),
        ("lrs.json", "$[3].actor", None),
        ("lrs.json", "$[4].actor", None),
        ("lrs.json", "$[5].actor.mbox", "mbox"),
        ("lrs.json", "$[6].actor", None),
        ("lrs.json", "$[12].id", "id"),
        ("lrs.json", "$[7].result.duration", "duration"),
        ("lrs.json", "$[8].result.duration", "duration"),
        ("lrs.json", "$[9].result.duration", "duration"),
        ("lrs.json", "$[10].result.duration", "duration"),
        ("lrs.json", "$[11].timestamp", "timestamp"),
    ]
    text = messages(result)
    assert "lrs.json:$[3].actor: the actor has no identifier (mbox, mbox_sha1sum or account.name)" in text
    assert "the actor has several identifiers (mbox, account); xAPI allows exactly one" in text
    assert "lrs.json:$[7].result.duration: 'PT1:30' is not an ISO 8601 duration (like PT1H30M)" in text
    assert "'P1M' has years or months" in text
    assert "'-PT10M' is negative" in text
    assert "'PT24H1S' is over 24 hours" in text


def test_an_lrs_page_notes_the_more_link_and_a_bare_statement_is_read():
    page = {"statements": [statement("s1", "completed", "PT5M")], "more": "/xapi/statements?page=2"}
    result = parse_xapi(json.dumps(page).encode(), file_name="page.json", today=TODAY)
    assert result.notes == [
        "this is one page of an LRS export; more statements at /xapi/statements?page=2 were not fetched"
    ]
    result = parse_xapi(
        json.dumps(statement("s1", "completed", "PT5M")).encode(), file_name="one.json", today=TODAY
    )
    assert len(result.records) == 1


def test_inputs_that_are_not_statements():
    for data, says in (
        (b"", "the file is empty"),
        (b'{"foo": 1}', 'expected a JSON array of statements or {"statements": [...]}'),
        (b"[1]", "a statement should be a JSON object"),
        (b"[", "not valid JSON"),
        ('["é"]'.encode("latin-1"), "not UTF-8 text (byte 0xE9 at offset 2)"),
    ):
        result = parse_xapi(data, file_name="x.json", today=TODAY)
        assert len(result.errors) == 1 and says in result.errors[0].message, data


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("PT1H30M", 5400),
        ("PT45.5S", Decimal("45.5")),
        ("P1D", 86400),
        ("PT0S", 0),
        ("PT1,5M", 90),
        ("P0Y0M0DT2H", 7200),
    ],
)
def test_durations(text, seconds):
    assert duration_seconds(text) == seconds


@pytest.mark.parametrize("text", ["PT1:30", "P", "PT", "1H", "P1Y", "P2W", "-PT1S", "PT1H30", "P1DT25H"])
def test_bad_durations(text):
    with pytest.raises(ValueProblem):
        duration_seconds(text)


def test_rounding_is_half_up_to_the_minute():
    assert [whole_minutes(Decimal(s)) for s in (29, 30, 89, 90, 150)] == [0, 1, 1, 2, 3]


def test_a_file_of_empty_objects_stops_after_the_error_limit():
    """Each `{}` is four errors (id, actor, verb, object): the parser stops at the 25,000th
    statement rather than reading 70 million of them to count errors nobody reads."""
    data = ("[" + ",".join(["{}"] * 60_000) + "]").encode()
    result = parse_xapi(data, file_name="x.json", today=date(2026, 1, 31))
    assert result.error_count == STOP_AFTER_ERRORS
    assert result.rows_read == STOP_AFTER_ERRORS // 4
    assert result.notes[-1].startswith(f"stopped reading at $[{STOP_AFTER_ERRORS // 4}] after 100,000 errors")
