"""Local sign-in resists guessing: lock-out per account, a limit per client, a cap on hash checks."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event
from sqlmodel import select

from data_model import accounts
from data_model.accounts import (
    MAX_FAILED_ATTEMPTS,
    AttemptLimiter,
    SignInRefused,
    authenticate,
    refresh_signed_in,
    scope_of,
)
from data_model.actions.accounts import add_account
from data_model.models import Account, AuditEvent
from tests.builders import Org

EMAIL = "hr@example.com"
RIGHT = "the right password"
T0 = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


@pytest.fixture
def hr(session) -> Account:
    account = add_account(session, email=EMAIL, role="hr", password=RIGHT)
    session.commit()
    return account


@pytest.fixture
def hash_checks(monkeypatch) -> list[str]:
    """Every password the hasher is asked to check."""
    checked: list[str] = []
    verify = accounts._hasher.verify_and_update

    def counting(password, hashed):
        checked.append(password)
        return verify(password, hashed)

    monkeypatch.setattr(accounts._hasher, "verify_and_update", counting)
    return checked


def test_the_eleventh_wrong_password_is_refused_without_checking_the_hash(session, hr, hash_checks):
    for attempt in range(MAX_FAILED_ATTEMPTS):
        assert authenticate(session, EMAIL, f"wrong {attempt}", now=T0 + timedelta(seconds=attempt)) is None
    assert len(hash_checks) == MAX_FAILED_ATTEMPTS
    with pytest.raises(SignInRefused, match="try again in") as refused:
        authenticate(session, EMAIL, "wrong again", now=T0 + timedelta(seconds=30))
    assert len(hash_checks) == MAX_FAILED_ATTEMPTS  # not checked
    assert 30 <= refused.value.retry_after <= 60
    with pytest.raises(SignInRefused):  # even the right password waits
        authenticate(session, EMAIL, RIGHT, now=T0 + timedelta(seconds=40))
    user = authenticate(session, EMAIL, RIGHT, now=T0 + timedelta(seconds=70))  # after the minute
    assert user is not None and user.email == EMAIL
    session.expire_all()
    row = session.get(Account, hr.id)
    assert (row.failed_attempts, row.locked_until, row.last_sign_in_at) == (
        0,
        None,
        T0 + timedelta(seconds=70),
    )


def test_each_further_wrong_password_doubles_the_wait(session, hr):
    now = T0
    for _ in range(MAX_FAILED_ATTEMPTS):
        authenticate(session, EMAIL, "wrong", now=now)
    session.expire_all()
    assert session.get(Account, hr.id).locked_until == now + timedelta(minutes=1)
    now += timedelta(minutes=2)
    authenticate(session, EMAIL, "wrong", now=now)  # the 11th, after the wait
    session.expire_all()
    assert session.get(Account, hr.id).locked_until == now + timedelta(minutes=2)


def test_every_failure_refusal_and_sign_in_is_audited(session, hr):
    for attempt in range(MAX_FAILED_ATTEMPTS):
        authenticate(session, EMAIL, "wrong", now=T0 + timedelta(seconds=attempt))
    with pytest.raises(SignInRefused):
        authenticate(session, EMAIL, RIGHT, now=T0 + timedelta(seconds=20))
    authenticate(session, EMAIL, RIGHT, now=T0 + timedelta(minutes=5))
    actions = [a.action for a in session.exec(select(AuditEvent).order_by(AuditEvent.id)).all()]
    assert actions == ["add_account"] + ["sign_in_failed"] * 10 + ["sign_in_refused", "sign_in"]


def test_an_unknown_email_and_a_wrong_password_look_alike(session, hr):
    assert authenticate(session, "nobody@example.com", RIGHT, now=T0) is None
    assert authenticate(session, EMAIL, "wrong", now=T0) is None


def test_a_client_guessing_across_emails_waits_too():
    limiter = AttemptLimiter()
    for attempt in range(MAX_FAILED_ATTEMPTS):
        limiter.check("10.0.0.7", T0 + timedelta(seconds=attempt))
        limiter.failed("10.0.0.7", T0 + timedelta(seconds=attempt))
    with pytest.raises(SignInRefused):
        limiter.check("10.0.0.7", T0 + timedelta(seconds=20))
    limiter.check("10.0.0.8", T0 + timedelta(seconds=20))  # another client is not held up
    limiter.check("10.0.0.7", T0 + timedelta(seconds=71))  # the wait is over


def test_failures_spread_beyond_the_window_do_not_add_up():
    limiter = AttemptLimiter()
    for attempt in range(3 * MAX_FAILED_ATTEMPTS):
        now = T0 + timedelta(seconds=7 * attempt)  # one every 7 s: at most 9 within a minute
        limiter.check("10.0.0.7", now)
        limiter.failed("10.0.0.7", now)


def test_at_most_two_password_checks_run_at_once(session, hr, monkeypatch):
    running, most = [0], [0]
    guard = threading.Lock()

    def slow_verify(password, hashed):
        with guard:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.05)
        with guard:
            running[0] -= 1
        return False, None

    monkeypatch.setattr(accounts._hasher, "verify_and_update", slow_verify)
    engine = session.get_bind()

    def attempt() -> None:
        from sqlmodel import Session

        with Session(engine) as own:
            authenticate(own, EMAIL, "wrong", now=T0)

    threads = [threading.Thread(target=attempt) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert most[0] == accounts.CONCURRENT_HASH_CHECKS


def test_refresh_follows_the_account(session, hr):
    user, scope = refresh_signed_in(session, hr.id)
    assert (user.role, scope.role) == ("hr", "hr")
    hr.role = "exec"
    session.add(hr)
    session.commit()
    user, scope = refresh_signed_in(session, hr.id)
    assert (user.role, scope.can_see_individuals) == ("exec", False)
    hr.active = False
    session.add(hr)
    session.commit()
    assert refresh_signed_in(session, hr.id) is None


def test_refresh_rebuilds_a_leads_teams_in_one_statement(session):
    org = Org(session)
    org.team("Platform")
    org.employee("L1", team="Platform", name="Lea Lead")
    org.employee("L2", team="Platform")
    org.set_lead("Platform", "L1")
    org.team("Platform SRE", parent="Platform")
    org.team("Platform SRE nights", parent="Platform SRE")
    org.team("Sales")
    lead_id = org.account("l1@example.com", "lead", employee="L1").id
    org.commit()
    statements: list[str] = []

    def count(_connection, _cursor, statement, *_):
        statements.append(statement)

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", count)
    try:
        user, scope = refresh_signed_in(session, lead_id)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(statements) == 1  # it runs on every click of every session
    assert (user.display_name, scope.role, scope.employee_id) == ("Lea Lead", "lead", org.people["L1"].id)
    assert scope.team_ids == {org.teams[t].id for t in ("Platform", "Platform SRE", "Platform SRE nights")}
    assert scope == scope_of(session, user)
    org.set_lead("Platform", "L2")  # moved off the team: its sub-teams go with it
    org.commit()
    assert refresh_signed_in(session, lead_id)[1].team_ids == frozenset()
