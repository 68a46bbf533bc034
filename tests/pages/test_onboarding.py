"""The Onboarding plans page: the plans the data holds, in order, and retiring one from the page."""

from __future__ import annotations

from data_model.accounts import scope_of
from data_model.metrics.onboarding import onboarding_plans
from data_model.models import OnboardingPlan

ONBOARDING = "pages/onboarding.py"


def test_hr_sees_the_plans_the_data_holds(app_as, persona, demo_session):
    at = app_as("hr", ONBOARDING)
    assert not at.exception
    expected = onboarding_plans(demo_session, scope_of(demo_session, persona("hr")), include_retired=True)
    assert not expected.empty  # the demo has plans
    table = at.dataframe[0].value
    assert table["plan"].tolist() == expected["plan"].tolist()
    assert table["credential"].tolist() == expected["credential"].fillna("").tolist()
    assert table["due_days_after_hire"].tolist() == expected["due_days_after_hire"].tolist()


def test_retiring_a_plan_on_the_page_stops_it(app_as, demo_session):
    plan = demo_session.query(OnboardingPlan).order_by(OnboardingPlan.name).first()
    at = app_as("hr", ONBOARDING)
    at.selectbox(key="plan_chosen").set_value(plan.id).run()
    at.button(key="plan_active").click().run()
    assert not at.exception
    assert "retired: it assigns nothing more" in at.success[0].value
    demo_session.expire_all()
    assert demo_session.get(OnboardingPlan, plan.id).active is False
