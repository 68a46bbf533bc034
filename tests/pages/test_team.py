"""The Team page: a lead sees their roster and assigns learning in one form."""

from __future__ import annotations

from sqlmodel import select

from data_model.accounts import scope_of
from data_model.metrics.catalog import credential_options
from data_model.metrics.people import team_roster
from data_model.models import AuditEvent, Enrollment
from data_model.models.vocab import OPEN_ENROLLMENT_STATUSES
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
