"""Writes check the writer's scope, validate, keep history and leave an audit trail."""

from __future__ import annotations

import json
from datetime import date

import pytest
import sqlalchemy as sa
from sqlmodel import select

from data_model import actions
from data_model.access import AccessDenied, Scope
from data_model.models import (
    AuditEvent,
    EmployeeSkill,
    Enrollment,
    LearningSession,
    OnboardingItem,
    OnboardingPlan,
)
from tests.builders import Org

TODAY = date(2026, 3, 16)


@pytest.fixture
def org(session) -> Org:
    org = Org(session)
    org.team("Cloud")
    org.team("Data")
    org.employee("L1", team="Cloud", hired="2022-01-03")
    org.set_lead("Cloud", "L1")
    org.employee("C1", team="Cloud", hired="2024-01-01")
    org.employee("C2", team="Cloud", hired="2026-03-02", role="Platform engineer")
    org.employee("D1", team="Data", hired="2024-01-01")
    org.employee("X1", team="Cloud", hired="2020-01-01", exited="2025-12-31")
    org.credential("K8S", cost=300, grants={"Kubernetes": 3}, validity_months=24)
    org.credential("TF", cost=200, grants={"Terraform": 2})
    org.credential("OLD", active=False)
    return org.commit()


def lead(org: Org) -> Scope:
    return Scope.for_lead(org.session, org.people["L1"].id, email="l1@example.com")


def ids(org: Org, *codes: str) -> list[int]:
    return [org.people[c].id for c in codes]


def creds(org: Org, *codes: str) -> list[int]:
    return [org.credentials[c].id for c in codes]


def count(session, model) -> int:
    return session.exec(select(sa.func.count()).select_from(model)).one()


def test_lead_assigns_two_credentials_to_two_people(org):
    s = org.session
    result = actions.assign_credentials(
        s,
        lead(org),
        employee_ids=ids(org, "C1", "C2"),
        credential_ids=creds(org, "K8S", "TF"),
        due_date=date(2026, 4, 30),
        reason="skill_gap",
        assigned_on=TODAY,
    )
    s.commit()
    assert len(result.created) == 4 and result.skipped == []
    rows = s.exec(select(Enrollment.employee_id, Enrollment.credential_id, Enrollment.status)).all()
    assert sorted(rows) == sorted(
        (e, c, "assigned") for e in ids(org, "C1", "C2") for c in creds(org, "K8S", "TF")
    )
    audits = s.exec(select(AuditEvent).where(AuditEvent.action == "assign_credential")).all()
    assert len(audits) == 4 and {a.actor for a in audits} == {"l1@example.com"}
    assert json.loads(audits[0].after)["due_date"] == "2026-04-30"


def test_an_open_assignment_is_not_made_twice(org):
    s = org.session
    org.enroll("C1", "K8S", assigned="2026-03-01", status="in_progress", started="2026-03-02")
    result = actions.assign_credentials(
        s,
        lead(org),
        employee_ids=ids(org, "C1", "C2"),
        credential_ids=creds(org, "K8S"),
        due_date=None,
        reason="skill_gap",
        assigned_on=TODAY,
    )
    assert len(result.created) == 1
    assert result.skipped == [("Person C1", "K8S", "already assigned or in progress")]


def test_people_who_left_are_skipped(org):
    result = actions.assign_credentials(
        org.session,
        Scope.all(),
        employee_ids=ids(org, "X1"),
        credential_ids=creds(org, "TF"),
        due_date=None,
        reason="compliance",
        assigned_on=TODAY,
    )
    assert result.created == [] and result.skipped[0][2] == "has left the organisation"


def test_lead_cannot_assign_outside_their_teams_and_nothing_is_written(org):
    s = org.session
    with pytest.raises(AccessDenied):
        actions.assign_credentials(
            s,
            lead(org),
            employee_ids=ids(org, "C1", "D1"),
            credential_ids=creds(org, "TF"),
            due_date=None,
            reason="skill_gap",
            assigned_on=TODAY,
        )
    s.rollback()
    assert count(s, Enrollment) == 0
    assert count(s, AuditEvent) == 0


def test_inactive_credential_and_due_before_assignment_are_refused(org):
    with pytest.raises(actions.ActionError, match="no longer offered: OLD"):
        actions.assign_credentials(
            org.session,
            Scope.all(),
            employee_ids=ids(org, "C1"),
            credential_ids=creds(org, "OLD"),
            due_date=None,
            reason="self",
            assigned_on=TODAY,
        )
    with pytest.raises(actions.ActionError, match="before the assignment date"):
        actions.assign_credentials(
            org.session,
            Scope.all(),
            employee_ids=ids(org, "C1"),
            credential_ids=creds(org, "TF"),
            due_date=date(2026, 3, 1),
            reason="self",
            assigned_on=TODAY,
        )


