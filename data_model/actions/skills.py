"""A person's skill levels, kept as history: a change closes the current row and opens a new one."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from ..access import AccessDenied, Scope
from ..models import (
    EmployeeSkill,
)
from ..vocab import (
    SKILL_SOURCES,
)
from .audit import record_audit
from .base import (
    MANAGING_ROLES,
    ActionError,
    require_people_in_scope,
    require_role,
)


def set_skill_level(
    session: Session,
    scope: Scope,
    *,
    employee_id: int,
    skill_id: int,
    level: int,
    source: str,
    on: date,
) -> int | None:
    """Record a new level: the current row of that source is closed on `on` and a new one opened.

    History is never overwritten. Returns the new row's id (None when the level is unchanged).
    """
    if source not in SKILL_SOURCES or source == "badge":
        raise ActionError(
            "source must be assessment, manager or self (badges set skills through award_badge)"
        )
    if not 1 <= level <= 5:
        raise ActionError(f"level must be 1 (Awareness) to 5 (Expert), got {level}")
    if source == "self":
        if scope.employee_id != employee_id:
            raise AccessDenied("a self-assessment is for your own skills only")
    else:
        require_role(scope, MANAGING_ROLES, "assess skills")
    require_people_in_scope(session, scope, [employee_id])
    current = session.exec(
        select(EmployeeSkill).where(
            EmployeeSkill.employee_id == employee_id,
            EmployeeSkill.skill_id == skill_id,
            EmployeeSkill.source == source,
            col(EmployeeSkill.badge_id).is_(None),
            col(EmployeeSkill.valid_to).is_(None),
        )
    ).first()
    if current is not None and current.level == level:
        return None
    before = None
    if current is not None:
        if on <= current.valid_from:
            raise ActionError(
                f"a change must be dated after the current level's start ({current.valid_from})"
            )
        before = {"level": current.level, "valid_from": current.valid_from}
        current.valid_to = on
        session.add(current)
        session.flush()
    row = EmployeeSkill(employee_id=employee_id, skill_id=skill_id, level=level, source=source, valid_from=on)
    session.add(row)
    session.flush()
    record_audit(
        session,
        scope,
        action="set_skill_level",
        entity="employee_skill",
        entity_id=row.id,
        before=before,
        after={
            "employee_id": employee_id,
            "skill_id": skill_id,
            "level": level,
            "source": source,
            "from": on,
        },
    )
    return row.id
