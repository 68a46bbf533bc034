"""Whatever is uploaded as a CSV, every kind answers with rows or one clear, located error."""

from __future__ import annotations

import io
from datetime import date

import pytest

from data_model.formats import (
    parse_badges,
    parse_catalog,
    parse_credly,
    parse_employees,
    parse_enrollments,
    parse_learning,
    parse_skills,
    parse_targets,
)
from data_model.formats.csv_reader import MAX_FIELD_CHARS, MAX_LINE_BYTES
from data_model.formats.errors import STOP_AFTER_ERRORS

from .conftest import EndlessLine, messages, where

CREDLY_HEADER = "Badge Template ID,Recipient Email,Issued at date"
# Each CSV kind with a header holding its required columns and one good row.
KINDS = {
    "employees": (parse_employees, "employee_id,email,name,hire date", "E1,a@example.com,Ann,2024-01-02"),
    "learning": (parse_learning, "employee,date,minutes", "E1,2026-01-05,30"),
    "enrollments": (parse_enrollments, "employee,credential,status,assigned on", "E1,K,assigned,2026-01-05"),
    "credly": (parse_credly, CREDLY_HEADER, "t1,a@example.com,01/05/26"),
    "badges (Credly)": (parse_badges, CREDLY_HEADER, "t1,a@example.com,01/05/26"),
    "skills": (parse_skills, "name,category", "Kubernetes,Cloud"),
    "targets": (parse_targets, "team,skill,min level,headcount", "Platform,Kubernetes,3,2"),
    "catalog": (parse_catalog, "code,title,provider,expected_hours", "K8S,Kubernetes,IBM,12"),
}
TODAY = date(2026, 2, 1)


def run(kind: str, data, **kw):
    parse = KINDS[kind][0]
    return parse(data, file_name="upload.csv", today=TODAY, **kw)


def good(kind: str) -> bytes:
    _, header, row = KINDS[kind]
    return f"{header}\n{row}\n".encode()


@pytest.fixture(params=list(KINDS))
def kind(request) -> str:
    return request.param


def test_the_good_file_of_each_kind_reads_one_record(kind):
    result = run(kind, good(kind))
    assert result.ok, messages(result)
    assert len(result.records) == 1
    assert result.rows_read == 1


def test_an_empty_file_says_so(kind):
    for data in (b"", b"\r\n\n  \n", b"\xef\xbb\xbf"):
        result = run(kind, data)
        assert where(result) == [("upload.csv", None, None)]
        assert result.errors[0].message == "the file is empty"


def test_a_header_only_file_has_no_rows(kind):
    _, header, _ = KINDS[kind]
    for data in (f"{header}\n".encode(), f"{header}\r\n\r\n;;\r\n".encode().replace(b";;", b",,")):
        result = run(kind, data)
        assert where(result) == [("upload.csv", None, None)]
        assert result.errors[0].message == "the file has a header but no rows"


def test_latin1_is_refused_with_the_byte_and_its_offset(kind):
    _, header, row = KINDS[kind]
    data = f"{header}\n{row}\n".encode() + f"{row[:-1]}é\n".encode("latin-1")
    result = run(kind, data)
    offset = data.index(b"\xe9")
    assert where(result) == [("upload.csv", 3, None)]
    assert result.errors[0].message == (
        f"not UTF-8 text (byte 0xE9 at offset {offset}); save the file as UTF-8"
    )


def test_binary_junk_is_not_read_as_text(kind):
    junk = bytes(range(256)) * 4
    result = run(kind, junk)
    assert where(result) == [("upload.csv", 1, None)]
    assert result.errors[0].message == "binary data, not CSV text (NUL byte at offset 0)"


@pytest.mark.parametrize(
    ("head", "says"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00", "a ZIP archive (an Excel .xlsx is one)"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Excel .xls file"),
        (b"%PDF-1.7\n", "a PDF document"),
        (b"\xff\xfee\x00m\x00", "UTF-16 text; save the file as UTF-8"),
    ],
)
def test_files_uploaded_by_mistake_are_named(head, says):
    result = parse_learning(head + b"\x00" * 100, file_name="upload.csv", today=TODAY)
    assert where(result) == [("upload.csv", None, None)]
    assert says in result.errors[0].message


def test_ten_thousand_columns_are_refused_at_the_header(kind):
    header = ",".join(f"column{i}" for i in range(10_000))
    result = run(kind, f"{header}\n1,2,3\n".encode())
    assert where(result) == [("upload.csv", 1, None)]
    assert result.errors[0].message == "the header has 10,000 columns; at most 200 are accepted"


def test_a_1_gb_line_is_cut_off_after_the_first_megabyte(kind):
    _, header, _ = KINDS[kind]
    stream = EndlessLine(f"{header}\n".encode(), size=1 << 30)
    result = run(kind, stream)
    assert where(result) == [("upload.csv", 2, None)]
    assert "line 2 is longer than 1,048,576 bytes" in result.errors[0].message
    assert stream.served < 2 * MAX_LINE_BYTES  # stopped early: about 1 MB read out of 1 GB


def test_a_1_gb_header_is_cut_off_too():
    stream = EndlessLine(b"", size=1 << 30)
    result = parse_employees(stream, file_name="hris.csv")
    assert where(result) == [("hris.csv", 1, None)]
    assert stream.served < 2 * MAX_LINE_BYTES


def test_a_stream_reads_like_bytes(kind):
    assert run(kind, io.BytesIO(good(kind))).records == run(kind, good(kind)).records


