"""The `catalog` kind: providers, micro-credentials with the skills they grant, and pathways.

Credentials are matched by code, providers and pathways by name and title
(ignoring case). A non-empty value replaces the stored one; the skills a row
lists replace the credential's grants (an empty skills cell keeps them), which
changes what future badges grant, never skill levels people already hold. A
skill must already exist (import the skills kind first): a typo must not mint a
new skill. Pathway items may name credentials in the file or already stored.
Every change is audited with before and after.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, BinaryIO

import sqlalchemy as sa
from sqlmodel import col, select

from data_model.actions import apply_changes, record_audit
from data_model.formats import CredentialRecord, PathwayRecord, ProviderInfo, parse_catalog
from data_model.models import CredentialSkill, MicroCredential, Pathway, PathwayItem, Provider, stored_id

from .context import ImportContext
from .lookups import Skills
from .preview import preview_rows

CREDENTIAL_FIELDS = (
    "title",
    "expected_hours",
    "cost",
    "currency",
    "delivery",
    "validity_months",
    "url",
    "active",
)


@dataclass
class _Stored:
    providers: dict[str, Provider]
    credentials: dict[str, MicroCredential]
    pathways: dict[str, Pathway]


def _load(ctx: ImportContext) -> _Stored:
    session = ctx.session
    return _Stored(
        providers={p.name.casefold(): p for p in session.exec(select(Provider)).all()},
        credentials={c.code: c for c in session.exec(select(MicroCredential)).all()},
        pathways={p.title.casefold(): p for p in session.exec(select(Pathway)).all()},
    )


def _check(ctx: ImportContext, stored: _Stored, skills: Skills, records: list[Any]) -> dict[str, list]:
    """Skill names to ids per credential code; unknown skills and pathway credentials are errors."""
    grants: dict[str, list[tuple[int, int]]] = {}
    codes = {r.code for r in records if isinstance(r, CredentialRecord)}
    for record in records:
        if isinstance(record, CredentialRecord):
            found = []
            for grant in record.skills:
                skill_id = skills.find_name(grant.skill)
                if skill_id is None:
                    ctx.error(
                        record.origin,
                        "skills",
                        f"unknown skill {grant.skill}; import it with the skills kind first",
                    )
                else:
                    found.append((skill_id, grant.level))
            grants[record.code] = found
        else:
            for item in record.items:
                if item.credential_code not in codes and item.credential_code not in stored.credentials:
                    field_name = "pathway" if record.origin.row is not None else "items"
                    ctx.error(
                        record.origin,
                        field_name,
                        f"pathway {record.title} lists credential {item.credential_code}, "
                        "which is neither in this file nor in the catalog",
                    )
    return grants


def _provider(ctx: ImportContext, stored: _Stored, info: ProviderInfo) -> Provider:
    provider = stored.providers.get(info.name.casefold())
    if provider is None:
        provider = Provider(name=info.name, kind=info.kind, url=info.url)
        ctx.session.add(provider)
        ctx.session.flush()
        stored.providers[info.name.casefold()] = provider
        after = {"name": info.name, "kind": info.kind, "url": info.url}
        record_audit(
            ctx.session,
            ctx.scope,
            action="add_provider",
            entity="provider",
            entity_id=provider.id,
            after=after,
        )
        ctx.count("provider", "created")
        return provider
    wanted = {k: v for k, v in (("kind", info.kind), ("url", info.url)) if v}
    if apply_changes(ctx.session, ctx.scope, provider, wanted, action="update_provider", entity="provider"):
        ctx.count("provider", "updated")
    return provider


def _credential(
    ctx: ImportContext, stored: _Stored, record: CredentialRecord, grants: list[tuple[int, int]]
) -> None:
    session = ctx.session
    provider = _provider(ctx, stored, record.provider)
    headers = record.origin.headers  # CSV: only the columns the file has; JSON: every key
    values = {name: getattr(record, name) for name in CREDENTIAL_FIELDS if headers is None or name in headers}
    values["provider_id"] = provider.id
    credential = stored.credentials.get(record.code)
    if credential is None:
        values = {name: getattr(record, name) for name in CREDENTIAL_FIELDS} | {"provider_id": provider.id}
        credential = MicroCredential(code=record.code, **values)
        session.add(credential)
        session.flush()
        stored.credentials[record.code] = credential
        ctx.count("micro_credential", "created")
        grant_changes = _replace_grants(ctx, stored_id(credential), grants) if grants else {}
        session.flush()
        record_audit(
            session,
            ctx.scope,
            action="create_credential",
            entity="micro_credential",
            entity_id=credential.id,
            after={**values, **({"skills": grant_changes} if grant_changes else {})},
        )
    else:
        wanted = {k: v for k, v in values.items() if v is not None}
        grant_changes = _replace_grants(ctx, stored_id(credential), grants) if grants else {}
        changes = apply_changes(
            session,
            ctx.scope,
            credential,
            wanted,
            action="update_credential",
            entity="micro_credential",
            also_changed={"skills": grant_changes} if grant_changes else None,
        )
        if not changes and not grant_changes:
            ctx.count("micro_credential", "unchanged")
            return
        ctx.count("micro_credential", "updated")
        shown = ", ".join(sorted([*changes, *(["skills"] if grant_changes else [])]))
        ctx.change_note(f"credential {record.code}: {shown} changed")


def _replace_grants(ctx: ImportContext, credential_id: int, grants: list[tuple[int, int]]) -> dict[str, int]:
    """Make the credential grant exactly these (skill, level) pairs.

    Returns what changed: skill id -> new level, 0 for a grant removed.
    """
    session = ctx.session
    current = {
        g.skill_id: g
        for g in session.exec(select(CredentialSkill).where(CredentialSkill.credential_id == credential_id))
    }
    wanted = dict(grants)
    changed: dict[str, int] = {}
    for skill_id, grant in current.items():
        if skill_id not in wanted:
            session.delete(grant)
            changed[str(skill_id)] = 0
            ctx.count("credential_skill", "deleted")
    for skill_id, level in wanted.items():
        held = current.get(skill_id)
        if held is None:
            session.add(CredentialSkill(credential_id=credential_id, skill_id=skill_id, level_granted=level))
            ctx.count("credential_skill", "created")
        elif held.level_granted != level:
            held.level_granted = level
            session.add(held)
            ctx.count("credential_skill", "updated")
        else:
            ctx.count("credential_skill", "unchanged")
            continue
        changed[str(skill_id)] = level
    session.flush()
    return changed


def _pathway(ctx: ImportContext, stored: _Stored, record: PathwayRecord) -> None:
    session = ctx.session
    provider_id = None
    if record.provider:
        provider_id = _provider(ctx, stored, ProviderInfo(record.provider)).id
    pathway = stored.pathways.get(record.title.casefold())
    items = [(stored_id(stored.credentials[i.credential_code]), i.position, i.required) for i in record.items]
    if pathway is None:
        pathway = Pathway(title=record.title, provider_id=provider_id, qualification=record.qualification)
        session.add(pathway)
        session.flush()
        stored.pathways[record.title.casefold()] = pathway
        before = None
        ctx.count("pathway", "created")
        current: list[tuple[int, int, bool]] = []
    else:
        current = sorted(
            (i.credential_id, i.position, i.required)
            for i in session.exec(select(PathwayItem).where(PathwayItem.pathway_id == pathway.id))
        )
        before = {
            "qualification": pathway.qualification,
            "provider_id": pathway.provider_id,
            "items": current,
        }
        same_items = current == sorted(items)
        same_fields = (record.qualification in (None, pathway.qualification)) and (
            provider_id in (None, pathway.provider_id)
        )
        if same_items and same_fields:
            ctx.count("pathway", "unchanged")
            return
        pathway.qualification = record.qualification or pathway.qualification
        pathway.provider_id = provider_id or pathway.provider_id
        session.add(pathway)
        ctx.count("pathway", "updated")
        ctx.change_note(f"pathway {record.title}: credentials or qualification changed")
    if sorted(items) != current:
        session.execute(sa.delete(PathwayItem).where(col(PathwayItem.pathway_id) == pathway.id))
        for credential_id, position, required in items:
            session.add(
                PathwayItem(
                    pathway_id=stored_id(pathway),
                    credential_id=credential_id,
                    position=position,
                    required=required,
                )
            )
        ctx.count("pathway_item", "deleted", len(current))
        ctx.count("pathway_item", "created", len(items))
    session.flush()
    record_audit(
        session,
        ctx.scope,
        action="create_pathway" if before is None else "update_pathway",
        entity="pathway",
        entity_id=pathway.id,
        before=before,
        after={"qualification": pathway.qualification, "provider_id": pathway.provider_id, "items": items},
    )


def import_catalog(ctx: ImportContext, data: bytes | BinaryIO) -> None:
    ctx.progress("reading the catalog", 0, 1)
    result = parse_catalog(data, file_name=ctx.file_name, date_format=ctx.date_format, today=ctx.today)
    ctx.result = result
    ctx.report.preview = preview_rows(result.records)
    if result.ok and result.rows_read == 0:
        ctx.file_error("the file holds no credentials or pathways")
    stored = _load(ctx)
    grants = _check(ctx, stored, Skills(ctx.session), result.records)
    if not ctx.ok:
        return
    ctx.open_batch()
    for record in result.records:
        if isinstance(record, CredentialRecord):
            _credential(ctx, stored, record, grants[record.code])
    for record in result.records:
        if isinstance(record, PathwayRecord):
            _pathway(ctx, stored, record)
    ctx.finish_change_notes()
