"""The learning offer: providers, micro-credentials, the skills they grant, pathways, onboarding plans."""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa
from sqlmodel import Field

from ..vocab import DELIVERY_MODES, PROVIDER_KINDS, RULE_KINDS
from .base import TableModel, in_values


class Provider(TableModel, table=True):
    __table_args__ = (
        sa.CheckConstraint("kind IS NULL OR " + in_values("kind", PROVIDER_KINDS), name="kind_known"),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column=sa.Column(sa.String(200), nullable=False, unique=True))
    kind: str | None = Field(default=None, max_length=20)
    url: str | None = Field(default=None, max_length=500)


class MicroCredential(TableModel, table=True):
    """A short course that ends in a badge; stackable into pathways."""

    __tablename__ = "micro_credential"
    __table_args__ = (
        sa.CheckConstraint("expected_hours > 0", name="hours_positive"),
        sa.CheckConstraint("cost >= 0", name="cost_not_negative"),
        sa.CheckConstraint("length(currency) = 3", name="currency_iso"),
        sa.CheckConstraint(in_values("delivery", DELIVERY_MODES), name="delivery_known"),
        sa.CheckConstraint("validity_months IS NULL OR validity_months > 0", name="validity_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(sa_column=sa.Column(sa.String(64), nullable=False, unique=True))
    title: str = Field(max_length=300)
    provider_id: int = Field(foreign_key="provider.id", index=True)
    expected_hours: Decimal = Field(max_digits=7, decimal_places=2)
    cost: Decimal = Field(default=Decimal("0"), max_digits=12, decimal_places=2)
    currency: str = Field(default="EUR", max_length=3)
    delivery: str = Field(default="online", max_length=20)
    validity_months: int | None = None
    url: str | None = Field(default=None, max_length=500)
    active: bool = True


class CredentialSkill(TableModel, table=True):
    __tablename__ = "credential_skill"
    __table_args__ = (sa.CheckConstraint("level_granted BETWEEN 1 AND 5", name="level_1_to_5"),)

    credential_id: int = Field(foreign_key="micro_credential.id", primary_key=True)
    skill_id: int = Field(foreign_key="skill.id", primary_key=True, index=True)
    level_granted: int


class Pathway(TableModel, table=True):
    """A stack of micro-credentials that adds up to a larger qualification."""

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(sa_column=sa.Column(sa.String(300), nullable=False, unique=True))
    provider_id: int | None = Field(default=None, foreign_key="provider.id", index=True)
    qualification: str | None = Field(default=None, max_length=300)


class PathwayItem(TableModel, table=True):
    __tablename__ = "pathway_item"
    __table_args__ = (
        sa.UniqueConstraint("pathway_id", "position"),
        sa.CheckConstraint("position >= 1", name="position_positive"),
    )

    pathway_id: int = Field(foreign_key="pathway.id", primary_key=True)
    credential_id: int = Field(foreign_key="micro_credential.id", primary_key=True, index=True)
    position: int
    required: bool = True


class OnboardingPlan(TableModel, table=True):
    """What a new hire in a job role and/or team is assigned, and how soon.

    A retired plan (`active` false) is kept, with its items, for the assignments it made; it
    assigns nothing more.
    """

    __tablename__ = "onboarding_plan"
    __table_args__ = (
        sa.CheckConstraint("job_role_id IS NOT NULL OR team_id IS NOT NULL", name="for_role_or_team"),
        sa.UniqueConstraint("job_role_id", "team_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    job_role_id: int | None = Field(default=None, foreign_key="job_role.id", index=True)
    team_id: int | None = Field(default=None, foreign_key="team.id", index=True)
    active: bool = Field(
        default=True, sa_column=sa.Column(sa.Boolean, nullable=False, server_default=sa.true())
    )


class OnboardingItem(TableModel, table=True):
    """One credential of a plan: its place in the order a new hire takes them, its due date (days
    after the hire date), and whether it is required or a suggestion."""

    __tablename__ = "onboarding_item"
    __table_args__ = (sa.CheckConstraint("due_days_after_hire >= 0", name="due_days_not_negative"),)

    plan_id: int = Field(foreign_key="onboarding_plan.id", primary_key=True)
    credential_id: int = Field(foreign_key="micro_credential.id", primary_key=True, index=True)
    due_days_after_hire: int
    position: int = Field(default=1, sa_column=sa.Column(sa.Integer, nullable=False, server_default="1"))
    required: bool = Field(
        default=True, sa_column=sa.Column(sa.Boolean, nullable=False, server_default=sa.true())
    )


class AssignmentRule(TableModel, table=True):
    """An assignment that makes itself, switched on and off by admin and HR.

    - `new_hire`: a person who arrives (any import or form) gets the onboarding plans that fit
      them, or only `plan_id` when set, in the same transaction;
    - `team_change`: a person who moves team gets the new team's plans (or `plan_id`);
    - `recertify`: `days_before` days before a badge for `credential_id` expires, its holder is
      assigned that credential again (run by `upskill rules run --as-of`, idempotently).
    """

    __tablename__ = "assignment_rule"
    __table_args__ = (
        sa.CheckConstraint(in_values("kind", RULE_KINDS), name="kind_known"),
        sa.CheckConstraint(
            "kind <> 'recertify' OR (credential_id IS NOT NULL AND days_before IS NOT NULL)",
            name="recertify_names_a_credential",
        ),
        sa.CheckConstraint(
            "days_before IS NULL OR days_before BETWEEN 0 AND 3650", name="days_before_in_range"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    kind: str = Field(max_length=20)
    plan_id: int | None = Field(default=None, foreign_key="onboarding_plan.id")
    credential_id: int | None = Field(default=None, foreign_key="micro_credential.id")
    days_before: int | None = None
    due_days: int = Field(default=30, sa_column=sa.Column(sa.Integer, nullable=False, server_default="30"))
    active: bool = Field(
        default=True, sa_column=sa.Column(sa.Boolean, nullable=False, server_default=sa.true())
    )
