"""Turn the fixed reference data into rows with ids, and keep the id lookups the other steps need."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from . import reference as ref
from .calendar import monday_of


@dataclass(frozen=True)
class Credential:
    """What the generator needs to know about one micro-credential."""

    id: int
    code: str
    title: str
    hours: Decimal
    validity_months: int | None
    kind: str
    provider_name: str
    provider_kind: str
    provider_url: str
    url: str
    skills: tuple[tuple[int, int], ...]  # skill id, level granted


@dataclass(frozen=True)
class OnboardingPlan:
    job_role: str | None
    team: str | None
    items: tuple[tuple[str, int], ...]


@dataclass
class Catalogue:
    team_ids: dict[str, int]
    teams: dict[str, ref.TeamSpec]
    role_ids: dict[str, int]
    skill_ids: dict[str, int]
    skills: dict[int, ref.SkillSpec]
    credentials: dict[str, Credential]
    onboarding: tuple[OnboardingPlan, ...]
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def parent_chain(self, team: str) -> list[str]:
        """The team's ancestors, nearest first."""
        chain = []
        parent = self.teams[team].parent
        while parent is not None:
            chain.append(parent)
            parent = self.teams[parent].parent
        return chain


def _job_titles() -> list[str]:
    titles: dict[str, None] = {}
    for team in ref.TEAMS:
        titles[team.lead_title] = None
        for title, _weight in team.roles:
            titles[title] = None
    return list(titles)


def build_catalogue(*, founding: date, history_start: date, end: date) -> Catalogue:
    """Rows for every reference table, in an order that satisfies the foreign keys."""
    rows: dict[str, list[dict[str, Any]]] = {}

    providers = {p.name: (i, p) for i, p in enumerate(ref.PROVIDERS, start=1)}
    rows["provider"] = [
        {"id": i, "name": p.name, "kind": p.kind, "url": p.url} for i, p in providers.values()
    ]

    skill_ids = {s.name: i for i, s in enumerate(ref.SKILLS, start=1)}
    rows["skill"] = [
        {
            "id": skill_ids[s.name],
            "name": s.name,
            "category": s.category,
            "framework": s.framework,
            "external_id": s.external_id,
            "description": s.description,
        }
        for s in ref.SKILLS
    ]

    role_ids = {title: i for i, title in enumerate(_job_titles(), start=1)}
    rows["job_role"] = [{"id": i, "title": title} for title, i in role_ids.items()]

    team_ids = {t.name: i for i, t in enumerate(ref.TEAMS, start=1)}
    rows["team"] = [
        {
            "id": team_ids[t.name],
            "name": t.name,
            "department": t.department,
            "parent_id": team_ids[t.parent] if t.parent else None,
            "lead_id": None,  # set once the people exist
        }
        for t in ref.TEAMS
    ]

    credentials: dict[str, Credential] = {}
    rows["micro_credential"] = []
    rows["credential_skill"] = []
    for i, c in enumerate(ref.CREDENTIALS, start=1):
        provider_id, provider = providers[c.provider]
        url = f"{provider.url}courses/{c.code.lower()}"
        credentials[c.code] = Credential(
            id=i,
            code=c.code,
            title=c.title,
            hours=Decimal(c.hours),
            validity_months=c.validity_months,
            kind=c.kind,
            provider_name=provider.name,
            provider_kind=provider.kind,
            provider_url=provider.url,
            url=url,
            skills=tuple((skill_ids[name], level) for name, level in c.skills),
        )
        rows["micro_credential"].append(
            {
                "id": i,
                "code": c.code,
                "title": c.title,
                "provider_id": provider_id,
                "expected_hours": Decimal(c.hours),
                "cost": Decimal(c.cost),
                "currency": c.currency,
                "delivery": c.delivery,
                "validity_months": c.validity_months,
                "url": url,
                "active": c.kind != "retired",
            }
        )
        rows["credential_skill"].extend(
            {"credential_id": i, "skill_id": skill_ids[name], "level_granted": level}
            for name, level in c.skills
        )

    rows["pathway"] = []
    rows["pathway_item"] = []
    for i, p in enumerate(ref.PATHWAYS, start=1):
        rows["pathway"].append(
            {
                "id": i,
                "title": p.title,
                "provider_id": providers[p.provider][0],
                "qualification": p.qualification,
            }
        )
        rows["pathway_item"].extend(
            {"pathway_id": i, "credential_id": credentials[code].id, "position": n, "required": required}
            for n, (code, required) in enumerate(p.items, start=1)
        )

    rows["onboarding_plan"] = []
    rows["onboarding_item"] = []
    for i, plan in enumerate(ref.ONBOARDING, start=1):
        rows["onboarding_plan"].append(
            {
                "id": i,
                "name": plan.name,
                "job_role_id": role_ids[plan.job_role] if plan.job_role else None,
                "team_id": team_ids[plan.team] if plan.team else None,
            }
        )
        rows["onboarding_item"].extend(
            {"plan_id": i, "credential_id": credentials[code].id, "due_days_after_hire": days}
            for code, days in plan.items
        )

    # The organisation's policy since the company started; team policies on top.
    middle = monday_of(history_start + (end - history_start) / 2)
    rows["learning_policy"] = [
        {
            "id": 1,
            "weekly_target_minutes": ref.ORGANISATION_WEEKLY_TARGET,
            "team_id": None,
            "effective_from": founding,
        }
    ]
    for team, minutes, starts in ref.TEAM_POLICIES:
        rows["learning_policy"].append(
            {
                "id": len(rows["learning_policy"]) + 1,
                "weekly_target_minutes": minutes,
                "team_id": team_ids[team],
                "effective_from": middle if starts == "history" else founding,
            }
        )

    return Catalogue(
        team_ids=team_ids,
        teams={t.name: t for t in ref.TEAMS},
        role_ids=role_ids,
        skill_ids=skill_ids,
        skills={skill_ids[s.name]: s for s in ref.SKILLS},
        credentials=credentials,
        onboarding=tuple(OnboardingPlan(p.job_role, p.team, p.items) for p in ref.ONBOARDING),
        rows=rows,
    )
