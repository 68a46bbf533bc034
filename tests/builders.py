"""A tiny builder for hand-made organisations, so each test states its data in a few lines.

    org = Org(session)
    org.team("Cloud")
    org.employee("E1", team="Cloud", hired="2024-01-01")
    org.log("E1", "2026-01-05", 90)

Dates are ISO strings or `date`s. Names (team, skill, credential code, employee code) refer
to things made earlier. Every call flushes, so ids exist at once; `commit()` at the end.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import count
from typing import Any

from sqlmodel import Session

from data_model.actions.people import move_membership
from data_model.models import (
    Account,
    Badge,
    CredentialSkill,
    Employee,
    EmployeeSkill,
    Enrollment,
    JobRole,
    LearningPolicy,
    LearningSession,
    MicroCredential,
    Pathway,
    PathwayItem,
    Provider,
    Skill,
    Team,
    TeamMembership,
    TeamSkillTarget,
)

DateLike = str | date | None


def d(value: DateLike) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


class Org:
    def __init__(self, session: Session) -> None:
        self.session = session
        self.teams: dict[str, Team] = {}
        self.people: dict[str, Employee] = {}
        self.skills: dict[str, Skill] = {}
        self.credentials: dict[str, MicroCredential] = {}
        self.pathways: dict[str, Pathway] = {}
        self._provider: Provider | None = None
        self._ids = count(1)

    def _add(self, row: Any) -> Any:
        self.session.add(row)
        self.session.flush()
        return row

    def commit(self) -> Org:
        self.session.commit()
        return self

    # -- organisation ---------------------------------------------------------------------------

    def team(self, name: str, *, parent: str | None = None, lead: str | None = None) -> Team:
        team = Team(
            name=name,
            parent_id=self.teams[parent].id if parent else None,
            lead_id=self.people[lead].id if lead else None,
        )
        self.teams[name] = self._add(team)
        return team

    def set_lead(self, team: str, lead: str) -> None:
        self.teams[team].lead_id = self.people[lead].id
        self._add(self.teams[team])

    def employee(
        self,
        code: str,
        *,
        team: str | None = None,
        hired: DateLike = "2024-01-01",
        exited: DateLike = None,
        target: int | None = None,
        name: str | None = None,
        role: str | None = None,
    ) -> Employee:
        job_role_id = None
        if role:
            job_role_id = self._add(JobRole(title=f"{role} {next(self._ids)}")).id
        person = Employee(
            employee_code=code,
            email=f"{code.lower()}@example.com",
            full_name=name or f"Person {code}",
            team_id=self.teams[team].id if team else None,
            job_role_id=job_role_id,
            hire_date=d(hired),
            exit_date=d(exited),
            exit_reason="voluntary" if exited else None,
            weekly_target_minutes=target,
        )
        self.people[code] = self._add(person)
        self._add(
            TeamMembership(
                employee_id=person.id,
                team_id=person.team_id,
                job_role_id=job_role_id,
                valid_from=person.hire_date,
            )
        )
        return person

    def move(self, code: str, team: str | None, *, on: DateLike) -> None:
        """`code` is in `team` from `on` (the day an HRIS change takes effect), as an import does it."""
        person = self.people[code]
        team_id = self.teams[team].id if team else None
        move_membership(self.session, person.id, on=d(on), team_id=team_id)
        person.team_id = team_id
        self._add(person)

    def account(self, email: str, role: str, employee: str | None = None) -> Account:
        return self._add(
            Account(email=email, role=role, employee_id=self.people[employee].id if employee else None)
        )

    def policy(self, minutes: int, *, effective: DateLike, team: str | None = None) -> LearningPolicy:
        return self._add(
            LearningPolicy(
                weekly_target_minutes=minutes,
                team_id=self.teams[team].id if team else None,
                effective_from=d(effective),
            )
        )

    # -- learning -------------------------------------------------------------------------------

    def log(
        self, code: str, day: DateLike, minutes: int, *, credential: str | None = None
    ) -> LearningSession:
        return self._add(
            LearningSession(
                employee_id=self.people[code].id,
                date=d(day),
                minutes=minutes,
                credential_id=self.credentials[credential].id if credential else None,
            )
        )

    def provider(self) -> Provider:
        if self._provider is None:
            self._provider = self._add(Provider(name="Test University", kind="university"))
        return self._provider

    def credential(
        self,
        code: str,
        *,
        cost: float | str = 0,
        hours: float | str = 10,
        grants: dict[str, int] | None = None,
        validity_months: int | None = None,
        active: bool = True,
        currency: str = "EUR",
    ) -> MicroCredential:
        credential = self._add(
            MicroCredential(
                code=code,
                title=f"Course {code}",
                provider_id=self.provider().id,
                expected_hours=Decimal(str(hours)),
                cost=Decimal(str(cost)),
                currency=currency,
                validity_months=validity_months,
                active=active,
            )
        )
        self.credentials[code] = credential
        for skill, level in (grants or {}).items():
            self._add(
                CredentialSkill(
                    credential_id=credential.id, skill_id=self.skill_id(skill), level_granted=level
                )
            )
        return credential

    def enroll(
        self,
        code: str,
        credential: str,
        *,
        assigned: DateLike,
        status: str = "assigned",
        due: DateLike = None,
        started: DateLike = None,
        completed: DateLike = None,
        withdrawn: DateLike = None,
        reason: str = "self",
    ) -> Enrollment:
        return self._add(
            Enrollment(
                employee_id=self.people[code].id,
                credential_id=self.credentials[credential].id,
                status=status,
                reason=reason,
                assigned_on=d(assigned),
                due_date=d(due),
                started_on=d(started),
                completed_on=d(completed),
                withdrawn_on=d(withdrawn),
            )
        )

    def badge(
        self,
        code: str,
        *,
        issued: DateLike,
        expires: DateLike = None,
        credential: str | None = None,
        skill: str | None = None,
        level: int | None = None,
        verification: str = "verified",
    ) -> Badge:
        """A badge; with `skill` and `level`, also the skill row it grants, ending on expiry."""
        badge = self._add(
            Badge(
                employee_id=self.people[code].id,
                credential_id=self.credentials[credential].id if credential else None,
                name=f"Badge {next(self._ids)}",
                issuer_name="Test University",
                issued_on=d(issued),
                expires_on=d(expires),
                assertion_id=f"urn:test:{next(self._ids)}",
                format="manual",
                verification=verification,
            )
        )
        if skill is not None:
            self.skill(code, skill, level or 1, since=issued, until=expires, source="badge", badge=badge)
        return badge

    # -- skills ---------------------------------------------------------------------------------

    def skill_id(self, name: str) -> int:
        if name not in self.skills:
            self.skills[name] = self._add(Skill(name=name, category="Test"))
        return self.skills[name].id

    def skill(
        self,
        code: str,
        skill: str,
        level: int,
        *,
        since: DateLike = "2020-01-01",
        until: DateLike = None,
        source: str = "assessment",
        badge: Badge | None = None,
    ) -> EmployeeSkill:
        return self._add(
            EmployeeSkill(
                employee_id=self.people[code].id,
                skill_id=self.skill_id(skill),
                level=level,
                source=source,
                valid_from=d(since),
                valid_to=d(until),
                badge_id=badge.id if badge else None,
            )
        )

    def target(
        self, team: str, skill: str, *, level: int, headcount: int, priority: str = "medium"
    ) -> TeamSkillTarget:
        return self._add(
            TeamSkillTarget(
                team_id=self.teams[team].id,
                skill_id=self.skill_id(skill),
                min_level=level,
                required_headcount=headcount,
                priority=priority,
            )
        )

    # -- pathways -------------------------------------------------------------------------------

    def pathway(self, title: str, credentials: list[str], *, optional: tuple[str, ...] = ()) -> Pathway:
        pathway = self._add(Pathway(title=title, provider_id=self.provider().id, qualification=title))
        self.pathways[title] = pathway
        for position, code in enumerate(credentials, start=1):
            self._add(
                PathwayItem(
                    pathway_id=pathway.id,
                    credential_id=self.credentials[code].id,
                    position=position,
                    required=code not in optional,
                )
            )
        return pathway
