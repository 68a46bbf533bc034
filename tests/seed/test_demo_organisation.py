"""The demo organisation looks like a real company and keeps every rule of the data model.

Each test asks the seeded database one question in SQL; the demo is 120 people
over the 12 weeks that end on 16 January 2026 (so they hold Christmas).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from itertools import pairwise

import sqlalchemy as sa
from sqlmodel import SQLModel

from seed.calendar import add_months
from seed.sessions import history_weeks

from .conftest import DEMO_EMPLOYEES, DEMO_END, DEMO_WEEKS

END = DEMO_END.isoformat()
WINDOW_START = history_weeks(DEMO_END, DEMO_WEEKS)[0].isoformat()


def _day(value: date | str | None) -> date | None:
    """SQLite hands dates back as text to a raw query; PostgreSQL as dates."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def _rows(engine, sql: str, **params) -> list[sa.Row]:
    with engine.connect() as connection:
        return list(connection.execute(sa.text(sql), params))


# -- organisation -------------------------------------------------------------------------------


def test_the_company_has_the_teams_a_user_expects(demo):
    names = {r.name for r in _rows(demo, "SELECT name FROM team")}
    for team in (
        "Cloud Platform",
        "DevOps",
        "Security",
        "Data & Analytics",
        "Customer Care",
        "Field Service",
        "People & Culture",
        "Leadership",
    ):
        assert team in names


def test_teams_form_a_tree_with_departments_and_sub_teams(scalar):
    assert scalar("SELECT count(*) FROM team WHERE parent_id IS NULL") == 1
    # sub-teams: teams whose parent itself has a parent
    assert (
        scalar("SELECT count(*) FROM team t JOIN team p ON p.id = t.parent_id WHERE p.parent_id IS NOT NULL")
        >= 3
    )
    assert scalar("SELECT count(DISTINCT department) FROM team") >= 4


def test_every_team_has_a_lead_who_still_works_here(scalar):
    assert scalar("SELECT count(*) FROM team WHERE lead_id IS NULL") == 0
    assert (
        scalar(
            "SELECT count(*) FROM team t JOIN employee e ON e.id = t.lead_id WHERE e.exit_date IS NOT NULL"
        )
        == 0
    )


def test_a_members_manager_is_their_team_lead(scalar):
    wrong = scalar(
        "SELECT count(*) FROM employee e JOIN team t ON t.id = e.team_id "
        "WHERE t.lead_id <> e.id AND (e.manager_id IS NULL OR e.manager_id <> t.lead_id)"
    )
    assert wrong == 0


def test_leads_report_up_the_tree_to_one_chief_executive(scalar):
    assert scalar("SELECT count(*) FROM employee WHERE manager_id IS NULL") == 1
    wrong = scalar(
        "SELECT count(*) FROM team t JOIN team p ON p.id = t.parent_id "
        "JOIN employee lead ON lead.id = t.lead_id "
        "WHERE t.lead_id <> p.lead_id AND lead.team_id = t.id AND lead.manager_id <> p.lead_id"
    )
    assert wrong == 0


def test_no_one_is_their_own_manager_through_any_chain(scalar):
    cycles = scalar(
        """
        WITH RECURSIVE chain(start_id, manager_id, depth) AS (
            SELECT id, manager_id, 1 FROM employee WHERE manager_id IS NOT NULL
            UNION ALL
            SELECT chain.start_id, e.manager_id, chain.depth + 1
            FROM chain JOIN employee e ON e.id = chain.manager_id
            WHERE e.manager_id IS NOT NULL AND chain.depth < 50
        )
        SELECT count(*) FROM chain WHERE manager_id = start_id OR depth >= 50
        """
    )
    assert cycles == 0


def test_hires_spread_over_three_years_after_a_founding_cohort(demo):
    years = {
        r.year: r.hires
        for r in _rows(
            demo,
            "SELECT extract(year FROM hire_date) AS year, count(*) AS hires FROM employee GROUP BY 1"
            if demo.dialect.name == "postgresql"
            else "SELECT CAST(strftime('%Y', hire_date) AS INTEGER) AS year, count(*) AS hires "
            "FROM employee GROUP BY 1",
        )
    }
    years = {int(y): n for y, n in years.items()}
    assert all(years.get(DEMO_END.year - k, 0) > 0 for k in (1, 2, 3))
    assert sum(n for y, n in years.items() if y < DEMO_END.year - 3) >= DEMO_EMPLOYEES * 0.3


