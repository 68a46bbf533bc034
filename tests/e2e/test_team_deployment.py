"""A real team deployment, from an empty PostgreSQL database, with only the README, the pages and the CLI.

The README's team-deployment steps (`upskill db upgrade`, `upskill users add`, `streamlit run`),
then in Chromium as the HR manager: import the catalog and the people (Data page), import an
onboarding plan, switch on the new-hire rule (Onboarding plans page), invite the Cloud team's
lead (Accounts page, password shown once). A new hire then arrives in the next HRIS file, and the
lead, signing in with the invited password, sees the assignment the rule made on the Team page.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from data_model.db import make_engine
from data_model.models import Employee, Enrollment, MicroCredential
from tests.conftest import PROJECT_ROOT, TODAY
from tests.e2e.conftest import assert_no_exception, screenshot, start_app, stop_app, wait_until_idle

HR_EMAIL, HR_PASSWORD = "hr@example.com", "a long enough password"
HIRED = (TODAY - timedelta(days=120)).isoformat()
NEW_HIRE_DAY = (TODAY - timedelta(days=2)).isoformat()
PEOPLE = (
    "employee_id,email,name,team,manager,hire date\n"
    f"E1,lea@example.com,Lea Lead,Cloud,,{HIRED}\n"
    f"E2,hr@example.com,Harriet HR,People,,{HIRED}\n"
    f"E3,omar@example.com,Omar Ops,Ops,,{HIRED}\n"
)
NEW_HIRE = PEOPLE + f"E4,nina@example.com,Nina New,Cloud,E1,{NEW_HIRE_DAY}\n"
CATALOG = "code,title,provider,expected_hours\nK8S-101,Kubernetes Basics,Acme Academy,12\n"
PLAN = "plan,job_role,team,credential,due_days_after_hire\nCloud onboarding,,Cloud,K8S-101,14\n"


def upskill(database_url: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "cli.main", *args],
        cwd=PROJECT_ROOT, env={**os.environ, "UPSKILL_DATABASE_URL": database_url},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def sign_in(page: Page, base_url: str, email: str, password: str) -> None:
    page.goto(base_url)
    wait_until_idle(page)
    page.get_by_role("textbox", name="Work email").fill(email)
    page.get_by_role("textbox", name="Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    wait_until_idle(page)
    expect(page.get_by_role("heading", name="Overview")).to_be_visible(timeout=30_000)


def open_page(page: Page, name: str) -> None:
    page.get_by_test_id("stSidebar").get_by_role("link", name=name, exact=True).click()
    wait_until_idle(page)
    assert_no_exception(page)


def choose(page: Page, label: str, option: str, within=None) -> None:
    (within or page).get_by_test_id("stSelectbox").filter(has_text=label).click()
    page.get_by_role("option").filter(has_text=option).first.click()
    wait_until_idle(page)


def upload(page: Page, tmp_path: Path, kind: str, name: str, text: str) -> None:
    """Data page: choose the kind, upload the file, read the preview, import."""
    choose(page, "What the file holds", kind)
    path = tmp_path / name
    path.write_text(text)
    page.locator("[data-testid='stFileUploaderDropzoneInput']").first.set_input_files(str(path))
    wait_until_idle(page)
    expect(page.get_by_role("heading", name="Preview")).to_be_visible()
    page.get_by_role("button", name="Import", exact=True).click()
    wait_until_idle(page)
    assert_no_exception(page)
    expect(page.get_by_test_id("stAlertContentSuccess").first).to_be_visible()


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_a_team_deployment_from_an_empty_postgresql_database(page: Page, db_url: str, tmp_path: Path):
    page.set_viewport_size({"width": 1366, "height": 900})
    upskill(db_url, "db", "upgrade")
    upskill(db_url, "users", "add", "--email", HR_EMAIL, "--role", "hr", "--password", HR_PASSWORD)
    app = start_app(db_url, extra_env={"UPSKILL_DEMO": "0"})
    try:
        sign_in(page, app.url, HR_EMAIL, HR_PASSWORD)
        expect(page.get_by_text("Set up Upskill for your organisation")).to_be_visible()
        expect(page.get_by_text("(0 of 6 done)")).to_be_visible()
        screenshot(page, "deployment-first-run")
        open_page(page, "Data")
        upload(page, tmp_path, "Catalog", "catalog.csv", CATALOG)
        upload(page, tmp_path, "People", "hris.csv", PEOPLE)
        upload(page, tmp_path, "Onboarding plans", "plans.csv", PLAN)

        open_page(page, "Onboarding plans")
        page.get_by_role("tab", name="Automatic rules").click()
        page.get_by_role("textbox", name="Name").last.fill("Every new hire")
        page.get_by_role("button", name="Add the rule").click()
        wait_until_idle(page)
        expect(page.get_by_text("Rule Every new hire added and switched on.")).to_be_visible()

        open_page(page, "Accounts")
        invite = page.get_by_test_id("stForm")
        invite.get_by_role("textbox", name="Email").fill("lea@example.com")
        choose(page, "Role", "Team lead", within=invite)
        box = invite.get_by_test_id("stMultiSelect").filter(has_text="Teams they lead")
        box.locator("input").click()
        page.get_by_role("option").filter(has_text="Cloud").first.click()
        page.keyboard.press("Escape")
        page.get_by_role("button", name="Invite").click()
        wait_until_idle(page)
        invited = page.get_by_test_id("stAlertContentSuccess").first.inner_text()
        password = re.search(r"shown only now: (\S+)", invited).group(1).strip("`")
        screenshot(page, "deployment-accounts")

        open_page(page, "Overview")
        expect(page.get_by_text("(4 of 6 done)")).to_be_visible()  # targets and learning time still to come
        open_page(page, "Data")
        upload(page, tmp_path, "People", "hris-next-day.csv", NEW_HIRE)
        page.get_by_role("button", name="Sign out").click()
        wait_until_idle(page)

        sign_in(page, app.url, "lea@example.com", password)
        open_page(page, "Team")
        metric = (
            page.get_by_test_id("stMetric")
            .filter(has_text="Open assignments")
            .get_by_test_id("stMetricValue")
        )
        expect(metric).to_have_text("1")
        screenshot(page, "deployment-lead-team")
    finally:
        stop_app(app)
    engine = make_engine(db_url)
    with Session(engine) as session:
        nina = session.exec(select(Employee).where(Employee.employee_code == "E4")).one()
        [enrollment] = session.exec(select(Enrollment)).all()
        k8s = session.exec(select(MicroCredential)).one()
        assert (enrollment.employee_id, enrollment.credential_id) == (nina.id, k8s.id)
        assert enrollment.due_date == nina.hire_date + timedelta(days=14)
        assert enrollment.rule_id is not None and enrollment.reason == "onboarding"
    engine.dispose()
