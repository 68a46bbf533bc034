"""The learning offer: micro-credentials with their provider, cost and skills, and pathways.

Accepted as CSV (one credential per row) or JSON (credentials and pathways):

CSV columns: code, title, provider, provider_kind, provider_url, expected_hours,
cost, currency, delivery, validity_months, url, active, skills, scale, and for a
credential that belongs to a pathway: pathway, pathway_position,
pathway_required, qualification. `skills` reads `Kubernetes:3;Terraform:2`
(`|` may separate too). `scale` = `sfia` reads those levels as SFIA 1..7.

JSON:

    {"credentials": [{"code": "K8S-101", "title": "...", "provider": "IBM" or
                      {"name": "IBM", "kind": "vendor", "url": "..."},
                      "expected_hours": 12, "cost": "99.00", "currency": "EUR",
                      "delivery": "online", "validity_months": 24, "url": "...",
                      "active": true, "scale": "upskill",
                      "skills": [{"skill": "Kubernetes", "level": 3}] or "Kubernetes:3"}],
     "pathways": [{"title": "...", "provider": "...", "qualification": "...",
                   "items": [{"credential": "K8S-101", "position": 1, "required": true}]
                   or ["K8S-101", ...]}]}

Pathway items may name credentials that are already in the database; the
writer resolves them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Protocol, TypeVar

from ..models.inputs import CredentialTerms, problem_of
from .cells import Cells
from .csv_reader import Column, Layout, open_csv, peek
from .errors import Origin, ParseResult
from .json_input import Node, as_text, load_json, read_json_source
from .levels import parse_scale, to_proficiency
from .sources import Source
from .values import (
    ValueProblem,
    check_date_format,
    parse_bool,
    parse_decimal,
    parse_int,
    parse_web_link,
    parse_word,
)

V = TypeVar("V")

LAYOUT = Layout(
    columns=(
        Column("code", ("credential code", "credential", "course code"), required=True),
        Column("title", ("name", "credential title", "course title"), required=True),
        Column("provider", ("provider name", "issuer", "vendor"), required=True),
        Column("provider_kind", ("provider type",)),
        Column("provider_url", ("provider website",)),
        Column(
            "expected_hours", ("hours", "expected hours", "effort hours", "duration hours"), required=True
        ),
        Column("cost", ("price", "fee")),
        Column("currency", ()),
        Column("delivery", ("delivery mode", "mode", "format")),
        Column("validity_months", ("validity", "valid months", "validity months")),
        Column("url", ("link", "course url", "credential url")),
        Column("active", ()),
        Column("skills", ("skills granted", "skill levels")),
        Column("scale", ("level scale",)),
        Column("pathway", ("pathway title",)),
        Column("pathway_position", ("position",)),
        Column("pathway_required", ("required",)),
        Column("qualification", ("pathway qualification",)),
    ),
)

PROVIDER_KINDS = {
    "university": "university",
    "uni": "university",
    "college": "university",
    "vendor": "vendor",
    "company": "vendor",
    "nonprofit": "non_profit",
    "ngo": "non_profit",
    "charity": "non_profit",
    "internal": "internal",
    "inhouse": "internal",
    "other": "other",
}
DELIVERY = {
    "online": "online",
    "elearning": "online",
    "selfpaced": "online",
    "inperson": "in_person",
    "classroom": "in_person",
    "onsite": "in_person",
    "facetoface": "in_person",
    "blended": "blended",
    "hybrid": "blended",
}


@dataclass(frozen=True, slots=True)
class ProviderInfo:
    name: str
    kind: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class SkillGrant:
    """A skill a credential grants, at our level (1..5) after any scale mapping."""

    skill: str
    level: int


@dataclass(frozen=True, slots=True, kw_only=True)
class CredentialRecord:
    origin: Origin
    code: str
    title: str
    provider: ProviderInfo
    expected_hours: Decimal
    cost: Decimal
    currency: str
    delivery: str
    validity_months: int | None
    url: str | None
    active: bool
    skills: tuple[SkillGrant, ...]


@dataclass(frozen=True, slots=True)
class PathwayItemRecord:
    credential_code: str
    position: int
    required: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class PathwayRecord:
    origin: Origin
    title: str
    provider: str | None
    qualification: str | None
    items: tuple[PathwayItemRecord, ...]


CatalogRecord = CredentialRecord | PathwayRecord


class _Fields(Protocol):
    """What Cells (CSV) and Node (JSON) share, so one set of rules reads both."""

    failed: bool

    def text(self, key: str, *, required: bool = False, max_length: int | None = None) -> str | None: ...
    def convert(self, key: str, parse: Any, *, required: bool = False) -> Any: ...
    def error(self, key: str | None, message: str) -> None: ...


def _number(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise ValueProblem(f"{value!r} is not a number")
    if isinstance(value, float) and not math.isfinite(value):  # JSON's NaN, Infinity, or 1e400
        raise ValueProblem(f"{value!r} is not a number")
    if isinstance(value, int | float):
        return Decimal(str(value))
    return parse_decimal(as_text(value))


def _term(field: str, value: Any) -> Any:
    """A credential's hours, cost or validity, checked by the rule the catalog form uses too."""
    problem = problem_of(CredentialTerms, field, value)
    if problem:
        raise ValueProblem(problem)
    return value


