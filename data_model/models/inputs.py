"""What a person or a file may give, defined once for the form's action and the file's parser.

A learning session typed into the form and one read from an LMS export obey the same bounds, and
a person should read the same sentence whichever way they broke it. So the bounds live here, as
`Field` constraints of plain pydantic input models, and `problems_of` turns a failed check
into sentences: `actions` and `formats` both ask it, and the tables' CHECKs (written from the same
numbers) stay as the last line of defence.

Pydantic's own messages ("Input should be greater than or equal to 1") are written for
developers; `problems_of` words each constraint for the person who typed or exported the value,
with the field's `title` as its name. A field whose rule reads better as one sentence (minutes
in a day) gives it in `json_schema_extra["problem"]`.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, Field, ValidationError

# A learning session is whole minutes within one day.
SESSION_MINUTES = (1, 1440)
NOTE_LENGTH = 500
# The columns' own sizes: NUMERIC(7, 2) for hours, NUMERIC(12, 2) for cost.
HOURS_LIMIT = 100_000
COST_LIMIT = 10**10
VALIDITY_MONTHS = (1, 600)


class LearningTime(BaseModel):
    """The part of a learning session that is the same whoever records it."""

    minutes: int = Field(
        ge=SESSION_MINUTES[0],
        le=SESSION_MINUTES[1],
        title="minutes",
        json_schema_extra={"problem": "{value} minutes is outside 1..1440 (one day)"},
    )
    note: str | None = Field(default=None, max_length=NOTE_LENGTH, title="the note")


class CredentialTerms(BaseModel):
    """What a micro-credential takes and costs, whether typed in the catalog form or imported."""

    expected_hours: Decimal = Field(gt=0, lt=HOURS_LIMIT, decimal_places=2, title="expected hours")
    cost: Decimal = Field(default=Decimal("0"), ge=0, lt=COST_LIMIT, decimal_places=2, title="cost")
    validity_months: int | None = Field(
        default=None,
        ge=VALIDITY_MONTHS[0],
        le=VALIDITY_MONTHS[1],
        title="validity",
        json_schema_extra={
            "problem": "validity of {value} months must be 1 to 600 (leave it empty for no expiry)"
        },
    )


# Pydantic's error type -> the sentence for a person ({label} is the field's title).
_WORDING = {
    "greater_than": "{label} must be more than {gt}, not {value}",
    "greater_than_equal": "{label} must be at least {ge}, not {value}",
    "less_than": "{label} {value} is too large",
    "less_than_equal": "{label} {value} is more than {le}",
    "decimal_max_places": "{label} {value} has more than {decimal_places} decimals",
    "string_too_long": "{label} is longer than {max_length} characters",
}


def _sentence(model: type[BaseModel], error: Mapping[str, Any]) -> tuple[str, str]:
    name = str(error["loc"][0])
    info = model.model_fields[name]
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    value = error.get("input")
    context = dict(error.get("ctx") or {})
    special = extra.get("problem")
    if isinstance(special, str):
        return name, special.format(value=value, **context)
    if error["type"] == "greater_than_equal" and str(context.get("ge")) == "0":
        return name, f"{info.title or name} cannot be negative ({value})"
    template = _WORDING.get(error["type"])
    if template is None:
        return name, f"{info.title or name}: {error['msg']}"
    return name, template.format(label=info.title or name, value=value, **context)


def problems_of(model: type[BaseModel], values: Mapping[str, Any]) -> dict[str, str]:
    """Each field of `values` that `model` refuses, with one sentence a person can act on."""
    try:
        # Plain pydantic models (not SQLModel ones): SQLModel's validation wraps pydantic's in
        # checks for table models that cost twice the validation itself, paid per row of an import.
        model.model_validate(values)
    except ValidationError as failed:
        problems: dict[str, str] = {}
        for error in failed.errors():
            name, sentence = _sentence(model, error)
            problems.setdefault(name, sentence)
        return problems
    return {}


def problem_of(model: type[BaseModel], field: str, value: Any) -> str | None:
    """Why one field's value is refused, or None: for parsers that check a cell at a time."""
    return problems_of(model, {**_PLACEHOLDERS[model], field: value}).get(field)


# Valid values for the other required fields, so `problem_of` checks one field alone.
_PLACEHOLDERS: dict[type[BaseModel], dict[str, Any]] = {
    LearningTime: {"minutes": 1},
    CredentialTerms: {"expected_hours": Decimal(1)},
}
