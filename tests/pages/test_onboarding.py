"""The Onboarding plans page: the plans the data holds, in order, and retiring one from the page."""

from __future__ import annotations

from sqlmodel import select

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
    plan = demo_session.exec(select(OnboardingPlan).order_by(OnboardingPlan.name)).first()
    at = app_as("hr", ONBOARDING)
    at.selectbox(key="plan_chosen").set_value(plan.id).run()
    at.button(key="plan_active").click().run()
    assert not at.exception
    assert "retired: it assigns nothing more" in at.success[0].value
    demo_session.expire_all()
    assert demo_session.get(OnboardingPlan, plan.id).active is False


def test_hr_adds_a_rule_switches_it_off_and_reads_the_dry_run(app_as, persona, demo_session):
    from data_model.metrics.rules import assignment_rules, recertification_dry_run
    from tests.conftest import TODAY

    hr = scope_of(demo_session, persona("hr"))
    at = app_as("hr", ONBOARDING)
    at.selectbox(key="rule_kind").set_value("recertify").run()
    at.text_input[-1].input("Recertify the first credential")
    at.button(key="FormSubmitter:rule_form-Add the rule").click().run()
    assert not at.exception
    rules = assignment_rules(demo_session, hr)
    assert rules["name"].tolist() == ["Recertify the first credential"]
    assert rules["days_before"].tolist() == [60] and rules["active"].tolist() == [True]
    dry = recertification_dry_run(demo_session, hr, as_of=TODAY)
    if dry.empty:  # the demo's day decides whether a badge expires within 60 days; both are checked
        assert any("Nobody's badge expires" in i.value for i in at.info)
    else:
        assert at.dataframe[-1].value["employee_code"].tolist() == dry["employee_code"].tolist()
    at.button(key="rule_active").click().run()
    demo_session.expire_all()
    assert assignment_rules(demo_session, hr)["active"].tolist() == [False]
