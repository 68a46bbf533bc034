"""Scratch space on disk for checks that need the whole file: duplicates, managers, loops.

A 200 MB upload holds millions of rows. Remembering every employee code or
session id in Python costs a hundred bytes or more each, so such a file took
gigabytes. These checks run instead in a private SQLite database (the
standard library's `sqlite3`, no server): SQLite keeps it in a page cache of
fixed size and spills the rest to a temporary file it deletes on close, so
memory stays the same whatever the file's size, and small files never touch
the disk. Written here rather than taken from a library because the need is a
few lines over `sqlite3`, which every Python already has.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

# Pages SQLite may keep in memory for one scratch database (negative: KiB).
CACHE_KIB = 16 * 1024
# Keys an index keeps in a dict before it moves them to SQLite: small files stay fast.
IN_MEMORY_KEYS = 50_000


class Scratch:
    """A private, temporary SQLite database, deleted when closed."""

    def __init__(self) -> None:
        # An empty file name is SQLite's private temporary database: in memory until the
        # cache is full, then in a temporary file that disappears with the connection.
        self.db = sqlite3.connect("", isolation_level=None, check_same_thread=False)
        for pragma in (
            f"cache_size = -{CACHE_KIB}",
            "journal_mode = OFF",
            "synchronous = OFF",
            "temp_store = FILE",
        ):
            self.db.execute(f"PRAGMA {pragma}")
        self.db.execute("BEGIN")  # one transaction: no journal sync per statement

    def execute(self, sql: str, parameters: Sequence[Any] = ()) -> sqlite3.Cursor:
        return self.db.execute(sql, parameters)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        self.db.executemany(sql, rows)

    def rows(self, sql: str, parameters: Sequence[Any] = (), *, chunk: int = 5_000) -> Iterator[tuple]:
        """Every row of a query, fetched a chunk at a time."""
        cursor = self.db.execute(sql, parameters)
        while batch := cursor.fetchmany(chunk):
            yield from batch

    def scalar(self, sql: str, parameters: Sequence[Any] = ()) -> Any:
        row = self.db.execute(sql, parameters).fetchone()
        return None if row is None else row[0]

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Scratch:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _digest(key: str) -> bytes:
    """16 bytes stand for a key of any length; two keys collide with odds of about 2**-64 in a
    file of 2**32 rows, far below any file's chance of a disk error."""
    return hashlib.blake2b(key.encode("utf-8"), digest_size=16).digest()


class KeyIndex:
    """A number per key (the line a key was first seen on, how often it was seen), for any file size.

    The first IN_MEMORY_KEYS keys live in a dict; past that they all move to a
    scratch SQLite table and the dict is dropped.
    """

    def __init__(self, *, in_memory_keys: int | None = None) -> None:
        self._memory: dict[bytes, int] | None = {}
        self._limit = IN_MEMORY_KEYS if in_memory_keys is None else in_memory_keys
        self._scratch: Scratch | None = None

    def _spill(self) -> Scratch:
        scratch = Scratch()
        scratch.execute("CREATE TABLE seen (key BLOB PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID")
        assert self._memory is not None
        scratch.executemany("INSERT INTO seen VALUES (?, ?)", self._memory.items())
        self._memory = None
        self._scratch = scratch
        return scratch

    def first(self, key: str, value: int) -> int:
        """The value stored for `key`, storing `value` if the key is new (dict.setdefault)."""
        digest = _digest(key)
        if self._memory is not None:
            if digest in self._memory or len(self._memory) < self._limit:
                return self._memory.setdefault(digest, value)
            self._spill()
        assert self._scratch is not None
        stored = self._scratch.scalar("SELECT value FROM seen WHERE key = ?", (digest,))
        if stored is not None:
            return int(stored)
        self._scratch.execute("INSERT INTO seen VALUES (?, ?)", (digest, value))
        return value

    def tally(self, key: str) -> int:
        """How many times `key` has been counted, this time included."""
        digest = _digest(key)
        if self._memory is not None:
            if digest in self._memory or len(self._memory) < self._limit:
                self._memory[digest] = n = self._memory.get(digest, 0) + 1
                return n
            self._spill()
        assert self._scratch is not None
        row = self._scratch.execute(
            "INSERT INTO seen VALUES (?, 1) ON CONFLICT (key) DO UPDATE SET value = value + 1 "
            "RETURNING value",
            (digest,),
        ).fetchone()
        return int(row[0])

    def close(self) -> None:
        if self._scratch is not None:
            self._scratch.close()
            self._scratch = None
        self._memory = {}
