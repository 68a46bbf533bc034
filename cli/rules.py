"""`upskill rules`: run the dated assignment rules (recertification) from a scheduler."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from .errors import CliError, friendly_errors
from .lazy import lazy

clock = lazy("data_model.clock")

rules_app = typer.Typer(
    rich_markup_mode=None,  # plain click help: rich's renderer alone costs 0.1 s per --help
    help="Automatic assignment rules.",
    no_args_is_help=True,
)
# Who the audit log names for what a scheduled run assigns.
RULES_ACTOR = "rules"


def _day(text: str | None) -> date:
    if text is None:
        return clock.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CliError(f"--as-of must be a date as YYYY-MM-DD, got {text!r}", exit_code=2) from None


@rules_app.command("run")
@friendly_errors
def rules_run(
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="The day to run for (YYYY-MM-DD); today if left out.")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would be assigned; write nothing.")
    ] = False,
) -> None:
    """Run the switched-on recertification rules for a day. Running twice assigns nothing new."""
    from sqlmodel import Session

    from data_model import migrate
    from data_model.access import Scope
    from data_model.actions.rules import run_dated_rules
    from data_model.db import make_engine, session_scope
    from data_model.metrics.rules import planned_recertifications

    day = _day(as_of)
    engine = make_engine()
    if not migrate.is_up_to_date(engine):
        raise CliError("the database schema is not at the newest revision: run `upskill db upgrade` first")
    scope = Scope.all(role="admin", email=RULES_ACTOR)
    if dry_run:
        with Session(engine) as session:
            planned = planned_recertifications(session, scope, as_of=day)
        for p in planned:
            state = "assign" if p.why_not is None else f"skip: {p.why_not}"
            typer.echo(f"{p.rule}\t{p.employee_code}\t{p.credential}\texpires {p.expires_on}\t{state}")
        typer.echo(
            f"{sum(p.why_not is None for p in planned)} assignment(s) would be made for {day} (dry run)"
        )
        return
    with session_scope(engine) as session:
        result = run_dated_rules(session, scope, as_of=day)
    typer.echo(f"{day}: {result.summary()}")
