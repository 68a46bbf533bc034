"""Many badges at once: a folder or a zip of badge files, and the `badges` import kind.

A backpack export or an issuer's hand-over is usually a zip of baked images
and JSON. Badges in it may point to their BadgeClass and issuer Profile by URL;
when those documents are in the same bundle they are used instead of the
network. Zips are read without extracting, with limits on member count and
sizes so a zip bomb is refused.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from .baking import is_png
from .credly import CredlyBadgeRecord, parse_credly
from .csv_reader import peek
from .errors import ParseResult
from .json_input import TooLarge, read_limited
from .jws import IssuerKey, looks_like_jws
from .openbadges import MAX_BADGE_BYTES, BadgeRecord, badge_version, parse_badge, resolve_key
from .sources import Source

MAX_MEMBERS = 10_000
MAX_BUNDLE_BYTES = 512 << 20
BADGE_SUFFIXES = (".png", ".svg", ".json", ".jws", ".jwt", ".txt")
LINKED_TYPES = ("BadgeClass", "Profile", "Issuer", "Achievement")


Member = tuple[str, Callable[[], bytes | None]]  # (name in the bundle, read it when wanted)


def _members_of_zip(archive: zipfile.ZipFile, result: ParseResult) -> list[Member]:
    """The zip's badge-sized files, each read only when asked: one member in memory at a time."""
    infos = [i for i in archive.infolist() if not i.is_dir()]
    if len(infos) > MAX_MEMBERS:
        result.error(None, None, f"the zip holds {len(infos):,} files; at most {MAX_MEMBERS:,} are accepted")
        return []
    members: list[Member] = []
    total = 0
    for info in sorted(infos, key=lambda i: i.filename):
        name = info.filename
        if name.startswith("__MACOSX/") or Path(name).name.startswith("."):
            continue
        if info.file_size > MAX_BADGE_BYTES:
            result.error(None, None, f"{name} is larger than {MAX_BADGE_BYTES >> 20} MB; not a badge")
            continue
        total += info.file_size
        if total > MAX_BUNDLE_BYTES:
            result.error(None, None, f"the zip unpacks to more than {MAX_BUNDLE_BYTES >> 20} MB")
            return []

        def read(info: zipfile.ZipInfo = info, name: str = name) -> bytes | None:
            try:
                with archive.open(info) as member:
                    data = member.read(MAX_BADGE_BYTES + 1)
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError) as exc:
                result.error(None, None, f"{name} cannot be read from the zip ({exc})")
                return None
            if len(data) > MAX_BADGE_BYTES:  # the header lied about the size
                result.error(None, None, f"{name} is larger than {MAX_BADGE_BYTES >> 20} MB; not a badge")
                return None
            return data

        members.append((name, read))
    return members


def _members_of_folder(folder: Path, result: ParseResult) -> list[Member]:
    paths = sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))
    if len(paths) > MAX_MEMBERS:
        result.error(
            None, None, f"the folder holds {len(paths):,} files; at most {MAX_MEMBERS:,} are accepted"
        )
        return []
    members: list[Member] = []
    for path in paths:
        name = path.relative_to(folder).as_posix()
        if path.stat().st_size > MAX_BADGE_BYTES:
            result.error(None, None, f"{name} is larger than {MAX_BADGE_BYTES >> 20} MB; not a badge")
            continue
        members.append((name, path.read_bytes))
    return members


