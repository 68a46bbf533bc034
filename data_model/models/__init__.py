"""Every table of the Upskill database. Importing this package registers them all."""

from .activity import Badge, Enrollment, LearningPolicy, LearningSession, LearningWeek
from .base import UTCDateTime, stored_id, utc_now
from .catalog import (
    AssignmentRule,
    CredentialSkill,
    MicroCredential,
    OnboardingItem,
    OnboardingPlan,
    Pathway,
    PathwayItem,
    Provider,
)
from .org import Account, Employee, JobRole, Team, TeamMembership
from .records import AuditEvent, ImportBatch
from .skills import EmployeeSkill, Skill, TeamSkillTarget

__all__ = [
    "Account",
    "AssignmentRule",
    "AuditEvent",
    "Badge",
    "CredentialSkill",
    "Employee",
    "EmployeeSkill",
    "Enrollment",
    "ImportBatch",
    "JobRole",
    "LearningPolicy",
    "LearningSession",
    "LearningWeek",
    "MicroCredential",
    "OnboardingItem",
    "OnboardingPlan",
    "Pathway",
    "PathwayItem",
    "Provider",
    "Skill",
    "Team",
    "TeamMembership",
    "TeamSkillTarget",
    "UTCDateTime",
    "stored_id",
    "utc_now",
]

# The roll-ups' flush listener keeps learning_week exact for every ORM write of a session: it is
# registered wherever the tables are (imported last, it needs them).
from .. import rollups as _rollups  # noqa: F401
