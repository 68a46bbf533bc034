"""The database itself refuses what must never be wrong, whatever code writes to it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from data_model.models import (
    Badge,
    Employee,
    EmployeeSkill,
    Enrollment,
    LearningSession,
    MicroCredential,
    Provider,
    Skill,
    Team,
    TeamSkillTarget,
)


@pytest.fixture
def base(session: Session) -> dict[str, int]:
    team = Team(name="Cloud Platform", department="Engineering")
    provider = Provider(name="Open University", kind="university")
    session.add_all([team, provider])
    session.flush()
    ana = Employee(
        employee_code="E1",
        email="ana@example.com",
        full_name="Ana",
        team_id=team.id,
        hire_date=date(2024, 1, 8),
    )
    credential = MicroCredential(
        code="AWS-101", title="Cloud basics", provider_id=provider.id, expected_hours=Decimal("10"), cost=100
    )
    skill = Skill(name="Kubernetes")
    session.add_all([ana, credential, skill])
    session.commit()
    return {"team": team.id, "employee": ana.id, "credential": credential.id, "skill": skill.id}


def _assert_refused(session: Session, row: object) -> None:
    session.add(row)
    with pytest.raises(IntegrityError):
        session.commit()
    session.rollback()


def test_duplicate_email_is_refused(session, base):
    _assert_refused(
        session,
        Employee(employee_code="E2", email="ana@example.com", full_name="Other", hire_date=date(2024, 1, 1)),
    )


def test_duplicate_employee_code_is_refused(session, base):
    _assert_refused(
        session,
        Employee(employee_code="E1", email="b@example.com", full_name="Other", hire_date=date(2024, 1, 1)),
    )


def test_upper_case_email_is_refused(session, base):
    _assert_refused(
        session,
        Employee(employee_code="E3", email="Bob@Example.com", full_name="Bob", hire_date=date(2024, 1, 1)),
    )


def test_exit_before_hire_is_refused(session, base):
    _assert_refused(
        session,
        Employee(
            employee_code="E4",
            email="c@example.com",
            full_name="C",
            hire_date=date(2024, 5, 1),
            exit_date=date(2024, 4, 30),
        ),
    )


@pytest.mark.parametrize("minutes", [0, 1441, -5])
def test_minutes_outside_1_to_1440_are_refused(session, base, minutes):
    _assert_refused(
        session, LearningSession(employee_id=base["employee"], date=date(2026, 1, 5), minutes=minutes)
    )


@pytest.mark.parametrize("minutes", [1, 1440])
def test_minutes_at_the_edges_are_kept(session, base, minutes):
    session.add(LearningSession(employee_id=base["employee"], date=date(2026, 1, 5), minutes=minutes))
    session.commit()
    assert session.exec(sa.select(sa.func.sum(LearningSession.minutes))).scalar_one() == minutes


def test_duplicate_external_id_per_source_is_refused(session, base):
    session.add(
        LearningSession(
            employee_id=base["employee"], date=date(2026, 1, 5), minutes=30, source="csv", external_id="x1"
        )
    )
    session.commit()
    _assert_refused(
        session,
        LearningSession(
            employee_id=base["employee"], date=date(2026, 1, 6), minutes=45, source="csv", external_id="x1"
        ),
    )


def test_same_external_id_in_another_source_and_missing_ids_are_allowed(session, base):
    rows = [
        LearningSession(
            employee_id=base["employee"], date=date(2026, 1, 5), minutes=30, source="csv", external_id="x1"
        ),
        LearningSession(
            employee_id=base["employee"], date=date(2026, 1, 5), minutes=30, source="xapi", external_id="x1"
        ),
        LearningSession(employee_id=base["employee"], date=date(2026, 1, 5), minutes=30, source="manual"),
        LearningSession(employee_id=base["employee"], date=date(2026, 1, 5), minutes=30, source="manual"),
    ]
    session.add_all(rows)
    session.commit()
    assert session.exec(sa.select(sa.func.count()).select_from(LearningSession)).scalar_one() == 4


def _enrollment(base: dict[str, int], status: str, **extra: object) -> Enrollment:
    return Enrollment(
        employee_id=base["employee"],
        credential_id=base["credential"],
        status=status,
        assigned_on=date(2026, 1, 5),
        **extra,
    )


@pytest.mark.parametrize(
    "first,second", [("assigned", "assigned"), ("assigned", "in_progress"), ("in_progress", "assigned")]
)
def test_second_open_enrollment_is_refused(session, base, first, second):
    session.add(_enrollment(base, first))
    session.commit()
    _assert_refused(session, _enrollment(base, second))


def test_new_enrollment_after_completed_or_withdrawn_is_allowed(session, base):
    session.add_all(
        [
            _enrollment(base, "completed", completed_on=date(2026, 2, 1)),
            _enrollment(base, "withdrawn"),
            _enrollment(base, "assigned"),
        ]
    )
    session.commit()
    assert session.exec(sa.select(sa.func.count()).select_from(Enrollment)).scalar_one() == 3


def test_completed_enrollment_needs_a_completion_date(session, base):
    _assert_refused(session, _enrollment(base, "completed"))


def test_unknown_enrollment_status_is_refused(session, base):
    _assert_refused(session, _enrollment(base, "finished"))


@pytest.mark.parametrize("level", [0, 6])
def test_skill_level_outside_1_to_5_is_refused(session, base, level):
    _assert_refused(
        session,
        EmployeeSkill(
            employee_id=base["employee"],
            skill_id=base["skill"],
            level=level,
            source="manager",
            valid_from=date(2026, 1, 1),
        ),
    )


def test_target_level_outside_1_to_5_is_refused(session, base):
    _assert_refused(
        session,
        TeamSkillTarget(team_id=base["team"], skill_id=base["skill"], min_level=6, required_headcount=2),
    )


def test_two_current_skill_rows_from_one_source_are_refused(session, base):
    def row(level: int) -> EmployeeSkill:
        return EmployeeSkill(
            employee_id=base["employee"],
            skill_id=base["skill"],
            level=level,
            source="manager",
            valid_from=date(2026, 1, 1),
        )

    session.add(row(2))
    session.commit()
    _assert_refused(session, row(3))


def test_foreign_keys_are_enforced(session, base):
    _assert_refused(session, LearningSession(employee_id=999_999, date=date(2026, 1, 5), minutes=30))


def test_duplicate_badge_assertion_is_refused(session, base):
    def badge() -> Badge:
        return Badge(
            employee_id=base["employee"],
            name="Cloud basics",
            issuer_name="Open University",
            issued_on=date(2026, 1, 1),
            assertion_id="urn:uuid:1",
            format="manual",
        )

    session.add(badge())
    session.commit()
    _assert_refused(session, badge())