def _linked_document(data: bytes) -> dict[str, Any] | None:
    """A BadgeClass or issuer Profile that badges may link to by its id."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return None
    if not isinstance(document, dict) or badge_version(document) is not None:
        return None
    types = document.get("type")
    types = [types] if isinstance(types, str) else types if isinstance(types, list) else []
    if isinstance(document.get("id"), str) and set(types) & set(LINKED_TYPES):
        return document
    return None


def _open_zip(data: Source, result: ParseResult) -> zipfile.ZipFile | None:
    """The archive, read where it lies when it is a seekable file (a 200 MB zip is not copied
    into memory); an upload held in memory is used as it is."""
    if isinstance(data, bytes | bytearray | memoryview):
        if len(data) > MAX_BUNDLE_BYTES:
            result.error(None, None, f"larger than {MAX_BUNDLE_BYTES >> 20} MB")
            return None
        source: Any = io.BytesIO(data)
    elif data.seekable():
        data.seek(0, io.SEEK_END)
        size = data.tell()
        data.seek(0)
        if size > MAX_BUNDLE_BYTES:
            result.error(None, None, f"larger than {MAX_BUNDLE_BYTES >> 20} MB")
            return None
        source = data
    else:
        try:
            source = io.BytesIO(read_limited(data, MAX_BUNDLE_BYTES))
        except TooLarge:
            result.error(None, None, f"larger than {MAX_BUNDLE_BYTES >> 20} MB")
            return None
    try:
        return zipfile.ZipFile(source)
    except zipfile.BadZipFile:
        result.error(None, None, "not a readable zip archive")
        return None


def parse_badge_bundle(
    data: Source | Path,
    *,
    file_name: str,
    issuer_key: bytes | IssuerKey | None = None,
    date_format: str | None = None,
    today: date | None = None,
) -> ParseResult[BadgeRecord]:
    """Every badge in a zip or folder; each problem is reported as `bundle!member`.

    Files that are not badges (a README, a BadgeClass document) are skipped with
    a note; BadgeClass and Profile documents complete badges that link to them.
    """
    result: ParseResult[BadgeRecord] = ParseResult(file_name)
    key, key_ok = resolve_key(issuer_key, result)
    if not key_ok:
        return result
    if isinstance(data, Path):
        if not data.is_dir():
            result.error(None, None, "not a folder")
            return result
        members = _members_of_folder(data, result)
    else:
        archive = _open_zip(data, result)
        if archive is None:
            return result
        members = _members_of_zip(archive, result)
    # Two passes, one member in memory at a time: BadgeClass and Profile documents first (badges
    # may link to them), then each badge read, parsed and let go.
    documents: dict[str, dict[str, Any]] = {}
    badges: list[Member] = []
    skipped: list[str] = []
    for name, read in members:
        content = read() if name.lower().endswith(".json") else None
        linked = _linked_document(content) if content is not None else None
        if linked is not None:
            documents[linked["id"]] = linked
        elif name.lower().endswith(BADGE_SUFFIXES):
            badges.append((name, read))
        else:
            skipped.append(name)
    if skipped:
        result.notes.append("skipped (not badge files): " + ", ".join(skipped))
    first_file: dict[str, str] = {}
    for name, read in badges:
        content = read()
        if content is None:
            continue
        member_name = f"{file_name}!{name}"
        one = parse_badge(content, file_name=member_name, issuer_key=key, documents=documents)
        kept = []
        for record in one.records:
            other = first_file.setdefault(record.assertion_id, member_name)
            if other == member_name:
                kept.append(record)
            else:
                one.add_error(record.origin.issue(None, f"badge {record.assertion_id} is also in {other}"))
        one.records = kept
        result.merge(one)
    if not badges and result.ok:
        result.error(None, None, "no badge files found (expected .png, .svg, .json or .jws files)")
    return result


def parse_badges(
    data: Source | Path,
    *,
    file_name: str,
    issuer_key: bytes | IssuerKey | None = None,
    date_format: str | None = None,
    today: date | None = None,
) -> ParseResult[BadgeRecord] | ParseResult[CredlyBadgeRecord]:
    """The `badges` import kind: a Credly CSV, one badge file, or a folder or zip of them.

    Told apart by content, not name: a zip is a bundle; a PNG, an SVG (`<`),
    JSON (`{`), a one-line JWS or a bare link is a badge; anything else is read as Credly's CSV.
    """
    if isinstance(data, Path):
        return parse_badge_bundle(data, file_name=file_name, issuer_key=issuer_key, today=today)
    head, stream = peek(data, 4096)
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    first_line = text.split(b"\n", 1)[0].strip().decode("ascii", "replace")
    if head.startswith(b"PK\x03\x04"):
        return parse_badge_bundle(stream, file_name=file_name, issuer_key=issuer_key, today=today)
    hosted_link = first_line.startswith(("http://", "https://"))  # a hosted badge's URL, not a CSV header
    if is_png(head) or text.startswith((b"<", b"{")) or looks_like_jws(first_line) or hosted_link:
        return parse_badge(stream, file_name=file_name, issuer_key=issuer_key, today=today)
    return parse_credly(stream, file_name=file_name, date_format=date_format, today=today)
