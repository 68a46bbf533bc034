"""The Accounts page: HR and admin see who has access, invite, deactivate, and read the audit log."""

from __future__ import annotations

import re

from sqlmodel import select

from data_model.accounts import authenticate, scope_of
from data_model.metrics.accounts import account_list, audit_log
from data_model.models import Account

ACCOUNTS = "pages/accounts.py"


def test_hr_sees_every_account_the_data_lists(app_as, persona, demo_session):
    at = app_as("hr", ACCOUNTS)
    assert not at.exception
    expected = account_list(demo_session, scope_of(demo_session, persona("hr")))
    table = at.dataframe[0].value
    assert table["email"].tolist() == expected["email"].tolist()
    assert set(table["role"]) <= {"Admin", "HR manager", "Team lead", "Executive", "Employee"}
    assert "None" not in table.astype(str).to_numpy().ravel().tolist()


def test_hr_invites_someone_and_the_password_is_shown_once(app_as, demo_session):
    at = app_as("hr", ACCOUNTS)
    at.text_input[0].input("Newcomer@Example.com")
    at.button(key="FormSubmitter:invite-Invite").click().run()
    assert not at.exception
    [flash] = [s.value for s in at.success]
    assert flash.startswith("Account created for newcomer\\@")
    password = re.search(r"`([^`]+)`", flash).group(1)
    assert authenticate(demo_session, "newcomer@example.com", password) is not None
    at.run()  # the next click: the password is gone from the page
    assert not any("`" in s.value for s in at.success)


def test_hr_deactivates_an_account_and_the_audit_log_says_so(app_as, persona, demo_session):
    employee = persona("employee")
    at = app_as("hr", ACCOUNTS)
    at.selectbox(key="account_chosen").set_value(employee.account_id).run()
    at.button(key="account_active").click().run()
    assert not at.exception
    demo_session.expire_all()
    assert demo_session.get(Account, employee.account_id).active is False
    hr = scope_of(demo_session, persona("hr"))
    assert audit_log(demo_session, hr)["action"].iloc[0] == "deactivate_account"
    shown = at.dataframe[1].value  # the audit tab's table, newest first
    assert shown["action"].iloc[0] == "Account deactivated"


# A lead, an executive or an employee cannot reach the page: tests/pages/test_navigation.py checks
# every page left out of a role's navigation, this one included, both ways (by URL and run directly).


def test_a_lead_set_on_the_page_sees_exactly_their_teams_rows(app_as, demo_session):
    """HR invites an employee as the lead of one team, through the page's form; the account's
    scope (as its next click rebuilds it) holds that team and the teams below it, and the weekly
    figures it reads are those teams' people only, counted the same way HR's are."""
    from datetime import timedelta

    from data_model.access import Scope
    from data_model.accounts import refresh_signed_in
    from data_model.metrics import weekly_learning_minutes
    from data_model.metrics.scope import team_and_subteams
    from data_model.models import Employee, Team, TeamMembership
    from tests.conftest import TODAY

    team = demo_session.exec(select(Team).where(Team.lead_id.is_not(None)).order_by(Team.name)).first()
    person = Employee(
        employee_code="LEAD-2", email="second.lead@example.com", full_name="Second Lead", team_id=team.id,
        hire_date=TODAY - timedelta(days=400),
    )  # fmt: skip
    demo_session.add(person)
    demo_session.flush()
    demo_session.add(TeamMembership(employee_id=person.id, team_id=team.id, valid_from=person.hire_date))
    demo_session.commit()
    at = app_as("hr", ACCOUNTS)
    at.text_input[0].input(person.email)
    at.selectbox[0].set_value("lead")
    at.multiselect[0].set_value([team.id])
    at.button(key="FormSubmitter:invite-Invite").click().run()
    assert not at.exception, at.exception
    account = demo_session.exec(select(Account).where(Account.email == person.email)).one()
    _, scope = refresh_signed_in(demo_session, account.id)
    assert scope.team_ids == team_and_subteams(demo_session, team.name)
    start, end = TODAY - timedelta(days=27), TODAY
    theirs = weekly_learning_minutes(demo_session, scope, start=start, end=end)
    everyone = weekly_learning_minutes(demo_session, Scope.all(), start=start, end=end)
    names = {t.name for t in demo_session.exec(select(Team).where(Team.id.in_(scope.team_ids)))}
    expected = everyone[everyone["team"].isin(names)]
    assert theirs.reset_index(drop=True).equals(expected.reset_index(drop=True))
    assert not theirs.empty
