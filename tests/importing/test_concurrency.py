"""Writers that never collide, on SQLite and PostgreSQL: overlapping imports, racing assignments,
an import killed half-way.

Each race runs for real: two threads with their own sessions released together by a barrier,
against the test's database. The outcome may differ from run to run (who wins); the invariants
may not: no duplicate row, no lost row, exactly one open enrollment, the loser told why.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session, select

from data_model import actions
from data_model.access import Scope
from data_model.actions import ActionError
from data_model.importing import import_file
from data_model.models import Enrollment, LearningSession
from tests.checksums import table_checksums
from tests.conftest import PROJECT_ROOT

from .conftest import HR, TODAY, csv_bytes

HEADER = "employee,date,minutes,session id"
SHARED = [f"E001,2026-01-05,{10 + i % 50},shared-{i}" for i in range(300)]
ONLY_A = [f"E002,2026-01-06,{20 + i % 40},a-{i}" for i in range(300)]
ONLY_B = [f"E004,2026-01-07,{30 + i % 30},b-{i}" for i in range(300)]
FILE_A = csv_bytes(HEADER, *ONLY_A, *SHARED)
FILE_B = csv_bytes(HEADER, *SHARED, *ONLY_B)


def minutes(rows: list[str]) -> int:
    return sum(int(row.split(",")[2]) for row in rows)


def race(engine, *jobs):
    """Run each job(session) in its own thread and session, all released at once."""
    barrier = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)

    def runner(index: int, job) -> None:
        with Session(engine) as session:
            barrier.wait()
            try:
                results[index] = job(session)
            except Exception as exc:  # the loser's answer is part of what is checked
                session.rollback()
                results[index] = exc

    threads = [threading.Thread(target=runner, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def importer(data: bytes, name: str):
    return lambda session: import_file(
        session, "learning", data, file_name=name, who=HR, role="hr", today=TODAY
    )


def test_two_overlapping_imports_at_once_store_every_row_exactly_once(org, engine):
    first, second = race(engine, importer(FILE_A, "a.csv"), importer(FILE_B, "b.csv"))
    reports = {"a.csv": first, "b.csv": second}
    for name, report in reports.items():
        assert not isinstance(report, Exception), f"{name}: {report!r}"
        if not report.ok:  # the loser of the race: told to run it again, nothing of it written
            assert report.error_count == 1
            assert "run this import again" in report.errors[0].message
            again = import_file(
                Session(engine), "learning", FILE_A if name == "a.csv" else FILE_B, file_name=name,
                who=HR, role="hr", today=TODAY,
            )  # fmt: skip
            assert again.ok, again.error_lines()
    with Session(engine) as session:
        stored = session.exec(select(LearningSession.external_id, LearningSession.minutes)).all()
    ids = [external for external, _ in stored]
    assert len(ids) == len(set(ids)) == 900  # no duplicate, no lost row
    assert sum(m for _, m in stored) == minutes(SHARED) + minutes(ONLY_A) + minutes(ONLY_B)


def test_two_assignments_of_the_same_credential_at_once_make_one_enrollment(org, engine):
    person, credential = org.people["E002"].id, org.credentials["K8S-101"].id

    def assign(session):
        result = actions.assign_credentials(
            session, Scope.all(role="hr", email=HR), employee_ids=[person], credential_ids=[credential],
            due_date=date(2026, 3, 1), reason="skill_gap", assigned_on=TODAY,
        )  # fmt: skip
        time.sleep(0.2)  # hold the transaction open so the other one overlaps it
        session.commit()
        return result

    outcomes = race(engine, assign, assign)
    with Session(engine) as session:
        open_rows = session.exec(
            select(Enrollment).where(
                Enrollment.employee_id == person,
                Enrollment.credential_id == credential,
                Enrollment.status.in_(("assigned", "in_progress")),
            )
        ).all()
    assert len(open_rows) == 1
    created = [o for o in outcomes if isinstance(o, actions.AssignmentResult) and o.created]
    assert len(created) == 1
    (loser,) = [o for o in outcomes if o is not created[0]]
    if isinstance(loser, actions.AssignmentResult):  # it looked after the winner committed
        assert loser.skipped == [("Alan Turing", "K8S-101", "already assigned or in progress")]
    else:  # it looked before and the database's index refused its insert
        assert isinstance(loser, ActionError), repr(loser)
        assert "by someone else at the same moment" in str(loser)


def big_learning_file(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER + "\n")
        for i in range(rows):
            out.write(f"E00{1 + i % 2},2026-01-{1 + i % 28:02d},{1 + i % 90},big-{i}\n")
    return path


def test_an_import_killed_half_way_leaves_the_database_as_it_was_and_reruns_once(
    org, engine, db_url, tmp_path
):
    rows = 1_000_000  # the size: a real LMS history
    data = big_learning_file(tmp_path / "big.csv", rows)
    before = table_checksums(engine)
    env = {**os.environ, "UPSKILL_DATABASE_URL": db_url, "UPSKILL_TODAY": TODAY.isoformat()}
    command = [sys.executable, "-m", "cli.main", "import", "learning", str(data)]
    process = subprocess.Popen(
        command, cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    # Kill it while it writes (rows are written as the file is read, in one transaction): once
    # its progress lines say it has read a third of the file.
    deadline = time.monotonic() + 300
    seen = ""
    while time.monotonic() < deadline and process.poll() is None:
        line = process.stdout.readline().decode() if process.stdout else ""
        seen += line
        if line.startswith("reading learning sessions:") and int(line.split(":")[1].strip(" %\n")) >= 33:
            break
    assert process.poll() is None, f"the import ended before it could be killed:\n{seen}"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert table_checksums(engine) == before  # nothing half-written
    again = subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stdout + again.stderr
    with Session(engine) as session:
        count = session.execute(sa.select(sa.func.count()).select_from(LearningSession)).scalar_one()
        distinct = session.execute(
            sa.select(sa.func.count(sa.distinct(LearningSession.external_id)))
        ).scalar_one()
    assert count == distinct == rows
