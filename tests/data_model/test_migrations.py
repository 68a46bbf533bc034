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
        connection.execute(  # the Sunday of the same ISO week (2026-W02), and the next Monday
            sa.text(
                "INSERT INTO learning_session (employee_id, date, minutes, source) "
                "VALUES (1, '2026-01-11', 30, 'manual'), (1, '2026-01-12', 15, 'manual')"
            )
        )
        # A plan with items: a later revision that rebuilt onboarding_plan would trip their foreign key.
        connection.execute(sa.text("INSERT INTO provider (id, name) VALUES (1, 'Acme')"))
        connection.execute(
            sa.text(
                "INSERT INTO micro_credential (id, code, title, provider_id, expected_hours, cost, currency, "
                "delivery, active) VALUES (1, 'K8S', 'Kubernetes', 1, 10, 0, 'EUR', 'online', true)"
            )
        )
        connection.execute(sa.text("INSERT INTO onboarding_plan (id, name, team_id) VALUES (1, 'Cloud', 1)"))
        connection.execute(
            sa.text(
                "INSERT INTO onboarding_item (plan_id, credential_id, due_days_after_hire) VALUES (1, 1, 14)"
            )
        )
    migrate.upgrade(empty_engine)
    assert migrate.current_revision(empty_engine) == revisions[-1]
    assert migrate.is_up_to_date(empty_engine)
    with empty_engine.connect() as connection:
        row = connection.execute(
            sa.text(
                "SELECT e.email, t.name, s.minutes FROM employee e JOIN team t ON t.id = e.team_id "
                "JOIN learning_session s ON s.employee_id = e.id ORDER BY s.date"
            )
        ).first()
    assert tuple(row) == ("ana@example.com", "Cloud Platform", 90)
    with empty_engine.connect() as connection:
        weeks = connection.execute(
            sa.text("SELECT employee_id, monday, minutes, sessions FROM learning_week ORDER BY monday")
        ).all()
    # 0007 backfills the weekly roll-up: 90 + 30 in the week of Monday 5 January, 15 in the next.
    assert [(e, str(m), n, k) for e, m, n, k in weeks] == [
        (1, "2026-01-05", 120, 2),
        (1, "2026-01-12", 15, 1),
    ]
    with empty_engine.connect() as connection:
        history = connection.execute(
            sa.text("SELECT employee_id, team_id, valid_from, valid_to FROM team_membership")
        ).all()
    # 0004 backfills the team history from today's teams: one open row from the hire date.
    assert [(e, t, str(f), v) for e, t, f, v in history] == [(1, 1, "2024-01-08", None)]
    with empty_engine.connect() as connection:
        plan = connection.execute(
            sa.text(
                "SELECT p.active, i.position, i.required FROM onboarding_plan p "
                "JOIN onboarding_item i ON i.plan_id = p.id"
            )
        ).one()
    assert (bool(plan[0]), plan[1], bool(plan[2])) == (True, 1, True)  # 0005: active, first, required


def test_upgrade_twice_is_harmless_and_downgrade_empties(empty_engine):
    migrate.upgrade(empty_engine)
    migrate.upgrade(empty_engine)
    assert "learning_session" in sa.inspect(empty_engine).get_table_names()
    migrate.downgrade(empty_engine, "base")
    assert set(sa.inspect(empty_engine).get_table_names()) <= {"alembic_version"}
