"""Write many rows fast, inside the caller's transaction.

The ORM costs ~15 s per million objects; the seed generator and the CSV
importers write that much. PostgreSQL gets `COPY ... FROM STDIN` on the raw
psycopg connection of the same transaction (so a failure later still rolls it
back); SQLite gets a core `insert()` executemany in chunks. Both paths fill
the same Python-side column defaults and run the same type conversions, so a
row reads back the same whichever backend stored it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session
from sqlalchemy.sql.schema import CallableColumnDefault, ScalarElementColumnDefault

_MISSING = object()


def _table_of(model_or_table: Any) -> sa.Table:
    if isinstance(model_or_table, sa.Table):
        return model_or_table
    table = getattr(model_or_table, "__table__", None)
    if isinstance(table, sa.Table):
        return table
    raise TypeError(f"not a table or a table model: {model_or_table!r}")


def _connection_of(connection_or_session: Connection | Session) -> Connection:
    if isinstance(connection_or_session, Session):
        # Pending ORM objects must reach the database before rows that may point at them.
        connection_or_session.flush()
        return connection_or_session.connection()
    if isinstance(connection_or_session, Connection):
        return connection_or_session
    raise TypeError(f"need a Connection or a Session, got {type(connection_or_session).__name__}")


def _default_filler(column: sa.Column) -> Any:
    """What SQLAlchemy fills in Python for a column missing from an INSERT: a callable, or None."""
    default = column.default
    if default is None:
        return None
    if isinstance(default, CallableColumnDefault):
        return default.arg
    if isinstance(default, ScalarElementColumnDefault):
        value = default.arg
        return lambda _context: value
    return None


def _normalised(table: sa.Table, rows: Sequence[dict[str, Any]]) -> tuple[list[sa.Column], list[list]]:
    """Every row as a list over the same columns, in table order.

    The columns are those any row names plus those with a Python-side default;
    a key missing from a row takes the column default, else NULL.
    """
    named: set[str] = set()
    for row in rows:
        named.update(row)
    unknown = named.difference(table.columns.keys())
    if unknown:
        raise KeyError(f"{table.name} has no column {', '.join(sorted(unknown))}")
    columns = [c for c in table.columns if c.name in named or _default_filler(c) is not None]
    fillers = [(column.name, _default_filler(column)) for column in columns]
    out: list[list] = []
    for row in rows:
        values = []
        for name, filler in fillers:
            value = row.get(name, _MISSING)
            if value is _MISSING:
                value = None if filler is None else filler(None)
            values.append(value)
        out.append(values)
    return columns, out


def _copy(connection: Connection, table: sa.Table, columns: list[sa.Column], rows: list[list]) -> None:
    dialect = connection.dialect
    preparer = dialect.identifier_preparer
    processors = [column.type.dialect_impl(dialect).bind_processor(dialect) for column in columns]
    active = [(i, p) for i, p in enumerate(processors) if p is not None]
    statement = (
        f"COPY {preparer.format_table(table)} ({', '.join(preparer.quote(c.name) for c in columns)}) "
        "FROM STDIN"
    )
    driver_connection = connection.connection.driver_connection
    if driver_connection is None:  # only a connection already closed or invalidated has none
        raise sa.exc.InvalidRequestError("COPY needs an open PostgreSQL connection")
    dbapi_error = dialect.loaded_dbapi.Error
    try:
        with driver_connection.cursor() as cursor, cursor.copy(statement) as copy:
            write_row = copy.write_row
            for values in rows:
                for i, process in active:
                    values[i] = process(values[i])
                write_row(values)
    except dbapi_error as exc:
        # The same exception classes as any other statement (IntegrityError for a broken rule).
        raise sa.exc.DBAPIError.instance(statement, None, exc, dbapi_error) from exc


def bulk_insert(
    connection_or_session: Connection | Session,
    model_or_table: Any,
    rows: list[dict[str, Any]],
    *,
    chunk_size: int = 20_000,
) -> int:
    """Insert `rows` (dicts of column name -> value) into a table; returns how many were written.

    Runs in the caller's transaction: nothing is committed here. A key missing
    from a row takes the column's Python-side default (else NULL); explicit
    ids are kept, so call `reset_sequences` afterwards on PostgreSQL.
    """
    if not rows:
        return 0
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    connection = _connection_of(connection_or_session)
    table = _table_of(model_or_table)
    columns, values = _normalised(table, rows)
    if connection.dialect.name == "postgresql" and connection.dialect.driver == "psycopg":
        _copy(connection, table, columns, values)
        return len(values)
    names = [column.name for column in columns]
    statement = table.insert()
    for start in range(0, len(values), chunk_size):
        chunk = [dict(zip(names, row, strict=True)) for row in values[start : start + chunk_size]]
        connection.execute(statement, chunk)
    return len(values)


def insert_returning_ids(
    connection_or_session: Connection | Session, model_or_table: Any, rows: list[dict[str, Any]]
) -> list[int]:
    """Insert `rows` like `bulk_insert` and return the new ids, in the order of `rows`.

    For writes whose ids something else records (an import's audit events name each new
    enrollment): one multi-row INSERT ... RETURNING per batch on both backends, instead of an
    ORM object per row that costs more than the insert itself.
    """
    if not rows:
        return []
    connection = _connection_of(connection_or_session)
    table = _table_of(model_or_table)
    columns, values = _normalised(table, rows)
    names = [column.name for column in columns]
    statement = table.insert().returning(table.c.id, sort_by_parameter_order=True)
    result = connection.execute(statement, [dict(zip(names, row, strict=True)) for row in values])
    return [row[0] for row in result]


OR_TERMS = 250


def _batches(keys: Iterable[tuple[Any, ...]]) -> Iterator[list[tuple[Any, ...]]]:
    batch: list[tuple[Any, ...]] = []
    for key in keys:
        batch.append(key)
        if len(batch) == OR_TERMS:
            yield batch
            batch = []
    if batch:
        yield batch


@functools.lru_cache(maxsize=64)
def _matching(statement: Any, columns: tuple[Any, ...], count: int, within: Any) -> Any:
    """`statement` narrowed to `count` keys of `columns`, as bound parameters `key_<i>_<j>`: built
    once per shape, since building a clause of a thousand comparisons cost more than running it."""
    extra = () if within is None else (within,)
    terms = [
        sa.and_(
            *extra,
            *(column == sa.bindparam(f"key_{i}_{j}", type_=column.type) for j, column in enumerate(columns)),
        )
        for i in range(count)
    ]
    return statement.where(sa.or_(*terms))


def rows_matching(
    session: Connection | Session,
    statement: Any,
    columns: Sequence[Any],
    keys: Iterable[tuple[Any, ...]],
    *,
    within: Any = None,
) -> Iterator[Any]:
    """The rows of `statement` whose `columns` (table columns) equal one of `keys`, found by an
    index on those columns on both backends. `statement` should be a module-level constant (the
    narrowed statement is cached per statement and number of keys).

    Written out as `(a = ? AND b = ?) OR ...` because SQLite answers the row-value form
    `(a, b) IN (VALUES ...)` with a scan of the whole table (EXPLAIN QUERY PLAN: "SCAN ... USING
    COVERING INDEX"), which made every chunk of an import re-read all the rows written before it;
    the OR form is a "MULTI-INDEX OR" of index searches there and a BitmapOr on PostgreSQL.
    SQLite parses an OR chain into a tree as deep as its terms and refuses one deeper than 1000
    ("Expression tree is too large"), so the keys go OR_TERMS at a time.

    `within` is a further condition repeated in every term: the WHERE of a partial index, so
    that SQLite sees each term implies it and searches that index (with the condition outside
    the OR it reads the rows by whatever index the condition alone suggests).
    """
    for batch in _batches(keys):
        narrowed = _matching(statement, tuple(columns), len(batch), within)
        params = {f"key_{i}_{j}": value for i, key in enumerate(batch) for j, value in enumerate(key)}
        yield from session.execute(narrowed, params)


def reset_sequences(connection_or_session: Connection | Session, tables: Iterable[Any]) -> None:
    """Make PostgreSQL id sequences continue after the largest id, after rows were written with explicit ids.

    Without it the next ordinary INSERT would reuse id 1 and fail. SQLite needs
    nothing: its rowid always continues from the largest id.
    """
    connection = _connection_of(connection_or_session)
    if connection.dialect.name != "postgresql":
        return
    preparer = connection.dialect.identifier_preparer
    for item in tables:
        table = _table_of(item)
        key = list(table.primary_key.columns)
        if len(key) != 1 or not isinstance(key[0].type, sa.Integer) or key[0].autoincrement is False:
            continue  # composite or non-integer keys have no sequence
        for column in key:
            sequence = connection.execute(
                sa.text("SELECT pg_get_serial_sequence(:table, :column)"),
                {"table": preparer.format_table(table), "column": column.name},
            ).scalar_one()
            if sequence is None:
                continue
            connection.execute(
                sa.text(
                    f"SELECT setval(:sequence, COALESCE((SELECT MAX({preparer.quote(column.name)}) "
                    f"FROM {preparer.format_table(table)}), 0) + 1, false)"
                ),
                {"sequence": sequence},
            )


def refresh_planner_statistics(engine: Engine) -> None:
    """ANALYZE after a bulk load, so both query planners know the new table sizes.

    PostgreSQL's autovacuum may be off or late; SQLite never gathers statistics on its own.
    """
    with engine.begin() as connection:
        connection.exec_driver_sql("ANALYZE")
