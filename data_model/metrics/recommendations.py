"""The gap-closing recommendation: the cheapest set of credentials, and who should take them,
that would close a team's open skill targets, and the plan of assignments a lead confirms.

This module reads the open targets, candidates, credentials and open enrollments in SQL and
shapes the answer for a reader; the method that chooses (a greedy weighted set multi-cover
with a merge pass, and its limits) is `gap_planner`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from .. import clock
from ..access import Scope, require_individuals
from ..models import CredentialSkill, Enrollment, MicroCredential, Skill, Team, TeamSkillTarget
from ..vocab import OPEN_ENROLLMENT_STATUSES
from .frames import suppress_small_groups, to_frame
from .gap_planner import Candidate, Credential, Target, plan_gap_closing

# `_ranked_candidates` is the SQL of candidates_query without its check: this module only counts
# its rows (the totals an executive may see) and hands people only to readers who may see them.
from .gaps import _ranked_candidates
from .skills import _coverage_rows

_target = TeamSkillTarget.__table__

_credential = MicroCredential.__table__
_grants = CredentialSkill.__table__
_enrollment = Enrollment.__table__
_team = Team.__table__
_skill = Skill.__table__

RECOMMENDATION_COLUMNS = {
    "team": "str",
    "employee_code": "str",
    "full_name": "str",
    "credential_code": "str",
    "credential_title": "str",
    "skills": "str",
    "gaps_filled": "int",
    "people": "int",
    "cost": "money",
    "currency": "str",
    "expected_hours": "float",
    "already_enrolled": "bool",
    "note": "str",
}


# Per team: (team name, targets, chosen enrollments, targets still open, credentials).
TeamPlan = tuple[str, Any, Any, Any, Any]


def _skills_text(targets: tuple[Target, ...] | list[Target]) -> str:
    return ", ".join(f"{t.skill} (level {t.min_level})" for t in sorted(targets, key=lambda t: t.skill))


def _gap_inputs(
    session: Session, scope: Scope, as_of: date, team: str | None, coverage: pd.DataFrame
) -> dict[str, tuple]:
    """Per team with open targets: (targets, candidates, credentials, enrolled), on coverage rows
    already read (`_coverage_rows`)."""
    open_rows = coverage[coverage["people_at_level"] < coverage["required_headcount"]]
    teams: dict[str, dict] = {}
    for target in open_rows.to_dict("records"):
        plan = teams.setdefault(target["team"], {"targets": {}, "people": {}})
        plan["targets"][target["target_id"]] = Target(
            int(target["target_id"]),
            str(target["team"]),
            str(target["skill"]),
            int(target["skill_id"]),
            int(target["min_level"]),
            int(target["required_headcount"] - target["people_at_level"]),
        )
    query = _ranked_candidates(session, scope, as_of, team, coverage)
    rows: Sequence[sa.Row[Any]] = []
    if query is not None:
        ranked = query.subquery("ranked")
        rows = session.execute(
            sa.select(
                ranked.c.team,
                ranked.c.target_id,
                ranked.c.employee_id,
                ranked.c.employee_code,
                ranked.c.full_name,
                ranked.c.current_level,
            )
        ).all()
    for row in rows:
        people = teams[row.team]["people"]
        person = people.setdefault(
            row.employee_id, Candidate(row.employee_id, row.employee_code, row.full_name)
        )
        person.levels[row.target_id] = row.current_level
    skill_ids = sorted({t.skill_id for p in teams.values() for t in p["targets"].values()})
    credentials: dict[int, Credential] = {}
    if skill_ids:
        grant_rows = session.execute(
            sa.select(
                _credential.c.id,
                _credential.c.code,
                _credential.c.title,
                _credential.c.cost,
                _credential.c.currency,
                _credential.c.expected_hours,
                _grants.c.skill_id,
                _grants.c.level_granted,
            )
            .select_from(_credential.join(_grants, _grants.c.credential_id == _credential.c.id))
            .where(_credential.c.active.is_(True), _grants.c.skill_id.in_(skill_ids))
        ).all()
        for row in grant_rows:
            credential = credentials.setdefault(
                row.id,
                Credential(
                    row.id,
                    row.code,
                    row.title,
                    Decimal(str(row.cost)),
                    row.currency,
                    float(row.expected_hours),
                ),
            )
            credential.grants[row.skill_id] = row.level_granted
    people_ids = sorted({k for p in teams.values() for k in p["people"]})
    enrolled: set[tuple[int, int]] = set()
    if people_ids and credentials:
        enrolled = {
            (row[0], row[1])
            for row in session.execute(
                sa.select(_enrollment.c.employee_id, _enrollment.c.credential_id).where(
                    _enrollment.c.status.in_(OPEN_ENROLLMENT_STATUSES),
                    _enrollment.c.employee_id.in_(people_ids),
                    _enrollment.c.credential_id.in_(sorted(credentials)),
                )
            )
        }
    return {
        name: (list(p["targets"].values()), list(p["people"].values()), list(credentials.values()), enrolled)
        for name, p in teams.items()
    }


def _open_reason(target: Target, credentials: list[Credential], left: int) -> str:
    if not any(c.grants.get(target.skill_id, 0) >= target.min_level for c in credentials):
        return f"{left} more needed: no active credential grants {target.skill} at level {target.min_level}"
    return f"{left} more needed: not enough people in the team below the level to train"


def gap_closing_recommendation(
    session: Session, scope: Scope, *, as_of: date | None = None, team: str | None = None
) -> pd.DataFrame:
    """Who should take which credential so the team's open skill targets close, at least cost.

    `team` None plans every team in scope (each team on its own). See the module docstring
    for the method and its limits.

    Columns: team, employee_code, full_name, credential_code, credential_title, skills (the
    targets this enrollment fills, "Kubernetes (level 3)"), gaps_filled, people (1 per
    person row), cost (0 when already enrolled), currency, expected_hours, already_enrolled,
    note. Targets the plan cannot close get a row with no person or credential and a note
    saying why. An executive gets one row per team and credential (no names: `people` counts
    them), and teams under 5 people suppressed (trailing `suppressed` column).
    """
    as_of = as_of or clock.today()
    coverage = _coverage_rows(session, scope, as_of, team)
    return _recommendation(scope, _plans(session, scope, as_of, team, coverage), coverage)


def _plans(
    session: Session, scope: Scope, as_of: date, team: str | None, coverage: pd.DataFrame
) -> list[TeamPlan]:
    """Per team, A to Z: (team name, targets, chosen, still open, credentials): the plan, made
    once per call so the recommendation and the assignment plan share it."""
    plans = []
    for team_name, (targets, candidates, credentials, enrolled) in sorted(
        _gap_inputs(session, scope, as_of, team, coverage).items()
    ):
        chosen, still_open = plan_gap_closing(targets, candidates, credentials, enrolled)
        plans.append((team_name, targets, chosen, still_open, credentials))
    return plans


def _recommendation(scope: Scope, plans: list[TeamPlan], coverage: pd.DataFrame) -> pd.DataFrame:
    """`gap_closing_recommendation`'s frame from `_plans` and the coverage rows they came from."""
    # One record of RECOMMENDATION_COLUMNS per planned enrollment or open target.
    rows: list[tuple[Any, ...]] = []
    sizes = dict(zip(coverage["team"], coverage["team_size"], strict=True))
    for team_name, targets, chosen, still_open, credentials in plans:
        for c in sorted(chosen, key=lambda c: (c.person.code, c.credential.code)):
            note = "already enrolled" if c.already_enrolled else None
            rows.append(
                (
                    team_name,
                    c.person.code,
                    c.person.name,
                    c.credential.code,
                    c.credential.title,
                    _skills_text(c.targets),
                    len(c.targets),
                    1,
                    c.cost,
                    c.credential.currency,
                    c.credential.hours,
                    c.already_enrolled,
                    note,
                )
            )
        for target in sorted((t for t in targets if t.key in still_open), key=lambda t: t.skill):
            note = _open_reason(target, credentials, still_open[target.key])
            rows.append(
                (
                    team_name,
                    None,
                    None,
                    None,
                    None,
                    _skills_text([target]),
                    0,
                    0,
                    None,
                    None,
                    None,
                    None,
                    note,
                )
            )
    frame = to_frame(rows, RECOMMENDATION_COLUMNS)
    if not scope.hides_small_groups:
        return frame
    frame = _aggregate_for_executive(frame)
    frame["team_size"] = frame["team"].map(sizes)
    frame = suppress_small_groups(
        frame, scope, size="team_size", figures=["skills", "gaps_filled", "people", "cost", "note"]
    )
    return frame.drop(columns="team_size")


