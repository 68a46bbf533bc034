"""Labels for pickers, so every page names people and credentials the same way."""

from __future__ import annotations

import pandas as pd

from . import format


def person_labels(people: pd.DataFrame, *, id_column: str = "employee_id") -> dict[int, str]:
    """{id: "Full Name (CODE)"}."""
    return {
        int(i): f"{name} ({code})"
        for i, name, code in zip(people[id_column], people["full_name"], people["employee_code"], strict=True)
    }


def credential_labels(credentials: pd.DataFrame) -> dict[int, str]:
    """{id: "Title — CODE, 12 h, €450"}."""
    columns = ["id", "title", "code", "expected_hours", "cost", "currency"]
    return {
        int(id_): f"{title} — {code}, {hours:g} h, {format.money(cost, currency)}"
        for id_, title, code, hours, cost, currency in credentials[columns].itertuples(index=False, name=None)
    }