def test_people_leave_for_a_reason_at_a_believable_rate(demo, scalar):
    assert scalar("SELECT count(*) FROM employee WHERE exit_date IS NOT NULL AND exit_reason IS NULL") == 0
    assert scalar("SELECT count(DISTINCT exit_reason) FROM employee WHERE exit_reason IS NOT NULL") >= 2
    year_ago = (DEMO_END - timedelta(days=365)).isoformat()
    left = scalar("SELECT count(*) FROM employee WHERE exit_date > :d", d=year_ago)
    headcount = scalar(
        "SELECT count(*) FROM employee WHERE hire_date <= :d AND (exit_date IS NULL OR exit_date > :d)",
        d=year_ago,
    )
    assert 0.04 <= left / headcount <= 0.25


def test_some_people_have_their_own_weekly_target(scalar):
    assert scalar("SELECT count(*) FROM employee WHERE weekly_target_minutes IS NOT NULL") >= 1


def test_policy_is_four_hours_with_a_team_exception(demo):
    rows = _rows(demo, "SELECT team_id, weekly_target_minutes FROM learning_policy")
    assert (None, 240) in [(r.team_id, r.weekly_target_minutes) for r in rows]
    assert any(r.team_id is not None and r.weekly_target_minutes == 120 for r in rows)


def test_accounts_one_per_person_with_every_role(demo, scalar):
    assert scalar("SELECT count(*) FROM account WHERE employee_id IS NOT NULL") == DEMO_EMPLOYEES
    assert scalar("SELECT count(DISTINCT employee_id) FROM account") == DEMO_EMPLOYEES
    roles = {r.role: r.n for r in _rows(demo, "SELECT role, count(*) AS n FROM account GROUP BY role")}
    assert set(roles) == {"admin", "hr", "lead", "exec", "employee"}
    assert roles["admin"] == 1
    admin = _rows(demo, "SELECT email, employee_id FROM account WHERE role = 'admin'")[0]
    assert admin.employee_id is None and admin.email.startswith("admin@")
    assert scalar("SELECT count(*) FROM account WHERE password_hash IS NOT NULL") == 0
    wrong_hr = scalar(
        "SELECT count(*) FROM account a JOIN employee e ON e.id = a.employee_id "
        "JOIN team t ON t.id = e.team_id WHERE (t.name = 'People & Culture') <> (a.role = 'hr')"
    )
    assert wrong_hr == 0
    assert scalar("SELECT count(*) FROM account WHERE active AND employee_id IN "
                  "(SELECT id FROM employee WHERE exit_date IS NOT NULL)") == 0  # fmt: skip


def test_emails_are_lower_case_unique_and_on_one_domain(demo):
    emails = [r.email for r in _rows(demo, "SELECT email FROM employee UNION ALL SELECT email FROM account")]
    assert all(e == e.lower() and e.isascii() for e in emails)
    assert len({e.split("@")[1] for e in emails}) == 1
    assert len(set(emails)) == DEMO_EMPLOYEES + 1  # each person's account shares their address


# -- catalogue ----------------------------------------------------------------------------------


def test_catalogue_has_credentials_pathways_onboarding_and_targets(scalar):
    assert scalar("SELECT count(*) FROM micro_credential") >= 30
    assert scalar("SELECT count(*) FROM micro_credential WHERE validity_months IS NULL") >= 5
    assert scalar("SELECT count(DISTINCT currency) FROM micro_credential") >= 2
    assert scalar("SELECT count(DISTINCT delivery) FROM micro_credential") == 3
    assert scalar("SELECT count(*) FROM micro_credential c WHERE NOT EXISTS "
                  "(SELECT 1 FROM credential_skill s WHERE s.credential_id = c.id)") == 0  # fmt: skip
    assert scalar("SELECT count(DISTINCT kind) FROM provider") >= 3
    assert scalar("SELECT count(*) FROM pathway") >= 3
    assert scalar("SELECT min(n) FROM (SELECT count(*) AS n FROM pathway_item GROUP BY pathway_id) x") >= 3
    assert scalar("SELECT count(*) FROM onboarding_plan") >= 3
    assert scalar("SELECT count(*) FROM team_skill_target") >= 10
    assert scalar("SELECT count(DISTINCT framework) FROM skill") == 2


# -- learning time ------------------------------------------------------------------------------


def test_sessions_only_while_employed_and_inside_the_weeks(scalar):
    outside = scalar(
        "SELECT count(*) FROM learning_session s JOIN employee e ON e.id = s.employee_id "
        "WHERE s.date < e.hire_date OR s.date > e.exit_date OR s.date > :end OR s.date < :start",
        end=END,
        start=WINDOW_START,
    )
    assert outside == 0
    assert scalar("SELECT count(*) FROM learning_session WHERE source <> 'manual'") == 0


def test_about_one_in_seven_never_learns(scalar):
    employed = scalar(
        "SELECT count(*) FROM employee "
        "WHERE hire_date <= :end AND (exit_date IS NULL OR exit_date >= :start)",
        end=END,
        start=WINDOW_START,
    )
    never = scalar(
        "SELECT count(*) FROM employee e "
        "WHERE hire_date <= :end AND (exit_date IS NULL OR exit_date >= :start) "
        "AND NOT EXISTS (SELECT 1 FROM learning_session s WHERE s.employee_id = e.id)",
        end=END,
        start=WINDOW_START,
    )
    assert 0.07 <= never / employed <= 0.35


