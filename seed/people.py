"""The demo company's people: who leads what, who reports to whom, hires, exits and accounts.

Leads are created first, parent team before child, so every manager has a
smaller id than the people who report to them (a tree: no cycles). Members
follow in hire-date order, and employee codes count up with the hire date as
an HRIS would number them.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from . import reference as ref
from .calendar import DAY, add_years, at_utc, monday_of
from .catalogue import Catalogue
from .names import NameBook

# How much a person learns. Never-learners log nothing; keen people often pass the weekly target.
PROPENSITIES = ("never", "light", "regular", "keen")
MEMBER_PROPENSITY_WEIGHTS = (0.15, 0.25, 0.40, 0.20)
LEAD_PROPENSITY_WEIGHTS = (0.0, 0.25, 0.50, 0.25)
# Yearly chance of leaving: people who learn leave less often (the retention page's signal).
EXIT_HAZARD = {"never": 0.22, "light": 0.14, "regular": 0.10, "keen": 0.06}
EXIT_REASONS = (("voluntary", 0.7), ("involuntary", 0.2), ("other", 0.1))
PERSONAL_TARGETS = (120, 120, 180, 300, 360, 480)  # part-timers, apprentices, people on a study plan


@dataclass(slots=True)
class Person:
    id: int
    full_name: str
    email: str
    team: str
    role: str
    hire: date
    propensity: str
    vigour: float  # personal multiplier on how much they learn
    location: str
    code: str = ""
    manager_id: int | None = None
    exit: date | None = None
    exit_reason: str | None = None
    weekly_target: int | None = None
    led_teams: list[str] = field(default_factory=list)
    spotlight: bool = False
    account_id: int = 0

    def last_day(self, end: date) -> date:
        """The last day this person can have done anything: their exit, or the end of the history."""
        return self.exit if self.exit is not None and self.exit < end else end


@dataclass
class Organisation:
    people: list[Person]
    team_lead: dict[str, Person]
    hr_account_id: int
    admin_account_id: int
    accounts: list[dict[str, Any]]

    def employee_rows(self, catalogue: Catalogue) -> list[dict[str, Any]]:
        return [
            {
                "id": p.id,
                "employee_code": p.code,
                "email": p.email,
                "full_name": p.full_name,
                "team_id": catalogue.team_ids[p.team],
                "job_role_id": catalogue.role_ids[p.role],
                "manager_id": p.manager_id,
                "hire_date": p.hire,
                "exit_date": p.exit,
                "exit_reason": p.exit_reason,
                "location": p.location,
                "weekly_target_minutes": p.weekly_target,
            }
            for p in self.people
        ]

    def team_lead_rows(self, catalogue: Catalogue) -> list[dict[str, int]]:
        return [{"team_id": catalogue.team_ids[team], "lead_id": p.id} for team, p in self.team_lead.items()]


def _weighted(rng: random.Random, options: tuple[tuple[Any, float], ...]) -> Any:
    values = [o for o, _w in options]
    weights = [w for _o, w in options]
    return rng.choices(values, weights)[0]


def _apportion(total: int, weights: list[float], caps: list[int | None]) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainder), never above a cap."""
    counts = [0] * len(weights)
    open_ = [i for i, w in enumerate(weights) if w > 0]
    remaining = total
    while remaining > 0 and open_:
        weight_sum = sum(weights[i] for i in open_)
        shares = {i: remaining * weights[i] / weight_sum for i in open_}
        whole = {i: math.floor(shares[i]) for i in open_}
        left = remaining - sum(whole.values())
        by_remainder = sorted(open_, key=lambda i: (-(shares[i] - whole[i]), i))
        for i in by_remainder[:left]:
            whole[i] += 1
        capped = False
        for i in open_:
            cap = caps[i]
            if cap is not None and counts[i] + whole[i] > cap:
                whole[i] = cap - counts[i]
                capped = True
        for i in open_:
            counts[i] += whole[i]
        remaining = total - sum(counts)
        open_ = [i for i in open_ if (cap := caps[i]) is None or counts[i] < cap]
        if not capped:
            break
    return counts


