"""Altair chart builders shared by pages: readable axes, tooltips, hours not minutes.

Pages draw them with `draw(builder, frame, **options)`, never `st.altair_chart(builder(frame))`:
building an altair chart and turning it into Vega-Lite (altair validates every spec against the
Vega-Lite JSON schema) took about half of a page's rerun, on every click of every session. The
finished spec, with its data already as Arrow, is cached across sessions by the frame and the
options, so a chart is built once per figure, not once per click.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from data_model.db import get_settings

HOURS_AXIS = alt.Axis(title="Hours", format=",.1f")


def _hours(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    out = frame.copy()
    for column in columns:
        out[f"{column}_hours"] = out[column].astype(float) / 60
    return out


def learning_trend(weeks: pd.DataFrame, *, series: str | None = None) -> alt.Chart:
    """Average hours per person per week, with the average weekly target as a dashed line.

    `weeks` has week, avg_minutes_per_employee, target_minutes (and `series`, e.g. team).
    """
    data = _hours(weeks, "avg_minutes_per_employee", "target_minutes")
    base = alt.Chart(data).encode(x=alt.X("week:O", title="ISO week", axis=alt.Axis(labelAngle=-45)))
    color = (
        alt.Color(f"{series}:N", title=series.replace("_", " ").capitalize())
        if series
        else alt.value("#1f6feb")
    )
    tooltip = [
        alt.Tooltip("week:O", title="Week"),
        alt.Tooltip("avg_minutes_per_employee_hours:Q", title="Hours per person", format=".1f"),
        alt.Tooltip("target_minutes_hours:Q", title="Target (h)", format=".1f"),
        alt.Tooltip("share_meeting_target:Q", title="Meeting target", format=".0%"),
    ]
    if series:
        tooltip.insert(0, alt.Tooltip(f"{series}:N"))
    line = base.mark_line(point=True).encode(
        y=alt.Y("avg_minutes_per_employee_hours:Q", axis=HOURS_AXIS, title="Hours per person"),
        color=color,
        tooltip=tooltip,
    )
    target = base.mark_line(strokeDash=[6, 4], color="#cf222e").encode(
        y="mean(target_minutes_hours):Q",
        tooltip=[alt.Tooltip("mean(target_minutes_hours):Q", title="Target (h)")],
    )
    return (line + target).properties(height=320)


def share_meeting_target(weeks: pd.DataFrame) -> alt.Chart:
    return (
        alt.Chart(weeks)
        .mark_bar(color="#2da44e")
        .encode(
            x=alt.X("week:O", title="ISO week", axis=alt.Axis(labelAngle=-45)),
            y=alt.Y("share_meeting_target:Q", title="Share meeting target", axis=alt.Axis(format="%")),
            tooltip=[
                alt.Tooltip("week:O", title="Week"),
                alt.Tooltip("share_meeting_target:Q", title="Meeting target", format=".0%"),
                alt.Tooltip("employees:Q", title="People counted"),
            ],
        )
        .properties(height=220)
    )


def people_weeks_heatmap(weeks: pd.DataFrame, *, person: str = "person") -> alt.Chart:
    """People x weeks, coloured by hours; a ring marks weeks at or above target."""
    data = _hours(weeks, "minutes", "target_minutes")
    return (
        alt.Chart(data)
        .mark_rect(strokeWidth=2)
        .encode(
            x=alt.X("week:O", title="ISO week", axis=alt.Axis(labelAngle=-45)),
            y=alt.Y(f"{person}:N", title=None, sort="ascending", axis=alt.Axis(labelLimit=240)),
            color=alt.Color("minutes_hours:Q", title="Hours", scale=alt.Scale(scheme="blues")),
            stroke=alt.condition("datum.met_target", alt.value("#2da44e"), alt.value(None)),
            tooltip=[
                alt.Tooltip(f"{person}:N", title="Person"),
                alt.Tooltip("week:O", title="Week"),
                alt.Tooltip("minutes_hours:Q", title="Hours", format=".1f"),
                alt.Tooltip("target_minutes_hours:Q", title="Target (h)", format=".1f"),
                alt.Tooltip("met_target:N", title="Met target"),
            ],
        )
        .properties(height=alt.Step(20))  # one readable row per person, whatever the count
    )


def person_weeks(weeks: pd.DataFrame, *, running_week: str | None = None) -> alt.Chart:
    """One person's hours per ISO week as bars (green when the week met its target), target as ticks.

    `weeks` has week, minutes, target_minutes, met_target. `running_week` (a label) is the week
    still under way: drawn apart, as it is not under target yet.
    """
    met = weeks["met_target"].map({True: "Met target", False: "Under target"})
    data = _hours(weeks, "minutes", "target_minutes").assign(
        met=met.where(weeks["week"] != running_week, "This week so far")
    )
    base = alt.Chart(data).encode(x=alt.X("week:O", title="ISO week", axis=alt.Axis(labelAngle=-45)))
    tooltip = [
        alt.Tooltip("week:O", title="Week"),
        alt.Tooltip("minutes_hours:Q", title="Hours", format=".1f"),
        alt.Tooltip("target_minutes_hours:Q", title="Target (h)", format=".1f"),
        alt.Tooltip("met:N", title="Target"),
    ]
    bars_ = base.mark_bar().encode(
        y=alt.Y("minutes_hours:Q", axis=HOURS_AXIS, title="Hours"),
        color=alt.Color(
            "met:N",
            title=None,
            scale=alt.Scale(
                domain=["Met target", "Under target", "This week so far"],
                range=["#2da44e", "#afb8c1", "#9ecbff"],
            ),
            legend=alt.Legend(orient="top"),
        ),
        tooltip=tooltip,
    )
    target = base.mark_tick(color="#cf222e", thickness=2, size=18).encode(
        y=alt.Y("target_minutes_hours:Q"), tooltip=tooltip
    )
    return (bars_ + target).properties(height=260)


def pathway_stacks(items: pd.DataFrame) -> alt.Chart:
    """Each pathway as one horizontal bar: its credentials stacked in order, width = expected hours.

    `items` has pathway, position, code, title, required, expected_hours, hours_so_far, cost,
    currency. Required credentials are solid, optional ones pale; the label is the position.
    """
    data = items.assign(
        kind=items["required"].map({True: "Required", False: "Optional"}),
        step=items["position"].astype(str) + ". " + items["code"],
    )
    base = alt.Chart(data).encode(
        y=alt.Y("pathway:N", title=None, sort=None, axis=alt.Axis(labelLimit=260)),
        x=alt.X("expected_hours:Q", title="Expected hours", stack="zero"),
        order=alt.Order("position:Q"),
    )
    segments = base.mark_bar(stroke="white", strokeWidth=2).encode(
        color=alt.Color(
            "kind:N",
            title=None,
            scale=alt.Scale(domain=["Required", "Optional"], range=["#1f6feb", "#9ecbff"]),
            legend=alt.Legend(orient="top"),
        ),
        tooltip=[
            alt.Tooltip("pathway:N", title="Pathway"),
            alt.Tooltip("step:N", title="Step"),
            alt.Tooltip("title:N", title="Micro-credential"),
            alt.Tooltip("kind:N", title="Required?"),
            alt.Tooltip("expected_hours:Q", title="Hours", format=",.0f"),
            alt.Tooltip("hours_so_far:Q", title="Hours up to here", format=",.0f"),
            alt.Tooltip("cost:Q", title="Cost", format=",.0f"),
            alt.Tooltip("currency:N", title="Currency"),
        ],
    )
    labels = (
        base.mark_text(color="white", align="center", fontSize=11)
        .encode(x=alt.X("label_at:Q"), text=alt.Text("position:Q"))
        .transform_calculate(label_at="datum.hours_so_far - datum.expected_hours / 2")
    )
    return (segments + labels).properties(height=max(120, 44 * data["pathway"].nunique()))


def monthly_bars(
    frame: pd.DataFrame,
    *,
    value: str,
    value_title: str,
    series: str | None = None,
    value_format: str = ",.0f",
    label: str | None = None,
) -> alt.Chart:
    """Bars per calendar month (`month` holds each month's first day), side by side per `series`.

    `label` names a text column shown in the tooltip instead of the raw value (e.g. money with
    its currency symbol). Rows with no value (suppressed) draw no bar.
    """
    data = frame.assign(month=pd.to_datetime(frame["month"]))
    tooltip = [alt.Tooltip("yearmonth(month):T", title="Month", format="%B %Y")]
    if series:
        tooltip.append(alt.Tooltip(f"{series}:N", title=series.replace("_", " ").capitalize()))
    tooltip.append(
        alt.Tooltip(f"{label}:N", title=value_title)
        if label
        else alt.Tooltip(f"{value}:Q", title=value_title, format=value_format)
    )
    encoding = {
        "x": alt.X("yearmonth(month):O", title="Month", axis=alt.Axis(format="%b %Y", labelAngle=-45)),
        "y": alt.Y(f"{value}:Q", title=value_title, axis=alt.Axis(format=value_format)),
        "tooltip": tooltip,
    }
    if series:
        encoding["color"] = alt.Color(f"{series}:N", title=series.replace("_", " ").capitalize())
        encoding["xOffset"] = alt.XOffset(f"{series}:N")
    return alt.Chart(data).mark_bar().encode(**encoding).properties(height=280)


def money_by_category(frame: pd.DataFrame, *, category: str, category_title: str) -> alt.Chart:
    """Horizontal bars of `cost` per category, one bar per currency (amounts never added across).

    `frame` has `category`, currency, cost; rows with no cost (suppressed) draw no bar.
    """
    from . import format as fmt

    data = frame[frame["cost"].notna()].copy()
    data["cost_text"] = [fmt.money(c, u) for c, u in zip(data["cost"], data["currency"], strict=True)]
    height = max(160, 26 * len(data))
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y(f"{category}:N", title=None, sort="-x", axis=alt.Axis(labelLimit=240)),
            yOffset=alt.YOffset("currency:N"),
            x=alt.X("cost:Q", title="Spend", axis=alt.Axis(format=",.0f")),
            color=alt.Color("currency:N", title="Currency"),
            tooltip=[
                alt.Tooltip(f"{category}:N", title=category_title),
                alt.Tooltip("cost_text:N", title="Spend"),
            ],
        )
        .properties(height=height)
    )


def survival_curve(curve: pd.DataFrame) -> alt.Chart:
    """Share still employed by tenure month, a step line per group (learners, non-learners).

    `curve` has group, tenure_months, at_risk, exits, survival; months whose figures are
    suppressed (survival empty) are left out, so the line never shows them.
    """
    data = curve[curve["survival"].notna()]
    base = alt.Chart(data).encode(
        x=alt.X("tenure_months:Q", title="Tenure (months since hire)"),
        y=alt.Y(
            "survival:Q", title="Still employed", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])
        ),
    )
    line = base.mark_line(interpolate="step-after", strokeWidth=2.5).encode(
        color=alt.Color("group:N", title="Group")
    )
    hover = base.mark_point(size=80, opacity=0).encode(
        color=alt.Color("group:N", legend=None),
        tooltip=[
            alt.Tooltip("group:N", title="Group"),
            alt.Tooltip("tenure_months:Q", title="Tenure (months)"),
            alt.Tooltip("survival:Q", title="Still employed", format=".1%"),
            alt.Tooltip("at_risk:Q", title="People watched"),
            alt.Tooltip("exits:Q", title="Left that month"),
        ],
    )
    return (line + hover).properties(height=300)


def private_coverage_heatmap(coverage: pd.DataFrame) -> alt.Chart:
    """Team x skill, coloured by coverage of the target; a cell the privacy floor emptied (its
    row has a `suppressed` reason) is grey and reads "n<5", never a number. One 34 px row per team.
    """
    data = coverage.copy()
    hidden = (
        data["suppressed"].notna() if "suppressed" in data.columns else pd.Series(False, index=data.index)
    )
    data["label"] = [
        "n<5" if h else f"{c:.0%}" for h, c in zip(hidden, data["coverage"].fillna(0), strict=True)
    ]
    data["status"] = [
        s if isinstance(s, str) else f"{p} of {r} needed at level {m}+"
        for s, p, r, m in zip(
            data.get("suppressed", pd.Series(None, index=data.index)),
            data["people_at_level"],
            data["required_headcount"],
            data["min_level"],
            strict=True,
        )
    ]
    base = alt.Chart(data).encode(
        x=alt.X(
            "skill:N",
            title=None,
            axis=alt.Axis(labelAngle=-40, labelLimit=260, labelOverlap=False, orient="top"),
        ),
        y=alt.Y("team:N", title=None, axis=alt.Axis(labelLimit=240)),
        tooltip=[
            alt.Tooltip("team:N", title="Team"),
            alt.Tooltip("skill:N", title="Skill"),
            alt.Tooltip("coverage:Q", title="Coverage", format=".0%"),
            alt.Tooltip("status:N", title="People"),
        ],
    )
    cells = base.mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.Color(
            "coverage:Q",
            title="Coverage",
            scale=alt.Scale(domain=[0, 1], scheme="redyellowgreen"),
            legend=alt.Legend(format="%", orient="bottom", direction="horizontal"),
        )
    )
    grey = base.transform_filter("!isValid(datum.coverage)").mark_rect(color="#d0d7de", stroke="white")
    text = base.mark_text(fontSize=10).encode(
        text="label:N",
        color=alt.condition(
            "isValid(datum.coverage) && (datum.coverage >= 0.85 || datum.coverage <= 0.2)",
            alt.value("white"),
            alt.value("#24292f"),
        ),
    )
    return (cells + grey + text).properties(height=alt.Step(34))


def count_bars(
    frame: pd.DataFrame, *, category: str, value: str, category_title: str, value_title: str
) -> alt.Chart:
    """Horizontal bars of a whole-number count per category, largest first, one 22 px row each."""
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y(f"{category}:N", title=None, sort="-x", axis=alt.Axis(labelLimit=280)),
            x=alt.X(f"{value}:Q", title=value_title, axis=alt.Axis(format="d", tickMinStep=1)),
            tooltip=[
                alt.Tooltip(f"{category}:N", title=category_title),
                alt.Tooltip(f"{value}:Q", title=value_title, format=",d"),
            ],
        )
        .properties(height=alt.Step(22))
    )


def coverage_trend(over_time: pd.DataFrame) -> alt.Chart:
    """The organisation coverage index at each month end (`month` "YYYY-MM", coverage_index 0..1)."""
    return (
        alt.Chart(over_time)
        .mark_line(point=True)
        .encode(
            x=alt.X("month:O", title="Month end", axis=alt.Axis(labelAngle=-45)),
            y=alt.Y(
                "coverage_index:Q",
                title="Coverage index",
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1]),
            ),
            tooltip=[
                alt.Tooltip("as_of:T", title="On", format="%d %b %Y"),
                alt.Tooltip("coverage_index:Q", title="Coverage index", format=".1%"),
                alt.Tooltip("targets:Q", title="Targets"),
            ],
        )
        .properties(height=260)
    )


def team_weeks_heatmap(weeks: pd.DataFrame) -> alt.Chart:
    """Teams x weeks, coloured by hours per person; readable with many teams where lines tangle.

    `weeks` has team, week, employees, avg_minutes_per_employee, target_minutes,
    share_meeting_target (a `weekly.group_weeks(by="team")` frame). Suppressed cells are grey.
    """
    data = _hours(weeks, "avg_minutes_per_employee", "target_minutes")
    base = alt.Chart(data).encode(
        x=alt.X("week:O", title="ISO week", axis=alt.Axis(labelAngle=-45)),
        y=alt.Y("team:N", title=None, axis=alt.Axis(labelLimit=240)),
    )
    cells = base.mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.Color(
            "avg_minutes_per_employee_hours:Q", title="Hours per person", scale=alt.Scale(scheme="blues")
        ),
        tooltip=[
            alt.Tooltip("team:N", title="Team"),
            alt.Tooltip("week:O", title="Week"),
            alt.Tooltip("employees:Q", title="People counted"),
            alt.Tooltip("avg_minutes_per_employee_hours:Q", title="Hours per person", format=".1f"),
            alt.Tooltip("target_minutes_hours:Q", title="Target (h)", format=".1f"),
            alt.Tooltip("share_meeting_target:Q", title="Meeting target", format=".0%"),
        ],
    )
    grey = base.transform_filter("!isValid(datum.avg_minutes_per_employee)").mark_rect(color="#d0d7de")
    return (cells + grey).properties(height=alt.Step(24))


# -- drawing ------------------------------------------------------------------------------------

# Specs are small (the chart's own rows as Arrow): a few thousand cover every chart of every
# scope and filter in use, and the oldest go first, so memory stays bounded.
CHART_CACHE_ENTRIES = 2000


@st.cache_data(ttl=get_settings().cache_ttl_seconds, max_entries=CHART_CACHE_ENTRIES, show_spinner=False)
def _vega_lite_spec(
    _builder: Callable[..., Any], builder_key: str, frame: pd.DataFrame, options: dict
) -> dict[str, Any]:
    # Streamlit's own conversion (pinned version): the spec st.altair_chart would send, with
    # the datasets as Arrow bytes, built under its lock on altair's global theme and transformer.
    from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

    return _convert_altair_to_vega_lite_spec(_builder(frame, **options))


def draw(builder: Callable[..., Any], frame: pd.DataFrame, **options: Any) -> None:
    """Draw `builder(frame, **options)` across the page's width, from a cached Vega-Lite spec."""
    key = f"{builder.__module__}.{builder.__qualname__}"
    st.vega_lite_chart(_vega_lite_spec(builder, key, frame, options), width="stretch")
