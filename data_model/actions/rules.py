"""Automatic assignment rules: define and switch them (admin and HR), and run them.

Event rules run inside the write that causes them, so they share its transaction (a refused
HRIS file leaves no assignment behind): `new_hire` when people arrive (`actions.people.add_people`),
`team_change` when someone changes team (`actions.people.update_people`). The `recertify` rule
depends on the day, so `run_dated_rules` runs it for a scheduler (`upskill rules run --as-of`),
and running it twice assigns nothing new: a holder with an enrollment of the credential made
since their badge was issued is skipped. Every assignment a rule makes carries its `rule_id`
and says so in its audit event.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, col, select

from ..access import EDITOR_ROLES, Scope
from ..metrics.onboarding import planned_onboarding
from ..metrics.rules import planned_recertifications
from ..models import AssignmentRule, Employee, MicroCredential, OnboardingPlan, stored_id
from ..vocab import RULE_KINDS
from .audit import record_audit
from .base import ActionError, require_role
from .changes import switch_active
from .enrollments import AssignmentResult, assign_rows


@dataclass(frozen=True)
class RuleDraft:
    name: str
    kind: str
    plan_id: int | None = None
    credential_id: int | None = None
    days_before: int | None = None
    due_days: int = 30


def _require_editor(scope: Scope) -> None:
    require_role(scope, EDITOR_ROLES, "change assignment rules: admin and HR do")


def save_rule(session: Session, scope: Scope, *, draft: RuleDraft, rule_id: int | None = None) -> int:
    """Create a rule (`rule_id` None) or change one. A new rule starts switched on."""
    _require_editor(scope)
    problems = []
    if not draft.name.strip():
        problems.append("a rule needs a name")
    if draft.kind not in RULE_KINDS:
        problems.append(f"kind must be one of {', '.join(RULE_KINDS)}")
    if draft.plan_id is not None and session.get(OnboardingPlan, draft.plan_id) is None:
        problems.append(f"unknown onboarding plan id {draft.plan_id}")
    if draft.kind == "recertify":
        if draft.credential_id is None or session.get(MicroCredential, draft.credential_id) is None:
            problems.append("a recertification rule names the credential whose badges expire")
        if draft.days_before is None or not 0 <= draft.days_before <= 3650:
            problems.append("a recertification rule says how many days before expiry (0 to 3650) it assigns")
    if not 1 <= draft.due_days <= 3650:
        problems.append("due days must be 1 to 3650")
    if problems:
        raise ActionError("; ".join(problems))
    if rule_id is None:
        rule = AssignmentRule(name=draft.name.strip(), kind=draft.kind)
    else:
        found = session.get(AssignmentRule, rule_id)
        if found is None:
            raise ActionError(f"no assignment rule {rule_id}")
        rule = found
    rule.name, rule.kind, rule.plan_id = draft.name.strip(), draft.kind, draft.plan_id
    rule.credential_id, rule.days_before, rule.due_days = (
        draft.credential_id,
        draft.days_before,
        draft.due_days,
    )
    session.add(rule)
    session.flush()
    record_audit(
        session,
        scope,
        action="create_rule" if rule_id is None else "update_rule",
        entity="assignment_rule",
        entity_id=rule.id,
        after={
            "name": rule.name,
            "kind": rule.kind,
            "plan_id": rule.plan_id,
            "credential_id": rule.credential_id,
            "days_before": rule.days_before,
            "due_days": rule.due_days,
        },
    )
    return stored_id(rule)


def set_rule_active(session: Session, scope: Scope, *, rule_id: int, active: bool) -> None:
    _require_editor(scope)
    rule = session.get(AssignmentRule, rule_id)
    if rule is None:
        raise ActionError(f"no assignment rule {rule_id}")
    switch_active(
        session, scope, rule, active, entity="assignment_rule", on="switch_rule_on", off="switch_rule_off"
    )


def _active(session: Session, kind: str) -> list[AssignmentRule]:
    return list(
        session.exec(
            select(AssignmentRule)
            .where(AssignmentRule.kind == kind, AssignmentRule.active)
            .order_by(col(AssignmentRule.id))
        ).all()
    )


def _assign_plans(
    session: Session,
    scope: Scope,
    rule: AssignmentRule,
    people: Sequence[int],
    on: date,
    plan_ids: Sequence[int] | None,
    *,
    from_today: bool = False,
) -> AssignmentResult:
    """The plans' assignments for `people`; due dates count from the hire date, or from `on` for
    someone who has just joined a team (`from_today`)."""
    starts = dict.fromkeys(people, on) if from_today else None
    planned = planned_onboarding(
        session, scope, employee_ids=list(people), as_of=on, plan_ids=plan_ids, starts=starts
    )
    return assign_rows(session, scope, planned, on=on, reason="onboarding", rule_id=rule.id)


def apply_new_hire_rules(
    session: Session, scope: Scope, *, employee_ids: Sequence[int], on: date
) -> AssignmentResult:
    """People who just arrived get the onboarding plans the switched-on `new_hire` rules give."""
    result = AssignmentResult()
    if not employee_ids:
        return result
    for rule in _active(session, "new_hire"):
        plans = None if rule.plan_id is None else [rule.plan_id]
        one = _assign_plans(session, scope, rule, employee_ids, on, plans)
        result.created += one.created
        result.skipped += one.skipped
    return result


def apply_team_change_rules(
    session: Session, scope: Scope, *, employee_ids: Sequence[int], on: date
) -> AssignmentResult:
    """People who just changed team get their new team's plans (or the rule's plan)."""
    result = AssignmentResult()
    rules = _active(session, "team_change") if employee_ids else []
    if not rules:
        return result
    people = Employee.__table__
    team_of = {
        person: team_id
        for person, team_id in session.execute(
            sa.select(people.c.id, people.c.team_id).where(people.c.id.in_(sorted(set(employee_ids))))
        )
    }
    # Each new team's active plans, asked once per team, not once per person and rule.
    plan = OnboardingPlan.__table__
    team_plans: dict[int | None, list[int]] = {team_id: [] for team_id in team_of.values()}
    for plan_id, team_id in session.execute(
        sa.select(plan.c.id, plan.c.team_id).where(
            plan.c.active, plan.c.team_id.in_(sorted(t for t in team_plans if t))
        )
    ):
        team_plans[team_id].append(plan_id)
    for rule in rules:
        for person, team_id in team_of.items():
            plans = [rule.plan_id] if rule.plan_id is not None else team_plans[team_id]
            if not plans:
                continue
            one = _assign_plans(session, scope, rule, [person], on, plans, from_today=True)
            result.created += one.created
            result.skipped += one.skipped
    return result


def run_dated_rules(session: Session, scope: Scope, *, as_of: date) -> AssignmentResult:
    """Run the switched-on `recertify` rules for `as_of`: each holder of a badge that expires within
    the rule's days is assigned the credential again, due on the day the badge expires."""
    result = AssignmentResult()
    planned = planned_recertifications(session, scope, as_of=as_of)
    for rule_id in sorted({p.rule_id for p in planned}):
        rows = [p for p in planned if p.rule_id == rule_id]
        one = assign_rows(session, scope, rows, on=as_of, reason="compliance", rule_id=rule_id)
        result.created += one.created
        result.skipped += one.skipped
    return result
