"""Altair chart builders shared by pages: readable axes, tooltips, hours not minutes."""

from __future__ import annotations

import altair as alt
import pandas as pd

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
    height = max(200, min(20 * data[person].nunique(), 1600))
    return (
        alt.Chart(data)
        .mark_rect()
        .encode(
            x=alt.X("week:O", title="ISO week", axis=alt.Axis(labelAngle=-45)),
            y=alt.Y(f"{person}:N", title=None, sort="ascending"),
            color=alt.Color("minutes_hours:Q", title="Hours", scale=alt.Scale(scheme="blues")),
            tooltip=[
                alt.Tooltip(f"{person}:N", title="Person"),
                alt.Tooltip("week:O", title="Week"),
                alt.Tooltip("minutes_hours:Q", title="Hours", format=".1f"),
                alt.Tooltip("target_minutes_hours:Q", title="Target (h)", format=".1f"),
                alt.Tooltip("met_target:N", title="Met target"),
            ],
        )
        .properties(height=height)
    )


def coverage_heatmap(coverage: pd.DataFrame) -> alt.Chart:
    """Team x skill, coloured by coverage of the target (0 to 100 %)."""
    base = alt.Chart(coverage).encode(
        x=alt.X("skill:N", title=None, axis=alt.Axis(labelAngle=-40)),
        y=alt.Y("team:N", title=None),
    )
    cells = base.mark_rect().encode(
        color=alt.Color(
            "coverage:Q",
            title="Coverage",
            scale=alt.Scale(domain=[0, 1], scheme="redyellowgreen"),
            legend=alt.Legend(format="%"),
        ),
        tooltip=[
            alt.Tooltip("team:N"),
            alt.Tooltip("skill:N"),
            alt.Tooltip("min_level:Q", title="Min level"),
            alt.Tooltip("people_at_level:Q", title="People at level"),
            alt.Tooltip("required_headcount:Q", title="Needed"),
            alt.Tooltip("coverage:Q", format=".0%"),
        ],
    )
    labels = base.mark_text(fontSize=11).encode(text=alt.Text("coverage:Q", format=".0%"))
    return (cells + labels).properties(height=max(160, 36 * coverage["team"].nunique()))


def bars(
    frame: pd.DataFrame,
    *,
    x: str,
    y: str,
    x_title: str,
    y_title: str,
    color: str | None = None,
    y_format: str = ",.0f",
    horizontal: bool = False,
) -> alt.Chart:
    """A plain bar chart with a tooltip of both values."""
    x_enc = alt.X(f"{x}:N" if not horizontal else f"{y}:Q", title=x_title if not horizontal else y_title)
    y_enc = alt.Y(f"{y}:Q" if not horizontal else f"{x}:N", title=y_title if not horizontal else x_title)
    if horizontal:
        y_enc = alt.Y(f"{x}:N", title=x_title, sort="-x")
    tooltip = [alt.Tooltip(f"{x}:N", title=x_title), alt.Tooltip(f"{y}:Q", title=y_title, format=y_format)]
    chart = alt.Chart(frame).mark_bar().encode(x=x_enc, y=y_enc, tooltip=tooltip)
    if color:
        chart = chart.encode(color=alt.Color(f"{color}:N", title=color.replace("_", " ").capitalize()))
        tooltip.insert(0, alt.Tooltip(f"{color}:N"))
        chart = chart.encode(tooltip=tooltip)
    return chart.properties(height=300)


def lines(
    frame: pd.DataFrame,
    *,
    x: str,
    y: str,
    series: str | None,
    x_title: str,
    y_title: str,
    y_format: str = ",.0f",
    x_type: str = "T",
    domain: tuple[float, float] | None = None,
) -> alt.Chart:
    """Lines over time (or tenure), one per series, with points and tooltips."""
    scale = alt.Scale(domain=list(domain)) if domain else alt.Undefined
    encoding = {
        "x": alt.X(f"{x}:{x_type}", title=x_title),
        "y": alt.Y(f"{y}:Q", title=y_title, axis=alt.Axis(format=y_format), scale=scale),
        "tooltip": [
            alt.Tooltip(f"{x}:{x_type}", title=x_title),
            alt.Tooltip(f"{y}:Q", title=y_title, format=y_format),
        ],
    }
    if series:
        encoding["color"] = alt.Color(f"{series}:N", title=series.replace("_", " ").capitalize())
        encoding["tooltip"].insert(0, alt.Tooltip(f"{series}:N"))
    return alt.Chart(frame).mark_line(point=True).encode(**encoding).properties(height=300)
