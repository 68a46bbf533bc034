"""The executive privacy floor cannot be forgotten: every public read function, found by looking,
is called with an executive scope on an organisation with a team of 4, with and without that team
as a filter. Any per-person row, or any figure about a group of fewer than 5 people, fails.

A new read function is picked up by itself (any public function of `data_model.metrics.*`,
whose parameters are `session, scope, ...`); one whose
arguments this test cannot make fails `test_every_read_function_can_be_called` until ARGUMENTS
learns them.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
import math
import pkgutil
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pandas as pd
import pytest
import sqlalchemy as sa

import data_model.metrics
from data_model.access import PRIVACY_FLOOR, AccessDenied, Scope
from tests.builders import Org

AS_OF = date(2026, 3, 4)
START, END = date(2025, 3, 3), date(2026, 3, 1)
TINY, LARGE = "Tiny", "Large"  # 4 and 6 people
PER_PERSON_COLUMNS = {
    "employee_code",
    "full_name",
    "email",
    "employee_id",
    "closest_people",
    "person",
    "name",
}
# How many people a row is about: shown (so a reader knows why a figure is missing), never a leak.
GROUP_SIZES = {
    "employees",
    "people",
    "team_size",
    "people_in_view",
    "new_hires",
    "people_on_pathway",
    "at_risk",
}
# Columns that describe a target, a period or a thing, not people.
NOT_FIGURES = {
    "min_level", "required_headcount", "priority", "targets", "level", "position", "expected_hours",
    "credentials",
    "required", "steps", "target_minutes_policy", "id", "team_id", "skill_id", "credential_id", "pathway_id",
    "validity_months", "cost_each", "months", "tenure_months", "month_number",
}  # fmt: skip
# Functions that build SQL for other read functions (they return a query, not rows).
QUERY_BUILDERS = {"employee_weeks_cte", "coverage_subquery"}


def read_functions() -> Iterator[tuple[str, Callable[..., Any]]]:
    modules = [f"data_model.metrics.{m.name}" for m in pkgutil.iter_modules(data_model.metrics.__path__)]
    for module_name in modules:
        module = importlib.import_module(module_name)
        for name, func in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or func.__module__ != module_name or name in QUERY_BUILDERS:
                continue
            params = list(inspect.signature(func).parameters)
            if params[:2] == ["session", "scope"]:
                yield f"{module_name.rsplit('.', 1)[-1]}.{name}", func


@pytest.fixture
def company(session) -> Org:
    """Tiny (4 people) and Large (6), each with learning, assignments, badges, skills, targets, spend."""
    org = Org(session)
    org.team(TINY)
    org.team(LARGE)
    org.credential("GO-1", cost=100, hours=10, grants={"Go": 3})
    org.pathway("Go Certificate", ["GO-1"])
    for team, size in ((TINY, 4), (LARGE, 6)):
        org.target(team, "Go", level=3, headcount=3)
        for i in range(size):
            code = f"{team[0]}-{i}"
            org.employee(code, team=team, hired="2024-01-08", exited="2026-02-20" if i == 0 else None)
            org.log(code, "2025-06-02", 700)
            org.log(code, "2026-02-24", 30 + i)
            org.enroll(code, "GO-1", assigned="2025-06-01", due="2025-07-01", reason="onboarding")
            if i % 2:
                org.badge(code, issued="2025-12-01", credential="GO-1", skill="Go", level=3)
            org.skill(code, "Go", 1 + i % 3)
    return org.commit()


def arguments(name: str, func: Callable[..., Any], org: Org, team: str | None) -> dict[str, Any] | None:
    """Keyword arguments for `func` by parameter name; None when it takes no team and one is asked."""
    tiny_member = org.people["T-1"]
    known: dict[str, Any] = {
        "as_of": AS_OF,
        "start": START,
        "end": END,
        "reference_date": date(2025, 3, 1),
        "hired_from": date(2023, 1, 1),
        "hired_to": END,
        "employee_id": tiny_member.id,
        "employee_ids": [tiny_member.id],
        "credential_id": org.credentials["GO-1"].id,
        "weeks": 2,
        "team_ids": frozenset({org.teams[TINY].id}) if team else None,
    }
    params = inspect.signature(func).parameters
    if team is not None and "team" not in params and "team_ids" not in params:
        return None
    kwargs: dict[str, Any] = {}
    for param in list(params.values())[2:]:
        if param.name == "team":
            kwargs["team"] = team
        elif param.name in known and (param.default is inspect.Parameter.empty or param.name != "team_ids"):
            kwargs[param.name] = known[param.name]
        elif param.name == "team_ids" and team is not None:
            kwargs["team_ids"] = known["team_ids"]
        elif param.default is inspect.Parameter.empty:
            raise LookupError(f"{name}: no value for the required parameter {param.name!r}")
    return kwargs


def _is_figure(column: str, series: pd.Series) -> bool:
    return (
        column not in NOT_FIGURES
        and column not in GROUP_SIZES
        and pd.api.types.is_numeric_dtype(series)
        and not pd.api.types.is_bool_dtype(series)
    )


def leaks(answer: Any, *, filtered_to_tiny: bool) -> list[str]:
    """What an executive must not see in this answer."""
    problems: list[str] = []
    if answer is None:
        return problems
    if isinstance(answer, pd.DataFrame):
        for column in PER_PERSON_COLUMNS & set(answer.columns):
            if answer[column].notna().any():
                problems.append(f"per-person column {column!r}")
        sizes = [c for c in GROUP_SIZES if c in answer.columns]
        for index, row in answer.iterrows():
            small = any(pd.notna(row[c]) and 0 < row[c] < PRIVACY_FLOOR for c in sizes)
            about_tiny = filtered_to_tiny or row.get("team") == TINY
            if small or (about_tiny and not sizes):
                shown = [c for c in answer.columns if _is_figure(c, answer[c]) and pd.notna(row[c])]
                if shown:
                    problems.append(f"row {index} of a group under {PRIVACY_FLOOR} shows {shown}")
        return problems
    if isinstance(answer, int | float) and not isinstance(answer, bool):
        if filtered_to_tiny and not (isinstance(answer, float) and math.isnan(answer)):
            problems.append(f"the figure {answer!r} is about a team of 4")
        return problems
    if dataclasses.is_dataclass(answer):
        fields = {f.name: getattr(answer, f.name) for f in dataclasses.fields(answer)}
        problems += [f"per-person field {f!r}" for f in PER_PERSON_COLUMNS & set(fields) if fields[f]]
        for name, value in fields.items():  # frames inside (a page's several figures in one answer)
            if isinstance(value, pd.DataFrame) or dataclasses.is_dataclass(value):
                problems += [f"{name}: {p}" for p in leaks(value, filtered_to_tiny=filtered_to_tiny)]
        return problems
    if isinstance(answer, list | tuple):
        for item in answer:
            problems += leaks(item, filtered_to_tiny=filtered_to_tiny)
        return problems
    if isinstance(answer, dict):
        return leaks(list(answer.values()), filtered_to_tiny=filtered_to_tiny)
    if isinstance(answer, sa.sql.Selectable):
        return [f"returns a query ({type(answer).__name__}) that an executive could run for rows"]
    return problems


def test_the_search_finds_the_read_functions():
    names = {name for name, _ in read_functions()}
    assert {
        "skills.organisation_coverage_index",
        "learning.weekly_learning_minutes",
        "catalog.providers",
    } <= names
    assert len(names) > 40


def test_every_read_function_can_be_called(company):
    for name, func in read_functions():
        arguments(name, func, company, None)  # raises for a parameter this test cannot fill


@pytest.mark.parametrize("team", [None, TINY], ids=["whole organisation", "the team of 4"])
def test_an_executive_never_gets_a_person_or_a_group_under_five(company, team):
    executive = Scope.executive()
    failures: dict[str, list[str]] = {}
    checked = 0
    for name, func in read_functions():
        kwargs = arguments(name, func, company, team)
        if kwargs is None:
            continue
        try:
            answer = func(company.session, executive, **kwargs)
        except AccessDenied:
            continue  # refused outright: the right answer for per-person questions
        checked += 1
        problems = leaks(answer, filtered_to_tiny=team == TINY)
        if problems:
            failures[name] = problems
    assert checked > 10
    assert failures == {}, "\n".join(f"{k}: {v}" for k, v in failures.items())


def test_the_same_figures_are_shown_to_hr(company):
    """The check can fail: HR gets the team of 4's coverage index and its people."""
    from data_model.metrics import organisation_coverage_index, overdue_enrollments

    index = organisation_coverage_index(company.session, Scope.all(role="hr"), as_of=AS_OF, team=TINY)
    assert leaks(index, filtered_to_tiny=True)
    overdue = overdue_enrollments(company.session, Scope.all(role="hr"), as_of=AS_OF, team=TINY)
    assert leaks(overdue, filtered_to_tiny=True)


def test_teams_of_five_are_shown(company):
    """Not everything is hidden: Large (6 people, 5 still employed) gets its figures."""
    from data_model.metrics import organisation_coverage_index

    assert (
        organisation_coverage_index(company.session, Scope.executive(), as_of=AS_OF, team=LARGE) is not None
    )