def _monday_between(day: date, earliest: date) -> date:
    monday = monday_of(day)
    return monday if monday >= earliest else day


def _friday_before(day: date, earliest: date) -> date:
    back = (day.weekday() - 4) % 7
    friday = day - timedelta(days=back)
    return friday if friday >= earliest else day


def _random_day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, max(0, (last - first).days)))


def generate_people(
    catalogue: Catalogue,
    rng: random.Random,
    *,
    employees: int,
    founding: date,
    end: date,
    account_id_offset: int = 0,
) -> Organisation:
    """Everyone the company has employed, their managers, and one account each (plus an admin)."""
    names = NameBook(rng, ref.DOMAIN)
    names.reserve(f"admin@{ref.DOMAIN}")
    teams = list(ref.TEAMS)
    growth_start = add_years(end, -3)
    founding_last = min(add_years(end, -4), growth_start)

    # Leads: the first teams in tree order get a lead of their own; the rest share their parent's.
    distinct_leads = min(len(teams), max(1, employees // 4))
    team_lead: dict[str, Person] = {}
    people: list[Person] = []
    for index, spec in enumerate(teams):
        if index >= distinct_leads:
            team_lead[spec.name] = team_lead[spec.parent] if spec.parent else people[0]
            team_lead[spec.name].led_teams.append(spec.name)
            continue
        full_name, email = names.person()
        person = Person(
            id=len(people) + 1,
            full_name=full_name,
            email=email,
            team=spec.name,
            role=spec.lead_title,
            # The chief executive founded the company; the other leads joined in its first years.
            hire=founding
            if index == 0
            else _monday_between(_random_day(rng, founding, founding_last), founding),
            propensity=rng.choices(PROPENSITIES, LEAD_PROPENSITY_WEIGHTS)[0],
            vigour=rng.uniform(0.8, 1.2),
            location=_weighted(rng, spec.locations),
            led_teams=[spec.name],
        )
        if spec.parent is not None:
            person.manager_id = team_lead[spec.parent].id
        team_lead[spec.name] = person
        people.append(person)

    # Members: apportioned over teams by weight, each hired, maybe gone again.
    member_counts = _apportion(employees - len(people), [t.weight for t in teams], [t.cap for t in teams])
    members: list[Person] = []
    for spec, count in zip(teams, member_counts, strict=True):
        lead = team_lead[spec.name]
        for n in range(count):
            spotlight = n == 0  # a steady, learning member per team, for the demo's first screens
            if spotlight or rng.random() < 0.5:
                hire = _random_day(rng, founding, growth_start - DAY)
            else:
                hire = _random_day(rng, growth_start, end)
            # Small capped teams fill their roles in order (one CFO, one assistant...).
            role = spec.roles[n % len(spec.roles)][0] if spec.cap is not None else _weighted(rng, spec.roles)
            full_name, email = names.person()
            propensity = "keen" if spotlight else rng.choices(PROPENSITIES, MEMBER_PROPENSITY_WEIGHTS)[0]
            person = Person(
                id=0,
                full_name=full_name,
                email=email,
                team=spec.name,
                role=role,
                hire=_monday_between(hire, founding),
                propensity=propensity,
                vigour=rng.uniform(0.75, 1.25),
                location=_weighted(rng, spec.locations),
                manager_id=lead.id,
                spotlight=spotlight,
            )
            if not spotlight:
                _maybe_exit(person, rng, growth_start=growth_start, end=end)
                if rng.random() < 0.05:
                    person.weekly_target = rng.choice(PERSONAL_TARGETS)
            members.append(person)

    members.sort(key=lambda p: p.hire)  # stable: ties keep team order
    for person in members:
        person.id = len(people) + 1
        people.append(person)
    for number, person in enumerate(sorted(people, key=lambda p: (p.hire, p.id)), start=10001):
        person.code = f"E{number:06d}"

    accounts = _accounts(people, team_lead, founding, account_id_offset)
    hr_lead = team_lead.get(ref.HR_TEAM)
    admin_id = account_id_offset + 1
    return Organisation(
        people=people,
        team_lead=team_lead,
        hr_account_id=hr_lead.account_id if hr_lead else admin_id,
        admin_account_id=admin_id,
        accounts=accounts,
    )


def _maybe_exit(person: Person, rng: random.Random, *, growth_start: date, end: date) -> None:
    """Leaving is drawn over the three years of history only, at the person's yearly hazard."""
    start = max(person.hire, growth_start)
    years = rng.expovariate(EXIT_HAZARD[person.propensity])
    leaving = start + timedelta(days=int(years * 365.25))
    if leaving > end:
        return
    person.exit = _friday_before(leaving, person.hire)
    person.exit_reason = _weighted(rng, EXIT_REASONS)


def account_role(person: Person) -> str:
    """Leadership signs in as exec, People & Culture as hr, other leads as lead, everyone else as employee."""
    if person.team == ref.EXEC_TEAM:
        return "exec"
    if person.team == ref.HR_TEAM:
        return "hr"
    if person.led_teams:
        return "lead"
    return "employee"


def _accounts(
    people: list[Person], team_lead: dict[str, Person], founding: date, offset: int
) -> list[dict[str, Any]]:
    """One account per person, the admin first; the people a demo picker shows first come next."""
    first: list[Person] = []
    for candidate in (
        team_lead.get(ref.HR_TEAM),
        team_lead.get(ref.SPOTLIGHT_LEAD_TEAM),
        team_lead.get(ref.EXEC_TEAM),
        next((p for p in people if p.spotlight and p.team == ref.SPOTLIGHT_LEAD_TEAM), None),
    ):
        if candidate is not None and all(candidate.id != p.id for p in first):
            first.append(candidate)
    first_ids = {p.id for p in first}
    ordered = first + [p for p in people if p.id not in first_ids]
    rows: list[dict[str, Any]] = [
        {
            "id": offset + 1,
            "email": f"admin@{ref.DOMAIN}",
            "role": "admin",
            "employee_id": None,
            "active": True,
            "created_at": at_utc(founding, 8),
        }
    ]
    for person in ordered:
        person.account_id = offset + len(rows) + 1
        rows.append(
            {
                "id": person.account_id,
                "email": person.email,
                "role": account_role(person),
                "employee_id": person.id,
                "active": person.exit is None,
                "created_at": at_utc(person.hire, 8),
            }
        )
    return rows


# About one person in twenty moved team during the demo's history: enough that a team's past weeks
# differ from "today's members", few enough that every team stays recognisable.
MOVE_SHARE = 0.05


def membership_rows(
    people: list[dict[str, Any]], leads: set[int], rng: random.Random, *, since: date, end: date
) -> list[dict[str, Any]]:
    """Each person's team history: one row from the hire date, or, for a few people still here
    who are not leads, a first team until a move inside [since, end - 14 days] and their current
    team from the move on (the rows an HRIS import writes for a move)."""
    teams = sorted({p["team_id"] for p in people if p["team_id"] is not None})
    rows: list[dict[str, Any]] = []
    latest = end - timedelta(days=14)
    for person in people:
        earliest = max(since, person["hire_date"] + timedelta(days=60))
        moves = (
            person["exit_date"] is None
            and person["id"] not in leads
            and earliest < latest
            and len(teams) > 1
            and rng.random() < MOVE_SHARE
        )
        if not moves:
            rows.append(_membership(person, person["team_id"], person["hire_date"], None))
            continue
        moved_on = earliest + timedelta(days=rng.randrange((latest - earliest).days))
        before = rng.choice([t for t in teams if t != person["team_id"]])
        rows.append(_membership(person, before, person["hire_date"], moved_on))
        rows.append(_membership(person, person["team_id"], moved_on, None))
    return rows


def _membership(
    person: dict[str, Any], team_id: int | None, since: date, until: date | None
) -> dict[str, Any]:
    return {
        "employee_id": person["id"],
        "team_id": team_id,
        "job_role_id": person["job_role_id"],
        "valid_from": since,
        "valid_to": until,
    }
