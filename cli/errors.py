"""Turn expected failures into one clear line on stderr and a non-zero exit, never a traceback."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from typing import ParamSpec, TypeVar

import typer

from .lazy import lazy

sa = lazy("sqlalchemy")
db = lazy("data_model.db")

P = ParamSpec("P")
R = TypeVar("R")


class CliError(Exception):
    """A failure to report as one line, with the exit code to use."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def fail(message: str, exit_code: int = 1) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(exit_code)


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def friendly_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Wrap a command so database and input problems end in one line and exit 1."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except CliError as exc:
            raise fail(str(exc), exc.exit_code) from None
        except db.DatabaseConfigError as exc:
            raise fail(str(exc)) from None
        except sa.exc.OperationalError as exc:
            url = db.describe_url(db.get_settings().database_url)
            raise fail(f"cannot use the database {url}: {_first_line(exc)}") from None
        except sa.exc.IntegrityError as exc:
            raise fail(f"the database refused the change: {_first_line(exc)}") from None
        except (ValueError, FileNotFoundError, PermissionError) as exc:
            raise fail(_first_line(exc)) from None
        except KeyboardInterrupt:
            typer.echo("interrupted", err=True)
            sys.exit(130)

    return wrapper
