"""HRIS exports: aliases, names, managers, and every error formats.md lists, located."""

from __future__ import annotations

from datetime import date

from data_model.formats import EmployeeRef, parse_employees

from .conftest import fixture_bytes, messages, where

HEADER = "employee_id,email,name,team,manager_id,job title,hire date,termination date,termination reason"


def parse(rows: list[str], header: str = HEADER, **kw):
    data = (header + "\n" + "\n".join(rows) + "\n").encode()
    return parse_employees(data, file_name="hris.csv", **kw)


def test_a_workday_export_with_bom_crlf_and_semicolons():
    result = parse_employees(fixture_bytes("employees_workday.csv"), file_name="workday.csv")
    assert result.ok, messages(result)
    assert result.notes == [
        "ignored columns: Cost Center",
        "1 managers are not in this file and must already exist: E099",
    ]
    ada, alan, grace, edsger, barbara = result.records
    assert ada.employee_code == "E001"
    assert ada.email == "ada.lovelace@example.com"  # lower-cased
    assert ada.full_name == "Ada Lovelace"  # first + last
    assert ada.team == "Engineering" and ada.job_role == "CTO" and ada.manager is None
    assert alan.manager == EmployeeRef("code", "E001")
    assert grace.exit_date == date(2025, 10, 31) and grace.exit_reason == "voluntary"  # "Resignation"
    assert edsger.manager == EmployeeRef("email", "grace.hopper@example.com")
    # A manager outside the file is left for the writer to find in the database.
    assert barbara.manager == EmployeeRef("code", "E099")
    assert ada.origin.row == 2 and barbara.origin.row == 6


def test_other_hris_header_spellings():
    header = "employeeNumber,workEmail,firstName,lastName,department,supervisorEId,jobTitle,hireDate"
    result = parse(["1001,a@example.com,Ann,Lee,Sales,,Rep,2024-01-02"], header=header + ",terminationDate")
    assert result.ok, messages(result)
    assert result.records[0].full_name == "Ann Lee"


def test_missing_required_columns_each_reported():
    result = parse(["x"], header="name,team")
    assert where(result) == [
        ("hris.csv", 1, "employee_code"),
        ("hris.csv", 1, "email"),
        ("hris.csv", 1, "hire_date"),
    ]


def test_a_name_column_is_needed_in_some_form():
    result = parse(["E1,a@example.com,2024-01-01"], header="employee_id,email,hire date")
    assert where(result) == [("hris.csv", 1, "name")]
    assert result.errors[0].message == "missing column: name (or first name and last name)"


def test_duplicate_code_and_email_point_at_the_first_line():
    result = parse(
        [
            "E1,ann@example.com,Ann,,,,2024-01-01,,",
            "E2,bob@example.com,Bob,,,,2024-01-01,,",
            "E1,carl@example.com,Carl,,,,2024-01-01,,",
            "E4,Bob@Example.com,Bob Two,,,,2024-01-01,,",
        ]
    )
    assert where(result) == [("hris.csv", 4, "employee_id"), ("hris.csv", 5, "email")]
    assert result.errors[0].message == "employee code E1 is also on line 2"
    assert result.errors[1].message == "email bob@example.com is also on line 3"


def test_malformed_email():
    result = parse(["E1,ann.example.com,Ann,,,,2024-01-01,,"])
    assert where(result) == [("hris.csv", 2, "email")]
    assert result.errors[0].message == "'ann.example.com' is not an email address"


def test_bad_and_ambiguous_dates():
    result = parse(
        [
            "E1,a@example.com,Ann,,,,2024-13-01,,",
            "E2,b@example.com,Bob,,,,03/04/2024,,",
            "E3,c@example.com,Cat,,,,25/12/2024,,",
            "E4,d@example.com,Dan,,,,,,",
        ]
    )
    assert where(result) == [
        ("hris.csv", 2, "hire date"),
        ("hris.csv", 3, "hire date"),
        ("hris.csv", 4, "hire date"),
        ("hris.csv", 5, "hire date"),
    ]
    assert "is not a real date" in result.errors[0].message
    assert "is ambiguous" in result.errors[1].message
    assert "can only be day/month/year" in result.errors[2].message
    assert result.errors[3].message == "hire date is empty"


