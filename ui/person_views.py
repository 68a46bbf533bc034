"""One person's learning drawn alike on "Person" and "My learning": history, badges, skills, pathways."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from data_model.access import Scope
from data_model.metrics import person
from data_model.metrics.person import TargetStreak

from . import charts, db, format, tables

BADGE_STATUS_LABELS = {
    "valid": "Valid",
    "expiring soon": "EXPIRING SOON",
    "expired": "Expired",
    "revoked": "Revoked",
    "failed": "Failed verification",
}
BADGE_ORDER = [
    "status",
    "name",
    "credential_code",
    "issued_on",
    "expires_on",
    "days_to_expiry",
    "verification",
]
BADGE_ORDER += ["issuer_name", "evidence_url"]
VERIFICATION_LABELS = {
    "verified": "Verified",
    "unverified": "Not verified",
    "failed": "Failed",
    "revoked": "Revoked",
}
SKILL_STATE_LABELS = {
    "current": "Current",
    "closed": "Closed",
    "badge expired": "Badge expired",
    "badge revoked": "Badge revoked",
    "not yet": "Starts later",
}
SOURCE_LABELS = {"badge": "Badge", "assessment": "Assessment", "manager": "Manager", "self": "Self-assessed"}


def blank(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    """A display copy with empty text cells shown blank rather than as "None"."""
    return frame.assign(**{c: frame[c].astype("object").where(frame[c].notna(), "") for c in columns})


def target_figures(streak: TargetStreak, *, open_enrollments: int | None = None) -> None:
    """This week so far against target, the weekly target, and the streak of full weeks at target."""
    columns = st.columns(4 if open_enrollments is not None else 3)
    to_go = streak.minutes_to_go_this_week
    columns[0].metric(
        f"This week so far ({streak.this_week})",
        format.hours(streak.minutes_this_week),
        delta="target met" if to_go == 0 else f"{format.hours(to_go)} to go",
        delta_color="normal" if to_go == 0 else "off",
        delta_arrow="off",
    )
    columns[1].metric(
        "Weekly target",
        format.hours(streak.target_this_week),
        help="Your own target if one is set, else your team's learning policy, else the organisation's.",
    )
    columns[2].metric(
        "Target streak",
        f"{streak.streak_weeks} week" + ("" if streak.streak_weeks == 1 else "s"),
        delta=f"since {streak.streak_since}"
        if streak.streak_since
        else f"{streak.last_full_week} under target",
        delta_color="off",
        delta_arrow="off",
        help="Full ISO weeks in a row at or above target, counted back from last week "
        f"({streak.last_full_week}). This week joins the streak once it is over.",
    )
    if open_enrollments is not None:
        columns[3].metric("Open enrollments", format.count(open_enrollments))


def learning_history(
    weeks: pd.DataFrame, sessions: pd.DataFrame, *, key: str, running_week: str | None = None
) -> None:
    """Hours per ISO week against the target, and the sessions behind them. `running_week`: this week."""
    if weeks.empty:
        st.info("No weeks to show: this person was not employed in this period.", icon=":material/info:")
        return
    charts.draw(charts.person_weeks, weeks, running_week=running_week)
    st.caption("Bars: hours learned per ISO week (Monday to Sunday). Red ticks: that week's target.")
    tables.show_table(
        blank(
            format.with_hours(sessions, {"minutes": "hours"}), "credential_code", "credential_title", "note"
        ),
        title="learning-sessions",
        key=f"{key}_sessions",
        empty="No learning logged in this period. Time logged on My learning shows here.",
        column_config={
            "session_id": None,
            "date": tables.date_column("Date"),
            "hours": tables.hours_column("Hours"),
            "credential_code": st.column_config.TextColumn("Code"),
            "credential_title": st.column_config.TextColumn("For micro-credential", width="large"),
            "source": st.column_config.TextColumn("Logged via"),
            "note": st.column_config.TextColumn("Note", width="large"),
        },
        download_frame=sessions.drop(columns=["session_id"]),
    )


def badge_table(badges: pd.DataFrame, *, key: str) -> None:
    """Badges with their verification and whether they still count; expired and expiring ones flagged."""
    if badges.empty:
        st.info("No badges yet. Completing a micro-credential earns one.", icon=":material/info:")
        return
    soon = int((badges["status"] == "expiring soon").sum())
    expired = int((badges["status"] == "expired").sum())
    if soon:
        st.warning(f"{soon} badge(s) expire within 30 days: renew them to keep their skills.", icon="⚠️")
    if expired:
        st.caption(f"{expired} badge(s) have expired: their skills no longer count.")
    shown = blank(badges, "credential_code", "evidence_url").assign(
        status=badges["status"].map(BADGE_STATUS_LABELS),
        verification=badges["verification"].map(VERIFICATION_LABELS),
    )[BADGE_ORDER]
    tables.show_table(
        shown,
        title="badges",
        key=f"{key}_badges",
        column_config={
            "name": st.column_config.TextColumn("Badge", width="large"),
            "issuer_name": st.column_config.TextColumn("Issuer"),
            "credential_code": st.column_config.TextColumn("Micro-credential"),
            "issued_on": tables.date_column("Issued"),
            "expires_on": tables.date_column("Expires"),
            "verification": st.column_config.TextColumn("Verification"),
            "status": st.column_config.TextColumn(
                "Status",
                help="Expired and revoked badges no longer give their skills; renew those expiring soon",
            ),
            "days_to_expiry": st.column_config.NumberColumn("Days to expiry"),
            "evidence_url": st.column_config.LinkColumn("Evidence", display_text="Open"),
        },
        download_frame=badges.drop(columns=["badge_id"]),
    )


def skill_tables(current: pd.DataFrame, history: pd.DataFrame, *, key: str) -> None:
    """The level held in each skill today, then every level ever recorded (history is never overwritten)."""
    st.markdown("**Skills today**")
    tables.show_table(
        current.assign(source=current["source"].map(SOURCE_LABELS)),
        title="skills",
        key=f"{key}_skills",
        empty="No skills recorded yet. Badges, assessments and managers add them.",
        column_config={
            "skill_id": None,
            "skill": st.column_config.TextColumn("Skill", width="medium"),
            "category": st.column_config.TextColumn("Category"),
            "level": st.column_config.ProgressColumn("Level", min_value=0, max_value=5, format="%d / 5"),
            "level_name": st.column_config.TextColumn("Proficiency"),
            "source": st.column_config.TextColumn("From"),
            "since": tables.date_column("Since"),
        },
        download_frame=current.drop(columns=["skill_id"]),
    )
    st.markdown("**Skill history**")
    st.caption(
        "Every level ever recorded. A change closes the old row and opens a new one; a level "
        "from a badge ends when the badge expires or is revoked."
    )
    tables.show_table(
        blank(history, "badge").assign(
            source=history["source"].map(SOURCE_LABELS), state=history["state"].map(SKILL_STATE_LABELS)
        ),
        title="skill-history",
        key=f"{key}_skill_history",
        empty="No skill history yet.",
        column_config={
            "skill": st.column_config.TextColumn("Skill", width="medium"),
            "category": st.column_config.TextColumn("Category"),
            "level": st.column_config.NumberColumn("Level"),
            "level_name": st.column_config.TextColumn("Proficiency"),
            "source": st.column_config.TextColumn("From"),
            "valid_from": tables.date_column("From date"),
            "valid_to": tables.date_column("Until"),
            "badge": st.column_config.TextColumn("Badge"),
            "state": st.column_config.TextColumn("State"),
        },
        download_frame=history,
    )


def pathway_table(pathways: pd.DataFrame, *, key: str) -> None:
    """Pathways the person is on: required steps done, hours left and the projected finish date."""
    tables.show_table(
        format.with_hours(pathways, {"pace_minutes_per_week": "pace_hours_per_week"}),
        title="pathways",
        key=f"{key}_pathways",
        empty="Not on a pathway yet. Enrolling on one of a pathway's micro-credentials starts it.",
        column_config={
            "employee_code": None,
            "full_name": None,
            "team": None,
            "pathway": st.column_config.TextColumn("Pathway", width="medium"),
            "qualification": st.column_config.TextColumn("Qualification", width="medium"),
            "done": st.column_config.NumberColumn("Required done"),
            "required": st.column_config.NumberColumn("Required steps"),
            "hours_left": tables.hours_column("Hours left"),
            "pace_hours_per_week": tables.hours_column(
                "Recent pace per week", help="Average hours learned per week over the last 8 full weeks"
            ),
            "projected_finish": tables.date_column("Projected finish"),
        },
        download_frame=pathways,
    )
    if not pathways.empty and pathways["projected_finish"].isna().any():
        st.caption("No projected finish where no learning was logged in the last 8 full weeks.")


def badges_skills_pathways(tabs: tuple, scope: Scope, *, employee_id: int, today: date, key: str) -> None:
    """Fill the badges, skills and pathways tabs of one person; the same on Person and My learning."""
    badges_tab, skills_tab, pathways_tab = tabs
    with badges_tab:
        badge_table(db.cached(person.person_badges, scope, employee_id=employee_id, as_of=today), key=key)
    with skills_tab:
        skill_tables(
            db.cached(person.current_skills, scope, employee_id=employee_id, as_of=today),
            db.cached(person.skill_history, scope, employee_id=employee_id, as_of=today),
            key=key,
        )
    with pathways_tab:
        pathway_table(db.cached(person.person_pathways, scope, employee_id=employee_id, as_of=today), key=key)
