"""The Skills page's figures beyond `skills` and `recommendations`: a plan ready to assign, and
bench depth that keeps a small team private.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from .. import clock
from ..access import Scope
from ..models import Employee, TeamSkillTarget
from . import calendar
from .frames import suppress_small_groups
from .people import named_team_ids, people_in_view
from .recommendations import gap_closing_recommendation, load_gap_inputs, plan_gap_closing
from .skills import bench_depth

DEFAULT_DUE_DAYS = 60

_employee = Employee.__table__
_target = TeamSkillTarget.__table__


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
    recommendation = gap_closing_recommendation(session, scope, as_of=as_of, team=team)
    if scope.hides_small_groups:
        return recommendation.drop(columns=["employee_code", "full_name", "already_enrolled"])
    rows = []
    for team_name, (targets, candidates, credentials, enrolled) in load_gap_inputs(
        session, scope, as_of, team
    ).items():
        chosen, _ = plan_gap_closing(targets, candidates, credentials, enrolled)
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
        known = [dates[k] for k in keys if dates.get(k) is not None]
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
    return [
        PlannedAssignment(
            int(r.employee_id), r.full_name, int(r.credential_id), r.credential_code, r.due_date
        )
        for r in todo.itertuples()
    ]


def bench_depth_in_view(
    session: Session,
    scope: Scope,
    *,
    as_of: date | None = None,
    min_level: int = 4,
    team: str | None = None,
) -> pd.DataFrame:
    """`bench_depth`: people at level `min_level` (4, Advanced) or above, per skill.

    Over the whole organisation the counts are shown to everyone; narrowed to a team, an
    executive gets them only when at least 5 people count in that team (and its sub-teams)
    that week, else the counts are emptied with a trailing `suppressed` reason.

    Columns: skill, category, people[, suppressed].
    """
    as_of = as_of or clock.today()
    frame = bench_depth(session, scope, as_of=as_of, min_level=min_level, team=team)
    if team is None or not scope.hides_small_groups:
        return frame
    week = calendar.week_of(as_of)
    size = session.execute(
        sa.select(sa.func.count()).where(
            people_in_view(scope, named_team_ids(session, team), _employee),
            calendar.counted_in_week(_employee.c, week.monday, week.sunday),
        )
    ).scalar_one()
    frame["team_size"] = size
    frame = suppress_small_groups(frame, scope, size="team_size", figures=["people"])
    return frame.drop(columns="team_size")
