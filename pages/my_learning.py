"""My learning: log learning time, enrol myself, and see my target, streak, enrollments, badges and skills.

For anyone whose account is linked to an employee. Everything here reads and writes as that
person alone (their own scope), whatever their role.
"""

import streamlit as st

from data_model import actions, clock
from data_model.metrics import person
from data_model.metrics.catalog import credential_options
from data_model.vocab import OPEN_ENROLLMENT_STATUSES
from ui import db, filters, format, page, person_views, pickers
from ui.enrollments import enrollment_table

reader = page.start("my_learning")
me = reader.own_scope
today = clock.today()

st.title("My learning")
if me is None:
    st.info(
        "Your account is not linked to an employee record, so there is no learning of yours to log or "
        "show. Ask HR or an admin to link it: the account and the employee record need the same email.",
        icon=":material/link_off:",
    )
    st.stop()
employee_id = me.employee_id

streak = db.cached(person.target_streak, me, employee_id=employee_id, as_of=today)
open_enrollments = db.cached(
    person.person_enrollments, me, employee_id=employee_id, as_of=today, statuses=OPEN_ENROLLMENT_STATUSES
)
credentials = db.cached(credential_options)
credential_labels = pickers.credential_labels(credentials)
titles = dict(zip(credentials["id"], credentials["title"], strict=True))

person_views.target_figures(streak, open_enrollments=len(open_enrollments))

log_col, enrol_col = st.columns(2, gap="large")
with log_col, st.container(border=True):
    st.markdown("**Log learning time**")
    unit = (
        st.segmented_control("Enter time in", ["hours", "minutes"], default="hours", key="log_unit")
        or "hours"
    )
    with st.form("log_learning", clear_on_submit=True, border=False):
        day_col, amount_col = st.columns(2)
        day = day_col.date_input("Day", value=today, max_value=today, key="log_day")
        amount = amount_col.number_input(
            f"Time ({unit})",
            min_value=0.1 if unit == "hours" else 1.0,
            max_value=24.0 if unit == "hours" else 1440.0,
            value=1.0 if unit == "hours" else 30.0,
            step=0.5 if unit == "hours" else 5.0,
            format="%.1f" if unit == "hours" else "%.0f",
            key="log_amount",
        )
        credential_id = st.selectbox(
            "For a micro-credential (optional)",
            [None, *credential_labels],
            format_func=lambda i: "— not for a micro-credential —" if i is None else credential_labels[i],
            key="log_credential",
        )
        note = st.text_input(
            "Note (optional)", max_chars=500, placeholder="What did you learn?", key="log_note"
        )
        logged = st.form_submit_button(
            "Log time", type="primary", icon=":material/more_time:", key="log_submit"
        )
    if logged:
        minutes = format.to_minutes(amount, unit)
        db.write(
            actions.log_learning,
            me,
            entry=actions.LearningEntry(
                employee_id=employee_id,
                on=day,
                minutes=minutes,
                credential_id=credential_id,
                note=note or None,
            ),
            today=today,
            success=f"Logged {format.hours(minutes)} ({minutes} minutes) on {day:%A %d %B %Y}.",
        )

with enrol_col, st.container(border=True):
    st.markdown("**Enrol myself on a micro-credential**")
    with st.form("enrol_self", border=False):
        chosen = st.selectbox(
            "Micro-credential",
            list(credential_labels),
            index=None,
            format_func=credential_labels.get,
            placeholder="Search the catalog",
            key="enrol_credential",
        )
        due = st.date_input(
            "I aim to finish by (optional)", value=None, min_value=today, key="enrol_due", format="YYYY-MM-DD"
        )
        enrolled = st.form_submit_button(
            "Enrol me", type="primary", icon=":material/school:", key="enrol_submit"
        )
    st.caption("What each one teaches, and the pathways it belongs to, is on the Catalog page.")
    if enrolled:
        if chosen is None:
            st.error("Choose a micro-credential first.")
        else:
            db.write(
                actions.enrol_self,
                me,
                credential_id=chosen,
                on=today,
                due_date=due,
                success=f"Enrolled you on {format.literal(titles[chosen])}.",
            )

enrollments_tab, time_tab, badges_tab, skills_tab, pathways_tab = st.tabs(
    ["My enrollments", "My learning time", "My badges", "My skills", "My pathways"],
    key="my_tab",
    on_change="rerun",
)
with enrollments_tab:
    if open_enrollments.empty:
        st.info("Nothing open. Enrol yourself above, or browse the Catalog.", icon=":material/info:")
    else:
        enrollment_table(
            open_enrollments.drop(columns=["full_name", "team"]),
            scope=me,
            key="my_enrollments",
            title="My enrollments",
            can_manage=False,
            today=today,
        )
with time_tab:
    recent = filters.recent_weeks(13, as_of=today)
    weeks = db.cached(person.weekly_history, me, employee_id=employee_id, start=recent.start, end=recent.end)
    sessions = db.cached(
        person.learning_sessions, me, employee_id=employee_id, start=recent.start, end=recent.end
    )
    st.caption("This week and the 12 weeks before it.")
    person_views.learning_history(weeks, sessions, key="my", running_week=streak.this_week)
person_views.badges_skills_pathways(
    (badges_tab, skills_tab, pathways_tab), me, employee_id=employee_id, today=today, key="my"
)
