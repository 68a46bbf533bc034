"""Fresh databases for the demo generator's tests, on SQLite and (when configured) PostgreSQL.

A seeded demo is shared per module and backend: building it is the slow part,
and the property tests only read it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from data_model import migrate
from data_model.db import make_engine
from seed import build_demo_organisation
from tests.conftest import POSTGRES_URL, _postgres_schema_url

# Twelve weeks that hold Christmas and New Year, so the holiday dip shows in a small demo.
DEMO_END = date(2026, 1, 16)
DEMO_EMPLOYEES = 120
DEMO_WEEKS = 12

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    if request.param == "postgresql":
        request.getfixturevalue("postgres_available")
    return request.param


class Databases:
    """Makes empty databases on one backend and drops them all afterwards."""

    def __init__(self, backend: str, folder: Path) -> None:
        self.backend = backend
        self.folder = folder
        self._engines: list[Engine] = []
        self._schemas: list[str] = []

    def new(self, *, tables: bool = True) -> Engine:
        if self.backend == "sqlite":
            engine = make_engine(f"sqlite:///{self.folder / f'{uuid.uuid4().hex[:8]}.db'}")
        else:
            schema = f"t_{uuid.uuid4().hex[:12]}"
            admin = make_engine(POSTGRES_URL)
            with admin.begin() as connection:
                connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
            admin.dispose()
            self._schemas.append(schema)
            engine = make_engine(_postgres_schema_url(schema))
        self._engines.append(engine)
        if tables:
            SQLModel.metadata.create_all(engine)
        return engine

    def close(self) -> None:
        for engine in self._engines:
            engine.dispose()
        if self._schemas:
            admin = make_engine(POSTGRES_URL)
            with admin.begin() as connection:
                for schema in self._schemas:
                    connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()


@pytest.fixture
def databases(backend: str, tmp_path: Path) -> Iterator[Databases]:
    made = Databases(backend, tmp_path)
    yield made
    made.close()


@pytest.fixture(scope="module")
def demo(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A migrated database holding the demo organisation (120 people, 12 weeks to DEMO_END)."""
    made = Databases(backend, tmp_path_factory.mktemp("demo"))
    engine = made.new(tables=False)
    migrate.upgrade(engine)
    build_demo_organisation(engine, employees=DEMO_EMPLOYEES, weeks=DEMO_WEEKS, seed=7, end=DEMO_END)
    yield engine
    made.close()


@pytest.fixture
def scalar(demo: Engine) -> Callable[..., object]:
    """Run one SQL query on the demo and return its single value."""

    def run(sql: str, **params: object) -> object:
        with demo.connect() as connection:
            return connection.execute(sa.text(sql), params).scalar_one()

    return run
