"""Figures and charts are computed once for every session that may see them, never shared wider."""

from __future__ import annotations

import pandas as pd
import pytest
import streamlit as st

from data_model.access import Scope
from ui import charts, db


@pytest.fixture(autouse=True)
def empty_caches(demo_url):  # the engine opens the test's own database
    st.cache_data.clear()
    yield
    st.cache_data.clear()


@pytest.fixture
def calls() -> list[Scope]:
    return []


@pytest.fixture
def figure(calls):
    def headcount(session, scope: Scope, *, team: str | None = None) -> int:
        calls.append(scope)
        return len(calls)

    return headcount


def test_two_hr_managers_share_one_figure_computed_without_their_email(figure, calls):
    first = db.cached(figure, Scope.all(role="hr", email="ana@example.com"), team="Platform")
    second = db.cached(figure, Scope.all(role="hr", email="ben@example.com"), team="Platform")
    assert first == second == 1
    assert calls == [Scope.all(role="hr")]  # the figure cannot depend on who asked


def test_different_scopes_and_filters_never_share(figure, calls):
    lead_a = Scope(role="lead", employee_id=1, team_ids=frozenset({1, 2}))
    lead_b = Scope(role="lead", employee_id=2, team_ids=frozenset({1, 3}))
    shown = [
        db.cached(figure, lead_a),
        db.cached(figure, lead_b),
        db.cached(figure, Scope.executive()),
        db.cached(figure, Scope.all(role="hr")),
        db.cached(figure, Scope.for_employee(1)),
        db.cached(figure, Scope.for_employee(2)),
        db.cached(figure, lead_a, team="Platform"),
        db.cached(figure, lead_a, team=None),  # said explicitly: its own entry
    ]
    assert shown == [1, 2, 3, 4, 5, 6, 7, 8]


def test_equal_team_sets_share_whatever_order_they_were_built_in(figure, calls):
    many = list(range(0, 4000, 37))
    one = Scope(role="lead", employee_id=1, team_ids=frozenset(many))
    other = Scope(role="lead", employee_id=1, team_ids=frozenset(reversed(many)))
    assert db.cached(figure, one) == db.cached(figure, other) == 1


def test_an_argument_without_a_plain_key_is_still_cached_by_its_value(calls):
    def rows(session, frame: pd.DataFrame) -> int:
        calls.append(frame)
        return len(frame)

    frame = pd.DataFrame({"a": [1, 2, 3]})
    assert db.cached(rows, frame) == db.cached(rows, frame.copy()) == 3
    assert db.cached(rows, pd.DataFrame({"a": [1]})) == 1
    assert len(calls) == 2


def test_a_write_clears_every_cached_figure(figure, calls):
    db.cached(figure, Scope.all(role="hr"))
    db.clear_cached_figures()
    assert db.cached(figure, Scope.all(role="hr")) == 2


def test_a_chart_spec_is_built_once_per_figure(monkeypatch):
    built: list[int] = []

    def bars(frame: pd.DataFrame, *, title: str):
        built.append(len(frame))
        return charts.count_bars(
            frame, category="skill", value="people", category_title=title, value_title="n"
        )

    frame = pd.DataFrame({"skill": ["Kubernetes", "Rust"], "people": [3, 5]})
    monkeypatch.setattr(st, "vega_lite_chart", lambda spec, **kwargs: None)
    charts.draw(bars, frame, title="Skill")
    charts.draw(bars, frame.copy(), title="Skill")
    charts.draw(bars, frame, title="Other")
    charts.draw(bars, frame.assign(people=[4, 5]), title="Skill")
    assert built == [2, 2, 2]


def test_the_cached_spec_is_what_streamlit_would_send():
    from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

    frame = pd.DataFrame({"skill": ["Kubernetes", "Rust"], "people": [3, 5]})
    options = {"category": "skill", "value": "people", "category_title": "Skill", "value_title": "n"}
    spec = charts._vega_lite_spec(charts.count_bars, "count_bars", frame, options)
    assert spec == _convert_altair_to_vega_lite_spec(charts.count_bars(frame, **options))
    assert all(isinstance(data, bytes) for data in spec["datasets"].values())  # Arrow, built once
