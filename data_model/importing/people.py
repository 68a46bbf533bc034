"""Finding the employee a record is about: by code, email, xAPI mbox_sha1sum, or a badge's recipient.

Loaded once per import (a few thousand people), so a million learning rows cost
a dictionary lookup each. Hashed badge recipients are matched by hashing every
email once per salt, not once per badge.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session

from data_model.formats import EmployeeRef, Recipient, mbox_sha1sum
from data_model.models import Employee


@dataclass(frozen=True, slots=True)
class Person:
    id: int
    code: str
    email: str
    full_name: str
    hire_date: date
    exit_date: date | None

    def employed_on(self, day: date) -> bool:
        """The same rule actions.log_learning applies: hired on or before, not yet left."""
        return self.hire_date <= day and (self.exit_date is None or self.exit_date >= day)

    def employment(self) -> str:
        left = f", left {self.exit_date}" if self.exit_date else ""
        return f"hired {self.hire_date}{left}"


class People:
    """Every employee, indexed by the ways files refer to them."""

    def __init__(self, session: Session) -> None:
        table = Employee.__table__
        rows = session.execute(
            sa.select(
                table.c.id,
                table.c.employee_code,
                table.c.email,
                table.c.full_name,
                table.c.hire_date,
                table.c.exit_date,
            )
        ).all()
        self.by_code = {row[1]: Person(*row) for row in rows}
        self.by_email = {person.email: person for person in self.by_code.values()}
        self._by_sha1: dict[str, Person] | None = None
        self._by_digest: dict[tuple[str, str], dict[str, Person]] = {}

    def find(self, ref: EmployeeRef) -> Person | None:
        if ref.kind == "code":
            return self.by_code.get(ref.value)
        if ref.kind == "email":
            return self.by_email.get(ref.value.lower())
        if self._by_sha1 is None:
            self._by_sha1 = {mbox_sha1sum(p.email): p for p in self.by_email.values()}
        return self._by_sha1.get(ref.value.lower())

    def find_recipient(self, recipient: Recipient) -> Person | None:
        """A badge's recipient: an email (plain or salted hash), else an identifier equal to a code."""
        if recipient.kind != "email":
            identity = recipient.identity.strip()
            return self.by_code.get(identity) or self.by_email.get(identity.removeprefix("mailto:").lower())
        if not recipient.hashed:
            return self.by_email.get(recipient.identity.strip().lower())
        algorithm, _, digest = recipient.identity.partition("$")
        algorithm = algorithm.lower()
        if algorithm not in ("sha256", "md5"):
            return None
        salt = recipient.salt or ""
        table = self._by_digest.get((algorithm, salt))
        if table is None:
            table = {
                hashlib.new(algorithm, (p.email + salt).encode("utf-8")).hexdigest(): p
                for p in self.by_email.values()
            }
            self._by_digest[(algorithm, salt)] = table
        return table.get(digest.strip().lower())
