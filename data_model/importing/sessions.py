"""Learning sessions in bulk: the same rules as `actions.log_learning`, at a million rows a run.

`log_learning` costs a few queries and an audit row per session, which is fine
for a click and hopeless for an LMS export. Here each record is checked with
the very same `validate_learning`, plus log_learning's other rules (the person
exists and was employed that day, the credential exists), and good rows go to
the database in chunks through `bulk_insert` (COPY on PostgreSQL). One audit
event summarises the import instead of one per row.

Re-importing adds nothing: a row's (source, external id) is its identity. A CSV
row without an external id gets one made from what it says (person, date,
minutes, credential, note, and how many identical rows came before it in the
file), so the same rows imported again, from any file, are recognised.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
from sqlmodel import col

from data_model import rollups
from data_model.actions import LearningEntry, validate_learning
from data_model.bulk import bulk_insert
from data_model.formats import KeyIndex, LearningRecord
from data_model.models import LearningSession

from .context import ImportContext
from .people import People, Person

CHUNK = 20_000
LOOKUP_CHUNK = 5_000
TABLE = "learning_session"

# Which column a validate_learning message is about.
_PROBLEM_FIELDS = (("minutes", "minutes"), ("the date", "date"), ("source", None), ("the note", "note"))

CredentialResolver = Callable[[LearningRecord], tuple[int | None, bool]]


def _field_of(problem: str, record: LearningRecord) -> str | None:
    for start, name in _PROBLEM_FIELDS:
        if problem.startswith(start):
            if name == "minutes" and record.origin.headers and "minutes" not in record.origin.headers:
                return "hours"
            return name
    return None


def derived_external_id(person: Person, record: LearningRecord, credential: str, seen: KeyIndex) -> str:
    """An id for a CSV row that has none: what the row says, plus its count among identical rows."""
    key = f"{person.code}|{record.date.isoformat()}|{record.minutes}|{credential}|{record.note or ''}"
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()
    return f"auto:{digest}:{seen.tally(digest)}"


class SessionWriter:
    """Checks learning records one by one and writes the good ones in chunks while nothing is wrong."""

    def __init__(self, ctx: ImportContext, *, source: str, resolve_credential: CredentialResolver) -> None:
        self.ctx = ctx
        self.source = source
        self.resolve_credential = resolve_credential
        self.people = People(ctx.session)
        self.pending: list[dict[str, Any]] = []
        self.seen = KeyIndex()  # identical rows so far, on disk past a few thousand
        self.written = 0
        self.stored_before = (
            ctx.session.execute(
                sa.select(sa.literal(1)).where(col(LearningSession.source) == source).limit(1)
            ).first()
            is not None
        )

    def add(self, record: LearningRecord) -> None:
        ctx = self.ctx
        person = self.people.find(record.employee)
        if person is None:
            field_name = "employee" if self.source == "csv" else "actor"
            ctx.error(record.origin, field_name, f"unknown employee {record.employee}")
            return
        credential_id, credential_ok = self.resolve_credential(record)
        if not credential_ok:
            return
        entry = LearningEntry(
            employee_id=person.id,
            on=record.date,
            minutes=record.minutes,
            credential_id=credential_id,
            note=record.note,
            source=self.source,
            external_id=record.external_id,
        )
        problems = validate_learning(entry, today=ctx.today)
        for problem in problems:
            ctx.error(record.origin, _field_of(problem, record), problem)
        if not person.employed_on(record.date):
            field_name = "date" if self.source == "csv" else "timestamp"
            ctx.error(
                record.origin,
                field_name,
                f"{person.code} ({person.full_name}) was not employed on {record.date} "
                f"({person.employment()})",
            )
            return
        if problems or not ctx.ok:
            return  # keep checking the rest of the file, but write nothing more
        external_id = record.external_id or derived_external_id(
            person, record, record.credential or "", self.seen
        )
        self.pending.append(
            {
                "employee_id": person.id,
                "date": record.date,
                "minutes": record.minutes,
                "credential_id": credential_id,
                "source": self.source,
                "external_id": external_id,
                "note": record.note,
            }
        )
        if len(self.pending) >= CHUNK:
            self.flush()

    def close(self) -> None:
        """Free the scratch index of identical rows (call once the file is read)."""
        self.seen.close()

    def add_all(self, records: Iterable[LearningRecord]) -> None:
        for record in records:
            self.add(record)
        self.flush()
        self.close()

    def flush(self) -> None:
        rows, self.pending = self.pending, []
        if not rows or not self.ctx.ok:
            return
        if self.stored_before:
            stored = self._already_stored([row["external_id"] for row in rows])
            if stored:
                self.ctx.count(TABLE, "unchanged", len(stored))
                rows = [row for row in rows if row["external_id"] not in stored]
        if not rows:
            return
        batch_id = self.ctx.open_batch()
        for row in rows:
            row["import_batch_id"] = batch_id
        newest = self.ctx.session.execute(sa.select(sa.func.max(col(LearningSession.id)))).scalar()
        bulk_insert(self.ctx.session, LearningSession, rows)
        rollups.batch_added(self.ctx.session, import_batch_id=batch_id, after_id=newest or 0)
        self.written += len(rows)
        self.ctx.count(TABLE, "created", len(rows))

    def _already_stored(self, external_ids: list[str]) -> set[str]:
        """Which of these ids are stored. PostgreSQL gets one array parameter (`= ANY`), which it
        plans in a blink; thousands of IN parameters cost it more than the lookup itself."""
        session = self.ctx.session
        column = col(LearningSession.external_id)
        postgres = session.get_bind().dialect.name == "postgresql"
        found: set[str] = set()
        for start in range(0, len(external_ids), LOOKUP_CHUNK):
            part = external_ids[start : start + LOOKUP_CHUNK]
            wanted = (
                column == sa.any_(sa.bindparam("ids", part, type_=ARRAY(sa.String)))
                if postgres
                else column.in_(part)
            )
            found.update(
                session.execute(
                    sa.select(column).where(col(LearningSession.source) == self.source, wanted)
                ).scalars()
            )
        return found
