"""Automatic assignment rules: new hires, team changes and recertification, worked by hand.

Cloud's plan asks K8S by day 14 after hire. HRIS files arrive on Mon 2 Mar 2026 (the import's day).
- new hire Nina, hired Mon 23 Feb: K8S due 9 Mar (23 Feb + 14), made by the "New hires" rule;
- Ops' Omar moves to Cloud in a later file: K8S due 16 Mar (2 Mar, the day he joins Cloud, + 14),
  made by the "Team moves" rule;
- Ada holds a TF badge expiring 20 Mar; the recertification rule (30 days before) run on 1 Mar
  assigns TF due 20 Mar; run again, it assigns nothing.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from cli.main import app
from data_model import migrate
from data_model.access import Scope
from data_model.actions import PlanDraft, PlanItem, save_onboarding_plan
from data_model.actions.rules import RuleDraft, run_dated_rules, save_rule, set_rule_active
from data_model.importing import import_file
from data_model.metrics.rules import assignment_rules, recertification_dry_run
from data_model.models import AuditEvent, Employee, Enrollment
from tests.builders import Org

HR = Scope.all(role="hr", email="hr@example.com")
ON = date(2026, 3, 2)
HEADER = "employee_id,email,name,team,hire date\n"
NINA = "N1,nina@example.com,Nina New,Cloud,2026-02-23\n"


@pytest.fixture
def migrated(empty_engine):
    migrate.upgrade(empty_engine)
    return empty_engine


@pytest.fixture
def org(migrated):
    with Session(migrated) as session:
        org = Org(session)
        org.team("Cloud")
        org.team("Ops")
        org.credential("K8S")
        org.credential("TF")
        org.employee("ADA", team="Ops", hired="2020-01-06")
        org.employee("OMAR", team="Ops", hired="2020-01-06")
        org.badge("ADA", issued="2024-03-20", expires="2026-03-20", credential="TF")
        plan = save_onboarding_plan(
            session, HR, draft=PlanDraft("Cloud", team_id=org.teams["Cloud"].id,
                                         items=[PlanItem(org.credentials["K8S"].id, 14)]),
        )  # fmt: skip
        save_rule(session, HR, draft=RuleDraft("New hires", "new_hire"))
        save_rule(session, HR, draft=RuleDraft("Team moves", "team_change", plan_id=plan))
        save_rule(
            session, HR,
            draft=RuleDraft(
                "TF recertification", "recertify", credential_id=org.credentials["TF"].id, days_before=30
            ),
        )  # fmt: skip
        org.commit()
        yield {k: v.id for k, v in org.credentials.items()}, {k: v.id for k, v in org.people.items()}


def hris(engine, text: str, **options):
    with Session(engine) as session:
        return import_file(
            session, "employees", (HEADER + text).encode(), file_name="hris.csv", who="hr@example.com",
            role="hr", today=ON, **options,
        )  # fmt: skip


def enrollments(engine, code: str) -> list[tuple[int, date, str, int | None]]:
    with Session(engine) as session:
        person = session.exec(select(Employee).where(Employee.employee_code == code)).one()
        rows = session.exec(select(Enrollment).where(Enrollment.employee_id == person.id)).all()
        return [(e.credential_id, e.due_date, e.reason, e.rule_id) for e in rows]


def test_a_new_hire_from_the_hris_gets_the_plan_in_the_same_transaction(org, migrated):
    credentials, _ = org
    failed = hris(migrated, NINA + "N2,not-an-email,Bad Row,Cloud,2026-02-23\n")
    assert not failed.ok
    with Session(migrated) as session:
        assert session.exec(select(Enrollment)).all() == []  # the refused file left no assignment
    report = hris(migrated, NINA)
    assert report.ok, report.error_rows()
    [(credential, due, reason, rule)] = enrollments(migrated, "N1")
    assert (credential, due, reason) == (credentials["K8S"], date(2026, 3, 9), "onboarding")
    with Session(migrated) as session:
        rules = assignment_rules(session, HR).set_index("name")
        assert rules.loc["New hires", "rule_id"] == rule and rules.loc["New hires", "assigned"] == 1
        audit = session.exec(select(AuditEvent).where(AuditEvent.action == "assign_credential")).one()
        assert f'"rule_id": {rule}' in audit.after
    assert any("onboarding assignment(s) made by the rules for new hires" in n for n in report.notes)


def test_a_rule_switched_off_assigns_nothing(org, migrated):
    with Session(migrated) as session:
        new_hires = assignment_rules(session, HR).set_index("name").loc["New hires", "rule_id"]
        set_rule_active(session, HR, rule_id=int(new_hires), active=False)
        session.commit()
    assert hris(migrated, NINA).ok
    assert enrollments(migrated, "N1") == []


def test_a_person_who_moves_team_gets_the_new_teams_plan(org, migrated):
    credentials, _ = org
    assert hris(migrated, "OMAR,omar@example.com,Omar,Ops,2020-01-06\n").ok
    assert enrollments(migrated, "OMAR") == []
    moved = hris(migrated, "OMAR,omar@example.com,Omar,Cloud,2020-01-06\n")
    assert moved.ok, moved.error_rows()
    [(credential, due, reason, _rule)] = enrollments(migrated, "OMAR")
    assert (credential, due, reason) == (credentials["K8S"], date(2026, 3, 16), "onboarding")


def test_recertification_run_twice_assigns_once(org, migrated):
    credentials, _ = org
    with Session(migrated) as session:
        dry = recertification_dry_run(session, HR, as_of=date(2026, 3, 1))
        assert dry[["employee_code", "credential", "due_date", "assigned"]].values.tolist() == [
            ["ADA", "TF", date(2026, 3, 20), True]
        ]
        assert recertification_dry_run(session, HR, as_of=date(2026, 2, 17)).empty  # 31 days before: not yet
    for _ in range(2):
        with Session(migrated) as session:
            run_dated_rules(session, HR, as_of=date(2026, 3, 1))
            session.commit()
    assert [(c, d, r) for c, d, r, _ in enrollments(migrated, "ADA")] == [
        (credentials["TF"], date(2026, 3, 20), "compliance")
    ]


def test_the_cli_runs_the_dated_rules_idempotently(org, migrated, db_url):
    runner = CliRunner()
    env = {"UPSKILL_DATABASE_URL": db_url}
    dry = runner.invoke(app, ["rules", "run", "--as-of", "2026-03-01", "--dry-run"], env=env)
    assert dry.exit_code == 0, dry.output
    assert "1 assignment(s) would be made for 2026-03-01 (dry run)" in dry.output
    assert enrollments(migrated, "ADA") == []
    first = runner.invoke(app, ["rules", "run", "--as-of", "2026-03-01"], env=env)
    second = runner.invoke(app, ["rules", "run", "--as-of", "2026-03-01"], env=env)
    assert first.exit_code == second.exit_code == 0, first.output + second.output
    assert "1 assignment(s) created" in first.output
    assert "0 assignment(s) created, 1 skipped" in second.output
    assert len(enrollments(migrated, "ADA")) == 1
    bad = runner.invoke(app, ["rules", "run", "--as-of", "1 March"], env=env)
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output
