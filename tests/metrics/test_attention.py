"""What needs attention: teams under target last week, badges expiring soon; hand-counted."""

from __future__ import annotations

from datetime import date

import pytest

from data_model.access import Scope
from data_model.metrics.badges import badges_expiring
from data_model.metrics.summaries import teams_under_target
from tests.builders import Org

AS_OF = date(2026, 3, 18)  # last full week: 2026-W11, 2026-03-09 .. 2026-03-15


@pytest.fixture
def org(session) -> Org:
    org = Org(session)
    org.team("Cloud")
    org.team("Data")
    for code in ("C1", "C2", "C3", "C4", "C5"):
        org.employee(code, team="Cloud", hired="2024-01-01")
    org.employee("D1", team="Data", hired="2024-01-01")
    org.employee("D2", team="Data", hired="2024-01-01")
    # Cloud: C1, C2, C3 meet 240 in W11; C4, C5 do not -> 3/5 = 0.6 (not under 0.5).
    for code in ("C1", "C2", "C3"):
        org.log(code, "2026-03-10", 240)
    org.log("C4", "2026-03-10", 239)
    # Data: D1 meets it, D2 does not -> 1/2 = 0.5 (not under 0.5); with a 0.6 bar both teams are under.
    org.log("D1", "2026-03-12", 300)
    org.badge("C1", issued="2024-04-17", expires="2026-04-17")  # in 30 days: 03-18 + 30 = 04-17, included
    org.badge("C2", issued="2024-04-18", expires="2026-04-18")  # 31 days: not included
    org.badge("C3", issued="2024-03-18", expires="2026-03-18")  # expires today: already expired
    org.badge("D1", issued="2024-04-01", expires="2026-04-01", verification="revoked")  # revoked: not counted
    org.badge("D2", issued="2024-04-01", expires="2026-04-01")
    return org.commit()


def test_teams_under_target(org):
    assert teams_under_target(org.session, Scope.all(), as_of=AS_OF, below_share=0.5).empty
    under = teams_under_target(org.session, Scope.all(), as_of=AS_OF, below_share=0.61)
    assert under[["team", "share_meeting_target"]].values.tolist() == [["Data", 0.5], ["Cloud", 0.6]]
    assert under["week"].unique().tolist() == ["2026-W11"]


def test_executive_is_not_told_about_teams_under_five(org):
    under = teams_under_target(org.session, Scope.executive(), as_of=AS_OF, below_share=0.61)
    assert under["team"].tolist() == ["Cloud"]


def test_badges_expiring_within_30_days(org):
    rows = badges_expiring(org.session, Scope.all(), as_of=AS_OF)
    assert rows[["full_name", "expires_on"]].values.tolist() == [
        ["Person D2", date(2026, 4, 1)],
        ["Person C1", date(2026, 4, 17)],
    ]


def test_executive_gets_counts_per_team_with_small_teams_suppressed(org):
    rows = badges_expiring(org.session, Scope.executive(), as_of=AS_OF).set_index("team")
    assert rows.loc["Cloud", "badges"] == 1 and rows.loc["Cloud", "people"] == 5
    assert rows.loc["Data", "people"] == 2
    assert pd_isna(rows.loc["Data", "badges"]) and rows.loc["Data", "suppressed"].startswith("too few")


def pd_isna(value) -> bool:
    import pandas as pd

    return bool(pd.isna(value))
