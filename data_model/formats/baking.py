"""Baked badges: the assertion hidden inside the badge image itself.

Open Badges puts the assertion (JSON, or a JWS when signed) in the image a
person can share: in a PNG as an `iTXt` chunk (keyword `openbadges` for 2.0,
`openbadgecredential` for 3.0), in an SVG as an `<openbadges:assertion>`
element (2.0) or `<openbadges:credential>` (3.0). Reading is defensive: chunk
lengths and CRCs are checked, compressed text is capped, and an SVG with
entity declarations is refused rather than expanded. Baking is here too so
tests (and exports) can make real baked files.
"""

from __future__ import annotations

import codecs
import re
import struct
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from defusedxml import DefusedXmlException, DTDForbidden
from defusedxml import ElementTree as defused

from .values import ValueProblem

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_KEYWORDS = ("openbadges", "openbadgecredential")
OB2_SVG_NS = "http://openbadges.org"
OB3_SVG_NS = "https://purl.imsglobal.org/ob/v3p0"
MAX_TEXT_BYTES = 4 << 20  # an assertion is a few kilobytes; refuse zip bombs in zTXt/iTXt


@dataclass(frozen=True)
class BakedContent:
    """What was found in an image: the text (JSON, JWS or a URL) and where it was."""

    text: str
    container: str  # "png" or "svg"
    version: int  # 2 or 3, from the keyword or element


def is_png(data: bytes) -> bool:
    return data.startswith(PNG_SIGNATURE)


_XML_ENCODINGS = (  # longest byte order mark first: UTF-32 LE's begins like UTF-16 LE's
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00", "utf-16-le"),
    (b"\x00<", "utf-16-be"),
)


def _xml_head(data: bytes) -> str:
    """The first 64 KiB as text, in the encoding an XML parser would detect (XML 1.0 appendix F)."""
    for mark, encoding in _XML_ENCODINGS:
        if data.startswith(mark):
            skip = len(mark) if mark.startswith((b"\xef", b"\xff", b"\xfe", b"\x00\x00\xfe")) else 0
            return data[skip:65536].decode(encoding, errors="ignore")
    return data[:65536].decode("utf-8", errors="ignore")


def is_svg(data: bytes) -> bool:
    """An SVG document in any encoding XML allows (UTF-16 included), judged by its start."""
    head = _xml_head(data)
    return head.lstrip(" \t\r\n").startswith("<") and "<svg" in head


def _chunks(data: bytes) -> Iterator[tuple[bytes, bytes]]:
    position = len(PNG_SIGNATURE)
    while position < len(data):
        if position + 8 > len(data):
            raise ValueProblem("the PNG is cut off")
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        end = position + 8 + length
        if end + 4 > len(data):
            raise ValueProblem("the PNG is cut off or damaged (a chunk runs past the end)")
        body = data[position + 8 : end]
        (crc,) = struct.unpack(">I", data[end : end + 4])
        if zlib.crc32(kind + body) != crc:
            raise ValueProblem(f"the PNG is damaged (bad checksum in a {kind.decode('latin-1')} chunk)")
        yield kind, body
        if kind == b"IEND":
            return
        position = end + 4
    raise ValueProblem("the PNG has no end (IEND) chunk")


def _inflate(data: bytes) -> bytes:
    inflater = zlib.decompressobj()
    try:
        text = inflater.decompress(data, MAX_TEXT_BYTES)
    except zlib.error:
        raise ValueProblem("the badge text in the PNG is not valid compressed data") from None
    if inflater.unconsumed_tail:
        raise ValueProblem("the badge text in the PNG is implausibly large")
    return text


def _itxt(body: bytes) -> tuple[str, bytes]:
    keyword, _, rest = body.partition(b"\x00")
    if len(rest) < 2:
        raise ValueProblem("a damaged iTXt chunk in the PNG")
    compressed, rest = rest[0], rest[2:]
    _language, _, rest = rest.partition(b"\x00")
    _translated, _, text = rest.partition(b"\x00")
    return keyword.decode("latin-1"), _inflate(text) if compressed else text


