"""onboarding plans: retire a plan (active), order its credentials (position), required or optional

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 14:45:00

Existing plans stay active and every item required; an item's position follows its due days (the
order people were asked to take them in), then the credential's id.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("onboarding_plan") as batch:
        batch.add_column(sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()))
    with op.batch_alter_table("onboarding_item") as batch:
        batch.add_column(sa.Column("position", sa.Integer(), nullable=False, server_default="1"))
        batch.add_column(sa.Column("required", sa.Boolean(), nullable=False, server_default=sa.true()))
    op.execute(
        "UPDATE onboarding_item SET position = (SELECT count(*) FROM onboarding_item AS o "
        "WHERE o.plan_id = onboarding_item.plan_id AND (o.due_days_after_hire < onboarding_item.due_days_after_hire "
        "OR (o.due_days_after_hire = onboarding_item.due_days_after_hire "
        "AND o.credential_id <= onboarding_item.credential_id)))"
    )


def downgrade() -> None:
    with op.batch_alter_table("onboarding_item") as batch:
        batch.drop_column("required")
        batch.drop_column("position")
    with op.batch_alter_table("onboarding_plan") as batch:
        batch.drop_column("active")
