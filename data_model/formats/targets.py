"""Team skill targets from a CSV: how many people of a team need a skill at a level, by when.

Levels are ours (1..5) unless a `scale` column says `sfia`, in which case SFIA
1..7 is mapped as documented in `levels.py`. Team and skill stay names for the
writer to resolve; one target per team and skill.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .cells import Cells, Unique, read_records
from .csv_reader import Column, Layout
from .errors import Origin, ParseResult
from .levels import parse_scale, to_proficiency
from .sources import Source
from .values import ValueProblem, parse_int, parse_word

LAYOUT = Layout(
    columns=(
        Column("team", ("team name", "department"), required=True),
        Column("skill", ("skill name",), required=True),
        Column("min_level", ("min level", "minimum level", "level", "required level"), required=True),
        Column(
            "required_headcount",
            ("headcount", "required headcount", "people", "people needed", "required people"),
            required=True,
        ),
        Column("target_date", ("target date", "by", "due date", "deadline")),
        Column("priority", ()),
        Column("scale", ("level scale", "proficiency scale")),
    ),
)

PRIORITIES = {
    "high": "high",
    "h": "high",
    "critical": "high",
    "medium": "medium",
    "m": "medium",
    "normal": "medium",
    "low": "low",
    "l": "low",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class TargetRecord:
    """`min_level` is already on our 1..5 scale; `source_level` is as written (for SFIA files)."""

    origin: Origin
    team: str
    skill: str
    min_level: int
    source_level: int
    required_headcount: int
    target_date: date | None
    priority: str


def _headcount(text: str) -> int:
    value = parse_int(text)
    if value < 1:
        raise ValueProblem(f"headcount {value} must be at least 1")
    return value


def _record(cells: Cells) -> TargetRecord | None:
    team = cells.text("team", required=True, max_length=120)
    skill = cells.text("skill", required=True, max_length=160)
    scale = cells.convert("scale", parse_scale) or "upskill"
    source_level = cells.int("min_level", required=True)
    min_level = None
    if source_level is not None and not cells.failed:
        try:
            min_level = to_proficiency(source_level, scale)
        except ValueProblem as problem:
            cells.error("min_level", str(problem))
    headcount = cells.convert("required_headcount", _headcount, required=True)
    target_date = cells.date("target_date")
    priority = cells.convert("priority", lambda t: parse_word(t, PRIORITIES, "priority")) or "medium"
    if cells.failed:
        return None
    assert team and skill and min_level and source_level and headcount
    return TargetRecord(
        origin=cells.origin,
        team=team,
        skill=skill,
        min_level=min_level,
        source_level=source_level,
        required_headcount=headcount,
        target_date=target_date,
        priority=priority,
    )


_UNIQUE = (
    Unique["TargetRecord"](
        lambda r: f"{r.team.casefold()}\0{r.skill.casefold()}",
        "skill",
        lambda r, line: f"{r.team} already has a target for {r.skill} on line {line}",
    ),
)


def parse_targets(
    data: Source, *, file_name: str, date_format: str | None = None, today: date | None = None
) -> ParseResult[TargetRecord]:
    """Read a team-skill-targets CSV into TargetRecords, or say everything wrong with it.

    A target date in the past is allowed: it is a target that was missed.
    """
    result: ParseResult[TargetRecord] = ParseResult(file_name)
    result.records.extend(
        read_records(data, LAYOUT, result, _record, date_format=date_format, unique=_UNIQUE)
    )
    return result
