"""Record keeping: what was imported from which file, and who changed what."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field

from .base import TableModel, created_at_column


class ImportBatch(TableModel, table=True):
    """One imported file. The sha256 lets a second import of the same file write nothing."""

    __tablename__ = "import_batch"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=40)
    file_name: str = Field(max_length=500)
    sha256: str = Field(max_length=64, index=True)
    rows_read: int = 0
    rows_written: int = 0
    errors: int = 0
    created_by: str | None = Field(default=None, max_length=254)
    created_at: datetime | None = Field(default=None, sa_column=created_at_column())


class AuditEvent(TableModel, table=True):
    """Every write a person makes: who, what, and a before/after summary (JSON text)."""

    __tablename__ = "audit_event"
    __table_args__ = (sa.Index("ix_audit_event_entity", "entity", "entity_id"),)

    id: int | None = Field(default=None, primary_key=True)
    actor: str = Field(max_length=254)
    action: str = Field(max_length=60)
    entity: str = Field(max_length=60)
    entity_id: str | None = Field(default=None, max_length=64)
    before: str | None = None
    after: str | None = None
    created_at: datetime | None = Field(default=None, sa_column=created_at_column())
