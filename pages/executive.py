"""Executive: the organisation's skill coverage, retention, spend, badges and pathways, in aggregate."""

import streamlit as st

from data_model import clock
from data_model.metrics import skills, spend
from data_model.metrics.badges import badges_by_month
from data_model.metrics.calendar import add_months
from data_model.metrics.pathways import pathway_completions
from data_model.metrics.retention import retention, survival_by_tenure
from ui import charts, db, filters, format, page, tables

scope = page.start("executive").scope
today = clock.today()

st.title("Executive")
st.caption(
    "Aggregated figures only: no one is named, and a group of fewer than 5 people reads "
    "“too few to show” instead of a number."
)
period = filters.period("executive", default="Last 52 weeks")
span = {"start": period.start, "end": period.end}
st.caption(f"Period: {period.start:%d %b %Y} to {period.end:%d %b %Y}.")

MONTH = st.column_config.DateColumn("Month", format="MMM YYYY")
LABELS = {
    **format.FIGURE_LABELS,
    "as_of": tables.date_column("On"),
    "measured_to": tables.date_column("Measured on"),
    "currency": None,
}

# -- skills -------------------------------------------------------------------------------------
st.header("Skill coverage", divider="gray")
over_time = db.cached(skills.organisation_coverage_over_time, scope, **span)
now = db.cached(skills.organisation_coverage_index, scope, as_of=today)
st.metric(
    "Organisation coverage index today",
    format.percent(now),
    help="The mean coverage of every team skill target: people at the level ÷ people needed, at most 100 %.",
)
if over_time["coverage_index"].notna().any():
    charts.draw(charts.coverage_trend, over_time)
tables.show_table(
    format.readable(over_time, percent=("coverage_index",)),
    title="coverage-index-over-time",
    key="coverage_over_time",
    column_config=LABELS,
    empty="No skill targets yet: HR sets team targets on the Data page.",
    download_frame=over_time,
)

# -- retention ----------------------------------------------------------------------------------
st.header("Retention of learners and non-learners", divider="gray")
st.info(
    "These figures show association, not cause: people who learn may also stay for other reasons "
    "(role, team, tenure, pay). Do not read them as “learning keeps people”.",
    icon=":material/info:",
)
COHORTS = {"12 months ago": 12, "6 months ago": 6, "3 months ago": 3}
cohort = st.segmented_control("Cohort: people employed", list(COHORTS), default="12 months ago", key="cohort")
reference = add_months(today, -COHORTS[cohort or "12 months ago"])
kept = db.cached(retention, scope, reference_date=reference, as_of=today)
curve = db.cached(survival_by_tenure, scope, reference_date=reference, as_of=today)
measured_to = kept["measured_to"].iloc[0]
st.caption(
    f"People employed on {reference:%d %b %Y}. A learner logged at least 10 hours of learning in the "
    f"12 months before that day. Retention: still employed on {measured_to:%d %b %Y}."
)
shown = format.readable(kept, percent=("retention",), counts=("retained",))
for column, row in zip(st.columns(len(shown)), shown.itertuples(), strict=True):
    label = f"{row.group.capitalize()}s: still employed"
    column.metric(
        label, row.retention, delta=f"of {row.people:,} people", delta_color="off", delta_arrow="off"
    )
if (kept["people"] < scope.privacy_floor).any():
    st.caption(
        "A group under 5 people is not shown. With few learning records before the cohort date, "
        "choose a later one (6 or 3 months ago)."
    )
tables.show_table(
    shown.drop(columns=["measured_to_today"]),
    title="retention",
    key="retention",
    column_config=LABELS,
    download_frame=kept,
)
st.markdown("**Still employed by tenure (survival curve)**")
if curve["survival"].notna().any():
    charts.draw(charts.survival_curve, curve)
else:
    st.info("Too few people to draw the curve for this cohort. Choose another cohort date.")