def test_declared_date_format_reads_slash_dates():
    result = parse(["E1,a@example.com,Ann,,,,03/04/2024,25/12/2025,other"], date_format="dmy")
    assert result.ok, messages(result)
    assert (result.records[0].hire_date, result.records[0].exit_date) == (
        date(2024, 4, 3),
        date(2025, 12, 25),
    )


def test_exit_before_hire():
    result = parse(["E1,a@example.com,Ann,,,,2024-05-01,2024-04-30,voluntary"])
    assert where(result) == [("hris.csv", 2, "termination date")]
    assert result.errors[0].message == "exit date 2024-04-30 is before hire date 2024-05-01"


def test_exit_reasons_and_their_synonyms():
    rows = [
        f"E{i},p{i}@example.com,P{i},,,,2020-01-01,2025-01-01,{word}"
        for i, word in enumerate(["Resignation", "laid off", "Involuntary", "end of contract", "retired"])
    ]
    result = parse(rows)
    assert result.ok, messages(result)
    assert [r.exit_reason for r in result.records] == [
        "voluntary",
        "involuntary",
        "involuntary",
        "other",
        "voluntary",
    ]


def test_an_unknown_exit_reason_lists_the_accepted_ones():
    result = parse(["E1,a@example.com,Ann,,,,2020-01-01,2025-01-01,went to the moon"])
    assert where(result) == [("hris.csv", 2, "termination reason")]
    assert result.errors[0].message == (
        "'went to the moon' is not a known exit reason; use one of: involuntary, other, voluntary"
    )


def test_an_exit_reason_without_an_exit_date():
    result = parse(["E1,a@example.com,Ann,,,,2020-01-01,,voluntary"])
    assert where(result) == [("hris.csv", 2, "termination reason")]


def test_nobody_manages_themselves_by_code_or_email():
    result = parse(
        [
            "E1,a@example.com,Ann,,E1,,2020-01-01,,",
            "E2,b@example.com,Bob,,B@example.com,,2020-01-01,,",
        ]
    )
    assert where(result) == [("hris.csv", 2, "manager_id"), ("hris.csv", 3, "manager_id")]
    assert result.errors[0].message == "an employee cannot be their own manager"


def test_a_manager_loop_in_the_file_is_reported_once_on_its_first_line():
    result = parse(
        [
            "E0,boss@example.com,Boss,,,,2020-01-01,,",
            "E1,a@example.com,Ann,,E3,,2020-01-01,,",
            "E2,b@example.com,Bob,,a@example.com,,2020-01-01,,",
            "E3,c@example.com,Cat,,E2,,2020-01-01,,",
            "E4,d@example.com,Dan,,E3,,2020-01-01,,",
        ]
    )
    assert where(result) == [("hris.csv", 3, "manager_id")]
    assert result.errors[0].message == "managers form a loop: E1 -> E3 -> E2 -> E1"


def test_a_manager_email_column_is_used_when_there_is_no_manager_code():
    header = "employee_id,email,name,manager email,hire date"
    result = parse(
        ["E1,a@example.com,Ann,,2020-01-01", "E2,b@example.com,Bob,A@example.com,2020-01-01"], header
    )
    assert result.ok, messages(result)
    assert result.records[1].manager == EmployeeRef("email", "a@example.com")


def test_teams_and_roles_stay_text_for_the_writer():
    result = parse(["E1,a@example.com,Ann,New Team,,Brand New Role,2020-01-01,,"])
    assert (result.records[0].team, result.records[0].job_role) == ("New Team", "Brand New Role")


def test_every_error_of_a_bad_file_is_listed_at_once():
    result = parse(
        [
            "E1,not-an-email,,,,,2020-02-30,,",
            ",b@example.com,Bob,,,,2020-01-01,2019-01-01,nope",
        ]
    )
    assert where(result) == [
        ("hris.csv", 2, "email"),
        ("hris.csv", 2, "name"),
        ("hris.csv", 2, "hire date"),
        ("hris.csv", 3, "employee_id"),
        ("hris.csv", 3, "termination reason"),
        ("hris.csv", 3, "termination date"),
    ]
    assert result.records == []


def test_the_writer_reports_against_the_same_place():
    result = parse(["E1,a@example.com,Ann,,E77,,2020-01-01,,"])
    issue = result.records[0].origin.issue("manager", "manager E77 not found")
    assert str(issue) == "hris.csv:2:manager_id: manager E77 not found"
