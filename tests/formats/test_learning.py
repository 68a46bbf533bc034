"""Learning-session CSVs: minutes or hours, the 1..1440 range, no future, clear bad numbers."""

from __future__ import annotations

from datetime import date

from data_model.formats import EmployeeRef, minutes_by_week, parse_learning

from .conftest import fixture_bytes, messages, where

TODAY = date(2026, 2, 1)
HEADER = "employee,date,minutes,hours,credential,external id,note"


def parse(rows: list[str], header: str = HEADER, **kw):
    data = (header + "\n" + "\n".join(rows) + "\n").encode()
    return parse_learning(data, file_name="learning.csv", today=TODAY, **kw)


def test_the_good_file():
    result = parse_learning(fixture_bytes("learning_sessions.csv"), file_name="lms.csv", today=TODAY)
    assert result.ok, messages(result)
    got = [(r.employee, r.date, r.minutes, r.credential, r.external_id, r.note) for r in result.records]
    assert got == [
        (EmployeeRef("code", "E001"), date(2026, 1, 5), 90, "K8S-101", "lms-1", "Pods and deployments"),
        (EmployeeRef("email", "alan.turing@example.com"), date(2026, 1, 6), 90, None, "lms-2", None),
        (EmployeeRef("code", "E003"), date(2026, 1, 7), 45, "TF-201", "lms-3", "Modules, state"),
        (EmployeeRef("code", "E004"), date(2026, 1, 8), 15, None, "lms-4", None),
    ]
    assert {r.source for r in result.records} == {"csv"}
    assert minutes_by_week(result.records)[(EmployeeRef("code", "E001"), "2026-W02")] == 90


def test_minutes_or_hours_must_be_there():
    result = parse(["E1,2026-01-05,,,,,"], header=HEADER)
    assert where(result) == [("learning.csv", 2, "minutes")]
    assert result.errors[0].message == "no minutes or hours given"
    result = parse_learning(b"employee,date,note\nE1,2026-01-05,x\n", file_name="l.csv", today=TODAY)
    assert where(result) == [("l.csv", 1, "minutes")]
    assert result.errors[0].message == "missing column: minutes (or hours)"


def test_minutes_and_hours_that_disagree():
    result = parse(["E1,2026-01-05,60,1.5,,,"])
    assert where(result) == [("learning.csv", 2, "minutes")]
    assert result.errors[0].message == "60 minutes and 1.5 hours (90 minutes) disagree"


def test_minutes_outside_one_day():
    result = parse(
        ["E1,2026-01-05,0,,,,", "E1,2026-01-05,1441,,,,", "E1,2026-01-05,,25,,,", "E1,2026-01-05,-5,,,,"]
    )
    assert where(result) == [
        ("learning.csv", 2, "minutes"),
        ("learning.csv", 3, "minutes"),
        ("learning.csv", 4, "hours"),
        ("learning.csv", 5, "minutes"),
    ]
    assert result.errors[0].message == "0 minutes is outside 1..1440 (one day)"
    assert result.errors[2].message == "1500 minutes is outside 1..1440 (one day)"


def test_bad_numbers():
    result = parse(["E1,2026-01-05,ninety,,,,", "E1,2026-01-05,,1h30,,,", "E1,2026-01-05,1.5,,,,"])
    assert where(result) == [
        ("learning.csv", 2, "minutes"),
        ("learning.csv", 3, "hours"),
        ("learning.csv", 4, "minutes"),
    ]
    assert result.errors[0].message == "'ninety' is not a number"
    assert result.errors[1].message == "'1h30' is not a number"
    assert result.errors[2].message == "'1.5' is not a whole number"


def test_a_session_in_the_future():
    result = parse(["E1,2026-02-02,30,,,,", "E1,2026-02-01,30,,,,"])
    assert where(result) == [("learning.csv", 2, "date")]
    assert result.errors[0].message == "2026-02-02 is in the future (today is 2026-02-01)"


def test_a_bad_employee_reference_and_empty_employee():
    result = parse(["ann@,2026-01-05,30,,,,", ",2026-01-05,30,,,,"])
    assert where(result) == [("learning.csv", 2, "employee"), ("learning.csv", 3, "employee")]


def test_an_external_id_twice_in_one_file():
    result = parse(["E1,2026-01-05,30,,,s-1,", "E2,2026-01-05,30,,,s-1,"])
    assert where(result) == [("learning.csv", 3, "external id")]
    assert result.errors[0].message == "external id s-1 is also on line 2"


def test_over_long_note():
    result = parse(["E1,2026-01-05,30,,,," + "n" * 501])
    assert where(result) == [("learning.csv", 2, "note")]


def test_slash_dates_with_and_without_the_flag():
    assert where(parse(["E1,05/01/2026,30,,,,"])) == [("learning.csv", 2, "date")]
    assert parse(["E1,01/05/2026,30,,,,"], date_format="mdy").records[0].date == date(2026, 1, 5)
    assert parse(["E1,05/01/2026,30,,,,"], date_format="dmy").records[0].date == date(2026, 1, 5)


def test_a_decimal_comma_from_a_semicolon_file():
    data = b"employee;date;hours\nE1;2026-01-05;1,5\n"
    result = parse_learning(data, file_name="l.csv", today=TODAY)
    assert result.records[0].minutes == 90


def test_a_big_file_can_be_streamed_record_by_record():
    import io

    from data_model.formats import ParseResult, iter_learning

    rows = b"".join(b"E%d,2026-01-05,30,,,s%d,\n" % (i, i) for i in range(1000))
    data = io.BytesIO(HEADER.encode() + b"\n" + rows + b"E1,2026-01-05,0,,,,\n")
    result: ParseResult = ParseResult("big.csv")
    stream = iter_learning(data, result, today=TODAY)
    first = next(stream)
    assert (first.external_id, result.rows_read) == ("s0", 1)  # nothing read ahead
    assert sum(1 for _ in stream) == 999
    assert where(result) == [("big.csv", 1002, "minutes")]


def test_an_email_column_holds_emails_only():
    data = b"work email,date,minutes\nann@example.com,2026-01-05,30\nE1,2026-01-05,30\n"
    result = parse_learning(data, file_name="l.csv", today=TODAY)
    assert result.records[0].employee == EmployeeRef("email", "ann@example.com")
    assert where(result) == [("l.csv", 3, "work email")]
    assert result.errors[0].message == "'E1' is not an email address"
