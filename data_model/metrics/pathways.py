"""Pathway progress per person: required credentials done, hours left, projected finish.

A person is on a pathway once they have an enrollment (not withdrawn) in, or a badge for, any
of its credentials. A required credential is done on `as_of` when the person completed an
enrollment in it, or holds a badge for it issued by then (not revoked or failed). Optional
items are left out of done / required. Pace: all learning minutes of the last 8 full ISO weeks
before `as_of`'s week, divided by 8.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from .. import clock
from ..access import Scope, require_individuals
from ..models import (
    Badge,
    Employee,
    Enrollment,
    LearningSession,
    MicroCredential,
    Pathway,
    PathwayItem,
    Team,
)
from ..vocab import BADGE_NOT_COUNTED
from . import calendar
from .frames import suppress_small_groups, to_frame
from .scope import named_team_ids, people_in_view, with_team

PACE_WEEKS = 8

_employee = Employee.__table__
_enrollment = Enrollment.__table__
_badge = Badge.__table__
_credential = MicroCredential.__table__
_pathway = Pathway.__table__
_item = PathwayItem.__table__
_session = LearningSession.__table__
_team = Team.__table__

PROGRESS_COLUMNS = {
    "employee_code": "str",
    "full_name": "str",
    "team": "str",
    "pathway": "str",
    "qualification": "str",
    "done": "int",
    "required": "int",
    "hours_left": "float",
    "pace_minutes_per_week": "float",
    "projected_finish": "date",
}


def pathway_progress(
    session: Session,
    scope: Scope,
    *,
    as_of: date | None = None,
    pathway: str | None = None,
    team: str | None = None,
) -> pd.DataFrame:
    """Where each person on a pathway stands, and when they would finish at their recent pace.

    projected_finish = as_of + hours_left / (pace per week), rounded up to a whole day; it is
    `as_of` when nothing is left and None when the pace is 0 (no learning in the last 8
    weeks). Refused for an executive (one row per person).

    Columns: employee_code, full_name, team, pathway (title), qualification, done, required,
    hours_left (expected hours of the required credentials not done), pace_minutes_per_week,
    projected_finish.
    """
    require_individuals(scope, "pathway progress per person")
    as_of = as_of or clock.today()
    in_view = people_in_view(scope, named_team_ids(session, team), _employee)
    person_of = _employee.c.id

    enrolled = (
        sa.select(_enrollment.c.employee_id, _enrollment.c.credential_id)
        .select_from(_enrollment.join(_employee, person_of == _enrollment.c.employee_id))
        .where(in_view, _enrollment.c.status != "withdrawn", _enrollment.c.assigned_on <= as_of)
    )
    completed = (
        sa.select(_enrollment.c.employee_id, _enrollment.c.credential_id)
        .select_from(_enrollment.join(_employee, person_of == _enrollment.c.employee_id))
        .where(in_view, _enrollment.c.completed_on <= as_of)
    )
    badged = (
        sa.select(_badge.c.employee_id, _badge.c.credential_id)
        .select_from(_badge.join(_employee, person_of == _badge.c.employee_id))
        .where(
            in_view,
            _badge.c.credential_id.is_not(None),
            _badge.c.issued_on <= as_of,
            _badge.c.verification.not_in(BADGE_NOT_COUNTED),
        )
    )
    done = sa.union(completed, badged).cte("done")
    touched = sa.union(enrolled, badged).cte("touched")
    pathway_filter = [] if pathway is None else [_pathway.c.title == pathway]
    on_pathway = (
        sa.select(touched.c.employee_id, _item.c.pathway_id)
        .select_from(touched.join(_item, _item.c.credential_id == touched.c.credential_id))
        .join(_pathway, _pathway.c.id == _item.c.pathway_id)
        .where(*pathway_filter)
        .distinct()
        .cte("on_pathway")
    )
    is_done = done.c.employee_id.is_not(None)
    progress = (
        sa.select(
            on_pathway.c.employee_id,
            on_pathway.c.pathway_id,
            sa.func.count().label("required"),
            sa.func.sum(sa.case((is_done, 1), else_=0)).label("done"),
            sa.func.sum(sa.case((is_done, 0), else_=_credential.c.expected_hours)).label("hours_left"),
        )
        .select_from(
            on_pathway.join(
                _item, sa.and_(_item.c.pathway_id == on_pathway.c.pathway_id, _item.c.required.is_(True))
            )
            .join(_credential, _credential.c.id == _item.c.credential_id)
            .outerjoin(
                done,
                sa.and_(
                    done.c.employee_id == on_pathway.c.employee_id,
                    done.c.credential_id == _item.c.credential_id,
                ),
            )
        )
        .group_by(on_pathway.c.employee_id, on_pathway.c.pathway_id)
        .cte("progress")
    )
    pace_end = calendar.monday_of(as_of) - timedelta(days=1)
    pace_start = pace_end - timedelta(days=7 * PACE_WEEKS - 1)
    pace = (
        sa.select(_session.c.employee_id, sa.func.sum(_session.c.minutes).label("minutes"))
        .where(
            _session.c.employee_id.in_(sa.select(progress.c.employee_id)),
            _session.c.date.between(pace_start, pace_end),
        )
        .group_by(_session.c.employee_id)
        .cte("pace")
    )
    query = (
        sa.select(
            _employee.c.employee_code,
            _employee.c.full_name,
            _team.c.name.label("team"),
            _pathway.c.title,
            _pathway.c.qualification,
            progress.c.done,
            progress.c.required,
            progress.c.hours_left,
            sa.func.coalesce(pace.c.minutes, 0),
        )
        .select_from(
            with_team(
                progress.join(_employee, _employee.c.id == progress.c.employee_id).join(
                    _pathway, _pathway.c.id == progress.c.pathway_id
                )
            ).outerjoin(pace, pace.c.employee_id == progress.c.employee_id)
        )
        .where(in_view)
        .order_by(_employee.c.employee_code, _pathway.c.title)
    )
    rows = []
    for code, name, team_name, title, qualification, n_done, required, hours_left, minutes in session.execute(
        query
    ):
        hours_left = float(hours_left or 0)
        per_week = minutes / PACE_WEEKS
        if hours_left <= 0:
            finish = as_of
        elif per_week <= 0:
            finish = None
        else:
            finish = as_of + timedelta(days=math.ceil(hours_left * 60 / per_week * 7))
        rows.append(
            (code, name, team_name, title, qualification, n_done, required, hours_left, per_week, finish)
        )
    return to_frame(rows, PROGRESS_COLUMNS)


def pathway_completions(
    session: Session,
    scope: Scope,
    *,
    start: date,
    end: date,
    as_of: date | None = None,
    team: str | None = None,
) -> pd.DataFrame:
    """How many people are on each pathway, have completed it, and completed it in [start, end].

    On a pathway and done credential: as in `pathways.pathway_progress` (an enrollment not
    withdrawn or a badge for any of its credentials; a required credential is done by a
    completed enrollment or a trusted badge, on or before `as_of`). A person completes the
    pathway on the day their last required credential was first done. Every pathway is listed.

    Columns: pathway, qualification, required (credentials), people_on_pathway, completed,
    completed_in_period[, suppressed: executive, pathways with fewer than 5 people on them].
    """
    as_of = as_of or clock.today()
    in_view = people_in_view(scope, named_team_ids(session, team), _employee)
    person = _employee.c.id

    completed = (
        sa.select(
            _enrollment.c.employee_id, _enrollment.c.credential_id, _enrollment.c.completed_on.label("on")
        )
        .select_from(_enrollment.join(_employee, person == _enrollment.c.employee_id))
        .where(in_view, _enrollment.c.completed_on <= as_of)
    )
    trusted_badge = sa.and_(
        in_view,
        _badge.c.credential_id.is_not(None),
        _badge.c.issued_on <= as_of,
        _badge.c.verification.not_in(BADGE_NOT_COUNTED),
    )
    badge_of_person = _badge.join(_employee, person == _badge.c.employee_id)
    badged = (
        sa.select(_badge.c.employee_id, _badge.c.credential_id, _badge.c.issued_on.label("on"))
        .select_from(badge_of_person)
        .where(trusted_badge)
    )
    done_rows = sa.union_all(completed, badged).subquery("done_rows")
    done = (
        sa.select(done_rows.c.employee_id, done_rows.c.credential_id, sa.func.min(done_rows.c.on).label("on"))
        .group_by(done_rows.c.employee_id, done_rows.c.credential_id)
        .cte("done")
    )
    enrolled = (
        sa.select(_enrollment.c.employee_id, _enrollment.c.credential_id)
        .select_from(_enrollment.join(_employee, person == _enrollment.c.employee_id))
        .where(in_view, _enrollment.c.status != "withdrawn", _enrollment.c.assigned_on <= as_of)
    )
    badge_pairs = (
        sa.select(_badge.c.employee_id, _badge.c.credential_id)
        .select_from(badge_of_person)
        .where(trusted_badge)
    )
    touched = sa.union(enrolled, badge_pairs).cte("touched")
    on_pathway = (
        sa.select(touched.c.employee_id, _item.c.pathway_id)
        .select_from(touched.join(_item, _item.c.credential_id == touched.c.credential_id))
        .distinct()
        .cte("on_pathway")
    )
    required = (
        sa.select(_item.c.pathway_id, sa.func.count().label("required"))
        .where(_item.c.required.is_(True))
        .group_by(_item.c.pathway_id)
        .cte("required_items")
    )
    progress = (
        sa.select(
            on_pathway.c.employee_id,
            on_pathway.c.pathway_id,
            sa.func.count(done.c.credential_id).label("done"),
            sa.func.max(done.c.on).label("finished_on"),
        )
        .select_from(
            on_pathway.outerjoin(
                _item, sa.and_(_item.c.pathway_id == on_pathway.c.pathway_id, _item.c.required.is_(True))
            ).outerjoin(
                done,
                sa.and_(
                    done.c.employee_id == on_pathway.c.employee_id,
                    done.c.credential_id == _item.c.credential_id,
                ),
            )
        )
        .group_by(on_pathway.c.employee_id, on_pathway.c.pathway_id)
        .cte("progress")
    )
    needed = sa.func.coalesce(required.c.required, 0)
    finished = sa.and_(progress.c.employee_id.is_not(None), needed > 0, progress.c.done >= needed)
    in_period = sa.and_(finished, progress.c.finished_on.between(start, end))
    query = (
        sa.select(
            _pathway.c.title,
            _pathway.c.qualification,
            needed,
            sa.func.count(progress.c.employee_id),
            sa.func.coalesce(sa.func.sum(sa.case((finished, 1), else_=0)), 0),
            sa.func.coalesce(sa.func.sum(sa.case((in_period, 1), else_=0)), 0),
        )
        .select_from(
            _pathway.outerjoin(required, required.c.pathway_id == _pathway.c.id).outerjoin(
                progress, progress.c.pathway_id == _pathway.c.id
            )
        )
        .group_by(_pathway.c.id, _pathway.c.title, _pathway.c.qualification, required.c.required)
        .order_by(_pathway.c.title)
    )
    columns = {
        "pathway": "str",
        "qualification": "str",
        "required": "int",
        "people_on_pathway": "int",
        "completed": "int",
        "completed_in_period": "int",
    }
    frame = to_frame(session.execute(query).all(), columns)
    return suppress_small_groups(
        frame, scope, size="people_on_pathway", figures=["completed", "completed_in_period"]
    )
