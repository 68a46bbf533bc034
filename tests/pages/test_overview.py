"""The Overview shows each role the same headline figures the data layer computes for its scope."""

from __future__ import annotations

from datetime import timedelta

import pytest

from data_model.accounts import scope_of
from data_model.metrics.assignments import overdue_enrollments
from data_model.metrics.people import team_roster
from data_model.metrics.summaries import headline_figures
from tests.conftest import TODAY
from tests.pages.conftest import give_open_enrollment


@pytest.mark.parametrize("role", ["admin", "hr", "lead", "exec", "employee"])
def test_overview_shows_the_scoped_headline_figures(app_as, persona, demo_session, role):
    at = app_as(role)
    assert not at.exception
    expected = headline_figures(demo_session, scope_of(demo_session, persona(role)))
    shown = {metric.label: metric.value for metric in at.metric}
    assert shown["People employed"] == f"{expected.active_employees:,}"
    assert (
        shown[f"Learning last week ({expected.last_week})"] == f"{expected.learning_hours_last_week:,.1f} h"
    )
    assert shown["Open enrollments"] == f"{expected.open_enrollments:,}"
    assert shown["Badges earned"] == f"{expected.badges_earned:,}"


def test_a_lead_sees_fewer_people_than_hr(app_as):
    hr = {m.label: m.value for m in app_as("hr").metric}["People employed"]
    lead = {m.label: m.value for m in app_as("lead").metric}["People employed"]
    assert 0 < int(lead.replace(",", "")) < int(hr.replace(",", ""))


def test_needs_attention_lists_the_overdue_assignments_of_the_scope(app_as, persona, demo_session):
    scope = scope_of(demo_session, persona("lead"))
    someone = int(team_roster(demo_session, scope, as_of=TODAY)["employee_id"].iloc[0])
    give_open_enrollment(demo_session, someone, due_date=TODAY - timedelta(days=3))
    at = app_as("lead")
    overdue = overdue_enrollments(demo_session, scope, as_of=TODAY)
    assert len(overdue) > 0
    shown = at.dataframe[0].value
    assert len(shown) == len(overdue)
    assert sorted(shown["full_name"]) == sorted(overdue["full_name"])


def test_executive_attention_has_no_names(app_as):
    at = app_as("exec")
    assert not at.exception
    for table in at.dataframe:
        assert "full_name" not in table.value.columns


def test_the_setup_checklist_is_gone_once_every_step_is_done(app_as, persona, demo_session):
    from data_model.metrics.summaries import setup_checklist

    steps = setup_checklist(demo_session, scope_of(demo_session, persona("hr")))
    assert [s.done for s in steps] == [True] * 6  # the demo has people, catalog, targets, accounts...
    at = app_as("hr")
    assert not any("Set up Upskill" in m.value for m in at.markdown)
    assert setup_checklist(demo_session, scope_of(demo_session, persona("lead"))) == []  # admin and HR only
