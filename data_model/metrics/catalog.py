"""The learning offer as people browse it: providers, micro-credentials with the skills they grant,
and pathways as ordered stacks of credentials.

The offer is not personal data, so every role reads it; the scope still decides one thing: only
the people who edit the catalog (admin and HR) see credentials that are no longer offered
(`active` false). That filter is applied in SQL like every other scope rule.

Hours are the provider's expected study hours; cost is the list price per person in the
credential's own currency (never converted). A pathway's total cost is only added up when all
of its credentials are priced in one currency.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

from ..access import EDITOR_ROLES, Scope
from ..models import CredentialSkill, MicroCredential, Pathway, PathwayItem, Provider, Skill
from ..vocab import DELIVERY_MODES, PROFICIENCY
from .frames import to_frame

_provider = Provider.__table__
_credential = MicroCredential.__table__
_grant = CredentialSkill.__table__
_skill = Skill.__table__
_pathway = Pathway.__table__
_item = PathwayItem.__table__


def can_edit(scope: Scope) -> bool:
    """Admin and HR keep the catalog; everyone else reads it."""
    return scope.role in EDITOR_ROLES


def _offered(scope: Scope, include_inactive: bool) -> sa.ColumnElement[bool]:
    """SQL: credentials this reader may see. Retired ones only for editors who ask for them."""
    if include_inactive and can_edit(scope):
        return sa.true()
    return _credential.c.active.is_(True)


def _grants_skill(skill: str) -> sa.ColumnElement[bool]:
    return sa.exists(
        sa.select(1)
        .select_from(_grant.join(_skill, _skill.c.id == _grant.c.skill_id))
        .where(_grant.c.credential_id == _credential.c.id, _skill.c.name == skill)
    )


def _matches(search: str) -> sa.ColumnElement[bool]:
    pattern = f"%{search.strip()}%"
    return sa.or_(_credential.c.title.ilike(pattern), _credential.c.code.ilike(pattern))


PROVIDER_COLUMNS = {
    "provider_id": "int",
    "provider": "str",
    "kind": "str",
    "url": "str",
    "credentials": "int",
    "pathways": "int",
}


def providers(session: Session, scope: Scope, *, include_inactive: bool = False) -> pd.DataFrame:
    """Who offers the learning, with how many credentials (that this reader sees) and pathways each has.

    Columns: provider_id, provider, kind (university / vendor / non_profit / internal / other),
    url, credentials, pathways. Alphabetical.
    """
    credentials = (
        sa.select(_credential.c.provider_id, sa.func.count().label("n"))
        .where(_offered(scope, include_inactive))
        .group_by(_credential.c.provider_id)
        .subquery("credentials")
    )
    pathways = (
        sa.select(_pathway.c.provider_id, sa.func.count().label("n"))
        .group_by(_pathway.c.provider_id)
        .subquery("pathways")
    )
    query = (
        sa.select(
            _provider.c.id,
            _provider.c.name,
            _provider.c.kind,
            _provider.c.url,
            sa.func.coalesce(credentials.c.n, 0),
            sa.func.coalesce(pathways.c.n, 0),
        )
        .select_from(
            _provider.outerjoin(credentials, credentials.c.provider_id == _provider.c.id).outerjoin(
                pathways, pathways.c.provider_id == _provider.c.id
            )
        )
        .order_by(_provider.c.name)
    )
    return to_frame(session.execute(query).all(), PROVIDER_COLUMNS)


def granted_skill_names(session: Session, scope: Scope) -> list[str]:
    """Skills at least one credential this reader sees grants: the choices of the skill filter."""
    query = (
        sa.select(_skill.c.name)
        .select_from(
            _skill.join(_grant, _grant.c.skill_id == _skill.c.id).join(
                _credential, _credential.c.id == _grant.c.credential_id
            )
        )
        .where(_offered(scope, include_inactive=False))
        .distinct()
        .order_by(_skill.c.name)
    )
    return list(session.execute(query).scalars())


CREDENTIAL_COLUMNS = {
    "credential_id": "int",
    "code": "str",
    "title": "str",
    "provider": "str",
    "skills": "str",
    "expected_hours": "float",
    "cost": "money",
    "currency": "str",
    "delivery": "str",
    "validity_months": "int",
    "url": "str",
    "active": "bool",
}


def credential_catalog(
    session: Session,
    scope: Scope,
    *,
    skill: str | None = None,
    provider: str | None = None,
    search: str | None = None,
    include_inactive: bool = False,
) -> pd.DataFrame:
    """The micro-credentials on offer, each with the skills it grants, alphabetical by title.

    `skill` keeps credentials that grant that skill (at any level); `provider` those of one
    provider (by name); `search` matches title or code, ignoring case. `include_inactive` shows
    retired credentials too, to admin and HR only.

    Columns: credential_id, code, title, provider, skills ("Kubernetes (3 Practitioner), ..."
    in the order of the skill names), expected_hours, cost, currency, delivery (online /
    in_person / blended), validity_months (empty = the badge does not expire), url, active.
    """
    query = (
        sa.select(
            _credential.c.id,
            _credential.c.code,
            _credential.c.title,
            _provider.c.name,
            sa.literal(""),
            _credential.c.expected_hours,
            _credential.c.cost,
            _credential.c.currency,
            _credential.c.delivery,
            _credential.c.validity_months,
            _credential.c.url,
            _credential.c.active,
        )
        .select_from(_credential.join(_provider, _provider.c.id == _credential.c.provider_id))
        .where(_offered(scope, include_inactive))
        .order_by(_credential.c.title, _credential.c.code)
    )
    if skill:
        query = query.where(_grants_skill(skill))
    if provider:
        query = query.where(_provider.c.name == provider)
    if search and search.strip():
        query = query.where(_matches(search))
    frame = to_frame(session.execute(query).all(), CREDENTIAL_COLUMNS)
    grants = credential_skills(session, scope, credential_ids=frame["credential_id"].tolist())
    labels = (
        grants.assign(
            label=grants["skill"]
            + " ("
            + grants["level_granted"].astype(str)
            + " "
            + grants["level_name"]
            + ")"
        )
        .groupby("credential_id")["label"]
        .agg(", ".join)
    )
    by_credential = labels.to_dict()
    frame["skills"] = pd.Series(
        [by_credential.get(i, "") for i in frame["credential_id"]], index=frame.index, dtype="object"
    )
    return frame


GRANT_COLUMNS = {
    "credential_id": "int",
    "code": "str",
    "title": "str",
    "skill_id": "int",
    "skill": "str",
    "category": "str",
    "level_granted": "int",
    "level_name": "str",
}


def credential_skills(
    session: Session, scope: Scope, *, credential_ids: list[int] | None = None
) -> pd.DataFrame:
    """Which skill each credential grants and at which level (1 Awareness .. 5 Expert).

    A badge for the credential raises its holder to that level until the badge expires.
    `credential_ids` None = every credential this reader may see.

    Columns: credential_id, code, title, skill_id, skill, category, level_granted, level_name.
    """
    level_name = sa.case(*((_grant.c.level_granted == k, v) for k, v in PROFICIENCY.items()), else_="")
    query = (
        sa.select(
            _credential.c.id,
            _credential.c.code,
            _credential.c.title,
            _skill.c.id,
            _skill.c.name,
            _skill.c.category,
            _grant.c.level_granted,
            level_name,
        )
        .select_from(
            _grant.join(_credential, _credential.c.id == _grant.c.credential_id).join(
                _skill, _skill.c.id == _grant.c.skill_id
            )
        )
        .where(_offered(scope, include_inactive=True))
        .order_by(_credential.c.title, _skill.c.name)
    )
    if credential_ids is not None:
        query = query.where(_credential.c.id.in_([int(i) for i in credential_ids]))
    return to_frame(session.execute(query).all(), GRANT_COLUMNS)


PATHWAY_ITEM_COLUMNS = {
    "pathway_id": "int",
    "pathway": "str",
    "qualification": "str",
    "pathway_provider": "str",
    "position": "int",
    "credential_id": "int",
    "code": "str",
    "title": "str",
    "provider": "str",
    "required": "bool",
    "expected_hours": "float",
    "cost": "money",
    "currency": "str",
    "active": "bool",
    "hours_so_far": "float",
}


def _stack_query(skill: str | None, provider: str | None) -> sa.Select:
    """The pathway items with their credentials, labelled as PATHWAY_ITEM_COLUMNS."""
    pathway_provider = _provider.alias("pathway_provider")
    hours_so_far = sa.func.sum(_credential.c.expected_hours).over(
        partition_by=_item.c.pathway_id, order_by=_item.c.position
    )
    columns = [
        _pathway.c.id,
        _pathway.c.title,
        _pathway.c.qualification,
        pathway_provider.c.name,
        _item.c.position,
        _credential.c.id,
        _credential.c.code,
        _credential.c.title,
        _provider.c.name,
        _item.c.required,
        _credential.c.expected_hours,
        _credential.c.cost,
        _credential.c.currency,
        _credential.c.active,
        hours_so_far,
    ]
    query = sa.select(
        *(column.label(name) for column, name in zip(columns, PATHWAY_ITEM_COLUMNS, strict=True))
    ).select_from(
        _item.join(_pathway, _pathway.c.id == _item.c.pathway_id)
        .join(_credential, _credential.c.id == _item.c.credential_id)
        .join(_provider, _provider.c.id == _credential.c.provider_id)
        .outerjoin(pathway_provider, pathway_provider.c.id == _pathway.c.provider_id)
    )
    if skill:
        query = query.where(
            _item.c.pathway_id.in_(
                sa.select(_item.c.pathway_id)
                .join(_credential, _credential.c.id == _item.c.credential_id)
                .where(_grants_skill(skill))
            )
        )
    if provider:
        named = sa.select(_provider.c.id).where(_provider.c.name == provider).scalar_subquery()
        query = query.where(
            _item.c.pathway_id.in_(
                sa.select(_item.c.pathway_id)
                .join(_pathway, _pathway.c.id == _item.c.pathway_id)
                .join(_credential, _credential.c.id == _item.c.credential_id)
                .where(sa.or_(_credential.c.provider_id == named, _pathway.c.provider_id == named))
            )
        )
    return query


def pathway_stacks(
    session: Session, scope: Scope, *, skill: str | None = None, provider: str | None = None
) -> pd.DataFrame:
    """Every pathway as its ordered stack of credentials: one row per credential, in position order.

    hours_so_far: expected hours of this and every earlier credential of the pathway, required
    or optional (what someone taking them in order has studied when they finish this one).
    `skill` keeps pathways holding at least one credential that grants it; `provider` keeps
    pathways of that provider (the pathway's, or of one of its credentials). Retired
    credentials stay in a pathway's stack (with active false) so its shape is not misread.

    Columns: pathway_id, pathway (title), qualification, pathway_provider, position,
    credential_id, code, title, provider, required, expected_hours, cost, currency, active,
    hours_so_far.
    """
    query = _stack_query(skill, provider).order_by(_pathway.c.title, _item.c.position)
    return to_frame(session.execute(query).all(), PATHWAY_ITEM_COLUMNS)


PATHWAY_COLUMNS = {
    "pathway_id": "int",
    "pathway": "str",
    "qualification": "str",
    "provider": "str",
    "credentials": "int",
    "required_credentials": "int",
    "total_hours": "float",
    "required_hours": "float",
    "total_cost": "money",
    "required_cost": "money",
    "currency": "str",
}


def pathway_summary(
    session: Session, scope: Scope, *, skill: str | None = None, provider: str | None = None
) -> pd.DataFrame:
    """One row per pathway: how many credentials, hours and cost it takes, all and required only.

    The cost figures are empty (and currency reads "mixed") when the pathway's credentials are
    priced in more than one currency. Filters as in `pathway_stacks`.

    Columns: pathway_id, pathway, qualification, provider, credentials, required_credentials,
    total_hours, required_hours, total_cost, required_cost, currency.
    """
    stacks = _stack_query(skill, provider).subquery("stack")
    required_only = sa.case((stacks.c.required, 1), else_=0)
    one_currency = sa.func.count(sa.distinct(stacks.c.currency)) == 1

    def cost(expression: sa.ColumnElement) -> sa.ColumnElement:
        return sa.case((one_currency, sa.func.sum(expression)), else_=None)

    query = (
        sa.select(
            stacks.c.pathway_id,
            stacks.c.pathway,
            stacks.c.qualification,
            stacks.c.pathway_provider,
            sa.func.count(),
            sa.func.sum(required_only),
            sa.func.sum(stacks.c.expected_hours),
            sa.func.sum(sa.case((stacks.c.required, stacks.c.expected_hours), else_=0)),
            cost(stacks.c.cost),
            cost(sa.case((stacks.c.required, stacks.c.cost), else_=0)),
            sa.case((one_currency, sa.func.min(stacks.c.currency)), else_="mixed"),
        )
        .group_by(stacks.c.pathway_id, stacks.c.pathway, stacks.c.qualification, stacks.c.pathway_provider)
        .order_by(stacks.c.pathway)
    )
    return to_frame(session.execute(query).all(), PATHWAY_COLUMNS)


@dataclass(frozen=True)
class CredentialDetail:
    """One credential as the edit form shows it. `skills` maps skill id to the level granted."""

    credential_id: int
    code: str
    title: str
    provider_id: int
    expected_hours: float
    cost: float
    currency: str
    delivery: str
    validity_months: int | None
    url: str | None
    active: bool
    skills: dict[int, int] = field(default_factory=dict)


def credential_detail(session: Session, scope: Scope, *, credential_id: int) -> CredentialDetail | None:
    """A credential with the skills it grants, or None when there is none (or the reader may not see it)."""
    row = session.execute(
        sa.select(_credential).where(
            _credential.c.id == credential_id, _offered(scope, include_inactive=True)
        )
    ).first()
    if row is None:
        return None
    skills = session.execute(
        sa.select(_grant.c.skill_id, _grant.c.level_granted).where(_grant.c.credential_id == credential_id)
    ).all()
    return CredentialDetail(
        credential_id=row.id,
        code=row.code,
        title=row.title,
        provider_id=row.provider_id,
        expected_hours=float(row.expected_hours),
        cost=float(row.cost),
        currency=row.currency,
        delivery=row.delivery,
        validity_months=row.validity_months,
        url=row.url,
        active=bool(row.active),
        skills={int(skill_id): int(level) for skill_id, level in skills},
    )


__all__ = [
    "DELIVERY_MODES",
    "EDITOR_ROLES",
    "CredentialDetail",
    "can_edit",
    "credential_catalog",
    "credential_detail",
    "credential_skills",
    "granted_skill_names",
    "pathway_stacks",
    "pathway_summary",
    "providers",
]


def credential_options(session: Session, *, active_only: bool = True) -> pd.DataFrame:
    """Micro-credentials to choose from: id, code, title, provider, expected_hours, cost, currency."""
    credential, provider = MicroCredential.__table__, Provider.__table__
    query = (
        sa.select(
            credential.c.id,
            credential.c.code,
            credential.c.title,
            provider.c.name.label("provider"),
            credential.c.expected_hours,
            credential.c.cost,
            credential.c.currency,
        )
        .select_from(credential.join(provider, provider.c.id == credential.c.provider_id))
        .order_by(credential.c.title)
    )
    if active_only:
        query = query.where(credential.c.active)
    frame = pd.DataFrame(
        session.execute(query).all(),
        columns=["id", "code", "title", "provider", "expected_hours", "cost", "currency"],
    )
    frame["expected_hours"] = frame["expected_hours"].astype(float)
    frame["cost"] = frame["cost"].astype(float)
    return frame


def skill_options(session: Session) -> pd.DataFrame:
    """Skills: id, name, category."""
    skill = Skill.__table__
    rows = session.execute(sa.select(skill.c.id, skill.c.name, skill.c.category).order_by(skill.c.name)).all()
    return pd.DataFrame(rows, columns=["id", "name", "category"])
