"""`upskill users`: local accounts for sign-in without OIDC."""

from __future__ import annotations

from typing import Annotated

import typer

from data_model.vocab import ROLES

from .errors import CliError, friendly_errors

users_app = typer.Typer(
    rich_markup_mode=None,  # plain click help: rich's renderer alone costs 0.1 s per --help
    help="Local accounts: who may sign in when OIDC is not configured.",
    no_args_is_help=True,
)


@users_app.command("add")
@friendly_errors
def users_add(
    email: Annotated[str, typer.Option(help="Work email; a matching employee is linked to the account.")],
    role: Annotated[str, typer.Option(help=f"One of: {', '.join(ROLES)}.")],
    team: Annotated[
        str | None, typer.Option(help="For a lead: the team they lead (sub-teams included).")
    ] = None,
    password: Annotated[
        str | None,
        typer.Option(
            help="Password (at least 10 characters). Asked for when omitted; use --no-password for OIDC."
        ),
    ] = None,
    no_password: Annotated[
        bool, typer.Option("--no-password", help="OIDC-only account: no local password.")
    ] = False,
) -> None:
    """Add an account. Passwords are stored as salted argon2 hashes, never as text."""
    from sqlmodel import Session

    from data_model import migrate
    from data_model.actions.accounts import AccountError, add_account
    from data_model.db import make_engine

    if role not in ROLES:
        raise CliError(f"unknown role {role!r}; use one of {', '.join(ROLES)}", exit_code=2)
    if password is None and not no_password:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    engine = make_engine()
    if not migrate.is_up_to_date(engine):
        raise CliError("the database schema is not at the newest revision: run `upskill db upgrade` first")
    with Session(engine) as session:
        try:
            account = add_account(
                session, email=email, role=role, password=None if no_password else password, team=team
            )
            session.commit()
        except AccountError as exc:
            raise CliError(str(exc)) from None
        typer.echo(f"added {account.email} as {account.role}" + (f", lead of {team}" if team else ""))


@users_app.command("list")
@friendly_errors
def users_list(
    role: Annotated[str | None, typer.Option(help="Only this role.")] = None,
) -> None:
    """List accounts: email, role, active, local password or OIDC only."""
    from sqlmodel import Session, select

    from data_model.db import make_engine
    from data_model.models import Account

    with Session(make_engine()) as session:
        query = select(Account).order_by(Account.role, Account.email)
        if role:
            query = query.where(Account.role == role)
        for account in session.exec(query):
            kind = "password" if account.password_hash else "oidc/demo"
            state = "active" if account.active else "inactive"
            typer.echo(f"{account.email}\t{account.role}\t{state}\t{kind}")
