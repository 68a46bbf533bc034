"""Learning time from xAPI statements (an LRS export: a JSON array, or one `{"statements", "more"}` page).

Which statements are learning time, and how much:

- Only statements whose verb ends a piece of learning count: completed,
  passed, failed, experienced, and cmi5's terminated. Their `result.duration`
  is the time spent. Statements without a duration add nothing (noted).
- cmi5 reports one session several times (completed, passed, terminated, each
  with a duration). For a registration (`context.registration`, per actor)
  that has a `terminated` statement, only the terminated durations count, so
  a session is counted once.
- A voiding statement (verb `voided`, object a `StatementRef`) cancels the
  statement it points to; neither counts. Voided ids not in this file are
  returned in `voided_elsewhere` for the writer (an earlier import may hold them).
- Each counted statement becomes one LearningRecord: external id = statement id
  (so a re-import adds nothing), date = the UTC date of `timestamp` (`stored`
  when there is none; a timestamp without a zone is read as UTC), minutes =
  the duration rounded to the nearest minute, half up. A statement that
  rounds to 0 minutes (under 30 seconds) is dropped, since a session holds 1
  to 1440 minutes; how many were dropped is noted.

The actor is an mbox (`mailto:` email), an mbox_sha1sum, or an account whose
name is the employee code; exactly one. Who that is, is the writer's question.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from .. import clock
from .durations import duration_seconds, whole_minutes
from .errors import Origin, ParseResult
from .json_input import Node, stream_json_items
from .learning import LearningRecord
from .refs import EmployeeRef
from .scratch import Scratch
from .sources import Source
from .values import ValueProblem, parse_email, parse_timestamp

ADL = "http://adlnet.gov/expapi/verbs/"
ADL_W3ID = "https://w3id.org/xapi/adl/verbs/"
VOIDED = ADL + "voided"
COUNTED_VERBS = frozenset(
    prefix + verb
    for prefix in (ADL, ADL_W3ID)
    for verb in ("completed", "passed", "failed", "experienced", "terminated")
)
TERMINATED = frozenset({ADL + "terminated", ADL_W3ID + "terminated"})
IDENTIFIERS = ("mbox", "mbox_sha1sum", "openid", "account")


@dataclass
class XapiResult(ParseResult[LearningRecord]):
    """A ParseResult plus the statement ids voided here but imported (if at all) before."""

    voided_elsewhere: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Statement:
    path: str
    id: str
    actor: EmployeeRef
    verb: str
    object_id: str | None
    object_name: str | None
    voids: str | None
    registration: str | None
    when: datetime | None
    duration: str | None


def _actor(node: Node) -> EmployeeRef | None:
    if node.value.get("actor") is None:
        node.error("actor", "the statement has no actor")
        return None
    actor = node.child("actor")
    if actor is None:
        return None
    if actor.value.get("objectType") == "Group":
        actor.error(None, "the actor is a Group; only a single person (Agent) can be credited with time")
        node.failed = True
        return None
    present = [key for key in IDENTIFIERS if actor.value.get(key) not in (None, "")]
    if len(present) != 1:
        node.failed = True
        if present:
            actor.error(
                None, f"the actor has several identifiers ({', '.join(present)}); xAPI allows exactly one"
            )
        else:
            actor.error(None, "the actor has no identifier (mbox, mbox_sha1sum or account.name)")
        return None
    key = present[0]
    value = actor.value[key]
    ref: EmployeeRef | None = None
    try:
        if key == "mbox":
            if not isinstance(value, str) or not value.startswith("mailto:"):
                raise ValueProblem("mbox should read mailto:<email>")
            ref = EmployeeRef("email", parse_email(value.removeprefix("mailto:")))
        elif key == "mbox_sha1sum":
            text = str(value).strip().lower()
            if len(text) != 40 or any(c not in "0123456789abcdef" for c in text):
                raise ValueProblem("mbox_sha1sum should be 40 hexadecimal characters")
            ref = EmployeeRef("mbox_sha1sum", text)
        elif key == "account":
            name = value.get("name") if isinstance(value, dict) else None
            if not isinstance(name, str) or not name.strip():
                raise ValueProblem("account should have a name (the employee code)")
            ref = EmployeeRef("code", name.strip())
        else:
            raise ValueProblem("an openid actor cannot be matched to an employee; use mbox or account")
    except ValueProblem as problem:
        actor.error(key, str(problem))
        node.failed = True
    return ref


def _language_text(value: Any) -> str | None:
    if not isinstance(value, dict) or not value:
        return None
    for language in ("en-US", "en", "en-GB", "und"):
        if isinstance(value.get(language), str):
            return value[language]
    first = next(iter(value.values()))
    return first if isinstance(first, str) else None


def _statement(node: Node) -> _Statement | None:
    statement_id = node.text("id", max_length=200)
    if node.value.get("id") in (None, ""):
        node.error("id", "the statement has no id (an LRS export always gives one)")
    actor = _actor(node)
    verb = node.child("verb")
    verb_id = verb.text("id") if verb else None
    if verb_id is None:
        node.error("verb", "the statement has no verb (verb.id)")
    target = node.child("object")
    object_id = target.text("id") if target else None
    object_type = target.value.get("objectType", "Activity") if target else None
    if target is None or (object_id is None and object_type != "SubStatement"):
        node.error("object", "the statement has no object (object.id)")
    voids = None
    if verb_id == VOIDED:
        if object_type != "StatementRef":
            node.error("object", "a voided statement must point to a StatementRef")
        voids = object_id
    context = node.value.get("context")
    registration = context.get("registration") if isinstance(context, dict) else None
    stamp = node.value.get("timestamp") or node.value.get("stored")
    stamp_key = "timestamp" if node.value.get("timestamp") else "stored"
    when = None
    if stamp is not None:
        when = node.convert(stamp_key, lambda v: parse_timestamp(str(v), naive_is_utc=True))
    result = node.value.get("result")
    duration = result.get("duration") if isinstance(result, dict) else None
    if node.failed:
        return None
    assert statement_id and actor and verb_id
    definition = target.value.get("definition") if target else None
    return _Statement(
        path=node.path,
        id=statement_id,
        actor=actor,
        verb=verb_id,
        object_id=object_id,
        object_name=_language_text(definition.get("name")) if isinstance(definition, dict) else None,
        voids=voids,
        registration=str(registration) if registration else None,
        when=when,
        duration=str(duration) if duration is not None else None,
    )


def _note_more(members: Any, result: XapiResult) -> None:
    more = members.get("more") if isinstance(members, dict) else None
    if isinstance(more, str) and more.strip():
        result.notes.append(f"this is one page of an LRS export; more statements at {more} were not fetched")


def _dated_minutes(statement: _Statement, node: Node, today: date) -> tuple[date, int] | None:
    """The day and rounded minutes of a timed statement, or None after recording why not."""
    assert statement.duration is not None
    try:
        seconds = duration_seconds(statement.duration)
    except ValueProblem as problem:
        node.error("duration", str(problem), path=f"{statement.path}.result.duration")
        return None
    if statement.when is None:
        node.error("timestamp", "a counted statement needs a timestamp to date it")
        return None
    day = statement.when.astimezone(UTC).date()
    if day > today:
        node.error("timestamp", f"{day} is in the future (today is {today})")
        return None
    return day, whole_minutes(seconds)


_STAGE = """
CREATE TABLE statement (
    seq INTEGER PRIMARY KEY, path TEXT NOT NULL, id TEXT NOT NULL UNIQUE, actor_kind TEXT NOT NULL,
    actor TEXT NOT NULL, verb TEXT NOT NULL, object_id TEXT, object_name TEXT, voids TEXT,
    registration TEXT, at TEXT, duration TEXT
)
"""
_FIELDS = "path, id, actor_kind, actor, verb, object_id, object_name, voids, registration, at, duration"


def _stage(scratch: Scratch, data: Source, result: XapiResult) -> None:
    """Every well-formed statement into the scratch table, duplicates of an id reported."""
    scratch.execute(_STAGE)
    insert = f"INSERT INTO statement ({_FIELDS}) VALUES ({', '.join('?' * 11)}) ON CONFLICT (id) DO NOTHING"
    for value, path in stream_json_items(data, result, array_key="statements"):
        if path == "$meta":
            _note_more(value, result)
            continue
        if path == "$" and not (isinstance(value, dict) and "actor" in value and "verb" in value):
            result.error(None, None, 'expected a JSON array of statements or {"statements": [...]}', path="$")
            break
        result.rows_read += 1
        if not isinstance(value, dict):
            result.error(None, None, "a statement should be a JSON object", path=path)
            continue
        node = Node(value, path, result)
        statement = _statement(node)
        if statement is None:
            continue
        row = (
            path, statement.id, statement.actor.kind, statement.actor.value, statement.verb,
            statement.object_id, statement.object_name, statement.voids, statement.registration,
            statement.when.isoformat() if statement.when else None, statement.duration,
        )  # fmt: skip
        if scratch.execute(insert, row).rowcount == 0:
            first = scratch.scalar("SELECT path FROM statement WHERE id = ?", (statement.id,))
            node.error("id", f"statement {statement.id} is also at {first}")
    scratch.execute("CREATE INDEX statement_voids ON statement (voids) WHERE voids IS NOT NULL")
    scratch.execute(
        "CREATE INDEX statement_session ON statement (actor_kind, actor, registration) "
        "WHERE registration IS NOT NULL"
    )


# Statements that count, in file order: not voided, not a voiding, and not a cmi5 statement
# whose session (actor and registration) is counted by its `terminated` statement.
_COUNTED = f"""
SELECT {_FIELDS} FROM statement AS s
WHERE s.voids IS NULL
  AND NOT EXISTS (SELECT 1 FROM statement AS v WHERE v.voids = s.id)
  AND s.verb IN ({", ".join("?" * len(COUNTED_VERBS))})
  AND NOT (
    s.registration IS NOT NULL
    AND s.verb NOT IN ({", ".join("?" * len(TERMINATED))})
    AND EXISTS (
      SELECT 1 FROM statement AS t
      WHERE t.actor_kind = s.actor_kind AND t.actor = s.actor AND t.registration = s.registration
        AND t.voids IS NULL AND t.verb IN ({", ".join("?" * len(TERMINATED))})
        AND NOT EXISTS (SELECT 1 FROM statement AS tv WHERE tv.voids = t.id)
    )
  )
