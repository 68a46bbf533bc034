"""The `learning` kind: a learning-sessions CSV, streamed record by record into the bulk writer.

A million-row file is never held as a list: each good record is checked and
queued, and written in chunks while no error has been found. An error anywhere
stops the writing (the rest of the file is still read, for its errors) and the
runner rolls the whole transaction back.
"""

from __future__ import annotations

from typing import BinaryIO

from data_model.formats import LearningRecord, ParseResult, iter_learning

from .context import ImportContext
from .lookups import Credentials
from .preview import PREVIEW_ROWS, preview_of
from .sessions import CredentialResolver, SessionWriter
from .streams import Counted, as_stream, size_of


def import_learning(ctx: ImportContext, data: bytes | BinaryIO) -> None:
    result: ParseResult[LearningRecord] = ParseResult(ctx.file_name)
    ctx.result = result
    credentials = _credential_resolver(ctx)
    writer = SessionWriter(ctx, source="csv", resolve_credential=credentials)
    stream = Counted(as_stream(data), size_of(data), ctx.progress, "reading learning sessions")
    records = iter_learning(stream, result, date_format=ctx.date_format, today=ctx.today)
    for record in records:
        if len(ctx.report.preview) < PREVIEW_ROWS:
            ctx.report.preview.append(preview_of(record))
        writer.add(record)
    writer.flush()
    writer.close()


def _credential_resolver(ctx: ImportContext) -> CredentialResolver:
    catalog = Credentials(ctx.session)

    def resolve(record: LearningRecord) -> tuple[int | None, bool]:
        if record.credential is None:
            return None, True
        found = catalog.find_code(record.credential)
        if found is None:
            ctx.error(record.origin, "credential_code", f"unknown credential {record.credential}")
            return None, False
        return found.id, True

    return resolve
