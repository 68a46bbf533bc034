"""The demo company's fixed catalogue, read once from the files in `seed/data/`.

Everything here is the same for every seed; the people and what they do come
from `people.py` and `activity.py`. This module holds the types the generator
uses and the names it reads (TEAMS, SKILLS, CREDENTIALS...); the data is in
`seed/data/` (its README says which file holds what).

Where an importer reads the same thing, the file is in its format and goes
through its parser: the skills are the skills CSV (`parse_skills`), the
credentials and pathways the catalog JSON (`parse_catalog`). So the demo's
catalogue is checked by the rules an imported one is, and the two files are
examples a person can import. The formats leave a few things to this loader:
a skill's description, and an ESCO skill's id, are made from its name when the
file leaves them blank; a course's web address is made from its provider's; and
the providers themselves (kind, address, and the order that gives their ids) are
listed in `learning.toml`, since a catalog names a provider per credential.

The rest is TOML because no importer reads it: onboarding plans have no importer
yet, and the demo's team skill targets are intents ("met", "partial", "zero")
whose headcounts are sized from the generated people, which the targets CSV (a
fixed headcount and date per target) cannot say.

The company, its providers and its credentials are fictional (`.example` web
addresses); SFIA codes are real SFIA skill codes, ESCO ids are look-alike URIs
made from the skill name.
"""

from __future__ import annotations

import tomllib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.resources import files
from typing import Any, TypeVar

from data_model.formats import CredentialRecord, ParseResult, parse_catalog, parse_skills

_T = TypeVar("_T")


@dataclass(frozen=True)
class TeamSpec:
    """A team in the org tree, listed parent before child."""

    name: str
    department: str
    parent: str | None
    lead_title: str
    roles: tuple[tuple[str, float], ...]  # member job titles and their weights
    weight: float  # share of the non-lead headcount
    cap: int | None  # most members (small leadership and department teams)
    locations: tuple[tuple[str, float], ...]
    learning: float  # how much this team's people learn, relative to 1.0


@dataclass(frozen=True)
class SkillSpec:
    name: str
    category: str
    framework: str
    external_id: str
    description: str


@dataclass(frozen=True)
class ProviderSpec:
    name: str
    kind: str
    url: str


@dataclass(frozen=True)
class CredentialSpec:
    """A micro-credential. `kind`: regular, compliance (renewed on a schedule), emerging (launched
    recently, nobody has finished it yet) or retired (no longer offered)."""

    code: str
    title: str
    provider: str  # the provider's name
    hours: str
    cost: str
    currency: str
    delivery: str
    validity_months: int | None
    skills: tuple[tuple[str, int], ...]
    kind: str = "regular"


@dataclass(frozen=True)
class PathwaySpec:
    title: str
    provider: str
    qualification: str | None
    items: tuple[tuple[str, bool], ...]  # credential code, required


@dataclass(frozen=True)
class OnboardingSpec:
    name: str
    job_role: str | None
    team: str | None
    items: tuple[tuple[str, int], ...]  # credential code, due days after hire


def _read(name: str) -> bytes:
    return files("seed").joinpath("data", name).read_bytes()


def _toml(name: str) -> dict[str, Any]:
    return tomllib.loads(_read(name).decode("utf-8"))


def _keys(table: dict[str, Any], where: str, required: Iterable[str], optional: Iterable[str] = ()) -> None:
    """Refuse a table with a key missing or one this loader does not know (a typo would be ignored)."""
    required = set(required)
    missing, unknown = sorted(required - table.keys()), sorted(table.keys() - required - set(optional))
    if missing or unknown:
        said = [
            f"{what} {', '.join(keys)}" for what, keys in (("missing", missing), ("unknown", unknown)) if keys
        ]
        raise ValueError(f"seed/data/{where}: {'; '.join(said)}")


def _records(result: ParseResult[_T]) -> list[_T]:
    if not result.ok:
        raise ValueError("\n".join(["the demo catalogue does not import:", *result.summary_of_errors()]))
    return result.records


_TEAM_KEYS = ("name", "department", "lead_title", "roles", "weight", "locations", "learning")


def _teams(company: dict[str, Any]) -> tuple[TeamSpec, ...]:
    mixes = company["locations"]
    teams = []
    for t in company["teams"]:
        _keys(t, f"company.toml, team {t.get('name')}", _TEAM_KEYS, ("parent", "cap"))
        locations = mixes[t["locations"]] if isinstance(t["locations"], str) else t["locations"]
        teams.append(
            TeamSpec(
                name=t["name"],
                department=t["department"],
                parent=t.get("parent"),
                lead_title=t["lead_title"],
                roles=tuple(t["roles"].items()),
                weight=t["weight"],
                cap=t.get("cap"),
                locations=tuple(locations.items()),
                learning=t["learning"],
            )
        )
    return tuple(teams)


