"""Enrollments and the badges earned by finishing them.

Each person's enrollments are played forward in date order, so the rules hold
by construction: at most one open enrollment per credential, no retaking what
was finished (except compliance, which is renewed), completed_on only when
completed, nothing before hire, open work withdrawn when someone leaves.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import math
import random
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, NamedTuple

from . import reference as ref
from .calendar import add_months, add_years, at_utc, monday_of
from .catalogue import Catalogue, Credential
from .people import Organisation, Person

# Course hours a person gets through per week, how long they wait to start, how often they give up.
PACE_HOURS = {"light": 1.2, "regular": 2.2, "keen": 3.5}
START_DELAY_DAYS = {"light": 30, "regular": 14, "keen": 7}
WITHDRAW_CHANCE = {"light": 0.12, "regular": 0.06, "keen": 0.03}
LATE_COMPLIANCE_CHANCE = {"never": 0.5, "light": 0.25, "regular": 0.12, "keen": 0.05}
SKILL_GAP_COUNTS = ((0, 0.55), (1, 0.33), (2, 0.12))
SELF_COUNTS = {
    "never": ((0, 1.0),),
    "light": ((0, 0.6), (1, 0.4)),
    "regular": ((0, 0.3), (1, 0.45), (2, 0.25)),
    "keen": ((1, 0.4), (2, 0.4), (3, 0.2)),
}
EMERGING_DAYS = 70  # emerging credentials launched this many days before the end
RETIRED_DAYS = 400  # the retired credential was last offered this many days before the end


PATHWAY_CHANCE = {"never": 0.0, "light": 0.03, "regular": 0.12, "keen": 0.35}


class Assignment(NamedTuple):
    """An enrollment to be made: when, what, why, due when, by whom, and what follows it (a pathway)."""

    day: date
    code: str
    reason: str
    due: date | None
    assigned_by: int | None
    then: tuple[str, ...] = ()


@dataclass(slots=True)
class Enrollment:
    id: int
    person: Person
    credential: Credential
    reason: str
    assigned_on: date
    due: date | None
    assigned_by: int | None
    status: str = "assigned"
    started: date | None = None
    completed: date | None = None
    withdrawn: date | None = None

    def closed_on(self) -> date | None:
        return self.completed or self.withdrawn

    def studied(self, end: date) -> tuple[date, date] | None:
        """The days this person was working on it, for linking learning sessions to it."""
        if self.started is None:
            return None
        return self.started, self.closed_on() or self.person.last_day(end)

    def row(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "employee_id": self.person.id,
            "credential_id": self.credential.id,
            "status": self.status,
            "assigned_by_id": self.assigned_by,
            "reason": self.reason,
            "assigned_on": self.assigned_on,
            "due_date": self.due,
            "started_on": self.started,
            "completed_on": self.completed,
            "withdrawn_on": self.withdrawn,
            "created_at": at_utc(self.assigned_on),
        }


def _pick(rng: random.Random, options: tuple[tuple[Any, float], ...]) -> Any:
    return rng.choices([o for o, _ in options], [w for _, w in options])[0]


def _course_days(hours: float, pace: float) -> int:
    """Whole weeks needed for `hours` of coursework at `pace` hours a week, in days."""
    return max(7, math.ceil(hours / pace) * 7)


def _in(rng: random.Random, first: date, last: date) -> date | None:
    if last < first:
        return None
    return first + timedelta(days=rng.randint(0, (last - first).days))


class EnrollmentPlanner:
    """Plans every enrollment of the organisation, person by person."""

    def __init__(self, catalogue: Catalogue, org: Organisation, rng: random.Random, *, end: date) -> None:
        self.catalogue = catalogue
        self.org = org
        self.rng = rng
        self.end = end
        self.window_start = add_years(end, -3)  # the learning programme's history starts here
        self.campaigns = [
            monday_of(date(year, 2, 1)) + timedelta(days=7)
            for year in range(self.window_start.year, end.year + 1)
            if self.window_start <= monday_of(date(year, 2, 1)) + timedelta(days=7) <= end
        ]
        self.enrollments: list[Enrollment] = []
        self._renewed_roles = {code: set(roles) for code, roles in ref.RENEWED_COMPLIANCE.items()}
        self._pathway_steps = {
            p.title: tuple(code for code, required in p.items if required) for p in ref.PATHWAYS
        }

    def manager_account(self, person: Person) -> int:
        """Who assigns this person's work: their team lead, or for a lead the lead above them."""
        leads = [self.org.team_lead[t] for t in [person.team, *self.catalogue.parent_chain(person.team)]]
        lead = next((p for p in leads if p.id != person.id), None)
        return lead.account_id if lead is not None else self.org.hr_account_id

    def plan_all(self) -> list[Enrollment]:
        for person in self.org.people:
            self._plan_person(person)
        return self.enrollments

    # -- what gets assigned -------------------------------------------------------------------
    def _candidates(self, person: Person) -> list[Assignment]:
        rng, end, cat = self.rng, self.end, self.catalogue
        last = person.last_day(end)
        manager = self.manager_account(person)
        hr = self.org.hr_account_id
        out: list[Assignment] = []
        new_hire = person.hire >= self.window_start
        day: date | None  # each assignment's start, None when the person's window has no room for it
        due: date | None

        if new_hire:
            seen: set[str] = set()
            for plan in cat.onboarding:
                if plan.job_role not in (None, person.role) or plan.team not in (None, person.team):
                    continue
                for code, days in plan.items:
                    if code not in seen:
                        seen.add(code)
                        due = person.hire + timedelta(days=days)
                        out.append(Assignment(person.hire, code, "onboarding", due, manager))
            for code in ref.ANNUAL_COMPLIANCE:
                out.append(Assignment(person.hire, code, "compliance", person.hire + timedelta(days=30), hr))
        for day in self.campaigns:
            if person.hire <= day - timedelta(days=30) and day <= last:
                for code in ref.ANNUAL_COMPLIANCE:
                    out.append(Assignment(day, code, "compliance", day + timedelta(days=30), hr))
        for code, roles in self._renewed_roles.items():
            if person.role in roles:
                first = person.hire + timedelta(days=30) if new_hire else _in(rng, self.window_start, last)
                if first is not None and first <= last:
                    out.append(Assignment(first, code, "compliance", first + timedelta(days=45), manager))

        focus = ref.TEAM_FOCUS.get(person.team, ())
        if focus:
            for _ in range(_pick(rng, SKILL_GAP_COUNTS)):
                code = rng.choice(focus)
                emerging = cat.credentials[code].kind == "emerging"
                earliest = end - timedelta(days=EMERGING_DAYS if emerging else 540)
                day = _in(rng, max(person.hire + timedelta(days=60), earliest), last)
                if day is not None:
                    weeks = max(6, math.ceil(float(cat.credentials[code].hours) / 2.5))
                    out.append(Assignment(day, code, "skill_gap", day + timedelta(weeks=weeks), manager))

        interests = focus + ref.GENERAL_INTEREST
        for _ in range(_pick(rng, SELF_COUNTS[person.propensity])):
            code = rng.choice(interests)
            kind = cat.credentials[code].kind
            day = _in(rng, max(person.hire, add_years(end, -2)), last)
            if day is None:
                continue
            if kind == "emerging" and day < end - timedelta(days=EMERGING_DAYS):
                continue
            if kind == "retired" and day > end - timedelta(days=RETIRED_DAYS):
                continue
            due = None
            if rng.random() < 0.5:
                due = day + timedelta(weeks=max(4, math.ceil(float(cat.credentials[code].hours) / 2)))
            out.append(Assignment(day, code, "self", due, None))

        # Some people work through their team's pathway, one credential after the other.
        pathway = ref.TEAM_PATHWAY.get(person.team)
        chance = 1.0 if person.spotlight else PATHWAY_CHANCE[person.propensity]
        if pathway is not None and rng.random() < chance:
            steps = self._pathway_steps[pathway]
            day = _in(rng, max(person.hire, add_years(end, -2)), last - timedelta(days=60))
            if day is not None:
                out.append(Assignment(day, steps[0], "self", None, None, steps[1:]))
        return out

    # -- what happens to each ---------------------------------------------------------------
    def _plan_person(self, person: Person) -> None:
        cat = self.catalogue
        queue = [(a.day, n, a) for n, a in enumerate(self._candidates(person))]
        heapq.heapify(queue)
        extra = len(queue)

        def then(day: date, a: Assignment) -> None:
            nonlocal extra
            if a.then and day <= last:
                extra += 1
                next_ = Assignment(day, a.then[0], a.reason, None, a.assigned_by, a.then[1:])
                heapq.heappush(queue, (day, extra, next_))

        latest: dict[str, Enrollment] = {}
        done: set[str] = set()
        last = person.last_day(self.end)
        while queue:
            day, _n, a = heapq.heappop(queue)
            code = a.code
            credential = cat.credentials[code]
            previous = latest.get(code)
            if previous is not None:
                closed = previous.closed_on()
                if closed is None or closed > day:
                    then(day + timedelta(days=1), a)
                    continue  # still open: at most one open enrollment per credential
            if code in done and credential.kind != "compliance":
                then(day + timedelta(days=1), a)
                continue
            enrollment = Enrollment(
                id=len(self.enrollments) + 1,
                person=person,
                credential=credential,
                reason=a.reason,
                assigned_on=day,
                due=a.due,
                assigned_by=a.assigned_by,
            )
            self._play(enrollment)
            self.enrollments.append(enrollment)
            latest[code] = enrollment
            if enrollment.completed is not None:
                done.add(code)
                then(enrollment.completed + timedelta(days=self.rng.randint(3, 30)), a)
                if code in self._renewed_roles and credential.validity_months:
                    # Renewed before the certificate runs out, due the day it would.
                    expires = add_months(enrollment.completed, credential.validity_months)
                    renew_on = expires - timedelta(days=45)
                    if renew_on <= last:
                        extra += 1
                        renewal = Assignment(renew_on, code, "compliance", expires, a.assigned_by)
                        heapq.heappush(queue, (renew_on, extra, renewal))

    def _play(self, e: Enrollment) -> None:
        """Decide how far the person got by the end (or by their exit)."""
        rng, person, credential = self.rng, e.person, e.credential
        last = person.last_day(self.end)
        propensity = person.propensity
        compliance = e.reason == "compliance" or credential.kind == "compliance"
        if propensity == "never" and not compliance:
            if rng.random() < 0.1:
                e.withdrawn = _in(rng, e.assigned_on + timedelta(days=10), e.assigned_on + timedelta(days=60))
        else:
            if compliance:
                delay = rng.randint(0, 10)
                if rng.random() < LATE_COMPLIANCE_CHANCE[propensity]:
                    delay += rng.randint(30, 120)
                e.started = e.assigned_on + timedelta(days=delay)
                finish = e.started + timedelta(days=rng.randint(0, 5))
            else:
                e.started = e.assigned_on + timedelta(days=rng.randint(0, START_DELAY_DAYS[propensity]))
                days = _course_days(float(credential.hours), PACE_HOURS[propensity] * person.vigour)
                finish = e.started + timedelta(days=int(days * rng.uniform(0.7, 1.5)))
                if rng.random() < WITHDRAW_CHANCE[propensity]:
                    e.withdrawn = e.started + timedelta(
                        days=rng.randint(7, max(8, (finish - e.started).days))
                    )
            if e.withdrawn is None and credential.kind != "emerging":
                e.completed = finish
        # Clip to what had happened by the end (or by leaving).
        if e.withdrawn is not None and e.withdrawn > last:
            e.withdrawn = None
        if e.completed is not None and e.completed > last:
            e.completed = None
        if e.started is not None and e.started > last:
            e.started = None
        if e.completed is not None:
            e.status = "completed"
        elif e.withdrawn is not None:
            e.status = "withdrawn"
            if e.started is not None and e.started > e.withdrawn:
                e.started = None
        elif person.exit is not None and person.exit <= self.end:
            e.status, e.withdrawn = "withdrawn", person.exit  # open work is closed when someone leaves
        else:
            e.status = "in_progress" if e.started is not None else "assigned"


