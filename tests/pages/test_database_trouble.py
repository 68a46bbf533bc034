"""Database failures reach a person as one clear sentence, never a traceback with SQL."""

from __future__ import annotations

import threading
import time

import pytest
import sqlalchemy as sa
from streamlit.testing.v1 import AppTest

from data_model.db import make_engine
from tests.conftest import POSTGRES_URL
from ui.db import CONFLICT, READ_ONLY, UNREACHABLE


def lost_race_script() -> None:
    import sqlalchemy as sa

    from ui import db

    def assign(session):
        raise sa.exc.IntegrityError("INSERT INTO enrollment ...", {}, Exception("UNIQUE constraint failed"))

    if __import__("streamlit").button("Assign", key="go"):
        db.write(assign, success="done")


def locked_script() -> None:
    import sqlite3

    import sqlalchemy as sa

    from ui import db

    def assign(session):
        raise sa.exc.OperationalError("UPDATE ...", {}, sqlite3.OperationalError("database is locked"))

    db.write(assign, success="done")


def read_only_script() -> None:
    import sqlite3

    import sqlalchemy as sa

    from ui import db

    def log(session):
        raise sa.exc.OperationalError(
            "INSERT ...", {}, sqlite3.OperationalError("attempt to write a readonly database")
        )

    db.write(log, success="done")


def dropped_connection_script() -> None:
    import sqlalchemy as sa
    import streamlit as st

    from ui import db

    calls = st.session_state.setdefault("calls", [])

    def figures(session):
        calls.append(1)
        if len(calls) == 1:
            raise sa.exc.OperationalError(
                "SELECT ...",
                {},
                Exception("server closed the connection unexpectedly"),
                connection_invalidated=True,
            )
        return 42

    st.metric("Answer", db.run(figures))


def run(script, demo_url) -> AppTest:
    return AppTest.from_function(script, default_timeout=60).run()


def test_a_lost_race_says_try_again(demo_url):
    at = run(lost_race_script, demo_url)
    at.button(key="go").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == [CONFLICT]


def test_a_locked_database_says_try_again(demo_url):
    at = run(locked_script, demo_url)
    assert not at.exception
    assert [e.value for e in at.error] == [CONFLICT]


def test_a_read_only_database_says_so(demo_url):
    at = run(read_only_script, demo_url)
    assert not at.exception
    assert [e.value for e in at.error] == [READ_ONLY]


def test_a_dropped_connection_asks_for_a_retry_and_the_next_rerun_works(demo_url):
    at = run(dropped_connection_script, demo_url)
    assert not at.exception
    assert [e.value for e in at.error] == [UNREACHABLE]
    assert not at.metric
    at.run()
    assert not at.error
    assert at.metric[0].value == "42"


def slow_read_script() -> None:
    import sqlalchemy as sa
    import streamlit as st

    from ui import db

    def figures(session):
        seconds = st.session_state.get("sleep", 0)
        return session.execute(sa.text("SELECT 42 FROM pg_sleep(:s)"), {"s": seconds}).scalar_one()

    st.metric("Answer", db.run(figures))


@pytest.mark.postgres
def test_a_connection_dropped_by_the_server_mid_read_says_retry_and_the_next_rerun_works(
    postgres_available, db_url, monkeypatch
):
    """For real: PostgreSQL ends the page's connection in the middle of its query."""
    if not db_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only")
    monkeypatch.setenv("UPSKILL_DATABASE_URL", db_url)
    at = AppTest.from_function(slow_read_script, default_timeout=60).run()
    assert at.metric[0].value == "42"

    def terminate() -> None:
        admin = make_engine(POSTGRES_URL)
        deadline = time.monotonic() + 10
        with admin.connect() as connection:
            while time.monotonic() < deadline:
                ended = connection.execute(
                    sa.text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE query LIKE 'SELECT 42 FROM pg_sleep%' AND pid <> pg_backend_pid()"
                    )
                ).all()
                if ended:
                    break
                time.sleep(0.1)
        admin.dispose()

    killer = threading.Thread(target=terminate)
    killer.start()
    at.session_state["sleep"] = 5
    at.run()
    killer.join()
    assert not at.exception
    assert [e.value for e in at.error] == [UNREACHABLE]
    at.session_state["sleep"] = 0
    at.run()
    assert not at.error and at.metric[0].value == "42"
