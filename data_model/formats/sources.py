"""What a parser reads: an upload's bytes in memory, or a binary stream of them."""

from __future__ import annotations

from typing import Protocol


class BinaryStream(Protocol):
    """A binary stream as the parsers use it.

    A file opened with "rb" and a BytesIO are one, and so are the io.RawIOBase wrappers that
    are not `typing.BinaryIO`: the CSV reader's stream that puts back the bytes it peeked at, and
    the importer's stream that reports progress (`importing.streams.Counted`). Only a zip archive
    asks whether it can seek, to be read where it lies.
    """

    def read(self, size: int = -1, /) -> bytes: ...

    def seekable(self) -> bool: ...

    def seek(self, offset: int, whence: int = 0, /) -> int: ...

    def tell(self) -> int: ...


Source = bytes | bytearray | memoryview | BinaryStream
