"""The Team page: a lead sees their roster and assigns learning in one form."""

from __future__ import annotations

from datetime import date

from sqlmodel import select

from data_model.accounts import scope_of
from data_model.metrics.roster import team_roster
from data_model.models import AuditEvent, Enrollment
from data_model.org import credential_options

TEAM = "pages/team.py"


def test_lead_sees_their_roster(app_as, persona, demo_session):
    at = app_as("lead", TEAM)
    assert not at.exception
    expected = team_roster(demo_session, scope_of(demo_session, persona("lead")), as_of=date.today())
    shown = {m.label: m.value for m in at.metric}
    assert shown["People"] == str(len(expected))
    table = at.dataframe[0].value
    assert sorted(table["employee_code"]) == sorted(expected["employee_code"])


def test_lead_assigns_a_credential_to_two_people(app_as, persona, demo_session):
    at = app_as("lead", TEAM)
    roster = team_roster(demo_session, scope_of(demo_session, persona("lead")), as_of=date.today())
    two = [int(i) for i in roster["employee_id"][:2]]
    at.multiselect(key="assign_people").set_value(two)
    credential_ids = credential_options(demo_session)["id"].tolist()
    at.multiselect(key="assign_credentials").set_value([int(credential_ids[0])])
    submit = next(b for b in at.button if b.label == "Assign")
    submit.click().run()
    assert not at.exception
    assert not at.error, at.error[0].value if at.error else ""
    assert "2 assignment(s) created" in at.success[0].value
    demo_session.expire_all()
    audits = demo_session.exec(select(AuditEvent).where(AuditEvent.action == "assign_credential")).all()
    assert len(audits) == 2
    new = demo_session.exec(select(Enrollment).where(Enrollment.assigned_on == date.today(),
                                                     Enrollment.reason == "skill_gap")).all()  # fmt: skip
    assert len(new) >= 2