# -- badges -----------------------------------------------------------------------------------
def _assertion_id(rng: random.Random, taken: set[str]) -> str:
    while True:
        value = f"urn:uuid:{uuid.UUID(int=rng.getrandbits(128), version=4)}"
        if value not in taken:
            taken.add(value)
            return value


def _open_badge_json(
    e: Enrollment, assertion_id: str, issued: date, expires: date | None, salt: str, catalogue: Catalogue
) -> str:
    credential = e.credential
    slug = credential.code.lower()
    host = credential.provider_url.split("//", 1)[-1].strip("/")
    identity = hashlib.sha256((e.person.email + salt).encode()).hexdigest()
    assertion: dict[str, Any] = {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Assertion",
        "id": assertion_id,
        "recipient": {"type": "email", "hashed": True, "salt": salt, "identity": f"sha256${identity}"},
        "badge": {
            "type": "BadgeClass",
            "id": f"{credential.provider_url}badges/{slug}",
            "name": credential.title,
            "description": f"Awarded for completing {credential.title} ({credential.hours} hours).",
            "image": f"{credential.provider_url}badges/{slug}.png",
            "criteria": {"narrative": f"Complete {credential.title} and pass its final assessment."},
            "issuer": {
                "type": "Profile",
                "id": f"{credential.provider_url}issuer",
                "name": credential.provider_name,
                "url": credential.provider_url,
                "email": f"badges@{host}",
            },
            "alignment": [
                {
                    "targetName": catalogue.skills[skill_id].name,
                    "targetUrl": catalogue.skills[skill_id].external_id
                    if catalogue.skills[skill_id].external_id.startswith("http")
                    else f"https://sfia-online.org/en/skillcode/{catalogue.skills[skill_id].external_id}",
                    "targetCode": catalogue.skills[skill_id].external_id,
                }
                for skill_id, _level in credential.skills
            ],
        },
        "verification": {"type": "hosted"},
        "issuedOn": f"{issued.isoformat()}T12:00:00Z",
    }
    if expires is not None:
        assertion["expires"] = f"{expires.isoformat()}T23:59:59Z"
    return json.dumps(assertion, ensure_ascii=False, separators=(",", ":"))


