"""Overview: the signed-in person's headline figures, week on week."""

import streamlit as st

from data_model.metrics.headline import headline_figures
from ui import db, format, page

scope = page.start("overview").scope
figures = db.cached(headline_figures, scope)

st.title("Overview")
st.caption(f"As of {figures.as_of:%A %d %B %Y}. Learning weeks are ISO weeks, Monday to Sunday.")

people, learning, enrollments, badges = st.columns(4)
people.metric("People employed", format.count(figures.active_employees))
learning.metric(
    f"Learning last week ({figures.last_week})",
    format.hours_value(figures.learning_hours_last_week),
    delta=f"{format.hours_change(figures.learning_hours_last_week, figures.learning_hours_week_before)} "
    f"vs {figures.week_before}",
)
enrollments.metric(
    "Open enrollments",
    format.count(figures.open_enrollments),
    delta=f"{figures.overdue_enrollments:,} overdue",
    delta_color="inverse" if figures.overdue_enrollments else "off",
)
badges.metric(
    "Badges earned",
    format.count(figures.badges_earned),
    delta=f"{figures.badges_earned_last_30_days:,} in the last 30 days",
    delta_color="off",
)
if figures.badges_expiring_30_days:
    st.info(
        f"{figures.badges_expiring_30_days:,} badge(s) expire within 30 days.", icon=":material/schedule:"
    )
