"""Roll-ups: figures pre-aggregated from raw rows, kept exact in the writer's own transaction.

`learning_week` holds each person's learning minutes (and how many sessions) per ISO week, so a
weekly figure over a year for 100,000 people reads a few million small rows from one index
instead of summing every session of the period again on every render.

How it stays exact, whichever way a session is written:
- ORM writes (`session.add`, `session.delete`, changing a loaded session's date or minutes) are
  caught by one `after_flush` listener below: the weeks they touch are recomputed from the
  sessions, inside the same flush, so the change and its roll-up commit or roll back together.
- Bulk writes through SQLAlchemy Core add their minutes per week with one upsert per chunk:
  an import calls `batch_added` (the database sums the chunk it has just written), the demo
  seed `sessions_added` with its rows (it writes them with explicit ids, in no batch). Core
  deletes (an xAPI void) call `weeks_changed` with the weeks they emptied, which recomputes
  those weeks from the sessions.
- `rebuild_rollups` (`upskill db rebuild-rollups`) recomputes everything in set-based SQL and
  says what differed: nothing, unless someone wrote sessions around the application.

Why not database triggers: a row trigger on SQLite made a million-row import 4x slower (an
upsert per row); the chunked upsert here costs about as much as the insert itself. Why written
here rather than a library: the roll-up is our schema's own; SQLAlchemy's upsert is the tool.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, attributes

from .models.activity import LearningSession, LearningWeek
from .models.base import utc_now

_SESSION = LearningSession.__table__
_WEEK = LearningWeek.__table__
_CHUNK = 5_000  # keys per statement: SQLite caps bound parameters at 32,766
Key = tuple[int, date]


def monday_of(day: date) -> date:
    """The Monday of the ISO week holding `day` (the roll-up's week key)."""
    return day - timedelta(days=day.weekday())


def _connection(bind: Connection | Session) -> Connection:
    return bind.connection() if isinstance(bind, Session) else bind


def sessions_added(bind: Connection | Session, rows: Iterable[Mapping[str, Any]]) -> int:
    """Add just-inserted sessions (mappings with employee_id, date, minutes) to their weeks.

    One upsert per chunk of weeks: minutes and session counts are added to the stored week, or
    the week is created. Call it in the transaction that inserted the rows. Returns the number
    of weeks touched.
    """
    totals: dict[Key, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        total = totals[(row["employee_id"], monday_of(row["date"]))]
        total[0] += row["minutes"]
        total[1] += 1
    if not totals:
        return 0
    connection = _connection(bind)
    insert, added = _upsert(connection)
    statement = insert.on_conflict_do_update(index_elements=[_WEEK.c.employee_id, _WEEK.c.monday], set_=added)
    values = [
        {"employee_id": person, "monday": monday, "minutes": minutes, "sessions": count}
        for (person, monday), (minutes, count) in sorted(totals.items())
    ]
    for start in range(0, len(values), _CHUNK):
        connection.execute(statement, values[start : start + _CHUNK])
    return len(values)


def _upsert(connection: Connection) -> Any:
    """INSERT ... ON CONFLICT (employee_id, monday) DO UPDATE adding minutes and sessions."""
    insert = (postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert)(_WEEK)
    return insert, {
        "minutes": _WEEK.c.minutes + insert.excluded.minutes,
        "sessions": _WEEK.c.sessions + insert.excluded.sessions,
    }


def batch_added(bind: Connection | Session, *, import_batch_id: int, after_id: int) -> None:
    """Add the sessions an import just inserted (its batch's rows with ids above `after_id`) to
    their weeks, in one INSERT ... SELECT ... ON CONFLICT: the database sums the chunk it has
    just written, with no row coming back to Python. Call it in the importing transaction."""
    from .metrics.sqlfuncs import week_start  # metrics import models; this module is below them

    connection = _connection(bind)
    monday = week_start(_SESSION.c.date)
    chunk = (
        sa.select(_SESSION.c.employee_id, monday, sa.func.sum(_SESSION.c.minutes), sa.func.count())
        .where(_SESSION.c.import_batch_id == import_batch_id, _SESSION.c.id > after_id)
        .group_by(_SESSION.c.employee_id, monday)
    )
    insert, added = _upsert(connection)
    statement = insert.from_select(["employee_id", "monday", "minutes", "sessions"], chunk)
    connection.execute(statement.on_conflict_do_update(index_elements=["employee_id", "monday"], set_=added))


def _recomputed(where: Any = None) -> sa.Select[Any]:
    """learning_week's rows as the sessions say they are, for the sessions matching `where`."""
    from .metrics.sqlfuncs import week_start  # metrics import models; this module is below them

    monday = week_start(_SESSION.c.date)
    return (
        sa.select(
            _SESSION.c.employee_id,
            monday.label("monday"),
            sa.func.sum(_SESSION.c.minutes).label("minutes"),
            sa.func.count().label("sessions"),
        )
        .where(sa.true() if where is None else where)
        .group_by(_SESSION.c.employee_id, monday)
    )


def weeks_changed(bind: Connection | Session, keys: Iterable[Key]) -> None:
    """Recompute these (employee id, Monday) weeks from the sessions: after a delete or a change
    of a session's person, date or minutes, where adding would not do."""
    wanted = sorted(set(keys))
    connection = _connection(bind)
    columns = ["employee_id", "monday", "minutes", "sessions"]
    for start in range(0, len(wanted), _CHUNK):
        part = wanted[start : start + _CHUNK]
        people = sorted({person for person, _ in part})
        first, last = min(m for _, m in part), max(m for _, m in part) + timedelta(days=6)
        connection.execute(sa.delete(_WEEK).where(sa.tuple_(_WEEK.c.employee_id, _WEEK.c.monday).in_(part)))
        fresh = _recomputed(
            sa.and_(_SESSION.c.employee_id.in_(people), _SESSION.c.date.between(first, last))
        ).subquery()
        keep = sa.tuple_(fresh.c.employee_id, fresh.c.monday).in_(part)
        connection.execute(
            _WEEK.insert().from_select(columns, sa.select(*[fresh.c[c] for c in columns]).where(keep))
        )


@event.listens_for(Session, "after_flush")
def _orm_sessions_flushed(session: Session, _context: Any) -> None:
    """Keep learning_week exact for sessions written through the ORM (see the module's notes)."""
    keys: set[Key] = set()
    for obj in (*session.new, *session.deleted):
        if isinstance(obj, LearningSession):
            keys.add((obj.employee_id, monday_of(obj.date)))
    for obj in session.dirty:
        if not isinstance(obj, LearningSession):
            continue
        for name in ("employee_id", "date", "minutes"):
            history = attributes.get_history(obj, name)
            if history.has_changes():
                break
        else:
            continue
        old = attributes.get_history(obj, "employee_id").deleted or [obj.employee_id]
        old_day = attributes.get_history(obj, "date").deleted or [obj.date]
        keys.add((old[0], monday_of(old_day[0])))
        keys.add((obj.employee_id, monday_of(obj.date)))
    if keys:
        weeks_changed(session, keys)


def learning_minutes_between(start: date, end: date) -> sa.Subquery:
    """Subquery (employee_id, monday, minutes, sessions): each person's learning in [start, end]
    per ISO week. Whole weeks inside the period come from learning_week; the part-weeks at
    either end (a period that does not start on a Monday or end on a Sunday) from their
    sessions, so the sum is exact for any period and reads the raw rows of at most two weeks.
    """
    first_full = start if start.weekday() == 0 else monday_of(start) + timedelta(days=7)
    last_full = monday_of(end) if end.weekday() == 6 else monday_of(end) - timedelta(days=7)
    columns = [_WEEK.c.employee_id, _WEEK.c.monday, _WEEK.c.minutes, _WEEK.c.sessions]

    def raw(first: date, last: date) -> sa.Select[Any]:
        return _recomputed(_SESSION.c.date.between(first, last))

    if first_full > last_full:  # no whole week inside: the period's own sessions
        return raw(start, end).subquery("period_minutes")
    parts: list[sa.Select[Any]] = [sa.select(*columns).where(_WEEK.c.monday.between(first_full, last_full))]
    if start < first_full:
        parts.append(raw(start, first_full - timedelta(days=1)))
    if end > last_full + timedelta(days=6):
        parts.append(raw(last_full + timedelta(days=7), end))
    query = parts[0] if len(parts) == 1 else sa.union_all(*parts)
    return query.subquery("period_minutes")


@dataclass(frozen=True)
class RollupCheck:
    """What `rebuild_rollups` found: weeks stored before, weeks the sessions make, and how many
    stored weeks were missing, extra or held other figures."""

    stored: int
    expected: int
    missing: int
    extra: int
    different: int
    rewritten: bool
    checked_at: Any = None

    @property
    def exact(self) -> bool:
        return not (self.missing or self.extra or self.different)


def rebuild_rollups(bind: Connection | Session, *, fix: bool = True) -> RollupCheck:
    """Compare learning_week with the sessions in SQL and, when they differ and `fix`, rewrite it.

    Set-based on both backends (two anti-joins and a count); at 100,000 people x 5 years this is
    a scan of the sessions, not a Python loop.
    """
    connection = _connection(bind)
    expected = _recomputed().subquery("expected")
    stored = _WEEK
    on_key = sa.and_(stored.c.employee_id == expected.c.employee_id, stored.c.monday == expected.c.monday)

    def count(query: sa.Select[Any]) -> int:
        return int(connection.execute(sa.select(sa.func.count()).select_from(query.subquery())).scalar_one())

    n_stored = count(sa.select(stored.c.employee_id))
    n_expected = count(sa.select(expected.c.employee_id))
    missing = count(
        sa.select(expected.c.employee_id)
        .select_from(expected.outerjoin(stored, on_key))
        .where(stored.c.employee_id.is_(None))
    )
    extra = count(
        sa.select(stored.c.employee_id)
        .select_from(stored.outerjoin(expected, on_key))
        .where(expected.c.employee_id.is_(None))
    )
    different = count(
        sa.select(stored.c.employee_id)
        .select_from(stored.join(expected, on_key))
        .where(sa.or_(stored.c.minutes != expected.c.minutes, stored.c.sessions != expected.c.sessions))
    )
    found = RollupCheck(n_stored, n_expected, missing, extra, different, False, utc_now())
    if found.exact or not fix:
        return found
    connection.execute(sa.delete(_WEEK))
    columns = ["employee_id", "monday", "minutes", "sessions"]
    connection.execute(_WEEK.insert().from_select(columns, _recomputed()))
    return RollupCheck(n_stored, n_expected, missing, extra, different, True, found.checked_at)
