"""Onboarding plans and automatic rules: what a new hire gets, in order and by when, and what assigns itself.

Admin and HR define, change and retire plans here, and switch the rules on and off (new hires get
their plans as they arrive, a team move gets the new team's plans, a credential is assigned again
before its badge expires). A lead applies plans by hand from the Team page, after a preview.
"""

import pandas as pd
import streamlit as st

from data_model.actions import PlanDraft, PlanItem, save_onboarding_plan, set_plan_active
from data_model.metrics.onboarding import onboarding_plans, plan_choices
from ui import db, format, page, tables
from ui.rules_form import rules_tab

reader = page.start("onboarding")
scope = reader.scope

st.title("Onboarding plans")
plans_tab, automatic_tab = st.tabs(["Plans", "Automatic rules"])
plans_tab.caption(
    "A plan is for a job role, a team, or both. A new hire gets every active plan that fits them: "
    "their role's, their team's, and the one for both. Due dates count from the hire date."
)

with plans_tab:
    plans = db.run(onboarding_plans, scope, include_retired=True)
    choices = db.run(plan_choices, scope)
    NEW = 0
    names = {
        int(i): n for i, n in plans.drop_duplicates("plan_id")[["plan_id", "plan"]].itertuples(index=False)
    }
    tables.show_table(
        plans.drop(columns=["plan_id"]).assign(
            job_role=plans["job_role"].fillna("any"),
            team=plans["team"].fillna("any"),
            credential=plans["credential"].fillna(""),
            title=plans["title"].fillna(""),
        ),
        title="onboarding-plans",
        key="plans",
        empty="No onboarding plan yet: create the first one below.",
        column_config={
            "plan": "Plan",
            "job_role": "Job role",
            "team": "Team",
            "active": "Active",
            "position": "Order",
            "credential": "Credential",
            "title": "Title",
            "due_days_after_hire": st.column_config.NumberColumn("Due (days after hire)"),
            "required": "Required",
        },
    )

    st.subheader("Create or change a plan")
    chosen = st.selectbox(
        "Plan",
        [NEW, *names],
        format_func=lambda i: "A new plan" if i == NEW else names[i],
        key="plan_chosen",
    )
    rows = plans[plans["plan_id"] == chosen] if chosen != NEW else plans.iloc[0:0]
    first = rows.iloc[0] if not rows.empty else None
    role_ids = [None, *choices.job_roles]
    team_ids = [None, *choices.teams]
    by_title = {v: k for k, v in choices.job_roles.items()}
    by_name = {v: k for k, v in choices.teams.items()}
    by_code = {label.split(":", 1)[0]: i for i, label in choices.credentials.items()}

    role_now = by_title.get(first["job_role"]) if first is not None and first["job_role"] else None
    team_now = by_name.get(first["team"]) if first is not None and first["team"] else None
    codes_now = rows["credential"].dropna().tolist()

    with st.form(f"plan_form_{chosen}"):
        name = st.text_input("Name", value="" if first is None else first["plan"])
        role_col, team_col = st.columns(2)
        role_id = role_col.selectbox(
            "For the job role",
            role_ids,
            index=role_ids.index(by_title.get(first["job_role"]))
            if first is not None and first["job_role"]
            else 0,
            format_func=lambda i: "Any job role" if i is None else choices.job_roles[i],
        )
        team_id = team_col.selectbox(
            "In the team",
            team_ids,
            index=team_ids.index(team_now),
            format_func=lambda i: "Any team" if i is None else choices.teams[i],
        )
        items = pd.DataFrame(
            {
                "credential": [
                    choices.credentials.get(by_code.get(c, -1), c) for c in rows["credential"].dropna()
                ],
                "due_days_after_hire": rows["due_days_after_hire"].dropna().astype(int).tolist(),
                "required": rows["required"].dropna().astype(bool).tolist(),
            }
        ).astype({"credential": "object", "due_days_after_hire": "int64", "required": "bool"})
        st.caption("Credentials in the order a new hire takes them. Add a row with the + under the table.")
        edited = st.data_editor(
            items,
            num_rows="dynamic",
            hide_index=True,
            width="stretch",
            column_config={
                "credential": st.column_config.SelectboxColumn(
                    "Credential", options=list(choices.credentials.values()), required=True
                ),
                "due_days_after_hire": st.column_config.NumberColumn(
                    "Due (days after hire)", min_value=0, max_value=3650, step=1, default=30, required=True
                ),
                "required": st.column_config.CheckboxColumn("Required", default=True),
            },
            key=f"plan_items_{chosen}",
        )
        saved = st.form_submit_button("Save the plan", type="primary", icon=":material/save:")

    if saved:
        by_label = {label: i for i, label in choices.credentials.items()}
        draft = PlanDraft(
            name=name,
            job_role_id=role_id,
            team_id=team_id,
            items=[
                PlanItem(by_label[row.credential], int(row.due_days_after_hire), bool(row.required))
                for row in edited.dropna(subset=["credential"]).itertuples()
                if row.credential in by_label
            ],
        )
        db.write(
            save_onboarding_plan,
            scope,
            draft=draft,
            plan_id=None if chosen == NEW else int(chosen),
            success=f"Onboarding plan {format.literal(name.strip())} saved.",
        )

    if first is not None:
        active = bool(first["active"])
        if st.button("Retire this plan" if active else "Bring this plan back", key="plan_active"):
            db.write(
                set_plan_active,
                scope,
                plan_id=int(chosen),
                active=not active,
                success=f"Onboarding plan {format.literal(first['plan'])} "
                + ("retired: it assigns nothing more." if active else "is active again."),
            )

with automatic_tab:
    rules_tab(scope, plan_names=names, credentials=choices.credentials)
