"""How long each figure takes in SQL, against the same figure computed naively in pandas.

Run by hand and quote the figures; never asserted in tests:

    python bench/metrics_benchmark.py --employees 10000 --weeks 104 --backend both

The organisation is the demo one from `seed` (fixed end date, so every run has the same rows),
built into a temporary SQLite file and a throwaway PostgreSQL schema, or reused with
`--sqlite-file PATH` / `--postgres-schema NAME` (built there first when empty, and kept).

SQLite gets no ANALYZE (the app never runs one), PostgreSQL does (autovacuum would).

"Floor" is the physical floor: a bare SQL scan of the raw rows the figure summarises (the
period's learning sessions, the enrollments, the skill rows...), with no join or grouping. A
figure at 1x reads its rows once; under 1x it reads a roll-up smaller than its raw rows. The
machine's load average is printed beside every figure: read the ratios, not the seconds.

"Naive" is what a page would do without `data_model.metrics`: read every row of the tables a
figure needs into pandas (`pd.read_sql` of the whole table) and group there. For most figures
the script also checks that both ways give the same answer, and says so.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlmodel import Session

from data_model import metrics, migrate
from data_model.access import Scope
from data_model.db import describe_url, make_engine
from data_model.metrics import calendar

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
END = date(2026, 11, 27)  # the seed benchmark's end date: same rows on every run
AS_OF = END
PERIOD_START = END - timedelta(weeks=52) + timedelta(days=1)
SCOPE = Scope.all()
BADGES_NOT_COUNTED = ("revoked", "failed")


# -- naive: every row into pandas, grouped there ------------------------------------------------


def table(engine: Any, name: str, dates: tuple[str, ...] = ()) -> pd.DataFrame:
    """A whole table as a DataFrame, date columns as datetime64 (SQLite sends text)."""
    frame = pd.read_sql(sa.text(f"SELECT * FROM {name}"), engine)
    for column in dates:
        frame[column] = pd.to_datetime(frame[column])
    return frame


def ts(day: date) -> pd.Timestamp:
    return pd.Timestamp(day)


def naive_people(engine: Any) -> pd.DataFrame:
    people = table(engine, "employee", ("hire_date", "exit_date"))
    teams = table(engine, "team")[["id", "name"]].rename(columns={"id": "team_id", "name": "team"})
    return people.merge(teams, on="team_id", how="left")


def team_then(engine: Any, frame: pd.DataFrame, person: str, day: Any) -> pd.DataFrame:
    """`frame` with `team_id` and `team` as they were on each row's day (a column name, or one day
    for every row), from the team history: a day before the hire date counts as the hire date."""
    history = table(engine, "team_membership", ("valid_from", "valid_to")).drop(columns=["id", "job_role_id"])
    hired = table(engine, "employee", ("hire_date",)).set_index("id")["hire_date"]
    out = frame.drop(columns=[c for c in ("team_id", "team") if c in frame.columns]).reset_index(drop=True)
    out["_row"] = range(len(out))
    days = out[day] if isinstance(day, str) else pd.Series(ts(day), index=out.index)
    out["_day"] = pd.concat([days, out[person].map(hired)], axis=1).max(axis=1)
    matched = out[["_row", person, "_day"]].merge(history, left_on=person, right_on="employee_id")
    open_then = matched.valid_to.isna() | (matched.valid_to > matched._day)
    matched = matched[(matched.valid_from <= matched._day) & open_then]
    teams = table(engine, "team")[["id", "name"]].rename(columns={"id": "team_id", "name": "team"})
    found = matched[["_row", "team_id"]].merge(teams, on="team_id", how="left")
    return out.merge(found, on="_row", how="left").drop(columns=["_row", "_day"])


def naive_weekly(engine: Any, by: str) -> pd.DataFrame:
    people = naive_people(engine)
    sessions = table(engine, "learning_session", ("date",))
    policies = table(engine, "learning_policy", ("effective_from",))
    weeks = pd.DataFrame(
        [(w.label, ts(w.monday), ts(w.sunday)) for w in calendar.weeks_between(PERIOD_START, END)],
        columns=["week", "monday", "sunday"],
    )
    grid = people.merge(weeks, how="cross")
    grid = grid[(grid.hire_date <= grid.sunday) & (grid.exit_date.isna() | (grid.exit_date >= grid.monday))]
    # Each person-week under the team of its Sunday, from the team history (as the SQL does).
    history = table(engine, "team_membership", ("valid_from", "valid_to")).drop(columns=["id", "job_role_id"])
    then = grid[["id", "sunday"]].merge(history, left_on="id", right_on="employee_id")
    then = then[(then.valid_from <= then.sunday) & (then.valid_to.isna() | (then.valid_to > then.sunday))]
    teams = table(engine, "team")[["id", "name"]].rename(columns={"id": "team_id", "name": "team"})
    then = then[["id", "sunday", "team_id"]].merge(teams, on="team_id", how="left")
    grid = grid.drop(columns=["team_id", "team"]).merge(then, on=["id", "sunday"])
    sessions["monday"] = sessions["date"] - pd.to_timedelta(sessions["date"].dt.day_of_week, unit="D")
    minutes = sessions.groupby(["employee_id", "monday"], as_index=False)["minutes"].sum()
    grid = grid.merge(minutes, left_on=["id", "monday"], right_on=["employee_id", "monday"], how="left")
    grid["minutes"] = grid["minutes"].fillna(0).astype(int)

    def newest(team_id: Any, sunday: pd.Timestamp) -> float:
        mine = policies[(policies.team_id == team_id) if team_id is not None else policies.team_id.isna()]
        mine = mine[mine.effective_from <= sunday]
        return (
            float(mine.sort_values("effective_from").weekly_target_minutes.iloc[-1])
            if len(mine)
            else math.nan
        )

    week_team = grid[["team_id", "sunday"]].drop_duplicates()
    week_team["team_target"] = [newest(t, s) if pd.notna(t) else math.nan for t, s in week_team.values]
    org = weeks[["sunday"]].copy()
    org["org_target"] = [newest(None, s) for s in org.sunday]
    grid = grid.merge(week_team, on=["team_id", "sunday"], how="left").merge(org, on="sunday")
    grid["target_minutes"] = (
        grid.weekly_target_minutes.fillna(grid.team_target).fillna(grid.org_target).fillna(240).astype(int)
    )
    grid["met_target"] = grid.minutes >= grid.target_minutes
    if by == "employee":
        return grid[["employee_code", "team", "week", "minutes", "target_minutes", "met_target"]]
    keys = ["team", "week"] if by == "team" else ["week"]
    grouped = grid.groupby(keys, dropna=False).agg(
        employees=("id", "size"), minutes=("minutes", "sum"), share_meeting_target=("met_target", "mean")
    )
    grouped["avg_minutes_per_employee"] = grouped.minutes / grouped.employees
    return grouped.reset_index()


def naive_inactive(engine: Any) -> pd.DataFrame:
    people = naive_people(engine)
    sessions = table(engine, "learning_session", ("date",))
    last = sessions[sessions.date <= ts(AS_OF)].groupby("employee_id")["date"].max().rename("last")
    people = people.merge(last, left_on="id", right_index=True, how="left")
    employed = (people.hire_date <= ts(AS_OF)) & (people.exit_date.isna() | (people.exit_date >= ts(AS_OF)))
    quiet = people.last.isna() | (people.last < ts(AS_OF - timedelta(days=27)))
    return people[employed & quiet][["employee_code"]]


def naive_enrollments(engine: Any) -> pd.DataFrame:
    enrollments = table(engine, "enrollment", ("assigned_on", "due_date", "completed_on"))
    return enrollments.merge(
        naive_people(engine)[["id", "team", "employee_code"]], left_on="employee_id", right_on="id"
    )


def naive_status_counts(engine: Any) -> pd.DataFrame:
    e = naive_enrollments(engine)
    e = e[e.assigned_on <= ts(AS_OF)]
    e["overdue"] = e.status.isin(["assigned", "in_progress"]) & (e.due_date < ts(AS_OF))
    counts = pd.crosstab(e.team, e.status)
    counts["overdue"] = e.groupby("team").overdue.sum()
    counts["total"] = e.groupby("team").size()
    return counts.reset_index()


def naive_overdue(engine: Any) -> pd.DataFrame:
    e = naive_enrollments(engine)
    return e[e.status.isin(["assigned", "in_progress"]) & (e.due_date < ts(AS_OF))][["employee_code"]]


def naive_completion(engine: Any) -> pd.DataFrame:
    e = naive_enrollments(engine)
    e = e[e.assigned_on.between(ts(PERIOD_START), ts(END)) & (e.status != "withdrawn")]
    return e.groupby("team").agg(
        enrollments=("id_x", "size"), completed=("status", lambda s: (s == "completed").sum())
    )


def naive_median_days(engine: Any) -> pd.DataFrame:
    e = naive_enrollments(engine)
    e = e[e.completed_on.between(ts(PERIOD_START), ts(END))]
    return (e.completed_on - e.assigned_on).dt.days.groupby(e.team).median()


def naive_onboarding(engine: Any) -> pd.DataFrame:
    people = naive_people(engine)
    hires = people[people.hire_date.between(ts(END - timedelta(days=730)), ts(END))]
    e = table(engine, "enrollment", ("completed_on",))
    e = e[(e.reason == "onboarding") & (e.status != "withdrawn")].merge(
        hires[["id", "hire_date", "team"]], left_on="employee_id", right_on="id"
    )
    e["in_time"] = (e.completed_on - e.hire_date).dt.days <= 30
    per_hire = e.groupby("employee_id").agg(items=("in_time", "size"), done=("in_time", "sum"))
    return per_hire[per_hire["items"] == per_hire["done"]]


def naive_levels(engine: Any, day: date) -> pd.DataFrame:
    held = table(engine, "employee_skill", ("valid_from", "valid_to"))
    badges = table(engine, "badge", ("expires_on",))[["id", "expires_on", "verification"]]
    held = held.merge(badges, left_on="badge_id", right_on="id", how="left", suffixes=("", "_badge"))
    d = ts(day)
    valid = (held.valid_from <= d) & (held.valid_to.isna() | (held.valid_to > d))
    badge_ok = held.badge_id.isna() | (
        (held.expires_on.isna() | (held.expires_on > d)) & ~held.verification.isin(BADGES_NOT_COUNTED)
    )
    return held[valid & badge_ok].groupby(["employee_id", "skill_id"], as_index=False)["level"].max()


def naive_coverage(engine: Any, day: date = AS_OF) -> pd.DataFrame:
    people = naive_people(engine)
    week = calendar.week_of(day)
    members = people[
        (people.hire_date <= ts(week.sunday))
        & (people.exit_date.isna() | (people.exit_date >= ts(week.monday)))
    ]
    members = team_then(engine, members, "id", day)  # each member in the team of that day
    levels = naive_levels(engine, day)
    targets = table(engine, "team_skill_target")
    sizes = members.groupby("team_id").size().rename("team_size")
    held = members[["id", "team_id"]].merge(levels, left_on="id", right_on="employee_id")
    joined = targets.merge(held, on=["team_id", "skill_id"], how="left")
    joined["at"] = joined.level >= joined.min_level
    at_level = joined.groupby("id_x")["at"].sum().rename("people_at_level")
    out = targets.set_index("id").join(at_level).join(sizes, on="team_id")
    out["coverage"] = (out.people_at_level / out.required_headcount).clip(upper=1.0)
    return out.reset_index()


def naive_candidates(engine: Any) -> pd.DataFrame:
    """Members below the level of every open target, with their level, nearest first."""
    coverage = naive_coverage(engine)
    open_targets = coverage[coverage.people_at_level < coverage.required_headcount]
    people = naive_people(engine)
    week = calendar.week_of(AS_OF)
    members = people[
        (people.hire_date <= ts(week.sunday))
        & (people.exit_date.isna() | (people.exit_date >= ts(week.monday)))
    ]
    levels = naive_levels(engine, AS_OF)
    pairs = open_targets[["id", "team_id", "skill_id", "min_level"]].merge(
        members[["id", "team_id", "employee_code"]], on="team_id", suffixes=("", "_person")
    )
    pairs = pairs.merge(
        levels, left_on=["id_person", "skill_id"], right_on=["employee_id", "skill_id"], how="left"
    )
    pairs["level"] = pairs.level.fillna(0)
    pairs = pairs[pairs.level < pairs.min_level].sort_values(
        ["id", "level", "employee_code"], ascending=[True, False, True]
    )
    pairs["rank"] = pairs.groupby("id").cumcount() + 1
    return pairs


def naive_gaps(engine: Any) -> pd.DataFrame:
    candidates = naive_candidates(engine)
    closest = candidates[candidates["rank"] <= 3].groupby("id").employee_code.apply(", ".join)
    return closest.reset_index()


def naive_recommendation(engine: Any) -> int:
    """The same planner, fed from whole tables read into pandas; returns the number of choices."""
    from decimal import Decimal

    from data_model.metrics.gap_planner import Candidate, Credential, Target, plan_gap_closing

    coverage = naive_coverage(engine)
    candidates = naive_candidates(engine)
    grants = table(engine, "credential_skill").merge(
        table(engine, "micro_credential"), left_on="credential_id", right_on="id"
    )
    grants = grants[grants.active.astype(bool)]
    credentials: dict[int, Credential] = {}
    for row in grants.itertuples():
        made = credentials.setdefault(
            row.credential_id,
            Credential(
                row.credential_id,
                row.code,
                row.title,
                Decimal(str(row.cost)),
                row.currency,
                float(row.expected_hours),
            ),
        )
        made.grants[row.skill_id] = row.level_granted
    enrollments = table(engine, "enrollment")
    open_pairs = set(
        map(
            tuple,
            enrollments[enrollments.status.isin(["assigned", "in_progress"])][
                ["employee_id", "credential_id"]
            ].values,
        )
    )
    chosen = 0
    for team_id, part in coverage[coverage.people_at_level < coverage.required_headcount].groupby("team_id"):
        targets = [
            Target(
                int(r.id),
                str(team_id),
                str(r.skill_id),
                int(r.skill_id),
                int(r.min_level),
                int(r.required_headcount - r.people_at_level),
            )
            for r in part.itertuples()
        ]
        people: dict[int, Candidate] = {}
        for r in candidates[candidates.team_id == team_id].itertuples():
            people.setdefault(
                int(r.id_person), Candidate(int(r.id_person), r.employee_code, r.employee_code)
            ).levels[int(r.id)] = int(r.level)
        plan, _ = plan_gap_closing(targets, list(people.values()), list(credentials.values()), open_pairs)
        chosen += len(plan)
    return chosen


def naive_team_index(engine: Any) -> pd.Series:
    return naive_coverage(engine).groupby("team_id").coverage.mean()


def naive_org_index(engine: Any) -> float:
    return float(naive_coverage(engine).coverage.mean())


def naive_coverage_over_time(engine: Any) -> list[float]:
    return [float(naive_coverage(engine, d).coverage.mean()) for d in calendar.month_ends(PERIOD_START, END)]


def naive_bench(engine: Any) -> pd.Series:
    people = naive_people(engine)
    week = calendar.week_of(AS_OF)
    counted = people[
        (people.hire_date <= ts(week.sunday))
        & (people.exit_date.isna() | (people.exit_date >= ts(week.monday)))
    ]
    levels = naive_levels(engine, AS_OF)
    levels = levels[levels.employee_id.isin(counted.id) & (levels.level >= 4)]
    return levels.groupby("skill_id").size()


def naive_cohort(engine: Any, reference: date) -> pd.DataFrame:
    people = naive_people(engine)
    sessions = table(engine, "learning_session", ("date",))
    window = sessions[
        sessions.date.between(ts(calendar.add_months(reference, -12)), ts(reference - timedelta(days=1)))
    ]
    minutes = window.groupby("employee_id").minutes.sum()
    people["learned"] = people.id.map(minutes).fillna(0)
    r = ts(reference)
    cohort = people[(people.hire_date <= r) & (people.exit_date.isna() | (people.exit_date >= r))].copy()
    cohort["group"] = cohort.learned.ge(600).map({True: "learner", False: "non-learner"})
    return cohort


def naive_retention(engine: Any) -> pd.DataFrame:
    reference = calendar.add_months(AS_OF, -12)
    cohort = naive_cohort(engine, reference)
    cohort["stayed"] = cohort.exit_date.isna() | (cohort.exit_date >= ts(AS_OF))
    grouped = cohort.groupby("group").agg(people=("id", "size"), retained=("stayed", "sum"))
    # Both groups always, as the figure has them (an empty group is 0 people, not missing).
    return grouped.reindex(["learner", "non-learner"], fill_value=0).rename_axis("group").reset_index()


def naive_survival(engine: Any) -> pd.DataFrame:
    reference = calendar.add_months(AS_OF, -12)
    cohort = naive_cohort(engine, reference)
    end = cohort.exit_date.where(cohort.exit_date <= ts(AS_OF), ts(AS_OF))
    cohort["entry"] = ((ts(reference) - cohort.hire_date).dt.days * 10_000) // 304_375
    cohort["leave"] = ((end - cohort.hire_date).dt.days * 10_000) // 304_375
    cohort["event"] = cohort.exit_date.notna() & (cohort.exit_date <= ts(AS_OF))
    rows = []
    for group, part in cohort.groupby("group"):
        survival = 1.0
        for month in range(int(part.entry.min()), int(part.leave.max()) + 1):
            at_risk = int(((part.entry <= month) & (part.leave >= month)).sum())
            exits = int(((part.leave == month) & part.event).sum())
            survival *= 1 - exits / at_risk if at_risk else 1
            rows.append((group, month, at_risk, exits, survival))
    return pd.DataFrame(rows, columns=["group", "tenure_months", "at_risk", "exits", "survival"])


def naive_spend(engine: Any) -> pd.DataFrame:
    e = naive_enrollments(engine)
    credentials = table(engine, "micro_credential")[["id", "cost", "currency"]]
    e = e.merge(credentials, left_on="credential_id", right_on="id", suffixes=("", "_c"))
    e = e[
        e.assigned_on.between(ts(PERIOD_START), ts(END)) & ~((e.status == "withdrawn") & e.started_on.isna())
    ]
    e = team_then(engine, e, "employee_id", "assigned_on")  # the team the spend was made in
    e["month"] = e.assigned_on.dt.to_period("M")
    e["cost"] = e.cost.astype(float)
    return e.groupby(["team", "month", "currency"], as_index=False).agg(
        enrollments=("cost", "size"), cost=("cost", "sum")
    )


def naive_cost_per_hour(engine: Any) -> pd.DataFrame:
    spend = naive_spend(engine).groupby(["team", "currency"]).cost.sum()
    sessions = team_then(engine, table(engine, "learning_session", ("date",)), "employee_id", "date")
    hours = sessions[sessions.date.between(ts(PERIOD_START), ts(END))].groupby("team").minutes.sum() / 60
    return (spend / hours.reindex(spend.index.get_level_values(0)).values).reset_index()


def naive_cost_per_badge(engine: Any) -> pd.DataFrame:
    spend = naive_spend(engine).groupby(["team", "currency"]).cost.sum()
    badges = table(engine, "badge", ("issued_on",)).merge(
        naive_people(engine)[["id", "team"]], left_on="employee_id", right_on="id"
    )
    badges = badges[
        badges.issued_on.between(ts(PERIOD_START), ts(END)) & ~badges.verification.isin(BADGES_NOT_COUNTED)
    ]
    count = badges.groupby("team").size()
    return (spend / count.reindex(spend.index.get_level_values(0)).values).reset_index()


def naive_pathways(engine: Any) -> pd.DataFrame:
    e = table(engine, "enrollment", ("assigned_on", "completed_on"))
    b = table(engine, "badge", ("issued_on",))
    items = table(engine, "pathway_item").merge(
        table(engine, "micro_credential")[["id", "expected_hours"]], left_on="credential_id", right_on="id"
    )
    sessions = table(engine, "learning_session", ("date",))
    done = pd.concat(
        [
            e[e.completed_on <= ts(AS_OF)][["employee_id", "credential_id"]],
            b[
                b.credential_id.notna()
                & (b.issued_on <= ts(AS_OF))
                & ~b.verification.isin(BADGES_NOT_COUNTED)
            ][["employee_id", "credential_id"]],
        ]
    ).drop_duplicates()
    touched = pd.concat(
        [e[(e.status != "withdrawn") & (e.assigned_on <= ts(AS_OF))][["employee_id", "credential_id"]], done]
    ).drop_duplicates()
    on = touched.merge(items, on="credential_id")[["employee_id", "pathway_id"]].drop_duplicates()
    required = on.merge(items[items.required.astype(bool)], on="pathway_id")
    required = required.merge(done.assign(done=1), on=["employee_id", "credential_id"], how="left")
    progress = required.groupby(["employee_id", "pathway_id"]).agg(
        required=("credential_id", "size"), done=("done", "sum")
    )
    pace_end = calendar.monday_of(AS_OF) - timedelta(days=1)
    recent = sessions[sessions.date.between(ts(pace_end - timedelta(days=55)), ts(pace_end))]
    pace = recent.groupby("employee_id").minutes.sum() / 8
    return progress.join(pace, on="employee_id")


def naive_headline(engine: Any) -> tuple:
    people = naive_people(engine)
    sessions = table(engine, "learning_session", ("date",))
    e = table(engine, "enrollment", ("assigned_on", "due_date"))
    b = table(engine, "badge", ("issued_on", "expires_on"))
    last = calendar.last_full_week(AS_OF)
    active = (
        (people.hire_date <= ts(AS_OF)) & (people.exit_date.isna() | (people.exit_date >= ts(AS_OF)))
    ).sum()
    hours = sessions[sessions.date.between(ts(last.monday), ts(last.sunday))].minutes.sum() / 60
    is_open = e.status.isin(["assigned", "in_progress"]) & (e.assigned_on <= ts(AS_OF))
    earned = (~b.verification.isin(BADGES_NOT_COUNTED) & (b.issued_on <= ts(AS_OF))).sum()
    return (
        int(active),
        float(hours),
        int(is_open.sum()),
        int((is_open & (e.due_date < ts(AS_OF))).sum()),
        int(earned),
    )


# -- the figures, in SQL ------------------------------------------------------------------------


def sql_calls() -> dict[str, Callable[[Session], Any]]:
    period = {"start": PERIOD_START, "end": END}
    return {
        "weekly_learning_minutes[employee]": lambda s: metrics.weekly_learning_minutes(
            s, SCOPE, by="employee", **period
        ),
        "weekly_learning_minutes[team]": lambda s: metrics.weekly_learning_minutes(
            s, SCOPE, by="team", **period
        ),
        "weekly_learning_minutes[org]": lambda s: metrics.weekly_learning_minutes(
            s, SCOPE, by="org", **period
        ),
        "inactive_people": lambda s: metrics.inactive_people(s, SCOPE, weeks=4, as_of=AS_OF),
        "assignment_status_counts": lambda s: metrics.assignment_status_counts(s, SCOPE, as_of=AS_OF),
        "overdue_enrollments": lambda s: metrics.overdue_enrollments(s, SCOPE, as_of=AS_OF),
        "completion_rate": lambda s: metrics.completion_rate(s, SCOPE, by="team", **period),
        "median_days_to_complete": lambda s: metrics.median_days_to_complete(s, SCOPE, by="team", **period),
        "onboarding_completion": lambda s: metrics.onboarding_completion(
            s, SCOPE, hired_from=END - timedelta(days=730), hired_to=END, within_days=30, by="team"
        ),
        "skill_coverage": lambda s: metrics.skill_coverage(s, SCOPE, as_of=AS_OF),
        "team_coverage_index": lambda s: metrics.team_coverage_index(s, SCOPE, as_of=AS_OF),
        "organisation_coverage_index": lambda s: metrics.organisation_coverage_index(s, SCOPE, as_of=AS_OF),
        "organisation_coverage_over_time": lambda s: metrics.organisation_coverage_over_time(
            s, SCOPE, **period
        ),
        "bench_depth": lambda s: metrics.bench_depth(s, SCOPE, as_of=AS_OF),
        "gap_candidates": lambda s: metrics.gap_candidates(s, SCOPE, as_of=AS_OF),
        "skill_gaps": lambda s: metrics.skill_gaps(s, SCOPE, as_of=AS_OF),
        "gap_closing_recommendation": lambda s: metrics.gap_closing_recommendation(s, SCOPE, as_of=AS_OF),
        "retention": lambda s: metrics.retention(
            s, SCOPE, reference_date=calendar.add_months(AS_OF, -12), as_of=AS_OF
        ),
        "survival_by_tenure": lambda s: metrics.survival_by_tenure(
            s, SCOPE, reference_date=calendar.add_months(AS_OF, -12), as_of=AS_OF
        ),
        "spend_by_team_month": lambda s: metrics.spend_by_team_month(s, SCOPE, **period),
        "cost_per_learning_hour": lambda s: metrics.cost_per_learning_hour(s, SCOPE, by="team", **period),
        "cost_per_badge": lambda s: metrics.cost_per_badge(s, SCOPE, by="team", **period),
        "pathway_progress": lambda s: metrics.pathway_progress(s, SCOPE, as_of=AS_OF),
        "headline_figures": lambda s: metrics.headline_figures(s, SCOPE, as_of=AS_OF),
    }


NAIVE: dict[str, Callable[[Any], Any]] = {
    "weekly_learning_minutes[employee]": lambda e: naive_weekly(e, "employee"),
    "weekly_learning_minutes[team]": lambda e: naive_weekly(e, "team"),
    "weekly_learning_minutes[org]": lambda e: naive_weekly(e, "org"),
    "inactive_people": naive_inactive,
    "assignment_status_counts": naive_status_counts,
    "overdue_enrollments": naive_overdue,
    "completion_rate": naive_completion,
    "median_days_to_complete": naive_median_days,
    "onboarding_completion": naive_onboarding,
    "skill_coverage": naive_coverage,
    "team_coverage_index": naive_team_index,
    "organisation_coverage_index": naive_org_index,
    "organisation_coverage_over_time": naive_coverage_over_time,
    "bench_depth": naive_bench,
    "gap_candidates": naive_candidates,
    "skill_gaps": naive_gaps,
    "gap_closing_recommendation": naive_recommendation,
    "retention": naive_retention,
    "survival_by_tenure": naive_survival,
    "spend_by_team_month": naive_spend,
    "cost_per_learning_hour": naive_cost_per_hour,
    "cost_per_badge": naive_cost_per_badge,
    "pathway_progress": naive_pathways,
    "headline_figures": naive_headline,
}


def same_answer(name: str, fast: Any, slow: Any) -> str:
    """Compare the two answers on what both compute; '' when not compared."""
    try:
        if name.startswith("weekly_learning_minutes"):
            return str(len(fast) == len(slow) and int(fast.minutes.sum()) == int(slow.minutes.sum()))
        if name in ("inactive_people", "overdue_enrollments"):
            return str(sorted(fast.employee_code) == sorted(slow.employee_code))
        if name == "skill_coverage":
            return str(math.isclose(fast.coverage.sum(), slow.coverage.sum()) and len(fast) == len(slow))
        if name == "organisation_coverage_index":
            return str(math.isclose(fast, slow))
        if name == "organisation_coverage_over_time":
            return str(all(math.isclose(a, b) for a, b in zip(fast.coverage_index, slow, strict=True)))
        if name == "retention":
            shown = fast.retained.notna().tolist()  # a group under the floor has its figures emptied
            kept = [int(v) for v, ok in zip(fast.retained, shown, strict=True) if ok]
            return str(
                fast.people.tolist() == slow.people.tolist()
                and kept == [int(v) for v, ok in zip(slow.retained, shown, strict=True) if ok]
            )
        if name == "survival_by_tenure":
            return str(fast.at_risk.tolist() == slow.at_risk.tolist())
        if name == "spend_by_team_month":
            return str(math.isclose(fast.cost.sum(), slow.cost.sum()) and len(fast) == len(slow))
        if name == "bench_depth":
            return str(int(fast.people.sum()) == int(slow.sum()))
        if name == "gap_candidates":
            return str(len(fast) == len(slow))
        if name == "skill_gaps":
            return str(len(fast) == len(slow))
        if name == "gap_closing_recommendation":
            return str(int(fast.credential_code.notna().sum()) == slow)
        if name == "assignment_status_counts":
            return str(
                int(fast.total.sum()) == int(slow.total.sum())
                and int(fast.overdue.sum()) == int(slow.overdue.sum())
            )
        if name == "completion_rate":
            return str(int(fast.completed.sum()) == int(slow.completed.sum()))
        if name == "median_days_to_complete":
            return str(sorted(fast.median_days) == sorted(slow.values))
        if name == "onboarding_completion":
            return str(int(fast.completed_within.sum()) == len(slow))
        if name == "team_coverage_index":
            return str(math.isclose(fast.coverage_index.sum(), slow.sum()))
        if name == "pathway_progress":
            return str(len(fast) == len(slow) and int(fast.done.sum()) == int(slow.done.sum()))
        if name == "headline_figures":
            mine = (
                fast.active_employees,
                fast.learning_hours_last_week,
                fast.open_enrollments,
                fast.overdue_enrollments,
                fast.badges_earned,
            )
            return str(mine[0] == slow[0] and math.isclose(mine[1], slow[1]) and mine[2:] == slow[2:])
    except Exception as exc:  # a comparison problem must not hide the timings
        return f"? {type(exc).__name__}"
    return ""


_SESSIONS_IN_PERIOD = (
    "SELECT count(*), sum(minutes) FROM learning_session WHERE date BETWEEN :start AND :end",
    "SELECT count(*), max(hire_date) FROM employee",
)
_ENROLLMENTS = ("SELECT count(*), max(due_date), max(completed_on) FROM enrollment",)
_SKILLS = (
    "SELECT count(*), max(level), max(valid_from) FROM employee_skill",
    "SELECT count(*), max(min_level) FROM team_skill_target",
    "SELECT count(*), max(hire_date) FROM employee",
)
_PEOPLE = ("SELECT count(*), max(hire_date), max(exit_date) FROM employee",)

# The bare scans each figure cannot do with less than (see the module's notes on "floor").
FLOORS: dict[str, tuple[str, ...]] = {
    "weekly_learning_minutes[employee]": _SESSIONS_IN_PERIOD,
    "weekly_learning_minutes[team]": _SESSIONS_IN_PERIOD,
    "weekly_learning_minutes[org]": _SESSIONS_IN_PERIOD,
    "inactive_people": (
        "SELECT count(*), max(date) FROM learning_session WHERE date BETWEEN :window AND :end",
        *_PEOPLE,
    ),
    "assignment_status_counts": _ENROLLMENTS,
    "overdue_enrollments": _ENROLLMENTS,
    "completion_rate": _ENROLLMENTS,
    "median_days_to_complete": _ENROLLMENTS,
    "onboarding_completion": (*_ENROLLMENTS, *_PEOPLE),
    "skill_coverage": _SKILLS,
    "team_coverage_index": _SKILLS,
    "organisation_coverage_index": _SKILLS,
    "organisation_coverage_over_time": _SKILLS,
    "bench_depth": _SKILLS,
    "gap_candidates": _SKILLS,
    "skill_gaps": _SKILLS,
    "gap_closing_recommendation": (*_SKILLS, *_ENROLLMENTS),
    "retention": (*_PEOPLE, *_SESSIONS_IN_PERIOD[:1]),
    "survival_by_tenure": _PEOPLE,
    "spend_by_team_month": (*_ENROLLMENTS, "SELECT count(*), max(cost) FROM micro_credential"),
    "cost_per_learning_hour": (*_ENROLLMENTS, *_SESSIONS_IN_PERIOD[:1]),
    "cost_per_badge": (*_ENROLLMENTS, "SELECT count(*), max(issued_on) FROM badge"),
    "pathway_progress": (*_ENROLLMENTS, "SELECT count(*) FROM pathway_item"),
    "headline_figures": (*_PEOPLE, *_ENROLLMENTS, "SELECT count(*), max(issued_on) FROM badge"),
}


def floor_seconds(session: Session, name: str, repeat: int) -> float:
    """The median time of the figure's bare scans (their sum), on the same session."""
    values = {"start": PERIOD_START, "end": END, "window": END - timedelta(days=27)}

    def scans() -> None:
        for query in FLOORS.get(name, ()):
            session.execute(sa.text(query), {k: v for k, v in values.items() if f":{k}" in query}).all()

    return timed(scans, repeat)[0] if name in FLOORS else math.nan


