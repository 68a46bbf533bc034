"""The Accounts page: HR and admin see who has access, invite, deactivate, and read the audit log."""

from __future__ import annotations

import re

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
