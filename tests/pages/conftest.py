"""AppTest fixtures: the real entry point on a seeded temporary SQLite file, signed in as a role."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session
from streamlit.testing.v1 import AppTest

from data_model import migrate
from data_model.accounts import SignedIn, account_for_email, demo_personas
from data_model.db import make_engine
from seed import build_demo_organisation
from tests.conftest import PROJECT_ROOT

DASHBOARD = str(PROJECT_ROOT / "dashboard.py")
TODAY = date.today()


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One seeded demo database per test run; each test works on its own copy."""
    path = tmp_path_factory.mktemp("demo") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    build_demo_organisation(engine, employees=80, weeks=16, seed=7, end=TODAY)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture
def demo_url(seeded_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    path = tmp_path / "demo.db"
    shutil.copy(seeded_template, path)
    url = f"sqlite:///{path}"
    monkeypatch.setenv("UPSKILL_DATABASE_URL", url)
    monkeypatch.delenv("UPSKILL_DEMO", raising=False)
    return url


@pytest.fixture
def demo_session(demo_url: str) -> Iterator[Session]:
    engine = make_engine(demo_url)
    with Session(engine) as session:
        yield session
    engine.dispose()


@pytest.fixture
def persona(demo_session: Session) -> Callable[[str], SignedIn]:
    """The demo person the sign-in picker offers for a role."""

    def pick(role: str) -> SignedIn:
        email = next(p.email for p in demo_personas(demo_session) if p.role == role)
        user = account_for_email(demo_session, email)
        assert user is not None
        return user

    return pick


@pytest.fixture
def app_as(demo_url: str, persona: Callable[[str], SignedIn]) -> Callable[..., AppTest]:
    """The dashboard run through its entry point, signed in as the demo person of `role`."""

    def run(role: str, page: str | None = None) -> AppTest:
        at = AppTest.from_file(DASHBOARD, default_timeout=60)
        at.session_state["signed_in"] = persona(role)
        at.run()
        if page is not None:
            at.switch_page(page).run()
        return at

    return run
