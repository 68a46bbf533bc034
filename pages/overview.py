"""Overview: the signed-in person's headline figures, week on week."""

import streamlit as st

from data_model.metrics.assignments import assignment_status_counts, overdue_enrollments
from data_model.metrics.badges import badges_expiring
from data_model.metrics.summaries import headline_figures, setup_checklist, teams_under_target
from ui import db, format, page, tables
from ui.navigation import PAGES

scope = page.start("overview").scope
figures = db.cached(headline_figures, scope)

st.title("Overview")
steps = db.run(setup_checklist, scope)
if steps and not all(step.done for step in steps):
    with st.container(border=True):
        done = sum(step.done for step in steps)
        st.markdown(f"**Set up Upskill for your organisation** ({done} of {len(steps)} done)")
        for step in steps:
            mark = ":material/check_circle:" if step.done else ":material/radio_button_unchecked:"
            if step.done:
                st.markdown(f"{mark} ~~{step.label}~~")
            else:
                st.page_link(PAGES[step.page].path, label=step.label, icon=mark)
st.caption(f"As of {figures.as_of:%A %d %B %Y}. Learning weeks are ISO weeks, Monday to Sunday.")

# On an empty organisation a "+0.0 h" arrow would claim a change that is not there.
anyone = figures.active_employees > 0
people, learning, enrollments, badges = st.columns(4)
people.metric("People employed", format.count(figures.active_employees))
learning.metric(
    f"Learning last week ({figures.last_week})",
    format.hours_value(figures.learning_hours_last_week),
    delta=(
        f"{format.hours_change(figures.learning_hours_last_week, figures.learning_hours_week_before)} "
        f"vs {figures.week_before}"
        if anyone
        else None
    ),
)
enrollments.metric(
    "Open enrollments",
    format.count(figures.open_enrollments),
    delta=f"{figures.overdue_enrollments:,} overdue" if anyone else None,
    delta_color="inverse" if figures.overdue_enrollments else "off",
)
badges.metric(
    "Badges earned",
    format.count(figures.badges_earned),
    delta=f"{figures.badges_earned_last_30_days:,} in the last 30 days" if anyone else None,
    delta_color="off",
)

st.subheader("Needs attention")
overdue_col, teams_col, badges_col = st.columns(3)
with overdue_col:
    st.markdown("**Overdue assignments**")
    if scope.can_see_individuals:
        overdue = db.cached(overdue_enrollments, scope, as_of=figures.as_of)
        tables.show_table(
            overdue[["full_name", "credential_title", "due_date", "days_overdue"]],
            title="overdue-assignments",
            key="overview_overdue",
            empty="Nothing is overdue.",
            column_config={
                "full_name": "Person",
                "credential_title": "Micro-credential",
                "due_date": tables.date_column("Due"),
                "days_overdue": "Days late",
            },
            height=280,
        )
    else:
        counts = db.cached(assignment_status_counts, scope, as_of=figures.as_of, by="team")
        tables.show_table(
            counts[["team", "people", "overdue", "suppressed"]],
            title="overdue-by-team",
            key="overview_overdue_teams",
            empty="Nothing is overdue.",
            column_config={
                "team": "Team",
                "people": "People enrolled",
                "overdue": "Overdue",
                "suppressed": "Note",
            },
            height=280,
        )
with teams_col:
    st.markdown("**Teams under target last week**", help="Fewer than half the team met their weekly target.")
    if scope.only_self:
        st.caption("Team figures are for leads, HR and executives.")
    else:
        under = db.cached(teams_under_target, scope, as_of=figures.as_of)
        tables.show_table(
            under[["team", "employees", "share_meeting_target"]],
            title="teams-under-target",
            key="overview_teams_under",
            empty=(
                "Every team had at least half its people at target."
                if figures.active_employees
                else "No one is employed yet: import people on the Data page to see team figures."
            ),
            column_config={
                "team": "Team",
                "employees": "People",
                "share_meeting_target": st.column_config.NumberColumn("Met target", format="percent"),
            },
            height=280,
        )
with badges_col:
    st.markdown("**Badges expiring within 30 days**")
    expiring = db.cached(badges_expiring, scope, as_of=figures.as_of)
    tables.show_table(
        expiring,
        title="badges-expiring",
        key="overview_expiring",
        empty="No badge expires in the next 30 days.",
        column_config={
            "full_name": "Person",
            "team": "Team",
            "badge": "Badge",
            "people": "People",
            "badges": "Badges",
            "expires_on": tables.date_column("Expires"),
            "suppressed": "Note",
        },
        height=280,
    )
