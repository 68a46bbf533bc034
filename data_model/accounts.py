"""Who may sign in: local passwords (argon2 through pwdlib), OIDC emails, and the demo personas."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col, select

from .access import Scope, led_team_ids, led_teams
from .actions.accounts import (
    FIRST_LOCK,
    MAX_FAILED_ATTEMPTS,
    AccountError,
    normalise_email,
    password_hasher,
    record_account_event,
    record_password_sign_in,
    record_sign_in,
    record_sign_out,
    record_wrong_password,
)
from .bootstrap import is_demo_database, is_untouched_demo
from .db import get_settings
from .models import Account, Employee, Team, stored_id
from .models.base import utc_now

_hasher = password_hasher()
log = logging.getLogger(__name__)

# argon2 costs ~64 MiB and a core for ~50 ms an attempt: at most this many at once per process,
# so a burst of guesses queues instead of taking the server's memory (32 at once took 915 MB).
CONCURRENT_HASH_CHECKS = 2
_hash_checks = threading.BoundedSemaphore(CONCURRENT_HASH_CHECKS)


class SignInRefused(AccountError):
    """Too many attempts: the password was not even checked. `retry_after` is in seconds."""

    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def _wait_text(seconds: float) -> str:
    seconds = max(1, round(seconds))
    return f"{seconds} seconds" if seconds < 120 else f"{round(seconds / 60)} minutes"


@contextmanager
def _hash_slot() -> Iterator[None]:
    if not _hash_checks.acquire(timeout=20):
        raise SignInRefused("Too many people are signing in at once: try again in a few seconds.", 5)
    try:
        yield
    finally:
        _hash_checks.release()


@dataclass
class AttemptLimiter:
    """Wrong passwords per client (an IP address) in one server process, for guesses spread over
    many emails, unknown ones included: past `max_attempts` within `window` the client waits
    `lock`, and every attempt while it waits is refused without checking a password."""

    max_attempts: int = MAX_FAILED_ATTEMPTS
    window: timedelta = timedelta(minutes=1)
    lock: timedelta = FIRST_LOCK
    _failures: dict[str, list[datetime]] = field(default_factory=dict)
    _locked: dict[str, datetime] = field(default_factory=dict)
    _guard: threading.Lock = field(default_factory=threading.Lock)

    def check(self, client: str, now: datetime) -> None:
        with self._guard:
            until = self._locked.get(client)
            if until is not None and until > now:
                wait = (until - now).total_seconds()
                raise SignInRefused(f"Too many wrong passwords: try again in {_wait_text(wait)}.", wait)

    def failed(self, client: str, now: datetime) -> None:
        with self._guard:
            recent = [t for t in self._failures.get(client, []) if now - t < self.window] + [now]
            self._failures[client] = recent
            if len(recent) >= self.max_attempts:
                self._locked[client] = now + self.lock
                self._failures[client] = []
                log.warning("address locked: %s for %s (too many wrong passwords)", client, self.lock)

    def succeeded(self, client: str) -> None:
        with self._guard:
            self._failures.pop(client, None)
            self._locked.pop(client, None)


@dataclass(frozen=True)
class SignedIn:
    """The signed-in person, as a plain value safe to keep in Streamlit's session state."""

    account_id: int
    email: str
    role: str
    employee_id: int | None
    display_name: str


def _signed_in(session: Session, account: Account) -> SignedIn:
    name = account.email
    if account.employee_id is not None:
        employee = session.get(Employee, account.employee_id)
        if employee is not None:
            name = employee.full_name
    return SignedIn(stored_id(account), account.email, account.role, account.employee_id, name)


def account_for_email(session: Session, email: str) -> SignedIn | None:
    """The active account for an email (OIDC sign-in), or None."""
    account = session.exec(select(Account).where(Account.email == normalise_email(email))).first()
    if account is None or not account.active:
        return None
    return _signed_in(session, account)


def authenticate(
    session: Session, email: str, password: str, *, now: datetime | None = None
) -> SignedIn | None:
    """Check a local password. Unknown email and wrong password look the same to the caller.

    An account waiting after too many wrong passwords raises `SignInRefused` without checking
    the password at all. Every failure, refusal and sign-in is audited and logged.
    """
    now = now or utc_now()
    email = normalise_email(email)
    account = session.exec(select(Account).where(Account.email == email)).first()
    if account is not None and account.locked_until is not None and account.locked_until > now:
        wait = (account.locked_until - now).total_seconds()
        record_account_event(session, email, "sign_in_refused", account, locked_until=account.locked_until)
        session.commit()
        log.warning("sign-in refused for %s: locked for %.0f s more", email, wait)
        raise SignInRefused(f"Too many wrong passwords: try again in {_wait_text(wait)}.", wait)
    with _hash_slot():
        if account is None or not account.active or not account.password_hash:
            _hasher.hash(password)  # spend the same time either way
            valid, new_hash = False, None
        else:
            valid, new_hash = _hasher.verify_and_update(password, account.password_hash)
    if account is None or not valid or not account.active:
        if account is not None:
            record_wrong_password(session, account, now=now)
            failed, locked_until = account.failed_attempts, account.locked_until
            session.commit()
            if locked_until is not None and locked_until > now:
                log.warning(
                    "account locked: %s after %d wrong passwords in a row, until %s",
                    email, failed, locked_until.isoformat(timespec="seconds"),
                )  # fmt: skip
        log.warning("sign-in failed for %s", email)
        return None
    record_password_sign_in(session, account, now=now, new_hash=new_hash)
    session.commit()
    log.info("signed in: %s (password)", email)
    return _signed_in(session, account)


