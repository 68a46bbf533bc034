"""Team: the lead's roster, assigning learning, onboarding new hires, and following progress."""

from datetime import timedelta

import streamlit as st

from data_model import actions, clock
from data_model.metrics.assignments import enrollment_list, overdue_enrollments
from data_model.metrics.catalog import credential_options
from data_model.metrics.onboarding import onboarding_preview
from data_model.metrics.people import new_hires, team_roster
from ui import db, filters, format, page, pickers, tables
from ui.enrollments import enrollment_table

reader = page.start("team")
user, scope = reader.user, reader.scope
today = clock.today()

st.title("Team")
team = filters.team(scope, "team_page")
roster = db.cached(team_roster, scope, as_of=today, team=team)

people, this_week, open_assignments, overdue = st.columns(4)
people.metric("People", format.count(len(roster)))
this_week.metric("Learning this week", format.hours(roster["minutes_this_week"].sum()))
open_assignments.metric("Open assignments", format.count(int(roster["open_assignments"].sum())))
overdue.metric("Overdue", format.count(int(roster["overdue"].sum())))

roster_tab, assign_tab, onboarding_tab, progress_tab, overdue_tab = st.tabs(
    ["Roster", "Assign learning", "Onboarding", "Assignments", "Overdue"]
)

with roster_tab:
    tables.show_table(
        format.with_hours(
            roster, {"minutes_this_week": "hours_this_week", "minutes_last_4_weeks": "hours_last_4_weeks"}
        ),
        title="team-roster",
        key="roster",
        empty="No one is in this team yet.",
        column_config={
            "employee_id": None,
            "employee_code": st.column_config.TextColumn("Code"),
            "full_name": st.column_config.TextColumn("Person"),
            "team": st.column_config.TextColumn("Team"),
            "job_role": st.column_config.TextColumn("Job role"),
            "hire_date": tables.date_column("Hired"),
            "hours_this_week": tables.hours_column("This week"),
            "hours_last_4_weeks": tables.hours_column("Last 4 weeks"),
            "open_assignments": st.column_config.NumberColumn("Open assignments"),
            "overdue": st.column_config.NumberColumn("Overdue"),
            "valid_badges": st.column_config.NumberColumn("Badges"),
            "skills": st.column_config.NumberColumn("Skills"),
        },
        download_frame=roster.drop(columns=["employee_id"]),
    )

with assign_tab:
    credentials = db.cached(credential_options)
    if roster.empty or credentials.empty:
        st.info(
            "Assigning needs people in the team and micro-credentials in the catalog.", icon=":material/info:"
        )
    else:
        person_labels = pickers.person_labels(roster)
        credential_labels = pickers.credential_labels(credentials)
        with st.form("assign", clear_on_submit=False):
            chosen_people = st.multiselect(
                "People",
                list(person_labels),
                format_func=person_labels.get,
                placeholder="Choose one or more people",
                key="assign_people",
            )
            chosen_credentials = st.multiselect(
                "Micro-credentials",
                list(credential_labels),
                format_func=credential_labels.get,
                placeholder="Choose one or more micro-credentials",
                key="assign_credentials",
            )
            due_col, reason_col = st.columns(2)
            due = due_col.date_input("Due date", value=today + timedelta(days=42), min_value=today)
            reason = reason_col.selectbox(
                "Reason",
                ["skill_gap", "compliance", "onboarding"],
                format_func=lambda r: r.replace("_", " ").capitalize(),
            )
            submitted = st.form_submit_button("Assign", type="primary", icon=":material/assignment_add:")
        if submitted:
            db.write(
                actions.assign_credentials,
                scope,
                employee_ids=chosen_people,
                credential_ids=chosen_credentials,
                due_date=due,
                reason=reason,
                assigned_on=today,
                assigned_by_account_id=user.account_id,
                success=lambda result: (
                    result.summary()
                    + "".join(
                        f"\n- skipped {format.literal(who)}, {format.literal(code)}: {format.literal(why)}"
                        for who, code, why in result.skipped
                    )
                ),
            )

with onboarding_tab:
    hires = db.cached(new_hires, scope, as_of=today, within_days=90, team=team)
    waiting = hires[hires["onboarding_assigned"] == 0]
    st.caption(
        "People hired in the last 90 days. Applying the plan assigns the onboarding micro-credentials "
        "of their job role and team, due a set number of days after the hire date."
    )
    tables.show_table(
        hires.drop(columns=["employee_id"]),
        title="new-hires",
        key="new_hires",
        empty="No one joined in the last 90 days.",
        column_config={
            "employee_code": "Code",
            "full_name": "Person",
            "team": "Team",
            "job_role": "Job role",
            "hire_date": tables.date_column("Hired"),
            "onboarding_assigned": "Onboarding assigned",
        },
    )
    if not waiting.empty:
        preview = db.run(onboarding_preview, scope, employee_ids=waiting["employee_id"].tolist(), as_of=today)
        st.markdown("**What applying the plan does**")
        tables.show_table(
            preview.drop(columns=["employee_id", "employee_code", "credential_id", "required"]).assign(
                why_not=preview["why_not"].fillna(""),
                credential=preview["credential"].fillna(""),
                title=preview["title"].fillna(""),
                plan=preview["plan"].fillna(""),
                due_date=[
                    str(d) if ok else ""
                    for d, ok in zip(preview["due_date"], preview["assigned"], strict=True)
                ],
            ),
            title="onboarding-preview",
            key="onboarding_preview",
            column_config={
                "full_name": "Person",
                "credential": "Credential",
                "title": "Title",
                "plan": "From the plan",
                "due_date": "Due",
                "assigned": "Will be assigned",
                "why_not": "Why not",
            },
        )
    to_assign = int(preview["assigned"].sum()) if not waiting.empty else 0
    if not waiting.empty and st.button(
        f"Apply the onboarding plans: {to_assign} assignment(s) for {len(waiting)} new hire(s)",
        disabled=to_assign == 0,
        type="primary",
        icon=":material/rocket_launch:",
    ):
        db.write(
            actions.apply_onboarding_plan,
            scope,
            employee_ids=waiting["employee_id"].tolist(),
            assigned_on=today,
            assigned_by_account_id=user.account_id,
            success=lambda result: "Onboarding: " + result.summary(),
        )

with progress_tab:
    enrollments = db.cached(enrollment_list, scope, as_of=today, team=team)
    enrollment_table(
        enrollments, scope=scope, key="team_enrollments", title="Assignments", can_manage=True, today=today
    )

with overdue_tab:
    tables.show_table(
        db.cached(overdue_enrollments, scope, as_of=today, team=team),
        title="overdue",
        key="overdue",
        empty="Nothing is overdue.",
        column_config={"assigned_on": tables.date_column("Assigned"), "due_date": tables.date_column("Due")},
    )