def test_employee_enrols_only_themselves(org):
    s = org.session
    me = Scope.for_employee(org.people["C1"].id, email="c1@example.com")
    enrollment_id = actions.enrol_self(s, me, credential_id=org.credentials["TF"].id, on=TODAY)
    assert s.get(Enrollment, enrollment_id).reason == "self"
    with pytest.raises(AccessDenied):
        actions.assign_credentials(
            s,
            me,
            employee_ids=ids(org, "C2"),
            credential_ids=creds(org, "TF"),
            due_date=None,
            reason="self",
            assigned_on=TODAY,
        )
    # An assignment the lead made cannot be withdrawn by the employee; their own enrollment can.
    lead_account = org.account("l1@example.com", "lead", "L1")
    result = actions.assign_credentials(
        s,
        lead(org),
        employee_ids=ids(org, "C1"),
        credential_ids=creds(org, "K8S"),
        due_date=None,
        reason="skill_gap",
        assigned_on=TODAY,
        assigned_by_account_id=lead_account.id,
    )
    with pytest.raises(AccessDenied):
        actions.withdraw_enrollment(s, me, enrollment_id=result.created[0], on=TODAY)
    actions.withdraw_enrollment(s, me, enrollment_id=enrollment_id, on=TODAY)
    assert s.get(Enrollment, enrollment_id).status == "withdrawn"


def test_onboarding_due_dates_count_from_the_hire_date(org):
    s = org.session
    plan = OnboardingPlan(name="Cloud starters", team_id=org.teams["Cloud"].id)
    s.add(plan)
    s.flush()
    s.add_all(
        [
            OnboardingItem(plan_id=plan.id, credential_id=org.credentials["K8S"].id, due_days_after_hire=30),
            OnboardingItem(plan_id=plan.id, credential_id=org.credentials["TF"].id, due_days_after_hire=7),
        ]
    )
    s.flush()
    result = actions.apply_onboarding_plan(s, lead(org), employee_ids=ids(org, "C2"), assigned_on=TODAY)
    rows = {
        c: (due, reason)
        for c, due, reason in s.exec(select(Enrollment.credential_id, Enrollment.due_date, Enrollment.reason))
    }
    # hired 2026-03-02: +30 days = 2026-04-01; +7 days = 2026-03-09 is before today (03-16), so today.
    assert rows == {
        org.credentials["K8S"].id: (date(2026, 4, 1), "onboarding"),
        org.credentials["TF"].id: (TODAY, "onboarding"),
    }
    assert len(result.created) == 2


def test_complete_extend_withdraw_keep_before_and_after(org):
    s = org.session
    a = org.enroll("C1", "K8S", assigned="2026-03-01", due="2026-03-10")
    b = org.enroll("C1", "TF", assigned="2026-03-01", due="2026-03-10")
    actions.extend_enrollment(s, lead(org), enrollment_id=a.id, due_date=date(2026, 4, 10))
    actions.complete_enrollment(s, lead(org), enrollment_id=a.id, on=TODAY)
    actions.withdraw_enrollment(s, lead(org), enrollment_id=b.id, on=TODAY)
    s.commit()
    assert (a.status, a.due_date, a.completed_on) == ("completed", date(2026, 4, 10), TODAY)
    assert (b.status, b.withdrawn_on) == ("withdrawn", TODAY)
    extend = s.exec(select(AuditEvent).where(AuditEvent.action == "extend_enrollment")).one()
    assert json.loads(extend.before)["due_date"] == "2026-03-10"
    assert json.loads(extend.after)["due_date"] == "2026-04-10"
    with pytest.raises(actions.ActionError, match="already completed"):
        actions.withdraw_enrollment(s, lead(org), enrollment_id=a.id, on=TODAY)


@pytest.mark.parametrize(
    "minutes,day,message",
    [
        (0, "2026-03-10", "outside 1..1440"),
        (1441, "2026-03-10", "outside 1..1440"),
        (30, "2026-03-17", "in the future"),
    ],
)
def test_bad_learning_entries_are_refused(org, minutes, day, message):
    entry = actions.LearningEntry(
        employee_id=org.people["C1"].id, on=date.fromisoformat(day), minutes=minutes
    )
    with pytest.raises(actions.ActionError, match=message):
        actions.log_learning(org.session, Scope.all(), entry=entry, today=TODAY)
    assert count(org.session, LearningSession) == 0


