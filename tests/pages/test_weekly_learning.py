"""The Weekly learning page shows admin, HR and a lead the figures the data layer computes for their scope."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pyarrow as pa
import pytest

from data_model.accounts import scope_of
from data_model.metrics.calendar import monday_of
from data_model.metrics.learning import (
    PEOPLE_PER_PAGE,
    group_weeks,
    inactive_people,
    people_week_page,
    people_week_table,
    people_weeks,
    weekly_summary,
)
from data_model.metrics.people import visible_team_names
from tests.conftest import TODAY

WEEKLY = "pages/weekly_learning.py"
ROLES = ["admin", "hr", "lead"]


def default_period() -> dict[str, date]:
    """The page's default: the last 13 complete ISO weeks."""
    end = monday_of(TODAY) - timedelta(days=1)
    return {"start": monday_of(end) - timedelta(weeks=12), "end": end}


def table_with(at, *columns: str, without: str | None = None) -> pd.DataFrame:
    """The first table on the page with these columns (and not `without`)."""
    for element in at.dataframe:
        frame = element.value
        if set(columns) <= set(frame.columns) and without not in frame.columns:
            return frame
    raise AssertionError(f"no table with columns {columns}")


def chart_data(at) -> list[pd.DataFrame]:
    """The data sets behind every chart on the page (altair sends them as Arrow)."""
    return [
        pa.ipc.open_stream(dataset.data.data).read_pandas()
        for chart in at.get("vega_lite_chart")
        for dataset in chart.proto.datasets
    ]


def hours(minutes: pd.Series) -> list[float]:
    return (minutes.astype("float64") / 60).tolist()


def expect_shown_figures(at, session, scope, *, team: str | None = None) -> None:
    period = {**default_period(), "team": team}
    summary = weekly_summary(session, scope, **period)
    shown = {m.label: m.value for m in at.metric}
    assert shown[f"People counted in {summary.last_week}"] == f"{summary.people_last_week:,}"
    assert shown["Hours per person per week"] == f"{summary.avg_minutes_per_person_week / 60:,.1f} h"
    assert shown[f"Meeting target in {summary.last_week}"] == f"{summary.share_meeting_target_last_week:.0%}"
    inactive = inactive_people(session, scope, weeks=4, as_of=TODAY, team=team)
    assert shown["No learning for 4 weeks"] == f"{len(inactive):,}"

    org = group_weeks(session, scope, by="org", **period)
    org_table = table_with(at, "hours_per_person", without="team")
    assert org_table["week"].tolist() == org["week"].tolist()
    assert org_table["employees"].tolist() == org["employees"].tolist()
    assert org_table["hours"].tolist() == pytest.approx(hours(org["minutes"]))
    assert org_table["target_hours"].tolist() == pytest.approx(hours(org["target_minutes"]))
    assert org_table["share_meeting_target"].tolist() == pytest.approx(org["share_meeting_target"].tolist())

    teams = group_weeks(session, scope, by="team", **period)
    team_table = table_with(at, "team", "hours_per_person")
    assert list(zip(team_table["team"], team_table["week"], strict=True)) == list(
        zip(teams["team"], teams["week"], strict=True)
    )
    assert team_table["hours_per_person"].tolist() == pytest.approx(hours(teams["avg_minutes_per_employee"]))

    # The table shows the first page of the people table, the same rows as the whole table's first.
    everyone = people_week_table(session, scope, **period)
    people = everyone.head(PEOPLE_PER_PAGE)
    people_table = table_with(at, "weeks_counted")
    assert people_table["employee_code"].tolist() == people["employee_code"].tolist()
    assert people_table["hours"].tolist() == pytest.approx(hours(people["minutes"]))
    assert people_table["weeks_met_target"].tolist() == people["weeks_met_target"].tolist()
    if not inactive.empty:
        assert (
            table_with(at, "days_since_learning")["employee_code"].tolist()
            == inactive["employee_code"].tolist()
        )

    # every table can be taken away
    assert len(at.get("download_button")) == len(at.dataframe)
    # the heatmap names the page's people by full name
    page_codes = set(people["employee_code"])
    people_rows = people_weeks(session, scope, **period)
    people_rows = people_rows[people_rows["employee_code"].isin(page_codes)]
    heatmap = next(frame for frame in chart_data(at) if "person" in frame.columns)
    assert sorted(heatmap["person"].unique()) == sorted(people_rows["person"].unique())
    assert all(
        label.startswith(name)
        for label, name in zip(people_rows["person"], people_rows["full_name"], strict=True)
    )


