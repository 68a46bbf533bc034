"""Reading JSON inputs (catalog, xAPI, badges) with errors located by JSON path.

JSON has no rows, so a problem is placed by its path (`$.statements[3].actor`)
and reported with the key as its field. Reading is whole-file (JSON cannot be
split safely), so the size is capped before parsing.
"""

from __future__ import annotations

import codecs
import io
import json
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from .errors import ParseResult
from .sources import BinaryStream, Source
from .values import ValueProblem

MAX_JSON_BYTES = 256 << 20
V = TypeVar("V")


class TooLarge(Exception):
    pass


def read_limited(data: Source, limit: int) -> bytes:
    """All the bytes of `data`, refusing (TooLarge) past `limit` without reading much further."""
    if isinstance(data, bytes | bytearray | memoryview):
        if len(data) > limit:
            raise TooLarge
        return bytes(data)
    parts: list[bytes] = []
    size = 0
    while size <= limit:
        chunk = data.read(min(1 << 20, limit + 1 - size))
        if not chunk:
            break
        parts.append(chunk)
        size += len(chunk)
    if size > limit:
        raise TooLarge
    return b"".join(parts)


def _head(data: Source, size: int) -> bytes:
    """The first `size` bytes: sliced from memory, or read from a stream (which goes on after them)."""
    return bytes(data[:size]) if isinstance(data, bytes | bytearray | memoryview) else data.read(size)