with st.expander("Survival table"):
    tables.show_table(
        format.readable(curve, percent=("survival",), counts=("exits",)),
        title="survival-by-tenure",
        key="survival",
        column_config=LABELS,
        download_frame=curve,
    )

# -- spend --------------------------------------------------------------------------------------
st.header("Spend on micro-credentials", divider="gray")
st.caption("Listed cost of every enrollment, dated when it was made; never added across currencies.")
PER_HELP = "This currency's spend divided by all learning hours (badges earned) in the period."
per_hour = db.cached(spend.cost_per_learning_hour, scope, by="org", **span)
per_badge = db.cached(spend.cost_per_badge, scope, by="org", **span)
hour_text = format.readable(per_hour, money=("cost", "cost_per_learning_hour"))
badge_text = format.readable(per_badge, money=("cost_per_badge",))
for column, hour, badge in zip(
    st.columns(max(1, len(per_hour))), hour_text.itertuples(), badge_text.itertuples(), strict=False
):
    column.metric(f"Spend ({hour.currency})", hour.cost)
    column.metric(f"Cost per learning hour ({hour.currency})", hour.cost_per_learning_hour, help=PER_HELP)
    column.metric(f"Cost per badge ({badge.currency})", badge.cost_per_badge, help=PER_HELP)
if per_hour.empty:
    st.info("No spend in this period. Assignments on the Team page and enrolments show up here.")
monthly = db.cached(spend.spend_by_month, scope, **span)
if monthly["cost"].notna().any():
    st.markdown("**Spend per month**")
    labelled = monthly.assign(cost_text=format.readable(monthly, money=("cost",))["cost"])
    charts.draw(
        charts.monthly_bars, labelled, value="cost", value_title="Spend", series="currency", label="cost_text"
    )
by_team = db.cached(spend.team_spend, scope, **span)
if by_team["cost"].notna().any():
    st.markdown("**Spend per team**")
    charts.draw(charts.money_by_category, by_team, category="team", category_title="Team")
MONEY_LABELS = {**LABELS, "people": "People enrolled", "month": MONTH}
tables.show_table(
    format.readable(
        by_team,
        money=("cost", "cost_per_learning_hour", "cost_per_badge"),
        hours=("learning_hours",),
        counts=("badges",),
    ),
    title="spend-by-team",
    key="spend_team",
    column_config=MONEY_LABELS,
    empty="No spend in this period.",
    download_frame=by_team,
)
with st.expander("Spend by team and month"):
    team_month = db.cached(spend.spend_by_team_month, scope, **span)
    tables.show_table(
        format.readable(team_month, money=("cost",), counts=("enrollments",)),
        title="spend-by-team-and-month",
        key="spend_team_month",
        column_config=MONEY_LABELS,
        empty="No spend in this period.",
        download_frame=team_month,
    )

# -- badges and pathways ------------------------------------------------------------------------
st.header("Badges and pathways", divider="gray")
badges = db.cached(badges_by_month, scope, **span)
st.markdown("**Badges earned per month**")
if badges["badges"].fillna(0).gt(0).any():
    charts.draw(charts.monthly_bars, badges, value="badges", value_title="Badges earned")
tables.show_table(
    format.readable(badges, counts=("badges",)),
    title="badges-per-month",
    key="badges",
    column_config={**LABELS, "month": MONTH},
    empty="No badges earned in this period. Badges arrive by import on the Data page.",
    download_frame=badges,
)
PATHWAY_ORDER = [
    "pathway",
    "people_on_pathway",
    "completed",
    "completed_in_period",
    "required",
    "qualification",
]
pathways = db.cached(pathway_completions, scope, as_of=today, **span)
st.markdown("**Pathway completions**: people who finished every required micro-credential of a pathway")
tables.show_table(
    format.readable(pathways, counts=("completed", "completed_in_period"))[PATHWAY_ORDER],
    title="pathway-completions",
    key="pathways",
    column_config=LABELS,
    empty="No pathways in the catalog yet.",
    download_frame=pathways,
)
