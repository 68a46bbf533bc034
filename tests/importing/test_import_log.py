"""Every import leaves its outcome in the log: started, done with its counts, refused, or failed."""

from __future__ import annotations

import logging

import pytest

from .conftest import HR, csv_bytes

RUNNER = "data_model.importing.runner"
GOOD = csv_bytes(
    "employee,date,minutes,session id",
    "E001,2026-01-05,90,lms-1",
    "E002,2026-01-06,30,lms-2",
)


def logged(caplog: pytest.LogCaptureFixture) -> list[tuple[int, str]]:
    return [(r.levelno, r.getMessage()) for r in caplog.records if r.name == RUNNER]


def test_an_import_logs_its_start_and_what_it_wrote(org, run, caplog):
    caplog.set_level(logging.INFO, logger=RUNNER)
    report = run("learning", GOOD, file_name="lms.csv")
    assert logged(caplog) == [
        (logging.INFO, f"import started: learning lms.csv by {HR}"),
        (
            logging.INFO,
            f"import done: learning lms.csv: wrote 2 row(s) as batch #{report.batch_id} (2 rows read) "
            "[learning_session: 2 created]",
        ),
    ]


def test_a_dry_run_logs_what_it_would_write(org, run, caplog):
    caplog.set_level(logging.INFO, logger=RUNNER)
    run("learning", GOOD, file_name="lms.csv", dry_run=True)
    assert logged(caplog) == [
        (logging.INFO, f"import started: learning lms.csv by {HR} (dry run)"),
        (
            logging.INFO,
            "import done: learning lms.csv: would write 2 row(s) (2 rows read) [learning_session: 2 created]",
        ),
    ]


def test_the_same_file_twice_is_logged_as_refused(org, run, caplog):
    first = run("learning", GOOD, file_name="lms.csv")
    caplog.set_level(logging.INFO, logger=RUNNER)
    run("learning", GOOD, file_name="again.csv")
    assert logged(caplog)[-1][1].startswith(
        f"import refused: learning again.csv: already imported as batch #{first.batch_id} on "
    )


def test_a_file_with_errors_is_logged_as_failed_with_its_first_error(org, run, caplog):
    caplog.set_level(logging.INFO, logger=RUNNER)
    run(
        "learning",
        csv_bytes("employee,date,minutes", "E999,2026-01-05,90", "E001,2026-01-05,0"),
        file_name="bad.csv",
    )
    (level, message) = logged(caplog)[-1]
    assert level == logging.INFO
    assert message.startswith(
        "import failed: learning bad.csv: 2 error(s); nothing written; first error: bad.csv:2:"
    )


def test_a_file_over_the_size_limit_is_logged_as_refused(org, run, caplog):
    caplog.set_level(logging.INFO, logger=RUNNER)
    run("learning", GOOD, file_name="big.csv", max_bytes=10)
    ((level, message),) = logged(caplog)
    assert level == logging.INFO
    assert message.startswith("import refused: learning big.csv: the file is ")
