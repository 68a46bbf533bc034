"""One engine per process, a ready database, and cached calls into data_model."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

import sqlalchemy as sa
import streamlit as st
from sqlalchemy.engine import Engine
from sqlmodel import Session

from data_model import clock, migrate
from data_model.access import AccessDenied
from data_model.actions import ActionError
from data_model.bootstrap import has_people
from data_model.db import get_settings, make_engine, session_scope

from . import format

T = TypeVar("T")
log = logging.getLogger("upskill.ui")

CONFLICT = "Someone else just changed this at the same moment, so nothing was saved. Please try again."
UNREACHABLE = (
    "The database did not answer just now, so this page could not be drawn. "
    "Nothing was changed: reload the page or click anything to try again."
)
READ_ONLY = "The database cannot be written to (read-only or full disk), so nothing was saved. Tell an admin."


def _database_trouble(exc: sa.exc.DBAPIError) -> str:
    """The message a person sees for a database failure (the details go to the server log)."""
    text = str(exc.orig).lower() if exc.orig is not None else str(exc).lower()
    if isinstance(exc, sa.exc.IntegrityError) or "locked" in text or "could not serialize" in text:
        return CONFLICT
    if "readonly" in text or "read-only" in text or ("disk" in text and "full" in text):
        return READ_ONLY
    return UNREACHABLE


def _prepare(engine: Engine) -> None:
    """Upgrade the schema; fill the default SQLite file with the demo organisation on first start."""
    migrate.upgrade(engine)
    settings = get_settings()
    if not settings.seeds_demo_when_empty:
        return
    with Session(engine) as session:
        if has_people(session):
            return

    from seed import build_demo_organisation

    bar = st.progress(0.0, text="First start: building the demo organisation…")

    def progress(step: str, done: int, total: int) -> None:
        bar.progress(
            min(1.0, done / total) if total else 1.0, text=f"First start: {step} ({done:,}/{total:,})"
        )

    build_demo_organisation(
        engine,
        employees=settings.demo_employees,
        weeks=settings.demo_weeks,
        seed=settings.demo_seed,
        end=clock.today(),
        progress=progress,
    )
    bar.empty()


@st.cache_resource(show_spinner="Opening the database…")
def engine() -> Engine:
    """The process's engine, on a database that is migrated (and seeded on first start)."""
    created = make_engine(get_settings().database_url)
    _prepare(created)
    return created


def _stop_on_database_trouble(exc: sa.exc.DBAPIError, what: str) -> None:
    log.exception("database failure while %s", what)
    if exc.connection_invalidated:
        engine().dispose()  # the next rerun opens fresh connections
    st.error(_database_trouble(exc), icon=":material/cloud_off:")
    st.stop()


def run(func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call a data_model function with a short session (no caching: for writes and fresh reads)."""
    try:
        with Session(engine()) as session:
            return func(session, *args, **kwargs)
    except sa.exc.DBAPIError as exc:
        _stop_on_database_trouble(exc, f"reading {func.__qualname__}")
        raise  # not reached: st.stop() ends the script


@st.cache_data(ttl=get_settings().cache_ttl_seconds, show_spinner=False)
def _cached_call(_func: Callable[..., Any], func_key: str, args: tuple, kwargs: dict) -> Any:
    with Session(engine()) as session:
        return _func(session, *args, **kwargs)


def cached(func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """A read function's answer, cached per arguments (scope included) until a write clears it."""
    key = f"{func.__module__}.{func.__qualname__}"
    try:
        return _cached_call(func, key, args, kwargs)
    except sa.exc.DBAPIError as exc:
        _stop_on_database_trouble(exc, f"reading {key}")
        raise  # not reached: st.stop() ends the script


def clear_cached_figures() -> None:
    """After a write: every cached figure is recomputed on this rerun."""
    _cached_call.clear()


_FLASH = "_flash_message"


def write(func: Callable[..., T], *args: Any, success: str | Callable[[T], str], **kwargs: Any) -> T | None:
    """Run a write action in its own transaction; on success clear cached figures and rerun.

    The confirmation is shown at the top of the page after the rerun, so every figure on the
    page already includes the change. A refused write shows why and changes nothing.
    """
    try:
        with session_scope(engine()) as session:
            result = func(session, *args, **kwargs)
    except (ActionError, AccessDenied) as exc:  # their messages quote names and codes
        st.error(format.literal(exc), icon=":material/block:")
        return None
    except sa.exc.DBAPIError as exc:  # a lost race, a locked file, a dropped connection
        log.exception("write %s failed", getattr(func, "__qualname__", func))
        if exc.connection_invalidated:
            engine().dispose()
        st.error(_database_trouble(exc), icon=":material/sync_problem:")
        return None
    clear_cached_figures()
    st.session_state[_FLASH] = success(result) if callable(success) else success
    st.rerun()
    return result  # not reached: st.rerun() stops the script


def show_flash() -> None:
    """The confirmation of the last write, once."""
    message = st.session_state.pop(_FLASH, None)
    if message:
        st.success(message, icon=":material/check_circle:")
