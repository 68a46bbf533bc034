"""One engine per process, a ready database, and cached calls into data_model."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

import sqlalchemy as sa
import streamlit as st
from sqlalchemy.engine import Engine
from sqlmodel import Session

from data_model import clock, migrate
from data_model.access import AccessDenied, Scope
from data_model.actions import ActionError
from data_model.bootstrap import has_people
from data_model.db import get_settings, make_engine, session_scope

from . import format

T = TypeVar("T")
log = logging.getLogger(__name__)

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


# A cached figure is a small frame or a few values; this many cover every scope and filter in
# use at once, and the least recently used go first, so memory stays bounded however many
# people click.
FIGURE_CACHE_ENTRIES = 4000


@st.cache_data(ttl=get_settings().cache_ttl_seconds, max_entries=FIGURE_CACHE_ENTRIES, show_spinner=False)
def _cached_call(_func: Callable[..., Any], _args: tuple, _kwargs: dict, key: str) -> Any:
    with Session(engine()) as session:
        return _func(session, *_args, **_kwargs)


@st.cache_data(ttl=get_settings().cache_ttl_seconds, max_entries=FIGURE_CACHE_ENTRIES, show_spinner=False)
def _cached_call_hashed(_func: Callable[..., Any], func_key: str, args: tuple, kwargs: dict) -> Any:
    with Session(engine()) as session:
        return _func(session, *args, **kwargs)


_PLAIN = (str, int, float, bool, type(None), date, datetime, Decimal)


def _key(value: Any) -> str | None:
    """A cache key for an argument, or None when it is not a plain value.

    Written out here because Streamlit's own hashing of every argument (a scope holds a set of
    team ids) cost more than the cached read it guarded. Sets are sorted, so equal sets give
    equal keys.
    """
    if isinstance(value, _PLAIN):
        return f"{type(value).__name__}:{value!r}"
    if isinstance(value, Scope):
        fields = _key(dataclasses.astuple(value))
        return None if fields is None else f"Scope{fields}"
    if isinstance(value, tuple | list | frozenset | set):
        parts = [_key(v) for v in value]
        known = [part for part in parts if part is not None]
        if len(known) < len(parts):
            return None
        if isinstance(value, frozenset | set):
            return "{" + ",".join(sorted(known)) + "}"
        return "(" + ",".join(known) + ")"
    return None


def _shared(value: Any) -> Any:
    """A scope without the reader's email: the figures a scope may see are the same whoever
    reads them, so two HR managers (or two leads of the same teams) share them."""
    return dataclasses.replace(value, email=None) if isinstance(value, Scope) and value.email else value


def cached(func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """A read function's answer, cached per arguments (scope included, the reader's email not)
    across every session of this process until a write clears it or it is `cache_ttl` old."""
    name = f"{func.__module__}.{func.__qualname__}"
    args = tuple(_shared(a) for a in args)
    kwargs = {k: _shared(v) for k, v in kwargs.items()}
    key = _key((args, tuple(sorted(kwargs.items()))))
    try:
        if key is not None:
            return _cached_call(func, args, kwargs, f"{name}{key}")
        return _cached_call_hashed(func, name, args, kwargs)
    except sa.exc.DBAPIError as exc:
        _stop_on_database_trouble(exc, f"reading {name}")
        raise  # not reached: st.stop() ends the script


def clear_cached_figures() -> None:
    """After a write: every cached figure is recomputed on this rerun."""
    _cached_call.clear()
    _cached_call_hashed.clear()


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
