"""The `badges` kind: Credly's CSV and Open Badges 2.0 / 3.0 files become badges, and skills.

Each badge must belong to an employee: matched by email, a salted email hash,
or an identifier equal to an employee code; an unmatched recipient is an error
for that badge. A badge for a credential in our catalog (its BadgeClass or
Achievement id or name, or Credly's template id, equal to the credential's code,
title or url) grants that credential's skills through `actions.award_badge`,
as a badge awarded on the dashboard does. Alignments name further skills, by
framework id (targetCode, targetUrl = Skill.external_id) or name (targetName);
an alignment carries no level, so it grants ALIGNMENT_LEVEL. A badge already
held (same assertion id) is left as it is.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, BinaryIO

from sqlmodel import select

from data_model.actions import BadgeAward, award_badge
from data_model.formats import BadgeRecord, CredlyBadgeRecord, parse_badges
from data_model.formats.badge_records import Alignment
from data_model.models import Badge, CredentialSkill, EmployeeSkill

from .context import ImportContext
from .lookups import CredentialInfo, Credentials, Skills
from .people import People, Person
from .preview import preview_rows

# 2 = Foundation: a badge shows the skill was learned and assessed, but not how deeply.
ALIGNMENT_LEVEL = 2
MAX_EVIDENCE_URL = 1000
TABLE = "badge"


def _person(ctx: ImportContext, people: People, record: BadgeRecord | CredlyBadgeRecord) -> Person | None:
    if isinstance(record, CredlyBadgeRecord):
        found = people.by_code.get(record.employee_code) if record.employee_code else None
        if found is None and record.recipient_email:
            found = people.by_email.get(record.recipient_email)
        if found is None:
            field_name = "employee_code" if record.employee_code else "recipient_email"
            ctx.error(record.origin, field_name, f"no employee matches {record.employee}")
        return found
    found = people.find_recipient(record.recipient)
    if found is None:
        field_name = "recipient" if record.format == "openbadges-2" else "credentialSubject"
        how = "hashed email" if record.recipient.hashed else record.recipient.kind
        ctx.error(
            record.origin,
            field_name,
            f"no employee matches the recipient ({how} {record.recipient.identity[:80]})",
        )
    return found


def _aligned_skills(skills: Skills, alignments: tuple[Alignment, ...], unmatched: set[str]) -> set[int]:
    found: set[int] = set()
    for alignment in alignments:
        skill_id = (
            skills.find_external(alignment.target_code)
            or skills.find_external(alignment.target_url)
            or (skills.find_name(alignment.target_name) if alignment.target_name else None)
        )
        if skill_id is None:
            unmatched.add(alignment.target_name or alignment.target_code or alignment.target_url or "?")
        else:
            found.add(skill_id)
    return found


def _award(
    record: BadgeRecord | CredlyBadgeRecord,
    person: Person,
    credential: CredentialInfo | None,
    skill_levels: tuple[tuple[int, int], ...],
) -> BadgeAward:
    if isinstance(record, CredlyBadgeRecord):
        raw = {k: v for k, v in _credly_fields(record).items() if v is not None}
        return BadgeAward(
            employee_id=person.id,
            name=credential.title if credential else f"Credly badge {record.badge_template_id}"[:300],
            issuer_name=credential.provider if credential else "Credly",
            issued_on=record.issued_on,
            expires_on=record.expires_on,
            assertion_id=record.assertion_id,
            format="credly-csv",
            verification="unverified",
            verification_note="from Credly's bulk CSV, which carries no signature",
            credential_id=credential.id if credential else None,
            evidence_url=record.evidence_url,
            raw_json=json.dumps(raw, ensure_ascii=False, sort_keys=True),
            skill_levels=skill_levels,
        )
    return BadgeAward(
        employee_id=person.id,
        name=record.badge_name,
        issuer_name=record.issuer_name,
        issued_on=record.issued_on,
        expires_on=record.expires_on,
        assertion_id=record.assertion_id,
        format=record.format,
        verification=record.verification,
        verification_note=record.verification_note,
        credential_id=credential.id if credential else None,
        evidence_url=record.evidence_url,
        raw_json=record.raw_signed or record.raw_json,  # as received: the JWS itself when signed
        skill_levels=skill_levels,
    )


def _credly_fields(record: CredlyBadgeRecord) -> dict[str, Any]:
    return {
        "Badge Template ID": record.badge_template_id,
        "Recipient Email": record.recipient_email,
        "First Name": record.first_name,
        "Last Name": record.last_name,
        "Issuer Earner ID": record.employee_code,
        "Issued at date": record.issued_on.isoformat(),
        "Expiration Date": record.expires_on.isoformat() if record.expires_on else None,
        "Badge ID": record.badge_id,
        "Evidence URL": record.evidence_url,
    }


def _plan(ctx: ImportContext, records: list[Any]) -> list[tuple[Any, BadgeAward]]:
    people, catalog, skills = People(ctx.session), Credentials(ctx.session), Skills(ctx.session)
    granted = {
        (c, s) for c, s in ctx.session.exec(select(CredentialSkill.credential_id, CredentialSkill.skill_id))
    }
    held = set(ctx.session.exec(select(Badge.assertion_id)).all())
    unmatched_alignments: set[str] = set()
    no_credential = 0
    awards = []
    for record in records:
        person = _person(ctx, people, record)
        if isinstance(record, CredlyBadgeRecord):
            credential = catalog.find_badge(record.badge_template_id)
            aligned: set[int] = set()
        else:
            credential = catalog.find_badge(record.badge_class_id, record.badge_name)
            aligned = _aligned_skills(skills, record.alignments, unmatched_alignments)
            if record.evidence_url and len(record.evidence_url) > MAX_EVIDENCE_URL:
                ctx.error(
                    record.origin, "evidence", f"the evidence url is over {MAX_EVIDENCE_URL} characters"
                )
        if person is None:
            continue
        if record.assertion_id in held:
            ctx.count(TABLE, "unchanged")
            continue
        no_credential += credential is None
        extra = tuple(
            sorted(
                (s, ALIGNMENT_LEVEL)
                for s in aligned
                if credential is None or (credential.id, s) not in granted
            )
        )
        awards.append((record, _award(record, person, credential, extra)))
    if unmatched_alignments:
        shown = ", ".join(sorted(unmatched_alignments)[:10])
        ctx.note(f"{len(unmatched_alignments)} alignments match no skill and grant nothing: {shown}")
    if no_credential:
        ctx.note(f"{no_credential} badges match no credential in the catalog; they grant only aligned skills")
    return awards


def import_badges(ctx: ImportContext, data: bytes | BinaryIO | Path) -> None:
    ctx.progress("reading badges", 0, 1)
    result = parse_badges(
        data, file_name=ctx.file_name, issuer_key=ctx.issuer_key, date_format=ctx.date_format, today=ctx.today
    )
    ctx.result = result
    ctx.report.preview = preview_rows(result.records)
    awards = _plan(ctx, result.records)
    if not ctx.ok:
        return
    batch_id = ctx.open_batch()
    for done, (_record, award) in enumerate(awards, 1):
        badge_id = award_badge(ctx.session, ctx.scope, award=award, import_batch_id=batch_id)
        if badge_id is None:  # the same badge twice in one bundle is refused by the parser
            ctx.count(TABLE, "unchanged")
            continue
        ctx.count(TABLE, "created")
        skills = ctx.session.exec(select(EmployeeSkill.id).where(EmployeeSkill.badge_id == badge_id)).all()
        if skills:
            ctx.count("employee_skill", "created", len(skills))
        if done % 200 == 0:
            ctx.progress("writing badges", done, len(awards))
    revoked = sum(1 for _, award in awards if award.verification == "revoked")
    if revoked:
        ctx.note(f"{revoked} revoked badges stored as revoked; they grant no skill")
    unverified = sum(1 for _, award in awards if award.verification == "unverified")
    if unverified:
        ctx.note(f"{unverified} badges stored as unverified (hosted, unsigned or no issuer key supplied)")
