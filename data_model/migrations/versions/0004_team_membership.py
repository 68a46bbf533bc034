"""team_membership: each person's team and job role over time, backfilled from today's teams

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 14:30:00

The backfill gives every person one open row from their hire date with their current team and
role: that is all a database before this revision knows. Figures about past weeks then read as
they did before; from here on every change of team closes a row and opens the next.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "team_membership",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("job_role_id", sa.Integer(), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.CheckConstraint("valid_to IS NULL OR valid_to > valid_from", name=op.f("ck_team_membership_valid_range")),
        sa.ForeignKeyConstraint(
            ["employee_id"], ["employee.id"], name=op.f("fk_team_membership_employee_id_employee")
        ),
        sa.ForeignKeyConstraint(
            ["job_role_id"], ["job_role.id"], name=op.f("fk_team_membership_job_role_id_job_role")
        ),
        sa.ForeignKeyConstraint(["team_id"], ["team.id"], name=op.f("fk_team_membership_team_id_team")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team_membership")),
        sa.UniqueConstraint(
            "employee_id", "valid_from", name=op.f("uq_team_membership_employee_id_valid_from")
        ),
    )
    op.create_index(
        "ix_team_membership_team_valid", "team_membership", ["team_id", "valid_from", "valid_to"], unique=False
    )
    op.create_index(
        "uq_team_membership_open",
        "team_membership",
        ["employee_id"],
        unique=True,
        sqlite_where=sa.text("valid_to IS NULL"),
        postgresql_where=sa.text("valid_to IS NULL"),
    )
    op.execute(
        "INSERT INTO team_membership (employee_id, team_id, job_role_id, valid_from) "
        "SELECT id, team_id, job_role_id, hire_date FROM employee ORDER BY id"
    )


def downgrade() -> None:
    op.drop_index("uq_team_membership_open", table_name="team_membership")
    op.drop_index("ix_team_membership_team_valid", table_name="team_membership")
    op.drop_table("team_membership")
