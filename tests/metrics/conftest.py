"""Every metrics test gets a hand-built organisation on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest

from tests.builders import Org


@pytest.fixture
def org(session) -> Org:
    return Org(session)
