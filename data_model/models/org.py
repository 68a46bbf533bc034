"""The organisation: teams, job roles, employees and the accounts that sign in."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field

from ..vocab import EXIT_REASONS, ROLES
from .base import TableModel, UTCDateTime, created_at_column, in_values


class Team(TableModel, table=True):
    __table_args__ = (sa.CheckConstraint("parent_id IS NULL OR parent_id <> id", name="not_own_parent"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column=sa.Column(sa.String(120), nullable=False, unique=True))
    department: str | None = Field(default=None, max_length=120)
    parent_id: int | None = Field(default=None, foreign_key="team.id", index=True)
    # Team and Employee point at each other; this side is added after both tables exist.
    lead_id: int | None = Field(
        default=None,
        sa_column=sa.Column(
            sa.Integer,
            sa.ForeignKey(
                "employee.id", use_alter=True, name="fk_team_lead_id_employee", ondelete="SET NULL"
            ),
            nullable=True,
            index=True,
        ),
    )


class JobRole(TableModel, table=True):
    __tablename__ = "job_role"

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(sa_column=sa.Column(sa.String(160), nullable=False, unique=True))


class Employee(TableModel, table=True):
    __table_args__ = (
        sa.CheckConstraint("email = lower(email)", name="email_lower_case"),
        sa.CheckConstraint("email LIKE '%_@_%'", name="email_has_at"),
        sa.CheckConstraint("exit_date IS NULL OR exit_date >= hire_date", name="exit_not_before_hire"),
        sa.CheckConstraint(
            "exit_reason IS NULL OR " + in_values("exit_reason", EXIT_REASONS), name="exit_reason_known"
        ),
        sa.CheckConstraint(
            "weekly_target_minutes IS NULL OR weekly_target_minutes BETWEEN 0 AND 10080",
            name="weekly_target_in_week",
        ),
        sa.CheckConstraint("manager_id IS NULL OR manager_id <> id", name="not_own_manager"),
        sa.Index("ix_employee_hire_exit", "hire_date", "exit_date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    employee_code: str = Field(sa_column=sa.Column(sa.String(64), nullable=False, unique=True))
    email: str = Field(sa_column=sa.Column(sa.String(254), nullable=False, unique=True))
    full_name: str = Field(max_length=200)
    team_id: int | None = Field(default=None, foreign_key="team.id", index=True)
    job_role_id: int | None = Field(default=None, foreign_key="job_role.id", index=True)
    manager_id: int | None = Field(default=None, foreign_key="employee.id", index=True)
    hire_date: date
    exit_date: date | None = None
    exit_reason: str | None = Field(default=None, max_length=20)
    location: str | None = Field(default=None, max_length=120)
    weekly_target_minutes: int | None = None


class TeamMembership(TableModel, table=True):
    """The team and job role a person had from `valid_from` until the day before `valid_to`.

    Every person has one row from their hire date, and an HRIS change of team or role closes the
    open row and opens another, so a figure about a past week or day asks the row valid then and
    last year's team figures do not move after a reorganisation. `Employee.team_id` and
    `job_role_id` stay as the open row's copy, for the many reads about today.
    """

    __tablename__ = "team_membership"
    __table_args__ = (
        sa.CheckConstraint("valid_to IS NULL OR valid_to > valid_from", name="valid_range"),
        sa.UniqueConstraint("employee_id", "valid_from"),
        sa.Index(
            "uq_team_membership_open",
            "employee_id",
            unique=True,
            sqlite_where=sa.text("valid_to IS NULL"),
            postgresql_where=sa.text("valid_to IS NULL"),
        ),
        sa.Index("ix_team_membership_team_valid", "team_id", "valid_from", "valid_to"),
    )

    id: int | None = Field(default=None, primary_key=True)
    employee_id: int = Field(foreign_key="employee.id")
    team_id: int | None = Field(default=None, foreign_key="team.id")
    job_role_id: int | None = Field(default=None, foreign_key="job_role.id")
    valid_from: date
    valid_to: date | None = None


class Account(TableModel, table=True):
    """Who may sign in, and as what. The email is the sign-in identity (OIDC or local)."""

    __table_args__ = (
        sa.CheckConstraint(in_values("role", ROLES), name="role_known"),
        sa.CheckConstraint("email = lower(email)", name="email_lower_case"),
    )

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(sa_column=sa.Column(sa.String(254), nullable=False, unique=True))
    role: str = Field(max_length=20)
    password_hash: str | None = Field(default=None, max_length=255)
    employee_id: int | None = Field(default=None, foreign_key="employee.id", index=True)
    active: bool = True
    created_at: datetime | None = Field(default=None, sa_column=created_at_column())
    last_sign_in_at: datetime | None = Field(default=None, sa_column=sa.Column(UTCDateTime(timezone=True)))
    # Wrong local passwords in a row; past the limit, sign-in waits until `locked_until`.
    failed_attempts: int = Field(
        default=0, sa_column=sa.Column(sa.Integer, nullable=False, server_default="0")
    )
    locked_until: datetime | None = Field(default=None, sa_column=sa.Column(UTCDateTime(timezone=True)))