def read_png(data: bytes) -> BakedContent | None:
    """The baked assertion of a PNG, or None when the image carries none."""
    if not is_png(data):
        raise ValueProblem("not a PNG image")
    for kind, body in _chunks(data):
        if kind == b"iTXt":
            keyword, text = _itxt(body)
        elif kind == b"tEXt":  # Open Badges 1.0 baked a URL in tEXt
            raw_keyword, _, text = body.partition(b"\x00")
            keyword = raw_keyword.decode("latin-1")
        else:
            continue
        if keyword in PNG_KEYWORDS:
            if len(text) > MAX_TEXT_BYTES:
                raise ValueProblem("the badge text in the PNG is implausibly large")
            try:
                decoded = text.decode("utf-8")
            except UnicodeDecodeError:
                raise ValueProblem("the badge text in the PNG is not UTF-8") from None
            return BakedContent(decoded, "png", 3 if keyword == "openbadgecredential" else 2)
    return None


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def bake_png(png: bytes, text: str, *, keyword: str = "openbadges") -> bytes:
    """A copy of `png` carrying `text` in an uncompressed iTXt chunk, replacing any earlier one."""
    if keyword not in PNG_KEYWORDS:
        raise ValueError(f"keyword must be one of {PNG_KEYWORDS}")
    out = [PNG_SIGNATURE]
    for kind, body in _chunks(png):
        if kind in (b"iTXt", b"tEXt") and body.partition(b"\x00")[0].decode("latin-1") in PNG_KEYWORDS:
            continue
        if kind == b"IEND":
            itxt = keyword.encode("latin-1") + b"\x00\x00\x00\x00\x00" + text.encode("utf-8")
            out.append(_chunk(b"iTXt", itxt))
        out.append(_chunk(kind, body))
    return b"".join(out)


def _parse_svg(data: bytes) -> ET.Element:
    """Parse with defusedxml and no DTD at all: entities can expand without limit (billion laughs,
    in any encoding, UTF-16 included) or read other files (XXE), and a badge image needs neither."""
    try:
        return defused.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        kind = "a DTD" if isinstance(exc, DTDForbidden) else "XML entities"
        raise ValueProblem(
            f"the SVG declares XML entities or a DTD ({kind}); refused, since they can expand without "
            "limit or read other files. Save the image again without a <!DOCTYPE> line"
        ) from None
    except ET.ParseError as exc:
        raise ValueProblem(f"the SVG is not well-formed XML ({exc})") from None


def read_svg(data: bytes) -> BakedContent | None:
    """The baked assertion of an SVG: a JWS from `verify`, else the JSON inside the element."""
    root = _parse_svg(data)
    for namespace, tag, version in ((OB2_SVG_NS, "assertion", 2), (OB3_SVG_NS, "credential", 3)):
        element = root.find(f".//{{{namespace}}}{tag}")
        if element is None:
            continue
        verify = (element.get("verify") or "").strip()
        body = (element.text or "").strip()
        if verify and not verify.startswith(("http://", "https://")):
            return BakedContent(verify, "svg", version)
        if body:
            return BakedContent(body, "svg", version)
        if verify:
            return BakedContent(verify, "svg", version)
        raise ValueProblem(f"the SVG's openbadges:{tag} element is empty")
    return None


_SVG_START = re.compile(rb"<svg\b[^>]*?(/?)>", re.DOTALL)


def bake_svg(svg: bytes, text: str, *, signed: bool, version: int = 2) -> bytes:
    """A copy of `svg` carrying the assertion: a JWS in `verify`, or JSON in CDATA."""
    namespace, tag = (OB2_SVG_NS, "assertion") if version == 2 else (OB3_SVG_NS, "credential")
    match = _SVG_START.search(svg)
    if match is None or match.group(1):
        raise ValueError("the SVG needs an <svg ...> start tag with content")
    if signed:
        element = f'<openbadges:{tag} verify="{text}"></openbadges:{tag}>'
    else:
        cdata = text.replace("]]>", "]]]]><![CDATA[>")
        element = f"<openbadges:{tag}><![CDATA[{cdata}]]></openbadges:{tag}>"
    start = match.group(0)
    declared = (
        start if b"xmlns:openbadges=" in start else start[:-1] + f' xmlns:openbadges="{namespace}">'.encode()
    )
    return svg[: match.start()] + declared + element.encode("utf-8") + svg[match.end() :]
