"""One rule, one sentence: the form's action and the file's parser refuse the same values alike.

The bounds live in `data_model.models.inputs`; these tests feed the same bad values through the
catalog form (`save_credential`), the catalog CSV parser, the learning form (`validate_learning`)
and the learning CSV parser, and check each says the same sentence. The learning table's CHECK is
built from the same numbers, checked here against its SQL text.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from data_model.access import Scope
from data_model.actions import ActionError, CredentialDraft, LearningEntry, save_credential, validate_learning
from data_model.formats import parse_catalog, parse_learning
from data_model.models import LearningSession
from data_model.models.inputs import SESSION_MINUTES, CredentialTerms, LearningTime, problems_of
from tests.builders import Org

HR = Scope.all(role="hr", email="hr@example.com")
TODAY = date(2026, 2, 1)


def test_each_constraint_reads_as_a_sentence():
    assert problems_of(LearningTime, {"minutes": 1441}) == {
        "minutes": "1441 minutes is outside 1..1440 (one day)"
    }
    assert problems_of(LearningTime, {"minutes": 30, "note": "x" * 501}) == {
        "note": "the note is longer than 500 characters"
    }
    assert problems_of(LearningTime, {"minutes": 1440, "note": "x" * 500}) == {}
    assert problems_of(CredentialTerms, {"expected_hours": Decimal("99999.99"), "cost": 0}) == {}
    assert problems_of(CredentialTerms, {"expected_hours": Decimal("100000"), "cost": -1}) == {
        "expected_hours": "expected hours 100000 is too large",
        "cost": "cost cannot be negative (-1)",
    }


def test_the_learning_check_uses_the_same_bounds():
    [check] = [c for c in LearningSession.__table__.constraints if c.name.endswith("minutes_1_to_1440")]
    assert str(check.sqltext) == f"minutes BETWEEN {SESSION_MINUTES[0]} AND {SESSION_MINUTES[1]}"


@pytest.mark.parametrize("minutes", [0, 1441])
def test_learning_form_and_file_say_the_same(minutes):
    form = validate_learning(LearningEntry(employee_id=1, on=TODAY, minutes=minutes), today=TODAY)
    file = parse_learning(
        f"employee,date,minutes\nE1,2026-01-05,{minutes}\n".encode(), file_name="l.csv", today=TODAY
    )
    assert form == [e.message for e in file.errors] == [f"{minutes} minutes is outside 1..1440 (one day)"]


@pytest.mark.parametrize(
    ("field", "typed", "sentence"),
    [
        ("expected_hours", "0", "expected hours must be more than 0, not 0"),
        ("expected_hours", "100000", "expected hours 100000 is too large"),
        ("cost", "-5", "cost cannot be negative (-5)"),
        ("cost", "1.234", "cost 1.234 has more than 2 decimals"),
        ("validity_months", "0", "validity of 0 months must be 1 to 600 (leave it empty for no expiry)"),
        ("validity_months", "601", "validity of 601 months must be 1 to 600 (leave it empty for no expiry)"),
    ],
)
def test_catalog_form_and_file_say_the_same(session, field, typed, sentence):
    org = Org(session)
    provider_id = org.provider().id
    org.commit()
    values = {"expected_hours": "10", "cost": "0", "validity_months": ""} | {field: typed}
    csv = (
        "code,title,provider,expected_hours,cost,validity_months\n"
        f"AZ,Azure,Acme,{values['expected_hours']},{values['cost']},{values['validity_months']}\n"
    )
    file = parse_catalog(csv.encode(), file_name="catalog.csv")
    assert [e.message for e in file.errors] == [sentence]
    months = values["validity_months"]
    draft = CredentialDraft(
        code="AZ",
        title="Azure",
        provider_id=provider_id,
        expected_hours=values["expected_hours"],
        cost=values["cost"],
        validity_months=int(months) if months else None,
    )
    with pytest.raises(ActionError) as refused:
        save_credential(session, HR, draft=draft)
    assert str(refused.value) == sentence
