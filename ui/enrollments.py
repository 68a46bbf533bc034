"""Enrollment tables people act on: pick rows, then complete, extend or withdraw them."""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial

import pandas as pd
import streamlit as st

from data_model import actions
from data_model.access import Scope

from . import db, tables

STATUS_LABELS = {
    "assigned": "Assigned",
    "in_progress": "In progress",
    "completed": "Completed",
    "withdrawn": "Withdrawn",
}

REASON_LABELS = {
    "onboarding": "Onboarding",
    "skill_gap": "Skill gap",
    "self": "Self-enrolled",
    "compliance": "Compliance",
}

COLUMNS = {
    "full_name": st.column_config.TextColumn("Person"),
    "team": st.column_config.TextColumn("Team"),
    "credential_title": st.column_config.TextColumn("Micro-credential"),
    "credential_code": st.column_config.TextColumn("Code"),
    "status": st.column_config.TextColumn("Status"),
    "reason": st.column_config.TextColumn("Reason"),
    "assigned_on": tables.date_column("Assigned"),
    "due_date": tables.date_column("Due"),
    "started_on": tables.date_column("Started"),
    "completed_on": tables.date_column("Completed"),
    "days_overdue": st.column_config.NumberColumn("Days overdue"),
    "employee_code": None,
    "enrollment_id": None,
}


def _apply_to_each(session, scope: Scope, *, action, enrollment_ids: list[int], **kwargs) -> int:  # noqa: ANN001
    for enrollment_id in enrollment_ids:
        action(session, scope, enrollment_id=enrollment_id, **kwargs)
    return len(enrollment_ids)


def enrollment_table(
    enrollments: pd.DataFrame, *, scope: Scope, key: str, title: str, can_manage: bool, today: date
) -> None:
    """The enrollments, selectable; with buttons for what this reader may do to the selected rows."""
    if enrollments.empty:
        st.info(
            "No enrollments here. Assign a micro-credential to get someone started.", icon=":material/info:"
        )
        return
    page = tables.page_of(enrollments, key)  # a page of a long list; selections are within it
    shown = tables.for_display(
        page.assign(status=page["status"].map(STATUS_LABELS), reason=page["reason"].map(REASON_LABELS))
    )
    event = st.dataframe(
        shown,
        hide_index=True,
        column_config=COLUMNS,
        width="stretch",
        on_select="rerun",
        selection_mode="multi-row",
        key=f"{key}_table",
    )
    st.download_button(
        "Download CSV",
        data=partial(tables.csv_bytes, enrollments.drop(columns=["enrollment_id"])),  # on click
        file_name=f"{key}-{today:%Y-%m-%d}.csv",
        mime="text/csv",
        key=f"download_{key}",
        icon=":material/download:",
    )
    picked = [int(page.iloc[i]["enrollment_id"]) for i in event.selection.rows]
    if not picked:
        what = (
            "mark them complete, change their due date or withdraw them"
            if can_manage
            else "mark them complete"
        )
        st.caption(f"Select rows to {what}.")
        return
    st.markdown(f"**{len(picked)} selected**")
    complete_col, extend_col, withdraw_col = st.columns(3)
    with complete_col:
        done_on = st.date_input("Completed on", value=today, max_value=today, key=f"{key}_done_on")
        if st.button("Mark complete", key=f"{key}_complete", icon=":material/task_alt:"):
            db.write(
                _apply_to_each,
                scope,
                action=actions.complete_enrollment,
                enrollment_ids=picked,
                on=done_on,
                success=lambda n: f"Marked {n} enrollment(s) complete.",
            )
    if can_manage:
        with extend_col:
            new_due = st.date_input("New due date", value=today + timedelta(days=30), key=f"{key}_due")
            if st.button("Change due date", key=f"{key}_extend", icon=":material/event:"):
                db.write(
                    _apply_to_each,
                    scope,
                    action=actions.extend_enrollment,
                    enrollment_ids=picked,
                    due_date=new_due,
                    success=lambda n: f"Due date of {n} enrollment(s) set to {new_due:%d %b %Y}.",
                )
    with withdraw_col:
        st.write("")
        if st.button("Withdraw", key=f"{key}_withdraw", icon=":material/cancel:"):
            db.write(
                _apply_to_each,
                scope,
                action=actions.withdraw_enrollment,
                enrollment_ids=picked,
                on=today,
                success=lambda n: f"Withdrew {n} enrollment(s).",
            )
