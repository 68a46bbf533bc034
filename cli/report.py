"""`upskill report NAME`: the dashboard's figures, headless, for schedulers and BI tools.

Each report is one call into `data_model.metrics` with an admin scope (everything), written as
CSV (UTF-8, header row, ISO dates), JSON (a list of records) or XLSX. `upskill report NAME
--help` lists the report's columns and the options it reads.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal, TypeGuard

import typer

from .errors import CliError, friendly_errors
from .lazy import lazy

if TYPE_CHECKING:
    import pandas as pd
    from sqlmodel import Session

    from data_model.access import Scope

clock = lazy("data_model.clock")
metrics = lazy("data_model.metrics")
spreadsheets = lazy("data_model.spreadsheets")
Grain = Literal["employee", "team", "org"]
GRAINS: tuple[Grain, ...] = ("employee", "team", "org")


def _is_grain(by: str) -> TypeGuard[Grain]:
    return by in GRAINS


@dataclass(frozen=True)
class Options:
    start: date | None
    end: date | None
    as_of: date
    team: str | None
    by: Grain | None
    weeks: int


@dataclass(frozen=True)
class Report:
    name: str
    summary: str
    columns: str
    reads: str
    run: Callable[[Session, Scope, Options], pd.DataFrame]


def _end(o: Options) -> date:
    return o.end or o.as_of


def _group_by(o: Options, default: Literal["team", "org"]) -> Literal["team", "org"]:
    by = o.by or default
    if by == "employee":
        raise CliError(f"this report groups by team or org, not {by!r}", exit_code=2)
    return by


REPORTS = [
    Report(
        "weekly-hours",
        "Learning minutes per ISO week against each person's weekly target, zero weeks included.",
        "--by employee: employee_code, team, week, minutes, target_minutes, met_target. "
        "--by team: team, week, employees, minutes, avg_minutes_per_employee, share_meeting_target. "
        "--by org: week, employees, minutes, avg_minutes_per_employee, share_meeting_target. "
        "One row per counted employee (or team) and ISO week (YYYY-Www) touching the period.",
        "--from (default: 12 weeks before --to), --to (default: --as-of), --by (default employee), --team.",
        lambda s, scope, o: metrics.weekly_learning_minutes(
            s,
            scope,
            start=o.start or _end(o) - timedelta(weeks=12) + timedelta(days=1),
            end=_end(o),
            by=o.by or "employee",
            team=o.team,
        ),
    ),
    Report(
        "inactive",
        "People employed on --as-of who logged no learning in the last --weeks weeks (7-day weeks).",
        "employee_code, full_name, team, hire_date, last_learning_date (empty: never), days_since_learning.",
        "--as-of, --weeks (default 4), --team.",
        lambda s, scope, o: metrics.inactive_people(s, scope, weeks=o.weeks, as_of=o.as_of, team=o.team),
    ),
    Report(
        "assignments",
        "Enrollments per status, and how many open ones are overdue on --as-of.",
        "[team,] people, assigned, in_progress, completed, withdrawn, overdue, total.",
        "--as-of, --from/--to (assigned in this period; default: all), --by team|org (default team), --team.",
        lambda s, scope, o: metrics.assignment_status_counts(
            s, scope, as_of=o.as_of, by=_group_by(o, "team"), team=o.team, start=o.start, end=o.end
        ),
    ),
    Report(
        "overdue",
        "Enrollments not completed or withdrawn whose due date is before --as-of, most overdue first.",
        "employee_code, full_name, team, credential_code, credential_title, status, reason, assigned_on, "
        "due_date, days_overdue.",
        "--as-of, --team.",
        lambda s, scope, o: metrics.overdue_enrollments(s, scope, as_of=o.as_of, team=o.team),
    ),
    Report(
        "skill-coverage",
        "Coverage of every team skill target on --as-of: min(1, people at level / required headcount).",
        "team, skill, min_level, required_headcount, team_size, people_at_level, coverage (0..1), "
        "people_missing, priority, target_date.",
        "--as-of, --team.",
        lambda s, scope, o: metrics.skill_coverage(s, scope, as_of=o.as_of, team=o.team),
    ),
    Report(
        "skill-gaps",
        "Open skill targets on --as-of: how many people are missing and who in the team is closest.",
        "team, skill, min_level, required_headcount, people_at_level, people_missing, closest_people.",
        "--as-of, --team.",
        lambda s, scope, o: metrics.skill_gaps(s, scope, as_of=o.as_of, team=o.team),
    ),
    Report(
        "recommendations",
        "The cheapest credentials, and who should take them, to close each team's open skill targets.",
        "team, employee_code, full_name, credential_code, credential_title, skills, gaps_filled, people, "
        "cost, currency, expected_hours, already_enrolled, note (why a target cannot be closed).",
        "--as-of, --team.",
        lambda s, scope, o: metrics.gap_closing_recommendation(s, scope, as_of=o.as_of, team=o.team),
    ),
    Report(
        "retention",
        "12-month retention of learners (600+ minutes in the 12 months before the reference date) "
        "vs non-learners employed on the reference date. Association, not cause.",
        "group, people, retained, retention (0..1), measured_to, measured_to_today (12 months not yet "
        "passed), suppressed (groups under 5 people).",
        "--from = the reference date (default: 12 months before --as-of), --as-of, --team.",
        lambda s, scope, o: metrics.retention(
            s,
            scope,
            reference_date=o.start or metrics.calendar.add_months(o.as_of, -12),
            as_of=o.as_of,
            team=o.team,
        ),
    ),
    Report(
        "survival",
        "Kaplan-Meier survival by tenure month for learners and non-learners employed on the reference date.",
        "group, tenure_months, at_risk, exits, survival (0..1), suppressed (fewer than 5 people).",
        "--from = the reference date (default: 12 months before --as-of), --as-of, --team.",
        lambda s, scope, o: metrics.survival_by_tenure(
            s,
            scope,
            reference_date=o.start or metrics.calendar.add_months(o.as_of, -12),
            as_of=o.as_of,
            team=o.team,
        ),
    ),
    Report(
        "spend",
        "What credentials cost per team and month of enrollment (withdrawn before starting: free).",
        "team, month (first day), currency, enrollments, people, cost.",
        "--from (default: 12 months before --to), --to (default: --as-of), --team.",
        lambda s, scope, o: metrics.spend_by_team_month(
            s,
            scope,
            start=o.start or metrics.calendar.add_months(_end(o), -12) + timedelta(days=1),
            end=_end(o),
            team=o.team,
        ),
    ),
    Report(
        "pathways",
        "Pathway progress per person on --as-of, and the finish date at their last-8-weeks pace.",
        "employee_code, full_name, team, pathway, qualification, done, required, hours_left, "
        "pace_minutes_per_week, projected_finish (empty when the pace is 0).",
        "--as-of, --team.",
        lambda s, scope, o: metrics.pathway_progress(s, scope, as_of=o.as_of, team=o.team),
    ),
]


def _parse_date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise CliError(f"{option} must be a date as YYYY-MM-DD, got {value!r}", exit_code=2) from None
    from data_model.formats.values import EARLIEST_DATE, LATEST_DATE

    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise CliError(
            f"{option} {value} is outside the years {EARLIEST_DATE.year}-{LATEST_DATE.year}", exit_code=2
        )
    return day


MAX_PERIOD_YEARS = 20  # a report covers at most this span: more is a typo, and weeks by the thousand


def _command(report: Report) -> Callable[..., None]:
    @friendly_errors
    def command(
        from_: Annotated[str | None, typer.Option("--from", help="Start date, YYYY-MM-DD.")] = None,
        to: Annotated[str | None, typer.Option("--to", help="End date, YYYY-MM-DD.")] = None,
        as_of: Annotated[
            str | None, typer.Option("--as-of", help="The day the figures are for (default: today).")
        ] = None,
        team: Annotated[
            str | None, typer.Option("--team", help="Only this team and its sub-teams (team name).")
        ] = None,
        by: Annotated[str | None, typer.Option("--by", help="employee, team or org.")] = None,
        weeks: Annotated[
            int, typer.Option("--weeks", min=1, help="For inactive: weeks without learning.")
        ] = 4,
        fmt: Annotated[str, typer.Option("--format", help="csv, json or xlsx.")] = "csv",
        output: Annotated[
            Path | None, typer.Option("--output", help="Write here instead of stdout (needed for xlsx).")
        ] = None,
    ) -> None:
        from sqlmodel import Session

        from data_model.access import Scope
        from data_model.db import make_engine

        if fmt not in spreadsheets.FORMATS:
            formats = ", ".join(spreadsheets.FORMATS)
            raise CliError(f"--format must be one of {formats}, not {fmt!r}", exit_code=2)
        if by is not None and not _is_grain(by):
            raise CliError(f"--by must be one of {', '.join(GRAINS)}, not {by!r}", exit_code=2)
        options = Options(
            start=_parse_date(from_, "--from"),
            end=_parse_date(to, "--to"),
            as_of=_parse_date(as_of, "--as-of") or clock.today(),
            team=team,
            by=by,
            weeks=weeks,
        )
        if options.start and options.end and options.end < options.start:
            raise CliError(f"--to ({options.end}) is before --from ({options.start})", exit_code=2)
        last = options.end or options.as_of
        if options.start and (last - options.start).days > 366 * MAX_PERIOD_YEARS:
            raise CliError(
                f"--from {options.start} to {last} is more than {MAX_PERIOD_YEARS} years; "
                "ask for a shorter period",
                exit_code=2,
            )
        with Session(make_engine()) as session:
            frame = report.run(session, Scope.all(role="admin"), options)
        if fmt == "xlsx" and output is None:
            raise CliError("--format xlsx needs --output FILE", exit_code=2)
        spreadsheets.write_frame(frame, fmt, output, stdout=sys.stdout)
        if output is not None:
            typer.echo(f"wrote {len(frame):,} rows to {output}", err=True)

    command.__name__ = report.name.replace("-", "_")
    return command


report_app = typer.Typer(
    rich_markup_mode=None,  # plain click help: rich's renderer alone costs 0.1 s per --help
    help="Write a figure as CSV, JSON or XLSX, with admin scope (everything). "
    "`upskill report NAME --help` lists a report's columns.",
    no_args_is_help=True,
)

for _report in REPORTS:
    report_app.command(
        _report.name,
        help=f"{_report.summary}\n\nColumns: {_report.columns}\n\nReads: {_report.reads}",
        short_help=_report.summary,
    )(_command(_report))
