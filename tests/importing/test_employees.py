"""HRIS exports: people, teams, roles and managers created; an updated export changes only what changed."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlmodel import select

from data_model.models import AuditEvent, Employee, JobRole, Team, TeamMembership

from .conftest import HR, TODAY, counts, csv_bytes, messages, where

HEADER = "Employee_ID;Legal_First_Name;Legal_Last_Name;primaryWorkEmail;Supervisory Organization;Manager_ID;businessTitle;Hire Date;Termination Date;Termination Reason"  # noqa: E501
NEW_PEOPLE = (
    "E010;Barbara;Liskov;Barbara.Liskov@Example.com;Research;E001;Architect;2023-02-01;;",
    "E011;Ken;Thompson;ken@example.com;Research;barbara.liskov@example.com;Engineer;2024-05-06;;",
    "E012;Dennis;Ritchie;dennis@example.com;Platform;E011;Engineer;2024-05-06;2025-12-31;Resignation",
)


def person(session, code: str) -> Employee:
    session.expire_all()
    return session.exec(select(Employee).where(Employee.employee_code == code)).one()


def export_of_everyone(**changes: str) -> bytes:
    """A full export of the stored four people (as the org fixture holds them), with rows replaced."""
    rows = {
        "E001": "E001;Ada;Lovelace;ada@example.com;Cloud;;;2019-03-01;;",
        "E002": "E002;Alan;Turing;alan@example.com;Cloud;E001;;2020-06-15;;",
        "E003": "E003;Grace;Hopper;grace@example.com;Platform;;;2021-01-04;2025-10-31;voluntary",
        "E004": "E004;Edsger;Dijkstra;edsger@example.com;Platform;E003;;2022-09-01;;",
    }
    rows.update(changes)
    return csv_bytes(HEADER, *rows.values())


def test_new_people_teams_roles_and_managers_are_created(org, run, session):
    report = run("employees", "\ufeff".encode() + csv_bytes(HEADER, *NEW_PEOPLE).replace(b"\n", b"\r\n"))
    assert report.ok, messages(report)
    assert counts(report) == {"employee": (3, 0, 0, 0), "team": (1, 0, 0, 0), "job_role": (2, 0, 0, 0)}
    assert "1 new teams created: Research" in report.notes
    barbara, ken, dennis = (person(session, c) for c in ("E010", "E011", "E012"))
    assert barbara.email == "barbara.liskov@example.com"
    assert barbara.manager_id == org.people["E001"].id  # a manager already stored
    assert ken.manager_id == barbara.id  # by email, within the file
    assert dennis.manager_id == ken.id
    assert (dennis.exit_date, dennis.exit_reason) == (date(2025, 12, 31), "voluntary")
    research = session.exec(select(Team).where(Team.name == "Research")).one()
    assert barbara.team_id == research.id
    assert dennis.team_id == org.teams["Platform"].id
    assert session.exec(select(JobRole.title).order_by(JobRole.title)).all() == ["Architect", "Engineer"]
    created = session.exec(select(AuditEvent).where(AuditEvent.action == "create_employee")).all()
    assert len(created) == 3 and all(a.actor == HR for a in created)


def test_an_updated_export_changes_only_what_changed_and_says_so(org, run, session, checksums):
    first = run("employees", export_of_everyone())
    assert counts(first) == {"employee": (0, 0, 4, 0)}  # the stored four, as stored: nothing to do
    before = checksums()
    updated = export_of_everyone(
        E002="E002;Alan;Turing;alan@example.com;Platform;E001;;2020-06-15;;",
        E004="E004;Edsger;Dijkstra;edsger@example.com;Platform;E003;;2022-09-01;2026-01-31;Resignation",
    )
    report = run("employees", updated, file_name="hris-feb.csv")
    assert report.ok, messages(report)
    assert counts(report) == {"employee": (0, 2, 2, 0)}
    assert "E002 Alan Turing: team Platform (was Cloud)" in report.notes
    assert any(
        n.startswith("E004 Edsger Dijkstra: exit date 2026-01-31 (was empty); exit reason voluntary")
        for n in report.notes
    )
    after = checksums()
    changed = {t for t in before if before[t] != after[t]}
    # Alan's move is history: his Cloud membership closes the day before the import, Platform opens on it.
    assert changed == {"employee", "team_membership", "audit_event", "import_batch"}
    alan, edsger, ada = person(session, "E002"), person(session, "E004"), person(session, "E001")
    memberships = session.exec(
        select(TeamMembership)
        .where(TeamMembership.employee_id == alan.id)
        .order_by(TeamMembership.valid_from)
    ).all()
    assert [(m.team_id, m.valid_from, m.valid_to) for m in memberships] == [
        (org.teams["Cloud"].id, date(2020, 6, 15), TODAY),
        (org.teams["Platform"].id, TODAY, None),
    ]
    assert alan.team_id == org.teams["Platform"].id
    assert (edsger.exit_date, edsger.exit_reason) == (date(2026, 1, 31), "voluntary")
    assert ada.team_id == org.teams["Cloud"].id
    audits = session.exec(select(AuditEvent).where(AuditEvent.action == "update_employee")).all()
    assert sorted((a.entity_id, json.loads(a.before), json.loads(a.after)) for a in audits) == [
        (str(alan.id), {"team": "Cloud"}, {"team": "Platform"}),
        (
            str(edsger.id),
            {"exit_date": None, "exit_reason": None},
            {"exit_date": "2026-01-31", "exit_reason": "voluntary"},
        ),
    ]


def test_a_changed_hire_date_is_applied_audited_and_reported(org, run, session):
    report = run(
        "employees", export_of_everyone(E001="E001;Ada;Lovelace;ada@example.com;Cloud;;;2018-03-01;;")
    )
    assert report.ok, messages(report)
    assert any(
        "E001 Ada Lovelace: hire date 2018-03-01 (was 2019-03-01)" in n and "audited" in n
        for n in report.notes
    )
    assert person(session, "E001").hire_date == date(2018, 3, 1)
    audit = session.exec(select(AuditEvent).where(AuditEvent.action == "update_employee")).one()
    assert (json.loads(audit.before), json.loads(audit.after)) == (
        {"hire_date": "2019-03-01"},
        {"hire_date": "2018-03-01"},
    )


def test_a_person_missing_from_a_full_export_is_reported_never_deleted(org, run, session):
    rows = export_of_everyone().decode().splitlines()
    without_alan = [r for r in rows if not r.startswith("E002")]
    report = run("employees", csv_bytes(*without_alan))
    assert report.ok, messages(report)
    assert any(
        n.startswith(
            "1 people employed in the database are not in this file and were kept, not deleted: E002"
        )
        for n in report.notes
    )
    assert person(session, "E002").exit_date is None


def test_columns_the_file_lacks_leave_stored_values_alone(org, run, session):
    data = csv_bytes("employee_id,email,name,hire date", "E003,grace@example.com,Grace Hopper,2021-01-04")
    report = run("employees", data)
    assert counts(report) == {"employee": (0, 0, 1, 0)}
    grace = person(session, "E003")
    assert grace.exit_date == date(2025, 10, 31)  # no termination column: the exit stays
    assert grace.team_id == org.teams["Platform"].id


def test_the_same_export_twice_writes_nothing(org, run, checksums):
    run("employees", csv_bytes(HEADER, *NEW_PEOPLE))
    before = checksums()
    again = run("employees", csv_bytes(HEADER, *NEW_PEOPLE))
    assert again.already_imported and checksums() == before
    semicolons_to_commas = csv_bytes(HEADER.replace(";", ","), *(r.replace(";", ",") for r in NEW_PEOPLE))
    other = run("employees", semicolons_to_commas, file_name="same-people.csv")
    assert counts(other) == {"employee": (0, 0, 3, 0)}
    assert other.batch_id is None and checksums() == before


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            [
                "E010;Bo;B;bo@example.com;Cloud;;;2024-01-01;;",
                "E010;Cy;C;cy@example.com;Cloud;;;2024-01-01;;",
            ],
            [(3, "Employee_ID", "employee code E010 is also on line 2")],
        ),
        (
            [
                "E010;Bo;B;bo@example.com;Cloud;;;2024-01-01;;",
                "E011;Cy;C;BO@example.com;Cloud;;;2024-01-01;;",
            ],
            [(3, "primaryWorkEmail", "email bo@example.com is also on line 2")],
        ),
        (
            ["E010;Bo;B;bo.example.com;Cloud;;;2024-01-01;;"],
            [(2, "primaryWorkEmail", "is not an email address")],
        ),
        (
            ["E010;Bo;B;bo@example.com;Cloud;;;2024-13-01;;"],
            [(2, "Hire Date", "'2024-13-01' is not a real date")],
        ),
        (["E010;Bo;B;bo@example.com;Cloud;;;03/04/2024;;"], [(2, "Hire Date", "is ambiguous")]),
        (
            ["E010;Bo;B;bo@example.com;Cloud;;;2024-01-01;2023-12-31;voluntary"],
            [(2, "Termination Date", "exit date 2023-12-31 is before hire date 2024-01-01")],
        ),
        (
            ["E010;Bo;B;bo@example.com;Cloud;E099;;2024-01-01;;"],
            [(2, "Manager_ID", "manager E099 is not in this file or the database")],
        ),
        (
            [
                "E010;Bo;B;bo@example.com;Cloud;E011;;2024-01-01;;",
                "E011;Cy;C;cy@example.com;Cloud;E010;;2024-01-01;;",
            ],
            [(2, "Manager_ID", "managers form a loop: E010 -> E011 -> E010")],
        ),
        (
            # E001 is stored without a manager; the file makes E001 report to E002, who reports to E001.
            ["E001;Ada;Lovelace;ada@example.com;Cloud;E002;;2019-03-01;;"],
            [(2, "Manager_ID", "managers form a loop through people already stored: E001 -> E002 -> E001")],
        ),
        (
            ["E010;Bo;B;alan@example.com;Cloud;;;2024-01-01;;"],
            [
                (
                    2,
                    "primaryWorkEmail",
                    "email alan@example.com belongs to employee E002 (Alan Turing) in the database",
                )
            ],
        ),
        (
            ["E010;Bo;B;bo@example.com;Cloud;;;2024-01-01;;resigned"],
            [(2, "Termination Reason", "an exit reason is given but no exit date")],
        ),
    ],
)
def test_each_hris_error_is_named_and_nothing_is_written(org, run, checksums, rows, expected):
    before = checksums()
    report = run("employees", csv_bytes(HEADER, *rows), file_name="hris.csv")
    assert [(e.row, e.field) for e in report.errors] == [(row, field) for row, field, _ in expected], (
        messages(report)
    )
    for issue, (_, _, message) in zip(report.errors, expected, strict=True):
        assert message in issue.message
        assert str(issue).startswith(f"hris.csv:{issue.row}:{issue.field}: ")
    assert checksums() == before


def test_a_missing_required_column_is_named(org, run, checksums):
    before = checksums()
    report = run(
        "employees", csv_bytes("employee_id,name,hire date", "E010,Bo,2024-01-01"), file_name="hris.csv"
    )
    assert where(report) == [("hris.csv", 1, "email")]
    assert report.errors[0].message.startswith("missing required column email")
    assert checksums() == before


def test_slashed_dates_read_with_the_declared_format(org, run, session):
    data = csv_bytes(HEADER, "E010;Bo;B;bo@example.com;Cloud;;;03/04/2024;;")
    report = run("employees", data, date_format="dmy")
    assert report.ok, messages(report)
    assert person(session, "E010").hire_date == date(2024, 4, 3)
