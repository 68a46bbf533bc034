"""The gap planner: the cheapest set of (person, credential) options covering a team's open
skill targets. Pure Python on plain records, no database: `recommendations` feeds it.
Method (a greedy weighted set multi-cover per team, then a merge pass):

1. Open targets come from `skills.skill_coverage` on `as_of`: each needs `people_missing` more
   people at its minimum level. Candidates for a target are the team's counted members below
   that level (`gaps.gap_candidates`).
2. An option is (person, active credential) where the credential grants, for at least one
   target the person is a candidate for, that target's skill at or above its level. One
   option can fill several targets at once (a credential teaching two skills the person
   lacks). Its cost is the credential's cost, or 0 when the person already has an open
   enrollment in it (they are on their way; the row says so).
3. Greedy: repeatedly take the option with the lowest cost per gap it still fills; ties go to
   the option filling more gaps, then to the person nearest to the levels (highest current
   levels), then to fewer expected hours, then by codes (so the answer is deterministic).
   A filled gap is one person counted once for one target.
4. Merge pass: greedy can buy two single-skill courses where one two-skill course for one
   person is cheaper (120 + 200 against 250). So while some option can take over the gaps
   of one or more chosen enrollments for less than they cost together, swap them (largest
   saving first, then the nearest person).
5. What is still open is listed with the reason: no active credential grants the skill at
   that level, or not enough people in the team below the level to train.

Limits: the result is not guaranteed optimal. Greedy set cover is within a factor of about
ln(k) of the cheapest plan, k being the most gaps one option fills (for credentials that
each teach one needed skill, k = 1 and the plan is optimal); the merge pass removes the
common waste but is a local search, not an exhaustive one. It assumes completing a
credential brings the person to its `level_granted`; costs in different currencies are
compared as plain numbers; people outside the team (hiring, moves) are not considered.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import combinations


@dataclass(frozen=True)
class Target:
    """An open target: `need` more people at `min_level` in `skill`."""

    key: int
    team: str
    skill: str
    skill_id: int
    min_level: int
    need: int


@dataclass(frozen=True)
class Credential:
    key: int
    code: str
    title: str
    cost: Decimal
    currency: str
    hours: float
    grants: dict[int, int] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class Candidate:
    key: int
    code: str
    name: str
    levels: dict[int, int] = field(default_factory=dict, hash=False, compare=False)  # target -> level


@dataclass(frozen=True)
class Choice:
    person: Candidate
    credential: Credential
    targets: tuple[Target, ...]
    cost: Decimal
    already_enrolled: bool


def plan_gap_closing(
    targets: list[Target],
    candidates: list[Candidate],
    credentials: list[Credential],
    enrolled: set[tuple[int, int]],
) -> tuple[list[Choice], dict[int, int]]:
    """The greedy plan (see the module docstring) for one team; returns choices and what stays open.

    `candidates[i].levels` maps target key -> current level for targets the person is below.
    `enrolled` holds (person key, credential key) pairs with an open enrollment.
    """
    by_key = {t.key: t for t in targets}
    need = {t.key: t.need for t in targets}
    options = []
    for person in candidates:
        for credential in credentials:
            covers = tuple(
                sorted(
                    t
                    for t in person.levels
                    if t in by_key and credential.grants.get(by_key[t].skill_id, 0) >= by_key[t].min_level
                )
            )
            if covers:
                already = (person.key, credential.key) in enrolled
                options.append(
                    (person, credential, covers, Decimal(0) if already else credential.cost, already)
                )
    credited: dict[int, set[int]] = {t.key: set() for t in targets}

    def key(index: int) -> tuple | None:
        """The option's rank now (lower is better), or None when it fills no gap any more."""
        person, credential, covers, cost, _already = options[index]
        gain = [t for t in covers if need[t] > 0 and person.key not in credited[t]]
        if not gain:
            return None
        closeness = sum(person.levels[t] for t in gain)
        return (
            cost / len(gain),
            -len(gain),
            -closeness,
            credential.hours,
            credential.code,
            person.code,
            index,
        )

    # Lazy greedy: an option's rank only gets worse as gaps fill, so a stale rank popped from
    # the heap is recomputed and pushed back; a fresh one that is still on top is the best.
    heap = [k for k in (key(i) for i in range(len(options))) if k is not None]
    heapq.heapify(heap)
    chosen: list[Choice] = []
    while heap and any(n > 0 for n in need.values()):
        stale = heapq.heappop(heap)
        fresh = key(stale[-1])
        if fresh is None:
            continue
        if fresh != stale and heap and heap[0] < fresh:
            heapq.heappush(heap, fresh)
            continue
        person, credential, covers, cost, already = options[fresh[-1]]
        gain = tuple(t for t in covers if need[t] > 0 and person.key not in credited[t])
        for t in gain:
            need[t] -= 1
            credited[t].add(person.key)
        chosen.append(Choice(person, credential, tuple(by_key[t] for t in gain), cost, already))
    chosen = _merge(chosen, options, by_key)
    return chosen, {t: n for t, n in need.items() if n > 0}


def _keys(choice: Choice) -> frozenset[int]:
    return frozenset(t.key for t in choice.targets)


def _subsets(keys: frozenset[int]) -> list[frozenset[int]]:
    items = sorted(keys)
    return [frozenset(c) for size in range(1, len(items) + 1) for c in combinations(items, size)]


def _merge(chosen: list[Choice], options: list[tuple], by_key: dict[int, Target]) -> list[Choice]:
    """Swap chosen enrollments for one cheaper option that fills all their gaps (step 4).

    Only options filling two or more targets can beat the greedy choice. For each, the
    person's own enrollments touching those targets must go with the swap; among the other
    enrollments, the dearest one per set of targets is the one worth taking over.
    """
    multi = [o for o in options if len(o[2]) >= 2]
    while multi:
        dearest: dict[frozenset[int], Choice] = {}
        mine: dict[int, list[Choice]] = {}
        for c in chosen:
            held = dearest.get(_keys(c))
            if held is None or (c.cost, c.person.code) > (held.cost, held.person.code):
                dearest[_keys(c)] = c
            mine.setdefault(c.person.key, []).append(c)
        taken = {(c.person.key, c.credential.key) for c in chosen}
        best, best_rank = None, None
        for person, credential, covers, cost, already in multi:
            if (person.key, credential.key) in taken:
                continue
            covered = frozenset(covers)
            own = [c for c in mine.get(person.key, ()) if _keys(c) & covered]
            if any(not _keys(c) <= covered for c in own):
                continue  # the person is counted for a target this option cannot take over
            forced = frozenset().union(*(_keys(c) for c in own))
            others = [
                dearest[k]
                for k in _subsets(covered - forced)
                if k in dearest and dearest[k].person.key != person.key
            ]
            for size in range(len(covered - forced) + 1):
                for extra in combinations(others, size):
                    group = own + list(extra)
                    keys = [t.key for c in group for t in c.targets]
                    if not group or len(keys) != len(set(keys)):
                        continue
                    saving = sum(c.cost for c in group) - cost
                    if saving <= 0:
                        continue
                    closeness = sum(person.levels[k] for k in keys)
                    rank = (-saving, -closeness, credential.hours, credential.code, person.code)
                    if best_rank is None or rank < best_rank:
                        best_rank = rank
                        merged = tuple(by_key[k] for k in sorted(keys))
                        best = (group, Choice(person, credential, merged, cost, already))
        if best is None:
            break
        group, replacement = best
        chosen = [c for c in chosen if not any(c is g for g in group)] + [replacement]
    return chosen