def _whole(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueProblem(f"{value!r} is not a whole number")
    if isinstance(value, int):
        return value
    return parse_int(as_text(value))


def _months(value: Any) -> int:
    return int(_term("validity_months", _whole(value)))


def _currency(value: Any) -> str:
    text = as_text(value).upper()
    if len(text) != 3 or not text.isalpha() or not text.isascii():
        raise ValueProblem(f"{text!r} is not a 3-letter currency code like EUR")
    return text


def _flag(value: Any) -> bool:
    return value if isinstance(value, bool) else parse_bool(as_text(value))


def _grant(name: str, level_text: Any, scale: str, where: str) -> SkillGrant:
    name = name.strip()
    if not name:
        raise ValueProblem(f"{where}: the skill name is empty")
    if len(name) > 160:
        raise ValueProblem(f"{where}: skill name longer than 160 characters")
    try:
        level = to_proficiency(_whole(level_text), scale)
    except ValueProblem as problem:
        raise ValueProblem(f"{where}: {problem}") from None
    return SkillGrant(name, level)


def parse_skill_list(value: Any, scale: str = "upskill") -> tuple[SkillGrant, ...]:
    """`Kubernetes:3;Terraform:2` (or a JSON list of {"skill", "level"}) as grants; no skill twice."""
    grants: list[SkillGrant] = []
    if isinstance(value, list):
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                raise ValueProblem(f"item {i} should be an object with skill and level")
            name = item.get("skill", item.get("name"))
            if not isinstance(name, str) or "level" not in item:
                raise ValueProblem(f"item {i} needs a skill name and a level")
            grants.append(_grant(name, item["level"], scale, f"item {i}"))
    else:
        text = as_text(value)
        for part in text.replace("|", ";").split(";"):
            if not part.strip():
                continue
            name, sep, level = part.rpartition(":")
            if not sep:
                raise ValueProblem(f"{part.strip()!r} needs a level, like Kubernetes:3")
            grants.append(_grant(name, level.strip(), scale, repr(part.strip())))
    seen: set[str] = set()
    for grant in grants:
        if grant.skill.casefold() in seen:
            raise ValueProblem(f"skill {grant.skill} is listed twice")
        seen.add(grant.skill.casefold())
    return tuple(grants)


def _credential(fields: _Fields, origin: Origin, provider: ProviderInfo | None) -> CredentialRecord | None:
    code = fields.text("code", required=True, max_length=64)
    title = fields.text("title", required=True, max_length=300)
    hours = fields.convert("expected_hours", lambda v: _term("expected_hours", _number(v)), required=True)
    cost = fields.convert("cost", lambda v: _term("cost", _number(v)))
    currency = fields.convert("currency", _currency) or "EUR"
    delivery = fields.convert("delivery", lambda v: parse_word(as_text(v), DELIVERY, "delivery mode"))
    validity = fields.convert("validity_months", _months)
    url = fields.convert("url", lambda v: parse_web_link(as_text(v)))
    active = fields.convert("active", _flag)
    scale = fields.convert("scale", lambda v: parse_scale(as_text(v))) or "upskill"
    skills = fields.convert("skills", lambda v: parse_skill_list(v, scale))
    if fields.failed or provider is None:
        return None
    assert code and title and hours
    return CredentialRecord(
        origin=origin,
        code=code,
        title=title,
        provider=provider,
        expected_hours=hours,
        cost=cost if cost is not None else Decimal("0"),
        currency=currency,
        delivery=delivery or "online",
        validity_months=validity,
        url=url,
        active=True if active is None else active,
        skills=skills or (),
    )


def _provider_csv(cells: Cells) -> ProviderInfo | None:
    name = cells.text("provider", required=True, max_length=200)
    kind = cells.convert("provider_kind", lambda t: parse_word(t, PROVIDER_KINDS, "provider kind"))
    url = cells.convert("provider_url", parse_web_link)
    return ProviderInfo(name, kind, url) if name else None


def _provider_json(node: Node) -> ProviderInfo | None:
    value = node.value.get("provider")
    if isinstance(value, dict):
        inner = Node(value, node.at("provider"), node.result)
        name = inner.text("name", required=True, max_length=200)
        kind = inner.convert("kind", lambda v: parse_word(as_text(v), PROVIDER_KINDS, "provider kind"))
        url = inner.convert("url", lambda v: parse_web_link(as_text(v)))
        node.failed = node.failed or inner.failed
        return ProviderInfo(name, kind, url) if name and not inner.failed else None
    name = node.text("provider", required=True, max_length=200)
    return ProviderInfo(name) if name else None


def _check_catalog(result: ParseResult[CatalogRecord]) -> None:
    """Codes unique, one description per provider, pathway titles unique."""
    codes: dict[str, CredentialRecord] = {}
    providers: dict[str, ProviderInfo] = {}
    titles: dict[str, PathwayRecord] = {}
    kept: list[CatalogRecord] = []
    for record in result.records:
        if isinstance(record, CredentialRecord):
            first = codes.setdefault(record.code, record)
            if first is not record:
                result.add_error(
                    record.origin.issue("code", f"credential {record.code} is also at {_where(first)}")
                )
                continue
            known = providers.setdefault(record.provider.name.casefold(), record.provider)
            for attribute in ("kind", "url"):
                mine, theirs = getattr(record.provider, attribute), getattr(known, attribute)
                if mine and theirs and mine != theirs:
                    result.add_error(
                        record.origin.issue(
                            f"provider_{attribute}",
                            f"provider {record.provider.name} has {attribute} {theirs!r} on another row",
                        )
                    )
        else:
            first_pathway = titles.setdefault(record.title.casefold(), record)
            if first_pathway is not record:
                result.add_error(record.origin.issue("title", f"pathway {record.title} is defined twice"))
                continue
        kept.append(record)
    result.records = kept


def _where(record: CredentialRecord) -> str:
    origin = record.origin
    return f"line {origin.row}" if origin.row is not None else str(origin.path)


def _items_check(items: list[PathwayItemRecord], title: str) -> str | None:
    positions = [item.position for item in items]
    codes = [item.credential_code for item in items]
    if len(set(positions)) != len(positions):
        return f"pathway {title} has two credentials at the same position"
    if len(set(codes)) != len(codes):
        return f"pathway {title} lists a credential twice"
    return None


def _parse_csv(data: Source, result: ParseResult[CatalogRecord], date_format: str | None) -> None:
    table = open_csv(data, LAYOUT, result)
    if table is None:
        return
    pathways: dict[str, tuple[Origin, str, str | None, list[PathwayItemRecord]]] = {}
    for row in table.rows:
        cells = Cells(row, result, date_format)
        provider = _provider_csv(cells)
        pathway = cells.text("pathway", max_length=300)
        position = cells.convert("pathway_position", _whole)
        required = cells.convert("pathway_required", _flag)
        qualification = cells.text("qualification", max_length=300)
        record = _credential(cells, cells.origin, provider)
        if record is None:
            continue
        result.records.append(record)
        if not pathway:
            continue
        origin, title, known_qualification, items = pathways.setdefault(
            pathway.casefold(), (cells.origin, pathway, qualification, [])
        )
        if qualification and known_qualification and qualification != known_qualification:
            cells.error(
                "qualification", f"pathway {title} leads to {known_qualification!r} on an earlier line"
            )
        if position is None:
            position = max((item.position for item in items), default=0) + 1
        if position < 1:
            cells.error("pathway_position", "positions start at 1")
        items.append(PathwayItemRecord(record.code, position, True if required is None else required))
        pathways[pathway.casefold()] = (origin, title, known_qualification or qualification, items)
    for origin, title, qualification, items in pathways.values():
        problem = _items_check(items, title)
        if problem:
            result.add_error(origin.issue("pathway", problem))
            continue
        items.sort(key=lambda item: item.position)
        result.records.append(
            PathwayRecord(
                origin=origin, title=title, provider=None, qualification=qualification, items=tuple(items)
            )
        )


def _pathway_json(node: Node) -> PathwayRecord | None:
    title = node.text("title", required=True, max_length=300)
    provider = node.text("provider", max_length=200)
    qualification = node.text("qualification", max_length=300)
    items: list[PathwayItemRecord] = []
    entries = node.items("items")
    if not entries:
        node.error("items", "a pathway needs at least one credential in items")
    for i, (entry, path) in enumerate(entries):
        if isinstance(entry, str):
            entry = {"credential": entry}
        if not isinstance(entry, dict):
            node.error("items", "each item is a credential code or an object with credential", path=path)
            continue
        item = Node(entry, path, node.result)
        code = item.text("credential", required=True, max_length=64)
        position = item.convert("position", _whole)
        required = item.convert("required", _flag)
        if position is not None and position < 1:
            item.error("position", "positions start at 1")
        if item.failed or not code:
            node.failed = True
            continue
        items.append(PathwayItemRecord(code, i + 1 if position is None else position, required is not False))
    if title and items and (problem := _items_check(items, title)):
        node.error("items", problem)
    if node.failed or not title:
        return None
    items.sort(key=lambda item: item.position)
    return PathwayRecord(
        origin=Origin(node.result.file, path=node.path),
        title=title,
        provider=provider,
        qualification=qualification,
        items=tuple(items),
    )


def _parse_json(raw: bytes, result: ParseResult[CatalogRecord]) -> None:
    document = load_json(raw, result)
    if document is None:
        return
    if not isinstance(document, dict) or not ({"credentials", "pathways"} & document.keys()):
        result.error(None, None, 'expected an object with "credentials" and/or "pathways"', path="$")
        return
    root = Node(document, "$", result)
    for key in ("credentials", "pathways"):
        if key in document and not isinstance(document[key], list):
            root.error(key, f"{key} should be a list")
    if root.failed:
        return
    for entry, path in root.items("credentials"):
        result.rows_read += 1
        if not isinstance(entry, dict):
            result.error(None, None, "a credential should be an object", path=path)
            continue
        node = Node(entry, path, result)
        record = _credential(node, Origin(result.file, path=path), _provider_json(node))
        if record is not None:
            result.records.append(record)
    for entry, path in root.items("pathways"):
        result.rows_read += 1
        if not isinstance(entry, dict):
            result.error(None, None, "a pathway should be an object", path=path)
            continue
        pathway = _pathway_json(Node(entry, path, result))
        if pathway is not None:
            result.records.append(pathway)


def _looks_like_json(head: bytes) -> bool:
    return head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")


def parse_catalog(
    data: Source, *, file_name: str, date_format: str | None = None, today: date | None = None
) -> ParseResult[CatalogRecord]:
    """Read a catalog (CSV or JSON, told apart by the first character) into credential and pathway records."""
    check_date_format(date_format)
    result: ParseResult[CatalogRecord] = ParseResult(file_name)
    head, stream = peek(data, 64)
    if _looks_like_json(head) or file_name.lower().endswith(".json"):
        raw = read_json_source(stream, result)
        if raw is not None:
            _parse_json(raw, result)
    else:
        _parse_csv(stream, result, date_format)
    _check_catalog(result)
    return result
