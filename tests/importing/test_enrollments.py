"""Enrollments CSV: new ones written in their final state, stored ones moved on by the Team page's actions."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlmodel import select

from data_model.models import AuditEvent, Enrollment

from .conftest import counts, csv_bytes, messages

HEADER = "employee,credential,status,assigned on,due date,completed on,reason"
GOOD = csv_bytes(
    HEADER,
    "E001,K8S-101,completed,2026-01-02,2026-02-01,2026-01-20,skill gap",
    "E002,K8S-101,in progress,2026-01-02,2026-02-01,,onboarding",
    "edsger@example.com,TF-201,assigned,2026-01-10,,,",
    "E004,K8S-101,withdrawn,2026-01-10,2026-03-01,,compliance",
    "E001,OLD-1,completed,2024-05-01,,2024-06-01,",
)


def rows(session) -> list[tuple]:
    session.expire_all()
    found = session.exec(select(Enrollment).order_by(Enrollment.employee_id, Enrollment.assigned_on)).all()
    return [
        (e.employee_id, e.credential_id, e.status, e.reason, e.assigned_on, e.due_date, e.completed_on)
        for e in found
    ]


def test_a_good_file_is_written_in_its_final_state_with_one_audit_event_each(org, run, session):
    report = run("enrollments", GOOD)
    assert report.ok, messages(report)
    assert counts(report) == {"enrollment": (5, 0, 0, 0)}
    p, c = org.people, org.credentials
    assert rows(session) == [
        (p["E001"].id, c["OLD-1"].id, "completed", "self", date(2024, 5, 1), None, date(2024, 6, 1)),
        (
            p["E001"].id,
            c["K8S-101"].id,
            "completed",
            "skill_gap",
            date(2026, 1, 2),
            date(2026, 2, 1),
            date(2026, 1, 20),
        ),
        (
            p["E002"].id,
            c["K8S-101"].id,
            "in_progress",
            "onboarding",
            date(2026, 1, 2),
            date(2026, 2, 1),
            None,
        ),
        (p["E004"].id, c["TF-201"].id, "assigned", "self", date(2026, 1, 10), None, None),
        (p["E004"].id, c["K8S-101"].id, "withdrawn", "compliance", date(2026, 1, 10), date(2026, 3, 1), None),
    ]
    audits = [a for a in session.exec(select(AuditEvent)) if a.action != "import_enrollments"]
    assert sorted(a.action for a in audits) == ["import_enrollment"] * 5
    started = {e.id: e.started_on for e in session.exec(select(Enrollment))}
    e001_k8s = next(
        a for a in audits if '"employee": "E001"' in a.after and '"credential": "K8S-101"' in a.after
    )
    # Completed without a start date: started on the assignment date, as complete_enrollment does.
    assert json.loads(e001_k8s.after)["started_on"] == "2026-01-02" == str(started[int(e001_k8s.entity_id)])


def test_an_update_moves_enrollments_forward_and_reports_it(org, run, session, checksums):
    run("enrollments", GOOD)
    later = csv_bytes(
        HEADER,
        "E002,K8S-101,completed,2026-01-02,2026-02-01,2026-01-25,onboarding",
        "E004,TF-201,assigned,2026-01-10,2026-04-30,,",
        "E001,K8S-101,completed,2026-01-02,2026-02-01,2026-01-20,skill gap",
    )
    report = run("enrollments", later, file_name="lms-feb.csv")
    assert report.ok, messages(report)
    assert counts(report) == {"enrollment": (0, 2, 1, 0)}
    assert (
        "E002 on K8S-101 (assigned 2026-01-02): completed, due 2026-02-01 (was in_progress, due 2026-02-01)"
        in report.notes
    )
    statuses = {(r[0], r[1]): (r[2], r[5], r[6]) for r in rows(session)}
    p, c = org.people, org.credentials
    assert statuses[(p["E002"].id, c["K8S-101"].id)] == ("completed", date(2026, 2, 1), date(2026, 1, 25))
    assert statuses[(p["E004"].id, c["TF-201"].id)] == ("assigned", date(2026, 4, 30), None)
    before = checksums()
    assert run("enrollments", later, file_name="again.csv").already_imported
    assert checksums() == before


def test_the_same_person_by_code_and_by_email_is_one_enrollment(org, run, checksums):
    before = checksums()
    report = run(
        "enrollments",
        csv_bytes(
            HEADER,
            "E001,K8S-101,completed,2026-01-02,,2026-01-20,",
            "ada@example.com,K8S-101,completed,2026-01-02,,2026-01-21,",
            "E002,K8S-101,assigned,2026-01-02,,,",
            "alan@example.com,K8S-101,in progress,2026-01-03,,,",
        ),
    )
    assert [(e.row, e.field, e.message) for e in report.errors] == [
        (3, "assigned on", "E001 on K8S-101 assigned on 2026-01-02 is also on line 2"),
        (5, "credential", "E002 already has an open enrollment on K8S-101 (line 4)"),
    ]
    assert checksums() == before


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ("E999,K8S-101,assigned,2026-01-10,,,", "employee", "unknown employee E999"),
        ("E001,NOPE,assigned,2026-01-10,,,", "credential", "unknown credential NOPE"),
        ("E001,OLD-1,assigned,2026-01-10,,,", "credential", "OLD-1 is no longer offered"),
        (
            "E003,K8S-101,assigned,2026-01-10,,,",
            "assigned on",
            "E003 left on 2025-10-31, before this was assigned",
        ),
        ("E001,K8S-101,paused,2026-01-10,,,", "status", "'paused' is not a known status"),
        ("E001,K8S-101,completed,2026-01-10,,,", "completed on", "completed, but no completion date"),
        (
            "E001,K8S-101,assigned,2026-01-10,2026-01-09,,",
            "due date",
            "due on 2026-01-09, before it was assigned",
        ),
        ("E001,K8S-101,assigned,2026-02-10,,,", "assigned on", "2026-02-10 is in the future"),
        (
            "E002,TF-201,assigned,2026-01-20,,,",
            "credential",
            "E002 already has an open enrollment on TF-201 (assigned on 2026-01-05",
        ),
        (
            "E001,TF-201,in progress,2025-06-01,,,",
            "status",
            "stored as completed on 2025-07-01; the file says in_progress",
        ),
    ],
)
def test_each_bad_row_is_named_and_nothing_is_written(org, run, session, checksums, row, field, message):
    org.enroll("E002", "TF-201", assigned="2026-01-05")
    org.enroll("E001", "TF-201", assigned="2025-06-01", status="completed", completed="2025-07-01")
    org.commit()
    before = checksums()
    report = run(
        "enrollments", csv_bytes(HEADER, "E004,TF-201,assigned,2026-01-10,,,", row), file_name="e.csv"
    )
    assert [(e.row, e.field) for e in report.errors] == [(3, field)], messages(report)
    assert message in report.errors[0].message
    assert checksums() == before
