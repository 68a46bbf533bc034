"""The fixed words the data speaks. The database checks every one of them."""

from __future__ import annotations

ROLES = ("admin", "hr", "lead", "exec", "employee")
EXIT_REASONS = ("voluntary", "involuntary", "other")

SKILL_SOURCES = ("badge", "assessment", "manager", "self")
PROFICIENCY = {
    1: "Awareness",
    2: "Foundation",
    3: "Practitioner",
    4: "Advanced",
    5: "Expert",
}
TARGET_PRIORITIES = ("high", "medium", "low")

PROVIDER_KINDS = ("university", "vendor", "non_profit", "internal", "other")
DELIVERY_MODES = ("online", "in_person", "blended")

ENROLLMENT_STATUSES = ("assigned", "in_progress", "completed", "withdrawn")
OPEN_ENROLLMENT_STATUSES = ("assigned", "in_progress")
ENROLLMENT_REASONS = ("onboarding", "skill_gap", "self", "compliance")

SESSION_SOURCES = ("manual", "csv", "xapi")

BADGE_FORMATS = ("openbadges-2", "openbadges-3", "credly-csv", "manual")
BADGE_VERIFICATION = ("verified", "unverified", "failed", "revoked")

DEFAULT_WEEKLY_TARGET_MINUTES = 240
# A badge with one of these verifications is kept on record but counts for nothing: no skill, no tally.
BADGE_NOT_COUNTED = ("revoked", "failed")

# A learning session is whole minutes within one day. The CHECK on learning_session, the
# actions and the parsers all ask these two, so the rule and its message exist once.
SESSION_MINUTES = (1, 1440)


def session_minutes_problem(minutes: int) -> str | None:
    """Why `minutes` cannot be one session, or None when it can."""
    low, high = SESSION_MINUTES
    return None if low <= minutes <= high else f"{minutes} minutes is outside {low}..{high} (one day)"
