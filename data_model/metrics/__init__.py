"""Read functions for the figures pages and reports show.

Every public function takes `(session, scope, *, filters...)` and returns a small pandas
DataFrame with documented columns, or plain values. Aggregation happens in SQL on both SQLite
and PostgreSQL; nothing loads a whole fact table into Python. Dates in frames are
`datetime.date`; weeks are ISO week labels `YYYY-Www`.

Modules, one per concept: `learning` (weekly learning time, per group and per person, and who
has none), `assignments` (enrollments, overdue, completion, onboarding), `skills` (levels held,
coverage of targets, bench depth), `gaps` (open targets and the people closest to them),
`recommendations` (which credentials close a team's gaps, and the plan to assign them; the
method is `gap_planner`), `badges`, `retention`, `spend`, `pathways`,
`people` (teams a reader may choose, rosters, new hires), `person` (one person's page), and
`catalog` (the learning offer). `summaries` holds the page-shaped assemblies: the Overview's
headline figures and the teams it flags. Below them: `scope` (the people and teams a figure is
about), `calendar` (ISO weeks in SQL), `targets` (weekly target resolution), `frames` and
`sqlfuncs`. The names below are the public API.

Who gets what (see `data_model.access`):
- every function filters people (and teams) by the scope in SQL; a `team=` filter takes in
  the team's sub-teams and only ever narrows the scope;
- per-person lists refuse an executive with `AccessDenied`: weekly_learning_minutes(by=
  "employee"), inactive_people, overdue_enrollments, gap_candidates, pathway_progress;
- skill_gaps and gap_closing_recommendation answer an executive without names (closest people
  empty; one row per team and credential);
- group figures get a trailing `suppressed` column for an executive, with the figures of
  groups under 5 people emptied; retention and survival_by_tenure always hide groups under 5
  and always have the column;
- under an employee scope every figure counts only that person.
"""

from .assignments import (
    assignment_status_counts,
    completion_rate,
    median_days_to_complete,
    onboarding_completion,
    overdue_enrollments,
)
from .gaps import gap_candidates, skill_gaps
from .learning import inactive_people, weekly_learning_minutes
from .pathways import pathway_progress
from .recommendations import gap_closing_recommendation
from .retention import retention, survival_by_tenure
from .skills import (
    bench_depth,
    organisation_coverage_index,
    organisation_coverage_over_time,
    skill_coverage,
    team_coverage_index,
)
from .spend import cost_per_badge, cost_per_learning_hour, spend_by_team_month
from .summaries import HeadlineFigures, headline_figures

__all__ = [
    "HeadlineFigures",
    "assignment_status_counts",
    "bench_depth",
    "completion_rate",
    "cost_per_badge",
    "cost_per_learning_hour",
    "gap_candidates",
    "gap_closing_recommendation",
    "headline_figures",
    "inactive_people",
    "median_days_to_complete",
    "onboarding_completion",
    "organisation_coverage_index",
    "organisation_coverage_over_time",
    "overdue_enrollments",
    "pathway_progress",
    "retention",
    "skill_coverage",
    "skill_gaps",
    "spend_by_team_month",
    "survival_by_tenure",
    "team_coverage_index",
    "weekly_learning_minutes",
]
