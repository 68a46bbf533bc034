"""A fingerprint per table, to prove two databases hold the same rows or one is unchanged.

Importer tests take checksums before and after a refused import; the seed
tests compare two databases built from the same seed, on SQLite and on
PostgreSQL alike. Values are normalised first, because the backends hand the
same stored value back as different Python types (a SQLite NUMERIC comes back
through a float, a boolean may come back as 0/1, a timestamp with or without
its zone).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlmodel import SQLModel

import data_model.models  # noqa: F401 - registers every table

_NULL = None  # JSON null marks NULL; every other value becomes a string


def normalise(value: Any) -> str | None:
    """One text form per stored value, the same whichever backend returned it."""
    if value is None:
        return _NULL
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        if value.is_nan() or value.is_infinite():
            return str(value)
        text = format(value.normalize(), "f")
        return "0" if text in ("-0", "0") else text
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    return str(value)


def _table_checksum(connection: Connection, table: sa.Table) -> str:
    digest = hashlib.sha256()
    names = [column.name for column in table.columns]
    digest.update((json.dumps(names) + "\n").encode())
    order = list(table.primary_key.columns) or list(table.columns)
    query = sa.select(*table.columns).order_by(*order)
    result = connection.execution_options(stream_results=True, yield_per=5_000).execute(query)
    for row in result:
        line = json.dumps([normalise(v) for v in row], ensure_ascii=False, separators=(",", ":"))
        digest.update(line.encode())
        digest.update(b"\n")
    return digest.hexdigest()


def table_checksums(
    engine_or_connection: Engine | Connection, *, tables: Iterable[str] | None = None
) -> dict[str, str]:
    """sha256 per table (every row, ordered by primary key), for the tables of the model that exist.

    `tables` limits the result to those names. Equal dicts mean equal rows,
    whether the databases are SQLite or PostgreSQL.
    """
    if isinstance(engine_or_connection, Engine):
        with engine_or_connection.connect() as connection:
            return table_checksums(connection, tables=tables)
    connection = engine_or_connection
    wanted = set(tables) if tables is not None else None
    inspector = sa.inspect(connection)
    checksums: dict[str, str] = {}
    for name in sorted(SQLModel.metadata.tables):
        if wanted is not None and name not in wanted:
            continue
        if not inspector.has_table(name):
            continue
        checksums[name] = _table_checksum(connection, SQLModel.metadata.tables[name])
    if wanted is not None and wanted.difference(checksums):
        missing = ", ".join(sorted(wanted.difference(checksums)))
        raise KeyError(f"no such table in the database: {missing}")
    return checksums
