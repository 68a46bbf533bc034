"""Accounts: who may sign in, with which role, and the trace each sign-in leaves.

Like every action these never commit; the caller owns the transaction. What an account may be
(an email, a known role, a password long enough, a lead who is an employee) is decided here, so
the CLI, the sign-in screen and the coming accounts page refuse the same things the same way.
Sign-in bookkeeping (wrong-password counts, lock-outs, last sign-in) is written here too; the
decision whether a password is right stays in `data_model.accounts`, which calls these.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from pwdlib import PasswordHash
from sqlmodel import Session, col, select

from ..access import EDITOR_ROLES, AccessDenied, Scope
from ..models import Account, AuditEvent, Employee, Team, stored_id
from ..models.base import utc_now
from ..vocab import ROLES
from .base import ActionError

_hasher = PasswordHash.recommended()

MIN_PASSWORD_LENGTH = 10
# Wrong passwords in a row before an account waits; the wait starts at a minute and doubles
# with every further wrong password (at most an hour). A right password after the wait works.
MAX_FAILED_ATTEMPTS = 10
FIRST_LOCK = timedelta(minutes=1)
LONGEST_LOCK = timedelta(hours=1)


class AccountError(ActionError):
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


def link_accounts(session: Session, emails: Collection[str], *, actor: str) -> int:
    """Link each unlinked account to the employee with its email, for the given emails.

    An account may be made before its person arrives from the HRIS (the README's own order:
    first account, then the people import), so every write that brings a person or changes an
    email calls this: the link then holds in either order. Returns how many were linked.
    """
    account, employee = Account.__table__, Employee.__table__
    if not emails:
        return 0
    pairs = session.execute(
        sa.select(account.c.id, employee.c.id, account.c.email)
        .join(employee, employee.c.email == account.c.email)
        .where(
            account.c.employee_id.is_(None), account.c.email.in_(sorted({normalise_email(e) for e in emails}))
        )
    ).all()
    for account_id, employee_id, email in pairs:
        session.execute(sa.update(account).where(account.c.id == account_id).values(employee_id=employee_id))
        session.add(
            AuditEvent(
                actor=actor,
                action="link_account",
                entity="account",
                entity_id=str(account_id),
                after=json.dumps({"email": email, "employee_id": employee_id}),
            )
        )
    return len(pairs)


# -- managing accounts (the Accounts page) --------------------------------------------------------

GENERATED_PASSWORD_BYTES = 12  # 16 characters of URL-safe base64: ~96 bits


def _require_manager(scope: Scope, *roles: str) -> None:
    """Admin manages every account; HR every account but admins (and cannot make one)."""
    if scope.role not in EDITOR_ROLES:
        raise AccessDenied(f"a {scope.role} account cannot manage accounts: admin and HR do")
    if scope.role == "hr" and "admin" in roles:
        raise AccessDenied("only an admin can create, change or give the admin role")


def _account(session: Session, account_id: int) -> Account:
    account = session.get(Account, account_id)
    if account is None:
        raise AccountError(f"no account {account_id}")
    return account


def _keep_an_admin(session: Session, account: Account, scope: Scope) -> None:
    """Refuse to leave the database without an active admin, or an admin without themselves."""
    if scope.email is not None and account.email == scope.email:
        raise AccountError("you cannot deactivate or change your own account: ask another admin")
    if account.role == "admin" and account.active:
        others = session.exec(
            select(Account.id).where(Account.role == "admin", Account.active, Account.id != account.id)
        ).first()
        if others is None:
            raise AccountError(f"{account.email} is the last active admin: make another admin first")


def _actor(scope: Scope) -> str:
    return scope.email or scope.role


@dataclass(frozen=True)
class Invited:
    """A new account; `password` is the generated one, shown once and never stored as text."""

    account_id: int
    email: str
    password: str | None


def invite_account(
    session: Session,
    scope: Scope,
    *,
    email: str,
    role: str,
    lead_team_ids: Sequence[int] = (),
    generate_password: bool = True,
) -> Invited:
    """An account for a person by email, with a role (and, for a lead, the teams they lead).

    With `generate_password` the account gets a random password, returned once to be passed on;
    without, it signs in through the organisation's single sign-on only.
    """
    _require_manager(scope, role)
    password = secrets.token_urlsafe(GENERATED_PASSWORD_BYTES) if generate_password else None
    account = add_account(session, email=email, role=role, password=password, actor=_actor(scope))
    if lead_team_ids:
        set_lead_teams(session, scope, account_id=stored_id(account), team_ids=lead_team_ids)
    return Invited(stored_id(account), account.email, password)


def change_role(session: Session, scope: Scope, *, account_id: int, role: str) -> None:
    """A new role, from the account's next click. A lead who is no longer one leads no team."""
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}; use one of {', '.join(ROLES)}")
    account = _account(session, account_id)
    _require_manager(scope, role, account.role)
    if role == account.role:
        return
    if account.role == "admin":
        _keep_an_admin(session, account, scope)
    elif scope.email is not None and account.email == scope.email:
        raise AccountError("you cannot change your own role: ask another admin")
    if role == "lead" and account.employee_id is None:
        raise AccountError(f"a lead must be an employee: no employee has the email {account.email}")
    before = account.role
    if before == "lead":
        _release_teams(session, account, actor=_actor(scope))
    account.role = role
    session.add(account)
    record_account_event(session, _actor(scope), "change_role", account, role=role, was=before)


