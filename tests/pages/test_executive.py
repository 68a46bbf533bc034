"""The Executive page shows the exec and admin the aggregated figures of the data layer; for the
exec nobody is named and every group under 5 people reads "too few to show"."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from data_model.accounts import scope_of
from data_model.metrics import spend
from data_model.metrics.badges import badges_by_month
from data_model.metrics.calendar import add_months, monday_of
from data_model.metrics.pathways import pathway_completions
from data_model.metrics.retention import retention, survival_by_tenure
from data_model.metrics.skills import organisation_coverage_index, organisation_coverage_over_time
from tests.conftest import TODAY
from ui import format

EXECUTIVE = "pages/executive.py"
TOO_FEW = "too few to show (n<5)"
PER_PERSON = {"employee_code", "full_name", "employee_id", "person"}


def default_span() -> dict[str, date]:
    """The page's default period: the last 52 complete ISO weeks."""
    end = monday_of(TODAY) - timedelta(days=1)
    return {"start": monday_of(end) - timedelta(weeks=51), "end": end}


def table_with(at, *columns: str) -> pd.DataFrame:
    for element in at.dataframe:
        if set(columns) <= set(element.value.columns):
            return element.value
    raise AssertionError(f"no table with columns {columns}")


def expected_text(frame: pd.DataFrame, column: str, render) -> list[str]:
    reasons = frame["suppressed"] if "suppressed" in frame.columns else pd.Series(None, index=frame.index)
    return [
        reason if pd.isna(value) and isinstance(reason, str) else render(value)
        for value, reason in zip(frame[column], reasons, strict=True)
    ]


@pytest.mark.parametrize("role", ["exec", "admin"])
def test_executive_shows_the_aggregated_figures(app_as, persona, demo_session, role):
    at = app_as(role, EXECUTIVE)
    assert not at.exception
    assert not at.error
    scope = scope_of(demo_session, persona(role))
    today = TODAY
    span = default_span()
    shown = {m.label: m.value for m in at.metric}

    assert (
        shown["Organisation coverage index today"]
        == f"{organisation_coverage_index(demo_session, scope):.0%}"
    )
    over_time = organisation_coverage_over_time(demo_session, scope, **span)
    assert table_with(at, "month", "coverage_index")["coverage_index"].tolist() == [
        f"{v:.0%}" for v in over_time["coverage_index"]
    ]

    assert any("association, not cause" in info.value for info in at.info)
    reference = add_months(today, -12)  # the page's default cohort
    kept = retention(demo_session, scope, reference_date=reference, as_of=today)
    table = table_with(at, "group", "retained")
    assert table["people"].tolist() == kept["people"].tolist()  # group sizes always shown
    assert table["retention"].tolist() == expected_text(kept, "retention", "{:.0%}".format)
    for row, text in zip(kept.itertuples(), table["retention"], strict=True):
        assert shown[f"{row.group.capitalize()}s: still employed"] == text
    curve = survival_by_tenure(demo_session, scope, reference_date=reference, as_of=today)
    survival = table_with(at, "tenure_months", "survival")
    assert survival["survival"].tolist() == expected_text(curve, "survival", "{:.0%}".format)

    per_hour = spend.cost_per_learning_hour(demo_session, scope, by="org", **span)
    money = {column: expected_text(per_hour, column, str) for column in ("cost", "cost_per_learning_hour")}
    for i, row in enumerate(per_hour.itertuples()):
        for label, column in (("Spend", "cost"), ("Cost per learning hour", "cost_per_learning_hour")):
            expected = money[column][i]
            if not expected.startswith("too few"):
                expected = format.money(getattr(row, column), row.currency)
            assert shown[f"{label} ({row.currency})"] == expected
    by_team = spend.team_spend(demo_session, scope, **span)
    team_table = table_with(at, "team", "cost_per_badge")
    assert team_table["team"].tolist() == by_team["team"].tolist()
    assert team_table["cost"].tolist() == [
        text if text.startswith("too few") else format.money(cost, currency)
        for text, cost, currency in zip(
            expected_text(by_team, "cost", str), by_team["cost"], by_team["currency"], strict=True
        )
    ]
    team_month = spend.spend_by_team_month(demo_session, scope, **span)
    assert len(table_with(at, "team", "month", "enrollments")) == len(team_month)

    badges = badges_by_month(demo_session, scope, **span)
    assert table_with(at, "month", "badges")["badges"].tolist() == expected_text(
        badges, "badges", "{:,}".format
    )
    pathways = pathway_completions(demo_session, scope, as_of=today, **span)
    pathway_table = table_with(at, "pathway", "completed")
    assert pathway_table["people_on_pathway"].tolist() == pathways["people_on_pathway"].tolist()
    assert pathway_table["completed"].tolist() == expected_text(pathways, "completed", "{:,}".format)
    assert len(at.get("download_button")) == len(at.dataframe)


def test_the_executive_sees_no_one_and_no_small_group(app_as):
    at = app_as("exec", EXECUTIVE)
    assert not at.exception
    cells = []
    for element in at.dataframe:
        frame = element.value
        assert not PER_PERSON & set(frame.columns), frame.columns
        cells += [str(v) for column in frame.columns for v in frame[column]]
    assert TOO_FEW in cells, "the demo organisation has groups under 5 people"
    # a suppressed figure is never a number: its cell holds the reason
    survival = table_with(at, "tenure_months", "survival")
    small = survival[survival["at_risk"] < 5]
    assert not small.empty and (small["survival"] == TOO_FEW).all() and (small["exits"] == TOO_FEW).all()


def test_money_reads_with_its_currency_symbol(app_as):
    at = app_as("admin", EXECUTIVE)
    costs = table_with(at, "team", "cost_per_badge")["cost"]
    assert all(text[0] in "€$£" or text.startswith("CHF") for text in costs)


def test_choosing_another_cohort_shows_its_retention(app_as, persona, demo_session):
    at = app_as("exec", EXECUTIVE)
    at.button_group(key="cohort").set_value("3 months ago").run()
    assert not at.exception
    scope = scope_of(demo_session, persona("exec"))
    today = TODAY
    kept = retention(demo_session, scope, reference_date=add_months(today, -3), as_of=today)
    table = table_with(at, "group", "retained")
    assert table["people"].tolist() == kept["people"].tolist()
    assert table["retention"].tolist() == expected_text(kept, "retention", "{:.0%}".format)
    assert kept["people"].sum() > 0  # three months back the 16-week demo has people to count


def test_a_cohort_before_any_learning_record_says_what_to_do(app_as):
    at = app_as("exec", EXECUTIVE)  # default cohort: 12 months ago, before the test demo's 16 weeks
    assert any("choose a later one" in c.value for c in at.caption)
