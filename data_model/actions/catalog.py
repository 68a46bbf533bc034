"""Keeping the learning offer: add and change micro-credentials and providers (admin and HR only).

Like every write in `actions`, these check who is writing, validate with messages a person can
act on, write, and leave an `AuditEvent`; they never commit (the caller owns the transaction).

Changing the skills a credential grants changes what future badges grant; skill levels people
already hold from earlier badges are history and stay as they were.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from ..access import AccessDenied, Scope
from ..formats.values import is_web_link
from ..metrics.catalog import EDITOR_ROLES
from ..models import CredentialSkill, MicroCredential, Provider, Skill, stored_id
from ..models.inputs import CredentialTerms, problem_of
from ..vocab import DELIVERY_MODES, PROVIDER_KINDS
from .audit import record_audit
from .base import ActionError

_CURRENCY = re.compile(r"^[A-Z]{3}$")


def _require_editor(scope: Scope, what: str) -> None:
    if scope.role not in EDITOR_ROLES:
        raise AccessDenied(f"a {scope.role} account cannot {what}: the catalog is kept by admin and HR")


@dataclass(frozen=True)
class CredentialDraft:
    """A micro-credential as typed into the form. `skills` maps skill id to the level it grants (1..5)."""

    code: str
    title: str
    provider_id: int
    expected_hours: Decimal | float | str
    cost: Decimal | float | str = Decimal("0")
    currency: str = "EUR"
    delivery: str = "online"
    validity_months: int | None = None
    url: str | None = None
    active: bool = True
    skills: Mapping[int, int] = field(default_factory=dict)


def _decimal(value: Any, what: str, problems: list[str]) -> Decimal | None:
    try:
        # Not rounded: 1.234 is refused (at most 2 decimals), as the catalog file refuses it.
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        problems.append(f"{what} must be a number, got {value!r}")
        return None
    if not number.is_finite():
        problems.append(f"{what} must be a number, got {value!r}")
        return None
    return number


def _clean(draft: CredentialDraft) -> tuple[dict[str, Any], list[str]]:
    """The draft's values normalised, and the problems found (empty when it can be saved)."""
    problems: list[str] = []
    code = draft.code.strip()
    title = draft.title.strip()
    currency = draft.currency.strip().upper()
    url = (draft.url or "").strip() or None
    if not code:
        problems.append("a code is needed (e.g. K8S-101); it identifies the credential in imports")
    elif len(code) > 64:
        problems.append("the code is longer than 64 characters")
    if not title:
        problems.append("a title is needed")
    elif len(title) > 300:
        problems.append("the title is longer than 300 characters")
    hours = _decimal(draft.expected_hours, "expected hours", problems)
    cost = _decimal(draft.cost, "cost", problems)
    terms = {"expected_hours": hours, "cost": cost, "validity_months": draft.validity_months}
    for name, value in terms.items():
        problem = None if value is None else problem_of(CredentialTerms, name, value)
        if problem:
            problems.append(problem)
    if not _CURRENCY.match(currency):
        problems.append(f"currency must be a three-letter ISO code like EUR, got {draft.currency!r}")
    if draft.delivery not in DELIVERY_MODES:
        problems.append(f"delivery must be one of {', '.join(DELIVERY_MODES)}")
    if url is not None and not is_web_link(url):
        problems.append("the link must start with http:// or https:// and be at most 500 characters")
    for skill_id, level in draft.skills.items():
        if not 1 <= int(level) <= 5:
            problems.append(f"skill {skill_id}: level must be 1 (Awareness) to 5 (Expert), got {level}")
    values = {
        "code": code,
        "title": title,
        "provider_id": draft.provider_id,
        "expected_hours": hours,
        "cost": cost,
        "currency": currency,
        "delivery": draft.delivery,
        "validity_months": draft.validity_months,
        "url": url,
        "active": bool(draft.active),
    }
    return values, problems


def _summary(credential: MicroCredential, skills: Mapping[int, int]) -> dict[str, Any]:
    return {
        "code": credential.code,
        "title": credential.title,
        "provider_id": credential.provider_id,
        "expected_hours": credential.expected_hours,
        "cost": credential.cost,
        "currency": credential.currency,
        "delivery": credential.delivery,
        "validity_months": credential.validity_months,
        "url": credential.url,
        "active": credential.active,
        "skills": {str(k): v for k, v in sorted(skills.items())},
    }