ORDER BY s.seq
"""


def iter_xapi(data: Source, result: XapiResult, *, today: date | None = None) -> Iterator[LearningRecord]:
    """The counted statements as LearningRecords, one at a time, every error collected in `result`.

    The statements are staged in a scratch SQLite table (memory stays flat for a file of any
    size); voiding and cmi5 sessions, which can only be decided once the whole file is read,
    are then queries over it. `result.voided_elsewhere` is filled before the first record.
    """
    today = today or clock.today()
    with Scratch() as scratch:
        _stage(scratch, data, result)
        voided = scratch.scalar("SELECT count(DISTINCT voids) FROM statement WHERE voids IS NOT NULL")
        result.voided_elsewhere = [
            row[0]
            for row in scratch.rows(
                "SELECT DISTINCT voids FROM statement AS v WHERE voids IS NOT NULL "
                "AND NOT EXISTS (SELECT 1 FROM statement AS s WHERE s.id = v.voids) ORDER BY voids"
            )
        ]
        no_time = too_short = 0
        parameters = (*sorted(COUNTED_VERBS), *sorted(TERMINATED), *sorted(TERMINATED))
        for row in scratch.rows(_COUNTED, parameters):
            path, statement_id, actor_kind, actor, _verb, object_id, object_name, *_, at, duration = row
            if duration is None:
                no_time += 1
                continue
            statement = _Statement(
                path=path, id=statement_id, actor=EmployeeRef(actor_kind, actor), verb=_verb,
                object_id=object_id, object_name=object_name, voids=None, registration=None,
                when=datetime.fromisoformat(at) if at else None, duration=duration,
            )  # fmt: skip
            node = Node({}, path, result)  # where to report, without keeping the statement
            dated = _dated_minutes(statement, node, today)
            if dated is None:
                continue
            day, minutes = dated
            if minutes == 0:
                too_short += 1
                continue
            yield LearningRecord(
                origin=Origin(result.file, path=path),
                employee=statement.actor,
                date=day,
                minutes=minutes,
                credential=object_id,
                external_id=statement_id,
                note=object_name[:500] if object_name else None,
                source="xapi",
            )
    if voided:
        result.notes.append(f"{voided} voided statements not counted")
    if no_time:
        result.notes.append(f"{no_time} counted statements had no result.duration and add no time")
    if too_short:
        result.notes.append(f"{too_short} statements under 30 seconds round to 0 minutes and were dropped")


def parse_xapi(
    data: Source, *, file_name: str, date_format: str | None = None, today: date | None = None
) -> XapiResult:
    """Read xAPI statements into LearningRecords (one per counted statement), or every error.

    `today` (default: `clock.today()`) refuses statements dated in the future.
    `date_format` is accepted for a uniform signature; xAPI dates are ISO 8601.
    """
    result = XapiResult(file_name)
    result.records.extend(iter_xapi(data, result, today=today))
    return result