def test_bom_crlf_and_semicolons_are_all_fine():
    data = "\ufeffemployee;date;minutes\r\nE1;2026-01-05;30\r\nE2;2026-01-06;45\r\n".encode()
    result = parse_learning(data, file_name="l.csv", today=TODAY)
    assert result.ok, messages(result)
    assert [(r.employee.value, r.minutes) for r in result.records] == [("E1", 30), ("E2", 45)]


def test_tab_separated_files_are_read_too():
    result = parse_learning(b"employee\tdate\tminutes\nE1\t2026-01-05\t30\n", file_name="l.tsv", today=TODAY)
    assert result.ok, messages(result)


def test_old_mac_line_ends_are_named():
    result = parse_learning(b"employee,date,minutes\rE1,2026-01-05,30\r", file_name="l.csv", today=TODAY)
    assert where(result) == [("l.csv", 1, None)]
    assert "lone CR" in result.errors[0].message


def test_a_text_mode_file_is_a_callers_mistake(tmp_path):
    path = tmp_path / "l.csv"
    path.write_bytes(good("learning"))
    with path.open() as text_file, pytest.raises(TypeError, match="binary file"):
        parse_learning(text_file, file_name="l.csv", today=TODAY)


def test_headers_match_ignoring_case_spaces_underscores_and_dashes():
    data = b"EMPLOYEE-ID, Work_Email ,Full Name,HIRE_DATE\nE1,a@example.com,Ann,2024-01-02\n"
    result = parse_employees(data, file_name="hris.csv")
    assert result.ok, messages(result)
    assert result.records[0].email == "a@example.com"


def test_two_columns_meaning_the_same_field_are_reported():
    data = b"employee_id,email,Work Email,name,hire date\nE1,a@example.com,a@example.com,Ann,2024-01-02\n"
    result = parse_employees(data, file_name="hris.csv")
    assert where(result) == [("hris.csv", 1, "Work Email")]
    assert result.errors[0].message == "columns 'email' and 'Work Email' both mean email; keep one"


def test_a_missing_required_column_lists_the_headers_accepted():
    result = parse_employees(b"employee_id,name,hire date\nE1,Ann,2024-01-02\n", file_name="hris.csv")
    assert where(result) == [("hris.csv", 1, "email")]
    assert result.errors[0].message == (
        "missing required column email (accepted headers: email, work email, workEmail, "
        "primaryWorkEmail, email address)"
    )


def test_unknown_columns_are_ignored_and_noted():
    data = b"employee,date,minutes,Cost Center,Room\nE1,2026-01-05,30,CC1,B12\n"
    result = parse_learning(data, file_name="l.csv", today=TODAY)
    assert result.ok
    assert result.notes == ["ignored columns: Cost Center, Room"]


def test_a_row_with_more_values_than_the_header_is_an_error():
    data = b"employee,date,minutes\nE1,2026-01-05,30\nE2,2026-01-05,30,extra\n"
    result = parse_learning(data, file_name="l.csv", today=TODAY)
    assert where(result) == [("l.csv", 3, None)]
    assert result.errors[0].message == "this row has 4 values but the header has 3 columns"


def test_a_quoted_newline_keeps_line_numbers_physical():
    data = b'employee,date,minutes,note\nE1,2026-01-05,30,"two\nlines"\n\nE2,2026-01-05,nope,\n'
    result = parse_learning(data, file_name="l.csv", today=TODAY)
    assert result.records[0].note == "two\nlines"
    assert where(result) == [("l.csv", 5, "minutes")]


def test_an_unclosed_quote_is_reported_not_swallowed():
    data = b'employee,date,minutes,note\nE1,2026-01-05,30,"never closed\nE2,2026-01-05,30,x\n'
    result = parse_learning(data, file_name="l.csv", today=TODAY)
    assert where(result) == [("l.csv", 3, None)]
    assert result.errors[0].message == "a quoted value is never closed"


def test_a_value_over_the_field_limit_is_refused():
    data = b"employee,date,minutes,note\nE1,2026-01-05,30," + b"x" * (MAX_FIELD_CHARS + 1) + b"\n"
    result = parse_learning(data, file_name="l.csv", today=TODAY)
    assert where(result) == [("l.csv", 2, None)]
    assert result.errors[0].message.startswith("a value is longer than 131,072 characters")


def test_a_bad_byte_deep_in_a_big_file_is_found_at_its_line():
    rows = b"".join(b"E%d,2026-01-05,30\n" % i for i in range(100_000))
    data = b"employee,date,minutes\n" + rows + b"E\xe9,2026-01-05,30\n"
    result = parse_learning(data, file_name="big.csv", today=TODAY)
    assert where(result) == [("big.csv", 100_002, None)]
    offset = data.index(b"\xe9")
    assert f"at offset {offset}" in result.errors[0].message
    assert result.rows_read == 100_000


def test_errors_past_the_cap_are_counted_not_kept():
    data = b"employee,date,minutes\n" + b"E1,2026-01-05,0\n" * 1500
    result = parse_learning(data, file_name="l.csv", today=TODAY)
    assert result.error_count == 1500
    assert len(result.errors) == 1000
    assert result.summary_of_errors()[-1] == "l.csv: ... and 500 more errors"


def test_a_file_of_nothing_but_errors_is_read_only_until_the_stop():
    """Past STOP_AFTER_ERRORS the rest of the file is not read: the count and the note say so."""
    bad = 150_000
    data = b"employee,date,minutes\n" + b"E1,2026-01-05,0\n" * bad
    result = parse_learning(data, file_name="l.csv", today=TODAY)
    assert result.error_count == STOP_AFTER_ERRORS == 100_000
    assert result.rows_read == 100_000  # lines 2..100,001; line 100,002 was not read
    assert result.notes[-1] == (
        "stopped reading at line 100002 after 100,000 errors; "
        "fix these and import the file again to check the rest"
    )
