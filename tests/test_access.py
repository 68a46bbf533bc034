"""Scopes: a lead sees their teams and sub-teams, an employee only themselves, an executive no one.

Every public metric function is run under each scope (the registry below must name them all),
first on a small hand-built organisation, then on the demo organisation from `seed`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pandas as pd
import pytest
import sqlalchemy as sa

from data_model import metrics
from data_model.access import AccessDenied, Scope, filter_people, filter_teams, led_team_ids
from data_model.models import Employee, Team
from tests.builders import Org

Call = Callable[[Any, Scope, dict[str, date]], Any]

# name -> call with the period (start, end, as_of); every public metric function appears here.
CALLS: dict[str, Call] = {
    "weekly_learning_minutes[employee]": lambda s, sc, d: metrics.weekly_learning_minutes(
        s, sc, start=d["start"], end=d["end"], by="employee"
    ),
    "weekly_learning_minutes[team]": lambda s, sc, d: metrics.weekly_learning_minutes(
        s, sc, start=d["start"], end=d["end"], by="team"
    ),
    "weekly_learning_minutes[org]": lambda s, sc, d: metrics.weekly_learning_minutes(
        s, sc, start=d["start"], end=d["end"], by="org"
    ),
    "inactive_people": lambda s, sc, d: metrics.inactive_people(s, sc, weeks=2, as_of=d["as_of"]),
    "assignment_status_counts": lambda s, sc, d: metrics.assignment_status_counts(s, sc, as_of=d["as_of"]),
    "overdue_enrollments": lambda s, sc, d: metrics.overdue_enrollments(s, sc, as_of=d["as_of"]),
    "completion_rate": lambda s, sc, d: metrics.completion_rate(
        s, sc, start=d["start"] - timedelta(days=365), end=d["end"], by="team"
    ),
    "median_days_to_complete": lambda s, sc, d: metrics.median_days_to_complete(
        s, sc, start=d["start"] - timedelta(days=365), end=d["end"], by="team"
    ),
    "onboarding_completion": lambda s, sc, d: metrics.onboarding_completion(
        s, sc, hired_from=d["start"] - timedelta(days=3650), hired_to=d["end"], by="team"
    ),
    "skill_coverage": lambda s, sc, d: metrics.skill_coverage(s, sc, as_of=d["as_of"]),
    "team_coverage_index": lambda s, sc, d: metrics.team_coverage_index(s, sc, as_of=d["as_of"]),
    "organisation_coverage_index": lambda s, sc, d: metrics.organisation_coverage_index(
        s, sc, as_of=d["as_of"]
    ),
    "organisation_coverage_over_time": lambda s, sc, d: metrics.organisation_coverage_over_time(
        s, sc, start=d["start"], end=d["end"]
    ),
    "bench_depth": lambda s, sc, d: metrics.bench_depth(s, sc, as_of=d["as_of"], min_level=1),
    "gap_candidates": lambda s, sc, d: metrics.gap_candidates(s, sc, as_of=d["as_of"]),
    "skill_gaps": lambda s, sc, d: metrics.skill_gaps(s, sc, as_of=d["as_of"]),
    "gap_closing_recommendation": lambda s, sc, d: metrics.gap_closing_recommendation(
        s, sc, as_of=d["as_of"]
    ),
    "retention": lambda s, sc, d: metrics.retention(
        s, sc, reference_date=d["start"] - timedelta(days=60), as_of=d["as_of"]
    ),
    "survival_by_tenure": lambda s, sc, d: metrics.survival_by_tenure(
        s, sc, reference_date=d["start"] - timedelta(days=60), as_of=d["as_of"]
    ),
    "spend_by_team_month": lambda s, sc, d: metrics.spend_by_team_month(
        s, sc, start=d["start"] - timedelta(days=365), end=d["end"]
    ),
    "cost_per_learning_hour": lambda s, sc, d: metrics.cost_per_learning_hour(
        s, sc, start=d["start"] - timedelta(days=365), end=d["end"], by="team"
    ),
    "cost_per_badge": lambda s, sc, d: metrics.cost_per_badge(
        s, sc, start=d["start"] - timedelta(days=365), end=d["end"], by="team"
    ),
    "pathway_progress": lambda s, sc, d: metrics.pathway_progress(s, sc, as_of=d["as_of"]),
    "headline_figures": lambda s, sc, d: metrics.headline_figures(s, sc, as_of=d["as_of"]),
}
PER_PERSON = {
    "weekly_learning_minutes[employee]",
    "inactive_people",
    "overdue_enrollments",
    "gap_candidates",
    "pathway_progress",
}


def test_the_registry_names_every_public_metric_function():
    called = {name.split("[")[0] for name in CALLS}
    public = {name for name in metrics.__all__ if callable(getattr(metrics, name)) and name[0].islower()}
    assert called == public


def codes_in(frame: pd.DataFrame) -> set[str]:
    """Every employee code a frame shows: its code column and the names in `closest_people`."""
    codes = set(frame["employee_code"].dropna()) if "employee_code" in frame.columns else set()
    if "closest_people" in frame.columns:
        for text in frame["closest_people"].dropna():
            codes |= {entry.split(" ")[0] for entry in text.split(", ")}
    return codes


def teams_in(frame: pd.DataFrame) -> set[str]:
    return set(frame["team"].dropna()) if "team" in frame.columns else set()


# -- a hand-built organisation ------------------------------------------------------------------

PERIOD = {"start": date(2026, 1, 5), "end": date(2026, 3, 1), "as_of": date(2026, 3, 4)}
ENGINEERING = {
    "Engineering": ["ENG-L1", "ENG-1"],
    "Platform": ["PLT-L2", "PLT-1", "PLT-2"],
    "Edge": ["EDG-1"],
}
SALES = {"Sales": ["SAL-L3", "SAL-1", "SAL-2", "SAL-3", "SAL-4", "SAL-5"]}


@pytest.fixture
def company(session) -> Org:
    """Engineering > Platform > Edge (led by ENG-L1 and PLT-L2), and Sales (led by SAL-L3)."""
    org = Org(session)
    org.team("Engineering")
    org.team("Platform", parent="Engineering")
    org.team("Edge", parent="Platform")
    org.team("Sales")
    org.credential("GO-1", cost=100, hours=10, grants={"Go": 3})
    org.credential("SELL-1", cost=80, hours=8, grants={"Selling": 3})
    org.pathway("Cloud Certificate", ["GO-1", "SELL-1"])
    for team, codes in {**ENGINEERING, **SALES}.items():
        org.target(team, "Go" if team != "Sales" else "Selling", level=3, headcount=3)
        for i, code in enumerate(codes):
            exited = "2026-02-20" if i == 2 else None  # one leaver per larger team
            org.employee(code, team=team, hired="2025-01-06" if i else "2025-06-02", exited=exited)
            org.log(code, "2026-01-06", 60 + 30 * i)
            org.log(code, "2025-09-01", 700)  # learners for retention
            if i % 2 == 0:
                org.log(code, "2026-02-24", 45)
            org.enroll(code, "GO-1", assigned="2026-01-05", due="2026-02-01", reason="onboarding")
            org.enroll(code, "SELL-1", assigned="2026-01-05", status="completed", completed="2026-01-30")
            org.badge(code, issued="2026-01-30", credential="SELL-1", skill="Selling", level=3)
            org.skill(code, "Go", 3 if i == 1 else 1)
    org.set_lead("Engineering", "ENG-L1")
    org.set_lead("Platform", "PLT-L2")
    org.set_lead("Sales", "SAL-L3")
    org.account("lead@example.com", "lead", employee="ENG-L1")
    org.account("sub@example.com", "lead", employee="PLT-L2")
    org.account("me@example.com", "employee", employee="PLT-1")
    org.account("ceo@example.com", "exec")
    org.account("hr@example.com", "hr")
    return org.commit()


def test_a_lead_sees_the_teams_they_lead_and_every_team_below(company):
    teams = company.teams
    lead = Scope.for_lead(company.session, company.people["ENG-L1"].id)
    assert lead.team_ids == {teams["Engineering"].id, teams["Platform"].id, teams["Edge"].id}
    assert Scope.for_lead(company.session, company.people["PLT-L2"].id).team_ids == {
        teams["Platform"].id,
        teams["Edge"].id,
    }
    assert Scope.for_lead(company.session, company.people["PLT-1"].id).team_ids == frozenset()


def test_scope_for_account_follows_the_role(company):
    from data_model.models import Account

    accounts = {a.email: a for a in company.session.exec(sa.select(Account)).scalars()}
    lead = Scope.for_account(company.session, accounts["lead@example.com"])
    assert lead.role == "lead" and len(lead.team_ids) == 3 and lead.email == "lead@example.com"
    me = Scope.for_account(company.session, accounts["me@example.com"])
    assert me.only_self and me.employee_id == company.people["PLT-1"].id
    ceo = Scope.for_account(company.session, accounts["ceo@example.com"])
    assert ceo == Scope.executive("ceo@example.com") and not ceo.can_see_individuals
    assert Scope.for_account(company.session, accounts["hr@example.com"]).sees_all_teams
    accounts["hr@example.com"].active = False
    with pytest.raises(AccessDenied, match="not active"):
        Scope.for_account(company.session, accounts["hr@example.com"])
    assert hash(lead) == hash(
        Scope.for_lead(company.session, company.people["ENG-L1"].id, "lead@example.com")
    )


def test_filter_helpers_narrow_any_select_in_sql(company):
    session = company.session

    def codes(scope: Scope) -> list[str]:
        query = filter_people(sa.select(Employee.employee_code), scope).order_by(Employee.employee_code)
        return list(session.execute(query).scalars())

    def teams(scope: Scope) -> list[str]:
        return sorted(session.execute(filter_teams(sa.select(Team.name), scope, Team.id)).scalars())

    lead = Scope.for_lead(session, company.people["PLT-L2"].id)
    assert codes(lead) == ["EDG-1", "PLT-1", "PLT-2", "PLT-L2"]
    assert teams(lead) == ["Edge", "Platform"]
    me = Scope.for_employee(company.people["PLT-1"].id)
    assert codes(me) == ["PLT-1"] and teams(me) == ["Platform"]
    assert codes(Scope.for_employee(None)) == [] and teams(Scope.for_employee(None)) == []
    assert len(codes(Scope.executive())) == len(codes(Scope.all())) == 12  # aggregates over everyone
    assert codes(Scope.for_lead(session, company.people["PLT-1"].id)) == []  # leads nothing: sees no one


def test_a_parent_cycle_does_not_loop_forever(company):
    company.teams["Engineering"].parent_id = company.teams["Edge"].id  # Edge -> ... -> Engineering
    company.session.add(company.teams["Engineering"])
    company.session.flush()
    assert len(led_team_ids(company.session, company.people["PLT-L2"].id)) == 3


def test_a_lead_gets_no_row_of_another_team(company):
    scope = Scope.for_lead(company.session, company.people["ENG-L1"].id)
    rows = 0
    for name, call in CALLS.items():
        answer = call(company.session, scope, PERIOD)
        if isinstance(answer, pd.DataFrame):
            assert teams_in(answer) <= set(ENGINEERING), name
            assert codes_in(answer) <= {c for codes in ENGINEERING.values() for c in codes}, name
            assert "SAL-" not in answer.to_csv() and "Sales" not in answer.to_csv(), name
            rows += len(answer)
    assert rows > 100


def test_a_leads_figures_count_only_their_people(company):
    scope = Scope.for_lead(company.session, company.people["ENG-L1"].id)
    figures = metrics.headline_figures(company.session, scope, as_of=PERIOD["as_of"])
    # six people in Engineering, Platform and Edge; PLT-2 left on 2026-02-20
    assert figures.active_employees == 5
    weeks = metrics.weekly_learning_minutes(
        company.session, scope, start=date(2026, 1, 5), end=date(2026, 1, 11)
    )
    # 2026-01-06: ENG-L1 60, ENG-1 90, PLT-L2 60, PLT-1 90, PLT-2 120, EDG-1 60
    assert weeks.minutes.sum() == 480
    coverage = metrics.organisation_coverage_index(company.session, scope, as_of=PERIOD["as_of"])
    # Go >= 3 x3: Engineering ENG-1 -> 1/3; Platform PLT-1 -> 1/3; Edge none -> 0 (Sales not counted)
    assert coverage == pytest.approx((1 / 3 + 1 / 3 + 0) / 3)
    assert not metrics.overdue_enrollments(company.session, scope, as_of=PERIOD["as_of"]).empty


def test_an_employee_sees_only_themselves(company):
    scope = Scope.for_employee(company.people["PLT-1"].id)
    others = [code for codes in {**ENGINEERING, **SALES}.values() for code in codes if code != "PLT-1"]
    for name, call in CALLS.items():
        answer = call(company.session, scope, PERIOD)
        if isinstance(answer, pd.DataFrame):
            assert codes_in(answer) <= {"PLT-1"}, name
            assert teams_in(answer) <= {"Platform"}, name
            text = answer.to_csv()
            assert not any(code in text for code in others), name
        elif name == "headline_figures":
            assert answer.active_employees == 1


def test_an_executive_gets_no_per_person_rows(company):
    everyone = [code for codes in {**ENGINEERING, **SALES}.values() for code in codes]
    for name, call in CALLS.items():
        if name in PER_PERSON:
            with pytest.raises(AccessDenied):
                call(company.session, Scope.executive(), PERIOD)
            continue
        answer = call(company.session, Scope.executive(), PERIOD)
        if isinstance(answer, pd.DataFrame):
            assert codes_in(answer) == set(), name
            assert "full_name" not in answer.columns or answer["full_name"].isna().all(), name
            text = answer.to_csv()
            assert not any(code in text for code in everyone), name


def test_an_executive_sees_small_groups_suppressed(company):
    weeks = metrics.weekly_learning_minutes(
        company.session, Scope.executive(), start=date(2026, 1, 5), end=date(2026, 1, 11), by="team"
    ).set_index("team")
    assert (
        weeks.loc["Sales", "suppressed"] is None
        and weeks.loc["Sales", "minutes"] == 60 + 90 + 120 + 150 + 180 + 210
    )
    assert weeks.loc["Platform", "suppressed"] == "too few to show (n<5)"
    assert pd.isna(weeks.loc["Platform", "minutes"]) and weeks.loc["Platform", "employees"] == 3


# -- the demo organisation ----------------------------------------------------------------------

DEMO_END = date(2026, 3, 1)


@pytest.fixture
def demo(engine, session):
    seed = pytest.importorskip("seed", reason="seed/ (the demo organisation) is not there yet")
    seed.build_demo_organisation(engine, employees=150, weeks=10, seed=11, end=DEMO_END)
    return session


def _demo_lead(session) -> tuple[Scope, set[str], set[str]]:
    """A lead who does not see everything, with the team names and codes they may see."""
    team_count = session.execute(sa.select(sa.func.count()).select_from(Team)).scalar_one()
    leads = session.execute(
        sa.select(Team.lead_id).where(Team.lead_id.is_not(None)).order_by(Team.id)
    ).scalars()
    for lead_id in leads:
        scope = Scope.for_lead(session, lead_id)
        if 0 < len(scope.team_ids) < team_count:
            names = set(session.execute(sa.select(Team.name).where(Team.id.in_(scope.team_ids))).scalars())
            codes = set(
                session.execute(
                    sa.select(Employee.employee_code).where(Employee.team_id.in_(scope.team_ids))
                ).scalars()
            )
            return scope, names, codes
    pytest.fail("the demo organisation has no lead of only part of the company")


def test_on_the_demo_organisation_a_lead_gets_no_row_of_another_team(demo):
    scope, names, codes = _demo_lead(demo)
    period = {"start": DEMO_END - timedelta(weeks=8), "end": DEMO_END, "as_of": DEMO_END}
    seen_rows = 0
    for name, call in CALLS.items():
        answer = call(demo, scope, period)
        if isinstance(answer, pd.DataFrame):
            assert teams_in(answer) <= names, name
            assert codes_in(answer) <= codes, name
            seen_rows += len(answer)
    assert seen_rows > 0


def test_on_the_demo_organisation_an_executive_gets_no_per_person_rows(demo):
    period = {"start": DEMO_END - timedelta(weeks=8), "end": DEMO_END, "as_of": DEMO_END}
    for name, call in CALLS.items():
        if name in PER_PERSON:
            with pytest.raises(AccessDenied):
                call(demo, Scope.executive(), period)
            continue
        answer = call(demo, Scope.executive(), period)
        if isinstance(answer, pd.DataFrame):
            assert codes_in(answer) == set(), name
            assert "full_name" not in answer.columns or answer["full_name"].isna().all(), name
