"""bulk_insert stores awkward values exactly, inside the caller's transaction, on both backends."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from data_model.bulk import bulk_insert, reset_sequences
from data_model.models import (
    AuditEvent,
    Employee,
    ImportBatch,
    LearningSession,
    MicroCredential,
    Provider,
    Team,
)

AWKWARD_TEXT = [
    "plain",
    "tab\there",
    "new\nline",
    "carriage\r\nreturn",
    'double "quotes"',
    "single 'quotes'",
    "back\\slash",
    "\\N",  # COPY's NULL marker, as text
    "\\.",  # COPY's end-of-data marker, as text
    "comma, semicolon; pipe|",
    "unicode: Zoë Wiśniewska – 東京 🚗⚡",
    "",  # empty string is not NULL
    "  padded  ",
]


def _provider_rows() -> list[dict]:
    rows = [
        {"id": i, "name": f"{i}:{text}", "url": text, "kind": None} for i, text in enumerate(AWKWARD_TEXT, 1)
    ]
    rows.append({"id": 100, "name": "null url", "url": None, "kind": "university"})
    return rows


def test_awkward_text_and_nulls_round_trip(engine):
    rows = _provider_rows()
    with engine.begin() as connection:
        assert bulk_insert(connection, Provider, rows) == len(rows)
    with engine.connect() as connection:
        stored = connection.execute(sa.select(Provider.__table__).order_by(Provider.id)).mappings().all()
    assert [dict(r) for r in stored] == rows


def test_decimals_dates_and_booleans_round_trip(engine):
    with engine.begin() as connection:
        bulk_insert(connection, Provider, [{"id": 1, "name": "Northbridge University"}])
        credentials = [
            {
                "id": i,
                "code": f"C{i}",
                "title": "t",
                "provider_id": 1,
                "expected_hours": hours,
                "cost": cost,
                "active": active,
                "validity_months": validity,
            }
            for i, (hours, cost, active, validity) in enumerate(
                [
                    (Decimal("1.5"), Decimal("0.10"), True, None),
                    (Decimal("150"), Decimal("12345.67"), False, 36),
                    (Decimal("0.25"), Decimal("0"), True, 1),
                    (Decimal("99999.99"), Decimal("9999999999.99"), False, None),
                ],
                start=1,
            )
        ]
        bulk_insert(connection, MicroCredential, credentials)
        bulk_insert(connection, Team, [{"id": 1, "name": "Cloud Platform"}])
        bulk_insert(
            connection,
            Employee,
            [
                {
                    "id": 1,
                    "employee_code": "E1",
                    "email": "ana@example.com",
                    "full_name": "Ana",
                    "team_id": 1,
                    "hire_date": date(2020, 2, 29),
                    "exit_date": None,
                },
                {
                    "id": 2,
                    "employee_code": "E2",
                    "email": "bo@example.com",
                    "full_name": "Bo",
                    "team_id": None,
                    "manager_id": 1,
                    "hire_date": date(1999, 12, 31),
                    "exit_date": date(2026, 1, 1),
                    "exit_reason": "voluntary",
                },
            ],
        )
    with Session(engine) as session:
        stored = session.exec(select(MicroCredential).order_by(MicroCredential.id)).all()
        for row, want in zip(stored, credentials, strict=True):
            assert row.expected_hours == want["expected_hours"]
            assert row.cost == want["cost"]
            assert row.active is want["active"]
            assert row.validity_months == want["validity_months"]
            assert row.currency == "EUR" and row.delivery == "online"  # column defaults filled in
        ana, bo = session.exec(select(Employee).order_by(Employee.id)).all()
        assert (ana.hire_date, ana.exit_date, ana.manager_id) == (date(2020, 2, 29), None, None)
        assert (bo.hire_date, bo.exit_date, bo.manager_id, bo.team_id) == (
            date(1999, 12, 31),
            date(2026, 1, 1),
            1,
            None,
        )


def test_timestamps_are_stored_in_utc_and_defaults_filled(engine):
    amsterdam = timezone(timedelta(hours=2))
    given = datetime(2026, 6, 1, 14, 30, 15, 123456, tzinfo=amsterdam)
    written_after = datetime.now(UTC)  # the default is the event's real time, not a pinned day
    with engine.begin() as connection:
        bulk_insert(
            connection,
            AuditEvent,
            [
                {"id": 1, "actor": "a", "action": "x", "entity": "e", "created_at": given},
                {
                    "id": 2,
                    "actor": "b",
                    "action": "y",
                    "entity": "e",
                    "before": '{"k": "v\\n"}',
                },  # default time
            ],
        )
    with Session(engine) as session:
        first, second = session.exec(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert first.created_at == given and first.created_at.tzinfo == UTC
    written_before = datetime.now(UTC)
    assert second.created_at is not None and written_after <= second.created_at <= written_before
    assert second.before == '{"k": "v\\n"}'


def test_rows_may_leave_out_keys_that_take_the_default(engine):
    with engine.begin() as connection:
        bulk_insert(connection, Provider, [{"id": 1, "name": "a", "kind": "vendor"}, {"id": 2, "name": "b"}])
    with engine.connect() as connection:
        kinds = connection.execute(sa.select(Provider.kind).order_by(Provider.id)).scalars().all()
    assert kinds == ["vendor", None]


def test_it_writes_in_the_callers_transaction(engine):
    with engine.connect() as connection:
        transaction = connection.begin()
        bulk_insert(connection, Provider, _provider_rows())
        assert (
            connection.execute(sa.select(sa.func.count()).select_from(Provider.__table__)).scalar_one() == 14
        )
        transaction.rollback()
    with engine.connect() as connection:
        assert (
            connection.execute(sa.select(sa.func.count()).select_from(Provider.__table__)).scalar_one() == 0
        )


def test_a_session_is_flushed_first_and_shares_its_transaction(engine):
    with Session(engine) as session:
        team = Team(id=7, name="Security")
        session.add(team)
        bulk_insert(
            session,
            Employee,
            [{"id": 1, "employee_code": "E1", "email": "a@x.example", "full_name": "A", "team_id": 7,
              "hire_date": date(2024, 1, 1)}],
        )  # fmt: skip
        session.commit()
    with Session(engine) as session:
        assert session.get(Employee, 1).team_id == 7


def test_small_chunks_write_every_row(engine):
    rows = [{"id": i, "name": f"p{i}"} for i in range(1, 11)]
    with engine.begin() as connection:
        assert bulk_insert(connection, Provider.__table__, rows, chunk_size=3) == 10
    with engine.connect() as connection:
        assert (
            connection.execute(sa.select(sa.func.count()).select_from(Provider.__table__)).scalar_one() == 10
        )


def test_nothing_to_write_is_fine(engine):
    with engine.begin() as connection:
        assert bulk_insert(connection, Provider, []) == 0


def test_an_unknown_column_is_named(engine):
    with engine.begin() as connection, pytest.raises(KeyError, match="provider has no column colour"):
        bulk_insert(connection, Provider, [{"id": 1, "name": "a", "colour": "red"}])


def test_a_broken_rule_fails_the_write(engine):
    with engine.begin() as connection:
        bulk_insert(connection, Team, [{"id": 1, "name": "T"}])
        bulk_insert(
            connection,
            Employee,
            [
                {
                    "id": 1,
                    "employee_code": "E1",
                    "email": "a@x.example",
                    "full_name": "A",
                    "hire_date": date(2024, 1, 1),
                }
            ],
        )
    with pytest.raises(IntegrityError), engine.begin() as connection:
        bulk_insert(
            connection,
            LearningSession,
            [{"id": 1, "employee_id": 1, "date": date(2024, 1, 2), "minutes": 1441, "source": "manual"}],
        )


def test_sequences_continue_after_explicit_ids(engine):
    with engine.begin() as connection:
        bulk_insert(connection, Provider, [{"id": 41, "name": "a"}, {"id": 42, "name": "b"}])
        bulk_insert(connection, ImportBatch, [{"id": 5, "kind": "k", "file_name": "f", "sha256": "s"}])
        reset_sequences(connection, [Provider, ImportBatch.__table__, Team])  # Team is empty: starts at 1
    with Session(engine) as session:
        provider, batch, team = (
            Provider(name="c"),
            ImportBatch(kind="k", file_name="g", sha256="t"),
            Team(name="T"),
        )
        session.add_all([provider, batch, team])
        session.commit()
        assert (provider.id, batch.id, team.id) == (43, 6, 1)
