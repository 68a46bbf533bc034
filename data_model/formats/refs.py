"""References to people as files write them: an employee code, an email, or a hashed email.

Parsers never look anyone up; they hand the writer a reference and the writer
resolves it against the database (and reports "unknown employee" with the
record's Origin).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Literal

from .values import parse_email

RefKind = Literal["code", "email", "mbox_sha1sum"]


@dataclass(frozen=True, slots=True)
class EmployeeRef:
    """Who a row is about. `kind` says how to find them:

    - `code`: Employee.employee_code, exactly as written;
    - `email`: Employee.email (already lower-case);
    - `mbox_sha1sum`: xAPI's sha1 hex of `mailto:<email>`; see `mbox_sha1sum`.
    """

    kind: RefKind
    value: str

    def __str__(self) -> str:
        return self.value

    @classmethod
    def from_text(cls, text: str) -> EmployeeRef:
        """A cell that may hold a code or an email: anything with an `@` must be an email."""
        text = text.strip()
        if "@" in text:
            return cls("email", parse_email(text))
        return cls("code", text)

    def matches(self, *, code: str | None, email: str | None) -> bool:
        """Whether this reference points at the employee with this code and email."""
        if self.kind == "code":
            return code is not None and code == self.value
        if email is None:
            return False
        if self.kind == "email":
            return email.lower() == self.value
        return mbox_sha1sum(email) == self.value.lower()


def mbox_sha1sum(email: str) -> str:
    """xAPI's `mbox_sha1sum` of an email: sha1 hex of `mailto:` + the lower-case address."""
    return hashlib.sha1(f"mailto:{email.strip().lower()}".encode()).hexdigest()
