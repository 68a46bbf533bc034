"""Settings and the one engine factory.

Every process makes its engine here, so SQLite always gets WAL, foreign keys
and a busy timeout, and PostgreSQL always gets the same pool settings.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import StaticPool
from sqlmodel import Session

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "upskill.db"


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be a whole number, got {raw!r}") from exc


def _env_date(name: str) -> date | None:
    raw = os.environ.get(name, "").strip()
    if raw == "":
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be a date as YYYY-MM-DD, got {raw!r}") from exc


def _env_flag(name: str) -> bool | None:
    raw = os.environ.get(name, "").strip().lower()
    if raw == "":
        return None
    if raw in ("1", "true", "yes", "on"):
        return True
    if raw in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"{name} must be 1 or 0, got {raw!r}")


@dataclass(frozen=True)
class Settings:
    """Everything configurable, read from the environment in one place."""

    database_url: str = field(default_factory=lambda: f"sqlite:///{DEFAULT_SQLITE_PATH}")
    demo_employees: int = 200
    demo_weeks: int = 104
    demo_seed: int = 7
    max_upload_mb: int = 200
    cache_ttl_seconds: int = 300
    demo_on_empty: bool | None = None  # None: only the default SQLite file gets the demo
    today: date | None = None  # None: the calendar's today; a date: the day every figure is "as of"
    session_idle_minutes: int = 60  # a signed-in browser tab idle this long is signed out
    concurrent_runs: int = 2  # page runs one server process works on at once (0: no limit)
    log_level: str | None = None  # None: INFO for the dashboard, WARNING for the CLI (see data_model/logs.py)
    # PostgreSQL memory per sort or hash on this application's connections: the figures join a few hundred
    # thousand person-weeks, which at the server's default 4 MB spill to disk in batches.
    postgres_work_mem: str = "64MB"

    @property
    def is_default_database(self) -> bool:
        return self.database_url == f"sqlite:///{DEFAULT_SQLITE_PATH}"

    @property
    def seeds_demo_when_empty(self) -> bool:
        """Fill an empty database with the demo organisation on first start?"""
        return self.is_default_database if self.demo_on_empty is None else self.demo_on_empty


def get_settings() -> Settings:
    """Read settings from `UPSKILL_*` environment variables."""
    defaults = Settings()
    return Settings(
        database_url=os.environ.get("UPSKILL_DATABASE_URL") or defaults.database_url,
        demo_employees=_env_int("UPSKILL_DEMO_EMPLOYEES", defaults.demo_employees),
        demo_weeks=_env_int("UPSKILL_DEMO_WEEKS", defaults.demo_weeks),
        demo_seed=_env_int("UPSKILL_DEMO_SEED", defaults.demo_seed),
        max_upload_mb=_env_int("UPSKILL_MAX_UPLOAD_MB", defaults.max_upload_mb),
        cache_ttl_seconds=_env_int("UPSKILL_CACHE_TTL", defaults.cache_ttl_seconds),
        demo_on_empty=_env_flag("UPSKILL_DEMO"),
        today=_env_date("UPSKILL_TODAY"),
        session_idle_minutes=_env_int("UPSKILL_SESSION_IDLE_MINUTES", defaults.session_idle_minutes),
        concurrent_runs=_env_int("UPSKILL_CONCURRENT_RUNS", defaults.concurrent_runs),
        log_level=os.environ.get("UPSKILL_LOG_LEVEL", "").strip() or None,
        postgres_work_mem=_env_memory("UPSKILL_POSTGRES_WORK_MEM", defaults.postgres_work_mem),
    )


def _env_memory(name: str, default: str) -> str:
    """A PostgreSQL memory size such as 64MB (kB, MB or GB), checked: it is written into SQL."""
    raw = os.environ.get(name, "").strip() or default
    if not re.fullmatch(r"[1-9][0-9]{0,6}(kB|MB|GB)", raw):
        raise ValueError(f"{name} must be a size such as 64MB (a whole number and kB, MB or GB), got {raw!r}")
    return raw


class DatabaseConfigError(ValueError):
    """The database URL cannot be used (bad form, unknown driver)."""


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001 - DBAPI hook
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_read_only_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001 - DBAPI hook
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _read_only_file(path: Path) -> bool:
    """A database file (or its folder) this process may not write: a read-only mount, a copy
    handed out for reading. WAL needs to write its `-shm` file even to read."""
    return path.exists() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))


def make_engine(url: str | None = None, *, echo: bool = False) -> Engine:
    """The engine for `url` (default: settings). One per process; share it, not connections."""
    url = url or get_settings().database_url
    try:
        parsed = make_url(url)
    except sa.exc.ArgumentError as exc:
        raise DatabaseConfigError(f"not a database URL: {url!r}") from exc
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        database = parsed.database or ":memory:"  # a URL without a file is an in-memory database
        memory = database == ":memory:"
        kwargs: dict = {"connect_args": {"check_same_thread": False, "timeout": 10}}
        if memory:
            kwargs["poolclass"] = StaticPool
        elif _read_only_file(Path(database)):
            # Opened immutable: SQLite then reads without the WAL's shared memory and without
            # locks, which is right only because nothing can write this file. Writes fail with
            # "attempt to write a readonly database", which the pages turn into one sentence.
            uri = f"file:{Path(database).resolve()}?mode=ro&immutable=1"
            engine = sa.create_engine(
                "sqlite://",
                echo=echo,
                creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=10),
            )
            sa.event.listen(engine, "connect", _sqlite_read_only_pragmas)
            return engine
        else:
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(parsed, echo=echo, **kwargs)
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if backend == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        engine = sa.create_engine(parsed, echo=echo, pool_pre_ping=True, pool_size=5, max_overflow=5)
        work_mem = get_settings().postgres_work_mem

        @sa.event.listens_for(engine, "connect")
        def _analytics_memory(dbapi_connection, _record) -> None:  # noqa: ANN001 - DBAPI hook
            # For this application's connections only (the server's default stays for others),
            # set once per pooled connection: no extra round trip per click.
            with dbapi_connection.cursor() as cursor:
                cursor.execute(f"SET work_mem = '{work_mem}'")
            dbapi_connection.commit()

        return engine
    raise DatabaseConfigError(
        f"unsupported database {backend!r}: use sqlite:///FILE or postgresql+psycopg://..."
    )


def describe_url(url: str) -> str:
    """The URL with any password hidden, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return url


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A short session that commits on success and rolls back on any error."""
    with Session(engine) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