def load() -> str:
    """The 1-minute load average, printed beside every figure (a shared machine is noisy)."""
    return f"{os.getloadavg()[0]:.1f}"


def timed(call: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, answer = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        answer = call()
        times.append(time.perf_counter() - started)
    return statistics.median(times), answer


def measure(url: str, args: argparse.Namespace) -> list[tuple]:
    engine = make_engine(url)
    rows = []
    try:
        with Session(engine) as session:
            for name, call in sql_calls().items():
                if args.only and not any(part in name for part in args.only):
                    continue
                fast_s, fast = timed(lambda call=call: call(session), args.repeat)
                floor_s = floor_seconds(session, name, args.repeat)
                slow_s, slow, same = math.nan, None, ""
                if name in NAIVE and not args.no_naive:
                    slow_s, slow = timed(lambda name=name: NAIVE[name](engine), 1)
                    same = same_answer(name, fast, slow)
                size = len(fast) if isinstance(fast, pd.DataFrame) else 1
                rows.append((name, fast_s, floor_s, slow_s, size, same))
                over_floor = fast_s / floor_s if floor_s else math.nan
                ratio = slow_s / fast_s if fast_s and not math.isnan(slow_s) else math.nan
                print(
                    f"  {name:<36} {fast_s:8.3f} s  {floor_s:8.3f} s  {over_floor:6.2f}x  {slow_s:8.3f} s  "
                    f"{ratio:7.1f}x  {size:>9,} rows  load {load():>5}  {same}",
                    flush=True,
                )
    finally:
        engine.dispose()
    return rows


def ensure_seeded(url: str, args: argparse.Namespace) -> None:
    engine = make_engine(url)
    try:
        migrate.upgrade(engine)
        with engine.connect() as connection:
            people = connection.execute(sa.text("SELECT count(*) FROM employee")).scalar_one()
        if people:
            print(f"  reusing {people:,} employees already there", flush=True)
            return
        from seed import build_demo_organisation

        started = time.perf_counter()
        counts = build_demo_organisation(
            engine, employees=args.employees, weeks=args.weeks, seed=args.seed, end=END
        )
        print(
            f"  built the demo organisation in {time.perf_counter() - started:.0f} s: "
            f"{counts.get('learning_session', 0):,} learning sessions, {sum(counts.values()):,} rows",
            flush=True,
        )
    finally:
        engine.dispose()


def header() -> None:
    print(
        f"  {'figure':<36} {'SQL':>10}  {'floor':>10}  {'/floor':>7}  {'naive':>10}  {'naive/SQL':>8}  "
        f"{'result':>14}  {'load':>10}  same answer",
        flush=True,
    )


def run_sqlite(args: argparse.Namespace) -> None:
    if args.sqlite_file:
        path = Path(args.sqlite_file)
        print(f"\nSQLite ({path})", flush=True)
        ensure_seeded(f"sqlite:///{path}", args)
        header()
        measure(f"sqlite:///{path}", args)
        return
    with tempfile.TemporaryDirectory(prefix="upskill-metrics-") as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        print("\nSQLite (temporary file)", flush=True)
        ensure_seeded(url, args)
        header()
        measure(url, args)


def run_postgresql(args: argparse.Namespace) -> None:
    schema = args.postgres_schema or f"bench_{uuid.uuid4().hex[:10]}"
    admin = make_engine(args.postgres_url)
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    joiner = "&" if "?" in args.postgres_url else "?"
    url = f"{args.postgres_url}{joiner}options=-csearch_path%3D{schema}"
    print(f"\nPostgreSQL ({describe_url(args.postgres_url)}, schema {schema})", flush=True)
    try:
        ensure_seeded(url, args)
        # Planner statistics, as autovacuum keeps them on a real server (it is off on the test one).
        engine = make_engine(url)
        with engine.begin() as connection:
            connection.execute(sa.text("ANALYZE"))
        engine.dispose()
        print("  ANALYZE run (planner statistics, as autovacuum would keep them)", flush=True)
        header()
        measure(url, args)
    finally:
        if not args.postgres_schema:
            with admin.begin() as connection:
                connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--weeks", type=int, default=104)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    parser.add_argument("--sqlite-file", help="build here if empty, and keep it for the next run")
    parser.add_argument("--postgres-schema", help="build in this schema if empty, and keep it")
    parser.add_argument("--repeat", type=int, default=3, help="SQL runs per figure (the median is shown)")
    parser.add_argument("--only", nargs="*", help="only figures whose name contains one of these")
    parser.add_argument("--no-naive", action="store_true", help="time the SQL only")
    args = parser.parse_args(argv)
    print(
        f"figures on the demo organisation: {args.employees:,} employees x {args.weeks} weeks, "
        f"seed {args.seed}, as of {AS_OF}, period {PERIOD_START} .. {END} (52 weeks)"
    )
    if args.backend in ("sqlite", "both"):
        run_sqlite(args)
    if args.backend in ("postgresql", "both"):
        run_postgresql(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
