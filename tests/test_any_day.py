"""The page and browser tests pass on any day, not only on the day they were written.

Each case runs `pytest tests/pages tests/e2e` in a child process twice displaced in time:
- the wall clock is moved to one of the awkward days below by libfaketime (Debian's
  `faketime`, LD_PRELOAD), for the child and every process it starts (Streamlit, Chromium),
  so any code or test that still reads the calendar instead of `data_model.clock` sees a
  different day from the data and fails;
- the pinned day (`UPSKILL_TEST_TODAY`, see tests/conftest.py) is moved to the *next* awkward
  day in the list, so the demo is seeded up to, and every page drawn as of, each of these
  days once: a week that starts on 1 January, a leap day, the last days of an ISO year that
  has a week 53.

It takes about 90 s a case, so it runs under CI=true (where a missing `faketime` is a failure)
or when UPSKILL_ANY_DAY=1; otherwise it is skipped with that reason.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tests.conftest import IN_CI, PROJECT_ROOT

LIBFAKETIME = Path("/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1")
DAYS = [
    ("a Monday", date(2027, 3, 1)),
    ("a Sunday", date(2026, 12, 6)),
    ("1 January", date(2027, 1, 1)),
    ("29 February", date(2028, 2, 29)),
    ("31 December of a year with an ISO week 53", date(2026, 12, 31)),
    ("the last day of ISO week 2026-W53", date(2027, 1, 3)),
]


def test_the_days_are_the_awkward_ones():
    named = dict(DAYS)
    assert named["a Monday"].isoweekday() == 1
    assert named["a Sunday"].isoweekday() == 7
    assert (named["1 January"].month, named["1 January"].day) == (1, 1)
    assert (named["29 February"].month, named["29 February"].day) == (2, 29)
    assert named["31 December of a year with an ISO week 53"].isocalendar()[:2] == (2026, 53)
    last = named["the last day of ISO week 2026-W53"]
    assert tuple(last.isocalendar()) == (2026, 53, 7)


def _wanted() -> None:
    if not (IN_CI or os.environ.get("UPSKILL_ANY_DAY") == "1"):
        pytest.skip("the any-day runs take ~90 s each: they run under CI=true or UPSKILL_ANY_DAY=1")
    if not LIBFAKETIME.exists():
        message = f"no {LIBFAKETIME}: apt-get install faketime (packages.txt)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


@pytest.mark.parametrize(("wall", "pinned"), [(DAYS[i], DAYS[(i + 1) % len(DAYS)]) for i in range(len(DAYS))])
def test_page_and_browser_tests_pass_with_the_clock_on(wall, pinned):
    _wanted()
    (wall_name, wall_day), (pinned_name, pinned_day) = wall, pinned
    # A fixed offset (not "start at"), so every process started later agrees on the time.
    # (FAKETIME_DONT_FAKE_MONOTONIC=1 would break Python's time.sleep with EINVAL.)
    target = datetime(wall_day.year, wall_day.month, wall_day.day, 10, 0, tzinfo=UTC)
    offset = int(target.timestamp() - time.time())
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("PYTEST_", "UPSKILL_TODAY"))
    }
    env.update(
        LD_PRELOAD=str(LIBFAKETIME),
        FAKETIME=f"{offset:+d}",
        UPSKILL_TEST_TODAY=pinned_day.isoformat(),
    )
    probe = [sys.executable, "-c", "import datetime; print(datetime.date.today())"]
    seen = subprocess.run(probe, env=env, capture_output=True, text=True, check=True).stdout.strip()
    assert seen == wall_day.isoformat(), f"libfaketime did not move the clock: {seen}"
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-x",
        "-p",
        "no:cacheprovider",
        "tests/pages",
        "tests/e2e",
        # A wait with a timeout is measured by the kernel against a clock libfaketime cannot
        # shift, so under a displaced clock it never times out. These tests hold no dates.
        "--ignore=tests/pages/test_run_slots.py",
    ]
    result = subprocess.run(
        command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=1200, check=False
    )
    tail = "\n".join((result.stdout + result.stderr).splitlines()[-40:])
    assert result.returncode == 0, (
        f"with the wall clock on {wall_name} ({wall_day}) and the tests pinned to {pinned_name} "
        f"({pinned_day}):\n{tail}"
    )
    assert " passed" in tail and "failed" not in tail, tail
