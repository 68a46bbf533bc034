"""Getting data in: one import path per kind of file, all or nothing, through the dashboard's actions.

    report = import_file(session, "learning", data, file_name="lms.csv", who="hr@example.com", role="hr")

Each kind parses with `data_model.formats`, resolves the records against the
database (unknown people, credentials, teams, skills; managers; records already
stored), collects every error, and only when there is none writes everything in
one transaction, recording an ImportBatch and an audit summary. `exports` is the
way out: every table as CSV, and a badge as received.
"""

from __future__ import annotations

from .context import Progress
from .report import ImportReport, TableChange
from .runner import IMPORT_ROLES, KINDS, import_file

__all__ = ["IMPORT_ROLES", "KINDS", "ImportReport", "Progress", "TableChange", "import_file"]
