"""What level of which skill each team aims for, and by when."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from ..access import Scope
from ..models import (
    TeamSkillTarget,
    stored_id,
)
from ..vocab import (
    TARGET_PRIORITIES,
)
from .audit import record_audit
from .base import (
    MANAGING_ROLES,
    ActionError,
    require_role,
    require_team_in_scope,
)


def set_team_target(
    session: Session,
    scope: Scope,
    *,
    team_id: int,
    skill_id: int,
    min_level: int,
    required_headcount: int,
    target_date: date | None = None,
    priority: str = "medium",
) -> int:
    """Create or change a team's target for a skill (one target per team and skill)."""
    require_role(scope, MANAGING_ROLES, "set skill targets")
    require_team_in_scope(session, scope, team_id)
    if not 1 <= min_level <= 5:
        raise ActionError(f"minimum level must be 1 to 5, got {min_level}")
    if required_headcount < 1:
        raise ActionError("required headcount must be at least 1")
    if priority not in TARGET_PRIORITIES:
        raise ActionError(f"priority must be one of {', '.join(TARGET_PRIORITIES)}")
    target = session.exec(
        select(TeamSkillTarget).where(
            TeamSkillTarget.team_id == team_id, TeamSkillTarget.skill_id == skill_id
        )
    ).first()
    before = None
    if target is None:
        target = TeamSkillTarget(team_id=team_id, skill_id=skill_id, min_level=1, required_headcount=1)
    else:
        before = {
            "min_level": target.min_level,
            "required_headcount": target.required_headcount,
            "target_date": target.target_date,
            "priority": target.priority,
        }
    target.min_level = min_level
    target.required_headcount = required_headcount
    target.target_date = target_date
    target.priority = priority
    session.add(target)
    session.flush()
    record_audit(
        session,
        scope,
        action="set_team_target",
        entity="team_skill_target",
        entity_id=target.id,
        before=before,
        after={
            "team_id": team_id,
            "skill_id": skill_id,
            "min_level": min_level,
            "required_headcount": required_headcount,
            "target_date": target_date,
            "priority": priority,
        },
    )
    return stored_id(target)
