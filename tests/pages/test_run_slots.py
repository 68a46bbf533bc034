"""A server process works on a few page runs at a time; the others wait their turn, never forever.

The runs here are held and let go by events, so the order they start in is what is checked,
not how fast a busy machine happens to be; the one bound on time is the longest wait itself,
checked with room to spare.
"""

from __future__ import annotations

import threading
import time

import pytest

from ui import runs

SOON = 5.0  # seconds: ample for a thread to start on a loaded machine


@pytest.fixture(autouse=True)
def two_slots(monkeypatch):
    monkeypatch.setenv("UPSKILL_CONCURRENT_RUNS", "2")
    monkeypatch.setattr(runs, "_slots", None)
    monkeypatch.setattr(runs, "LONGEST_WAIT", 30.0)


class Run:
    """A page run in its own thread: takes a slot, says it started, holds until let go."""

    def __init__(self, *, release_inside: bool = False) -> None:
        self.started, self.go = threading.Event(), threading.Event()
        self.release_inside = release_inside
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        with runs.slot():
            self.started.set()
            if self.release_inside:
                with runs.released():
                    self.go.wait(SOON * 4)
            else:
                self.go.wait(SOON * 4)

    def finish(self) -> None:
        self.go.set()
        self.thread.join(SOON)


def test_a_third_run_waits_for_a_free_slot():
    first, second = Run(), Run()
    assert first.started.wait(SOON) and second.started.wait(SOON)
    third = Run()
    assert not third.started.wait(0.5)  # both slots are taken
    first.finish()
    assert third.started.wait(SOON)  # a slot came free
    for run in (second, third):
        run.finish()


def test_no_run_waits_longer_than_the_longest_wait(monkeypatch):
    monkeypatch.setattr(runs, "LONGEST_WAIT", 0.5)
    first, second = Run(), Run()
    assert first.started.wait(SOON) and second.started.wait(SOON)
    begin = time.monotonic()
    third = Run()
    assert third.started.wait(SOON)  # went ahead although both slots were still held
    assert time.monotonic() - begin >= 0.45
    for run in (first, second, third):
        run.finish()


def test_a_long_import_gives_its_slot_away():
    first, second = Run(release_inside=True), Run(release_inside=True)
    assert first.started.wait(SOON) and second.started.wait(SOON)
    third = Run()
    assert third.started.wait(SOON)  # both holders stepped out of their slots
    for run in (first, second, third):
        run.finish()


def test_zero_means_no_limit(monkeypatch):
    monkeypatch.setenv("UPSKILL_CONCURRENT_RUNS", "0")
    held = [Run() for _ in range(5)]
    assert all(run.started.wait(SOON) for run in held)
    for run in held:
        run.finish()
