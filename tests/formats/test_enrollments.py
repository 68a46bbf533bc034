"""Enrollment CSVs: the database's rules, checked for every row before anything is written."""

from __future__ import annotations

from datetime import date

from data_model.formats import EmployeeRef, parse_enrollments

from .conftest import fixture_bytes, messages, where

TODAY = date(2026, 2, 1)
HEADER = "employee,credential,status,assigned on,due date,completed on,reason"


def parse(rows: list[str], header: str = HEADER, **kw):
    data = (header + "\n" + "\n".join(rows) + "\n").encode()
    return parse_enrollments(data, file_name="enrol.csv", today=TODAY, **kw)


def test_the_good_file():
    result = parse_enrollments(fixture_bytes("enrollments.csv"), file_name="enrol.csv", today=TODAY)
    assert result.ok, messages(result)
    got = [(r.employee, r.credential_code, r.status, r.reason, r.completed_on) for r in result.records]
    assert got == [
        (EmployeeRef("code", "E001"), "K8S-101", "completed", "skill_gap", date(2026, 1, 20)),
        (EmployeeRef("code", "E002"), "K8S-101", "in_progress", "onboarding", None),
        (EmployeeRef("code", "E003"), "TF-201", "assigned", None, None),
        (EmployeeRef("code", "E004"), "TF-201", "withdrawn", "compliance", None),
    ]


def test_an_unknown_status():
    result = parse(["E1,K8S,half done,2026-01-02,,,"])
    assert where(result) == [("enrol.csv", 2, "status")]
    assert result.errors[0].message == (
        "'half done' is not a known status; use one of: assigned, completed, in_progress, withdrawn"
    )


def test_completed_without_a_completion_date_and_the_reverse():
    result = parse(["E1,K8S,completed,2026-01-02,,,", "E2,K8S,assigned,2026-01-02,,2026-01-05,"])
    assert where(result) == [("enrol.csv", 2, "completed on"), ("enrol.csv", 3, "completed on")]
    assert result.errors[0].message == "completed, but no completion date"
    assert result.errors[1].message == "a completion date is given but the status is assigned"


def test_due_or_completed_before_assigned():
    result = parse(["E1,K8S,assigned,2026-01-10,2026-01-09,,", "E2,K8S,completed,2026-01-10,,2026-01-01,"])
    assert where(result) == [("enrol.csv", 2, "due date"), ("enrol.csv", 3, "completed on")]
    assert result.errors[0].message == "due on 2026-01-09, before it was assigned on 2026-01-10"


def test_completed_in_the_future():
    result = parse(["E1,K8S,completed,2026-01-10,,2026-03-01,"])
    assert where(result) == [("enrol.csv", 2, "completed on")]


def test_two_open_enrollments_on_the_same_credential():
    result = parse(
        [
            "E1,K8S,completed,2025-01-10,,2025-02-01,",
            "E1,K8S,assigned,2026-01-10,,,",
            "E1,K8S,in progress,2026-01-11,,,",
        ]
    )
    assert where(result) == [("enrol.csv", 4, "credential")]
    assert result.errors[0].message == "E1 already has an open enrollment on K8S (line 3)"


def test_the_same_enrollment_twice_points_at_its_first_line():
    """Same person, credential and assignment date: one enrollment, whatever else the rows say."""
    result = parse(
        [
            "E1,K8S,completed,2025-01-10,,2025-02-01,",
            "E2,K8S,completed,2025-01-10,,2025-02-01,",
            "E1,K8S,completed,2025-01-10,,2025-02-03,",
            "e1@example.com,K8S,completed,2025-01-10,,2025-02-01,",
        ]
    )
    assert where(result) == [("enrol.csv", 4, "assigned on")]
    assert result.errors[0].message == "E1 on K8S assigned on 2025-01-10 is also on line 2"
    assert len(result.records) == 3  # an email is another reference; the writer resolves it


def test_unknown_reason_and_missing_columns():
    result = parse(["E1,K8S,assigned,2026-01-10,,,bored"])
    assert where(result) == [("enrol.csv", 2, "reason")]
    result = parse(["E1,K8S"], header="employee,credential")
    assert where(result) == [("enrol.csv", 1, "status"), ("enrol.csv", 1, "assigned_on")]
