"""The Skills page: coverage, bench depth, gaps and the gap-closing plan for each role's scope;
an executive sees counts only; "Assign these" writes the recommended enrollments."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlmodel import select

from data_model.accounts import scope_of
from data_model.metrics import recommendations, skills
from data_model.metrics.gaps import skill_gaps
from data_model.metrics.skills import (
    organisation_coverage_index,
    skill_coverage,
    team_coverage_index,
)
from data_model.models import AuditEvent, Enrollment
from tests.conftest import TODAY
from tests.pages.conftest import as_read

SKILLS = "pages/skills.py"
PER_PERSON = {"employee_code", "full_name", "employee_id"}


def table_with(at, *columns: str) -> pd.DataFrame:
    for element in at.dataframe:
        if set(columns) <= set(element.value.columns):
            return element.value
    raise AssertionError(f"no table with columns {columns}")


def shown_text(values: pd.Series, suppressed: pd.Series | None, render) -> list[str]:
    """What the page must show for each figure: the formatted value or the suppression reason."""
    reasons = suppressed if suppressed is not None else pd.Series(None, index=values.index)
    return [
        reason if pd.isna(v) and isinstance(reason, str) else render(v)
        for v, reason in zip(values, reasons, strict=True)
    ]


@pytest.mark.parametrize("role", ["admin", "hr", "lead", "exec"])
def test_skills_shows_the_scoped_figures(app_as, persona, demo_session, role):
    at = app_as(role, SKILLS)
    assert not at.exception
    assert not at.error
    scope = scope_of(demo_session, persona(role))
    today = TODAY

    shown = {m.label: m.value for m in at.metric}
    index = organisation_coverage_index(demo_session, scope, as_of=today)
    coverage = skill_coverage(demo_session, scope, as_of=today)
    assert shown["Coverage index"] == f"{index:.0%}"
    assert shown["Skill targets"] == f"{len(coverage):,}"

    table = table_with(at, "skill", "coverage")
    assert list(zip(table["team"], table["skill"], strict=True)) == list(
        zip(coverage["team"], coverage["skill"], strict=True)
    )
    assert table["coverage"].tolist() == shown_text(
        coverage["coverage"], coverage.get("suppressed"), "{:.0%}".format
    )

    teams = team_coverage_index(demo_session, scope, as_of=today)
    team_table = table_with(at, "coverage_index")
    assert team_table["team"].tolist() == teams["team"].tolist()
    assert team_table["coverage_index"].tolist() == shown_text(
        teams["coverage_index"], teams.get("suppressed"), "{:.0%}".format
    )

    bench = skills.bench_depth_in_view(demo_session, scope, as_of=today)
    bench_table = table_with(at, "skill", "category", "people")
    assert bench_table["skill"].tolist() == bench["skill"].tolist()
    assert bench_table["people"].tolist() == [f"{n:,}" for n in bench["people"]]

    gaps = skill_gaps(demo_session, scope, as_of=today)
    gap_table = table_with(at, "people_missing", "closest_people")
    assert list(zip(gap_table["team"], gap_table["skill"], strict=True)) == list(
        zip(gaps["team"], gaps["skill"], strict=True)
    )

    plan = recommendations.gap_closing_plan(demo_session, scope, as_of=today)
    plan_table = table_with(at, "credential_code", "skills")
    assert plan_table["credential_code"].tolist() == plan["credential_code"].tolist()
    assert len(at.get("download_button")) == len(at.dataframe)

    if role == "exec":
        for element in at.dataframe:
            frame = element.value
            assert not PER_PERSON & set(frame.columns), frame.columns
        assert gap_table["closest_people"].isna().all()
        assert not [b for b in at.button if b.label.startswith("Assign these")]
        suppressed = coverage[coverage["suppressed"].notna()]
        assert not suppressed.empty, "the demo organisation has teams under 5 people"
        small = table.merge(suppressed[["team", "skill"]], on=["team", "skill"])
        assert (small["coverage"] == "too few to show (n<5)").all()
        assert (small["people_at_level"] == "too few to show (n<5)").all()
    else:
        assert plan_table["full_name"].tolist() == plan["full_name"].tolist()


@pytest.mark.parametrize("role", ["lead", "hr"])
def test_assign_these_writes_the_recommended_enrollments(app_as, persona, demo_session, role):
    scope = scope_of(demo_session, persona(role))
    today = TODAY
    plan = recommendations.gap_closing_plan(demo_session, scope, as_of=today)
    todo = recommendations.assignments_to_make(plan)
    assert todo, "the demo organisation has open skill targets"
    audits_before = len(demo_session.exec(select(AuditEvent)).all())

    at = app_as(role, SKILLS)
    button = next(b for b in at.button if b.label.startswith("Assign these"))
    teams = plan["team"].nunique()
    across = f" across {teams} teams" if teams > 1 else ""
    assert button.label == f"Assign these {len(todo)} micro-credential(s){across}"  # says how much it writes
    button.click().run()
    assert not at.exception
    assert not at.error, at.error[0].value if at.error else ""
    message = as_read(at.success[0].value)
    for item in todo:
        assert f"{item.full_name}: {item.credential_code}, due {item.due_date:%d %b %Y}" in message

    demo_session.expire_all()
    for item in todo:
        enrollment = demo_session.exec(
            select(Enrollment).where(
                Enrollment.employee_id == item.employee_id,
                Enrollment.credential_id == item.credential_id,
                Enrollment.assigned_on == today,
            )
        ).one()
        assert (enrollment.reason, enrollment.status, enrollment.due_date) == (
            "skill_gap",
            "assigned",
            item.due_date,
        )
        assert enrollment.due_date > today
    audits = demo_session.exec(select(AuditEvent)).all()
    assert len(audits) == audits_before + len(todo)
    assert {a.action for a in audits[audits_before:]} == {"assign_credential"}
    assert {a.actor for a in audits[audits_before:]} == {persona(role).email}

    # the plan now shows them as enrolled, so there is nothing left to assign
    assert not [b for b in at.button if b.label.startswith("Assign these")]
    after = table_with(at, "credential_code", "already_enrolled")
    assert after.loc[after["full_name"].notna(), "already_enrolled"].all()
