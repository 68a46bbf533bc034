"""AppTest fixtures: the real entry point on a seeded temporary SQLite file, signed in as a role."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from data_model import migrate
from data_model.accounts import SignedIn, account_for_email, personas_of_the_demo
from data_model.db import make_engine
from data_model.models import Enrollment, MicroCredential
from data_model.vocab import OPEN_ENROLLMENT_STATUSES
from seed import build_demo_organisation
from tests.conftest import PROJECT_ROOT, TODAY

DASHBOARD = str(PROJECT_ROOT / "dashboard.py")


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
        email = next(p.email for p in personas_of_the_demo(demo_session) if p.role == role)
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


def give_open_enrollment(
    session: Session, employee_id: int, *, due_date: date | None = None, assigned_on: date | None = None
) -> Enrollment:
    """An open (assigned) enrollment for this person on a credential they have none open on.

    Page tests that need open, due or overdue work make it here rather than hoping the demo,
    seeded up to the pinned day, happens to hold some.
    """
    held = set(
        session.exec(
            select(Enrollment.credential_id).where(
                Enrollment.employee_id == employee_id, Enrollment.status.in_(OPEN_ENROLLMENT_STATUSES)
            )
        ).all()
    )
    credential = session.exec(
        select(MicroCredential)
        .where(MicroCredential.active, MicroCredential.id.not_in(held))
        .order_by(MicroCredential.id)
    ).first()
    assert credential is not None, "the demo catalogue has a credential this person has not started"
    enrollment = Enrollment(
        employee_id=employee_id,
        credential_id=credential.id,
        status="assigned",
        reason="compliance",
        assigned_on=assigned_on or TODAY - timedelta(days=30),
        due_date=due_date,
    )
    session.add(enrollment)
    session.commit()
    return enrollment


def as_read(markdown: str) -> str:
    """What a person reads of a markdown message: AppTest holds the source, with user text escaped."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace("\u2060", "")


@pytest.fixture
def empty_engine_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple]:
    """A migrated database with no people (not the demo), which the app under test opens."""
    url = f"sqlite:///{tmp_path / 'real.db'}"
    monkeypatch.setenv("UPSKILL_DATABASE_URL", url)
    engine = make_engine(url)
    migrate.upgrade(engine)
    yield engine, url
    engine.dispose()
