"""Who holds which skill at which level, since when; and what each team aims for.

Badge rows follow the badges (level granted, until the badge expires).
Manager, formal-assessment and self rows keep history: a later review closes
the current row and opens a new one. Team targets are sized from the people
generated, so some are met, some partly met and some not at all, for any seed
and size.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from . import reference as ref
from .calendar import add_months, add_years, at_utc
from .catalogue import Catalogue
from .people import Organisation, Person

SENIOR_WORDS = ("Senior", "Lead", "Head", "Manager", "Specialist", "Supervisor", "Chief", "Director", "VP")
FORMALLY_ASSESSED_TEAMS = ("Security", "Security Operations", "Field Service North", "Field Service South")


class SkillRows:
    """Collects employee_skill rows with ids, never two current rows per person, skill and source."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []

    def add(
        self,
        person: Person,
        skill_id: int,
        level: int,
        source: str,
        valid_from: date,
        valid_to: date | None,
        badge_id: int | None = None,
    ) -> None:
        self.rows.append(
            {
                "id": len(self.rows) + 1,
                "employee_id": person.id,
                "skill_id": skill_id,
                "level": max(1, min(5, level)),
                "source": source,
                "valid_from": valid_from,
                "valid_to": valid_to,
                "badge_id": badge_id,
                "created_at": at_utc(valid_from, 10),
            }
        )


def _close_at_exit(person: Person, valid_to: date | None) -> date | None:
    if person.exit is None:
        return valid_to
    if valid_to is None or valid_to > person.exit:
        return person.exit
    return valid_to


def _assessed_history(
    rows: SkillRows,
    rng: random.Random,
    person: Person,
    skill_id: int,
    level: int,
    source: str,
    first: date,
    end: date,
) -> int:
    """One level, maybe raised at a later review; returns the level held at the end."""
    last = person.last_day(end)
    if first > last:
        return 0
    review = first + timedelta(days=rng.randint(180, 540)) if rng.random() < 0.4 else None
    if review is not None and review < last:
        rows.add(person, skill_id, level, source, first, review)
        level = min(5, level + 1)
        first = review
    valid_to = _close_at_exit(person, None)
    if valid_to is not None and valid_to <= first:
        return 0
    rows.add(person, skill_id, level, source, first, valid_to)
    return level


def employee_skill_rows(
    org: Organisation,
    badges: list[dict[str, Any]],
    catalogue: Catalogue,
    rng: random.Random,
    *,
    end: date,
) -> list[dict[str, Any]]:
    rows = SkillRows()
    by_id = {p.id: p for p in org.people}
    credential_skills = {c.id: c.skills for c in catalogue.credentials.values()}
    for badge in badges:
        person = by_id[badge["employee_id"]]
        for skill_id, level in credential_skills[badge["credential_id"]]:
            rows.add(person, skill_id, level, "badge", badge["issued_on"], badge["expires_on"], badge["id"])

    earliest = add_years(end, -4)
    for person in org.people:
        team_skills = list(ref.TEAM_SKILLS.get(person.team, ()))
        if person.led_teams and all(name != "Leadership and People Management" for name, _ in team_skills):
            team_skills.append(("Leadership and People Management", 3))
        if not team_skills:
            continue
        senior = any(word in person.role for word in SENIOR_WORDS)
        chosen = rng.sample(team_skills, min(len(team_skills), rng.randint(2, 4)))
        levels: dict[int, int] = {}
        for name, typical in chosen:
            skill_id = catalogue.skill_ids[name]
            level = typical + (1 if senior else 0) + rng.choice((-1, 0, 0, 1))
            level = max(1, min(5 if senior else 4, level))
            source = "manager"
            if person.team in FORMALLY_ASSESSED_TEAMS and rng.random() < 0.3:
                source = "assessment"
            first = max(person.hire + timedelta(days=rng.randint(60, 150)), earliest)
            held = _assessed_history(rows, rng, person, skill_id, level, source, first, end)
            if held:
                levels[skill_id] = held
        if rng.random() < 0.35:
            for name, typical in rng.sample(team_skills, min(len(team_skills), rng.randint(1, 2))):
                skill_id = catalogue.skill_ids[name]
                level = levels.get(skill_id, typical) + rng.choice((-1, 0, 0, 1))
                first = max(person.hire + timedelta(days=rng.randint(14, 90)), earliest)
                _assessed_history(rows, rng, person, skill_id, max(1, min(5, level)), "self", first, end)
    return rows.rows


def _levels_at(skill_rows: list[dict[str, Any]], day: date) -> dict[tuple[int, int], int]:
    """(employee, skill) -> highest level valid on `day`, from manager, assessment and badge rows."""
    levels: dict[tuple[int, int], int] = {}
    for row in skill_rows:
        if row["source"] == "self" or row["valid_from"] > day:
            continue
        if row["valid_to"] is not None and row["valid_to"] <= day:
            continue
        key = (row["employee_id"], row["skill_id"])
        if row["level"] > levels.get(key, 0):
            levels[key] = row["level"]
    return levels


def _quarter_end(day: date) -> date:
    first_of_next_quarter = date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return add_months(first_of_next_quarter, 3) - timedelta(days=1)


def team_target_rows(
    org: Organisation,
    skill_rows: list[dict[str, Any]],
    catalogue: Catalogue,
    rng: random.Random,
    *,
    end: date,
) -> list[dict[str, Any]]:
    """Targets per team, with a headcount that makes each one met, partly met or not met at the end."""
    levels = _levels_at(skill_rows, end)
    active_by_team: dict[str, list[int]] = defaultdict(list)
    for person in org.people:
        if person.hire <= end and person.exit is None:
            active_by_team[person.team].append(person.id)
    rows: list[dict[str, Any]] = []
    for team, targets in ref.TARGETS.items():
        members = active_by_team.get(team, [])
        for skill_name, min_level, intent, priority in targets:
            skill_id = catalogue.skill_ids[skill_name]
            holders = sum(1 for pid in members if levels.get((pid, skill_id), 0) >= min_level)
            if intent == "met":
                required = max(1, math.floor(holders * 0.8))
                target_date = _quarter_end(end - timedelta(days=rng.randint(30, 200)))
            elif intent == "partial":
                required = min(max(holders + 1, math.ceil(holders * 1.8)), max(1, len(members)))
                target_date = _quarter_end(end + timedelta(days=rng.randint(60, 300)))
            else:
                required = max(1, round(len(members) * 0.25))
                target_date = _quarter_end(end + timedelta(days=rng.randint(180, 420)))
            rows.append(
                {
                    "id": len(rows) + 1,
                    "team_id": catalogue.team_ids[team],
                    "skill_id": skill_id,
                    "min_level": min_level,
                    "required_headcount": required,
                    "target_date": target_date,
                    "priority": priority,
                }
            )
    return rows
