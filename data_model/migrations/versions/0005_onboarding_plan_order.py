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
    # Plain ADD COLUMN (SQLite has it for a column with a constant default): batch mode would
    # rebuild onboarding_plan, and dropping the old table trips onboarding_item's foreign key.
    op.add_column("onboarding_plan", sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()))
    op.add_column("onboarding_item", sa.Column("position", sa.Integer(), nullable=False, server_default="1"))
    op.add_column("onboarding_item", sa.Column("required", sa.Boolean(), nullable=False, server_default=sa.true()))
    op.execute(
        "UPDATE onboarding_item SET position = (SELECT count(*) FROM onboarding_item AS o "
        "WHERE o.plan_id = onboarding_item.plan_id AND (o.due_days_after_hire < onboarding_item.due_days_after_hire "
        "OR (o.due_days_after_hire = onboarding_item.due_days_after_hire "
        "AND o.credential_id <= onboarding_item.credential_id)))"
    )


def downgrade() -> None:
    # DROP COLUMN: SQLite 3.35 and newer, PostgreSQL always.
    op.drop_column("onboarding_item", "required")
    op.drop_column("onboarding_item", "position")
    op.drop_column("onboarding_plan", "active")