def test_weeks_vary_some_above_four_hours(demo):
    weekly = defaultdict(int)
    for r in _rows(demo, "SELECT employee_id, date, minutes FROM learning_session"):
        day = _day(r.date)
        weekly[(r.employee_id, day.isocalendar()[:2])] += r.minutes
    values = list(weekly.values())
    assert sum(v >= 240 for v in values) >= 10
    assert sum(v < 120 for v in values) >= 10
    sessions_per_week = _rows(
        demo,
        "SELECT min(minutes) AS lo, max(minutes) AS hi, count(DISTINCT minutes) AS kinds "
        "FROM learning_session",
    )[0]
    assert sessions_per_week.lo >= 15 and sessions_per_week.hi <= 480 and sessions_per_week.kinds >= 8


def test_learning_dips_over_christmas(demo):
    by_week = defaultdict(int)
    for r in _rows(demo, "SELECT date, minutes FROM learning_session"):
        day = _day(r.date)
        by_week[day - timedelta(days=day.weekday())] += r.minutes
    christmas = by_week[date(2025, 12, 22)]
    november = [by_week[date(2025, 11, 3) + timedelta(weeks=k)] for k in range(4)]
    assert christmas < 0.5 * (sum(november) / len(november))


def test_some_sessions_are_linked_to_the_credential_being_studied(scalar):
    linked = scalar("SELECT count(*) FROM learning_session WHERE credential_id IS NOT NULL")
    assert linked > 0
    unrelated = scalar(
        "SELECT count(*) FROM learning_session s WHERE s.credential_id IS NOT NULL AND NOT EXISTS ("
        " SELECT 1 FROM enrollment e WHERE e.employee_id = s.employee_id"
        " AND e.credential_id = s.credential_id AND e.started_on <= s.date)"
    )
    assert unrelated == 0


# -- enrollments and badges ---------------------------------------------------------------------


def test_enrollments_in_every_status_and_reason(demo):
    statuses = {r.status for r in _rows(demo, "SELECT DISTINCT status FROM enrollment")}
    reasons = {r.reason for r in _rows(demo, "SELECT DISTINCT reason FROM enrollment")}
    assert statuses == {"assigned", "in_progress", "completed", "withdrawn"}
    assert reasons == {"onboarding", "skill_gap", "self", "compliance"}


def test_some_enrollments_are_overdue_at_the_end(scalar):
    overdue = scalar(
        "SELECT count(*) FROM enrollment WHERE status IN ('assigned', 'in_progress') AND due_date < :end",
        end=END,
    )
    assert overdue > 0


def test_enrollment_dates_tell_a_consistent_story(scalar):
    assert scalar("SELECT count(*) FROM enrollment WHERE started_on < assigned_on") == 0
    assert scalar("SELECT count(*) FROM enrollment WHERE completed_on < started_on") == 0
    assert scalar("SELECT count(*) FROM enrollment WHERE status = 'withdrawn' AND withdrawn_on IS NULL") == 0
    assert (
        scalar("SELECT count(*) FROM enrollment WHERE assigned_on > :end OR completed_on > :end", end=END)
        == 0
    )
    assert scalar(
        "SELECT count(*) FROM enrollment n JOIN employee e ON e.id = n.employee_id "
        "WHERE n.assigned_on < e.hire_date OR n.assigned_on > e.exit_date "
        "OR (e.exit_date IS NOT NULL AND n.status IN ('assigned', 'in_progress'))"
    ) == 0  # fmt: skip
    assert scalar("SELECT count(*) FROM enrollment WHERE reason = 'self' AND assigned_by_id IS NOT NULL") == 0


def test_every_completed_enrollment_has_its_badge(scalar):
    assert scalar("SELECT count(*) FROM enrollment WHERE status = 'completed'") == scalar(
        "SELECT count(*) FROM badge"
    )


def test_badges_expire_after_the_credential_validity_and_some_have(demo, scalar):
    rows = _rows(
        demo,
        "SELECT b.issued_on, b.expires_on, c.validity_months FROM badge b "
        "JOIN micro_credential c ON c.id = b.credential_id",
    )
    for r in rows:
        expected = add_months(_day(r.issued_on), r.validity_months) if r.validity_months else None
        assert _day(r.expires_on) == expected
    assert scalar("SELECT count(*) FROM badge WHERE expires_on < :end", end=END) > 0
    assert scalar("SELECT count(*) FROM badge WHERE expires_on IS NULL OR expires_on >= :end", end=END) > 0
    assert scalar("SELECT count(*) FROM badge WHERE assertion_id NOT LIKE 'urn:uuid:%'") == 0
    assert scalar("SELECT count(DISTINCT format) FROM badge") == 2
    assert scalar("SELECT count(*) FROM badge WHERE format = 'openbadges-2' AND raw_json IS NULL") == 0


