"""Weekly learning: hours per ISO week against the target, for the organisation, its teams and people."""

import streamlit as st

from data_model import clock
from data_model.metrics.learning import inactive_people, people_week_page, people_week_table, weekly_overview
from ui import charts, db, filters, format, page, tables

scope = page.start("weekly_learning").scope
today = clock.today()

st.title("Weekly learning")
st.caption(
    "Learning time per ISO week (Monday to Sunday) against each person's weekly target. "
    "A person counts in a week when employed in it; weeks without learning count as 0 h."
)
period_column, team_column = st.columns([3, 2])
with period_column:
    period = filters.period("weekly")
with team_column:
    team = filters.team(scope, "weekly")
chosen = {"start": period.start, "end": period.end, "team": team}

overview = db.cached(weekly_overview, scope, **chosen)  # summary, organisation and teams: one query
summary = overview.summary
inactive = db.cached(inactive_people, scope, weeks=4, as_of=today, team=team)
st.caption(f"{period.start:%d %b %Y} to {period.end:%d %b %Y}: {summary.weeks} complete weeks.")

people, average, share, silent = st.columns(4)
people.metric(f"People counted in {summary.last_week}", format.count(summary.people_last_week))
average.metric(
    "Hours per person per week",
    format.hours(summary.avg_minutes_per_person_week),
    help="All learning time in the period divided by the weeks people were employed.",
)
share.metric(
    f"Meeting target in {summary.last_week}",
    format.percent(summary.share_meeting_target_last_week),
    delta=f"{format.percent(summary.share_meeting_target)} over the period",
    delta_color="off",
    delta_arrow="off",
)
silent.metric("No learning for 4 weeks", format.count(len(inactive)), help=f"As of {today:%d %b %Y}.")

WEEK_COLUMNS = {
    "team": st.column_config.TextColumn("Team"),
    "week": st.column_config.TextColumn("ISO week"),
    "employees": st.column_config.NumberColumn("People counted"),
    "hours": tables.hours_column("Hours logged"),
    "hours_per_person": tables.hours_column("Hours per person"),
    "target_hours": tables.hours_column("Target per person", help="Average target of the people counted"),
    "share_meeting_target": tables.percent_column("Meeting target"),
}
TO_HOURS = {
    "minutes": "hours",
    "avg_minutes_per_employee": "hours_per_person",
    "target_minutes": "target_hours",
}
NOBODY = "No one in your view was employed in these weeks. Choose a longer period or another team."

org_tab, team_tab, people_tab, inactive_tab = st.tabs(
    ["Everyone in view", "Teams", "People", f"No learning for 4 weeks ({len(inactive)})"]
)

with org_tab:
    org = overview.org
    if not org.empty:
        st.markdown("**Hours per person per week, against the target (dashed)**")
        charts.draw(charts.learning_trend, org)
        st.markdown("**Share of people meeting their weekly target**")
        charts.draw(charts.share_meeting_target, org)
    tables.show_table(
        format.with_hours(org, TO_HOURS),
        title="weekly-learning-organisation",
        key="org_weeks",
        column_config=WEEK_COLUMNS,
        empty=NOBODY,
        download_frame=org,
    )

with team_tab:
    teams = overview.teams
    if not teams.empty:
        few = teams["team"].nunique() <= 5  # beyond five, lines tangle: one heatmap row per team
        st.markdown("**Hours per person per week, by team**" + (" (dashed: average target)" if few else ""))
        if few:
            charts.draw(charts.learning_trend, teams, series="team")
        else:
            charts.draw(charts.team_weeks_heatmap, teams)
    tables.show_table(
        format.with_hours(teams, TO_HOURS),
        title="weekly-learning-teams",
        key="team_weeks",
        column_config=WEEK_COLUMNS,
        empty=NOBODY,
        download_frame=teams,
    )

with people_tab:
    # A page of people at a time, read a page at a time: the whole organisation never reaches the
    # browser (the download below has everyone).
    wanted = st.session_state.get("weekly_people_page", 1)
    shown = db.cached(people_week_page, scope, page=wanted, **chosen)
    table = shown.table
    pager, about = st.columns([1, 4], vertical_alignment="bottom")
    if shown.pages > 1:
        st.session_state["weekly_people_page"] = shown.page  # within range after a filter change
        with pager:
            st.number_input(
                f"Page (of {shown.pages:,})",
                min_value=1,
                max_value=shown.pages,
                step=1,
                key="weekly_people_page",
            )
    if not table.empty:
        about.caption(
            f"People {shown.first:,} to {shown.last:,} of the {shown.total:,} counted in these weeks, "
            "by team and name. "
            "A week left empty is one the person was not employed in."
        )
        st.markdown("**Hours per person and week** (hover a cell for the target and whether it was met)")
        charts.draw(charts.people_weeks_heatmap, shown.weeks, person="person")
    week_labels = [c for c in table.columns if "-W" in str(c)]
    tables.show_table(
        format.with_hours(table, {"minutes": "hours", **{w: w for w in week_labels}}),
        title="weekly-learning-people",
        key="people_weeks",
        column_config={
            "employee_code": st.column_config.TextColumn("Code"),
            "full_name": st.column_config.TextColumn("Person"),
            "team": st.column_config.TextColumn("Team"),
            "weeks_counted": st.column_config.NumberColumn("Weeks employed"),
            "weeks_met_target": st.column_config.NumberColumn("Weeks at target"),
            "hours": tables.hours_column("Hours in period"),
            **{w: tables.hours_column(w) for w in week_labels},
        },
        empty=NOBODY,
        download_frame=table,
        download_all=lambda: db.cached(people_week_table, scope, **chosen),
    )

with inactive_tab:
    st.caption(
        "People employed today who logged no learning in the last 28 days, longest silence first "
        "(“None” under Last learning: never logged any). "
        "A short conversation or a small assignment on the Team page often gets them going again."
    )
    tables.show_table(
        inactive,
        title="no-learning-4-weeks",
        key="inactive",
        column_config={
            "employee_code": st.column_config.TextColumn("Code"),
            "full_name": st.column_config.TextColumn("Person"),
            "team": st.column_config.TextColumn("Team"),
            "hire_date": tables.date_column("Hired"),
            "last_learning_date": tables.date_column("Last learning"),
            "days_since_learning": st.column_config.NumberColumn("Days since"),
        },
        empty="Everyone in view logged learning in the last 4 weeks.",
    )
