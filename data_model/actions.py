"""Write functions: assign, log learning, award badges, set skills and targets.

Each one checks that the writer's scope covers the people or team it touches, validates the
input with messages a person can act on, writes, and leaves an `AuditEvent`. None of them
commits: the caller owns the transaction (`data_model.db.session_scope`), so an importer can run
thousands of them in one all-or-nothing transaction and the dashboard one per click.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Protocol, TypeVar

import sqlalchemy as sa
from sqlmodel import Session, select

from .access import AccessDenied, Scope, people_clause, team_clause
from .bulk import bulk_insert
from .models import (
    AuditEvent,
    Badge,
    CredentialSkill,
    Employee,
    EmployeeSkill,
    Enrollment,
    LearningSession,
    MicroCredential,
    OnboardingItem,
    OnboardingPlan,
    TeamSkillTarget,
)
from .models.vocab import (
    BADGE_FORMATS,
    BADGE_VERIFICATION,
    ENROLLMENT_REASONS,
    OPEN_ENROLLMENT_STATUSES,
    SESSION_SOURCES,
    SKILL_SOURCES,
    TARGET_PRIORITIES,
)

MANAGING_ROLES = ("admin", "hr", "lead")


class ActionError(ValueError):
    """A write that cannot be done as asked; the message says what to change."""


# -- audit ---------------------------------------------------------------------------------------


def _json(value: dict[str, Any] | None) -> str | None:
    return None if value is None else json.dumps(value, default=str, sort_keys=True)


def _audit_row(scope: Scope, event: dict[str, Any]) -> dict[str, Any]:
    """An audit_event row from record_audit's keyword arguments."""
    entity_id = event.get("entity_id")
    return {
        "actor": scope.email or scope.role,
        "action": event["action"],
        "entity": event["entity"],
        "entity_id": None if entity_id is None else str(entity_id),
        "before": _json(event.get("before")),
        "after": _json(event.get("after")),
    }


