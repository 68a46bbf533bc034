"""The weekly roll-up equals the raw sessions after any sequence of writes (hypothesis).

Each example starts from the same small organisation, applies a random sequence of the ways
sessions are written (a person logging time, a CSV import, an xAPI import whose statements void
earlier ones, ORM edits and deletes, team moves) and then checks, on SQLite and PostgreSQL:
- `rebuild_rollups(fix=False)` finds learning_week exactly as the sessions make it;
- `weekly_learning_minutes` per person and per team equals the same figure computed here in
  plain Python from the raw session rows and the team history (a second method).
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import Session, select

from data_model import rollups
from data_model.access import Scope
from data_model.actions import LearningEntry, log_learning
from data_model.actions.people import move_membership
from data_model.importing import import_file
from data_model.metrics import learning
from data_model.models import LearningSession, LearningWeek, TeamMembership
from tests.builders import Org

TODAY = date(2026, 2, 1)
START = date(2025, 12, 29)  # Monday of 2026-W01; five weeks to Sunday 1 February
DAYS = (TODAY - START).days + 1
PEOPLE = ("E1", "E2", "E3")
TEAMS = ("Cloud", "Data")
VERBS = "http://adlnet.gov/expapi/verbs/"

day = st.integers(0, DAYS - 1).map(lambda n: START + timedelta(days=n))
person = st.sampled_from(PEOPLE)
minutes = st.integers(1, 300)
session_row = st.tuples(person, day, minutes)

operation = st.one_of(
    st.tuples(st.just("log"), session_row),
    st.tuples(st.just("csv"), st.lists(session_row, min_size=1, max_size=6)),
    st.tuples(st.just("xapi"), st.lists(session_row, min_size=1, max_size=4), st.integers(0, 3)),
    st.tuples(st.just("delete"), st.integers(0, 50)),
    st.tuples(st.just("edit"), st.integers(0, 50), day, minutes),
    st.tuples(st.just("move"), person, st.sampled_from(TEAMS), day),
)


@pytest.fixture
def base(engine):
    with Session(engine) as session:
        org = Org(session)
        for team in TEAMS:
            org.team(team)
        for n, code in enumerate(PEOPLE):
            employee = org.employee(code, team=TEAMS[n % 2], hired="2025-06-01")
            employee.email = f"{code.lower()}@example.com"
            session.add(employee)
        org.commit()
        return {code: org.people[code].id for code in PEOPLE}, {t: org.teams[t].id for t in TEAMS}


def _reset(engine, people: dict[str, int], teams: dict[str, int]) -> None:
    """Back to the base organisation: no sessions, everyone in their first team since hire."""
    with engine.begin() as connection:
        for table in ("learning_week", "learning_session", "audit_event", "import_batch"):
            connection.execute(sa.text(f"DELETE FROM {table}"))
        connection.execute(
            sa.delete(TeamMembership.__table__).where(TeamMembership.__table__.c.valid_to.is_not(None))
        )
        for n, code in enumerate(PEOPLE):
            connection.execute(
                sa.update(TeamMembership.__table__)
                .where(TeamMembership.__table__.c.employee_id == people[code])
                .values(team_id=teams[TEAMS[n % 2]], valid_from=date(2025, 6, 1), valid_to=None)
            )


def _statements(rows, voids: int, earlier: list[str], serial: int) -> tuple[bytes, list[str]]:
    made = []
    body = []
    for k, (code, on, mins) in enumerate(rows):
        sid = f"00000000-0000-4000-8000-{serial:06d}{k:06d}"
        made.append(sid)
        body.append(
            {
                "id": sid,
                "actor": {"mbox": f"mailto:{code.lower()}@example.com"},
                "verb": {"id": VERBS + "completed"},
                "object": {"id": "https://lms.example.com/courses/anything"},
                "timestamp": f"{on.isoformat()}T10:00:00Z",
                "result": {"duration": f"PT{mins}M"},
            }
        )
    for k, target in enumerate(earlier[:voids]):
        body.append(
            {
                "id": f"00000000-0000-4000-9000-{serial:06d}{k:06d}",
                "actor": {"mbox": "mailto:e1@example.com"},
                "verb": {"id": VERBS + "voided"},
                "object": {"objectType": "StatementRef", "id": target},
                "timestamp": f"{TODAY.isoformat()}T09:00:00Z",
            }
        )
    return json.dumps(body).encode(), made


def _apply(engine, people, teams, operations) -> None:
    imported: list[str] = []
    for serial, op in enumerate(operations):
        kind = op[0]
        with Session(engine) as session:
            if kind == "log":
                code, on, mins = op[1]
                entry = LearningEntry(employee_id=people[code], on=on, minutes=mins)
                log_learning(session, Scope.all(), entry=entry, today=TODAY)
                session.commit()
            elif kind == "csv":
                lines = ["employee,date,minutes", *(f"{c},{o.isoformat()},{m}" for c, o, m in op[1])]
                report = import_file(
                    session, "learning", "\n".join(lines).encode(), file_name="lms.csv",
                    who="hr@example.com", role="hr", today=TODAY,
                )  # fmt: skip
                assert report.ok, report
            elif kind == "xapi":
                # Statements in one file, then a second file voiding the oldest `op[2]` stored ones.
                data, made = _statements(op[1], 0, [], serial)
                voids, _ = _statements([], op[2], [*imported, *made], serial)
                for file in (data, voids) if op[2] else (data,):
                    report = import_file(
                        session,
                        "xapi",
                        file,
                        file_name="lrs.json",
                        who="hr@example.com",
                        role="hr",
                        today=TODAY,
                    )
                    assert report.ok, report
                imported = [*imported, *made][op[2] :]
            elif kind in ("delete", "edit"):
                stored = session.exec(select(LearningSession).order_by(LearningSession.id)).all()
                if not stored:
                    continue
                row = stored[op[1] % len(stored)]
                if kind == "delete":
                    session.delete(row)
                else:
                    row.date, row.minutes = op[2], op[3]
                    session.add(row)
                session.commit()
            else:
                _, code, team, on = op
                move_membership(session, people[code], on=on, team_id=teams[team])
                session.commit()


def _by_hand(engine, people, teams) -> dict[tuple[str, str], tuple[str, int]]:
    """(code, week) -> (team of its Sunday, minutes), from raw rows in plain Python."""
    codes = {v: k for k, v in people.items()}
    names = {v: k for k, v in teams.items()}
    with engine.connect() as connection:
        sessions = connection.execute(
            sa.select(LearningSession.__table__.c["employee_id", "date", "minutes"])
        ).all()
        history = connection.execute(
            sa.select(TeamMembership.__table__.c["employee_id", "team_id", "valid_from", "valid_to"])
        ).all()
    minutes: dict[tuple[int, date], int] = defaultdict(int)
    for employee_id, on, mins in sessions:
        minutes[(employee_id, on - timedelta(days=on.weekday()))] += mins
    answer = {}
    for employee_id in people.values():
        for week in range(DAYS // 7):
            monday = START + timedelta(weeks=week)
            sunday = monday + timedelta(days=6)
            [team] = [
                t for e, t, f, u in history if e == employee_id and f <= sunday and (u is None or u > sunday)
            ]
            label = f"{monday.isocalendar().year}-W{monday.isocalendar().week:02d}"
            answer[(codes[employee_id], label)] = (names[team], minutes[(employee_id, monday)])
    return answer


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=st.lists(operation, min_size=1, max_size=8))
def test_rollups_equal_raw_rows_after_random_writes(engine, base, operations):
    people, teams = base
    _reset(engine, people, teams)
    _apply(engine, people, teams, operations)

    with engine.connect() as connection:
        check = rollups.rebuild_rollups(connection, fix=False)
    assert check.exact, check

    expected = _by_hand(engine, people, teams)
    with Session(engine) as session:
        frame = learning.weekly_learning_minutes(session, Scope.all(), start=START, end=TODAY, by="employee")
        teams_frame = learning.weekly_learning_minutes(
            session, Scope.all(), start=START, end=TODAY, by="team"
        )
    got = {(r.employee_code, r.week): (r.team, r.minutes) for r in frame.itertuples()}
    assert got == expected
    per_team: dict[tuple[str, str], int] = defaultdict(int)
    for (_, week), (team, mins) in expected.items():
        per_team[(team, week)] += mins
    assert {(r.team, r.week): r.minutes for r in teams_frame.itertuples()} == dict(per_team)


def test_rebuild_finds_and_repairs_weeks_written_around_the_application(engine, base):
    """A session inserted with raw SQL (as a DBA might) is not in the roll-up until a rebuild."""
    people, _ = base
    with Session(engine) as session:
        entry = LearningEntry(employee_id=people["E1"], on=date(2026, 1, 6), minutes=40)
        log_learning(session, Scope.all(), entry=entry, today=TODAY)
        session.commit()
    with engine.begin() as connection:
        connection.execute(
            sa.insert(LearningSession.__table__).values(
                employee_id=people["E1"], date=date(2026, 1, 7), minutes=20, source="manual"
            )
        )
        connection.execute(
            sa.insert(LearningSession.__table__).values(
                employee_id=people["E2"], date=date(2026, 1, 20), minutes=15, source="manual"
            )
        )
        first = rollups.rebuild_rollups(connection)
        second = rollups.rebuild_rollups(connection)
        weeks = connection.execute(
            sa.select(LearningWeek.__table__).order_by(LearningWeek.__table__.c.employee_id)
        ).all()
    # Stored: E1's week (40, 1 session). Expected: E1 60 in 2 sessions (different), E2 15 (missing).
    assert (first.stored, first.expected, first.missing, first.extra, first.different) == (1, 2, 1, 0, 1)
    assert first.rewritten and second.exact and not second.rewritten
    assert [tuple(w) for w in weeks] == [
        (people["E1"], date(2026, 1, 5), 60, 2),
        (people["E2"], date(2026, 1, 19), 15, 1),
    ]


def test_cli_rebuild_rollups_checks_then_repairs(empty_engine, db_url):
    """`upskill db rebuild-rollups --check` exits 1 on a difference and writes nothing; without
    --check it repairs, and a second run finds the roll-up exact."""
    from typer.testing import CliRunner

    from cli.main import app
    from data_model import migrate

    migrate.upgrade(empty_engine)
    with Session(empty_engine) as session:
        org = Org(session)
        org.team("Cloud")
        org.employee("E1", team="Cloud", hired="2025-06-01")
        org.log("E1", "2026-01-05", 30)  # through the ORM: in the roll-up at once
        org.commit()
        person = org.people["E1"].id
    with empty_engine.begin() as connection:  # around the application: not in it
        connection.execute(
            sa.insert(LearningSession.__table__).values(
                employee_id=person, date=date(2026, 1, 28), minutes=25, source="manual"
            )
        )
    runner = CliRunner()
    env = {"UPSKILL_DATABASE_URL": db_url}
    checked = runner.invoke(app, ["db", "rebuild-rollups", "--check"], env=env)
    assert checked.exit_code == 1, checked.output
    assert "1 weeks stored, 2 from the sessions; 1 missing, 0 extra, 0 different" in checked.output
    with empty_engine.connect() as connection:
        assert rollups.rebuild_rollups(connection, fix=False).missing == 1  # --check wrote nothing
    repaired = runner.invoke(app, ["db", "rebuild-rollups"], env=env)
    assert repaired.exit_code == 0 and "rewritten" in repaired.output, repaired.output
    again = runner.invoke(app, ["db", "rebuild-rollups"], env=env)
    assert again.exit_code == 0 and "exact: nothing to do" in again.output, again.output


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # whole weeks only: W02 (5 Jan) 30 + 20, W03 (12 Jan) 40
        (date(2026, 1, 5), date(2026, 1, 18), {date(2026, 1, 5): 50, date(2026, 1, 12): 40}),
        # Wednesday 7 Jan to Tuesday 13 Jan: the 7th (20) and the 12th (40); not the 5th, not the 14th
        (date(2026, 1, 7), date(2026, 1, 13), {date(2026, 1, 5): 20, date(2026, 1, 12): 40}),
        # part-week, whole week, part-week: 6 Jan .. 20 Jan
        (
            date(2026, 1, 6),
            date(2026, 1, 20),
            {date(2026, 1, 5): 20, date(2026, 1, 12): 40, date(2026, 1, 19): 5},
        ),
        # one day with nothing on it
        (date(2026, 1, 8), date(2026, 1, 8), {}),
    ],
)
def test_minutes_in_any_period_add_whole_weeks_and_the_sessions_of_part_weeks(
    engine, base, start, end, expected
):
    """Hand-computed: sessions Mon 5 Jan 30, Wed 7 Jan 20, Mon 12 Jan 40, Mon 19 Jan 5, Wed 21 Jan 7."""
    people, _ = base
    with Session(engine) as session:
        for day, minutes in ((5, 30), (7, 20), (12, 40), (19, 5), (21, 7)):
            entry = LearningEntry(employee_id=people["E1"], on=date(2026, 1, day), minutes=minutes)
            log_learning(session, Scope.all(), entry=entry, today=TODAY)
        session.commit()
        period = rollups.learning_minutes_between(start, end)
        got = session.execute(sa.select(period.c.monday, period.c.minutes)).all()
    found: dict[date, int] = defaultdict(int)
    for monday, minutes in got:
        found[monday if isinstance(monday, date) else date.fromisoformat(monday)] += minutes
    assert dict(found) == expected
