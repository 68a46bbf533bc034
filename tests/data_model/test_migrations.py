"""Alembic owns the schema: migrations match the models and carry data forward."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from alembic import command
from alembic.script import ScriptDirectory

from data_model import migrate


def _revisions_oldest_first() -> list[str]:
    script = ScriptDirectory.from_config(migrate.alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def test_models_and_migrations_agree(empty_engine):
    migrate.upgrade(empty_engine)
    config = migrate.alembic_config(empty_engine)
    with empty_engine.begin() as connection:
        config.attributes["connection"] = connection
        command.check(config)  # raises when autogenerate would find a difference


def test_upgrade_from_first_migration_keeps_data(empty_engine):
    revisions = _revisions_oldest_first()
    migrate.upgrade(empty_engine, revisions[0])
    with empty_engine.begin() as connection:
        connection.execute(sa.text("INSERT INTO team (id, name) VALUES (1, 'Cloud Platform')"))
        connection.execute(
            sa.text(
                "INSERT INTO employee (id, employee_code, email, full_name, team_id, hire_date) "
                "VALUES (1, 'E1', 'ana@example.com', 'Ana', 1, :hired)"
            ),
            {"hired": date(2024, 1, 8)},
        )
        connection.execute(
            sa.text(
                "INSERT INTO learning_session (employee_id, date, minutes, source) "
                "VALUES (1, :d, 90, 'manual')"
            ),
            {"d": date(2026, 1, 5)},
        )
    migrate.upgrade(empty_engine)
    assert migrate.current_revision(empty_engine) == revisions[-1]
    assert migrate.is_up_to_date(empty_engine)
    with empty_engine.connect() as connection:
        row = connection.execute(
            sa.text(
                "SELECT e.email, t.name, s.minutes FROM employee e JOIN team t ON t.id = e.team_id "
                "JOIN learning_session s ON s.employee_id = e.id"
            )
        ).one()
    assert tuple(row) == ("ana@example.com", "Cloud Platform", 90)
    with empty_engine.connect() as connection:
        history = connection.execute(
            sa.text("SELECT employee_id, team_id, valid_from, valid_to FROM team_membership")
        ).all()
    # 0004 backfills the team history from today's teams: one open row from the hire date.
    assert [(e, t, str(f), v) for e, t, f, v in history] == [(1, 1, "2024-01-08", None)]


def test_upgrade_twice_is_harmless_and_downgrade_empties(empty_engine):
    migrate.upgrade(empty_engine)
    migrate.upgrade(empty_engine)
    assert "learning_session" in sa.inspect(empty_engine).get_table_names()
    migrate.downgrade(empty_engine, "base")
    assert set(sa.inspect(empty_engine).get_table_names()) <= {"alembic_version"}
