"""table_checksums changes exactly when the rows change, and agrees across backends."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest
import sqlalchemy as sa

from data_model.bulk import bulk_insert
from data_model.models import MicroCredential, Provider
from tests.checksums import normalise, table_checksums


def test_the_same_value_from_either_backend_normalises_the_same():
    assert normalise(Decimal("70.50")) == normalise(Decimal("70.5")) == normalise(70.5) == "70.5"
    assert normalise(Decimal("100")) == normalise(Decimal("1E+2")) == "100"
    assert normalise(Decimal("-0.00")) == "0"
    assert normalise(True) == normalise(1) == "1"
    assert normalise(False) == "0"
    assert normalise(date(2026, 1, 2)) == "2026-01-02"
    cet = timezone(timedelta(hours=1))
    assert normalise(datetime(2026, 1, 2, 10, tzinfo=cet)) == normalise(datetime(2026, 1, 2, 9, tzinfo=UTC))
    assert normalise(None) is None and normalise("None") == "None"


def _fill(engine) -> None:
    with engine.begin() as connection:
        bulk_insert(
            connection, Provider, [{"id": 1, "name": "a\tb", "kind": "vendor"}, {"id": 2, "name": "c"}]
        )
        bulk_insert(
            connection,
            MicroCredential,
            [{"id": 1, "code": "X", "title": "T", "provider_id": 1, "expected_hours": Decimal("1.50"),
              "cost": Decimal("70.5"), "active": False}],
        )  # fmt: skip


def test_unchanged_rows_give_the_same_checksums_and_a_change_shows(engine):
    _fill(engine)
    before = table_checksums(engine)
    assert table_checksums(engine) == before
    with engine.begin() as connection:
        connection.execute(sa.update(Provider.__table__).where(Provider.id == 2).values(url=""))
    after = table_checksums(engine)
    assert after["provider"] != before["provider"]
    assert {k: v for k, v in after.items() if k != "provider"} == {
        k: v for k, v in before.items() if k != "provider"
    }


def test_empty_string_and_null_differ(engine):
    _fill(engine)
    with engine.begin() as connection:
        connection.execute(sa.update(Provider.__table__).where(Provider.id == 2).values(url=None))
    null = table_checksums(engine, tables=["provider"])
    with engine.begin() as connection:
        connection.execute(sa.update(Provider.__table__).where(Provider.id == 2).values(url=""))
    assert table_checksums(engine, tables=["provider"]) != null


def test_it_takes_a_connection_and_a_table_list(engine):
    _fill(engine)
    with engine.connect() as connection:
        some = table_checksums(connection, tables=["provider", "micro_credential"])
    assert set(some) == {"provider", "micro_credential"}
    assert some == {k: v for k, v in table_checksums(engine).items() if k in some}
    with pytest.raises(KeyError, match="no such table"):
        table_checksums(engine, tables=["nope"])
