"""How many page runs one server process works on at once.

Python runs one thread's bytecode at a time, so the scripts of 32 clicking sessions running
together do not finish sooner than taking them two at a time: they trade the interpreter every
few milliseconds, queue on each other's locks and keep 32 half-built pages in memory, and every
click waits for all of them. With `UPSKILL_CONCURRENT_RUNS` slots (default 2: one page drawing
while another waits on the database) a click waits for a free slot, first come first served,
and then runs at full speed: under load the server draws more pages a second and the slowest
click is far less slow (bench/load_sessions.py).

A run that has waited `LONGEST_WAIT` seconds goes ahead anyway, so nothing can starve every
other session; work that mostly waits on a file or the database for long (an import) steps out
of its slot with `released()`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from data_model.db import get_settings

LONGEST_WAIT = 10.0  # seconds

_guard = threading.Lock()
_slots: threading.BoundedSemaphore | None = None
_held = threading.local()


def _semaphore() -> threading.BoundedSemaphore | None:
    global _slots
    size = get_settings().concurrent_runs
    if size <= 0:
        return None
    with _guard:
        if _slots is None:
            _slots = threading.BoundedSemaphore(size)
        return _slots


@contextmanager
def slot() -> Iterator[None]:
    """Hold one of the process's run slots for the body (a page run)."""
    slots = _semaphore()
    got = slots is not None and slots.acquire(timeout=LONGEST_WAIT)
    _held.slots = slots if got else None
    try:
        yield
    finally:
        held, _held.slots = getattr(_held, "slots", None), None
        if held is not None:
            held.release()


@contextmanager
def released() -> Iterator[None]:
    """Give this run's slot to another session while the body runs; take one back after."""
    held = getattr(_held, "slots", None)
    if held is None:
        yield
        return
    held.release()
    _held.slots = None
    try:
        yield
    finally:
        _held.slots = held if held.acquire(timeout=LONGEST_WAIT) else None
