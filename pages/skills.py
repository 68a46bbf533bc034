"""Skills: how well each team covers its skill targets, bench depth, the gaps, and what would close them."""

import streamlit as st

from data_model import actions, clock
from data_model.metrics import recommendations, skills
from data_model.metrics.skill_overview import skills_overview
from ui import charts, db, filters, format, page, tables

reader = page.start("skills")
user, scope = reader.user, reader.scope
today = clock.today()
individuals = scope.can_see_individuals

st.title("Skills")
st.caption(
    "Coverage of a target = people in the team at or above its level ÷ people the target needs "
    "(at most 100 %). Levels: 1 Awareness, 2 Foundation, 3 Practitioner, 4 Advanced, 5 Expert."
)
if not individuals:
    st.caption("Aggregated figures: teams of fewer than 5 people read “too few to show”.")
team = filters.team(scope, "skills")
overview = db.cached(skills_overview, scope, as_of=today, team=team)  # coverage read once for every tab
coverage, team_index, index = overview.coverage, overview.team_index, overview.index

overall, targets, teams = st.columns(3)
overall.metric(
    "Coverage index",
    format.percent(index),
    help="The mean coverage over every skill target in view; each target weighs the same.",
)
targets.metric("Skill targets", format.count(len(coverage)))
teams.metric("Teams with targets", format.count(len(team_index)))

NO_TARGETS = "No skill targets in view yet. HR or a lead sets them per team on the Data page (targets file)."
LABELS = {
    "team": st.column_config.TextColumn("Team"),
    "skill": st.column_config.TextColumn("Skill"),
    "min_level": st.column_config.NumberColumn("Min level"),
    "required_headcount": st.column_config.NumberColumn("People needed"),
    "team_size": st.column_config.NumberColumn("Team size"),
    "people_at_level": st.column_config.TextColumn("At level"),
    "coverage": st.column_config.TextColumn("Coverage"),
    "people_missing": st.column_config.TextColumn("Missing"),
    "priority": st.column_config.TextColumn("Priority"),
    "target_date": tables.date_column("Target date"),
}

coverage_tab, bench_tab, gaps_tab, plan_tab = st.tabs(["Coverage", "Bench depth", "Gaps", "Close the gaps"])

with coverage_tab:
    if not coverage.empty:
        st.markdown("**Coverage of each team's skill targets**")
        charts.draw(charts.private_coverage_heatmap, coverage)
    tables.show_table(
        format.readable(coverage, percent=("coverage",), counts=("people_at_level", "people_missing")),
        title="skill-coverage",
        key="coverage",
        column_config=LABELS,
        empty=NO_TARGETS,
        download_frame=coverage,
    )
    st.markdown("**Coverage index per team** (mean coverage of the team's targets)")
    tables.show_table(
        format.readable(team_index, percent=("coverage_index",), counts=("targets_met",)),
        title="team-coverage-index",
        key="team_index",
        column_config={
            **LABELS,
            "targets": st.column_config.NumberColumn("Targets"),
            "targets_met": st.column_config.TextColumn("Targets met"),
            "coverage_index": st.column_config.TextColumn("Coverage index"),
        },
        empty=NO_TARGETS,
        download_frame=team_index,
    )

with bench_tab:
    bench = db.cached(skills.bench_depth_in_view, scope, as_of=today, team=team)
    st.caption("People at level 4 (Advanced) or above in each skill: who could teach or stand in.")
    held = bench[bench["people"].fillna(0) > 0]
    if not held.empty:
        charts.draw(
            charts.count_bars,
            held,
            category="skill",
            value="people",
            category_title="Skill",
            value_title="People at level 4+",
        )
    tables.show_table(
        format.readable(bench, counts=("people",)),
        title="bench-depth",
        key="bench",
        column_config={**LABELS, "category": "Category", "people": "People at level 4+"},
        empty="No skills in the catalog yet. Add them on the Data page.",
    )

with gaps_tab:
    gaps = overview.gaps
    st.caption(
        "Targets not yet met: how many more people need the level"
        + (", and who is closest." if individuals else ".")
    )
    tables.show_table(
        format.readable(gaps, counts=("people_at_level", "people_missing")),
        title="skill-gaps",
        key="gaps",
        column_config={
            **LABELS,
            "closest_people": st.column_config.TextColumn("Closest people") if individuals else None,
        },
        empty="Every skill target in view is met." if not coverage.empty else NO_TARGETS,
        download_frame=gaps.drop(columns=[] if individuals else ["closest_people"]),
    )


def planned_message(outcomes: list[tuple[recommendations.PlannedAssignment, str | None]]) -> str:
    lines = [
        f"- {format.literal(item.full_name)}: {format.literal(item.credential_code)}, "
        + (f"due {item.due_date:%d %b %Y}" if why is None else f"skipped: {format.literal(why)}")
        for item, why in outcomes
    ]
    return "Assigned for skill gaps (reason: skill gap):\n" + "\n".join(lines)


PLAN_ORDER = ["team", "full_name", "credential_title", "skills", "due_date", "cost", "expected_hours"]
PLAN_ORDER += ["people", "already_enrolled", "note", "credential_code"]

with plan_tab:
    plan = overview.plan
    st.caption(
        "The cheapest set of micro-credentials found that would close the open targets"
        + (", and who should take each one." if individuals else ", counted per team (no names).")
        + " Due date: the target's date, or 60 days from today when it has none or it has passed."
    )
    tables.show_table(
        format.readable(plan, money=("cost",), counts=("people",))[
            [c for c in PLAN_ORDER if c in plan.columns]
        ],
        title="gap-closing-recommendation",
        key="plan",
        column_config={
            "team": st.column_config.TextColumn("Team"),
            "full_name": st.column_config.TextColumn("Person") if individuals else None,
            "credential_code": st.column_config.TextColumn("Code"),
            "credential_title": st.column_config.TextColumn("Micro-credential"),
            "skills": st.column_config.TextColumn("Closes"),
            "people": st.column_config.TextColumn("People") if not individuals else None,
            "cost": st.column_config.TextColumn("Cost"),
            "expected_hours": st.column_config.NumberColumn("Hours", format="%.0f h"),
            "already_enrolled": st.column_config.CheckboxColumn("Already enrolled") if individuals else None,
            "note": st.column_config.TextColumn("Note"),
            "due_date": tables.date_column("Due"),
        },
        empty="Nothing to recommend: every skill target in view is met.",
        download_frame=plan.drop(columns=[c for c in ("employee_id", "credential_id") if c in plan.columns]),
    )
    todo = recommendations.assignments_to_make(plan)
    if user.role not in actions.MANAGING_ROLES:
        st.caption("Leads and HR assign these from this page.")
    elif todo and st.button(
        f"Assign these {len(todo)} micro-credential(s)"
        + (f" across {plan['team'].nunique()} teams" if plan["team"].nunique() > 1 else ""),
        key="assign_plan",
        type="primary",
        icon=":material/assignment_add:",
    ):
        db.write(
            actions.assign_planned,
            scope,
            todo=todo,
            on=today,
            by=user.account_id,
            success=lambda outcomes: (
                "Assigned for skill gaps (reason: skill gap):\n"
                + "\n".join(
                    f"- {format.literal(item.full_name)}: {format.literal(item.credential_code)}, "
                    + (
                        f"due {item.due_date:%d %b %Y}"
                        if skipped is None
                        else f"skipped: {format.literal(skipped)}"
                    )
                    for item, skipped in outcomes
                )
            ),
        )
    elif not todo and not plan.empty:
        st.caption("Everyone in this plan is already enrolled.")
