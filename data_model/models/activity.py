"""Learning activity: enrollments (assignments), learning sessions, badges and the time policy."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlmodel import Field

from ..vocab import (
    BADGE_FORMATS,
    BADGE_VERIFICATION,
    ENROLLMENT_REASONS,
    ENROLLMENT_STATUSES,
    OPEN_ENROLLMENT_STATUSES,
    SESSION_SOURCES,
)
from .base import TableModel, created_at_column, in_values
from .inputs import SESSION_MINUTES

# The condition of the one-open-enrollment index, as its text: a query that repeats it word for
# word (see `data_model.bulk.matching_keys`) lets SQLite search that partial index.
OPEN_CONDITION = sa.text("status IN (" + ", ".join(f"'{s}'" for s in OPEN_ENROLLMENT_STATUSES) + ")")


class Enrollment(TableModel, table=True):
    """A person on a micro-credential; an assignment when someone else made it.

    Overdue = not completed or withdrawn and the due date has passed.
    """

    __table_args__ = (
        sa.CheckConstraint(in_values("status", ENROLLMENT_STATUSES), name="status_known"),
        sa.CheckConstraint(in_values("reason", ENROLLMENT_REASONS), name="reason_known"),
        sa.CheckConstraint(
            "(status = 'completed') = (completed_on IS NOT NULL)", name="completed_on_iff_completed"
        ),
        sa.CheckConstraint("due_date IS NULL OR due_date >= assigned_on", name="due_not_before_assigned"),
        sa.CheckConstraint(
            "completed_on IS NULL OR completed_on >= assigned_on", name="completed_not_before_assigned"
        ),
        sa.Index(
            "uq_enrollment_one_open_per_credential",
            "employee_id",
            "credential_id",
            unique=True,
            sqlite_where=OPEN_CONDITION,
            postgresql_where=OPEN_CONDITION,
        ),
        sa.Index("ix_enrollment_status_due", "status", "due_date"),
        # An enrollment's identity in a file (person, credential, day assigned): an import looks
        # a chunk's rows up by it, so a long history is not re-read for every chunk.
        sa.Index("ix_enrollment_person_credential_day", "employee_id", "credential_id", "assigned_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    employee_id: int = Field(foreign_key="employee.id", index=True)
    credential_id: int = Field(foreign_key="micro_credential.id", index=True)
    status: str = Field(default="assigned", max_length=20)
    # The account that assigned it; null when the person enrolled themselves.
    assigned_by_id: int | None = Field(default=None, foreign_key="account.id")
    # The automatic rule that made it (new hire, recertification, team change); null when a person did.
    rule_id: int | None = Field(default=None, foreign_key="assignment_rule.id")
    reason: str = Field(default="self", max_length=20)
    assigned_on: dt.date
    due_date: dt.date | None = None
    started_on: dt.date | None = None
    completed_on: dt.date | None = None
    withdrawn_on: dt.date | None = None
    created_at: dt.datetime | None = Field(default=None, sa_column=created_at_column())


class LearningSession(TableModel, table=True):
    """Minutes of learning on one day. `external_id` makes re-imports add nothing."""

    __tablename__ = "learning_session"
    __table_args__ = (
        sa.CheckConstraint("minutes BETWEEN {} AND {}".format(*SESSION_MINUTES), name="minutes_1_to_1440"),
        sa.CheckConstraint(in_values("source", SESSION_SOURCES), name="source_known"),
        sa.UniqueConstraint("source", "external_id"),
        sa.Index("ix_learning_session_employee_date", "employee_id", "date"),
    )

    id: int | None = Field(default=None, primary_key=True)
    employee_id: int = Field(foreign_key="employee.id")
    date: dt.date = Field(index=True)
    minutes: int
    credential_id: int | None = Field(default=None, foreign_key="micro_credential.id", index=True)
    source: str = Field(default="manual", max_length=10)
    external_id: str | None = Field(default=None, max_length=200)
    note: str | None = Field(default=None, max_length=500)
    import_batch_id: int | None = Field(default=None, foreign_key="import_batch.id", index=True)


class LearningWeek(TableModel, table=True):
    """Learning minutes per person per ISO week: a roll-up of `learning_session`, not a source.

    Every weekly figure reads these rows instead of summing sessions again on each render. They
    are kept exact by `data_model.rollups`, in the same transaction as every write of a session;
    `upskill db rebuild-rollups` recomputes them from the sessions and says what differed.
    A week with no minutes has no row.
    """

    __tablename__ = "learning_week"
    __table_args__ = (
        sa.CheckConstraint("minutes > 0 AND sessions > 0", name="not_empty"),
        # Weekly figures read a range of weeks for everyone: the week leads.
        sa.Index("ix_learning_week_monday_employee", "monday", "employee_id", "minutes"),
    )

    employee_id: int = Field(foreign_key="employee.id", primary_key=True)
    monday: dt.date = Field(primary_key=True)
    minutes: int
    sessions: int


class Badge(TableModel, table=True):
    """A digital badge a person holds, kept with the JSON it arrived as."""

    __table_args__ = (
        sa.CheckConstraint(in_values("format", BADGE_FORMATS), name="format_known"),
        sa.CheckConstraint(in_values("verification", BADGE_VERIFICATION), name="verification_known"),
        sa.CheckConstraint("expires_on IS NULL OR expires_on >= issued_on", name="expiry_not_before_issue"),
    )

    id: int | None = Field(default=None, primary_key=True)
    employee_id: int = Field(foreign_key="employee.id", index=True)
    credential_id: int | None = Field(default=None, foreign_key="micro_credential.id", index=True)
    name: str = Field(max_length=300)
    issuer_name: str = Field(max_length=300)
    issued_on: dt.date = Field(index=True)
    expires_on: dt.date | None = Field(default=None, index=True)
    assertion_id: str = Field(sa_column=sa.Column(sa.String(500), nullable=False, unique=True))
    format: str = Field(max_length=20)
    verification: str = Field(default="unverified", max_length=20)
    verification_note: str | None = None
    evidence_url: str | None = Field(default=None, max_length=1000)
    raw_json: str | None = None
    import_batch_id: int | None = Field(default=None, foreign_key="import_batch.id", index=True)
    created_at: dt.datetime | None = Field(default=None, sa_column=created_at_column())


class LearningPolicy(TableModel, table=True):
    """Paid learning time per week, for the organisation (team_id null) or one team."""

    __tablename__ = "learning_policy"
    __table_args__ = (
        sa.CheckConstraint("weekly_target_minutes BETWEEN 0 AND 10080", name="weekly_target_in_week"),
        sa.UniqueConstraint("team_id", "effective_from"),
    )

    id: int | None = Field(default=None, primary_key=True)
    weekly_target_minutes: int = 240
    team_id: int | None = Field(default=None, foreign_key="team.id", index=True)
    effective_from: dt.date
