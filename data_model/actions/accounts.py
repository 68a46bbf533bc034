"""Accounts: who may sign in, with which role, and the trace each sign-in leaves.

Like every action these never commit; the caller owns the transaction. What an account may be
(an email, a known role, a password long enough, a lead who is an employee) is decided here, so
the CLI, the sign-in screen and the coming accounts page refuse the same things the same way.
Sign-in bookkeeping (wrong-password counts, lock-outs, last sign-in) is written here too; the
decision whether a password is right stays in `data_model.accounts`, which calls these.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from pwdlib import PasswordHash
from sqlmodel import Session, select

from ..models import Account, AuditEvent, Employee, Team
from ..models.base import utc_now
from ..models.vocab import ROLES

_hasher = PasswordHash.recommended()

MIN_PASSWORD_LENGTH = 10
# Wrong passwords in a row before an account waits; the wait starts at a minute and doubles
# with every further wrong password (at most an hour). A right password after the wait works.
MAX_FAILED_ATTEMPTS = 10
FIRST_LOCK = timedelta(minutes=1)
LONGEST_LOCK = timedelta(hours=1)


class AccountError(ValueError):
    """A sign-in or account change that cannot be done, with a message a person can act on."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def password_hasher() -> PasswordHash:
    """The one hasher, for the sign-in check (which must spend the same time on unknown emails)."""
    return _hasher


def record_account_event(
    session: Session, actor: str, action: str, account: Account | None, **after: object
) -> None:
    """The audit trace of an account change or a sign-in; `actor` is an email or "cli"."""
    session.add(
        AuditEvent(
            actor=actor,
            action=action,
            entity="account",
            entity_id=str(account.id) if account is not None else None,
            after=json.dumps(after, default=str) if after else None,
        )
    )


def _lock_for(failed_attempts: int) -> timedelta:
    doublings = max(0, failed_attempts - MAX_FAILED_ATTEMPTS)
    return min(LONGEST_LOCK, FIRST_LOCK * (2 ** min(doublings, 16)))


def record_wrong_password(session: Session, account: Account, *, now: datetime) -> None:
    """One more wrong password in a row; from the tenth the account waits, longer each time."""
    account.failed_attempts += 1
    if account.failed_attempts >= MAX_FAILED_ATTEMPTS:
        account.locked_until = now + _lock_for(account.failed_attempts)
    session.add(account)
    record_account_event(
        session, account.email, "sign_in_failed", account,
        failed_attempts=account.failed_attempts, locked_until=account.locked_until,
    )  # fmt: skip


def record_password_sign_in(
    session: Session, account: Account, *, now: datetime, new_hash: str | None = None
) -> None:
    """A right password: the count of wrong ones starts again, and a stronger hash replaces an old one."""
    if new_hash:
        account.password_hash = new_hash
    account.failed_attempts, account.locked_until, account.last_sign_in_at = 0, None, now
    session.add(account)
    record_account_event(session, account.email, "sign_in", account, how="password")


def record_sign_in(
    session: Session, account_id: int, *, how: str, now: datetime | None = None
) -> Account | None:
    """An OIDC or demo sign-in: the account's last sign-in time, audited."""
    account = session.get(Account, account_id)
    if account is None:
        return None
    account.last_sign_in_at = now or utc_now()
    session.add(account)
    record_account_event(session, account.email, "sign_in", account, how=how)
    return account


def record_sign_out(session: Session, account_id: int, *, why: str = "signed out") -> Account | None:
    account = session.get(Account, account_id)
    if account is None:
        return None
    record_account_event(session, account.email, "sign_out", account, why=why)
    return account


def add_account(
    session: Session,
    *,
    email: str,
    role: str,
    password: str | None,
    team: str | None = None,
    actor: str = "cli",
) -> Account:
    """Create a local account, linked to the employee with the same email when there is one.

    A lead's `team` makes them that team's lead: a lead sees the teams they lead and their sub-teams.
    """
    email = normalise_email(email)
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}; use one of {', '.join(ROLES)}")
    if "@" not in email:
        raise AccountError(f"not an email address: {email!r}")
    if password is not None and len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"password too short: use at least {MIN_PASSWORD_LENGTH} characters")
    if session.exec(select(Account).where(Account.email == email)).first() is not None:
        raise AccountError(f"an account for {email} already exists")
    employee = session.exec(select(Employee).where(Employee.email == email)).first()
    lead_team = None
    if team is not None:
        if role != "lead":
            raise AccountError("--team only applies to the lead role")
        lead_team = session.exec(select(Team).where(Team.name == team)).first()
        if lead_team is None:
            raise AccountError(f"no team named {team!r}")
        if employee is None:
            raise AccountError(f"a lead must be an employee: no employee has the email {email}")
    elif role == "lead" and employee is None:
        raise AccountError(f"a lead must be an employee: no employee has the email {email}")
    account = Account(
        email=email,
        role=role,
        password_hash=hash_password(password) if password else None,
        employee_id=employee.id if employee else None,
    )
    session.add(account)
    session.flush()
    after: dict[str, object] = {"email": email, "role": role}
    if lead_team is not None:
        assert employee is not None  # a lead's team is set only with the lead's employee (checked above)
        before = {"lead_id": lead_team.lead_id}
        lead_team.lead_id = employee.id
        session.add(lead_team)
        after["leads_team"] = lead_team.name
        session.add(
            AuditEvent(
                actor=actor,
                action="set_team_lead",
                entity="team",
                entity_id=str(lead_team.id),
                before=json.dumps(before),
                after=json.dumps({"lead_id": employee.id}),
            )
        )
    record_account_event(session, actor, "add_account", account, **after)
    session.flush()
    return account
