"""The SQLite file on a full or a read-only disk: a clear message, nothing half-written, reads work.

A real small disk: a tmpfs mounted by the test (root on the machines this runs on), filled to
the brim or remounted read-only. Skipped where mounting is not allowed, with that reason.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session, SQLModel

import data_model.models  # noqa: F401 - registers every table
from data_model.db import make_engine
from data_model.importing import import_file
from tests.builders import Org
from tests.checksums import table_checksums

TODAY_ROWS = "employee,date,minutes,session id\n" + "".join(
    f"E1,2026-01-05,30,disk-{i}\n" for i in range(20_000)
)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)], capture_output=True, text=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small disk here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _database(folder: Path) -> str:
    url = f"sqlite:///{folder / 'upskill.db'}"
    engine = make_engine(url)
    SQLModel.metadata.create_all(engine)
    with Session(engine) as session:
        org = Org(session)
        org.team("Cloud")
        org.employee("E1", team="Cloud", hired="2020-01-06")
        org.log("E1", "2026-01-05", 45)
        org.commit()
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return url


def test_a_full_disk_refuses_the_import_with_a_clear_message_and_writes_nothing(small_disk):
    url = _database(small_disk)
    engine = make_engine(url)
    before = table_checksums(engine)
    filler = small_disk / "filler"
    subprocess.run(["dd", "if=/dev/zero", f"of={filler}", "bs=64k"], capture_output=True, check=False)
    with Session(engine) as session:
        report = import_file(session, "learning", TODAY_ROWS.encode(), file_name="lms.csv", who="hr@x")
    assert not report.ok
    assert [e.message for e in report.errors] == [
        "the database cannot be written to (its disk is full or read-only); nothing was written: "
        "free some space or ask an admin, then run this import again"
    ]
    engine.dispose()
    filler.unlink()
    engine = make_engine(url)
    assert table_checksums(engine) == before  # nothing half-written once the disk has room again
    with Session(engine) as session:
        assert import_file(session, "learning", TODAY_ROWS.encode(), file_name="lms.csv", who="hr@x").ok
    engine.dispose()


def test_a_read_only_disk_can_be_read_and_refuses_writes_clearly(small_disk):
    url = _database(small_disk)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    engine = make_engine(url)
    with engine.connect() as connection:  # WAL would need to write its -shm file even to read
        assert connection.execute(sa.text("SELECT sum(minutes) FROM learning_session")).scalar_one() == 45
    with Session(engine) as session:
        report = import_file(session, "learning", TODAY_ROWS.encode(), file_name="lms.csv", who="hr@x")
    assert [e.message for e in report.errors] == [
        "the database cannot be written to (its disk is full or read-only); nothing was written: "
        "free some space or ask an admin, then run this import again"
    ]
    engine.dispose()
