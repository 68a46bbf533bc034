"""One import, all or nothing: refuse what is too big or already imported, parse, resolve, write, commit.

The runner owns the session's transaction. Any error, the parser's or the
writer's, and the transaction is rolled back: the database is byte for byte as
it was. A dry run does everything, writes included, and then rolls back, so
its counts are what the real import will do. A file that would change nothing
(every record already stored) is rolled back too, leaving no ImportBatch
behind; the same file imported twice is recognised by its sha256 before it is
even parsed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

import sqlalchemy as sa
from sqlmodel import Session, col, select

from data_model.access import AccessDenied, Scope
from data_model.actions import ActionError, record_audit
from data_model.db import get_settings
from data_model.formats import ImportIssue
from data_model.models import ImportBatch

from .. import clock
from .badges import import_badges
from .catalog import import_catalog
from .context import ImportContext, Progress, no_progress
from .employees import import_employees
from .enrollments import import_enrollments
from .learning import import_learning
from .onboarding import import_onboarding
from .report import CHANGES, ImportReport
from .skills import import_skills
from .streams import sha256_of, size_of
from .targets import import_targets
from .xapi import import_xapi

IMPORTERS: dict[str, Callable[[ImportContext, Any], None]] = {
    "employees": import_employees,
    "learning": import_learning,
    "enrollments": import_enrollments,
    "badges": import_badges,
    "xapi": import_xapi,
    "skills": import_skills,
    "targets": import_targets,
    "catalog": import_catalog,
    "onboarding": import_onboarding,
}
KINDS = tuple(IMPORTERS)
IMPORT_ROLES = ("admin", "hr")
log = logging.getLogger(__name__)


def _already_imported(session: Session, kind: str, sha256: str) -> ImportBatch | None:
    return session.exec(
        select(ImportBatch)
        .where(ImportBatch.kind == kind, ImportBatch.sha256 == sha256)
        .order_by(col(ImportBatch.id))
        .limit(1)
    ).first()


def _refuse(report: ImportReport, message: str) -> ImportReport:
    log.info("import refused: %s %s: %s", report.kind, report.file, message)
    report.errors.append(ImportIssue(report.file, None, None, message))
    report.error_count += 1
    return report


def _log_outcome(report: ImportReport) -> None:
    """One log line per import: what it wrote (or would), table by table, or its first error."""
    if not report.ok:
        first = (report.error_lines() or ["?"])[0]
        log.info("import failed: %s %s; first error: %s", report.kind, report.summary(), first)
        return
    tables = "; ".join(
        f"{row['table']}: " + ", ".join(f"{row[change]} {change}" for change in CHANGES if row[change])
        for row in report.count_rows()
    )
    log.info("import done: %s %s%s", report.kind, report.summary(), f" [{tables}]" if tables else "")


def _finish(ctx: ImportContext) -> None:
    """Fill in the batch row and leave one audit event that sums the import up."""
    report = ctx.report
    batch = ctx.session.get(ImportBatch, ctx.batch_id)
    assert batch is not None
    batch.rows_read = report.rows_read
    batch.rows_written = report.rows_written
    batch.errors = report.error_count
    ctx.session.add(batch)
    record_audit(
        ctx.session,
        ctx.scope,
        action=f"import_{report.kind}",
        entity="import_batch",
        entity_id=batch.id,
        after={
            "file": report.file,
            "sha256": ctx.sha256,
            "rows_read": report.rows_read,
            "counts": {row.pop("table"): row for row in report.count_rows()},
        },
    )
    ctx.session.flush()


def import_file(
    session: Session,
    kind: str,
    data: bytes | BinaryIO | Path,
    *,
    file_name: str,
    who: str | None,
    role: str = "admin",
    dry_run: bool = False,
    date_format: str | None = None,
    issuer_key: bytes | None = None,
    today: date | None = None,
    progress: Progress | None = None,
    max_bytes: int | None = None,
) -> ImportReport:
    """Import one file of `kind` as `who` (an admin or HR account), all or nothing.

    `session` must be fresh: the import commits it (or rolls it back on any
    error, on a dry run, or when nothing would change). `data` is the file's
    bytes, an open binary file, or (badges only) a folder. `max_bytes` defaults
    to UPSKILL_MAX_UPLOAD_MB. Returns what was (or would be) written, or every error.
    """
    if kind not in IMPORTERS:
        raise ValueError(f"unknown import kind {kind!r}; use one of: {', '.join(KINDS)}")
    if role not in IMPORT_ROLES:
        log.warning("import refused: %s %s: %s is a %s account, not admin or HR", kind, file_name, who, role)
        raise AccessDenied(f"a {role} account cannot import data; imports are for admin and HR")
    report = ImportReport(kind=kind, file=file_name, dry_run=dry_run)
    limit = max_bytes if max_bytes is not None else get_settings().max_upload_mb << 20
    size = size_of(data)
    if size > limit:
        return _refuse(
            report,
            f"the file is {size / (1 << 20):,.1f} MB; the largest accepted is {limit / (1 << 20):,.0f} MB "
            "(UPSKILL_MAX_UPLOAD_MB); split it into smaller files",
        )
    if isinstance(data, Path) and not (kind == "badges" and data.is_dir()):
        if data.is_dir():
            return _refuse(report, "a folder can only be imported as badges")
        with data.open("rb") as stream:
            return import_file(
                session, kind, stream, file_name=file_name, who=who, role=role, dry_run=dry_run,
                date_format=date_format, issuer_key=issuer_key, today=today, progress=progress,
                max_bytes=max_bytes,
            )  # fmt: skip
    log.info("import started: %s %s by %s%s", kind, file_name, who, " (dry run)" if dry_run else "")
    sha256 = sha256_of(data)
    earlier = _already_imported(session, kind, sha256)
    if earlier is not None:
        when = earlier.created_at.date().isoformat() if earlier.created_at else "an earlier date"
        report.already_imported = f"already imported as batch #{earlier.id} on {when}"
        log.info("import refused: %s %s: %s; nothing written", kind, file_name, report.already_imported)
        report.notes.append(report.already_imported)
        session.rollback()
        return report
    ctx = ImportContext(
        session=session,
        scope=Scope.all(role=role, email=who),
        report=report,
        sha256=sha256,
        today=today or clock.today(),
        date_format=date_format,
        issuer_key=issuer_key,
        progress=progress or no_progress,
    )
    try:
        IMPORTERS[kind](ctx, data)
        report.rows_read = ctx.result.rows_read
        report.notes[:0] = ctx.result.notes
        if ctx.ok and ctx.batch_id is not None and report.rows_written:
            _finish(ctx)
    except (ActionError, AccessDenied) as problem:
        ctx.file_error(f"refused while writing: {problem}")
    except sa.exc.IntegrityError as problem:
        first = str(problem.orig or problem).strip().splitlines()[0]
        ctx.file_error(
            f"the database refused the import ({first}); if another import of the same rows ran at "
            "the same moment, nothing of this file was written: run this import again"
        )
    except sa.exc.OperationalError as problem:
        text = str(problem.orig or problem).lower()
        if "locked" in text:
            ctx.file_error(
                "the database is busy with another import and did not free up in time; nothing was "
                "written: run this import again"
            )
        elif "full" in text or "readonly" in text or "read-only" in text:
            ctx.file_error(
                "the database cannot be written to (its disk is full or read-only); nothing was "
                "written: free some space or ask an admin, then run this import again"
            )
        else:
            log.error("import failed: %s %s: %s; nothing written", kind, file_name, problem.orig or problem)
            session.rollback()
            raise
    except BaseException as problem:
        log.error("import failed: %s %s: %s; nothing written", kind, file_name, type(problem).__name__)
        session.rollback()
        raise
    # Parser and writer errors together, in file and line order, so a person can work down the file.
    report.errors = sorted(ctx.result.errors, key=lambda i: (i.file, -1 if i.row is None else i.row))
    report.error_count = ctx.result.error_count
    keep = report.ok and not dry_run and report.rows_written > 0
    if keep:
        report.batch_id = ctx.batch_id
        session.commit()
    else:
        session.rollback()
    _log_outcome(report)
    ctx.progress("done", 1, 1)
    return report
