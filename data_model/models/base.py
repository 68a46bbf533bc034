"""Shared column types and the metadata naming convention.

Named constraints let Alembic's SQLite batch mode rebuild tables and let error
messages say which rule a write broke.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

import sqlalchemy as sa
from sqlmodel import SQLModel

SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

if TYPE_CHECKING:

    class TableModel(SQLModel):
        """A table model as the type checker sees it: SQLAlchemy gives each one its `__table__`
        (the typed way to its columns: `Team.__table__.c.name`), which SQLModel does not declare."""

        __table__: ClassVar[sa.Table]

else:
    TableModel = SQLModel  # at run time, plain SQLModel: nothing changes


class _Row(Protocol):
    id: int | None


def stored_id(row: _Row) -> int:
    """The id of a row the database has stored (read, or added and flushed).

    Every table's `id` is `int | None` because a new row has none until it is flushed; this says
    where the code knows it has one.
    """
    if row.id is None:
        raise ValueError(f"this {type(row).__name__} has no id yet: add it to the session and flush first")
    return row.id


def utc_now() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(sa.types.TypeDecorator):
    """A timezone-aware UTC timestamp on every backend.

    SQLite keeps no offset, so values are normalised to UTC on the way in and
    given their UTC tzinfo back on the way out.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware (UTC)")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def created_at_column() -> sa.Column:
    return sa.Column(UTCDateTime(), nullable=False, default=utc_now)


def in_values(column: str, values: tuple[str, ...]) -> str:
    """SQL text for a CHECK that a column holds one of a fixed set of words."""
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"
