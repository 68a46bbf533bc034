"""The automatic assignment rules for admin and HR: list, add, switch on and off, dry-run.

Drawn in the Onboarding plans page's "Automatic rules" tab; kept here so the page stays a page.
"""

from __future__ import annotations

import streamlit as st

from data_model import clock
from data_model.access import Scope
from data_model.actions.rules import RuleDraft, save_rule, set_rule_active
from data_model.metrics.rules import assignment_rules, recertification_dry_run

from . import db, format, tables

RULE_KINDS = {
    "new_hire": "New hires get their onboarding plans",
    "team_change": "A person who changes team gets the new team's plans",
    "recertify": "Assign a credential again before its badge expires",
}


def rules_tab(scope: Scope, *, plan_names: dict[int, str], credentials: dict[int, str]) -> None:
    """The rules with what each has assigned, a form to add one, the switch, the dry run."""
    rules = db.run(assignment_rules, scope)
    st.caption(
        "Rules run by themselves: new hires and team moves inside the HRIS import that brings them, "
        "recertification when `upskill rules run` is scheduled (daily, say). Every assignment a rule "
        "makes names the rule in the audit log."
    )
    tables.show_table(
        rules.drop(columns=["rule_id"]).assign(
            kind=rules["kind"].map(RULE_KINDS),
            plan=rules["plan"].fillna("their plans"),
            credential=rules["credential"].fillna(""),
            days_before=rules["days_before"].astype("string").fillna(""),
        ),
        title="assignment-rules",
        key="rules",
        empty="No rule yet: nothing is assigned automatically. Add one below.",
        column_config={
            "name": "Rule",
            "kind": "What it does",
            "plan": "Plan",
            "credential": "Credential",
            "days_before": "Days before expiry",
            "due_days": "Due (days)",
            "active": "On",
            "assigned": "Assigned so far",
        },
    )
    if not rules.empty:
        names = dict(zip(rules["rule_id"].astype(int), rules["name"].astype(str), strict=True))
        active = dict(zip(rules["rule_id"].astype(int), rules["active"].astype(bool), strict=True))
        rule_id: int = (
            st.selectbox("Rule", list(names), format_func=lambda i: names[i], key="rule_chosen") or 0
        )
        on = active.get(rule_id, False)
        if st.button("Switch off" if on else "Switch on", key="rule_active"):
            db.write(
                set_rule_active,
                scope,
                rule_id=rule_id,
                active=not on,
                success=f"{format.literal(names.get(rule_id))} is switched {'off' if on else 'on'}.",
            )

    st.subheader("Add a rule")
    kind: str = (
        st.selectbox("What it does", list(RULE_KINDS), format_func=lambda k: RULE_KINDS[k], key="rule_kind")
        or "new_hire"
    )
    with st.form("rule_form", clear_on_submit=True):
        name = st.text_input("Name", placeholder="e.g. Cloud new hires")
        plan_id: int | None = None
        credential_id: int | None = None
        days_before: int | None = None
        if kind in ("new_hire", "team_change"):
            plan_id = st.selectbox(
                "Plan",
                [None, *plan_names],
                format_func=lambda i: "Every plan that fits" if i is None else plan_names[i],
            )
        else:
            credential_id = st.selectbox(
                "Credential", list(credentials), format_func=lambda i: credentials[i]
            )
            days_before = int(st.number_input("Days before the badge expires", 0, 3650, 60, step=1))
        added = st.form_submit_button("Add the rule", type="primary", icon=":material/add:")
    if added:
        db.write(
            save_rule,
            scope,
            draft=RuleDraft(
                name, kind, plan_id=plan_id, credential_id=credential_id, days_before=days_before
            ),
            success=f"Rule {format.literal(name.strip())} added and switched on.",
        )

    if (rules["kind"] == "recertify").any():
        st.subheader("Dry run of the recertification rules")
        day = st.date_input("As of", value=clock.today(), key="rules_as_of")
        dry = db.run(recertification_dry_run, scope, as_of=day)
        tables.show_table(
            dry.assign(why_not=dry["why_not"].fillna("")),
            title="recertification-dry-run",
            key="rules_dry_run",
            empty="Nobody's badge expires within the rules' days on this day.",
            column_config={
                "rule": "Rule",
                "employee_code": "Code",
                "full_name": "Person",
                "credential": "Credential",
                "expires_on": tables.date_column("Badge expires"),
                "due_date": tables.date_column("Due"),
                "assigned": "Would be assigned",
                "why_not": "Why not",
            },
        )
