"""Assignment rules as people read them, and the dry run of the dated ones (recertification).

`planned_recertifications` is the one answer to "who would the recertification rules assign on
this day, and why not": the Rules page's dry run and `actions.rules.run_dated_rules` both use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from ..access import AccessDenied, Scope, people_clause, require_individuals
from ..models import AssignmentRule, Badge, Employee, Enrollment, MicroCredential, OnboardingPlan
from ..vocab import BADGE_NOT_COUNTED
from . import calendar
from .frames import to_frame

_rule, _badge, _employee = AssignmentRule.__table__, Badge.__table__, Employee.__table__
_enrollment, _credential, _plan = Enrollment.__table__, MicroCredential.__table__, OnboardingPlan.__table__

RULE_COLUMNS = {
    "rule_id": "int",
    "name": "str",
    "kind": "str",
    "plan": "str",
    "credential": "str",
    "days_before": "int",
    "due_days": "int",
    "active": "bool",
    "assigned": "int",
}


def assignment_rules(session: Session, scope: Scope) -> pd.DataFrame:
    """Every rule, with how many enrollments it has made. Admin and HR.

    Columns: rule_id, name, kind, plan, credential (code), days_before, due_days, active, assigned.
    """
    if scope.role not in ("admin", "hr"):
        raise AccessDenied("assignment rules are for admin and HR")
    made = (
        sa.select(_enrollment.c.rule_id, sa.func.count().label("n"))
        .where(_enrollment.c.rule_id.is_not(None))
        .group_by(_enrollment.c.rule_id)
        .subquery("made")
    )
    rows = session.execute(
        sa.select(
            _rule.c.id,
            _rule.c.name,
            _rule.c.kind,
            _plan.c.name,
            _credential.c.code,
            _rule.c.days_before,
            _rule.c.due_days,
            _rule.c.active,
            sa.func.coalesce(made.c.n, 0),
        )
        .select_from(
            _rule.outerjoin(_plan, _plan.c.id == _rule.c.plan_id)
            .outerjoin(_credential, _credential.c.id == _rule.c.credential_id)
            .outerjoin(made, made.c.rule_id == _rule.c.id)
        )
        .order_by(_rule.c.kind, _rule.c.name)
    ).all()
    return to_frame(rows, RULE_COLUMNS)


@dataclass(frozen=True)
class PlannedRecertification:
    rule_id: int
    rule: str
    employee_id: int
    employee_code: str
    full_name: str
    credential_id: int
    credential: str
    expires_on: date
    due_date: date
    why_not: str | None


RECERT_COLUMNS = {
    "rule": "str",
    "employee_code": "str",
    "full_name": "str",
    "credential": "str",
    "expires_on": "date",
    "due_date": "date",
    "assigned": "bool",
    "why_not": "str",
}


def planned_recertifications(session: Session, scope: Scope, *, as_of: date) -> list[PlannedRecertification]:
    """What the switched-on recertification rules would assign on `as_of`.

    For each rule: people employed on `as_of` whose newest counted badge for the rule's
    credential expires in the next `days_before` days (from `as_of`, both days included). Not
    assigned, with the reason, when an enrollment of the credential has been made since the
    badge was issued (open or completed: that is the recertification already under way).
    """
    require_individuals(scope, "the recertification dry run")
    rules = session.execute(
        sa.select(_rule.c.id, _rule.c.name, _rule.c.credential_id, _rule.c.days_before).where(
            _rule.c.kind == "recertify", _rule.c.active
        )
    ).all()
    planned: list[PlannedRecertification] = []
    for rule_id, name, credential_id, days_before in rules:
        newest = (
            sa.select(
                _badge.c.employee_id,
                sa.func.max(_badge.c.expires_on).label("expires_on"),
                sa.func.max(_badge.c.issued_on).label("issued_on"),
            )
            .where(_badge.c.credential_id == credential_id, _badge.c.verification.not_in(BADGE_NOT_COUNTED))
            .group_by(_badge.c.employee_id)
            .subquery("newest")
        )
        again = (
            sa.select(sa.func.count())
            .where(
                _enrollment.c.employee_id == newest.c.employee_id,
                _enrollment.c.credential_id == credential_id,
                _enrollment.c.status != "withdrawn",
                _enrollment.c.assigned_on >= newest.c.issued_on,
            )
            .scalar_subquery()
        )
        rows = session.execute(
            sa.select(
                _employee.c.id,
                _employee.c.employee_code,
                _employee.c.full_name,
                newest.c.expires_on,
                _credential.c.code,
                again,
            )
            .select_from(
                newest.join(_employee, _employee.c.id == newest.c.employee_id).join(
                    _credential, _credential.c.id == credential_id
                )
            )
            .where(
                people_clause(scope, _employee),
                calendar.employed_on(_employee.c, as_of),
                newest.c.expires_on.between(as_of, as_of + timedelta(days=days_before)),
            )
            .order_by(_employee.c.employee_code)
        ).all()
        for employee_id, code, full_name, expires_on, credential, made in rows:
            why = "already assigned again since the badge was issued" if made else None
            planned.append(
                PlannedRecertification(
                    rule_id,
                    name,
                    employee_id,
                    code,
                    full_name,
                    credential_id,
                    credential,
                    expires_on,
                    expires_on,
                    why,
                )
            )
    return planned


def recertification_dry_run(session: Session, scope: Scope, *, as_of: date) -> pd.DataFrame:
    """`planned_recertifications` as a table (see RECERT_COLUMNS); `assigned` says whether
    running the rules on `as_of` assigns it."""
    rows = [
        (
            p.rule,
            p.employee_code,
            p.full_name,
            p.credential,
            p.expires_on,
            p.due_date,
            p.why_not is None,
            p.why_not,
        )
        for p in planned_recertifications(session, scope, as_of=as_of)
    ]
    return to_frame(rows, RECERT_COLUMNS)
