"""Skills on a date: coverage, coverage indexes, bench depth and gaps, worked out by hand."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from data_model.access import AccessDenied, Scope
from data_model.metrics import (
    bench_depth,
    gap_candidates,
    organisation_coverage_index,
    organisation_coverage_over_time,
    skill_coverage,
    skill_gaps,
    team_coverage_index,
)

AS_OF = date(2026, 3, 4)  # a Wednesday in 2026-W10 (Mon 2 .. Sun 8 March)


@pytest.fixture
def skills(org):
    """Cloud needs K8s>=3 x2, Go>=2 x4, Rust>=1 x1; Ops needs K8s>=4 x2.

    Counted for Cloud in W10: S1..S6 (S3 exited on W10's Monday, S4 hired on its Sunday);
    not S7 (exited the Sunday before).
    """
    org.team("Cloud")
    org.team("Ops")
    org.target("Cloud", "K8s", level=3, headcount=2)
    org.target("Cloud", "Go", level=2, headcount=4)
    org.target("Cloud", "Rust", level=1, headcount=1)
    org.target("Ops", "K8s", level=4, headcount=2)
    org.employee("S1", team="Cloud")
    org.skill("S1", "K8s", 4)
    org.skill("S1", "Go", 2, source="manager")
    org.employee("S2", team="Cloud")
    org.skill("S2", "K8s", 2, source="self")
    org.badge("S2", issued="2025-03-04", expires="2026-03-04", skill="K8s", level=3)  # expires on AS_OF
    org.skill("S2", "Go", 1)
    org.employee("S3", team="Cloud", exited="2026-03-02")
    org.badge("S3", issued="2025-06-01", expires="2027-01-01", skill="K8s", level=3)
    org.skill("S3", "Go", 2)
    org.employee("S4", team="Cloud", hired="2026-03-08")
    org.skill("S4", "K8s", 5, since="2026-03-05")  # not yet valid on AS_OF
    org.employee("S5", team="Cloud")
    org.skill("S5", "K8s", 3, until="2026-03-01")  # history: closed, then a lower level
    org.skill("S5", "K8s", 2, since="2026-03-01")
    org.skill("S5", "Go", 3)
    org.employee("S6", team="Cloud")
    org.badge("S6", issued="2025-01-01", skill="K8s", level=4, verification="revoked")
    org.employee("S7", team="Cloud", exited="2026-03-01")
    org.skill("S7", "K8s", 5)
    org.employee("S8", team="Ops")
    org.skill("S8", "K8s", 5)
    return org.commit()


def test_skill_coverage_per_team_and_target(skills):
    coverage = skill_coverage(skills.session, Scope.all(), as_of=AS_OF)
    assert list(coverage.columns) == [
        "team",
        "skill",
        "min_level",
        "required_headcount",
        "team_size",
        "people_at_level",
        "coverage",
        "people_missing",
        "priority",
        "target_date",
    ]
    rows = coverage[["team", "skill", "team_size", "people_at_level", "coverage", "people_missing"]]
    assert rows.values.tolist() == [
        ["Cloud", "Go", 6, 3, 0.75, 1],  # S1 (2), S3 (2), S5 (3): 3 of 4
        ["Cloud", "K8s", 6, 2, 1.0, 0],  # S1 (4), S3 (badge 3); S2's badge expired today, S5 now 2
        ["Cloud", "Rust", 6, 0, 0.0, 1],  # nobody
        ["Ops", "K8s", 1, 1, 0.5, 1],  # S8 (5): 1 of 2
    ]


def test_coverage_is_capped_at_one(skills):
    # The day before: S2's badge still valid (3), S5 already down to 2 -> S1, S2, S3 = 3 of 2 -> 1
    coverage = skill_coverage(skills.session, Scope.all(), as_of=date(2026, 3, 3), team="Cloud")
    k8s = coverage[coverage.skill == "K8s"].iloc[0]
    assert (k8s.people_at_level, k8s.coverage, k8s.people_missing) == (3, 1.0, 0)


def test_coverage_indexes(skills):
    teams = team_coverage_index(skills.session, Scope.all(), as_of=AS_OF)
    assert teams[["team", "targets", "targets_met", "team_size"]].values.tolist() == [
        ["Cloud", 3, 1, 6],
        ["Ops", 1, 0, 1],
    ]
    assert teams.coverage_index.tolist() == pytest.approx([(0.75 + 1 + 0) / 3, 0.5])
    # organisation: the mean over all four targets
    assert organisation_coverage_index(skills.session, Scope.all(), as_of=AS_OF) == pytest.approx(
        (0.75 + 1 + 0 + 0.5) / 4
    )


def test_bench_depth_counts_level_four_and_up(skills):
    depth = bench_depth(skills.session, Scope.all(), as_of=AS_OF)
    # K8s: S1 (4), S8 (5); S6's revoked badge, S7 (gone) and S4 (not yet) do not count
    assert depth[["skill", "people"]].values.tolist() == [["K8s", 2], ["Go", 0], ["Rust", 0]]


def test_skill_gaps_name_the_closest_people(skills):
    gaps = skill_gaps(skills.session, Scope.all(), as_of=AS_OF, closest=2)
    assert gaps[["team", "skill", "people_missing", "closest_people"]].values.tolist() == [
        # Go >= 2: below are S2 (1), S4 (0), S6 (0): nearest first, then by code
        ["Cloud", "Go", 1, "S2 Person S2 (level 1), S4 Person S4 (level 0)"],
        ["Cloud", "Rust", 1, "S1 Person S1 (level 0), S2 Person S2 (level 0)"],
        ["Ops", "K8s", 1, None],  # the only member is already at level
    ]
    candidates = gap_candidates(skills.session, Scope.all(), as_of=AS_OF, team="Cloud")
    go = candidates[candidates.skill == "Go"]
    assert go[["employee_code", "current_level", "rank"]].values.tolist() == [
        ["S2", 1, 1],
        ["S4", 0, 2],
        ["S6", 0, 3],
    ]


def test_an_executive_sees_no_names_and_small_teams_suppressed(skills):
    gaps = skill_gaps(skills.session, Scope.executive(), as_of=AS_OF)
    assert gaps.closest_people.isna().all()
    cloud = gaps[gaps.team == "Cloud"]
    assert cloud.suppressed.isna().all() and cloud.people_missing.tolist() == [1, 1]
    ops = gaps[gaps.team == "Ops"].iloc[0]
    assert ops.suppressed == "too few to show (n<5)" and pd.isna(ops.people_missing)
    with pytest.raises(AccessDenied):
        gap_candidates(skills.session, Scope.executive(), as_of=AS_OF)


def test_an_expired_badge_stops_giving_its_skill_even_if_its_row_stays_open(org):
    org.team("Cloud")
    org.target("Cloud", "K8s", level=3, headcount=2)
    org.employee("A", team="Cloud")
    org.skill("A", "K8s", 3)
    org.employee("B", team="Cloud")
    badge = org.badge("B", issued="2025-01-15", expires="2026-02-15")
    org.skill("B", "K8s", 3, since="2025-01-15", until=None, source="badge", badge=badge)  # never closed
    org.commit()
    over_time = organisation_coverage_over_time(
        org.session, Scope.all(), start=date(2026, 1, 1), end=date(2026, 3, 4)
    )
    assert over_time.month.tolist() == ["2026-01", "2026-02", "2026-03"]
    assert over_time.as_of.tolist() == [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 4)]
    # January: A and B -> 2 of 2; after 15 February only A -> 1 of 2
    assert over_time.coverage_index.tolist() == pytest.approx([1.0, 0.5, 0.5])
    assert over_time.targets.tolist() == [1, 1, 1]


@pytest.mark.parametrize("scope", [Scope.all(), Scope.executive()], ids=["hr", "exec"])
@pytest.mark.parametrize("team", [None, "Cloud"])
def test_the_skills_overview_is_each_figure_read_alone(skills, scope, team):
    """One read of coverage for the whole Skills page, the same answers as each figure alone."""
    from data_model.metrics.recommendations import gap_closing_plan
    from data_model.metrics.skill_overview import skills_overview

    session = skills.session
    overview = skills_overview(session, scope, as_of=AS_OF, team=team, closest=2)
    pd.testing.assert_frame_equal(overview.coverage, skill_coverage(session, scope, as_of=AS_OF, team=team))
    pd.testing.assert_frame_equal(
        overview.team_index, team_coverage_index(session, scope, as_of=AS_OF, team=team)
    )
    assert overview.index == organisation_coverage_index(session, scope, as_of=AS_OF, team=team)
    pd.testing.assert_frame_equal(
        overview.gaps, skill_gaps(session, scope, as_of=AS_OF, team=team, closest=2)
    )
    pd.testing.assert_frame_equal(overview.plan, gap_closing_plan(session, scope, as_of=AS_OF, team=team))
    # and the figures are the hand-computed ones above (Cloud: Go 0.75, K8s 1, Rust 0)
    if team == "Cloud" and scope.can_see_individuals:
        assert overview.coverage.coverage.tolist() == pytest.approx([0.75, 1.0, 0.0])
