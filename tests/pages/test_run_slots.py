"""A server process works on a few page runs at a time; the others wait their turn, never forever."""

from __future__ import annotations

import threading
import time

import pytest

from ui import runs


@pytest.fixture(autouse=True)
def two_slots(monkeypatch):
    monkeypatch.setenv("UPSKILL_CONCURRENT_RUNS", "2")
    monkeypatch.setattr(runs, "_slots", None)
    monkeypatch.setattr(runs, "LONGEST_WAIT", 1.0)


def hold(seconds: float, started: list[float], *, release_inside: bool = False) -> threading.Thread:
    def run() -> None:
        with runs.slot():
            started.append(time.monotonic())
            if release_inside:
                with runs.released():
                    time.sleep(seconds)
            else:
                time.sleep(seconds)

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_a_third_run_waits_for_a_free_slot():
    begin, started = time.monotonic(), []
    threads = [hold(1.0, started) for _ in range(3)]
    for thread in threads:
        thread.join()
    waits = sorted(t - begin for t in started)
    assert waits[1] < 0.5 and 0.9 < waits[2] < 2.0


def test_no_run_waits_longer_than_the_longest_wait():
    begin, started = time.monotonic(), []
    threads = [hold(3.0, started) for _ in range(3)]
    time.sleep(2.0)
    assert len(started) == 3  # the third went ahead after 1 s instead of waiting 3 s
    assert 0.9 < max(started) - begin < 2.0
    for thread in threads:
        thread.join()


def test_a_long_import_gives_its_slot_away():
    begin, started = time.monotonic(), []
    threads = [hold(1.5, started, release_inside=True) for _ in range(2)]
    time.sleep(0.1)
    threads.append(hold(0.1, started))
    threads[-1].join()
    assert max(started) - begin < 0.8
    for thread in threads:
        thread.join()


def test_zero_means_no_limit(monkeypatch):
    monkeypatch.setenv("UPSKILL_CONCURRENT_RUNS", "0")
    begin, started = time.monotonic(), []
    threads = [hold(0.8, started) for _ in range(5)]
    for thread in threads:
        thread.join()
    assert max(started) - begin < 0.5
