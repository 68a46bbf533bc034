"""Parsers for everything Upskill imports: bytes in, validated records or every error out.

No database access here: records carry raw references (an employee code or
email, a credential code, a team name) that the writer resolves, reporting its
own problems ("unknown employee") with the same ImportIssue, placed through
each record's `origin.issue(field, message)`.

Every parser has the same shape:

    parse_<kind>(data: Source, *, file_name: str,
                 date_format: "dmy" | "mdy" | None = None, today: date | None = None)
        -> ParseResult[<Kind>Record]

`Source` (sources.py) is an upload's bytes, or a binary stream of them. A result
with any error must not be written. `PARSERS` maps the CLI's kinds to them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .bundle import parse_badge_bundle, parse_badges
from .catalog import (
    CatalogRecord,
    CredentialRecord,
    PathwayItemRecord,
    PathwayRecord,
    ProviderInfo,
    SkillGrant,
    parse_catalog,
)
from .credly import CredlyBadgeRecord, parse_credly
from .employees import EmployeeRecord, StagedEmployees, parse_employees, stage_employees, walk_loops
from .enrollments import EnrollmentRecord, iter_enrollments, parse_enrollments
from .errors import ImportIssue, Origin, ParseResult
from .jws import IssuerKey, load_issuer_key
from .learning import LearningRecord, iter_learning, minutes_by_week, parse_learning
from .levels import SFIA_TO_PROFICIENCY, to_proficiency
from .onboarding import OnboardingItemRecord, OnboardingRecord, parse_onboarding
from .openbadges import Alignment, BadgeRecord, Recipient, export_openbadges2, parse_badge, recipient_matches
from .refs import EmployeeRef, mbox_sha1sum
from .scratch import KeyIndex, Scratch
from .skills import SkillRecord, parse_skills
from .targets import TargetRecord, parse_targets
from .xapi import XapiResult, iter_xapi, parse_xapi

PARSERS: dict[str, Callable[..., ParseResult[Any]]] = {
    "employees": parse_employees,
    "learning": parse_learning,
    "enrollments": parse_enrollments,
    "badges": parse_badges,
    "xapi": parse_xapi,
    "skills": parse_skills,
    "targets": parse_targets,
    "catalog": parse_catalog,
    "onboarding": parse_onboarding,
}

__all__ = [
    "PARSERS",
    "SFIA_TO_PROFICIENCY",
    "Alignment",
    "BadgeRecord",
    "CatalogRecord",
    "CredentialRecord",
    "CredlyBadgeRecord",
    "EmployeeRecord",
    "EmployeeRef",
    "EnrollmentRecord",
    "ImportIssue",
    "IssuerKey",
    "KeyIndex",
    "LearningRecord",
    "OnboardingItemRecord",
    "OnboardingRecord",
    "Origin",
    "ParseResult",
    "PathwayItemRecord",
    "PathwayRecord",
    "ProviderInfo",
    "Recipient",
    "Scratch",
    "SkillGrant",
    "SkillRecord",
    "StagedEmployees",
    "TargetRecord",
    "XapiResult",
    "export_openbadges2",
    "iter_enrollments",
    "iter_learning",
    "iter_xapi",
    "load_issuer_key",
    "mbox_sha1sum",
    "minutes_by_week",
    "parse_badge",
    "parse_badge_bundle",
    "parse_badges",
    "parse_catalog",
    "parse_credly",
    "parse_employees",
    "parse_enrollments",
    "parse_learning",
    "parse_onboarding",
    "parse_skills",
    "parse_targets",
    "parse_xapi",
    "recipient_matches",
    "stage_employees",
    "to_proficiency",
    "walk_loops",
]
