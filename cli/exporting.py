"""`upskill export TABLE`: any table as CSV for a spreadsheet or a BI tool; a badge as received.

`upskill export badge` writes the badge table; `upskill export badge ASSERTION_ID --output FILE`
writes that one Open Badges 2.0 badge exactly as it was received (JSON, or the JWS when signed).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from .errors import CliError, friendly_errors


@friendly_errors
def export_command(
    table: Annotated[str, typer.Argument(help="A table name, e.g. employee, learning_session, badge.")],
    assertion_id: Annotated[
        str | None,
        typer.Argument(
            help="With `badge`: the assertion id of one Open Badges 2.0 badge to export as received."
        ),
    ] = None,
    format: Annotated[str, typer.Option("--format", help="csv (UTF-8, ISO dates).")] = "csv",
    output: Annotated[Path | None, typer.Option(help="Write here instead of standard output.")] = None,
) -> None:
    """Export a table as CSV (password hashes are never exported), or one badge as received."""
    from sqlmodel import Session

    from data_model.db import make_engine
    from data_model.importing.exports import export_badge, table_names, write_table_csv

    if table not in table_names():
        raise CliError(f"no table {table!r}; tables: {', '.join(table_names())}", exit_code=2)
    engine = make_engine()
    try:
        if assertion_id is not None:
            if table != "badge":
                raise CliError("an id can only follow `badge` (an Open Badges 2.0 assertion id)", exit_code=2)
            with Session(engine) as session:
                name, data = export_badge(session, assertion_id)
            if output is None:
                typer.echo(data.decode("utf-8"), nl=False)
            else:
                output.write_bytes(data)
                typer.echo(f"wrote {name} ({len(data):,} bytes) to {output}", err=True)
            return
        if format != "csv":
            raise CliError(f"--format {format!r}: only csv is supported", exit_code=2)
        if output is None:
            write_table_csv(engine, table, sys.stdout)
            return
        with output.open("w", encoding="utf-8", newline="") as out:
            count = write_table_csv(engine, table, out)
        typer.echo(f"wrote {count:,} rows of {table} to {output}", err=True)
    finally:
        engine.dispose()
