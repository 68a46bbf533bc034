"""Getting data out: any table as CSV, and a badge as it was received.

CSV (written by `data_model.spreadsheets`) is UTF-8 with a header row, ISO
dates and UTC timestamps; booleans read `true`/`false`. A text cell starting
with `=`, `+`, `-` or `@` (or a tab or carriage return) gets a leading
apostrophe, so a spreadsheet shows it instead of running it as a formula.
Password hashes never leave the database. Rows are streamed, so a million
learning sessions do not have to fit in memory.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any, TextIO

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, SQLModel, col, select

import data_model.models  # noqa: F401 - registers every table
from data_model.access import Scope
from data_model.formats import export_openbadges2
from data_model.formats.jws import looks_like_jws
from data_model.metrics.onboarding import onboarding_plans
from data_model.models import Badge
from data_model.spreadsheets import write_csv_rows

# Columns that never leave the database.
SECRET_COLUMNS = {"account": ("password_hash",)}


def table_names() -> list[str]:
    """Every table the app holds, in name order."""
    return sorted(SQLModel.metadata.tables)


def export_columns(table_name: str) -> list[sa.Column]:
    if table_name not in SQLModel.metadata.tables:
        raise ValueError(f"no table {table_name!r}; tables: {', '.join(table_names())}")
    hidden = SECRET_COLUMNS.get(table_name, ())
    return [c for c in SQLModel.metadata.tables[table_name].columns if c.name not in hidden]


def _rows(connection: Connection, table_name: str) -> Iterator[list[Any]]:
    columns = export_columns(table_name)
    table = SQLModel.metadata.tables[table_name]
    order = list(table.primary_key.columns) or columns
    query = sa.select(*columns).order_by(*order)
    result = connection.execution_options(stream_results=True, yield_per=5_000).execute(query)
    for row in result:
        yield list(row)


def write_table_csv(bind: Engine | Connection | Session, table_name: str, out: TextIO) -> int:
    """Write one table as CSV to `out`; returns the number of data rows."""
    if isinstance(bind, Engine):
        with bind.connect() as connection:
            return write_table_csv(connection, table_name, out)
    connection = bind.connection() if isinstance(bind, Session) else bind
    header = [column.name for column in export_columns(table_name)]
    return write_csv_rows(out, header, _rows(connection, table_name))


def table_csv_bytes(bind: Engine | Connection | Session, table_name: str) -> bytes:
    """One table as UTF-8 CSV bytes, for a download button."""
    out = io.StringIO()
    write_table_csv(bind, table_name, out)
    return out.getvalue().encode("utf-8")


def badge_assertions(session: Session) -> list[tuple[str, str]]:
    """(assertion id, label) of every Open Badges 2.0 badge held, for a picker."""
    rows = session.exec(
        select(col(Badge.assertion_id), col(Badge.name), col(Badge.issued_on))
        .where(Badge.format == "openbadges-2", col(Badge.raw_json).is_not(None))
        .order_by(col(Badge.issued_on).desc(), col(Badge.id).desc())
    ).all()
    return [(assertion_id, f"{name} ({issued})") for assertion_id, name, issued in rows]


def export_badge(session: Session, assertion_id: str) -> tuple[str, bytes]:
    """A held Open Badges 2.0 badge exactly as received: (file name, JSON or JWS bytes).

    ValueError when no badge has that assertion id, or it is not an Open Badges 2.0 badge.
    """
    badge = session.exec(select(Badge).where(Badge.assertion_id == assertion_id)).first()
    if badge is None:
        raise ValueError(f"no badge with assertion id {assertion_id}")
    if badge.format != "openbadges-2" or not badge.raw_json:
        raise ValueError(
            f"badge {assertion_id} is {badge.format}, not an Open Badges 2.0 badge we hold as received"
        )
    data = export_openbadges2(badge.raw_json)
    suffix = "jws" if looks_like_jws(badge.raw_json) else "json"
    return f"badge-{badge.id}.{suffix}", data


ONBOARDING_HEADER = ["plan", "job_role", "team", "credential", "due_days_after_hire", "required", "active"]


def onboarding_csv_bytes(bind: Engine) -> bytes:
    """Every onboarding plan in the `onboarding` import's own CSV layout (names, not ids), so a
    file exported here and imported again changes nothing, and can be edited in between."""
    with Session(bind) as session:
        plans = onboarding_plans(session, Scope.all(), include_retired=True)
    listed: list[dict[Any, Any]] = plans.dropna(subset=["credential"]).to_dict("records")
    names = ("plan", "job_role", "team", "credential")
    rows = (
        [*(r[n] for n in names), int(r["due_days_after_hire"]), bool(r["required"]), bool(r["active"])]
        for r in listed
    )
    out = io.StringIO()
    write_csv_rows(out, ONBOARDING_HEADER, rows)
    return out.getvalue().encode("utf-8")
