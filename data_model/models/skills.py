"""Skills, who holds them at which level and since when, and what each team needs."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field

from ..vocab import SKILL_SOURCES, TARGET_PRIORITIES
from .base import TableModel, created_at_column, in_values


class Skill(TableModel, table=True):
    __table_args__ = (sa.UniqueConstraint("framework", "external_id"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column=sa.Column(sa.String(160), nullable=False, unique=True))
    category: str | None = Field(default=None, max_length=120)
    framework: str | None = Field(default=None, max_length=40)
    external_id: str | None = Field(default=None, max_length=300)
    description: str | None = None


class EmployeeSkill(TableModel, table=True):
    """One level a person held from `valid_from` until the day before `valid_to`.

    History is never overwritten: a change closes the current row and opens a
    new one. Rows from different sources may overlap; a person's level on a
    date is the highest level among the rows valid that day. A badge row ends
    on the badge's expiry date.
    """

    __tablename__ = "employee_skill"
    __table_args__ = (
        sa.CheckConstraint("level BETWEEN 1 AND 5", name="level_1_to_5"),
        sa.CheckConstraint(in_values("source", SKILL_SOURCES), name="source_known"),
        sa.CheckConstraint("valid_to IS NULL OR valid_to > valid_from", name="valid_range"),
        sa.Index(
            "uq_employee_skill_one_current_per_source",
            "employee_id",
            "skill_id",
            "source",
            unique=True,
            sqlite_where=sa.text("valid_to IS NULL AND badge_id IS NULL"),
            postgresql_where=sa.text("valid_to IS NULL AND badge_id IS NULL"),
        ),
        sa.Index("ix_employee_skill_skill_valid", "skill_id", "valid_from", "valid_to"),
    )

    id: int | None = Field(default=None, primary_key=True)
    employee_id: int = Field(foreign_key="employee.id", index=True)
    skill_id: int = Field(foreign_key="skill.id")
    level: int
    source: str = Field(max_length=20)
    valid_from: date
    valid_to: date | None = None
    badge_id: int | None = Field(default=None, foreign_key="badge.id", index=True)
    created_at: datetime | None = Field(default=None, sa_column=created_at_column())


class TeamSkillTarget(TableModel, table=True):
    """How many people of a team need a skill at a minimum level, by when."""

    __tablename__ = "team_skill_target"
    __table_args__ = (
        sa.UniqueConstraint("team_id", "skill_id"),
        sa.CheckConstraint("min_level BETWEEN 1 AND 5", name="min_level_1_to_5"),
        sa.CheckConstraint("required_headcount >= 1", name="headcount_positive"),
        sa.CheckConstraint(in_values("priority", TARGET_PRIORITIES), name="priority_known"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    skill_id: int = Field(foreign_key="skill.id", index=True)
    min_level: int
    required_headcount: int
    target_date: date | None = None
    priority: str = Field(default="medium", max_length=10)
