"""The `xapi` kind: statements from an LRS export become learning sessions (source `xapi`).

The parser has already decided which statements count and for how long; here
each actor is matched to an employee (an unknown actor is an error), each
activity to a credential where its IRI is a credential's url or ends in its code
(an activity that is no credential is fine: time is time), and the sessions are
written by the same bulk writer as the CSV kind, the statement id being the
external id. A statement voided in this file but imported earlier is removed
from the stored sessions, since it no longer happened.
"""

from __future__ import annotations

from typing import Any, BinaryIO

import sqlalchemy as sa

from data_model import rollups
from data_model.actions import record_audit
from data_model.formats import LearningRecord, XapiResult, iter_xapi
from data_model.models import LearningSession

from .context import ImportContext
from .lookups import Credentials
from .preview import PREVIEW_ROWS, preview_of
from .sessions import LOOKUP_CHUNK, TABLE, SessionWriter
from .streams import Counted, as_stream, size_of


def import_xapi(ctx: ImportContext, data: bytes | BinaryIO) -> None:
    ctx.progress("reading statements", 0, 1)
    result = XapiResult(ctx.file_name)
    ctx.result = result
    catalog = Credentials(ctx.session)
    unmatched: set[str] = set()

    def resolve(record: LearningRecord) -> tuple[int | None, bool]:
        found = catalog.find_activity(record.credential)
        if found is None and record.credential:
            unmatched.add(record.credential)
        return (found.id if found else None), True

    writer = SessionWriter(ctx, source="xapi", resolve_credential=resolve)
    stream = Counted(as_stream(data), size_of(data), ctx.progress, "reading statements")
    for record in iter_xapi(stream, result, today=ctx.today):
        if len(ctx.report.preview) < PREVIEW_ROWS:
            ctx.report.preview.append(preview_of(record))
        writer.add(record)
    writer.flush()
    writer.close()
    if result.ok and result.rows_read == 0:
        ctx.file_error("the file holds no statements")
    if unmatched:
        ctx.note(f"{len(unmatched)} activities match no credential; their time is kept without one")
    if result.voided_elsewhere and ctx.ok:
        _remove_voided(ctx, result.voided_elsewhere)


def _remove_voided(ctx: ImportContext, statement_ids: list[str]) -> None:
    table = LearningSession.__table__
    stored: list[sa.Row[Any]] = []
    for start in range(0, len(statement_ids), LOOKUP_CHUNK):  # SQLite caps bound parameters
        stored += ctx.session.execute(
            sa.select(
                table.c.id, table.c.external_id, table.c.employee_id, table.c.date, table.c.minutes
            ).where(
                table.c.source == "xapi",
                table.c.external_id.in_(statement_ids[start : start + LOOKUP_CHUNK]),
            )
        ).all()
    for row in stored:
        ctx.session.execute(sa.delete(table).where(table.c.id == row.id))
        record_audit(
            ctx.session,
            ctx.scope,
            action="void_learning",
            entity=TABLE,
            entity_id=row.id,
            before={
                "statement": row.external_id,
                "employee_id": row.employee_id,
                "date": row.date,
                "minutes": row.minutes,
            },
        )
    rollups.weeks_changed(ctx.session, {(row.employee_id, rollups.monday_of(row.date)) for row in stored})
    if stored:
        ctx.open_batch()
        ctx.count(TABLE, "deleted", len(stored))
        ctx.note(f"{len(stored)} stored sessions removed: their statements were voided in this file")
    missing = len(statement_ids) - len(stored)
    if missing:
        ctx.note(f"{missing} voided statements were never imported; nothing to remove")
