"""`upskill import KIND FILE`: bring a file in, all or nothing, and say what changed or what is wrong.

Output is what a person needs to act: counts per table on stdout, or every
error as `file:row:field: message` on stderr with exit code 1. A dry run
prints what would change. Large files show a progress bar on a terminal.
"""

from __future__ import annotations

import getpass
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .errors import CliError, friendly_errors
from .lazy import lazy

if TYPE_CHECKING:
    from rich.progress import Progress
    from sqlmodel import Session

    from data_model.importing import ImportReport
    from data_model.importing import Progress as ImportProgress

importing = lazy("data_model.importing")

PROGRESS_FROM_BYTES = 1 << 20
KIND_HELP = (
    "employees (HRIS CSV), learning (sessions CSV), enrollments (CSV), badges (Credly CSV; Open Badges "
    "JSON, JWS, baked PNG/SVG; a folder or zip of them), xapi (statements JSON), skills, targets, "
    "catalog (CSV or JSON)."
)


def _who(session: Session, email: str | None) -> tuple[str, str]:
    """(who, role) the import runs as: the --as account, else the shell user as admin."""
    if email is None:
        return f"cli:{getpass.getuser()}", "admin"
    from data_model.accounts import account_for_email

    user = account_for_email(session, email)
    if user is None:
        raise CliError(f"--as {email}: no account with that email (add one with `upskill users add`)")
    if user.role not in importing.IMPORT_ROLES:
        raise CliError(
            f"--as {email}: a {user.role} account cannot import data; imports are for admin and HR"
        )
    return user.email, user.role


def _print(report: ImportReport) -> None:
    if report.dry_run and report.ok and not report.already_imported:
        typer.echo("dry run: nothing was written")
    typer.echo(report.summary())
    rows = report.count_rows()
    if rows and report.ok and not report.already_imported:
        width = max(len("table"), *(len(r["table"]) for r in rows))
        typer.echo(f"  {'table':<{width}}  {'created':>9}  {'updated':>9}  {'unchanged':>9}  {'deleted':>9}")
        for r in rows:
            typer.echo(
                f"  {r['table']:<{width}}  {r['created']:>9,}  {r['updated']:>9,}  "
                f"{r['unchanged']:>9,}  {r['deleted']:>9,}"
            )
    for note in report.notes:
        if note != report.already_imported:
            typer.echo(f"note: {note}")


class _ProgressLines:
    """Progress for a log or a scheduler (stderr is not a terminal): one line at most every 2 s."""

    def __init__(self) -> None:
        self._last = time.monotonic()  # quiet for work under 2 s

    def __call__(self, step: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self._last < 2 or not total:
            return
        self._last = now
        sys.stderr.write(f"{step}: {min(100, 100 * done // total)}%\n")
        sys.stderr.flush()


def _progress_bar(size: int) -> Progress | None:
    if size < PROGRESS_FROM_BYTES or not sys.stderr.isatty():
        return None
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    )


@friendly_errors
def import_command(
    kind: Annotated[str, typer.Argument(help=KIND_HELP, show_default=False)],
    file: Annotated[Path, typer.Argument(help="The file (or, for badges, a folder) to import.")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check everything and print what would change; write nothing.")
    ] = False,
    date_format: Annotated[
        str | None,
        typer.Option(help="How slashed dates read: dmy (31/01/2026) or mdy (01/31/2026). ISO always works."),
    ] = None,
    issuer_key: Annotated[
        Path | None,
        typer.Option(help="The badge issuer's public key (PEM), to verify signed badges (JWS, VC-JWT)."),
    ] = None,
    as_email: Annotated[
        str | None,
        typer.Option("--as", help="Import as this admin or HR account (recorded as who imported)."),
    ] = None,
) -> None:
    """Import a file of KIND, all or nothing: every error is listed and nothing is written unless none.

    The same file imported twice writes nothing the second time; records already stored are left as they are.
    """
    from sqlmodel import Session

    from data_model.db import get_settings, make_engine
    from data_model.importing.streams import size_of

    if kind not in importing.KINDS:
        raise CliError(f"unknown kind {kind!r}; use one of: {', '.join(importing.KINDS)}", exit_code=2)
    if date_format is not None and date_format not in ("dmy", "mdy"):
        raise CliError(f"--date-format must be dmy or mdy, not {date_format!r}", exit_code=2)
    if not file.exists():
        raise CliError(f"{file}: no such file")
    limit_mb = get_settings().max_upload_mb
    size = size_of(file)
    if size > limit_mb << 20:
        raise CliError(
            f"{file.name} is {size / (1 << 20):,.1f} MB; the largest file accepted is {limit_mb} MB "
            "(UPSKILL_MAX_UPLOAD_MB); split it into smaller files"
        )
    key = issuer_key.read_bytes() if issuer_key is not None else None
    engine = make_engine()
    with Session(engine) as session:
        who, role = _who(session, as_email)
        bar = _progress_bar(size)
        if bar is None:
            lines = _ProgressLines() if size >= PROGRESS_FROM_BYTES else None
            report = _run(session, kind, file, who, role, dry_run, date_format, key, lines)
        else:
            with bar:
                task = bar.add_task("reading", total=None)

                def progress(step: str, done: int, total: int) -> None:
                    bar.update(task, description=step, completed=done, total=total)

                report = _run(session, kind, file, who, role, dry_run, date_format, key, progress)
    engine.dispose()
    if not report.ok:
        for line in report.error_lines():
            typer.echo(line, err=True)
        for note in report.notes:
            typer.echo(f"note: {note}", err=True)
        typer.echo(f"error: {report.error_count:,} error(s) in {file.name}; nothing was written", err=True)
        raise typer.Exit(1)
    _print(report)


def _run(
    session: Session,
    kind: str,
    file: Path,
    who: str,
    role: str,
    dry_run: bool,
    date_format: str | None,
    key: bytes | None,
    progress: ImportProgress | None,
) -> ImportReport:
    return importing.import_file(
        session,
        kind,
        file,
        file_name=file.name,
        who=who,
        role=role,
        dry_run=dry_run,
        date_format=date_format,
        issuer_key=key,
        progress=progress,
    )
