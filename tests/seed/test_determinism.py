"""Same parameters, same rows: on two databases, on both backends, in another process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import SQLModel

from data_model.db import make_engine
from seed import build_demo_organisation
from tests.checksums import table_checksums

PROJECT_ROOT = Path(__file__).resolve().parents[2]
END = date(2026, 3, 13)
SMALL = {"employees": 60, "weeks": 12, "end": END}
PEOPLE_TABLES = ("employee", "account", "enrollment", "badge", "employee_skill", "learning_session")
CATALOGUE_TABLES = ("provider", "skill", "micro_credential", "credential_skill", "pathway", "pathway_item")


def test_same_seed_twice_gives_identical_tables(databases):
    first, second = databases.new(), databases.new()
    counts = build_demo_organisation(first, seed=7, **SMALL)
    assert build_demo_organisation(second, seed=7, **SMALL) == counts
    a, b = table_checksums(first), table_checksums(second)
    assert set(counts) <= set(a)
    assert a == b


def test_a_different_seed_gives_different_people_and_activity(databases):
    first, second = databases.new(), databases.new()
    build_demo_organisation(first, seed=7, **SMALL)
    build_demo_organisation(second, seed=8, **SMALL)
    a, b = table_checksums(first), table_checksums(second)
    for table in PEOPLE_TABLES:
        assert a[table] != b[table], table
    for table in CATALOGUE_TABLES:  # the catalogue is the same company's
        assert a[table] == b[table], table


def test_a_different_end_or_size_gives_different_rows(databases):
    base, later, bigger = databases.new(), databases.new(), databases.new()
    build_demo_organisation(base, seed=7, **SMALL)
    build_demo_organisation(later, seed=7, **{**SMALL, "end": date(2026, 3, 20)})
    build_demo_organisation(bigger, seed=7, **{**SMALL, "employees": 61})
    a = table_checksums(base)
    assert a["learning_session"] != table_checksums(later)["learning_session"]
    assert a["employee"] != table_checksums(bigger)["employee"]


@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_sqlite_and_postgresql_hold_the_same_rows(databases, tmp_path):
    lite = make_engine(f"sqlite:///{tmp_path / 'lite.db'}")
    SQLModel.metadata.create_all(lite)
    server = databases.new()
    build_demo_organisation(lite, seed=7, **SMALL)
    build_demo_organisation(server, seed=7, **SMALL)
    assert table_checksums(lite) == table_checksums(server)
    lite.dispose()


_CHILD = """
import json, sys
from datetime import date
from sqlmodel import SQLModel
from data_model.db import make_engine
from tests.checksums import table_checksums
from seed import build_demo_organisation
engine = make_engine(sys.argv[1])
SQLModel.metadata.create_all(engine)
build_demo_organisation(engine, employees=40, weeks=8, seed=7, end=date(2026, 3, 13))
print(json.dumps(table_checksums(engine)))
"""


def _seed_in_child(url: str, hash_seed: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(PROJECT_ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, url],
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_rows_do_not_depend_on_string_hashing_or_the_process(backend, tmp_path):
    """Python salts str hashes per process: any set or hash() ordering in generation would show here."""
    one = _seed_in_child(f"sqlite:///{tmp_path / 'one.db'}", "1")
    two = _seed_in_child(f"sqlite:///{tmp_path / 'two.db'}", "12345")
    assert one == two
