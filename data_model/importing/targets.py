"""The `targets` kind: team skill targets, set with `actions.set_team_target` like the Skills page does.

The team and the skill must already exist (by name, ignoring case; a skill also
by its framework id): a target for a team nobody knows is a typo, not a new team.
"""

from __future__ import annotations

from typing import BinaryIO

from sqlmodel import select

from data_model.actions import set_team_target
from data_model.formats import TargetRecord, parse_targets
from data_model.models import TeamSkillTarget

from .context import ImportContext
from .lookups import Skills, Teams
from .preview import preview_rows

TABLE = "team_skill_target"


def _same(stored: TeamSkillTarget, record: TargetRecord) -> bool:
    return (stored.min_level, stored.required_headcount, stored.target_date, stored.priority) == (
        record.min_level,
        record.required_headcount,
        record.target_date,
        record.priority,
    )


def import_targets(ctx: ImportContext, data: bytes | BinaryIO) -> None:
    ctx.progress("reading targets", 0, 1)
    result = parse_targets(data, file_name=ctx.file_name, date_format=ctx.date_format, today=ctx.today)
    ctx.result = result
    ctx.report.preview = preview_rows(result.records)
    teams, skills = Teams(ctx.session), Skills(ctx.session)
    stored = {(t.team_id, t.skill_id): t for t in ctx.session.exec(select(TeamSkillTarget)).all()}
    plans: list[tuple[TargetRecord, int, int]] = []
    for record in result.records:
        team_id = teams.find(record.team)
        if team_id is None:
            ctx.error(record.origin, "team", f"unknown team {record.team}")
        skill_id = skills.find_name(record.skill) or skills.find_external(record.skill)
        if skill_id is None:
            ctx.error(record.origin, "skill", f"unknown skill {record.skill}")
        if team_id is not None and skill_id is not None:
            plans.append((record, team_id, skill_id))
    if not ctx.ok:
        return
    ctx.open_batch()
    for record, team_id, skill_id in plans:
        existing = stored.get((team_id, skill_id))
        if existing is not None and _same(existing, record):
            ctx.count(TABLE, "unchanged")
            continue
        before = None
        if existing is not None:
            before = f"level {existing.min_level} x {existing.required_headcount}"
            before += f" by {existing.target_date or '-'}"
        set_team_target(
            ctx.session,
            ctx.scope,
            team_id=team_id,
            skill_id=skill_id,
            min_level=record.min_level,
            required_headcount=record.required_headcount,
            target_date=record.target_date,
            priority=record.priority,
        )
        ctx.count(TABLE, "created" if existing is None else "updated")
        if before is not None:
            ctx.change_note(
                f"{record.team} / {record.skill}: level {record.min_level} x {record.required_headcount} "
                f"by {record.target_date or '-'} (was {before})"
            )
    ctx.finish_change_notes()
