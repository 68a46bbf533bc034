"""The learning offer as CSV or JSON: credentials, their skills, providers and pathways."""

from __future__ import annotations

import json
from decimal import Decimal

from data_model.formats import (
    CredentialRecord,
    PathwayItemRecord,
    PathwayRecord,
    ProviderInfo,
    SkillGrant,
    parse_catalog,
)

from .conftest import fixture_bytes, messages, where


def credentials(result) -> list[CredentialRecord]:
    return [r for r in result.records if isinstance(r, CredentialRecord)]


def pathways(result) -> list[PathwayRecord]:
    return [r for r in result.records if isinstance(r, PathwayRecord)]


def test_the_csv_catalog():
    result = parse_catalog(fixture_bytes("catalog.csv"), file_name="catalog.csv")
    assert result.ok, messages(result)
    k8s, tf, py = credentials(result)
    assert k8s.provider == ProviderInfo("IBM", "vendor", "https://www.ibm.com")
    assert (k8s.expected_hours, k8s.cost, k8s.currency, k8s.validity_months) == (
        Decimal(12),
        Decimal("99.50"),
        "EUR",
        24,
    )
    assert k8s.skills == (SkillGrant("Kubernetes", 3), SkillGrant("Docker", 2))
    assert (tf.delivery, tf.validity_months, tf.cost) == ("blended", None, Decimal(0))
    assert (py.delivery, py.currency, py.active) == ("in_person", "GBP", False)
    (pathway,) = pathways(result)
    assert pathway.title == "Cloud Engineer Certificate"
    assert pathway.qualification == "Certificate in Cloud Engineering"
    assert pathway.items == (PathwayItemRecord("K8S-101", 1, True), PathwayItemRecord("TF-201", 2, True))


def test_the_json_catalog_reads_the_same():
    result = parse_catalog(fixture_bytes("catalog.json"), file_name="catalog.json")
    assert result.ok, messages(result)
    k8s, tf = credentials(result)
    assert k8s.skills == (SkillGrant("Kubernetes", 3), SkillGrant("Docker", 2))
    assert tf.skills == (SkillGrant("Terraform", 4),)  # SFIA 5 -> our 4
    assert tf.provider == ProviderInfo("IBM")
    (pathway,) = pathways(result)
    assert pathway.provider == "IBM"
    assert pathway.items == (PathwayItemRecord("K8S-101", 1, True), PathwayItemRecord("TF-201", 2, False))


HEADER = "code,title,provider,expected_hours,cost,currency,delivery,validity_months,skills"


def parse_rows(rows: list[str]):
    return parse_catalog((HEADER + "\n" + "\n".join(rows) + "\n").encode(), file_name="catalog.csv")


def test_csv_catalog_errors():
    result = parse_rows(
        [
            "A,Alpha,IBM,0,10,EUR,online,,",
            "B,Beta,IBM,10,-1,EURO,bus,0,",
            "C,Gamma,IBM,ten,1.234,EUR,online,,",
            "D,Delta,IBM,5,,,,,Kubernetes",
            "E,Epsilon,IBM,5,,,,,Kubernetes:6;Go:2",
            "F,Zeta,IBM,5,,,,,Go:2;go:3",
            "G,Eta,IBM,5,,,,,",
            "G,Eta again,IBM,5,,,,,",
        ]
    )
    assert where(result) == [
        ("catalog.csv", 2, "expected_hours"),
        ("catalog.csv", 3, "cost"),
        ("catalog.csv", 3, "currency"),
        ("catalog.csv", 3, "delivery"),
        ("catalog.csv", 3, "validity_months"),
        ("catalog.csv", 4, "expected_hours"),
        ("catalog.csv", 4, "cost"),
        ("catalog.csv", 5, "skills"),
        ("catalog.csv", 6, "skills"),
        ("catalog.csv", 7, "skills"),
        ("catalog.csv", 9, "code"),
    ]
    messages_ = [e.message for e in result.errors]
    # One sentence for the form and the file (models.inputs): the field is "expected hours" in both.
    assert messages_[0] == "expected hours must be more than 0, not 0"
    assert messages_[6] == "cost 1.234 has more than 2 decimals"
    assert messages_[7] == "'Kubernetes' needs a level, like Kubernetes:3"
    assert messages_[8] == "'Kubernetes:6': level 6 is outside 1..5 (or set the scale to sfia for 1..7)"
    assert messages_[9] == "skill go is listed twice"
    assert messages_[10] == "credential G is also at line 8"