def test_learning_is_logged_for_people_in_scope_only(org):
    s = org.session
    entry = actions.LearningEntry(employee_id=org.people["C1"].id, on=date(2026, 3, 10), minutes=90)
    actions.log_learning(s, lead(org), entry=entry, today=TODAY)
    other = actions.LearningEntry(employee_id=org.people["D1"].id, on=date(2026, 3, 10), minutes=90)
    with pytest.raises(AccessDenied):
        actions.log_learning(s, lead(org), entry=other, today=TODAY)
    with pytest.raises(AccessDenied):
        actions.log_learning(s, Scope.executive(), entry=entry, today=TODAY)
    before_hire = actions.LearningEntry(employee_id=org.people["C2"].id, on=date(2026, 2, 27), minutes=30)
    with pytest.raises(actions.ActionError, match="not employed"):
        actions.log_learning(s, lead(org), entry=before_hire, today=TODAY)
    assert s.exec(select(sa.func.sum(LearningSession.minutes))).one() == 90


def test_skill_change_closes_the_current_row_and_keeps_history(org):
    s = org.session
    skill = org.skill_id("Kubernetes")
    person = org.people["C1"].id
    actions.set_skill_level(
        s, lead(org), employee_id=person, skill_id=skill, level=2, source="manager", on=date(2026, 1, 5)
    )
    actions.set_skill_level(
        s, lead(org), employee_id=person, skill_id=skill, level=3, source="manager", on=date(2026, 3, 2)
    )
    unchanged = actions.set_skill_level(
        s, lead(org), employee_id=person, skill_id=skill, level=3, source="manager", on=date(2026, 3, 9)
    )
    rows = s.exec(
        select(EmployeeSkill.level, EmployeeSkill.valid_from, EmployeeSkill.valid_to).order_by(
            EmployeeSkill.id
        )
    ).all()
    assert rows == [(2, date(2026, 1, 5), date(2026, 3, 2)), (3, date(2026, 3, 2), None)]
    assert unchanged is None
    with pytest.raises(AccessDenied):
        actions.set_skill_level(
            s,
            Scope.for_employee(person),
            employee_id=org.people["C2"].id,
            skill_id=skill,
            level=1,
            source="self",
            on=TODAY,
        )


def test_badge_grants_its_credential_skills_until_expiry_and_only_once(org):
    s = org.session
    award = actions.BadgeAward(
        employee_id=org.people["C1"].id,
        name="Kubernetes practitioner",
        issuer_name="Test University",
        issued_on=date(2026, 1, 10),
        expires_on=date(2028, 1, 10),
        assertion_id="urn:uuid:abc",
        credential_id=org.credentials["K8S"].id,
        verification="verified",
    )
    first = actions.award_badge(s, lead(org), award=award)
    second = actions.award_badge(s, lead(org), award=award)
    rows = s.exec(
        select(EmployeeSkill.skill_id, EmployeeSkill.level, EmployeeSkill.valid_to, EmployeeSkill.source)
    )
    assert first is not None and second is None
    assert rows.all() == [(org.skill_id("Kubernetes"), 3, date(2028, 1, 10), "badge")]


def test_revoked_badge_is_kept_but_grants_nothing(org):
    s = org.session
    award = actions.BadgeAward(
        employee_id=org.people["C1"].id,
        name="K8s",
        issuer_name="Test University",
        issued_on=date(2026, 1, 10),
        assertion_id="urn:uuid:revoked",
        credential_id=org.credentials["K8S"].id,
        verification="revoked",
    )
    assert actions.award_badge(s, Scope.all(), award=award) is not None
    assert count(s, EmployeeSkill) == 0


def test_team_target_is_set_then_changed_in_place(org):
    s = org.session
    skill = org.skill_id("Kubernetes")
    first = actions.set_team_target(
        s, lead(org), team_id=org.teams["Cloud"].id, skill_id=skill, min_level=3, required_headcount=2
    )
    second = actions.set_team_target(
        s,
        lead(org),
        team_id=org.teams["Cloud"].id,
        skill_id=skill,
        min_level=4,
        required_headcount=1,
        priority="high",
    )
    assert first == second
    with pytest.raises(AccessDenied):
        actions.set_team_target(
            s, lead(org), team_id=org.teams["Data"].id, skill_id=skill, min_level=3, required_headcount=2
        )
