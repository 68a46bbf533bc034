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
# Automatic assignment rules: a new hire gets their plans, a badge about to expire is assigned
# again, a person who changes team gets the new team's plans.
RULE_KINDS = ("new_hire", "recertify", "team_change")

SESSION_SOURCES = ("manual", "csv", "xapi")

BADGE_FORMATS = ("openbadges-2", "openbadges-3", "credly-csv", "manual")
BADGE_VERIFICATION = ("verified", "unverified", "failed", "revoked")

DEFAULT_WEEKLY_TARGET_MINUTES = 240
# A badge with one of these verifications is kept on record but counts for nothing: no skill, no tally.
BADGE_NOT_COUNTED = ("revoked", "failed")
