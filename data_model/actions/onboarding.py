"""Onboarding plans: define, change and retire them (admin and HR), and apply them to new hires.

A plan is for a job role, a team, or both, and lists credentials in the order a new hire takes
them, each due some days after the hire date and required or optional. Applying assigns what
`metrics.onboarding.planned_onboarding` says (the same rows the preview shows); optional
credentials are suggested, not assigned.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session, col, select

from ..access import EDITOR_ROLES, Scope
from ..metrics.onboarding import planned_onboarding
from ..models import JobRole, MicroCredential, OnboardingItem, OnboardingPlan, Team, stored_id
from .audit import record_audit
from .base import MANAGING_ROLES, ActionError, require_role
from .changes import switch_active
from .enrollments import AssignmentResult, assign_rows

MAX_DUE_DAYS = 3650


@dataclass(frozen=True)
class PlanItem:
    credential_id: int
    due_days_after_hire: int
    required: bool = True


@dataclass(frozen=True)
class PlanDraft:
    """A plan as typed into the form (or read from a file): `items` in the order they are taken."""

    name: str
    job_role_id: int | None = None
    team_id: int | None = None
    items: Sequence[PlanItem] = field(default_factory=tuple)


def _require_editor(scope: Scope) -> None:
    require_role(scope, EDITOR_ROLES, "change onboarding plans: admin and HR do")


def _summary(session: Session, plan: OnboardingPlan, items: Sequence[PlanItem]) -> dict:
    codes = dict(
        session.exec(
            select(MicroCredential.id, MicroCredential.code).where(
                col(MicroCredential.id).in_([i.credential_id for i in items])
            )
        ).all()
    )
    return {
        "name": plan.name,
        "job_role_id": plan.job_role_id,
        "team_id": plan.team_id,
        "active": plan.active,
        "items": [
            {
                "credential": codes.get(i.credential_id),
                "due_days": i.due_days_after_hire,
                "required": i.required,
            }
            for i in items
        ],
    }


def _problems(session: Session, draft: PlanDraft, plan_id: int | None) -> list[str]:
    problems = []
    name = draft.name.strip()
    if not name:
        problems.append("a plan needs a name")
    elif len(name) > 200:
        problems.append("the name is longer than 200 characters")
    if draft.job_role_id is None and draft.team_id is None:
        problems.append("a plan is for a job role, a team, or both: choose at least one")
    if draft.job_role_id is not None and session.get(JobRole, draft.job_role_id) is None:
        problems.append(f"unknown job role id {draft.job_role_id}")
    if draft.team_id is not None and session.get(Team, draft.team_id) is None:
        problems.append(f"unknown team id {draft.team_id}")
    if not draft.items:
        problems.append("a plan needs at least one micro-credential")
    seen: set[int] = set()
    for position, item in enumerate(draft.items, start=1):
        credential = session.get(MicroCredential, item.credential_id)
        if credential is None:
            problems.append(f"item {position}: unknown micro-credential id {item.credential_id}")
            continue
        if not credential.active:
            problems.append(f"item {position}: {credential.code} is retired from the catalog")
        if item.credential_id in seen:
            problems.append(f"item {position}: {credential.code} is in the plan twice")
        seen.add(item.credential_id)
        if not 0 <= item.due_days_after_hire <= MAX_DUE_DAYS:
            problems.append(
                f"item {position}: due days must be 0 to {MAX_DUE_DAYS} after the hire date, "
                f"got {item.due_days_after_hire}"
            )
    same = select(OnboardingPlan).where(
        OnboardingPlan.job_role_id == draft.job_role_id, OnboardingPlan.team_id == draft.team_id
    )
    if plan_id is not None:
        same = same.where(OnboardingPlan.id != plan_id)
    other = session.exec(same).first()
    if other is not None:
        state = "" if other.active else " (retired: reactivate it and change it instead)"
        problems.append(f"the plan {other.name!r} is already for this job role and team{state}")
    return problems


def save_onboarding_plan(
    session: Session, scope: Scope, *, draft: PlanDraft, plan_id: int | None = None
) -> int:
    """Create a plan (`plan_id` None) or change one; the items given replace the plan's list."""
    _require_editor(scope)
    problems = _problems(session, draft, plan_id)
    if problems:
        raise ActionError("; ".join(problems))
    before = None
    if plan_id is None:
        plan = OnboardingPlan(name=draft.name.strip(), job_role_id=draft.job_role_id, team_id=draft.team_id)
    else:
        found = session.get(OnboardingPlan, plan_id)
        if found is None:
            raise ActionError(f"no onboarding plan {plan_id}")
        plan = found
        old = session.exec(
            select(OnboardingItem)
            .where(OnboardingItem.plan_id == plan_id)
            .order_by(col(OnboardingItem.position))
        ).all()
        before = _summary(
            session, plan, [PlanItem(i.credential_id, i.due_days_after_hire, i.required) for i in old]
        )
        plan.name, plan.job_role_id, plan.team_id = draft.name.strip(), draft.job_role_id, draft.team_id
        session.execute(sa.delete(OnboardingItem).where(col(OnboardingItem.plan_id) == plan_id))
    session.add(plan)
    session.flush()
    for position, item in enumerate(draft.items, start=1):
        session.add(
            OnboardingItem(
                plan_id=stored_id(plan),
                credential_id=item.credential_id,
                due_days_after_hire=item.due_days_after_hire,
                position=position,
                required=item.required,
            )
        )
    session.flush()
    record_audit(
        session,
        scope,
        action="create_onboarding_plan" if plan_id is None else "update_onboarding_plan",
        entity="onboarding_plan",
        entity_id=plan.id,
        before=before,
        after=_summary(session, plan, draft.items),
    )
    return stored_id(plan)


def set_plan_active(session: Session, scope: Scope, *, plan_id: int, active: bool) -> None:
    """Retire a plan (it assigns nothing more; what it assigned stays) or bring it back."""
    _require_editor(scope)
    plan = session.get(OnboardingPlan, plan_id)
    if plan is None:
        raise ActionError(f"no onboarding plan {plan_id}")
    switch_active(
        session,
        scope,
        plan,
        active,
        entity="onboarding_plan",
        on="reactivate_onboarding_plan",
        off="retire_onboarding_plan",
    )


def apply_onboarding_plan(
    session: Session,
    scope: Scope,
    *,
    employee_ids: Sequence[int],
    assigned_on: date,
    assigned_by_account_id: int | None = None,
) -> AssignmentResult:
    """Assign each new hire what their plans give them (the preview's rows marked "assigned").

    Due dates are counted from the hire date (never before the assignment date). Every row not
    assigned is reported with its reason.
    """
    require_role(scope, MANAGING_ROLES, "assign onboarding")
    planned = planned_onboarding(session, scope, employee_ids=list(employee_ids), as_of=assigned_on)
    return assign_rows(
        session, scope, planned, on=assigned_on, reason="onboarding", by=assigned_by_account_id
    )
