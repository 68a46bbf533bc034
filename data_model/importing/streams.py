"""Reading an upload once for its fingerprint and again for its records, reporting progress on the way."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import BinaryIO

from .context import Progress

Source = bytes | bytearray | memoryview | BinaryIO | Path
READ_CHUNK = 1 << 20


def size_of(data: Source) -> int:
    """Bytes in an upload (a folder: all its files), without reading it."""
    if isinstance(data, Path):
        if data.is_dir():
            return sum(p.stat().st_size for p in data.rglob("*") if p.is_file())
        return data.stat().st_size
    if isinstance(data, bytes | bytearray | memoryview):
        return len(data)
    position = data.tell()
    data.seek(0, io.SEEK_END)
    size = data.tell()
    data.seek(position)
    return size


def sha256_of(data: Source) -> str:
    """The fingerprint an ImportBatch keeps, so the same file is never imported twice.

    For a folder, its files' relative names and contents in name order.
    """
    digest = hashlib.sha256()
    if isinstance(data, Path):
        if data.is_dir():
            for path in sorted(p for p in data.rglob("*") if p.is_file()):
                digest.update(path.relative_to(data).as_posix().encode("utf-8") + b"\0")
                digest.update(hashlib.sha256(path.read_bytes()).digest())
            return digest.hexdigest()
        with data.open("rb") as stream:
            return sha256_of(stream)
    if isinstance(data, bytes | bytearray | memoryview):
        digest.update(data)
        return digest.hexdigest()
    position = data.tell()
    while chunk := data.read(READ_CHUNK):
        digest.update(chunk)
    data.seek(position)
    return digest.hexdigest()


class Counted(io.RawIOBase):
    """A binary stream that reports how far it has been read, about once a megabyte."""

    def __init__(self, inner: BinaryIO, total: int, progress: Progress, step: str) -> None:
        self._inner = inner
        self._total = total
        self._progress = progress
        self._step = step
        self._done = 0
        self._reported = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self._inner.read(size)
        self._done += len(data)
        if self._done - self._reported >= READ_CHUNK or (not data and self._done != self._reported):
            self._reported = self._done
            self._progress(self._step, min(self._done, self._total), self._total)
        return data

    def readinto(self, buffer) -> int:  # noqa: ANN001 - io protocol
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def as_stream(data: bytes | bytearray | memoryview | BinaryIO) -> BinaryIO:
    if isinstance(data, bytes | bytearray | memoryview):
        return io.BytesIO(data)
    return data
