"""Every write, one module per thing written.

Each action checks that the writer's scope covers the people or team it touches, validates the
input with messages a person can act on, writes, and leaves an `AuditEvent`. None of them
commits: the caller owns the transaction (`data_model.db.session_scope`), so an importer can run
thousands of them in one all-or-nothing transaction and the dashboard one per click.

- `base`: who may write what (roles, people and teams in scope, credentials on offer);
- `audit`: the trace each write leaves; `changes`: diff, set and audit an update;
- `enrollments`: assign, start, complete, extend, withdraw, enrol oneself;
- `onboarding`: define, change and retire onboarding plans, and apply them to new hires;
- `learning`: log learning time (and the rule for what a session may hold);
- `skills`, `badges`, `targets`: skill levels, badges awarded, team skill targets;
- `catalog`: micro-credentials and providers;
- `accounts`: accounts and the sign-in trace (whether a password is right is `data_model.accounts`);
- `people`: people, teams and job roles from an HRIS file;
- `rules`: automatic assignment rules (new hires, recertification, team changes) and their runs.
"""

from __future__ import annotations

from .audit import record_audit, record_audits
from .badges import BadgeAward, award_badge
from .base import (
    MANAGING_ROLES,
    ActionError,
    employed_on,
    offered_credentials,
    require_people_in_scope,
    require_role,
    require_team_in_scope,
)
from .catalog import CredentialDraft, add_provider, save_credential
from .changes import apply_changes, diff
from .enrollments import (
    AssignmentResult,
    Planned,
    add_enrollment_history,
    assign_credentials,
    assign_planned,
    complete_enrollment,
    enrol_self,
    extend_enrollment,
    start_enrollment,
    withdraw_enrollment,
)
from .learning import LearningEntry, log_learning, validate_learning
from .onboarding import PlanDraft, PlanItem, apply_onboarding_plan, save_onboarding_plan, set_plan_active
from .skills import set_skill_level
from .targets import set_team_target

__all__ = [
    "MANAGING_ROLES",
    "ActionError",
    "AssignmentResult",
    "BadgeAward",
    "CredentialDraft",
    "LearningEntry",
    "PlanDraft",
    "PlanItem",
    "Planned",
    "add_enrollment_history",
    "add_provider",
    "apply_changes",
    "apply_onboarding_plan",
    "assign_credentials",
    "assign_planned",
    "award_badge",
    "complete_enrollment",
    "diff",
    "employed_on",
    "enrol_self",
    "extend_enrollment",
    "log_learning",
    "offered_credentials",
    "record_audit",
    "record_audits",
    "require_people_in_scope",
    "require_role",
    "require_team_in_scope",
    "save_credential",
    "save_onboarding_plan",
    "set_plan_active",
    "set_skill_level",
    "set_team_target",
    "start_enrollment",
    "validate_learning",
    "withdraw_enrollment",
]
