"""The home page's headline figures."""

from __future__ import annotations

from datetime import date

from data_model.access import Scope
from data_model.metrics import headline_figures

AS_OF = date(2026, 1, 14)  # Wednesday of 2026-W03; last full week W02 (5-11 Jan), before it W01


def test_headline_figures(org):
    org.team("Cloud")
    org.employee("A", team="Cloud", hired="2024-01-01")
    org.employee("B", team="Cloud", hired="2024-01-01", exited="2026-01-13")  # gone the day before
    org.employee("C", team="Cloud", hired="2026-01-15")  # starts the day after
    org.employee("D", team="Cloud", hired="2024-01-01")
    org.log("A", "2026-01-05", 90)
    org.log("A", "2026-01-11", 30)
    org.log("B", "2026-01-06", 60)  # W02: 90 + 30 + 60 = 180 min = 3 h
    org.log("D", "2026-01-01", 45)  # W01 (2026-W01 runs 29 Dec .. 4 Jan): 0.75 h
    org.log("D", "2026-01-12", 600)  # this week: not in either
    org.credential("C1")
    org.credential("C2")
    org.enroll("A", "C1", assigned="2026-01-02", due="2026-01-10")  # open, overdue
    org.enroll("D", "C1", assigned="2026-01-02", due="2026-01-14", status="in_progress")  # due today
    org.enroll("D", "C2", assigned="2026-01-02", status="completed", completed="2026-01-05")
    org.enroll("A", "C2", assigned="2026-01-20")  # not yet assigned on AS_OF
    org.badge("A", issued="2025-12-20", expires="2026-02-10")  # expires within 30 days (by 13 Feb)
    org.badge("A", issued="2026-01-14")
    org.badge("D", issued="2025-01-01", expires="2026-02-14")  # 31 days away
    org.badge("B", issued="2025-06-01", expires="2026-01-20")  # B has left: not "expiring"
    org.badge("D", issued="2025-06-01", verification="revoked")
    org.commit()
    figures = headline_figures(org.session, Scope.all(), as_of=AS_OF)
    assert figures.active_employees == 2  # A and D
    assert (figures.last_week, figures.learning_hours_last_week) == ("2026-W02", 3.0)
    assert (figures.week_before, figures.learning_hours_week_before) == ("2026-W01", 0.75)
    assert (figures.open_enrollments, figures.overdue_enrollments) == (2, 1)
    assert figures.badges_earned == 4  # A x2, D, B; the revoked one not
    assert figures.badges_earned_last_30_days == 2  # 16 Dec .. 14 Jan (30 days): A's two
    assert figures.badges_expiring_30_days == 1
