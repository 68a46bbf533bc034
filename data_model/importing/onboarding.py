"""The `onboarding` kind: onboarding plans, saved with `actions.save_onboarding_plan` as the page does.

A plan is matched by name (ignoring case): a plan already stored is replaced by the file's
version (its credentials in the file's order), one not stored is created, and a plan marked
inactive is retired. The job role, team and credentials must already exist: a plan for a team
nobody knows is a typo. Plans stored but not in the file are left as they are.
"""

from __future__ import annotations

from typing import BinaryIO

import sqlalchemy as sa

from data_model.actions import PlanDraft, PlanItem, save_onboarding_plan, set_plan_active
from data_model.formats import OnboardingRecord, parse_onboarding
from data_model.models import JobRole, OnboardingItem, OnboardingPlan

from .context import ImportContext
from .lookups import Credentials, Teams
from .preview import preview_rows

TABLE = "onboarding_plan"


def _stored(ctx: ImportContext) -> dict[str, tuple[int, tuple, bool]]:
    """Each stored plan by name: id, (role, team, items) as the file would give them, active."""
    plan, item = OnboardingPlan.__table__, OnboardingItem.__table__
    plans = {
        row.id: (row.name, row.job_role_id, row.team_id, row.active)
        for row in ctx.session.execute(
            sa.select(plan.c.id, plan.c.name, plan.c.job_role_id, plan.c.team_id, plan.c.active)
        )
    }
    items: dict[int, list[tuple[int, int, bool]]] = {}
    for row in ctx.session.execute(sa.select(item).order_by(item.c.plan_id, item.c.position)):
        items.setdefault(row.plan_id, []).append((row.credential_id, row.due_days_after_hire, row.required))
    return {
        name.casefold(): (plan_id, (role, team, tuple(items.get(plan_id, []))), active)
        for plan_id, (name, role, team, active) in plans.items()
    }


def import_onboarding(ctx: ImportContext, data: bytes | BinaryIO) -> None:
    ctx.progress("reading onboarding plans", 0, 1)
    result = parse_onboarding(data, file_name=ctx.file_name)
    ctx.result = result
    ctx.report.preview = preview_rows(result.records)
    teams, credentials = Teams(ctx.session), Credentials(ctx.session)
    role = JobRole.__table__
    roles = {
        title.casefold(): role_id
        for role_id, title in ctx.session.execute(sa.select(role.c.id, role.c.title))
    }
    drafts: list[tuple[OnboardingRecord, PlanDraft]] = []
    for record in result.records:
        role_id = team_id = None
        if record.job_role is not None:
            role_id = roles.get(record.job_role.strip().casefold())
            if role_id is None:
                ctx.error(record.origin, "job_role", f"unknown job role {record.job_role}")
        if record.team is not None:
            team_id = teams.find(record.team)
            if team_id is None:
                ctx.error(record.origin, "team", f"unknown team {record.team}")
        items = []
        for item in record.items:
            found = credentials.find_code(item.credential)
            if found is None:
                ctx.error(item.origin, "credential", f"unknown micro-credential {item.credential}")
                continue
            items.append(PlanItem(found.id, item.due_days_after_hire, item.required))
        drafts.append((record, PlanDraft(record.plan, job_role_id=role_id, team_id=team_id, items=items)))
    if not ctx.ok:
        return
    ctx.open_batch()
    stored = _stored(ctx)
    for record, draft in drafts:
        existing = stored.get(record.plan.casefold())
        wanted = (
            draft.job_role_id,
            draft.team_id,
            tuple((i.credential_id, i.due_days_after_hire, i.required) for i in draft.items),
        )
        if existing is not None and existing[1] == wanted and existing[2] == record.active:
            ctx.count(TABLE, "unchanged")
            continue
        plan_id = existing[0] if existing is not None else None
        if existing is None or existing[1] != wanted:
            plan_id = save_onboarding_plan(ctx.session, ctx.scope, draft=draft, plan_id=plan_id)
        assert plan_id is not None
        set_plan_active(ctx.session, ctx.scope, plan_id=plan_id, active=record.active)
        ctx.count(TABLE, "created" if existing is None else "updated")
        if existing is not None:
            ctx.change_note(
                f"{record.plan}: {len(draft.items)} credential(s)" + ("" if record.active else ", retired")
            )
    ctx.finish_change_notes()
