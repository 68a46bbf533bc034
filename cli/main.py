"""Entry point of the `upskill` command."""

from __future__ import annotations

import sys
from datetime import date
from typing import Annotated

import typer

from .errors import CliError, friendly_errors
from .exporting import export_command
from .importing import import_command
from .lazy import lazy
from .report import report_app
from .rules import rules_app
from .users import users_app

clock = lazy("data_model.clock")
db = lazy("data_model.db")
migrate = lazy("data_model.migrate")

app = typer.Typer(
    rich_markup_mode=None,  # plain click help: rich's renderer alone costs 0.1 s per --help
    name="upskill",
    help="Upskill: the employer upskilling dashboard, headless. The database is UPSKILL_DATABASE_URL "
    "(default: the SQLite file upskill.db beside dashboard.py).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
db_app = typer.Typer(
    rich_markup_mode=None,  # plain click help: rich's renderer alone costs 0.1 s per --help
    help="Create and upgrade the database schema (Alembic migrations).",
    no_args_is_help=True,
)
app.add_typer(db_app, name="db")
app.add_typer(report_app, name="report")
app.add_typer(users_app, name="users")
app.add_typer(rules_app, name="rules")
app.command("import")(import_command)
app.command("export")(export_command)


@db_app.command("upgrade")
@friendly_errors
def db_upgrade(
    revision: Annotated[str, typer.Argument(help="Alembic revision to reach.")] = "head",
) -> None:
    """Bring the database to the newest schema (or REVISION); running it again only applies what is new."""
    url = db.get_settings().database_url
    engine = db.make_engine(url)
    before = migrate.current_revision(engine)
    migrate.upgrade(engine, revision)
    after = migrate.current_revision(engine)
    if before == after:
        typer.echo(f"{db.describe_url(url)}: already at {after}")
    else:
        typer.echo(f"{db.describe_url(url)}: upgraded {before or 'empty database'} -> {after}")


@db_app.command("current")
@friendly_errors
def db_current() -> None:
    """Print the schema revision the database is at, and whether it is the newest."""
    engine = db.make_engine()
    current = migrate.current_revision(engine)
    head = migrate.head_revision()
    state = "up to date" if current == head else f"behind (newest is {head}); run `upskill db upgrade`"
    typer.echo(f"{current or 'no schema'}: {state}")


@db_app.command("rebuild-rollups")
@friendly_errors
def db_rebuild_rollups(
    check: Annotated[
        bool, typer.Option("--check", help="Only compare: write nothing, exit 1 when they differ.")
    ] = False,
) -> None:
    """Recompute the pre-aggregated figures (learning minutes per person per week) from the raw rows.

    Says how many weeks were missing, extra or different. They are kept exact on every write, so
    anything found means rows were written around the application (SQL by hand, a restore).
    """
    from data_model import rollups

    engine = db.make_engine()
    if not migrate.is_up_to_date(engine):
        raise CliError("the database schema is not at the newest revision: run `upskill db upgrade` first")
    typer.echo("comparing learning_week with the learning sessions...", err=True)
    with engine.begin() as connection:
        found = rollups.rebuild_rollups(connection, fix=not check)
    typer.echo(
        f"learning_week: {found.stored:,} weeks stored, {found.expected:,} from the sessions; "
        f"{found.missing:,} missing, {found.extra:,} extra, {found.different:,} different"
    )
    if found.exact:
        typer.echo("exact: nothing to do")
    elif found.rewritten:
        typer.echo(f"rewritten: learning_week now holds the {found.expected:,} weeks the sessions make")
    else:
        typer.echo("differs (--check: nothing written); run `upskill db rebuild-rollups` to repair", err=True)
        raise typer.Exit(1)


@app.command("seed")
@friendly_errors
def seed_command(
    employees: Annotated[
        int, typer.Option(min=5, max=200_000, help="How many people the company has had.")
    ] = 200,
    weeks: Annotated[int, typer.Option(min=1, max=520, help="Weeks of learning history to generate.")] = 52,
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same rows.")] = 7,
    end: Annotated[
        str | None,
        typer.Option(help="Last day of the generated history, YYYY-MM-DD (default: today)."),
    ] = None,
) -> None:
    """Fill an empty database with a realistic, deterministic demo organisation.

    Upgrades the schema first. Refuses a database that already holds people, so nothing stored is lost.
    """
    from seed import build_demo_organisation

    try:
        end_date = date.fromisoformat(end) if end else clock.today()
    except ValueError:
        raise CliError(f"--end must be a date as YYYY-MM-DD, got {end!r}") from None
    engine = db.make_engine()
    migrate.upgrade(engine)

    def progress(step: str, done: int, total: int) -> None:
        typer.echo(f"  {step}: {done:,}/{total:,}", err=True)

    counts = build_demo_organisation(
        engine, employees=employees, weeks=weeks, seed=seed, end=end_date, progress=progress
    )
    total = sum(counts.values())
    typer.echo(f"seeded {db.describe_url(db.get_settings().database_url)}: {total:,} rows")
    for table, count in counts.items():
        typer.echo(f"  {table:<20} {count:>10,}")


def main() -> None:
    """Run the CLI; usage mistakes end in one line naming the fix, not a framed box."""
    if "--help" not in sys.argv[1:]:  # help needs no settings: it answers before the data layer loads
        from data_model.logs import configure_logging

        configure_logging(
            default="WARNING"
        )  # commands print what they did; UPSKILL_LOG_LEVEL=INFO adds the log
    try:
        result = app(standalone_mode=False)
    except typer.TyperException as exc:
        ctx = getattr(exc, "ctx", None)
        if type(exc).__name__ == "NoArgsIsHelpError" and ctx is not None:
            typer.echo(ctx.get_help())
            sys.exit(0)
        hint = f" (see `{ctx.command_path} --help`)" if ctx is not None else ""
        typer.echo(f"error: {exc.format_message()}{hint}", err=True)
        sys.exit(getattr(exc, "exit_code", 2))
    except typer.Abort:
        typer.echo("aborted", err=True)
        sys.exit(1)
    sys.exit(result if isinstance(result, int) else 0)


if __name__ == "__main__":
    main()