def test_a_provider_described_two_ways():
    data = (
        b"code,title,provider,provider_url,expected_hours\n"
        b"A,Alpha,IBM,https://ibm.com,1\n"
        b"B,Beta,IBM,https://example.com,1\n"
    )
    result = parse_catalog(data, file_name="catalog.csv")
    assert where(result) == [("catalog.csv", 3, "provider_url")]


def test_pathway_positions_clash():
    data = (
        b"code,title,provider,expected_hours,pathway,position\nA,Alpha,IBM,1,Cloud,1\nB,Beta,IBM,1,Cloud,1\n"
    )
    result = parse_catalog(data, file_name="catalog.csv")
    assert where(result) == [("catalog.csv", 2, "pathway")]
    assert result.errors[0].message == "pathway Cloud has two credentials at the same position"


def test_json_errors_are_placed_by_path():
    document = {
        "credentials": [
            {"code": "A", "title": "Alpha", "provider": {"kind": "vendor"}, "expected_hours": 1},
            {"code": "B", "title": "Beta", "provider": "IBM", "expected_hours": True, "active": "maybe"},
            "not an object",
        ],
        "pathways": [{"title": "P", "items": [{"credential": "A", "position": 0}]}, {"title": "Q"}],
    }
    result = parse_catalog(json.dumps(document).encode(), file_name="catalog.json")
    assert where(result) == [
        ("catalog.json", "$.credentials[0].provider.name", "name"),
        ("catalog.json", "$.credentials[1].expected_hours", "expected_hours"),
        ("catalog.json", "$.credentials[1].active", "active"),
        ("catalog.json", "$.credentials[2]", None),
        ("catalog.json", "$.pathways[0].items[0].position", "position"),
        ("catalog.json", "$.pathways[1].items", "items"),
    ]
    assert str(result.errors[1]) == "catalog.json:$.credentials[1].expected_hours: True is not a number"


def test_json_numbers_that_are_not_numbers():
    """Python's JSON reader takes NaN, Infinity and 1e400 (a float too large): refused, not a crash."""
    data = (
        b'{"credentials": [{"code": "A", "title": "Alpha", "provider": "IBM", "expected_hours": NaN},'
        b' {"code": "B", "title": "Beta", "provider": "IBM", "expected_hours": 1, "cost": Infinity},'
        b' {"code": "C", "title": "Gamma", "provider": "IBM", "expected_hours": 1e400}]}'
    )
    result = parse_catalog(data, file_name="catalog.json")
    assert where(result) == [
        ("catalog.json", "$.credentials[0].expected_hours", "expected_hours"),
        ("catalog.json", "$.credentials[1].cost", "cost"),
        ("catalog.json", "$.credentials[2].expected_hours", "expected_hours"),
    ]
    assert [e.message for e in result.errors] == [
        "nan is not a number",
        "inf is not a number",
        "inf is not a number",
    ]


def test_json_that_is_not_a_catalog():
    for data, where_ in ((b"[1, 2]", "$"), (b'{"courses": []}', "$")):
        result = parse_catalog(data, file_name="catalog.json")
        assert where(result) == [("catalog.json", where_, None)]
    result = parse_catalog(b'{"credentials": [', file_name="catalog.json")
    assert where(result) == [("catalog.json", 1, None)]
    assert result.errors[0].message.startswith("not valid JSON: Expecting value (line 1")
