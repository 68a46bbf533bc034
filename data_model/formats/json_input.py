"""Reading JSON inputs (catalog, xAPI, badges) with errors located by JSON path.

JSON has no rows, so a problem is placed by its path (`$.statements[3].actor`)
and reported with the key as its field. Reading is whole-file (JSON cannot be
split safely), so the size is capped before parsing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, BinaryIO, TypeVar

from .errors import ParseResult
from .values import ValueProblem

MAX_JSON_BYTES = 256 << 20
V = TypeVar("V")


class TooLarge(Exception):
    pass


def read_limited(data: bytes | bytearray | memoryview | BinaryIO, limit: int) -> bytes:
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


def read_json_source(
    data: bytes | bytearray | memoryview | BinaryIO, result: ParseResult, limit: int = MAX_JSON_BYTES
) -> bytes | None:
    """The bytes of a JSON upload, refusing early what cannot be JSON.

    The first 64 KiB are looked at before the rest is read: binary data or text
    that does not start like JSON is refused at once, so a stray 1 GB file costs
    one chunk. A JSON document is then read whole, up to `limit`.
    """
    in_memory = isinstance(data, bytes | bytearray | memoryview)
    head = bytes(data[: 1 << 16]) if in_memory else data.read(1 << 16)  # type: ignore[union-attr]
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
