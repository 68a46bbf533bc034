"""The Team page: a lead sees their roster and assigns learning in one form."""

from __future__ import annotations

from sqlmodel import select

from data_model.accounts import scope_of
from data_model.metrics.catalog import credential_options
from data_model.metrics.people import team_roster
from data_model.models import AuditEvent, Enrollment
from data_model.vocab import OPEN_ENROLLMENT_STATUSES
from tests.conftest import TODAY

TEAM = "pages/team.py"


def test_lead_sees_their_roster(app_as, persona, demo_session):
    at = app_as("lead", TEAM)
    assert not at.exception
    expected = team_roster(demo_session, scope_of(demo_session, persona("lead")), as_of=TODAY)
    shown = {m.label: m.value for m in at.metric}
    assert shown["People"] == str(len(expected))
    table = at.dataframe[0].value
    assert sorted(table["employee_code"]) == sorted(expected["employee_code"])


def test_lead_assigns_a_credential_to_two_people(app_as, persona, demo_session):
    at = app_as("lead", TEAM)
    roster = team_roster(demo_session, scope_of(demo_session, persona("lead")), as_of=TODAY)
    two = [int(i) for i in roster["employee_id"][:2]]
    held = set(
        demo_session.exec(
            select(Enrollment.credential_id).where(
                Enrollment.employee_id.in_(two), Enrollment.status.in_(OPEN_ENROLLMENT_STATUSES)
            )
        ).all()
    )
    credential = next(int(c) for c in credential_options(demo_session)["id"] if c not in held)
    at.multiselect(key="assign_people").set_value(two)
    at.multiselect(key="assign_credentials").set_value([credential])
    submit = next(b for b in at.button if b.label == "Assign")
    submit.click().run()
    assert not at.exception
    assert not at.error, at.error[0].value if at.error else ""
    assert "2 assignment(s) created" in at.success[0].value
    demo_session.expire_all()
    audits = demo_session.exec(select(AuditEvent).where(AuditEvent.action == "assign_credential")).all()
    assert len(audits) == 2
    new = demo_session.exec(
        select(Enrollment).where(Enrollment.assigned_on == TODAY, Enrollment.credential_id == credential)
    ).all()
    assert sorted(e.employee_id for e in new) == sorted(two)
    assert {e.reason for e in new} == {"skill_gap"}


def test_the_onboarding_preview_is_what_applying_writes(app_as, persona, demo_session):
    """A new hire made for this test (so the demo's day does not matter) in a team whose plan asks
    two credentials, one optional: the page previews both and applying writes the required one."""
    from datetime import timedelta

    from data_model.actions import PlanDraft, PlanItem, save_onboarding_plan
    from data_model.metrics.onboarding import onboarding_preview
    from data_model.models import Employee, MicroCredential, Team, TeamMembership

    hr = scope_of(demo_session, persona("hr"))
    team = Team(name="Onboarding Test Team")
    demo_session.add(team)
    demo_session.flush()
    hire = Employee(
        employee_code="NEW-1", email="new.one@example.com", full_name="New One", team_id=team.id,
        hire_date=TODAY - timedelta(days=3),
    )  # fmt: skip
    demo_session.add(hire)
    demo_session.flush()
    demo_session.add(TeamMembership(employee_id=hire.id, team_id=team.id, valid_from=hire.hire_date))
    first, second = demo_session.exec(select(MicroCredential).where(MicroCredential.active).limit(2)).all()
    save_onboarding_plan(
        demo_session, hr,
        draft=PlanDraft("Test team plan", team_id=team.id, items=[
            PlanItem(first.id, 10), PlanItem(second.id, 20, required=False),
        ]),
    )  # fmt: skip
    demo_session.commit()
    at = app_as("hr", TEAM)
    at.selectbox[0].set_value("Onboarding Test Team").run()
    preview = onboarding_preview(demo_session, hr, employee_ids=[hire.id], as_of=TODAY)
    shown = next(
        d.value
        for d in at.dataframe
        if "Will be assigned" in d.value.columns or "assigned" in d.value.columns
    )
    assert shown["credential"].tolist() == preview["credential"].tolist()
    assert shown["assigned"].tolist() == [True, False]
    button = next(b for b in at.button if b.label.startswith("Apply the onboarding plans"))
    assert button.label == "Apply the onboarding plans: 1 assignment(s) for 1 new hire(s)"
    button.click().run()
    assert not at.exception
    written = demo_session.exec(select(Enrollment).where(Enrollment.employee_id == hire.id)).all()
    assert [(e.credential_id, e.due_date, e.reason) for e in written] == [
        (first.id, hire.hire_date + timedelta(days=10), "onboarding")
    ]