def set_account_active(session: Session, scope: Scope, *, account_id: int, active: bool) -> None:
    """Deactivate (refused at its next click, its sessions end) or reactivate an account."""
    account = _account(session, account_id)
    _require_manager(scope, account.role)
    if account.active == active:
        return
    if not active:
        _keep_an_admin(session, account, scope)
    account.active = active
    session.add(account)
    record_account_event(
        session, _actor(scope), "activate_account" if active else "deactivate_account", account
    )


def reset_password(session: Session, scope: Scope, *, account_id: int) -> str:
    """A new random password for a local account, returned once; the old one stops working and
    any lock-out is lifted. The person should change it (or sign in with single sign-on)."""
    account = _account(session, account_id)
    _require_manager(scope, account.role)
    password = secrets.token_urlsafe(GENERATED_PASSWORD_BYTES)
    account.password_hash = hash_password(password)
    account.failed_attempts, account.locked_until = 0, None
    session.add(account)
    record_account_event(session, _actor(scope), "reset_password", account)
    return password


def _release_teams(session: Session, account: Account, *, actor: str) -> None:
    if account.employee_id is None:
        return
    for team in session.exec(select(Team).where(Team.lead_id == account.employee_id)).all():
        team.lead_id = None
        session.add(team)
        session.add(
            AuditEvent(
                actor=actor, action="set_team_lead", entity="team", entity_id=str(team.id),
                before=json.dumps({"lead_id": account.employee_id}), after=json.dumps({"lead_id": None}),
            )
        )  # fmt: skip


def set_lead_teams(session: Session, scope: Scope, *, account_id: int, team_ids: Sequence[int]) -> None:
    """The teams a lead account leads (and so sees, with every team below them), replacing the list.

    A team has one lead: giving it to this account takes it from its previous lead, which the
    audit records. Teams left off the list no longer have this lead.
    """
    account = _account(session, account_id)
    _require_manager(scope, account.role)
    if account.role != "lead":
        raise AccountError(f"{account.email} is not a lead: change the role to lead first")
    if account.employee_id is None:
        raise AccountError(f"a lead must be an employee: no employee has the email {account.email}")
    wanted = set(team_ids)
    mine = sa.or_(col(Team.id).in_(sorted(wanted)), col(Team.lead_id) == account.employee_id)
    known = {stored_id(team): team for team in session.exec(select(Team).where(mine)).all()}
    missing = sorted(wanted - set(known))
    if missing:
        raise AccountError(f"unknown team id(s): {', '.join(map(str, missing))}")
    actor = _actor(scope)
    for team_id, team in sorted(known.items()):
        lead = account.employee_id if team_id in wanted else None
        if team.lead_id == lead or (lead is None and team.lead_id != account.employee_id):
            continue
        before = team.lead_id
        team.lead_id = lead
        session.add(team)
        session.add(
            AuditEvent(
                actor=actor, action="set_team_lead", entity="team", entity_id=str(team_id),
                before=json.dumps({"lead_id": before}), after=json.dumps({"lead_id": lead}),
            )
        )  # fmt: skip
