"""Badges from Credly's bulk badge CSV.

Credly writes dates as `mm/dd/yy` (its documented format), so this file is read
month-first without needing --date-format; ISO dates are accepted too, and a
declared date format overrides Credly's. `Issuer Earner ID` is our employee
code; the recipient email is the fallback when it is empty. The CSV carries no
assertion id, so one is made from the template, the person and the date: the
same row imported twice is the same badge.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .. import clock
from .cells import Cells, Unique, read_records
from .csv_reader import Column, Layout
from .errors import Origin, ParseResult
from .refs import EmployeeRef
from .sources import Source
from .values import parse_date

LAYOUT = Layout(
    columns=(
        Column("badge_template_id", ("Badge Template ID", "template id", "badge template"), required=True),
        Column("recipient_email", ("Recipient Email", "earner email", "email")),
        Column("first_name", ("First Name", "Issued to First Name", "recipient first name")),
        Column("last_name", ("Last Name", "Issued to Last Name", "recipient last name")),
        Column("issued_on", ("Issued at date", "issued at", "issued on", "issue date"), required=True),
        Column("expires_on", ("Expiration Date", "expires at", "expires on", "expiry date")),
        Column("employee_code", ("Issuer Earner ID", "earner id")),
        Column("badge_id", ("Badge ID", "credly badge id")),
        Column("evidence_url", ("Evidence URL", "evidence")),
    ),
    one_of=((("employee_code", "recipient_email"), "Issuer Earner ID (or Recipient Email)"),),
)


@dataclass(frozen=True, slots=True, kw_only=True)
class CredlyBadgeRecord:
    """One badge row. `badge_template_id` is Credly's; the writer maps it to a credential."""

    origin: Origin
    badge_template_id: str
    recipient_email: str | None
    first_name: str | None
    last_name: str | None
    employee_code: str | None
    issued_on: date
    expires_on: date | None
    badge_id: str | None
    evidence_url: str | None

    @property
    def employee(self) -> EmployeeRef:
        """The person: by employee code when Credly has it, else by email."""
        if self.employee_code:
            return EmployeeRef("code", self.employee_code)
        assert self.recipient_email
        return EmployeeRef("email", self.recipient_email)

    @property
    def assertion_id(self) -> str:
        if self.badge_id:
            return f"credly:{self.badge_id}"
        return f"credly:{self.badge_template_id}:{self.employee.value}:{self.issued_on.isoformat()}"


def _record(cells: Cells, date_format: str | None, today: date) -> CredlyBadgeRecord | None:
    def credly_date(text: str) -> date:
        return parse_date(text, date_format or "mdy", two_digit_years=True)

    template = cells.text("badge_template_id", required=True, max_length=200)
    email = cells.email("recipient_email")
    code = cells.text("employee_code", max_length=64)
    if not email and not code and not cells.failed:
        which = "employee_code" if cells.row.has("employee_code") else "recipient_email"
        cells.error(which, "no Issuer Earner ID or Recipient Email: whose badge is it?")
    issued_on = cells.convert("issued_on", credly_date, required=True)
    expires_on = cells.convert("expires_on", credly_date)
    if issued_on and expires_on and expires_on < issued_on:
        cells.error("expires_on", f"expires on {expires_on}, before it was issued on {issued_on}")
    if issued_on and issued_on > today:
        cells.error("issued_on", f"{issued_on} is in the future (today is {today})")
    if cells.failed:
        return None
    assert template and issued_on
    return CredlyBadgeRecord(
        origin=cells.origin,
        badge_template_id=template,
        recipient_email=email,
        first_name=cells.text("first_name"),
        last_name=cells.text("last_name"),
        employee_code=code,
        issued_on=issued_on,
        expires_on=expires_on,
        badge_id=cells.text("badge_id", max_length=200),
        evidence_url=cells.text("evidence_url", max_length=1000),
    )


def parse_credly(
    data: Source, *, file_name: str, date_format: str | None = None, today: date | None = None
) -> ParseResult[CredlyBadgeRecord]:
    """Read a Credly bulk badge CSV, or say everything wrong with it."""
    on = today or clock.today()
    result: ParseResult[CredlyBadgeRecord] = ParseResult(file_name)
    rows = read_records(
        data,
        LAYOUT,
        result,
        lambda cells: _record(cells, date_format, on),
        date_format=date_format,
        unique=(
            Unique["CredlyBadgeRecord"](
                lambda r: r.assertion_id,
                "badge_template_id",
                lambda _r, line: f"the same badge is also on line {line}",
            ),
        ),
    )
    result.records.extend(rows)
    return result
