"""Skills and team targets, including SFIA levels mapped onto ours as levels.py documents."""

from __future__ import annotations

from datetime import date

import pytest

from data_model.formats import SFIA_TO_PROFICIENCY, parse_skills, parse_targets, to_proficiency
from data_model.formats.values import ValueProblem

from .conftest import fixture_bytes, messages, where


def test_the_skills_file():
    result = parse_skills(fixture_bytes("skills.csv"), file_name="skills.csv")
    assert result.ok, messages(result)
    assert [(s.name, s.framework, s.external_id) for s in result.records] == [
        ("Kubernetes", "ESCO", "http://data.europa.eu/esco/skill/kubernetes-example"),
        ("Terraform", None, None),
        ("Python", "SFIA", "PROG"),
    ]


def test_skill_errors():
    data = b"name,framework,external_id\nKubernetes,ESCO,k1\nkubernetes,,\nDocker,ESCO,k1\n,,\nOrphan,,x9\n"
    result = parse_skills(data, file_name="skills.csv")
    assert where(result) == [
        ("skills.csv", 3, "name"),
        ("skills.csv", 4, "external_id"),
        ("skills.csv", 6, "external_id"),
    ]
    assert result.errors[0].message == "skill kubernetes is also on line 2"
    assert result.errors[1].message == "ESCO id k1 is also on line 2"


def test_the_targets_file():
    result = parse_targets(fixture_bytes("targets.csv"), file_name="targets.csv")
    assert result.ok, messages(result)
    got = [
        (t.team, t.skill, t.min_level, t.required_headcount, t.target_date, t.priority)
        for t in result.records
    ]
    assert got == [
        ("Platform", "Kubernetes", 3, 4, date(2026, 6, 30), "high"),
        ("Platform", "Terraform", 2, 2, None, "medium"),
        ("Engineering", "Python", 4, 1, date(2026, 12, 31), "low"),
    ]


def test_sfia_levels_map_down_onto_ours():
    result = parse_targets(fixture_bytes("targets_sfia.csv"), file_name="sfia.csv")
    assert result.ok, messages(result)
    assert [(t.source_level, t.min_level) for t in result.records] == [(1, 1), (4, 4), (5, 4), (6, 5), (7, 5)]


def test_the_sfia_table_is_complete_and_never_maps_up():
    assert sorted(SFIA_TO_PROFICIENCY) == [1, 2, 3, 4, 5, 6, 7]
    assert all(1 <= ours <= min(sfia, 5) for sfia, ours in SFIA_TO_PROFICIENCY.items())
    with pytest.raises(ValueProblem):
        to_proficiency(8, "sfia")


def test_target_errors():
    data = (
        b"team,skill,min level,headcount,target date,priority,scale\n"
        b"Platform,Kubernetes,6,1,,,\n"
        b"Platform,Terraform,8,1,,,sfia\n"
        b"Platform,Python,3,0,,,\n"
        b"Platform,Go,3,1,2026-06-31,urgent,\n"
        b"Platform,Rust,3,1,,,ladder\n"
        b"Platform,kubernetes,2,1,,,\n"
        b"Data,Python,3,1,,,\n"
        b"Data,python,3,2,,,\n"
    )
    result = parse_targets(data, file_name="targets.csv")
    assert where(result) == [
        ("targets.csv", 2, "min level"),
        ("targets.csv", 3, "min level"),
        ("targets.csv", 4, "headcount"),
        ("targets.csv", 5, "target date"),
        ("targets.csv", 5, "priority"),
        ("targets.csv", 6, "scale"),
        ("targets.csv", 9, "skill"),
    ]
    assert result.errors[0].message == "level 6 is outside 1..5 (or set the scale to sfia for 1..7)"
    assert result.errors[1].message == "SFIA level 8 is outside 1..7"
    assert result.errors[2].message == "headcount 0 must be at least 1"
    assert result.errors[-1].message == "Data already has a target for python on line 8"
