"""enrollment: an index on (employee_id, credential_id, assigned_on), an enrollment's identity

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 19:20:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_enrollment_person_credential_day",
        "enrollment",
        ["employee_id", "credential_id", "assigned_on"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_enrollment_person_credential_day", table_name="enrollment")
