"""The demo organisation: a realistic, deterministic company to try every page on.

`build_demo_organisation` writes it into an empty database in one transaction.
The same (seed, employees, weeks, end) always gives the same rows: all
randomness comes from `random.Random(seed)`, never from the clock or `hash()`.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlmodel import SQLModel

import data_model.models  # noqa: F401 - registers every table
from data_model import rollups
from data_model.bootstrap import DEMO_BATCH_KIND
from data_model.bulk import bulk_insert, refresh_planner_statistics, reset_sequences

from . import reference
from .activity import EnrollmentPlanner, badge_rows
from .calendar import add_years, at_utc
from .catalogue import build_catalogue
from .people import generate_people, membership_rows
from .sessions import generate_sessions, history_weeks
from .skills import employee_skill_rows, team_target_rows

__all__ = ["DEMO_BATCH_KIND", "build_demo_organisation"]

Progress = Callable[[str, int, int], None]

# Tables that must be empty; accounts and import batches may already exist (an admin added first).
_MUST_BE_EMPTY = (
    "employee",
    "team_membership",
    "team",
    "job_role",
    "skill",
    "provider",
    "micro_credential",
    "credential_skill",
    "pathway",
    "pathway_item",
    "onboarding_plan",
    "onboarding_item",
    "learning_policy",
    "enrollment",
    "learning_session",
    "learning_week",
    "badge",
    "employee_skill",
    "team_skill_target",
)


def _table(name: str) -> sa.Table:
    return SQLModel.metadata.tables[name]


def _check_empty(connection: Connection) -> tuple[int, int, set[str]]:
    """Refuse a database that holds people or reference data; return id offsets and emails taken."""
    count = connection.execute(sa.select(sa.func.count()).select_from(_table("employee"))).scalar_one()
    if count:
        raise ValueError(
            f"the database already holds {count:,} employees: the demo organisation is only written "
            "into an empty database, so nothing stored is lost"
        )
    filled = [
        name
        for name in _MUST_BE_EMPTY
        if connection.execute(sa.select(sa.literal(1)).select_from(_table(name)).limit(1)).first()
    ]
    if filled:
        raise ValueError(
            f"the database already holds rows in {', '.join(filled)}: the demo organisation is only "
            "written into an empty database"
        )
    account, batch = _table("account"), _table("import_batch")
    account_max = connection.execute(sa.select(sa.func.coalesce(sa.func.max(account.c.id), 0))).scalar_one()
    batch_max = connection.execute(sa.select(sa.func.coalesce(sa.func.max(batch.c.id), 0))).scalar_one()
    emails = set(connection.execute(sa.select(account.c.email)).scalars())
    return account_max, batch_max, emails


def parameters_text(*, employees: int, weeks: int, seed: int, end: date) -> str:
    """What the demo was built from; its sha256 is stored on the demo's import batch."""
    return f"demo-seed employees={employees} weeks={weeks} seed={seed} end={end.isoformat()}"


def build_demo_organisation(
    engine: Engine,
    *,
    employees: int = 200,
    weeks: int = 52,
    seed: int = 7,
    end: date,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Fill an empty, migrated database with the demo company; returns rows written per table.

    Raises ValueError, writing nothing, when the database already holds people
    (or teams, credentials...), so nothing stored is ever lost.
    """
    if isinstance(end, datetime) or not isinstance(end, date):
        raise ValueError(f"end must be a date, got {end!r}")
    if employees < 1:
        raise ValueError(f"employees must be at least 1, got {employees}")
    if weeks < 1:
        raise ValueError(f"weeks must be at least 1, got {weeks}")
    report = progress or (lambda _step, _done, _total: None)
    master = random.Random(seed)
    rng_people, rng_activity, rng_badges, rng_skills, rng_sessions, rng_moves = (
        random.Random(master.getrandbits(64)) for _ in range(6)
    )
    founding = date(add_years(end, -8).year, 1, 1)
    mondays = history_weeks(end, weeks)
    counts: dict[str, int] = {}

    with engine.begin() as connection:
        account_offset, batch_offset, emails_taken = _check_empty(connection)

        def write(name: str, rows: list[dict[str, Any]]) -> None:
            counts[name] = counts.get(name, 0) + bulk_insert(connection, _table(name), rows)

        report("catalogue", 0, 1)
        catalogue = build_catalogue(founding=founding, history_start=mondays[0], end=end)
        for name, rows in catalogue.rows.items():
            write(name, rows)
        report("catalogue", 1, 1)

        report("people", 0, employees)
        org = generate_people(
            catalogue,
            rng_people,
            employees=employees,
            founding=founding,
            end=end,
            account_id_offset=account_offset,
        )
        clash = next((a["email"] for a in org.accounts if a["email"] in emails_taken), None)
        if clash is not None:
            raise ValueError(f"an account {clash} already exists: the demo organisation needs that address")
        people = org.employee_rows(catalogue)
        write("employee", people)
        # Team history: a few people moved team during the history window (their own generator,
        # drawn after the others, so every other row of the demo is as it was).
        leads = {row["lead_id"] for row in org.team_lead_rows(catalogue)}
        write("team_membership", membership_rows(people, leads, rng_moves, since=mondays[0], end=end))
        team = _table("team")
        connection.execute(
            team.update().where(team.c.id == sa.bindparam("team_id")).values(lead_id=sa.bindparam("lead_id")),
            org.team_lead_rows(catalogue),
        )
        write("account", org.accounts)
        report("people", employees, employees)

        report("enrollments and badges", 0, employees)
        enrollments = EnrollmentPlanner(catalogue, org, rng_activity, end=end).plan_all()
        write("enrollment", [e.row() for e in enrollments])
        badges = badge_rows(enrollments, catalogue, rng_badges)
        write("badge", badges)
        report("enrollments and badges", employees, employees)

        report("skills and targets", 0, employees)
        skill_rows = employee_skill_rows(org, badges, catalogue, rng_skills, end=end)
        write("employee_skill", skill_rows)
        write("team_skill_target", team_target_rows(org, skill_rows, catalogue, rng_skills, end=end))
        report("skills and targets", employees, employees)

        studying: dict[int, list[tuple[date, date, int]]] = {}
        for e in enrollments:
            span = e.studied(end)
            if span is not None:
                studying.setdefault(e.person.id, []).append((*span, e.credential.id))
        counts["learning_session"] = 0
        report("learning sessions", 0, employees)
        for batch in generate_sessions(
            org.people,
            studying,
            rng_sessions,
            end=end,
            weeks=weeks,
            on_person=lambda done: report("learning sessions", done, employees),
        ):
            write("learning_session", batch)
            rollups.sessions_added(connection, batch)
        weeks_table = _table("learning_week")
        counts["learning_week"] = connection.execute(
            sa.select(sa.func.count()).select_from(weeks_table)
        ).scalar_one()

        text = parameters_text(employees=employees, weeks=weeks, seed=seed, end=end)
        total = sum(counts.values()) + 1
        write(
            "import_batch",
            [
                {
                    "id": batch_offset + 1,
                    "kind": DEMO_BATCH_KIND,
                    "file_name": f"{reference.COMPANY} demo organisation ({text})",
                    "sha256": hashlib.sha256(text.encode()).hexdigest(),
                    "rows_read": 0,
                    "rows_written": total,
                    "errors": 0,
                    "created_by": "upskill seed",
                    "created_at": at_utc(end, 0),
                }
            ],
        )
        report("saving", 0, 1)
        reset_sequences(connection, [_table(name) for name in counts])
    refresh_planner_statistics(engine)
    report("saving", 1, 1)
    return counts
