"""The generator never overwrites anything, reports progress, and leaves a database ready for use."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from data_model.models import Account, Employee, Team
from seed import build_demo_organisation
from tests.checksums import table_checksums
from tests.conftest import TODAY

SMALL = {"employees": 30, "weeks": 6, "end": date(2026, 3, 13)}


def test_seeding_a_database_with_people_is_refused_and_writes_nothing(databases):
    engine = databases.new()
    build_demo_organisation(engine, seed=7, **SMALL)
    before = table_checksums(engine)
    with pytest.raises(ValueError, match="already holds 30 employees") as raised:
        build_demo_organisation(engine, seed=8, **SMALL)
    assert "\n" not in str(raised.value)
    assert table_checksums(engine) == before


def test_seeding_a_database_with_teams_but_no_people_is_refused(databases):
    engine = databases.new()
    with Session(engine) as session:
        session.add(Team(name="Finance"))
        session.commit()
    before = table_checksums(engine)
    with pytest.raises(ValueError, match="already holds rows in team"):
        build_demo_organisation(engine, seed=7, **SMALL)
    assert table_checksums(engine) == before


def test_an_admin_account_made_before_seeding_is_kept(databases):
    engine = databases.new()
    with Session(engine) as session:
        session.add(Account(email="it@corp.example", role="admin"))
        session.commit()
    counts = build_demo_organisation(engine, seed=7, **SMALL)
    with Session(engine) as session:
        kept = session.exec(select(Account).where(Account.email == "it@corp.example")).one()
        assert kept.id == 1 and kept.role == "admin"
        assert len(session.exec(select(Account)).all()) == counts["account"] + 1


def test_progress_is_reported_step_by_step(databases):
    calls: list[tuple[str, int, int]] = []
    build_demo_organisation(databases.new(), seed=7, progress=lambda *c: calls.append(c), **SMALL)
    steps = list(dict.fromkeys(step for step, _, _ in calls))
    assert steps[0] == "catalogue" and steps[-1] == "saving"
    assert "learning sessions" in steps
    assert all(0 <= done <= total for _, done, total in calls)
    assert calls[-1] == ("saving", 1, 1)


def test_new_rows_get_fresh_ids_after_seeding(databases):
    """PostgreSQL sequences must continue after the explicit ids the seed wrote."""
    engine = databases.new()
    counts = build_demo_organisation(engine, seed=7, **SMALL)
    with Session(engine) as session:
        person = Employee(
            employee_code="NEW-1", email="new@voltaria.example", full_name="New", hire_date=TODAY
        )
        team = Team(name="New Team")
        session.add_all([person, team])
        session.commit()
        assert person.id == counts["employee"] + 1
        assert team.id == counts["team"] + 1


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"employees": 0}, "employees must be at least 1"),
        ({"weeks": 0}, "weeks must be at least 1"),
        ({"end": "2026-03-13"}, "end must be a date"),
    ],
)
def test_bad_parameters_are_refused_before_anything_is_written(databases, kwargs, message):
    engine = databases.new()
    with pytest.raises(ValueError, match=message):
        build_demo_organisation(engine, **{**SMALL, **kwargs})
    with engine.connect() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(Team.__table__)).scalar_one() == 0


def test_a_tiny_company_still_has_a_lead_per_team(databases):
    engine = databases.new()
    build_demo_organisation(engine, employees=5, weeks=2, seed=7, end=date(2026, 3, 13))
    with engine.connect() as connection:
        assert (
            connection.execute(sa.text("SELECT count(*) FROM team WHERE lead_id IS NULL")).scalar_one() == 0
        )
        assert connection.execute(sa.text("SELECT count(*) FROM employee")).scalar_one() == 5
