"""Who may sign in: local passwords (argon2 through pwdlib), OIDC emails, and the demo personas."""

from __future__ import annotations

import json
from dataclasses import dataclass

from pwdlib import PasswordHash
from sqlmodel import Session, select

from .access import Scope
from .bootstrap import is_demo_database
from .models import Account, AuditEvent, Employee, Team
from .models.vocab import ROLES

_hasher = PasswordHash.recommended()

MIN_PASSWORD_LENGTH = 10


class AccountError(ValueError):
    """A sign-in or account change that cannot be done, with a message a person can act on."""


@dataclass(frozen=True)
class SignedIn:
    """The signed-in person, as a plain value safe to keep in Streamlit's session state."""

    account_id: int
    email: str
    role: str
    employee_id: int | None
    display_name: str


def normalise_email(email: str) -> str:
    return email.strip().lower()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _signed_in(session: Session, account: Account) -> SignedIn:
    name = account.email
    if account.employee_id is not None:
        employee = session.get(Employee, account.employee_id)
        if employee is not None:
            name = employee.full_name
    return SignedIn(account.id, account.email, account.role, account.employee_id, name)


def account_for_email(session: Session, email: str) -> SignedIn | None:
    """The active account for an email (OIDC sign-in), or None."""
    account = session.exec(select(Account).where(Account.email == normalise_email(email))).first()
    if account is None or not account.active:
        return None
    return _signed_in(session, account)


def authenticate(session: Session, email: str, password: str) -> SignedIn | None:
    """Check a local password. Unknown email and wrong password look the same to the caller."""
    account = session.exec(select(Account).where(Account.email == normalise_email(email))).first()
    if account is None or not account.active or not account.password_hash:
        _hasher.hash(password)  # spend the same time either way
        return None
    valid, new_hash = _hasher.verify_and_update(password, account.password_hash)
    if not valid:
        return None
    if new_hash:
        account.password_hash = new_hash
        session.add(account)
        session.commit()
    return _signed_in(session, account)


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
    session.add(
        AuditEvent(
            actor=actor,
            action="add_account",
            entity="account",
            entity_id=str(account.id),
            after=json.dumps(after),
        )
    )
    session.commit()
    session.refresh(account)
    return account


@dataclass(frozen=True)
class Persona:
    """A demo person to sign in as, one or more per role."""

    role: str
    email: str
    label: str


_PERSONA_ORDER = ("hr", "lead", "exec", "employee", "admin")


def demo_personas(session: Session) -> list[Persona]:
    """One person per role to walk every persona. Empty unless this is the seeded demo database."""
    if not is_demo_database(session):
        return []
    personas = []
    for role in _PERSONA_ORDER:
        row = session.exec(
            select(Account, Employee)
            .join(Employee, Employee.id == Account.employee_id, isouter=True)
            .where(Account.role == role, Account.active)
            .order_by(Account.id)
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
    if user.role in ("admin", "hr"):
        return Scope.all(role=user.role, email=user.email)
    if user.role == "exec":
        return Scope.executive(email=user.email)
    if user.role == "lead":
        return Scope.for_lead(session, user.employee_id, email=user.email)
    return Scope.for_employee(user.employee_id, email=user.email)
