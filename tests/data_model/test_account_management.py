"""Running the organisation's accounts from the product: invite, link, role, state, password, teams.

Every change is an action with an audit event; the account list and the audit log are admin and
HR reads. The link between an account and its employee holds in either order of creation.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, select

from data_model.access import AccessDenied, Scope
from data_model.accounts import authenticate, refresh_signed_in
from data_model.actions.accounts import (
    AccountError,
    add_account,
    change_role,
    invite_account,
    reset_password,
    set_account_active,
    set_lead_teams,
)
from data_model.importing import import_file
from data_model.metrics import weekly_learning_minutes
from data_model.metrics.accounts import account_list, audit_log
from data_model.models import Account, AuditEvent
from tests.builders import Org

ADMIN = Scope.all(role="admin", email="admin@example.com")
HR = Scope.all(role="hr", email="hr@example.com")
HRIS = "employee_id,email,name,team,hire date\nN1,nina@example.com,Nina New,Cloud,2026-01-05\n"


@pytest.fixture
def org(session) -> Org:
    org = Org(session)
    org.team("Cloud")
    org.team("Ops")
    org.employee("C1", team="Cloud", name="Cleo Cloud")
    org.employee("C2", team="Cloud")
    org.employee("O1", team="Ops")
    org.log("C2", "2026-01-05", 60)
    org.log("O1", "2026-01-05", 45)
    add_account(session, email="admin@example.com", role="admin", password=None)
    return org.commit()


def account(session: Session, email: str) -> Account:
    return session.exec(select(Account).where(Account.email == email)).one()


def test_an_account_made_before_its_person_links_when_the_hris_brings_them(org, session, engine):
    invite_account(session, HR, email="Nina@Example.com", role="employee")
    session.commit()
    assert account(session, "nina@example.com").employee_id is None
    with Session(engine) as other:
        report = import_file(
            other, "employees", HRIS.encode(), file_name="hris.csv", who="hr@example.com", role="hr"
        )
    assert report.ok, report.error_rows()
    session.expire_all()
    nina = account(session, "nina@example.com")
    assert nina.employee_id is not None
    assert refresh_signed_in(session, nina.id)[0].display_name == "Nina New"
    assert (
        session.exec(select(AuditEvent).where(AuditEvent.action == "link_account")).one().actor
        == "hr@example.com"
    )


def test_an_account_made_after_its_person_links_at_once(org, session):
    invited = invite_account(session, HR, email="c1@example.com", role="employee", generate_password=False)
    session.commit()
    assert invited.password is None
    assert account(session, "c1@example.com").employee_id == org.people["C1"].id


def test_an_invited_password_is_shown_once_and_works(org, session):
    invited = invite_account(session, HR, email="c2@example.com", role="employee")
    session.commit()
    assert invited.password and len(invited.password) >= 16
    assert account(session, "c2@example.com").password_hash != invited.password  # a hash, never the text
    assert authenticate(session, "c2@example.com", invited.password) is not None


def test_a_lead_set_on_the_page_sees_exactly_their_teams_rows(org, session):
    invited = invite_account(
        session, HR, email="c1@example.com", role="lead", lead_team_ids=[org.teams["Cloud"].id]
    )
    session.commit()
    _, scope = refresh_signed_in(session, invited.account_id)
    assert scope.team_ids == {org.teams["Cloud"].id}
    weeks = weekly_learning_minutes(session, scope, start=date(2026, 1, 5), end=date(2026, 1, 11))
    assert sorted(weeks["employee_code"]) == ["C1", "C2"]  # not O1 of Ops
    set_lead_teams(session, HR, account_id=invited.account_id, team_ids=[org.teams["Ops"].id])
    session.commit()
    _, scope = refresh_signed_in(session, invited.account_id)
    assert scope.team_ids == {org.teams["Ops"].id}
    weeks = weekly_learning_minutes(session, scope, start=date(2026, 1, 5), end=date(2026, 1, 11))
    assert weeks["employee_code"].tolist() == ["O1"]
    listed = account_list(session, HR).set_index("email")
    assert listed.loc["c1@example.com", "teams_led"] == "Ops"
    assert listed.loc["c1@example.com", "person"] == "Cleo Cloud"


def test_role_changes_deactivation_and_reset_take_effect_and_are_audited(org, session):
    invited = invite_account(session, HR, email="c2@example.com", role="hr")
    session.commit()
    change_role(session, HR, account_id=invited.account_id, role="exec")
    session.commit()
    assert refresh_signed_in(session, invited.account_id)[1].can_see_individuals is False
    set_account_active(session, HR, account_id=invited.account_id, active=False)
    session.commit()
    assert refresh_signed_in(session, invited.account_id) is None  # refused at the next click
    set_account_active(session, HR, account_id=invited.account_id, active=True)
    new = reset_password(session, HR, account_id=invited.account_id)
    session.commit()
    assert authenticate(session, "c2@example.com", invited.password) is None
    assert authenticate(session, "c2@example.com", new) is not None
    changes = audit_log(session, ADMIN, actor="HR@")["action"].tolist()
    assert changes[:5] == [
        "reset_password",
        "activate_account",
        "deactivate_account",
        "change_role",
        "add_account",
    ]


def test_hr_cannot_touch_admins_and_the_last_admin_stays(org, session):
    admin = account(session, "admin@example.com")
    with pytest.raises(AccessDenied):
        invite_account(session, HR, email="x@example.com", role="admin")
    with pytest.raises(AccessDenied):
        set_account_active(session, HR, account_id=admin.id, active=False)
    with pytest.raises(AccountError, match="your own account"):
        set_account_active(session, ADMIN, account_id=admin.id, active=False)
    with pytest.raises(AccountError, match="last active admin"):
        change_role(
            session, Scope.all(role="admin", email="other@example.com"), account_id=admin.id, role="hr"
        )
    with pytest.raises(AccessDenied):
        account_list(session, Scope.executive())
    with pytest.raises(AccessDenied):
        audit_log(session, Scope(role="lead", team_ids=frozenset()))
