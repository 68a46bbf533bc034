"""Onboarding plans from a CSV or a JSON file: which credentials a new hire gets, in order, by when.

CSV: one row per credential of a plan, in the order they are taken.

    plan,job_role,team,credential,due_days_after_hire,required,active
    Cloud onboarding,,Cloud Platform,OSF-LFS,14,yes,yes
    Cloud onboarding,,Cloud Platform,OSF-GIT,30,no,yes

JSON: `{"plans": [{"plan": "...", "job_role": null, "team": "...", "active": true,
"items": [{"credential": "OSF-LFS", "due_days_after_hire": 14, "required": true}]}]}`.

A plan is named once per file and is for a job role, a team, or both (names, resolved by the
writer); `required` and `active` default to yes. The rows of one plan must agree on its job
role, team and active flag. A file is read whole (plans are small, capped by MAX_JSON_BYTES for
JSON); nothing is written by the parser.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .cells import Cells
from .csv_reader import Column, Layout, open_csv, peek
from .errors import Origin, ParseResult
from .json_input import Node, as_text, load_json, read_json_source
from .sources import Source
from .values import ValueProblem, parse_bool, parse_int

MAX_DUE_DAYS = 3650

LAYOUT = Layout(
    columns=(
        Column("plan", ("plan name", "onboarding plan", "name"), required=True),
        Column("job_role", ("job role", "role", "job title")),
        Column("team", ("team name", "department")),
        Column("credential", ("credential code", "course", "course code", "code"), required=True),
        Column(
            "due_days_after_hire",
            ("due days", "due days after hire", "days after hire", "due in days", "due"),
            required=True,
        ),
        Column("required", ("mandatory",)),
        Column("active", ("plan active",)),
    ),
)


@dataclass(frozen=True, slots=True, kw_only=True)
class OnboardingItemRecord:
    origin: Origin
    credential: str
    due_days_after_hire: int
    required: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class OnboardingRecord:
    """One plan and its credentials in order; job role and team are names for the writer."""

    origin: Origin
    plan: str
    job_role: str | None
    team: str | None
    active: bool
    items: tuple[OnboardingItemRecord, ...]


def _due_days(value: Any) -> int:
    days = value if isinstance(value, int) and not isinstance(value, bool) else parse_int(as_text(value))
    if not 0 <= days <= MAX_DUE_DAYS:
        raise ValueProblem(f"due days must be 0 to {MAX_DUE_DAYS} after the hire date, got {days}")
    return days


def _flag(value: Any) -> bool:
    return value if isinstance(value, bool) else parse_bool(as_text(value))


class _Plans:
    """Plans as rows arrive, keyed by name ignoring case; a row that contradicts its plan is an error."""

    def __init__(self, result: ParseResult[OnboardingRecord]) -> None:
        self.result = result
        self.plans: dict[str, dict[str, Any]] = {}

    def add(
        self,
        origin: Origin,
        plan: str,
        job_role: str | None,
        team: str | None,
        active: bool,
        item: OnboardingItemRecord | None,
        error: Any,
    ) -> None:
        key = plan.casefold()
        found = self.plans.get(key)
        if found is None:
            if job_role is None and team is None:
                error("team", f"the plan {plan} needs a job role, a team, or both")
                return
            found = self.plans[key] = {
                "origin": origin,
                "plan": plan,
                "job_role": job_role,
                "team": team,
                "active": active,
                "items": [],
            }
        else:
            for name, value in (("job_role", job_role), ("team", team), ("active", active)):
                if value != found[name]:
                    where = found["origin"].row or found["origin"].path
                    error(
                        name,
                        f"the plan {plan} has {name.replace('_', ' ')} {found[name]!r} at {where}, "
                        f"not {value!r}",
                    )
                    return
        if item is not None:
            if any(i.credential.casefold() == item.credential.casefold() for i in found["items"]):
                error("credential", f"{item.credential} is in the plan {plan} twice")
                return
            found["items"].append(item)

    def records(self) -> list[OnboardingRecord]:
        return [
            OnboardingRecord(
                origin=p["origin"],
                plan=p["plan"],
                job_role=p["job_role"],
                team=p["team"],
                active=p["active"],
                items=tuple(p["items"]),
            )
            for p in self.plans.values()
        ]


def _parse_csv(data: Source, result: ParseResult[OnboardingRecord]) -> None:
    table = open_csv(data, LAYOUT, result)
    if table is None:
        return
    plans = _Plans(result)
    for row in table.rows:
        cells = Cells(row, result, None)
        plan = cells.text("plan", required=True, max_length=200)
        job_role = cells.text("job_role", max_length=160)
        team = cells.text("team", max_length=120)
        credential = cells.text("credential", required=True, max_length=64)
        days = cells.convert("due_days_after_hire", _due_days, required=True)
        required = cells.convert("required", _flag)
        active = cells.convert("active", _flag)
        if cells.failed:
            continue
        assert plan and credential and days is not None
        item = OnboardingItemRecord(
            origin=cells.origin,
            credential=credential,
            due_days_after_hire=days,
            required=True if required is None else required,
        )
        plans.add(cells.origin, plan, job_role, team, True if active is None else active, item, cells.error)
    result.records.extend(plans.records())


def _parse_json(raw: bytes, result: ParseResult[OnboardingRecord]) -> None:
    document = load_json(raw, result)
    if document is None:
        return
    if not isinstance(document, dict) or not isinstance(document.get("plans"), list):
        result.error(None, None, 'expected an object with a list of "plans"', path="$")
        return
    plans = _Plans(result)
    for entry, path in Node(document, "$", result).items("plans"):
        result.rows_read += 1
        if not isinstance(entry, dict):
            result.error(None, None, "a plan should be an object", path=path)
            continue
        node = Node(entry, path, result)
        plan = node.text("plan", required=True, max_length=200)
        job_role = node.text("job_role", max_length=160)
        team = node.text("team", max_length=120)
        active = node.convert("active", _flag)
        items = []
        for item, item_path in node.items("items"):
            if not isinstance(item, dict):
                result.error(None, None, "an item should be an object", path=item_path)
                continue
            inner = Node(item, item_path, result)
            credential = inner.text("credential", required=True, max_length=64)
            days = inner.convert("due_days_after_hire", _due_days, required=True)
            required = inner.convert("required", _flag)
            if credential and days is not None and not inner.failed:
                items.append(
                    OnboardingItemRecord(
                        origin=Origin(result.file, path=item_path),
                        credential=credential,
                        due_days_after_hire=days,
                        required=True if required is None else required,
                    )
                )
        if not items:
            node.error("items", "a plan needs at least one credential")
        if node.failed or not plan:
            continue
        origin = Origin(result.file, path=path)
        plans.add(origin, plan, job_role, team, True if active is None else active, None, node.error)
        for item in items:
            plans.add(origin, plan, job_role, team, True if active is None else active, item, node.error)
    result.records.extend(plans.records())


def parse_onboarding(data: Source, *, file_name: str, **_: Any) -> ParseResult[OnboardingRecord]:
    """Read onboarding plans (CSV or JSON, told apart by the first character), or say what is wrong."""
    result: ParseResult[OnboardingRecord] = ParseResult(file_name)
    head, stream = peek(data, 64)
    if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[") or file_name.lower().endswith(".json"):
        raw = read_json_source(stream, result)
        if raw is not None:
            _parse_json(raw, result)
    else:
        _parse_csv(stream, result)
    return result
