"""The skills catalogue from a CSV: names, categories, and the framework ids behind them.

A skill may come from a framework (ESCO, SFIA, O*NET...) with its own id, which
lets a later import or a badge alignment find the same skill again. Names are
unique ignoring case, and so is a framework id within its framework.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .cells import Cells, Unique, read_records
from .csv_reader import Column, Layout
from .errors import Origin, ParseResult
from .sources import Source

LAYOUT = Layout(
    columns=(
        Column("name", ("skill", "skill name", "title"), required=True),
        Column("category", ("skill category", "group", "skill group")),
        Column("framework", ("taxonomy", "source framework")),
        Column("external_id", ("external id", "framework id", "code", "uri", "esco uri", "sfia code")),
        Column("description", ("definition", "skill description")),
    ),
)


@dataclass(frozen=True, slots=True, kw_only=True)
class SkillRecord:
    origin: Origin
    name: str
    category: str | None
    framework: str | None
    external_id: str | None
    description: str | None


def _record(cells: Cells) -> SkillRecord | None:
    name = cells.text("name", required=True, max_length=160)
    framework = cells.text("framework", max_length=40)
    external_id = cells.text("external_id", max_length=300)
    if external_id and not framework and not cells.row.get("framework"):
        cells.error(
            "external_id", "a framework id needs its framework (ESCO, SFIA...) in the framework column"
        )
    record = SkillRecord(
        origin=cells.origin,
        name=name or "",
        category=cells.text("category", max_length=120),
        framework=framework,
        external_id=external_id,
        description=cells.text("description"),
    )
    return None if cells.failed else record


_UNIQUE = (
    Unique["SkillRecord"](
        lambda r: r.name.casefold(), "name", lambda r, line: f"skill {r.name} is also on line {line}"
    ),
    Unique["SkillRecord"](
        lambda r: f"{r.framework.casefold()}\0{r.external_id}" if r.framework and r.external_id else None,
        "external_id",
        lambda r, line: f"{r.framework} id {r.external_id} is also on line {line}",
    ),
)


def parse_skills(
    data: Source, *, file_name: str, date_format: str | None = None, today: date | None = None
) -> ParseResult[SkillRecord]:
    """Read a skills CSV into SkillRecords, or say everything wrong with it.

    `date_format` and `today` are accepted for a uniform signature; skills have no dates.
    """
    result: ParseResult[SkillRecord] = ParseResult(file_name)
    result.records.extend(
        read_records(data, LAYOUT, result, _record, date_format=date_format, unique=_UNIQUE)
    )
    return result
