"""The scratch index behind whole-file checks: the same answers in memory and once spilled to disk."""

from __future__ import annotations

import random
from datetime import date

import pytest

from data_model.formats import KeyIndex, parse_learning, scratch

TODAY = date(2026, 2, 1)


@pytest.mark.parametrize("in_memory_keys", [0, 3, 10_000])
def test_first_and_tally_agree_with_a_dict_on_either_side_of_the_spill(in_memory_keys):
    rng = random.Random(4)
    keys = [f"key-{rng.randrange(40)}" for _ in range(500)]
    first, tally = KeyIndex(in_memory_keys=in_memory_keys), KeyIndex(in_memory_keys=in_memory_keys)
    expected_first: dict[str, int] = {}
    expected_tally: dict[str, int] = {}
    for line, key in enumerate(keys, 2):
        assert first.first(key, line) == expected_first.setdefault(key, line)
        expected_tally[key] = expected_tally.get(key, 0) + 1
        assert tally.tally(key) == expected_tally[key]
    spilled = in_memory_keys < len(expected_first)
    assert (first._scratch is not None) == spilled
    first.close()
    tally.close()


def test_a_duplicate_external_id_is_found_after_the_index_moved_to_disk(monkeypatch):
    monkeypatch.setattr(scratch, "IN_MEMORY_KEYS", 2)
    rows = [f"E1,2026-01-0{day},30,s-{day}" for day in range(1, 8)] + ["E1,2026-01-09,30,s-2"]
    data = ("employee,date,minutes,external id\n" + "\n".join(rows) + "\n").encode()
    result = parse_learning(data, file_name="l.csv", today=TODAY)
    assert [(e.row, e.field, e.message) for e in result.errors] == [
        (9, "external id", "external id s-2 is also on line 3")
    ]
    assert [r.external_id for r in result.records] == [f"s-{day}" for day in range(1, 8)]
