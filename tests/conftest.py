"""Shared fixtures: a fresh database per test on SQLite and, when configured, PostgreSQL.

`UPSKILL_TEST_POSTGRES_URL` turns on the PostgreSQL run of every data test. Under
`CI=true` a configured but unreachable server fails the run instead of skipping.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

import data_model.models  # noqa: F401 - registers every table
from data_model.db import make_engine

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# The day every test is "as of". No test reads the calendar: the product's clock
# (`data_model.clock.today`, set by UPSKILL_TODAY) is pinned for this process and every
# server it starts, so the demo seeded "up to today" holds the same rows on any day.
# `UPSKILL_TEST_TODAY` moves the pin (tests/test_any_day.py runs the page and browser tests
# on other days, with the wall clock moved elsewhere by libfaketime).
TODAY = date.fromisoformat(os.environ.get("UPSKILL_TEST_TODAY", "").strip() or "2026-11-25")
os.environ["UPSKILL_TODAY"] = TODAY.isoformat()

POSTGRES_URL = os.environ.get("UPSKILL_TEST_POSTGRES_URL", "").strip()
IN_CI = os.environ.get("CI", "").lower() == "true"


def _postgres_reachable() -> str | None:
    try:
        engine = make_engine(POSTGRES_URL)
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
        engine.dispose()
    except Exception as exc:  # any failure to connect is reported the same way
        return f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
    return None


@pytest.fixture(scope="session")
def postgres_available() -> None:
    if not POSTGRES_URL:
        if IN_CI:
            pytest.fail("CI=true but UPSKILL_TEST_POSTGRES_URL is not set")
        pytest.skip("UPSKILL_TEST_POSTGRES_URL not set: PostgreSQL run skipped")
    problem = _postgres_reachable()
    if problem:
        if IN_CI:
            pytest.fail(f"PostgreSQL at {POSTGRES_URL} unreachable under CI=true: {problem}")
        pytest.skip(f"PostgreSQL unreachable: {problem}")


def _postgres_schema_url(schema: str) -> str:
    joiner = "&" if "?" in POSTGRES_URL else "?"
    return f"{POSTGRES_URL}{joiner}options=-csearch_path%3D{schema}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database URL: a temporary SQLite file, or a throwaway PostgreSQL schema."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    request.getfixturevalue("postgres_available")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield _postgres_schema_url(schema)
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def empty_engine(db_url: str) -> Iterator[Engine]:
    """An engine on an empty database (no tables)."""
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def engine(empty_engine: Engine) -> Engine:
    """An engine on a database with every table created from the models."""
    SQLModel.metadata.create_all(empty_engine)
    return empty_engine


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine) as session:
        yield session


@pytest.fixture(autouse=True)
def _clear_streamlit_caches() -> Iterator[None]:
    """Streamlit caches outlive a test; clear them on both sides."""
    import sys

    st = sys.modules.get("streamlit")
    if st is not None:
        st.cache_data.clear()
        st.cache_resource.clear()
    yield
    st = sys.modules.get("streamlit")
    if st is not None:
        st.cache_data.clear()
        st.cache_resource.clear()