def record_audit(
    session: Session,
    scope: Scope,
    *,
    action: str,
    entity: str,
    entity_id: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Leave a trace of a write a person made."""
    event = {"action": action, "entity": entity, "entity_id": entity_id, "before": before, "after": after}
    session.add(AuditEvent(**_audit_row(scope, event)))


def record_audits(session: Session, scope: Scope, events: Iterable[dict[str, Any]]) -> int:
    """The same traces as `record_audit`, many at once (an import of a million people).

    Each event holds record_audit's keyword arguments. They are written with `bulk_insert`
    rather than as ORM objects, which a session would keep in memory until the commit.
    """
    rows = [_audit_row(scope, event) for event in events]
    if rows:
        bulk_insert(session, AuditEvent, rows)
    return len(rows)


# -- who may write what -----------------------------------------------------------------------


def _require_role(scope: Scope, roles: Sequence[str], what: str) -> None:
    if scope.role not in roles:
        raise AccessDenied(f"a {scope.role} account cannot {what}")


def require_people_in_scope(session: Session, scope: Scope, employee_ids: Iterable[int]) -> list[Employee]:
    """The employees, all of them in the writer's scope; otherwise AccessDenied naming none of the others."""
    ids = sorted(set(employee_ids))
    if not ids:
        raise ActionError("choose at least one person")
    people = session.exec(select(Employee).where(Employee.id.in_(ids), people_clause(scope))).all()
    if len(people) != len(ids):
        raise AccessDenied("some of these people are outside your teams")
    return sorted(people, key=lambda person: person.id)


def _require_team_in_scope(session: Session, scope: Scope, team_id: int) -> None:
    allowed = session.execute(sa.select(sa.literal(1)).where(team_clause(scope, sa.literal(team_id)))).first()
    if allowed is None or scope.only_self:
        raise AccessDenied("this team is outside your scope")


def _credentials(session: Session, credential_ids: Iterable[int]) -> list[MicroCredential]:
    ids = sorted(set(credential_ids))
    if not ids:
        raise ActionError("choose at least one micro-credential")
    found = session.exec(select(MicroCredential).where(MicroCredential.id.in_(ids))).all()
    missing = set(ids) - {c.id for c in found}
    if missing:
        raise ActionError(f"unknown micro-credential id(s): {', '.join(map(str, sorted(missing)))}")
    inactive = [c.code for c in found if not c.active]
    if inactive:
        raise ActionError(f"no longer offered: {', '.join(inactive)}")
    return sorted(found, key=lambda c: c.id)


def _employed_on(person: Employee, day: date) -> bool:
    return person.hire_date <= day and (person.exit_date is None or person.exit_date >= day)


# -- enrollments ---------------------------------------------------------------------------------


@dataclass
class AssignmentResult:
    """What an assignment did: enrollments created, and pairs skipped with the reason."""

    created: list[int] = field(default_factory=list)
    skipped: list[tuple[str, str, str]] = field(default_factory=list)  # (person, credential code, why)

    def summary(self) -> str:
        text = f"{len(self.created)} assignment(s) created"
        if self.skipped:
            text += f", {len(self.skipped)} skipped"
        return text


class Planned(Protocol):
    """One (person, credential, due date) of a plan, e.g. `skill_views.PlannedAssignment`."""

    employee_id: int
    credential_id: int
    due_date: date


P = TypeVar("P", bound=Planned)


def assign_planned(
    session: Session, scope: Scope, *, todo: Sequence[P], on: date, by: int | None
) -> list[tuple[P, str | None]]:
    """Assign each planned (person, credential) with its own due date, for a skill gap.

    Returns each item with None when it was assigned, or the reason it was skipped. One
    transaction (the caller's): a refusal of the whole (access) writes nothing.
    """
    outcomes: list[tuple[P, str | None]] = []
    for item in todo:
        result = assign_credentials(
            session,
            scope,
            employee_ids=[item.employee_id],
            credential_ids=[item.credential_id],
            due_date=item.due_date,
            reason="skill_gap",
            assigned_on=on,
            assigned_by_account_id=by,
        )
        outcomes.append((item, None if result.created else result.skipped[0][2]))
    return outcomes


def _open_pairs(session: Session, employee_ids: list[int], credential_ids: list[int]) -> set[tuple[int, int]]:
    rows = session.exec(
        select(Enrollment.employee_id, Enrollment.credential_id).where(
            Enrollment.employee_id.in_(employee_ids),
            Enrollment.credential_id.in_(credential_ids),
            Enrollment.status.in_(OPEN_ENROLLMENT_STATUSES),
        )
    ).all()
    return {(e, c) for e, c in rows}


def assign_credentials(
    session: Session,
    scope: Scope,
    *,
    employee_ids: Sequence[int],
    credential_ids: Sequence[int],
    due_date: date | None,
    reason: str,
    assigned_on: date,
    assigned_by_account_id: int | None = None,
) -> AssignmentResult:
    """Assign every chosen credential to every chosen person.

    A person who already has that credential open (assigned or in progress) is skipped and
    reported, never assigned twice.
    """
    if scope.only_self:
        if list(employee_ids) != [scope.employee_id] or reason != "self":
            raise AccessDenied("an employee can only enrol themselves")
    else:
        _require_role(scope, MANAGING_ROLES, "assign learning")
    if reason not in ENROLLMENT_REASONS:
        raise ActionError(f"reason must be one of {', '.join(ENROLLMENT_REASONS)}")
    if due_date is not None and due_date < assigned_on:
        raise ActionError(f"the due date {due_date} is before the assignment date {assigned_on}")
    people = require_people_in_scope(session, scope, employee_ids)
    credentials = _credentials(session, credential_ids)
    already = _open_pairs(session, [p.id for p in people], [c.id for c in credentials])
    result = AssignmentResult()
    for person in people:
        if person.exit_date is not None and person.exit_date < assigned_on:
            for credential in credentials:
                result.skipped.append((person.full_name, credential.code, "has left the organisation"))
            continue
        for credential in credentials:
            if (person.id, credential.id) in already:
                result.skipped.append((person.full_name, credential.code, "already assigned or in progress"))
                continue
            enrollment = Enrollment(
                employee_id=person.id,
                credential_id=credential.id,
                status="assigned",
                assigned_by_id=assigned_by_account_id,
                reason=reason,
                assigned_on=assigned_on,
                due_date=due_date,
            )
            session.add(enrollment)
            who, code = person.full_name, credential.code  # readable after a failed flush
            try:
                session.flush()
            except sa.exc.IntegrityError:
                # Someone else assigned the same pair between our check and this insert: the
                # database's one-open-enrollment index refused it, and this whole write is undone.
                raise ActionError(
                    f"{who} was assigned {code} by someone else at the same moment, so nothing was "
                    "saved. Reload to see it, then try again for anyone else."
                ) from None
            result.created.append(enrollment.id)
            record_audit(
                session,
                scope,
                action="assign_credential",
                entity="enrollment",
                entity_id=enrollment.id,
                after={
                    "employee": person.employee_code,
                    "credential": credential.code,
                    "due_date": due_date,
                    "reason": reason,
                },
            )
    return result


def apply_onboarding_plan(
    session: Session,
    scope: Scope,
    *,
    employee_ids: Sequence[int],
    assigned_on: date,
    assigned_by_account_id: int | None = None,
) -> AssignmentResult:
    """Assign each new hire the onboarding plan of their job role and of their team.

    Due dates are counted from the hire date (never before today's assignment date).
    """
    _require_role(scope, MANAGING_ROLES, "assign onboarding")
    people = require_people_in_scope(session, scope, employee_ids)
    result = AssignmentResult()
    for person in people:
        plans = sa.or_(
            sa.and_(OnboardingPlan.job_role_id == person.job_role_id, OnboardingPlan.team_id.is_(None)),
            sa.and_(OnboardingPlan.team_id == person.team_id, OnboardingPlan.job_role_id.is_(None)),
            sa.and_(
                OnboardingPlan.team_id == person.team_id, OnboardingPlan.job_role_id == person.job_role_id
            ),
        )
        items = session.exec(
            select(OnboardingItem.credential_id, sa.func.min(OnboardingItem.due_days_after_hire))
            .join(OnboardingPlan, OnboardingPlan.id == OnboardingItem.plan_id)
            .where(plans)
            .group_by(OnboardingItem.credential_id)
            .order_by(OnboardingItem.credential_id)
        ).all()
        if not items:
            result.skipped.append((person.full_name, "-", "no onboarding plan for this role or team"))
            continue
        for credential_id, days in items:
            due = max(person.hire_date + timedelta(days=days), assigned_on)
            one = assign_credentials(
                session,
                scope,
                employee_ids=[person.id],
                credential_ids=[credential_id],
                due_date=due,
                reason="onboarding",
                assigned_on=assigned_on,
                assigned_by_account_id=assigned_by_account_id,
            )
            result.created += one.created
            result.skipped += one.skipped
    return result


def _enrollment_in_scope(session: Session, scope: Scope, enrollment_id: int) -> Enrollment:
    enrollment = session.get(Enrollment, enrollment_id)
    if enrollment is None:
        raise ActionError(f"no enrollment {enrollment_id}")
    require_people_in_scope(session, scope, [enrollment.employee_id])
    return enrollment


def _enrollment_state(enrollment: Enrollment) -> dict[str, Any]:
    return {
        "status": enrollment.status,
        "due_date": enrollment.due_date,
        "started_on": enrollment.started_on,
        "completed_on": enrollment.completed_on,
        "withdrawn_on": enrollment.withdrawn_on,
    }


def _change_enrollment(
    session: Session, scope: Scope, enrollment: Enrollment, action: str, **changes: Any
) -> None:
    before = _enrollment_state(enrollment)
    for name, value in changes.items():
        setattr(enrollment, name, value)
    session.add(enrollment)
    session.flush()
    record_audit(
        session,
        scope,
        action=action,
        entity="enrollment",
        entity_id=enrollment.id,
        before=before,
        after=_enrollment_state(enrollment),
    )


def _require_open(enrollment: Enrollment, what: str) -> None:
    if enrollment.status not in OPEN_ENROLLMENT_STATUSES:
        raise ActionError(f"cannot {what}: this enrollment is already {enrollment.status}")


def start_enrollment(session: Session, scope: Scope, *, enrollment_id: int, on: date) -> None:
    enrollment = _enrollment_in_scope(session, scope, enrollment_id)
    if enrollment.status != "assigned":
        raise ActionError(f"cannot start: this enrollment is {enrollment.status}")
    _change_enrollment(session, scope, enrollment, "start_enrollment", status="in_progress", started_on=on)


def complete_enrollment(session: Session, scope: Scope, *, enrollment_id: int, on: date) -> None:
    """Mark complete. Employees may complete their own; leads and HR anyone in scope."""
    enrollment = _enrollment_in_scope(session, scope, enrollment_id)
    _require_open(enrollment, "complete")
    if on < enrollment.assigned_on:
        raise ActionError(f"the completion date {on} is before the assignment date {enrollment.assigned_on}")
    _change_enrollment(
        session,
        scope,
        enrollment,
        "complete_enrollment",
        status="completed",
        completed_on=on,
        started_on=enrollment.started_on or enrollment.assigned_on,
    )


def extend_enrollment(session: Session, scope: Scope, *, enrollment_id: int, due_date: date) -> None:
    _require_role(scope, MANAGING_ROLES, "change due dates")
    enrollment = _enrollment_in_scope(session, scope, enrollment_id)
    _require_open(enrollment, "extend")
    if due_date < enrollment.assigned_on:
        raise ActionError(f"the due date {due_date} is before the assignment date {enrollment.assigned_on}")
    _change_enrollment(session, scope, enrollment, "extend_enrollment", due_date=due_date)


def withdraw_enrollment(session: Session, scope: Scope, *, enrollment_id: int, on: date) -> None:
    enrollment = _enrollment_in_scope(session, scope, enrollment_id)
    _require_open(enrollment, "withdraw")
    if scope.only_self and enrollment.assigned_by_id is not None:
        raise AccessDenied("an assignment can only be withdrawn by your lead or HR")
    _change_enrollment(session, scope, enrollment, "withdraw_enrollment", status="withdrawn", withdrawn_on=on)


def enrol_self(
    session: Session, scope: Scope, *, credential_id: int, on: date, due_date: date | None = None
) -> int:
    """An employee enrols themselves on a credential."""
    if scope.employee_id is None:
        raise ActionError("this account is not linked to an employee")
    result = assign_credentials(
        session,
        scope,
        employee_ids=[scope.employee_id],
        credential_ids=[credential_id],
        due_date=due_date,
        reason="self",
        assigned_on=on,
    )
    if not result.created:
        raise ActionError(f"not enrolled: {result.skipped[0][2]}")
    return result.created[0]


# -- learning time -------------------------------------------------------------------------------


@dataclass(frozen=True)
class LearningEntry:
    employee_id: int
    on: date
    minutes: int
    credential_id: int | None = None
    note: str | None = None
    source: str = "manual"
    external_id: str | None = None


def validate_learning(entry: LearningEntry, *, today: date) -> list[str]:
    """Problems with one learning entry, as messages for a person (empty when it is fine)."""
    problems = []
    if not 1 <= entry.minutes <= 1440:
        problems.append(f"minutes must be between 1 and 1440 (a day), got {entry.minutes}")
    if entry.on > today:
        problems.append(f"the date {entry.on} is in the future")
    if entry.source not in SESSION_SOURCES:
        problems.append(f"source must be one of {', '.join(SESSION_SOURCES)}")
    if entry.note is not None and len(entry.note) > 500:
        problems.append("the note is longer than 500 characters")
    return problems


def log_learning(session: Session, scope: Scope, *, entry: LearningEntry, today: date) -> int:
    """Record minutes of learning on a day, for yourself or someone in your teams."""
    if scope.role == "exec":
        raise AccessDenied("an executive account cannot log learning time")
    problems = validate_learning(entry, today=today)
    if problems:
        raise ActionError("; ".join(problems))
    [person] = require_people_in_scope(session, scope, [entry.employee_id])
    if not _employed_on(person, entry.on):
        raise ActionError(f"{person.full_name} was not employed on {entry.on}")
    if entry.credential_id is not None and session.get(MicroCredential, entry.credential_id) is None:
        raise ActionError(f"unknown micro-credential id {entry.credential_id}")
    row = LearningSession(
        employee_id=entry.employee_id,
        date=entry.on,
        minutes=entry.minutes,
        credential_id=entry.credential_id,
        source=entry.source,
        external_id=entry.external_id,
        note=entry.note,
    )
    session.add(row)
    session.flush()
    record_audit(
        session,
        scope,
        action="log_learning",
        entity="learning_session",
        entity_id=row.id,
        after={"employee": person.employee_code, "date": entry.on, "minutes": entry.minutes},
    )
    return row.id


# -- skills and badges -------------------------------------------------------------------------


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
        _require_role(scope, MANAGING_ROLES, "assess skills")
    require_people_in_scope(session, scope, [employee_id])
    current = session.exec(
        select(EmployeeSkill).where(
            EmployeeSkill.employee_id == employee_id,
            EmployeeSkill.skill_id == skill_id,
            EmployeeSkill.source == source,
            EmployeeSkill.badge_id.is_(None),
            EmployeeSkill.valid_to.is_(None),
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
    _require_role(scope, ("admin", "hr", "lead"), "award badges")
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


# -- team targets ----------------------------------------------------------------------------------


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
    _require_role(scope, MANAGING_ROLES, "set skill targets")
    _require_team_in_scope(session, scope, team_id)
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
    return target.id
