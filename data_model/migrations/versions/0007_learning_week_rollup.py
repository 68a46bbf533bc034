"""learning_week: learning minutes per person per ISO week, the roll-up weekly figures read

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 02:00:00

Backfilled from learning_session in one INSERT ... SELECT. From here on `data_model.rollups`
keeps it exact in every write's transaction; `upskill db rebuild-rollups` compares and repairs.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The Monday of a session's ISO week, as each backend spells it (frozen here: a migration does
# not follow later changes to the application's SQL helpers).
_MONDAY = {
    "sqlite": "date(date, 'weekday 0', '-6 days')",
    "postgresql": "(date - CAST(EXTRACT(ISODOW FROM date) AS INTEGER) + 1)",
}


def upgrade() -> None:
    op.create_table(
        "learning_week",
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("monday", sa.Date(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("sessions", sa.Integer(), nullable=False),
        sa.CheckConstraint("minutes > 0 AND sessions > 0", name=op.f("ck_learning_week_not_empty")),
        sa.ForeignKeyConstraint(["employee_id"], ["employee.id"], name=op.f("fk_learning_week_employee_id_employee")),
        sa.PrimaryKeyConstraint("employee_id", "monday", name=op.f("pk_learning_week")),
    )
    op.create_index(
        op.f("ix_learning_week_monday_employee"), "learning_week", ["monday", "employee_id", "minutes"]
    )
    monday = _MONDAY[op.get_bind().dialect.name]
    op.execute(
        "INSERT INTO learning_week (employee_id, monday, minutes, sessions) "
        f"SELECT employee_id, {monday}, SUM(minutes), COUNT(*) FROM learning_session "
        f"GROUP BY employee_id, {monday}"
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_learning_week_monday_employee"), table_name="learning_week")
    op.drop_table("learning_week")
