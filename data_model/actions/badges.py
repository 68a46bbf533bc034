"""Awarding a badge, which grants the skills of its credential until it expires."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from ..access import Scope
from ..models import (
    Badge,
    CredentialSkill,
    EmployeeSkill,
)
from ..vocab import (
    BADGE_FORMATS,
    BADGE_VERIFICATION,
)
from .audit import record_audit
from .base import (
    ActionError,
    require_people_in_scope,
    require_role,
)


@dataclass(frozen=True)
class BadgeAward:
    employee_id: int
    name: str
    issuer_name: str
    issued_on: date
    assertion_id: str
    format: str = "manual"
    verification: str = "unverified"
    verification_note: str | None = None
    credential_id: int | None = None
    expires_on: date | None = None
    evidence_url: str | None = None
    raw_json: str | None = None
    skill_levels: tuple[
        tuple[int, int], ...
    ] = ()  # (skill id, level) from alignments, beyond the credential's


def award_badge(
    session: Session, scope: Scope, *, award: BadgeAward, import_batch_id: int | None = None
) -> int | None:
    """Store a badge and the skills it grants until it expires. An assertion already held is skipped (None).

    A revoked or failed badge is kept as a record but grants no skill.
    """
    require_role(scope, ("admin", "hr", "lead"), "award badges")
    if award.format not in BADGE_FORMATS:
        raise ActionError(f"badge format must be one of {', '.join(BADGE_FORMATS)}")
    if award.verification not in BADGE_VERIFICATION:
        raise ActionError(f"verification must be one of {', '.join(BADGE_VERIFICATION)}")
    if award.expires_on is not None and award.expires_on < award.issued_on:
        raise ActionError(f"the badge expires ({award.expires_on}) before it was issued ({award.issued_on})")
    require_people_in_scope(session, scope, [award.employee_id])
    if session.exec(select(Badge.id).where(Badge.assertion_id == award.assertion_id)).first() is not None:
        return None
    badge = Badge(
        employee_id=award.employee_id,
        credential_id=award.credential_id,
        name=award.name,
        issuer_name=award.issuer_name,
        issued_on=award.issued_on,
        expires_on=award.expires_on,
        assertion_id=award.assertion_id,
        format=award.format,
        verification=award.verification,
        verification_note=award.verification_note,
        evidence_url=award.evidence_url,
        raw_json=award.raw_json,
        import_batch_id=import_batch_id,
    )
    session.add(badge)
    session.flush()
    levels: dict[int, int] = {}
    if award.credential_id is not None:
        for skill_id, level in session.exec(
            select(CredentialSkill.skill_id, CredentialSkill.level_granted).where(
                CredentialSkill.credential_id == award.credential_id
            )
        ):
            levels[skill_id] = max(level, levels.get(skill_id, 0))
    for skill_id, level in award.skill_levels:
        levels[skill_id] = max(level, levels.get(skill_id, 0))
    grants = award.verification in ("verified", "unverified") and (
        award.expires_on is None or award.expires_on > award.issued_on
    )
    if grants:
        for skill_id, level in sorted(levels.items()):
            session.add(
                EmployeeSkill(
                    employee_id=award.employee_id,
                    skill_id=skill_id,
                    level=level,
                    source="badge",
                    valid_from=award.issued_on,
                    valid_to=award.expires_on,
                    badge_id=badge.id,
                )
            )
    record_audit(
        session,
        scope,
        action="award_badge",
        entity="badge",
        entity_id=badge.id,
        after={
            "employee_id": award.employee_id,
            "name": award.name,
            "assertion_id": award.assertion_id,
            "skills": levels if grants else {},
        },
    )
    return badge.id