def decode_text(raw: bytes) -> str:
    """UTF-8 text (a BOM is dropped), or ValueProblem saying which byte is wrong."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueProblem(
            f"not UTF-8 text (byte 0x{raw[exc.start]:02X} at offset {exc.start}); save the file as UTF-8"
        ) from None


def read_json_source(data: Source, result: ParseResult, limit: int = MAX_JSON_BYTES) -> bytes | None:
    """The bytes of a JSON upload, refusing early what cannot be JSON.

    The first 64 KiB are looked at before the rest is read: binary data or text
    that does not start like JSON is refused at once, so a stray 1 GB file costs
    one chunk. A JSON document is then read whole, up to `limit`.
    """
    in_memory = isinstance(data, bytes | bytearray | memoryview)
    head = _head(data, 1 << 16)
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text and len(head) < (1 << 16):
        result.error(None, None, "the file is empty")
        return None
    if b"\x00" in head:
        at = head.index(b"\x00")
        result.error(None, None, f"binary data, not JSON (NUL byte at offset {at})")
        return None
    if text and text[:1] not in (b"{", b"["):
        result.error(None, None, "not JSON: it should start with { or [")
        return None
    try:
        if in_memory:
            return read_limited(data, limit)
        return head + read_limited(data, limit - len(head))
    except TooLarge:
        result.error(None, None, f"the file is larger than {limit >> 20} MB; export it in smaller pages")
        return None


class NotUtf8(Exception):
    def __init__(self, byte: int, offset: int) -> None:
        super().__init__(f"not UTF-8 text (byte 0x{byte:02X} at offset {offset}); save the file as UTF-8")


class _Joined(io.RawIOBase):
    """`head` (already read to look at) followed by the rest of `stream`, as one readable stream,
    checked as UTF-8 on the way (so a bad byte is named with its offset, as `decode_text` does)."""

    def __init__(self, head: bytes, stream: BinaryStream | None, skipped: int, limit: int) -> None:
        self._head, self._stream = head, stream
        self._offset = skipped
        self._limit = limit
        self.lines = 1  # the line the reading has reached (a JSON error lies at or before it)
        self._utf8 = codecs.getincrementaldecoder("utf-8")()

    def readable(self) -> bool:
        return True

    def _check(self, chunk: bytes) -> None:
        try:
            self._utf8.decode(chunk, final=not chunk)
        except UnicodeDecodeError as exc:
            # exc.start counts from the bytes the decoder held back from the last chunk
            held = len(exc.object) - len(chunk)
            at = exc.start - held
            byte = exc.object[exc.start]
            raise NotUtf8(byte, self._offset + at) from None
        self._offset += len(chunk)
        self.lines += chunk.count(b"\n")
        if self._offset > self._limit:
            raise TooLarge

    def readinto(self, buffer: Any) -> int:
        if self._head:
            size = min(len(buffer), len(self._head))
            chunk, self._head = self._head[:size], self._head[size:]
        elif self._stream is None:
            chunk = b""
        else:  # never ask for more than one byte past the limit
            chunk = self._stream.read(max(1, min(len(buffer), self._limit + 1 - self._offset)))
        self._check(chunk)
        buffer[: len(chunk)] = chunk
        return len(chunk)


def stream_json_items(data: Source, result: ParseResult, *, array_key: str) -> Iterator[tuple[Any, str]]:
    """Each item of a top-level JSON array, or of the array under `array_key` in a top-level
    object, with its JSON path; one item in memory at a time, so a 200 MB export costs what its
    largest item costs. A top-level object without that key is yielded whole, as `$`; the
    object's other members (an LRS page's `more`) are yielded last as `(members, "$meta")`.

    Uses ijson (a well-kept streaming JSON parser): `json.loads` builds the whole document, and
    19 MB of `{}` took 1.5 GB that way.
    """
    import ijson

    head = _head(data, 1 << 16)
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text:
        result.error(None, None, "the file is empty")
        return
    if b"\x00" in head:
        at = head.index(b"\x00")
        result.error(None, None, f"binary data, not JSON (NUL byte at offset {at})")
        return
    if text[:1] not in (b"{", b"["):
        result.error(None, None, "not JSON: it should start with { or [")
        return
    body = head[3:] if head.startswith(b"\xef\xbb\xbf") else head
    rest = io.BytesIO(bytes(data[1 << 16 :])) if isinstance(data, bytes | bytearray | memoryview) else data
    limit = MAX_JSON_BYTES
    joined = _Joined(body, rest, len(head) - len(body), limit)
    stream = io.BufferedReader(joined)
    top_array = text[:1] == b"["
    item_prefix = "item" if top_array else f"{array_key}.item"
    inside = f"{array_key}."
    item: Any = None
    members: Any = None if top_array else ijson.ObjectBuilder()
    saw_array = False
    index = 0
    try:
        for prefix, event, value in ijson.parse(stream, use_float=True):
            if item is not None:
                item.event(event, value)
                if prefix == item_prefix and event in ("end_map", "end_array"):
                    yield item.value, (f"$[{index}]" if top_array else f"$.{array_key}[{index}]")
                    index, item = index + 1, None
                continue
            if prefix == item_prefix:
                if result.gave_up:
                    result.stop_reading(f"$[{index}]" if top_array else f"$.{array_key}[{index}]")
                    return
                if event in ("start_map", "start_array"):
                    item = ijson.ObjectBuilder()
                    item.event(event, value)
                else:
                    yield value, (f"$[{index}]" if top_array else f"$.{array_key}[{index}]")
                    index += 1
                continue
            if members is None:
                continue
            if prefix == array_key or prefix.startswith(inside):
                saw_array = saw_array or event == "start_array"
            elif not (prefix == "" and event == "map_key" and value == array_key):
                members.event(event, value)
    except ijson.JSONError as exc:
        reason = str(exc).splitlines()[0].removeprefix("parse error: ").removeprefix("lexical error: ")
        if "premature EOF" in reason:
            reason = "the file ends before the JSON does (is it cut off?)"
        result.error(joined.lines, None, f"not valid JSON: {reason} (by line {joined.lines})")
        return
    except NotUtf8 as exc:
        result.error(None, None, str(exc))
        return
    except TooLarge:
        result.error(None, None, f"the file is larger than {limit >> 20} MB; export it in smaller pages")
        return
    if members is not None:
        whole = members.value
        if not saw_array:
            yield whole, "$"  # a single object (one statement), or a key that holds no array
        else:
            yield whole, "$meta"


def load_json(raw: bytes, result: ParseResult) -> Any:
    """The parsed document, or `None` after recording why it is not JSON.

    A document whose top level is JSON `null` is reported as an error too,
    so `None` always means "stop".
    """
    if not raw.strip(b" \t\r\n\xef\xbb\xbf"):
        result.error(None, None, "the file is empty")
        return None
    try:
        text = decode_text(raw)
    except ValueProblem as problem:
        result.error(None, None, str(problem))
        return None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        result.error(exc.lineno, None, f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})")
        return None
    except RecursionError:
        result.error(None, None, "the JSON is nested too deeply to be a real export")
        return None
    if document is None:
        result.error(None, None, "the JSON document is null", path="$")
    return document


class Node:
    """One JSON object and its path; getters record errors against the result and return None."""

    def __init__(self, value: dict[str, Any], path: str, result: ParseResult) -> None:
        self.value = value
        self.path = path
        self.result = result
        self.failed = False

    def at(self, key: str) -> str:
        return f"{self.path}.{key}"

    def error(self, key: str | None, message: str, *, path: str | None = None) -> None:
        self.failed = True
        self.result.error(None, key, message, path=path or (self.at(key) if key else self.path))

    def has(self, key: str) -> bool:
        return self.value.get(key) not in (None, "")

    def text(self, key: str, *, required: bool = False, max_length: int | None = None) -> str | None:
        value = self.value.get(key)
        if value is None or value == "":
            if required:
                self.error(key, f"{key} is missing")
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.error(key, f"{key} should be text, not {type(value).__name__}")
            return None
        text = str(value).strip()
        if max_length is not None and len(text) > max_length:
            self.error(key, f"longer than {max_length} characters ({len(text)})")
            return None
        return text

    def convert(self, key: str, parse: Callable[[Any], V], *, required: bool = False) -> V | None:
        value = self.value.get(key)
        if value is None or value == "":
            if required:
                self.error(key, f"{key} is missing")
            return None
        try:
            return parse(value)
        except ValueProblem as problem:
            self.error(key, str(problem))
            return None

    def child(self, key: str, *, required: bool = False) -> Node | None:
        value = self.value.get(key)
        if value is None:
            if required:
                self.error(key, f"{key} is missing")
            return None
        if not isinstance(value, dict):
            self.error(key, f"{key} should be an object, not {type(value).__name__}")
            return None
        return Node(value, self.at(key), self.result)

    def items(self, key: str) -> list[tuple[Any, str]]:
        """The elements of a list (a lone value counts as a list of one) with their paths."""
        value = self.value.get(key)
        if value is None:
            return []
        if isinstance(value, list):
            return [(item, f"{self.at(key)}[{i}]") for i, item in enumerate(value)]
        return [(value, self.at(key))]


def as_text(value: Any) -> str:
    """A JSON scalar as text (numbers included), or ValueProblem for objects and lists."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueProblem(f"should be text, not {type(value).__name__}")
    return str(value).strip()
