"""The Overview shows each role the same headline figures the data layer computes for its scope."""

from __future__ import annotations

import pytest

from data_model.accounts import scope_of
from data_model.metrics.headline import headline_figures


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
