"""Accounts: who may sign in and as what, and the audit log of every change (admin and HR).

Invite a person by email with a role (a lead with the teams they lead), change a role, deactivate
or reactivate, reset a local password (a new one is shown once), and read who changed what. An
account links itself to the employee with the same email, whichever of the two came first.
HR manages every account but admins; a change takes effect at the person's next click.
"""

import streamlit as st

from data_model.accounts import role_label
from data_model.actions.accounts import (
    change_role,
    invite_account,
    reset_password,
    set_account_active,
    set_lead_teams,
)
from data_model.metrics.accounts import account_list, audit_actions, audit_log, team_options
from data_model.vocab import ROLES
from ui import db, format, page, tables

reader = page.start("accounts")
scope = reader.scope
roles = [r for r in ROLES if scope.role == "admin" or r != "admin"]

st.title("Accounts")
accounts_tab, audit_tab = st.tabs(["Accounts", "Audit log"])

with accounts_tab:
    accounts = db.run(account_list, scope)
    teams = db.run(team_options, scope)
    shown = accounts.drop(columns=["account_id"]).assign(
        role=accounts["role"].map(role_label),
        last_sign_in_at=format.moments(accounts["last_sign_in_at"], missing="never"),
        locked_until=format.moments(accounts["locked_until"], missing=""),
    )
    tables.show_table(
        shown,
        title="accounts",
        key="accounts",
        empty="No accounts yet: invite the first one below.",
        column_config={
            "email": "Email",
            "role": "Role",
            "active": "Active",
            "person": st.column_config.TextColumn(
                "Person", help="The employee with this email, once one exists"
            ),
            "teams_led": "Teams led",
            "sign_in": "Signs in with",
            "last_sign_in_at": "Last sign-in (UTC)",
            "locked_until": "Locked until (UTC)",
        },
    )

    st.subheader("Invite someone")
    with st.form("invite", clear_on_submit=True):
        email_col, role_col = st.columns(2)
        email = email_col.text_input("Email", placeholder="name@company.example")
        role = role_col.selectbox("Role", roles, index=roles.index("employee"), format_func=role_label)
        lead_of = st.multiselect(
            "Teams they lead (leads only)", list(teams), format_func=teams.get, placeholder="Choose teams"
        )
        with_password = st.checkbox(
            "Give a password (shown once here)",
            value=True,
            help="Leave unticked when everyone signs in with the organisation's single sign-on.",
        )
        invited = st.form_submit_button("Invite", type="primary", icon=":material/person_add:")
    if invited:
        db.write(
            invite_account,
            scope,
            email=email,
            role=role,
            lead_team_ids=lead_of if role == "lead" else [],
            generate_password=with_password,
            success=lambda result: (
                f"Account created for {format.literal(result.email)}."
                + (
                    f" Their password, shown only now: `{result.password}`"
                    if result.password
                    else " They sign in with single sign-on."
                )
            ),
        )

    if not accounts.empty:
        st.subheader("Change an account")
        by_id = accounts.set_index("account_id")
        chosen = st.selectbox(
            "Account",
            by_id.index.tolist(),
            format_func=lambda i: f"{by_id.at[i, 'email']} ({role_label(by_id.at[i, 'role'])})",
            key="account_chosen",
        )
        current = by_id.loc[chosen]
        manageable = scope.role == "admin" or current["role"] != "admin"
        if not manageable:
            st.info("Only an admin can change an admin account.", icon=":material/lock:")
        else:
            role_col, state_col, password_col = st.columns(3)
            new_role = role_col.selectbox(
                "Role", roles, index=roles.index(current["role"]), format_func=role_label, key="account_role"
            )
            if role_col.button(
                "Change role", disabled=new_role == current["role"], key="account_change_role"
            ):
                db.write(
                    change_role,
                    scope,
                    account_id=int(chosen),
                    role=new_role,
                    success=f"{format.literal(current['email'])} is now {role_label(new_role)}.",
                )
            active = bool(current["active"])
            if state_col.button("Deactivate" if active else "Reactivate", key="account_active"):
                db.write(
                    set_account_active,
                    scope,
                    account_id=int(chosen),
                    active=not active,
                    success=f"{format.literal(current['email'])} is "
                    + ("deactivated: refused from their next click." if active else "active again."),
                )
            if password_col.button("Reset password", key="account_reset"):
                db.write(
                    reset_password,
                    scope,
                    account_id=int(chosen),
                    success=lambda password: (
                        f"New password for {format.literal(current['email'])}, shown only now: `{password}`"
                    ),
                )
            if current["role"] == "lead":
                led_now = [i for i, name in teams.items() if name in current["teams_led"].split(", ")]
                led = st.multiselect(
                    "Teams they lead",
                    list(teams),
                    default=led_now,
                    format_func=teams.get,
                    key="account_teams",
                )
                if st.button("Save teams", disabled=sorted(led) == sorted(led_now), key="account_save_teams"):
                    db.write(
                        set_lead_teams,
                        scope,
                        account_id=int(chosen),
                        team_ids=led,
                        success=f"{format.literal(current['email'])} leads {len(led)} team(s).",
                    )

with audit_tab:
    # Empty dates mean the whole log: the newest changes are what people look for first.
    from_col, to_col, actor_col, action_col = st.columns(4)
    start = from_col.date_input("From", value=None, key="audit_from", format="YYYY-MM-DD")
    end = to_col.date_input("To", value=None, key="audit_to", format="YYYY-MM-DD")
    actor = actor_col.text_input("Who (part of the email)", key="audit_actor")
    kinds = ["Every change", *db.run(audit_actions, scope)]
    kind = action_col.selectbox("Change", kinds, format_func=format.change_label, key="audit_action")
    log = db.run(
        audit_log,
        scope,
        start=start,
        end=end,
        actor=actor or None,
        action=None if kind == kinds[0] else kind,
    )
    st.caption(f"{format.count(len(log))} change(s), newest first (at most 5,000).")
    tables.show_table(
        log.assign(
            at=format.moments(log["at"], missing="", seconds=True),
            action=log["action"].map(format.change_label),
            entity=log["entity"].str.replace("_", " ").str.capitalize(),
            before=log["before"].fillna(""),
            after=log["after"].fillna(""),
        ),
        download_frame=log,
        title="audit-log",
        key="audit_log",
        empty="No change matches these filters.",
        column_config={
            "at": "When (UTC)",
            "actor": "Who",
            "action": "Change",
            "entity": "What",
            "entity_id": "Id",
            "before": "Before",
            "after": "After",
        },
    )