def _esco_like(name: str) -> str:
    return f"http://data.europa.eu/esco/skill/{uuid.uuid5(uuid.NAMESPACE_URL, 'upskill-demo/' + name)}"


def _skills() -> tuple[SkillSpec, ...]:
    skills = []
    for s in _records(parse_skills(_read("skills.csv"), file_name="seed/data/skills.csv")):
        if not (s.category and s.framework):
            raise ValueError(f"seed/data/skills.csv: {s.name} needs a category and a framework")
        code = f" ({s.framework} code {s.external_id})" if s.external_id else ""
        skills.append(
            SkillSpec(
                name=s.name,
                category=s.category,
                framework=s.framework,
                external_id=s.external_id or _esco_like(s.name),
                description=s.description or f"{s.name}: {s.category.lower()} skill{code}.",
            )
        )
    return tuple(skills)


def _providers(learning: dict[str, Any]) -> tuple[ProviderSpec, ...]:
    for p in learning["providers"]:
        _keys(p, f"learning.toml, provider {p.get('name')}", ("name", "kind", "url"))
    return tuple(ProviderSpec(p["name"], p["kind"], p["url"]) for p in learning["providers"])


def _catalog(
    learning: dict[str, Any], listed_providers: tuple[ProviderSpec, ...]
) -> tuple[tuple[CredentialSpec, ...], tuple[PathwaySpec, ...]]:
    """Credentials and pathways from catalog.json, through the catalog importer's parser."""
    providers = {p.name: p for p in listed_providers}
    compliance = {*learning["annual_compliance"], *learning["renewed_compliance"]}
    emerging = set(learning["emerging"])
    credentials: list[CredentialSpec] = []
    pathways: list[PathwaySpec] = []
    for record in _records(parse_catalog(_read("catalog.json"), file_name="seed/data/catalog.json")):
        if not isinstance(record, CredentialRecord):
            provider = providers.get(record.provider or "")
            if provider is None:
                raise ValueError(
                    f"seed/data/catalog.json, pathway {record.title}: name a provider from learning.toml"
                )
            items = tuple((item.credential_code, item.required) for item in record.items)
            pathways.append(PathwaySpec(record.title, provider.name, record.qualification, items))
            continue
        where = f"seed/data/catalog.json, credential {record.code}"
        given, listed = record.provider, providers.get(record.provider.name)
        if listed is None or given.kind not in (None, listed.kind) or given.url not in (None, listed.url):
            raise ValueError(f"{where}: name a provider from learning.toml (with its kind and url, if any)")
        if record.url:
            raise ValueError(f"{where}: leave url out; the demo makes it from the provider's address")
        kind = "regular"
        if not record.active:
            kind = "retired"
        elif record.code in compliance:
            kind = "compliance"
        elif record.code in emerging:
            kind = "emerging"
        credentials.append(
            CredentialSpec(
                code=record.code,
                title=record.title,
                provider=listed.name,
                hours=str(record.expected_hours),
                cost=str(record.cost),
                currency=record.currency,
                delivery=record.delivery,
                validity_months=record.validity_months,
                skills=tuple((grant.skill, grant.level) for grant in record.skills),
                kind=kind,
            )
        )
    return tuple(credentials), tuple(pathways)


def _onboarding(learning: dict[str, Any]) -> tuple[OnboardingSpec, ...]:
    plans = []
    for plan in learning["onboarding"]:
        where = f"learning.toml, plan {plan.get('name')}"
        _keys(plan, where, ("name", "due_days_after_hire"), ("job_role", "team"))
        items = tuple(plan["due_days_after_hire"].items())
        plans.append(OnboardingSpec(plan["name"], plan.get("job_role"), plan.get("team"), items))
    return tuple(plans)


def _targets(team_skills: dict[str, Any]) -> dict[str, tuple[tuple[str, int, str, str], ...]]:
    targets = {}
    for team, skills in team_skills["targets"].items():
        for skill, t in skills.items():
            _keys(t, f"team_skills.toml, {team} target {skill}", ("min_level", "coverage", "priority"))
        targets[team] = tuple((s, t["min_level"], t["coverage"], t["priority"]) for s, t in skills.items())
    return targets


_company = _toml("company.toml")
_learning = _toml("learning.toml")
_team_skills = _toml("team_skills.toml")

COMPANY: str = _company["company"]
DOMAIN: str = _company["domain"]
EXEC_TEAM: str = _company["exec_team"]
HR_TEAM: str = _company["hr_team"]
SPOTLIGHT_LEAD_TEAM: str = _company["spotlight_lead_team"]  # the lead shown first in the demo sign-in picker
TEAMS = _teams(_company)
ORGANISATION_WEEKLY_TARGET: int = _company["weekly_target_minutes"]
# Team policies: team, weekly minutes, and when they start ("history" = mid-way through the generated weeks).
TEAM_POLICIES: tuple[tuple[str, int, str], ...] = tuple(
    (p["team"], p["weekly_target_minutes"], p["starts"]) for p in _company["team_policies"]
)

