"""The `onboarding` kind: plans from CSV or JSON, all or nothing, the same as the page's, round-tripped."""

from __future__ import annotations

import json

from sqlmodel import Session, select

from data_model.access import Scope
from data_model.actions import PlanDraft, PlanItem, save_onboarding_plan
from data_model.importing import exports
from data_model.metrics.onboarding import onboarding_plans
from data_model.models import JobRole

from .conftest import counts, csv_bytes, messages, where

HR = Scope.all(role="hr", email="hr@example.com")
HEADER = "plan,job_role,team,credential,due_days_after_hire,required,active"
CLOUD = csv_bytes(
    HEADER,
    "Cloud onboarding,,Cloud,TF-201,7,yes,yes",
    "Cloud onboarding,,Cloud,K8S-101,30,no,yes",
)


def shown(session: Session):
    plans = onboarding_plans(session, HR, include_retired=True)
    return plans.drop(columns=["plan_id"]).to_dict("records")


def test_a_plan_by_import_has_the_same_rows_as_the_same_plan_by_the_page(org, run, engine, session):
    """The page saves a plan with `save_onboarding_plan`; the same plan as a file then changes nothing."""
    credentials = org.credentials
    save_onboarding_plan(
        session,
        HR,
        draft=PlanDraft(
            "Cloud onboarding",
            team_id=org.teams["Cloud"].id,
            items=[
                PlanItem(credentials["TF-201"].id, 7),
                PlanItem(credentials["K8S-101"].id, 30, required=False),
            ],
        ),
    )
    session.commit()
    by_page = shown(session)
    report = run("onboarding", CLOUD, file_name="plans.csv")
    assert report.ok, messages(report)
    assert counts(report) == {"onboarding_plan": (0, 0, 1, 0)}
    with Session(engine) as fresh:
        assert shown(fresh) == by_page
    assert [(r["position"], r["credential"], r["due_days_after_hire"], r["required"]) for r in by_page] == [
        (1, "TF-201", 7, True),
        (2, "K8S-101", 30, False),
    ]


def test_export_then_import_changes_nothing(org, run, engine, checksums):
    assert run("onboarding", CLOUD).ok
    exported = exports.onboarding_csv_bytes(engine)
    assert exported.decode().splitlines() == [
        HEADER,
        "Cloud onboarding,,Cloud,TF-201,7,true,true",
        "Cloud onboarding,,Cloud,K8S-101,30,false,true",
    ]
    before = checksums()
    again = run("onboarding", exported, file_name="onboarding-plans.csv")
    assert again.ok, messages(again)
    assert counts(again) == {"onboarding_plan": (0, 0, 1, 0)}
    assert checksums() == before


def test_json_gives_the_same_plan_and_a_changed_file_replaces_it(org, run, engine):
    document = {
        "plans": [
            {
                "plan": "Cloud onboarding",
                "team": "Cloud",
                "items": [
                    {"credential": "TF-201", "due_days_after_hire": 7},
                    {"credential": "K8S-101", "due_days_after_hire": 30, "required": False},
                ],
            }
        ]
    }
    assert run("onboarding", json.dumps(document).encode(), file_name="plans.json").ok
    with Session(engine) as session:
        from_json = shown(session)
    assert run("onboarding", CLOUD).ok  # the same plan as CSV: nothing to change
    with Session(engine) as session:
        assert shown(session) == from_json
    changed = csv_bytes(HEADER, "Cloud onboarding,,Cloud,K8S-101,10,yes,no")
    report = run("onboarding", changed)
    assert report.ok, messages(report)
    assert counts(report) == {"onboarding_plan": (0, 1, 0, 0)}
    with Session(engine) as session:
        rows = shown(session)
    assert [(r["credential"], r["due_days_after_hire"], r["active"]) for r in rows] == [
        ("K8S-101", 10, False)
    ]


def test_bad_plans_are_refused_with_where_and_nothing_is_written(org, run, engine, checksums):
    before = checksums()
    bad = csv_bytes(
        HEADER,
        "Cloud onboarding,,Cloud,TF-201,7,yes,yes",
        "Cloud onboarding,,Platform,K8S-101,30,yes,yes",  # the same plan, another team
        "Typo plan,,Clod,NOPE-1,5000,maybe,yes",
        "No fit,,,TF-201,3,yes,yes",
    )
    report = run("onboarding", bad, file_name="plans.csv")
    assert not report.ok
    assert where(report) == [
        ("plans.csv", 3, "team"),
        ("plans.csv", 4, "due_days_after_hire"),
        ("plans.csv", 4, "required"),
        ("plans.csv", 5, "team"),
    ]
    assert "due days must be 0 to 3650" in messages(report)
    unknown = run(
        "onboarding", csv_bytes(HEADER, "Typo plan,Wizard,Clod,NOPE-1,5,yes,yes"), file_name="t.csv"
    )
    assert where(unknown) == [("t.csv", 2, "job_role"), ("t.csv", 2, "team"), ("t.csv", 2, "credential")]
    assert checksums() == before
    with Session(engine) as session:
        assert session.exec(select(JobRole).where(JobRole.title == "Wizard")).first() is None