@pytest.mark.parametrize("role", ROLES)
def test_weekly_learning_shows_the_scoped_figures(app_as, persona, demo_session, role):
    at = app_as(role, WEEKLY)
    assert not at.exception
    assert not at.error
    expect_shown_figures(at, demo_session, scope_of(demo_session, persona(role)))


def test_a_lead_sees_only_their_teams(app_as, persona, demo_session):
    scope = scope_of(demo_session, persona("lead"))
    at = app_as("lead", WEEKLY)
    shown_teams = set(table_with(at, "team", "hours_per_person")["team"])
    assert shown_teams <= set(visible_team_names(demo_session, scope))
    everyone = people_week_table(demo_session, scope_of(demo_session, persona("hr")), **default_period())
    assert len(table_with(at, "weeks_counted")) < len(everyone)


def test_choosing_a_team_narrows_every_figure(app_as, persona, demo_session):
    scope = scope_of(demo_session, persona("hr"))
    team = visible_team_names(demo_session, scope)[0]
    at = app_as("hr", WEEKLY)
    at.selectbox(key="weekly_team").set_value(team).run()
    assert not at.exception
    expect_shown_figures(at, demo_session, scope, team=team)


def test_choosing_a_period_recounts_the_weeks(app_as, persona, demo_session):
    scope = scope_of(demo_session, persona("lead"))
    at = app_as("lead", WEEKLY)
    at.button_group(key="weekly_period").set_value("Last 4 weeks").run()
    assert not at.exception
    end = default_period()["end"]
    period = {"start": monday_of(end) - timedelta(weeks=3), "end": end}
    org = group_weeks(demo_session, scope, by="org", **period)
    shown = table_with(at, "hours_per_person", without="team")
    assert shown["week"].tolist() == org["week"].tolist() and len(org) == 4
    assert shown["hours"].tolist() == pytest.approx(hours(org["minutes"]))


def test_the_people_table_turns_pages_and_the_pages_hold_everyone(app_as, persona, demo_session):
    """Page 2 shows the next people; the pages together are the whole table, each person once."""
    scope = scope_of(demo_session, persona("hr"))
    period = default_period()
    everyone = people_week_table(demo_session, scope, **period)
    assert len(everyone) > PEOPLE_PER_PAGE  # the demo has more people than a page
    pages = -(-len(everyone) // PEOPLE_PER_PAGE)
    at = app_as("hr", WEEKLY)
    at.number_input(key="weekly_people_page").set_value(2).run()
    assert not at.exception
    shown = table_with(at, "weeks_counted")
    assert (
        shown["employee_code"].tolist()
        == everyone["employee_code"][PEOPLE_PER_PAGE : 2 * PEOPLE_PER_PAGE].tolist()
    )
    second = f"People {PEOPLE_PER_PAGE + 1} to {min(len(everyone), 2 * PEOPLE_PER_PAGE)}"
    assert any(f"{second} of the {len(everyone)} counted" in c.value for c in at.caption)
    joined = pd.concat(
        [people_week_page(demo_session, scope, page=n, **period).table for n in range(1, pages + 1)]
    )
    assert joined["employee_code"].tolist() == everyone["employee_code"].tolist()
    assert joined["minutes"].tolist() == everyone["minutes"].tolist()
    past_the_end = people_week_page(demo_session, scope, page=pages + 5, **period)
    assert (
        past_the_end.page == pages
        and past_the_end.table["employee_code"].tolist()
        == everyone["employee_code"][(pages - 1) * PEOPLE_PER_PAGE :].tolist()
    )
