"""Learning sessions, week by week, with the variety a real organisation shows.

About one person in seven never logs anything; most learn in one to three
sessions a week; keen people often pass the weekly target. Learning dips over
Christmas and in August, in each team's busy weeks, and rises slowly as the
programme takes hold. Nothing is logged before someone's hire or after they
leave. Sessions in the days someone was studying a credential are mostly
linked to it. Rows come out in batches so a large organisation never sits in
memory at once.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

from . import reference as ref
from .calendar import holiday_factor, monday_of
from .people import Person

ACTIVE_CHANCE = {"light": 0.35, "regular": 0.75, "keen": 0.9}
SESSIONS_PER_WEEK = {
    "light": ((1, 2), (0.85, 0.15)),
    "regular": ((1, 2, 3), (0.45, 0.40, 0.15)),
    "keen": ((1, 2, 3, 4), (0.15, 0.35, 0.35, 0.15)),
}
MINUTES = {
    "light": (15, 20, 30, 30, 45, 45, 60),
    "regular": (30, 45, 45, 60, 60, 75, 90, 90, 120),
    "keen": (45, 60, 75, 90, 90, 120, 120, 150, 180),
}
WORKSHOP_MINUTES = (360, 420, 450, 480)
BUSY_WEEK_SHARE = 0.06  # weeks a team is too busy to learn much (releases, incidents, peak season)
BUSY_FACTOR = 0.35
NEW_HIRE_BOOST = 1.25  # the first eight weeks: onboarding courses


def history_weeks(end: date, weeks: int) -> list[date]:
    """The Mondays of the `weeks` ISO weeks that end with the week holding `end`."""
    last = monday_of(end)
    return [last - timedelta(weeks=weeks - 1 - i) for i in range(weeks)]


def _target_factor(person: Person) -> float:
    if person.weekly_target is None:
        return 1.0
    return max(0.5, min(1.6, person.weekly_target / ref.ORGANISATION_WEEKLY_TARGET))


def generate_sessions(
    people: list[Person],
    studying: dict[int, list[tuple[date, date, int]]],
    rng: random.Random,
    *,
    end: date,
    weeks: int,
    batch_size: int = 50_000,
    first_id: int = 1,
    on_person: Callable[[int], None] | None = None,
) -> Iterator[list[dict[str, Any]]]:
    """Yield batches of learning_session rows; `studying` maps employee id -> (from, to, credential id)."""
    mondays = history_weeks(end, weeks)
    span = max(1, len(mondays) - 1)
    week_factor = [holiday_factor(m) * (0.85 + 0.25 * i / span) for i, m in enumerate(mondays)]
    busy = {
        team.name: {i for i in range(len(mondays)) if rng.random() < BUSY_WEEK_SHARE} for team in ref.TEAMS
    }
    learning = {team.name: team.learning for team in ref.TEAMS}
    start = mondays[0]
    random_, choices, choice, sample = rng.random, rng.choices, rng.choice, rng.sample
    notes = ref.STUDY_NOTES[:-1]
    workshop_note = ref.STUDY_NOTES[-1]
    next_id = first_id
    batch: list[dict[str, Any]] = []
    day = timedelta(days=1)

    for done, person in enumerate(people, start=1):
        if on_person is not None and done % 500 == 0:
            on_person(done)
        if person.propensity == "never":
            continue
        first_day = max(start, person.hire)
        last_day = person.last_day(end)
        if first_day > last_day:
            continue
        chance = ACTIVE_CHANCE[person.propensity] * person.vigour
        counts, count_weights = SESSIONS_PER_WEEK[person.propensity]
        minute_options = MINUTES[person.propensity]
        scale = learning[person.team] * _target_factor(person)
        team_busy = busy[person.team]
        intervals = studying.get(person.id, ())
        onboarding_until = person.hire + timedelta(weeks=8)
        first_week = (monday_of(first_day) - start).days // 7
        last_week = (monday_of(last_day) - start).days // 7
        for week in range(first_week, last_week + 1):
            monday = mondays[week]
            p = chance * week_factor[week]
            if week in team_busy:
                p *= BUSY_FACTOR
            if monday < onboarding_until:
                p *= NEW_HIRE_BOOST
            if random_() >= p:
                continue
            k = choices(counts, count_weights)[0]
            weekdays = sorted(sample(range(6), k) if random_() < 0.05 else sample(range(5), k))
            for offset in weekdays:
                date_ = monday + day * offset
                if date_ < first_day or date_ > last_day:
                    continue
                note = None
                if random_() < 0.012:
                    minutes = choice(WORKSHOP_MINUTES)
                    note = workshop_note
                else:
                    # Most people log quarter hours; some log the exact time.
                    step = 5 if random_() < 0.2 else 15
                    minutes = max(15, min(180, int(choice(minute_options) * scale / step + 0.5) * step))
                    if random_() < 0.07:
                        note = choice(notes)
                credential_id = None
                for since, until, cid in intervals:
                    if since <= date_ <= until:
                        if random_() < 0.75:
                            credential_id = cid
                        break
                batch.append(
                    {
                        "id": next_id,
                        "employee_id": person.id,
                        "date": date_,
                        "minutes": minutes,
                        "credential_id": credential_id,
                        "source": "manual",
                        "note": note,
                    }
                )
                next_id += 1
        if len(batch) >= batch_size:
            yield batch
            batch = []
    if batch:
        yield batch
    if on_person is not None and len(people) % 500:
        on_person(len(people))