def sign_in_recorded(session: Session, account_id: int, *, how: str, now: datetime | None = None) -> None:
    """An OIDC or demo sign-in, recorded and committed (the sign-in screen's one call)."""
    account = record_sign_in(session, account_id, how=how, now=now)
    if account is not None:
        session.commit()
        log.info("signed in: %s (%s)", account.email, how)


def sign_out_recorded(session: Session, account_id: int, *, why: str = "signed out") -> None:
    """A sign-out (by the person, or after being idle), recorded and committed."""
    account = record_sign_out(session, account_id, why=why)
    if account is not None:
        session.commit()
        log.info("%s: %s", why, account.email)


def refresh_signed_in(session: Session, account_id: int) -> tuple[SignedIn, Scope] | None:
    """The signed-in account as the database has it now, with its scope; None once it is deleted
    or deactivated. Called on every rerun, so a change of role, of the teams a lead leads or of
    the account's state takes effect at the person's next click.

    One statement, never cached: the account by primary key, its employee's name, and (for a
    lead) the teams they lead and every team below them, one row per team.
    """
    account, employee = Account.__table__, Employee.__table__
    led = led_teams(sa.select(account.c.employee_id).where(account.c.id == account_id).scalar_subquery())
    rows = session.execute(
        sa.select(
            account.c.email,
            account.c.role,
            account.c.employee_id,
            account.c.active,
            employee.c.full_name,
            led.c.id.label("team_id"),
        )
        .select_from(account)
        .join(employee, employee.c.id == account.c.employee_id, isouter=True)
        .join(led, account.c.role == "lead", isouter=True)
        .where(account.c.id == account_id)
    ).all()
    if not rows or not rows[0].active:
        return None
    first = rows[0]
    user = SignedIn(
        account_id,
        first.email,
        first.role,
        first.employee_id,
        first.full_name if first.full_name is not None else first.email,
    )
    teams = frozenset(row.team_id for row in rows if row.team_id is not None)
    return user, _scope(user, teams)


@dataclass(frozen=True)
class Persona:
    """A demo person to sign in as, one or more per role."""

    role: str
    email: str
    label: str


_PERSONA_ORDER = ("hr", "lead", "exec", "employee", "admin")


def demo_personas(session: Session) -> list[Persona]:
    """The sign-in picker's people: only on the untouched demo, and never with UPSKILL_DEMO=0."""
    if get_settings().demo_on_empty is False or not is_untouched_demo(session):
        return []
    return personas_of_the_demo(session)


def personas_of_the_demo(session: Session) -> list[Persona]:
    """One person per role of the demo organisation (tests and benchmarks sign in as them)."""
    if not is_demo_database(session):
        return []
    personas = []
    for role in _PERSONA_ORDER:
        row = session.exec(
            select(Account, Employee)
            .join(Employee, col(Employee.id) == Account.employee_id, isouter=True)
            .where(Account.role == role, Account.active)
            .order_by(col(Account.id))
            .limit(1)
        ).first()
        if row is None:
            continue
        account, employee = row
        team = session.get(Team, employee.team_id) if employee and employee.team_id else None
        who = employee.full_name if employee else account.email
        where = f", {team.name}" if team else ""
        personas.append(Persona(role, account.email, f"{_ROLE_LABELS[role]}: {who}{where}"))
    return personas


_ROLE_LABELS = {
    "admin": "Admin",
    "hr": "HR manager",
    "lead": "Team lead",
    "exec": "Executive",
    "employee": "Employee",
}


def role_label(role: str) -> str:
    return _ROLE_LABELS.get(role, role)


def scope_of(session: Session, user: SignedIn) -> Scope:
    """The data a signed-in person may read and write, from their account's role."""
    if user.role == "lead" and user.employee_id is not None:
        return _scope(user, led_team_ids(session, user.employee_id))
    return _scope(user, frozenset())


def _scope(user: SignedIn, led: frozenset[int]) -> Scope:
    """`user`'s scope, given the teams they lead (and those below them)."""
    if user.role in ("admin", "hr"):
        return Scope.all(role=user.role, email=user.email)
    if user.role == "exec":
        return Scope.executive(email=user.email)
    if user.role == "lead":
        return Scope(role="lead", email=user.email, employee_id=user.employee_id, team_ids=led)
    return Scope.for_employee(user.employee_id, email=user.email)
