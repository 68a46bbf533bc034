"""Learning-sessions CSV: written in one go; re-imports add nothing; a bad row is named, nothing written."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from data_model.models import AuditEvent, ImportBatch, LearningSession

from .conftest import HR, counts, csv_bytes, messages, where

GOOD = csv_bytes(
    "employee,date,minutes,hours,credential,session id,note",
    "E001,2026-01-05,90,,K8S-101,lms-1,Pods and deployments",
    "alan@example.com,2026-01-06,,1.5,,lms-2,",
    "E004,2026-01-08,,0.25,TF-201,lms-4,=cmd|' /C calc'!A0",
)


def stored(session) -> list[tuple]:
    session.expire_all()
    rows = session.exec(select(LearningSession).order_by(LearningSession.external_id)).all()
    return [(r.employee_id, r.date, r.minutes, r.credential_id, r.source, r.external_id) for r in rows]


def test_a_good_file_is_written_with_its_batch_and_one_audit_summary(org, run, session):
    report = run("learning", GOOD, file_name="lms.csv")
    assert report.ok, messages(report)
    assert counts(report) == {"learning_session": (3, 0, 0, 0)}
    p, c = org.people, org.credentials
    assert stored(session) == [
        (p["E001"].id, date(2026, 1, 5), 90, c["K8S-101"].id, "csv", "lms-1"),
        (p["E002"].id, date(2026, 1, 6), 90, None, "csv", "lms-2"),
        (p["E004"].id, date(2026, 1, 8), 15, c["TF-201"].id, "csv", "lms-4"),
    ]
    batch = session.get(ImportBatch, report.batch_id)
    assert (
        batch.kind,
        batch.file_name,
        batch.rows_read,
        batch.rows_written,
        batch.errors,
        batch.created_by,
    ) == (
        "learning",
        "lms.csv",
        3,
        3,
        0,
        HR,
    )
    assert len(batch.sha256) == 64
    assert {s.import_batch_id for s in session.exec(select(LearningSession))} == {batch.id}
    audit = session.exec(select(AuditEvent).where(AuditEvent.action == "import_learning")).one()
    assert (audit.actor, audit.entity_id) == (HR, str(batch.id))
    assert '"created": 3' in audit.after


def test_the_same_file_twice_writes_nothing_the_second_time(org, run, checksums, session):
    first = run("learning", GOOD, file_name="lms.csv")
    first_on = session.get(ImportBatch, first.batch_id).created_at.date()
    before = checksums()
    second = run("learning", GOOD, file_name="lms-again.csv")
    assert checksums() == before
    assert second.ok and second.batch_id is None
    assert second.already_imported == f"already imported as batch #{first.batch_id} on {first_on}"


def test_the_same_records_from_another_file_add_nothing(org, run, checksums):
    run("learning", GOOD)
    before = checksums()
    reordered = csv_bytes(
        "session id,employee,minutes,date,credential",
        "lms-4,E004,15,2026-01-08,TF-201",
        "lms-1,E001,90,2026-01-05,K8S-101",
    )
    report = run("learning", reordered, file_name="other.csv")
    assert report.ok, messages(report)
    assert counts(report) == {"learning_session": (0, 0, 2, 0)}
    assert report.batch_id is None
    assert checksums() == before


def test_rows_without_ids_are_recognised_when_imported_again(org, run, session, checksums):
    rows = (
        "employee,date,minutes,note",
        "E001,2026-01-05,30,",
        "E001,2026-01-05,30,",
        "E002,2026-01-06,45,x",
    )
    first = run("learning", csv_bytes(*rows))
    assert counts(first) == {"learning_session": (3, 0, 0, 0)}  # two identical rows are two sessions
    before = checksums()
    again = run("learning", csv_bytes(*rows, ""), file_name="same-rows.csv")  # other bytes, same rows
    assert counts(again) == {"learning_session": (0, 0, 3, 0)}
    assert checksums() == before
    more = run("learning", csv_bytes(*rows, "E001,2026-01-05,30,"), file_name="one-more.csv")
    assert counts(more) == {"learning_session": (1, 0, 3, 0)}  # a third identical row is new
    assert len(stored(session)) == 4


def test_a_dry_run_counts_but_writes_nothing(org, run, checksums):
    before = checksums()
    report = run("learning", GOOD, dry_run=True)
    assert report.ok and report.dry_run
    assert counts(report) == {"learning_session": (3, 0, 0, 0)}
    assert report.batch_id is None
    assert checksums() == before
    assert report.preview[0] == {
        "line": 2,
        "employee": "E001",
        "date": date(2026, 1, 5),
        "minutes": 90,
        "credential": "K8S-101",
        "external_id": "lms-1",
        "note": "Pods and deployments",
        "source": "csv",
    }


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ("E999,2026-01-05,30,,", "employee", "unknown employee E999"),
        ("nobody@example.com,2026-01-05,30,,", "employee", "unknown employee nobody@example.com"),
        ("E001,2026-01-05,30,NOPE-1,", "credential", "unknown credential NOPE-1"),
        ("E001,2026-01-05,0,,", "minutes", "0 minutes is outside 1..1440 (one day)"),
        ("E001,2026-01-05,1441,,", "minutes", "1441 minutes is outside 1..1440 (one day)"),
        ("E001,2026-02-02,30,,", "date", "2026-02-02 is in the future (today is 2026-02-01)"),
        ("E001,2026-01-05,abc,,", "minutes", "'abc' is not a number"),
        ("E001,2026-01-05,1,500,,", None, "this row has 6 values but the header has 5 columns"),
        ("E001,05/01/2026,30,,", "date", "is ambiguous"),
        (
            "E003,2026-01-05,30,,",
            "date",
            "E003 (Grace Hopper) was not employed on 2026-01-05 (hired 2021-01-04, left",
        ),
        ("E004,2022-08-31,30,,", "date", "was not employed on 2022-08-31 (hired 2022-09-01)"),
    ],
)
def test_each_bad_row_is_named_and_nothing_is_written(org, run, checksums, row, field, message):
    before = checksums()
    data = csv_bytes("employee,date,minutes,credential,note", "E002,2026-01-06,45,,fine", row)
    report = run("learning", data, file_name="lms.csv")
    assert where(report) == [("lms.csv", 3, field)]
    assert message in report.errors[0].message
    assert str(report.errors[0]).startswith(f"lms.csv:3:{field + ':' if field else ''} ")
    assert checksums() == before


def test_every_error_in_the_file_is_listed_not_just_the_first(org, run, checksums):
    before = checksums()
    data = csv_bytes(
        "employee,date,minutes",
        "E999,2026-01-05,30",
        "E001,2026-01-05,0",
        "E001,2026-01-05,30",
        "E998,2026-01-05,30",
    )
    report = run("learning", data)
    assert [(e.row, e.field) for e in report.errors] == [(2, "employee"), (3, "minutes"), (5, "employee")]
    assert report.error_count == 3
    assert checksums() == before


def test_an_error_after_many_good_rows_still_writes_nothing(org, run, checksums):
    before = checksums()
    rows = [f"E001,2025-{(i % 12) + 1:02d}-{(i % 28) + 1:02d},{(i % 300) + 1}" for i in range(30_000)]
    report = run("learning", csv_bytes("employee,date,minutes", *rows, "E999,2026-01-05,30"))
    assert where(report) == [("upload.csv", 30_002, "employee")]
    assert checksums() == before


def test_headers_are_reported_as_the_file_spells_them(org, run):
    report = run("learning", csv_bytes("Employee ID,Session Date,Learning Minutes", "E999,2026-01-05,30"))
    assert str(report.errors[0]) == "upload.csv:2:Employee ID: unknown employee E999"