# -- skills -------------------------------------------------------------------------------------


def test_badges_grant_their_skills_until_they_expire(scalar):
    expected = scalar(
        "SELECT count(*) FROM badge b JOIN credential_skill cs ON cs.credential_id = b.credential_id"
    )
    assert scalar("SELECT count(*) FROM employee_skill WHERE badge_id IS NOT NULL") == expected
    wrong = scalar(
        "SELECT count(*) FROM employee_skill s JOIN badge b ON b.id = s.badge_id "
        "JOIN credential_skill cs ON cs.credential_id = b.credential_id AND cs.skill_id = s.skill_id "
        "WHERE s.source <> 'badge' OR s.level <> cs.level_granted OR s.valid_from <> b.issued_on "
        "OR NOT (s.valid_to = b.expires_on OR (s.valid_to IS NULL AND b.expires_on IS NULL))"
    )
    assert wrong == 0


def test_assessments_keep_history_and_every_source_appears(demo, scalar):
    sources = {r.source for r in _rows(demo, "SELECT DISTINCT source FROM employee_skill")}
    assert sources == {"badge", "assessment", "manager", "self"}
    followed = scalar(
        "SELECT count(*) FROM employee_skill old JOIN employee_skill new "
        "ON new.employee_id = old.employee_id AND new.skill_id = old.skill_id "
        "AND new.source = old.source AND new.valid_from = old.valid_to "
        "WHERE old.badge_id IS NULL AND new.badge_id IS NULL AND new.level > old.level"
    )
    assert followed >= 1


def test_team_targets_are_met_partly_met_and_not_met(demo):
    people = {
        r.id: r.team_id
        for r in _rows(
            demo, "SELECT id, team_id FROM employee WHERE exit_date IS NULL AND hire_date <= :e", e=END
        )
    }
    levels: dict[tuple[int, int], int] = {}
    for r in _rows(
        demo,
        "SELECT employee_id, skill_id, level FROM employee_skill WHERE source <> 'self' "
        "AND valid_from <= :e AND (valid_to IS NULL OR valid_to > :e)",
        e=END,
    ):
        key = (r.employee_id, r.skill_id)
        levels[key] = max(levels.get(key, 0), r.level)
    coverage = []
    for t in _rows(demo, "SELECT team_id, skill_id, min_level, required_headcount FROM team_skill_target"):
        holders = sum(
            1
            for pid, team in people.items()
            if team == t.team_id and levels.get((pid, t.skill_id), 0) >= t.min_level
        )
        coverage.append(min(1.0, holders / t.required_headcount))
    assert any(c == 1.0 for c in coverage)
    assert any(0 < c < 1 for c in coverage)
    assert any(c == 0 for c in coverage)


# -- record keeping -----------------------------------------------------------------------------


def test_team_history_runs_from_each_hire_and_a_few_people_moved(demo, scalar):
    rows = _rows(
        demo,
        "SELECT m.employee_id, m.team_id, m.valid_from, m.valid_to, e.team_id AS now, e.hire_date "
        "FROM team_membership m JOIN employee e ON e.id = m.employee_id ORDER BY m.employee_id, m.valid_from",
    )
    by_person = defaultdict(list)
    for row in rows:
        by_person[row.employee_id].append(row)
    assert len(by_person) == scalar("SELECT count(*) FROM employee")
    for history in by_person.values():
        assert _day(history[0].valid_from) == _day(history[0].hire_date)  # from the hire date
        for earlier, later in pairwise(history):
            assert _day(earlier.valid_to) == _day(later.valid_from)  # no gap, no overlap
            assert earlier.team_id != later.team_id
        assert history[-1].valid_to is None and history[-1].team_id == history[-1].now  # open = today's
    movers = [h for h in by_person.values() if len(h) > 1]
    assert 1 <= len(movers) <= DEMO_EMPLOYEES // 10
    assert all(WINDOW_START <= str(_day(h[1].valid_from)) <= END for h in movers)


def test_the_demo_is_marked_by_its_import_batch(demo, scalar):
    batch = _rows(demo, "SELECT * FROM import_batch")
    assert len(batch) == 1 and batch[0].kind == "demo-seed"
    assert f"employees={DEMO_EMPLOYEES}" in batch[0].file_name and "seed=7" in batch[0].file_name
    assert len(batch[0].sha256) == 64
    with demo.connect() as connection:
        total = sum(
            connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            for table in SQLModel.metadata.tables.values()
        )
    assert batch[0].rows_written == total
    assert scalar("SELECT count(*) FROM audit_event") == 0
