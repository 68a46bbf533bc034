"""Logging is configured in one place, and sign-in and migrations say what they did (never a password)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest

from data_model import migrate
from data_model.accounts import MAX_FAILED_ATTEMPTS, authenticate, sign_out_recorded
from data_model.actions.accounts import add_account
from data_model.logs import PACKAGES, configure_logging

EMAIL = "hr@example.com"
RIGHT = "the right password"
T0 = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)


@pytest.fixture
def clean_loggers():
    """Put the project's loggers back as they were after a test configures them."""
    saved = {
        name: (logging.getLogger(name).level, list(logging.getLogger(name).handlers)) for name in PACKAGES
    }
    # Start unconfigured, as a fresh process does: an earlier test (a page run) may have configured them.
    for name in PACKAGES:
        logger = logging.getLogger(name)
        logger.handlers[:] = [h for h in logger.handlers if h.get_name() != "upskill"]
    yield
    for name, (level, handlers) in saved.items():
        logger = logging.getLogger(name)
        logger.setLevel(level)
        logger.handlers[:] = handlers


def messages(caplog: pytest.LogCaptureFixture, logger: str) -> list[tuple[int, str]]:
    return [(r.levelno, r.getMessage()) for r in caplog.records if r.name == logger]


def test_configure_logging_reads_the_level_and_adds_one_handler(monkeypatch, clean_loggers):
    monkeypatch.setenv("UPSKILL_LOG_LEVEL", "debug")
    configure_logging()
    configure_logging()  # a Streamlit rerun calls it again
    for name in PACKAGES:
        logger = logging.getLogger(name)
        assert logger.level == logging.DEBUG
        assert [h.get_name() for h in logger.handlers].count("upskill") == 1
        assert logger.propagate


def test_without_a_level_the_callers_default_is_used(monkeypatch, clean_loggers):
    monkeypatch.delenv("UPSKILL_LOG_LEVEL", raising=False)
    configure_logging(default="WARNING")
    assert logging.getLogger("data_model").level == logging.WARNING


def test_a_level_that_is_not_one_falls_back_with_a_warning(monkeypatch, clean_loggers, caplog):
    monkeypatch.setenv("UPSKILL_LOG_LEVEL", "loud")
    configure_logging()
    assert logging.getLogger("data_model").level == logging.INFO
    assert "UPSKILL_LOG_LEVEL='loud' is none of" in caplog.text


def test_sign_in_failure_lock_out_and_sign_out_are_logged_without_the_password(session, caplog):
    caplog.set_level(logging.INFO, logger="data_model.accounts")
    account = add_account(session, email=EMAIL, role="hr", password=RIGHT)
    session.commit()
    for attempt in range(MAX_FAILED_ATTEMPTS):
        authenticate(session, EMAIL, f"wrong guess {attempt}", now=T0 + timedelta(seconds=attempt))
    authenticate(session, EMAIL, RIGHT, now=T0 + timedelta(minutes=5))
    sign_out_recorded(session, account.id)
    logged = messages(caplog, "data_model.accounts")
    assert logged.count((logging.WARNING, f"sign-in failed for {EMAIL}")) == MAX_FAILED_ATTEMPTS
    assert (
        logging.WARNING,
        f"account locked: {EMAIL} after {MAX_FAILED_ATTEMPTS} wrong passwords in a row, "
        "until 2026-11-25T09:01:09+00:00",  # the tenth at 09:00:09, plus a minute
    ) in logged
    assert logged[-2:] == [
        (logging.INFO, f"signed in: {EMAIL} (password)"),
        (logging.INFO, f"signed out: {EMAIL}"),
    ]
    assert "wrong guess" not in caplog.text
    assert RIGHT not in caplog.text


def test_each_migration_applied_is_logged(empty_engine, caplog):
    caplog.set_level(logging.INFO, logger="data_model.migrate")
    migrate.upgrade(empty_engine)
    logged = [message for _, message in messages(caplog, "data_model.migrate")]
    assert logged[0].startswith("migration applied to ")
    assert logged[-1].endswith(f"upgraded: empty -> {migrate.head_revision()}")
    caplog.clear()
    migrate.upgrade(empty_engine)  # nothing new: nothing said at INFO
    assert messages(caplog, "data_model.migrate") == []
