"""Person: one person's learning history, enrollments, badges, skills and pathway progress.

HR and admin may open anyone, a lead the people of their teams, an employee only themselves.
"""

import streamlit as st

from data_model import clock
from data_model.metrics import person
from data_model.vocab import OPEN_ENROLLMENT_STATUSES
from ui import db, filters, format, page, person_views, pickers
from ui.enrollments import enrollment_table

reader = page.start("person")
user, scope = reader.user, reader.scope
today = clock.today()

st.title("Person")
if scope.only_self:
    if user.employee_id is None:
        st.info("Your account is not linked to an employee record, so there is nothing to show.")
        st.stop()
    employee_id = user.employee_id
else:
    pick_col, leavers_col = st.columns([3, 1])
    leavers = leavers_col.toggle("Include people who have left", key="person_leavers")
    people = db.cached(person.person_options, scope, as_of=today, include_leavers=leavers)
    if people.empty:
        st.info("There is no one in your teams yet.", icon=":material/info:")
        st.stop()
    labels = pickers.person_labels(people)
    employee_id = pick_col.selectbox(
        "Person", list(labels), format_func=labels.get, placeholder="Type a name", key="person_pick"
    )

profile = db.cached(person.person_profile, scope, employee_id=employee_id)
streak = db.cached(person.target_streak, scope, employee_id=employee_id, as_of=today)
open_enrollments = db.cached(
    person.person_enrollments, scope, employee_id=employee_id, as_of=today, statuses=OPEN_ENROLLMENT_STATUSES
)

st.subheader(format.literal(profile.full_name))
facts = [profile.employee_code, profile.job_role, profile.team, profile.location]
st.caption(
    " · ".join(format.literal(f) for f in facts if f)
    + (f" · manager {format.literal(profile.manager)}" if profile.manager else "")
    + f" · hired {profile.hire_date:%d %b %Y}"
    + (f" · left {profile.exit_date:%d %b %Y}" if profile.exit_date else "")
)
person_views.target_figures(streak, open_enrollments=len(open_enrollments))

learning_tab, enrollments_tab, badges_tab, skills_tab, pathways_tab = st.tabs(
    ["Learning", "Enrollments", "Badges", "Skills", "Pathways"], key="person_tab", on_change="rerun"
)

with learning_tab:
    period = filters.period("person", default="Last 26 weeks", as_of=today)
    weeks = db.cached(
        person.weekly_history, scope, employee_id=employee_id, start=period.start, end=period.end
    )
    sessions = db.cached(
        person.learning_sessions, scope, employee_id=employee_id, start=period.start, end=period.end
    )
    st.caption(f"{period.start:%d %b %Y} to {period.end:%d %b %Y}: {len(sessions)} learning session(s).")
    person_views.learning_history(weeks, sessions, key="person")

with enrollments_tab:
    everything = db.cached(person.person_enrollments, scope, employee_id=employee_id, as_of=today)
    enrollment_table(
        everything.drop(columns=["full_name", "team"]),
        scope=scope,
        key="person_enrollments",
        title="Enrollments",
        can_manage=user.role != "employee",
        today=today,
    )

person_views.badges_skills_pathways(
    (badges_tab, skills_tab, pathways_tab), scope, employee_id=employee_id, today=today, key="person"
)
