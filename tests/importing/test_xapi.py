"""xAPI statements: stored minutes per person and ISO week match totals worked out by hand."""

from __future__ import annotations

import json
from collections import defaultdict

import pytest
from sqlmodel import select

from data_model.calendar import week_label as iso_week
from data_model.models import LearningSession
from tests.formats.conftest import fixture_bytes

from .conftest import counts, messages, where

VERBS = "http://adlnet.gov/expapi/verbs/"


@pytest.fixture
def lrs_people(org, session):
    """Ann and Carol join the organisation; Bob is the account name E002 (Alan)."""
    for code, email in (("E101", "ann@example.com"), ("E102", "carol@example.com")):
        person = org.employee(code, team="Cloud", hired="2024-01-01")
        person.email = email
        session.add(person)
    org.commit()
    return org


def statement(sid: str, verb: str, duration: str | None = "PT30M", **changes) -> dict:
    body = {
        "id": sid,
        "actor": {"mbox": "mailto:ann@example.com"},
        "verb": {"id": VERBS + verb},
        "object": {"id": "https://lms.example.com/courses/k8s-101"},
        "timestamp": "2026-01-05T10:00:00Z",
    }
    if duration is not None:
        body["result"] = {"duration": duration}
    body.update(changes)
    return body


def test_weekly_minutes_after_import_match_the_hand_computed_totals(lrs_people, run, session):
    report = run("xapi", fixture_bytes("xapi_statements.json"), file_name="lrs.json")
    assert report.ok, messages(report)
    assert counts(report) == {"learning_session": (9, 0, 0, 0)}
    p = lrs_people.people
    totals: dict[tuple[int, str], int] = defaultdict(int)
    for s in session.exec(select(LearningSession).where(LearningSession.source == "xapi")):
        totals[(s.employee_id, iso_week(s.date))] += s.minutes
    # Worked out by hand from the fixture (see tests/formats/test_xapi.py for each statement):
    # Ann W02 90 + 21, W03 45 (Sunday 23:30 at -02:00 is Monday UTC); the 10 s one, the voided one and
    # "progressed" add nothing. Bob (account E002) W01 60, W02 55 (cmi5: terminated only), W03 30 + 40 + 15.
    # Carol (mbox_sha1sum) W01 120.
    assert dict(totals) == {
        (p["E101"].id, "2026-W02"): 111,
        (p["E101"].id, "2026-W03"): 45,
        (p["E002"].id, "2026-W01"): 60,
        (p["E002"].id, "2026-W02"): 55,
        (p["E002"].id, "2026-W03"): 85,
        (p["E102"].id, "2026-W01"): 120,
    }
    k8s = session.exec(
        select(LearningSession).where(LearningSession.external_id.endswith("-000000000001"))
    ).one()
    assert (
        k8s.credential_id == lrs_people.credentials["K8S-101"].id
    )  # the activity IRI is the credential's url
    assert "1 voided statements not counted" in report.notes


def test_the_same_statements_again_add_nothing(lrs_people, run, checksums):
    run("xapi", fixture_bytes("xapi_statements.json"), file_name="lrs.json")
    before = checksums()
    assert run("xapi", fixture_bytes("xapi_statements.json"), file_name="lrs.json").already_imported
    page = json.loads(fixture_bytes("xapi_statements.json"))["statements"]
    again = run("xapi", json.dumps(page).encode(), file_name="lrs-as-array.json")
    assert counts(again) == {"learning_session": (0, 0, 9, 0)}
    assert checksums() == before


def test_a_statement_voided_later_is_removed_from_the_stored_sessions(lrs_people, run, session):
    run("xapi", json.dumps([statement("s1", "completed"), statement("s2", "completed")]).encode())
    void = statement("v1", "voided", None, object={"objectType": "StatementRef", "id": "s1"})
    report = run("xapi", json.dumps([void]).encode(), file_name="voids.json")
    assert report.ok, messages(report)
    assert counts(report) == {"learning_session": (0, 0, 0, 1)}
    assert session.exec(select(LearningSession.external_id)).all() == ["s2"]


@pytest.mark.parametrize(
    ("changes", "place", "field", "message"),
    [
        ({"actor": None}, "$[1].actor", "actor", "the statement has no actor"),
        ({"verb": None}, "$[1].verb", "verb", "the statement has no verb"),
        ({"object": None}, "$[1].object", "object", "the statement has no object"),
        ({"actor": {"name": "Ann"}}, "$[1].actor", None, "the actor has no identifier"),
        (
            {"actor": {"mbox": "mailto:ann@example.com", "account": {"name": "E001"}}},
            "$[1].actor",
            None,
            "the actor has several identifiers (mbox, account)",
        ),
        (
            {"result": {"duration": "PT1:30"}},
            "$[1].result.duration",
            "duration",
            "is not an ISO 8601 duration",
        ),
        ({"result": {"duration": "P1M"}}, "$[1].result.duration", "duration", "has years or months"),
        ({"result": {"duration": "-PT1H"}}, "$[1].result.duration", "duration", "is negative"),
        ({"result": {"duration": "PT25H"}}, "$[1].result.duration", "duration", "is over 24 hours"),
        (
            {"actor": {"mbox": "mailto:nobody@example.com"}},
            "$[1]",
            "actor",
            "unknown employee nobody@example.com",
        ),
        (
            {"actor": {"account": {"name": "E003"}}},
            "$[1]",
            "timestamp",
            "E003 (Grace Hopper) was not employed on",
        ),
        ({"timestamp": "2026-03-01T10:00:00Z"}, "$[1].timestamp", "timestamp", "is in the future"),
    ],
)
def test_each_statement_error_is_placed_and_nothing_written(
    lrs_people, run, checksums, changes, place, field, message
):
    before = checksums()
    bad = statement("s2", "completed")
    for key, value in changes.items():
        if value is None:
            bad.pop(key)
        else:
            bad[key] = value
    report = run("xapi", json.dumps([statement("s1", "completed"), bad]).encode(), file_name="lrs.json")
    assert where(report) == [("lrs.json", place, field)], messages(report)
    assert message in report.errors[0].message
    assert str(report.errors[0]).startswith(f"lrs.json:{place}")
    assert checksums() == before
