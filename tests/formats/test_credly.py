"""Credly's bulk badge CSV: its own headers and its mm/dd/yy dates."""

from __future__ import annotations

from datetime import date

from data_model.formats import CredlyBadgeRecord, EmployeeRef, parse_badges, parse_credly

from .conftest import fixture_bytes, messages, where

TODAY = date(2026, 3, 1)
HEADER = (
    "Badge Template ID,Recipient Email,First Name,Last Name,Issued at date,Expiration Date,Issuer Earner ID"
)


def parse(rows: list[str], **kw):
    data = (HEADER + "\n" + "\n".join(rows) + "\n").encode()
    return parse_credly(data, file_name="credly.csv", today=TODAY, **kw)


def test_the_good_file_through_the_badges_kind():
    result = parse_badges(fixture_bytes("credly_bulk.csv"), file_name="credly.csv", today=TODAY)
    assert result.ok, messages(result)
    ada, alan, grace = result.records
    assert isinstance(ada, CredlyBadgeRecord)
    assert (ada.issued_on, ada.expires_on, ada.employee) == (
        date(2026, 1, 15),
        date(2028, 1, 15),
        EmployeeRef("code", "E001"),
    )
    assert alan.employee == EmployeeRef("email", "alan.turing@example.com")  # no earner id: by email
    assert grace.issued_on == date(2025, 12, 24)
    assert ada.assertion_id == "credly:6f4a1c2e-k8s:E001:2026-01-15"


def test_a_row_without_any_recipient():
    result = parse(["t1,,Ann,Lee,01/05/26,,"])
    assert where(result) == [("credly.csv", 2, "Issuer Earner ID")]


def test_expiry_before_issue_and_a_bad_date():
    result = parse(["t1,a@example.com,,,01/05/26,01/04/26,", "t1,b@example.com,,,13/05/26,,"])
    assert where(result) == [("credly.csv", 2, "Expiration Date"), ("credly.csv", 3, "Issued at date")]


def test_the_same_badge_twice():
    result = parse(["t1,a@example.com,,,01/05/26,,E1", "t1,A@example.com,,,01/05/2026,,E1"])
    assert where(result) == [("credly.csv", 3, "Badge Template ID")]
    assert result.errors[0].message == "the same badge is also on line 2"


def test_a_declared_format_overrides_credlys():
    result = parse(["t1,a@example.com,,,15/01/26,,"], date_format="dmy")
    assert result.records[0].issued_on == date(2026, 1, 15)
