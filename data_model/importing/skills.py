"""The `skills` kind: the skills catalogue, matched by name (ignoring case) or framework id.

A skill already stored is completed or corrected from the file: a non-empty
cell replaces the stored value, an empty one keeps it (a spreadsheet with a
blank description should not erase one). A framework id that belongs to another
stored skill is an error, since two skills cannot be the same ESCO or SFIA item.
"""

from __future__ import annotations

from typing import BinaryIO

from sqlmodel import select

from data_model.actions import apply_changes, record_audit
from data_model.formats import SkillRecord, parse_skills
from data_model.models import Skill

from .context import ImportContext
from .preview import preview_rows

FIELDS = ("category", "framework", "external_id", "description")
TABLE = "skill"


def _summary(skill: Skill) -> dict[str, str | None]:
    return {"name": skill.name, **{name: getattr(skill, name) for name in FIELDS}}


def import_skills(ctx: ImportContext, data: bytes | BinaryIO) -> None:
    ctx.progress("reading skills", 0, 1)
    result = parse_skills(data, file_name=ctx.file_name, date_format=ctx.date_format, today=ctx.today)
    ctx.result = result
    ctx.report.preview = preview_rows(result.records)
    stored = ctx.session.exec(select(Skill)).all()
    by_name = {skill.name.casefold(): skill for skill in stored}
    by_id = {(s.framework.casefold(), s.external_id): s for s in stored if s.framework and s.external_id}
    plans: list[tuple[SkillRecord, Skill | None]] = []
    for record in result.records:
        existing = by_name.get(record.name.casefold())
        if record.framework and record.external_id:
            other = by_id.get((record.framework.casefold(), record.external_id))
            if other is not None and other is not existing:
                ctx.error(
                    record.origin,
                    "external_id",
                    f"{record.framework} id {record.external_id} belongs to the skill {other.name} "
                    "in the database",
                )
        plans.append((record, existing))
    if not ctx.ok:
        return
    ctx.open_batch()
    for record, existing in plans:
        _write(ctx, record, existing)
    ctx.finish_change_notes()


def _write(ctx: ImportContext, record: SkillRecord, existing: Skill | None) -> None:
    wanted = {name: getattr(record, name) for name in FIELDS if getattr(record, name)}
    if existing is None:
        skill = Skill(name=record.name, **wanted)
        ctx.session.add(skill)
        ctx.session.flush()
        record_audit(
            ctx.session,
            ctx.scope,
            action="create_skill",
            entity=TABLE,
            entity_id=skill.id,
            after=_summary(skill),
        )
        ctx.count(TABLE, "created")
        return
    changes = apply_changes(ctx.session, ctx.scope, existing, wanted, action="update_skill", entity=TABLE)
    if not changes:
        ctx.count(TABLE, "unchanged")
        return
    ctx.count(TABLE, "updated")
    shown = "; ".join(
        f"{name} {value} (was {before or 'empty'})" for name, (before, value) in changes.items()
    )
    ctx.change_note(f"skill {existing.name}: {shown}")
