"""What state a database is in: empty, seeded demo, or real data."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from .models import AuditEvent, Employee, ImportBatch

DEMO_BATCH_KIND = "demo-seed"


def has_people(session: Session) -> bool:
    return session.exec(select(Employee.id).limit(1)).first() is not None


def is_demo_database(session: Session) -> bool:
    """True only for a database filled by the demo generator: the demo sign-in picker depends on it."""
    return (
        session.exec(select(ImportBatch.id).where(ImportBatch.kind == DEMO_BATCH_KIND).limit(1)).first()
        is not None
    )


def is_untouched_demo(session: Session) -> bool:
    """The demo, and nothing else yet: no file imported and no account added since it was seeded.

    The demo sign-in picker signs in without a password, so it must vanish as soon as a
    database seeded with the demo starts holding anything real.
    """
    if not is_demo_database(session):
        return False
    other_import = session.exec(
        select(ImportBatch.id).where(ImportBatch.kind != DEMO_BATCH_KIND).limit(1)
    ).first()
    added_account = session.exec(
        select(AuditEvent.id).where(AuditEvent.action == "add_account").limit(1)
    ).first()
    return other_import is None and added_account is None


def table_counts(engine: Engine) -> dict[str, int]:
    """Rows per table, for status lines and the CLI."""
    from sqlmodel import SQLModel

    counts = {}
    with engine.connect() as connection:
        for name, table in SQLModel.metadata.tables.items():
            counts[name] = connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
    return counts