def _aggregate_for_executive(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per team and credential, without names."""
    planned = frame[frame["credential_code"].notna()]
    open_rows = frame[frame["credential_code"].isna()].copy()
    grouped = (
        planned.groupby(["team", "credential_code"], as_index=False, sort=True)
        .agg(
            credential_title=("credential_title", "first"),
            skills=("skills", lambda s: ", ".join(sorted(set(", ".join(s).split(", "))))),
            gaps_filled=("gaps_filled", "sum"),
            people=("people", "sum"),
            cost=("cost", "sum"),
            currency=("currency", "first"),
            expected_hours=("expected_hours", "first"),
        )
        .assign(employee_code=None, full_name=None, already_enrolled=None, note=None)
    )
    grouped = grouped[list(RECOMMENDATION_COLUMNS)]
    open_rows["already_enrolled"] = None
    frame = pd.concat([grouped, open_rows], ignore_index=True)
    return frame.sort_values(["team", "credential_code"], na_position="last", kind="stable").reset_index(
        drop=True
    )


DEFAULT_DUE_DAYS = 60


def gap_closing_plan(
    session: Session,
    scope: Scope,
    *,
    as_of: date | None = None,
    team: str | None = None,
    default_due_days: int = DEFAULT_DUE_DAYS,
) -> pd.DataFrame:
    """`gap_closing_recommendation`, with what assigning each recommended enrollment needs.

    The rows and their figures are exactly the recommendation's. An executive gets it without
    the per-person columns (employee_code, full_name, already_enrolled: empty for them anyway).
    Added for a reader who may see people:
    - employee_id, credential_id: who and what to assign (empty on a row for a target the
      plan cannot close);
    - target_date: the earliest target date among the targets this enrollment fills;
    - due_date: that target date, or `as_of` + 60 days when the target has no date or it is
      already past (an assignment cannot be due before it is made).
    """
    as_of = as_of or clock.today()
    coverage = _coverage_rows(session, scope, as_of, team)
    return _plan_from(session, scope, as_of, team, coverage, default_due_days)


def _plan_from(
    session: Session,
    scope: Scope,
    as_of: date,
    team: str | None,
    coverage: pd.DataFrame,
    default_due_days: int,
) -> pd.DataFrame:
    """`gap_closing_plan`'s frame on coverage rows already read (`_coverage_rows`)."""
    plans = _plans(session, scope, as_of, team, coverage)
    recommendation = _recommendation(scope, plans, coverage)
    if scope.hides_small_groups:
        return recommendation.drop(columns=["employee_code", "full_name", "already_enrolled"])
    require_individuals(scope, "the people a gap-closing plan would assign")
    rows = []
    for team_name, _, chosen, _, _ in plans:
        for choice in chosen:
            rows.append(
                (
                    team_name,
                    choice.person.code,
                    choice.credential.code,
                    choice.person.key,
                    choice.credential.key,
                    [t.key for t in choice.targets],
                )
            )
    target_ids = sorted({key for *_, keys in rows for key in keys})
    dates: dict[int, date | None] = {}
    if target_ids:
        for target_id, target_date in session.execute(
            sa.select(_target.c.id, _target.c.target_date).where(_target.c.id.in_(target_ids))
        ):
            dates[target_id] = target_date
    fallback = as_of + timedelta(days=default_due_days)
    extra = []
    for team_name, person, credential, person_id, credential_id, keys in rows:
        known = [d for d in (dates.get(k) for k in keys) if d is not None]
        target_date = min(known) if known else None
        due = target_date if target_date is not None and target_date > as_of else fallback
        extra.append((team_name, person, credential, person_id, credential_id, target_date, due))
    added = pd.DataFrame(
        extra,
        columns=[
            "team",
            "employee_code",
            "credential_code",
            "employee_id",
            "credential_id",
            "target_date",
            "due_date",
        ],
    )
    plan = recommendation.merge(added, on=["team", "employee_code", "credential_code"], how="left")
    for column in ("employee_id", "credential_id"):
        plan[column] = plan[column].astype("Int64")
    for column in ("target_date", "due_date"):
        plan[column] = pd.Series(
            [None if pd.isna(v) else v for v in plan[column]], index=plan.index, dtype="object"
        )
    return plan


@dataclass(frozen=True)
class PlannedAssignment:
    employee_id: int
    full_name: str
    credential_id: int
    credential_code: str
    due_date: date


def assignments_to_make(plan: pd.DataFrame) -> list[PlannedAssignment]:
    """The plan's enrollments that do not exist yet: a person, a credential, and not already enrolled."""
    if "employee_id" not in plan.columns:
        return []
    todo = plan[plan["employee_id"].notna() & ~plan["already_enrolled"].fillna(False).astype(bool)]
    columns = ["employee_id", "full_name", "credential_id", "credential_code", "due_date"]
    return [
        PlannedAssignment(int(employee_id), full_name, int(credential_id), credential_code, due_date)
        for employee_id, full_name, credential_id, credential_code, due_date in todo[columns].itertuples(
            index=False, name=None
        )
    ]