SKILLS = _skills()
PROVIDERS = _providers(_learning)
CREDENTIALS, PATHWAYS = _catalog(_learning, PROVIDERS)
ONBOARDING = _onboarding(_learning)

# Annual campaigns: everyone employed is assigned these each year (and at hire).
ANNUAL_COMPLIANCE: tuple[str, ...] = tuple(_learning["annual_compliance"])
# Role-bound certificates renewed before they expire: credential -> job titles that need it.
RENEWED_COMPLIANCE: dict[str, tuple[str, ...]] = {
    code: tuple(titles) for code, titles in _learning["renewed_compliance"].items()
}
# The pathway a team's keenest learners follow, one credential after the other.
TEAM_PATHWAY: dict[str, str] = dict(_learning["team_pathway"])
# What a team lead assigns to close skill gaps.
TEAM_FOCUS: dict[str, tuple[str, ...]] = {
    team: tuple(codes) for team, codes in _learning["team_focus"].items()
}
# What people choose for themselves beyond their team's focus.
GENERAL_INTEREST: tuple[str, ...] = tuple(_learning["general_interest"])
# Notes on learning sessions; the last one goes on whole classroom days.
STUDY_NOTES: tuple[str, ...] = (*_learning["study_notes"], _learning["workshop_note"])

# Skills a manager assesses per team, with the typical level.
TEAM_SKILLS: dict[str, tuple[tuple[str, int], ...]] = {
    team: tuple(levels.items()) for team, levels in _team_skills["assessed"].items()
}
# Team skill targets: skill, minimum level, intended coverage (met / partial / zero), priority.
# The headcount is sized from the generated people so each intent holds for any seed and size.
TARGETS = _targets(_team_skills)


def _problems() -> list[str]:
    """Names one file uses that another does not define (a typo would otherwise fail deep in the seed)."""
    teams = [t.name for t in TEAMS]
    titles = {t.lead_title for t in TEAMS} | {title for t in TEAMS for title, _ in t.roles}
    skills = {s.name for s in SKILLS}
    codes = {c.code for c in CREDENTIALS}
    problems = [
        f"team {t.name}: its parent {t.parent} is not listed before it"
        for i, t in enumerate(TEAMS)
        if t.parent is not None and t.parent not in teams[:i]
    ]
    named_teams = {EXEC_TEAM, HR_TEAM, SPOTLIGHT_LEAD_TEAM, *(team for team, _, _ in TEAM_POLICIES)}
    named_teams |= {p.team for p in ONBOARDING if p.team}
    named_teams |= {*TEAM_PATHWAY, *TEAM_FOCUS, *TEAM_SKILLS, *TARGETS}
    named_skills = {name for c in CREDENTIALS for name, _ in c.skills}
    named_skills |= {name for levels in TEAM_SKILLS.values() for name, _ in levels}
    named_skills |= {name for targets in TARGETS.values() for name, *_ in targets}
    plans: tuple[PathwaySpec | OnboardingSpec, ...] = (*PATHWAYS, *ONBOARDING)
    named_codes = {code for plan in plans for code, _ in plan.items}
    named_codes |= {*ANNUAL_COMPLIANCE, *RENEWED_COMPLIANCE, *_learning["emerging"], *GENERAL_INTEREST}
    named_codes |= {code for focus in TEAM_FOCUS.values() for code in focus}
    named_titles = {p.job_role for p in ONBOARDING if p.job_role}
    named_titles |= {title for needing in RENEWED_COMPLIANCE.values() for title in needing}
    problems += [f"no team {name}" for name in sorted(named_teams - set(teams))]
    problems += [f"no skill {name} in skills.csv" for name in sorted(named_skills - skills)]
    problems += [f"no credential {code} in catalog.json" for code in sorted(named_codes - codes)]
    problems += [f"no job title {title} in any team" for title in sorted(named_titles - titles)]
    pathways = set(TEAM_PATHWAY.values()) - {p.title for p in PATHWAYS}
    problems += [f"no pathway {title} in catalog.json" for title in sorted(pathways)]
    problems += [
        f"{team}'s policy starts {starts!r}, not founding or history"
        for team, _, starts in TEAM_POLICIES
        if starts not in ("founding", "history")
    ]
    problems += [
        f"{team}'s target {skill}: coverage {coverage!r}, not met, partial or zero"
        for team, targets in TARGETS.items()
        for skill, _, coverage, _ in targets
        if coverage not in ("met", "partial", "zero")
    ]
    return problems


if _found := _problems():
    raise ValueError("\n".join(["seed/data does not add up:", *_found]))
