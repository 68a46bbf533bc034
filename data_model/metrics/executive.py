"""The Executive page's figures beyond the shared modules: badges per month, spend per month,
spend per team with its per-hour and per-badge cost, and pathway completions.

All aggregates. Under an executive scope a row about fewer than 5 people has its figures
emptied and a trailing `suppressed` reason (group sizes stay visible).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from .. import clock
from ..access import Scope
from ..models import Badge, Employee, Enrollment, MicroCredential, Pathway, PathwayItem
from ..models.vocab import BADGE_NOT_COUNTED
from . import calendar
from .frames import suppress_small_groups, to_frame
from .people import named_team_ids, people_in_view
from .spend import cost_per_badge, cost_per_learning_hour, paid_enrollment, spend_source
from .sqlfuncs import month_start

_employee = Employee.__table__
_badge = Badge.__table__
_enrollment = Enrollment.__table__
_pathway = Pathway.__table__
_credential = MicroCredential.__table__
_item = PathwayItem.__table__


def _month_starts(start: date, end: date) -> list[date]:
    return [day.replace(day=1) for day in calendar.month_ends(start, end)]


def badges_by_month(
    session: Session, scope: Scope, *, start: date, end: date, team: str | None = None
) -> pd.DataFrame:
    """Badges earned (issued) per calendar month in [start, end], by the people in scope.

    Revoked badges and badges that failed verification are not counted. Every month touching
    the period has a row, zeros included.

    Columns: month (first day, a date), badges, people (different people who earned one)
    [, suppressed: executive, months where fewer than 5 people earned a badge].
    """
    in_view = people_in_view(scope, named_team_ids(session, team), _employee)
    month = month_start(_badge.c.issued_on)
    query = (
        sa.select(month, sa.func.count(), sa.func.count(sa.distinct(_badge.c.employee_id)))
        .select_from(_badge.join(_employee, _employee.c.id == _badge.c.employee_id))
        .where(
            in_view,
            _badge.c.issued_on.between(start, end),
            _badge.c.verification.not_in(BADGE_NOT_COUNTED),
        )
        .group_by(month)
    )
    found = {month: (badges, people) for month, badges, people in session.execute(query)}
    rows = [(month, *found.get(month, (0, 0))) for month in _month_starts(start, end)]
    frame = to_frame(rows, {"month": "date", "badges": "int", "people": "int"})
    return suppress_small_groups(frame, scope, size="people", figures=["badges"])


def spend_by_month(
    session: Session, scope: Scope, *, start: date, end: date, team: str | None = None
) -> pd.DataFrame:
    """Credential spend per calendar month of enrollment, over everyone in scope.

    The same rule as `spend.spend_by_team_month` (listed cost, dated by `assigned_on`;
    withdrawn before starting costs nothing), not split by team. Only months with spend
    appear; one row per currency, never added across currencies.

    Columns: month (first day), currency, enrollments, people, cost
    [, suppressed: executive, fewer than 5 people enrolled that month in that currency].
    """
    in_view = people_in_view(scope, named_team_ids(session, team), _employee)
    month = month_start(_enrollment.c.assigned_on)
    query = (
        sa.select(
            month,
            _credential.c.currency,
            sa.func.count(),
            sa.func.count(sa.distinct(_enrollment.c.employee_id)),
            sa.func.sum(_credential.c.cost),
        )
        .select_from(spend_source())
        .where(in_view, paid_enrollment(), _enrollment.c.assigned_on.between(start, end))
        .group_by(month, _credential.c.currency)
        .order_by(month, _credential.c.currency)
    )
    columns = {"month": "date", "currency": "str", "enrollments": "int", "people": "int", "cost": "money"}
    frame = to_frame(session.execute(query).all(), columns)
    return suppress_small_groups(frame, scope, size="people", figures=["enrollments", "cost"])


def team_spend(
    session: Session, scope: Scope, *, start: date, end: date, team: str | None = None
) -> pd.DataFrame:
    """Per team and currency: spend in [start, end], its cost per learning hour and per badge.

    The figures of `spend.cost_per_learning_hour(by="team")` and `spend.cost_per_badge(by="team")`
    side by side (see them for the rules: a team's hours and badges are divided into each
    currency's spend).

    Columns: team, currency, cost, people (different people enrolled), learning_hours,
    cost_per_learning_hour, badges, cost_per_badge[, suppressed]. Most spend first.
    """
    hours = cost_per_learning_hour(session, scope, start=start, end=end, by="team", team=team)
    badges = cost_per_badge(session, scope, start=start, end=end, by="team", team=team)
    keys = ["team", "currency"]
    frame = hours.merge(badges[[*keys, "badges", "cost_per_badge"]], on=keys, how="left")
    if "suppressed" in frame.columns:
        frame = frame[[c for c in frame.columns if c != "suppressed"] + ["suppressed"]]
    return frame.sort_values(["cost", "team"], ascending=[False, True], na_position="last").reset_index(
        drop=True
    )


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