def badge_rows(
    enrollments: list[Enrollment], catalogue: Catalogue, rng: random.Random
) -> list[dict[str, Any]]:
    """A badge for each completed enrollment, expiring after the credential's validity."""
    taken: set[str] = set()
    rows: list[dict[str, Any]] = []
    for e in enrollments:
        if e.status != "completed" or e.completed is None:
            continue
        credential = e.credential
        issued = e.completed
        expires = add_months(issued, credential.validity_months) if credential.validity_months else None
        assertion_id = _assertion_id(rng, taken)
        raw_json = None
        if credential.provider_kind == "internal":
            fmt, verification, note = "manual", "verified", "Issued by Voltaria Academy."
        elif rng.random() < 0.85:
            fmt = "openbadges-2"
            salt = f"{rng.getrandbits(64):016x}"
            raw_json = _open_badge_json(e, assertion_id, issued, expires, salt, catalogue)
            if rng.random() < 0.8:
                verification, note = "verified", "Hosted assertion matched the issuer's copy when imported."
            else:
                verification, note = "unverified", "Hosted badge: the issuer could not be reached offline."
        else:
            fmt, verification, note = "manual", "unverified", "Entered by HR from the certificate."
        rows.append(
            {
                "id": len(rows) + 1,
                "employee_id": e.person.id,
                "credential_id": credential.id,
                "name": credential.title,
                "issuer_name": credential.provider_name,
                "issued_on": issued,
                "expires_on": expires,
                "assertion_id": assertion_id,
                "format": fmt,
                "verification": verification,
                "verification_note": note,
                "evidence_url": None,
                "raw_json": raw_json,
                "created_at": at_utc(issued, 12),
            }
        )
    return rows
