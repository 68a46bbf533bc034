"""`upskill import` and `upskill export` as a person uses them: counts, dry runs, errors, exit codes."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from cli.main import app
from data_model.actions.accounts import add_account
from data_model.importing import exports
from data_model.models import Account, AuditEvent, ImportBatch
from tests.formats.badge_factory import hashed, ob2_assertion

from .conftest import csv_bytes

LEARNING = csv_bytes("employee,date,minutes,session id", "E001,2026-01-05,90,a", "E002,2026-01-06,30,b")


@pytest.fixture
def cli(db_url):
    def go(*args: str):
        return CliRunner().invoke(app, list(args), env={"UPSKILL_DATABASE_URL": db_url})

    return go


def test_import_prints_the_counts_and_a_dry_run_writes_nothing(org, cli, tmp_path, checksums):
    path = tmp_path / "lms.csv"
    path.write_bytes(LEARNING)
    before = checksums()
    dry = cli("import", "learning", str(path), "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert dry.stdout.splitlines()[:4] == [
        "dry run: nothing was written",
        "lms.csv: would write 2 row(s) (2 rows read)",
        "  table               created    updated  unchanged    deleted",
        "  learning_session          2          0          0          0",
    ]
    assert checksums() == before
    real = cli("import", "learning", str(path))
    first = real.stdout.splitlines()[0]
    assert re.fullmatch(r"lms\.csv: wrote 2 row\(s\) as batch #(\d+) \(2 rows read\)", first), first
    batch = first.split("#")[1].split()[0]  # PostgreSQL's sequence moved on during the dry run
    again = cli("import", "learning", str(path))
    assert again.exit_code == 0
    assert again.stdout.splitlines()[0].startswith(f"lms.csv: already imported as batch #{batch} on ")


def test_every_error_is_printed_as_file_row_field_message(org, cli, tmp_path, checksums):
    path = tmp_path / "lms.csv"
    path.write_bytes(
        csv_bytes("Employee ID,date,minutes", "E999,2026-01-05,30", "E001,2199-01-05,30", "E001,2026-01-05,x")
    )
    before = checksums()
    result = cli("import", "learning", str(path))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "lms.csv:2:Employee ID: unknown employee E999"
    assert lines[1].startswith("lms.csv:3:date: 2199-01-05 is in the future")
    assert lines[2] == "lms.csv:4:minutes: 'x' is not a number"
    assert lines[-1] == "error: 3 error(s) in lms.csv; nothing was written"
    assert checksums() == before


def test_import_as_an_account_records_who(org, cli, tmp_path, session, engine):
    add_account(session, email="hr@example.com", role="hr", password=None)
    add_account(session, email="alan@example.com", role="lead", password=None)
    session.commit()
    path = tmp_path / "lms.csv"
    path.write_bytes(LEARNING)
    refused = cli("import", "learning", str(path), "--as", "alan@example.com")
    assert refused.exit_code == 1
    assert (
        refused.stderr
        == "error: --as alan@example.com: a lead account cannot import data; imports are for admin and HR\n"
    )
    done = cli("import", "learning", str(path), "--as", "HR@example.com")
    assert done.exit_code == 0, done.output
    session.expire_all()
    assert session.exec(select(ImportBatch.created_by)).all() == ["hr@example.com"]
    assert session.exec(select(AuditEvent.actor).where(AuditEvent.action == "import_learning")).all() == [
        "hr@example.com"
    ]


def test_usage_mistakes_are_one_line(org, cli, tmp_path):
    assert cli("import", "payroll", "x.csv").stderr == (
        "error: unknown kind 'payroll'; use one of: employees, learning, enrollments, badges, xapi, skills, "
        "targets, catalog, onboarding\n"
    )
    assert cli("import", "learning", str(tmp_path / "missing.csv")).stderr.endswith(
        "missing.csv: no such file\n"
    )
    assert "--date-format must be dmy or mdy" in cli("import", "learning", "x", "--date-format", "ymd").stderr


def test_export_every_table_as_csv_without_password_hashes(org, cli, session, tmp_path):
    add_account(session, email="admin@example.com", role="admin", password="a long enough password")
    session.commit()
    assert session.exec(select(Account.password_hash)).one().startswith("$argon2")
    accounts = cli("export", "account")
    assert accounts.exit_code == 0
    header = "id,email,role,employee_id,active,created_at,last_sign_in_at,failed_attempts,locked_until"
    assert accounts.stdout.splitlines()[0] == header  # every column but the password hash
    assert "argon2" not in accounts.stdout
    for table in ("employee", "learning_session", "import_batch", "credential_skill", "team_skill_target"):
        out = tmp_path / f"{table}.csv"
        result = cli("export", table, "--output", str(out))
        assert result.exit_code == 0, result.output
        assert out.read_text(encoding="utf-8").splitlines()[0].startswith(("id,", "credential_id,"))
    employees = list(csv.DictReader(io.StringIO((tmp_path / "employee.csv").read_text(encoding="utf-8"))))
    assert [(e["employee_code"], e["hire_date"], e["exit_date"]) for e in employees] == [
        ("E001", "2019-03-01", ""),
        ("E002", "2020-06-15", ""),
        ("E003", "2021-01-04", "2025-10-31"),
        ("E004", "2022-09-01", ""),
    ]
    assert cli("export", "payroll").exit_code == 2


def test_exported_cells_that_look_like_formulas_are_neutralised(org, cli, session):
    org.people["E001"].full_name = '=HYPERLINK("http://evil")'
    org.people["E002"].full_name = "@SUM(A1)"
    org.people["E003"].full_name = "-2+3"
    org.people["E004"].full_name = "+1"
    session.add_all(org.people.values())
    session.commit()
    names = [row["full_name"] for row in csv.DictReader(io.StringIO(cli("export", "employee").stdout))]
    assert names == ['\'=HYPERLINK("http://evil")', "'@SUM(A1)", "'-2+3", "'+1"]


def test_export_a_badge_exactly_as_received(org, cli, tmp_path):
    received = json.dumps(ob2_assertion(recipient=hashed("ada@example.com")), indent=1) + "\n"
    path = tmp_path / "ada.json"
    path.write_text(received, encoding="utf-8")
    assert cli("import", "badges", str(path)).exit_code == 0
    out = tmp_path / "out.json"
    result = cli("export", "badge", ob2_assertion()["id"], "--output", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes() == received.encode()
    assert cli("export", "badge", "urn:nope").stderr == "error: no badge with assertion id urn:nope\n"
    assert cli("export", "employee", "x").exit_code == 2


@pytest.mark.parametrize("table", exports.table_names())
def test_every_table_exports_with_its_header(org, cli, table):
    result = cli("export", table)
    assert result.exit_code == 0, result.output
    header = result.stdout.splitlines()[0].split(",")
    assert header == [c.name for c in exports.export_columns(table)]
    assert "password_hash" not in header
