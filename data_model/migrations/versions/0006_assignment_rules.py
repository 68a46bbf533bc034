"""assignment_rule: assignments that make themselves; enrollment.rule_id says which rule made one

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 15:00:00

No rule exists after the upgrade: an organisation switches on the ones it wants.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "assignment_rule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        sa.Column("credential_id", sa.Integer(), nullable=True),
        sa.Column("days_before", sa.Integer(), nullable=True),
        sa.Column("due_days", sa.Integer(), nullable=False, server_default="30"),
        sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.CheckConstraint(
            "kind IN ('new_hire', 'recertify', 'team_change')", name=op.f("ck_assignment_rule_kind_known")
        ),
        sa.CheckConstraint(
            "kind <> 'recertify' OR (credential_id IS NOT NULL AND days_before IS NOT NULL)",
            name=op.f("ck_assignment_rule_recertify_names_a_credential"),
        ),
        sa.CheckConstraint(
            "days_before IS NULL OR days_before BETWEEN 0 AND 3650",
            name=op.f("ck_assignment_rule_days_before_in_range"),
        ),
        sa.ForeignKeyConstraint(
            ["credential_id"], ["micro_credential.id"], name=op.f("fk_assignment_rule_credential_id_micro_credential")
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"], ["onboarding_plan.id"], name=op.f("fk_assignment_rule_plan_id_onboarding_plan")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignment_rule")),
    )
    if op.get_bind().dialect.name == "sqlite":
        # SQLite adds a column with its foreign key in one ALTER (Alembic would rebuild the table,
        # which the rows that point at enrollment would refuse).
        op.execute(
            "ALTER TABLE enrollment ADD COLUMN rule_id INTEGER "
            "CONSTRAINT fk_enrollment_rule_id_assignment_rule REFERENCES assignment_rule (id)"
        )
    else:
        op.add_column("enrollment", sa.Column("rule_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            op.f("fk_enrollment_rule_id_assignment_rule"), "enrollment", "assignment_rule", ["rule_id"], ["id"]
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(op.f("fk_enrollment_rule_id_assignment_rule"), "enrollment", type_="foreignkey")
    op.drop_column("enrollment", "rule_id")
    op.drop_table("assignment_rule")
