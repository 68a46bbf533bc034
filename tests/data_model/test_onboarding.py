"""Onboarding plans: saved in order, previewed, applied exactly as previewed, retired.

Hand-worked: Ana is hired on Mon 2 Mar 2026 as an Engineer in Cloud. The Engineer plan asks
K8S by day 14 (required) and TF by day 30 (optional); the Cloud plan asks K8S by day 7 and SEC
by day 45. Applied on 4 Mar: K8S due 9 Mar (the earlier of 2 Mar + 7 and 2 Mar + 14), SEC due
16 Apr (2 Mar + 45); TF is optional, so suggested, not assigned. Ben (Ops, no plan) gets nothing.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import select

from data_model.access import AccessDenied, Scope
from data_model.actions import (
    ActionError,
    PlanDraft,
    PlanItem,
    apply_onboarding_plan,
    save_onboarding_plan,
    set_plan_active,
)
from data_model.metrics.onboarding import onboarding_plans, onboarding_preview
from data_model.models import Enrollment, JobRole
from tests.builders import Org

HR = Scope.all(role="hr", email="hr@example.com")
ON = date(2026, 3, 4)


@pytest.fixture
def org(session) -> Org:
    org = Org(session)
    org.team("Cloud")
    org.team("Ops")
    for code in ("K8S", "TF", "SEC"):
        org.credential(code)
    org.employee("ANA", team="Cloud", hired="2026-03-02", name="Ana", role="Engineer")
    org.employee("BEN", team="Ops", hired="2026-03-02", name="Ben")
    return org.commit()


def plans(org: Org, session) -> tuple[int, int]:
    c = org.credentials
    engineer = session.exec(select(JobRole)).one().id
    first = save_onboarding_plan(
        session, HR,
        draft=PlanDraft("Engineers", job_role_id=engineer, items=[
            PlanItem(c["K8S"].id, 14), PlanItem(c["TF"].id, 30, required=False),
        ]),
    )  # fmt: skip
    second = save_onboarding_plan(
        session, HR,
        draft=PlanDraft("Cloud", team_id=org.teams["Cloud"].id, items=[
            PlanItem(c["SEC"].id, 45), PlanItem(c["K8S"].id, 7),
        ]),
    )  # fmt: skip
    session.commit()
    return first, second


def test_a_plan_keeps_its_order_and_the_preview_is_what_apply_writes(org, session):
    plans(org, session)
    listed = onboarding_plans(session, HR)
    assert list(zip(listed["plan"], listed["position"], listed["credential"], strict=True)) == [
        ("Cloud", 1, "SEC"), ("Cloud", 2, "K8S"), ("Engineers", 1, "K8S"), ("Engineers", 2, "TF"),
    ]  # fmt: skip
    people = [org.people["ANA"].id, org.people["BEN"].id]
    preview = onboarding_preview(session, HR, employee_ids=people, as_of=ON)
    rows = {
        (r.employee_code, r.credential): (r.assigned, r.due_date, r.why_not) for r in preview.itertuples()
    }
    assert rows == {
        ("ANA", "K8S"): (True, date(2026, 3, 9), None),
        ("ANA", "SEC"): (True, date(2026, 4, 16), None),
        ("ANA", "TF"): (
            False,
            date(2026, 4, 1),
            "optional in the plan: assign it from the Team page if wanted",
        ),
        ("BEN", ""): (False, ON, "no onboarding plan for their job role or team"),
    }
    result = apply_onboarding_plan(session, HR, employee_ids=people, assigned_on=ON)
    session.commit()
    written = session.exec(select(Enrollment).order_by(Enrollment.due_date)).all()
    assert [(e.credential_id, e.due_date, e.reason) for e in written] == [
        (org.credentials["K8S"].id, date(2026, 3, 9), "onboarding"),
        (org.credentials["SEC"].id, date(2026, 4, 16), "onboarding"),
    ]
    assert len(result.created) == 2 and len(result.skipped) == 2
    again = onboarding_preview(session, HR, employee_ids=people, as_of=ON)
    assert set(again[again["employee_code"] == "ANA"]["why_not"]) >= {"already assigned or in progress"}
    assert apply_onboarding_plan(session, HR, employee_ids=people, assigned_on=ON).created == []


def test_a_retired_plan_assigns_nothing_and_a_second_plan_for_the_same_fit_is_refused(org, session):
    first, second = plans(org, session)
    set_plan_active(session, HR, plan_id=second, active=False)
    session.commit()
    preview = onboarding_preview(session, HR, employee_ids=[org.people["ANA"].id], as_of=ON)
    assert sorted(preview["credential"]) == ["K8S", "TF"]  # the Engineers plan alone
    with pytest.raises(ActionError, match=r"already for this job role and team \(retired"):
        save_onboarding_plan(
            session, HR, draft=PlanDraft("Cloud again", team_id=org.teams["Cloud"].id,
                                         items=[PlanItem(org.credentials["K8S"].id, 3)]),
        )  # fmt: skip
    with pytest.raises(ActionError, match="in the plan twice"):
        save_onboarding_plan(
            session, HR, plan_id=first,
            draft=PlanDraft("Engineers", team_id=org.teams["Ops"].id, items=[
                PlanItem(org.credentials["K8S"].id, 3), PlanItem(org.credentials["K8S"].id, 5),
            ]),
        )  # fmt: skip
    with pytest.raises(AccessDenied):
        save_onboarding_plan(session, Scope(role="lead", team_ids=frozenset()), draft=PlanDraft("x"))