def save_credential(
    session: Session, scope: Scope, *, draft: CredentialDraft, credential_id: int | None = None
) -> int:
    """Create a micro-credential (`credential_id` None) or change one, with the skills it grants.

    The skills given replace the credential's list: skills left out no longer are granted.
    Returns the credential's id.
    """
    _require_editor(scope, "change the catalog")
    values, problems = _clean(draft)
    if session.get(Provider, draft.provider_id) is None:
        problems.append(f"unknown provider id {draft.provider_id}")
    skill_ids = sorted(int(s) for s in draft.skills)
    if skill_ids:
        known = set(session.exec(select(Skill.id).where(col(Skill.id).in_(skill_ids))).all())
        missing = [str(s) for s in skill_ids if s not in known]
        if missing:
            problems.append(f"unknown skill id(s): {', '.join(missing)}")
    same_code = select(MicroCredential.id).where(MicroCredential.code == values["code"])
    if credential_id is not None:
        same_code = same_code.where(MicroCredential.id != credential_id)
    if values["code"] and session.exec(same_code).first() is not None:
        problems.append(f"another micro-credential already has the code {values['code']}")
    if problems:
        raise ActionError("; ".join(problems))

    before = None
    credential: MicroCredential | None
    if credential_id is None:
        credential = MicroCredential(**values)
    else:
        credential = session.get(MicroCredential, credential_id)
        if credential is None:
            raise ActionError(f"no micro-credential {credential_id}")
        old_skills = dict(
            session.exec(
                select(CredentialSkill.skill_id, CredentialSkill.level_granted).where(
                    CredentialSkill.credential_id == credential_id
                )
            ).all()
        )
        before = _summary(credential, old_skills)
        for name, value in values.items():
            setattr(credential, name, value)
    session.add(credential)
    session.flush()

    levels = {int(s): int(level) for s, level in draft.skills.items()}
    session.execute(
        sa.delete(CredentialSkill).where(
            col(CredentialSkill.credential_id) == credential.id,
            col(CredentialSkill.skill_id).not_in(list(levels) or [-1]),
        )
    )
    current = {
        grant.skill_id: grant
        for grant in session.exec(
            select(CredentialSkill).where(CredentialSkill.credential_id == credential.id)
        )
    }
    for skill_id, level in sorted(levels.items()):
        grant = current.get(skill_id) or CredentialSkill(
            credential_id=stored_id(credential), skill_id=skill_id, level_granted=level
        )
        grant.level_granted = level
        session.add(grant)
    session.flush()
    record_audit(
        session,
        scope,
        action="create_credential" if credential_id is None else "update_credential",
        entity="micro_credential",
        entity_id=credential.id,
        before=before,
        after=_summary(credential, levels),
    )
    return stored_id(credential)


def add_provider(
    session: Session, scope: Scope, *, name: str, kind: str | None = None, url: str | None = None
) -> int:
    """Add a provider (a university, a vendor, a non-profit...) so credentials can name it."""
    _require_editor(scope, "change the catalog")
    name = name.strip()
    url = (url or "").strip() or None
    problems = []
    if not name:
        problems.append("a provider needs a name")
    elif len(name) > 200:
        problems.append("the name is longer than 200 characters")
    if kind is not None and kind not in PROVIDER_KINDS:
        problems.append(f"kind must be one of {', '.join(PROVIDER_KINDS)}")
    if url is not None and not is_web_link(url):
        problems.append("the link must start with http:// or https:// and be at most 500 characters")
    if name and session.exec(select(Provider.id).where(sa.func.lower(Provider.name) == name.lower())).first():
        problems.append(f"there is already a provider called {name}")
    if problems:
        raise ActionError("; ".join(problems))
    provider = Provider(name=name, kind=kind, url=url)
    session.add(provider)
    session.flush()
    record_audit(
        session,
        scope,
        action="add_provider",
        entity="provider",
        entity_id=provider.id,
        after={"name": name, "kind": kind, "url": url},
    )
    return stored_id(provider)
