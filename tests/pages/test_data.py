"""The Data page: upload, preview (a dry run), the error table, import, and the exports.

Other roles are kept out by tests/pages/test_navigation.py, which covers every built page.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from data_model.db import make_engine
from data_model.importing import exports
from data_model.models import Employee, ImportBatch, LearningSession
from tests.checksums import table_checksums
from tests.conftest import TODAY

DATA = "pages/data.py"
YESTERDAY = TODAY - timedelta(days=1)


def learning_csv(session, rows: int = 3) -> bytes:
    people = session.exec(
        select(Employee.employee_code).where(Employee.exit_date.is_(None), Employee.hire_date < YESTERDAY)
    ).all()[:rows]
    lines = ["employee,date,minutes,session id"]
    lines += [f"{code},{YESTERDAY},45,page-test-{i}" for i, code in enumerate(people)]
    return ("\n".join(lines) + "\n").encode()


def upload(at, name: str, content: bytes, kind: str = "learning"):
    at.selectbox(key="data_kind").set_value(kind).run()
    uploader = next(u for u in at.get("file_uploader") if u.label.startswith("File"))
    uploader.set_value((name, content, "text/csv"))
    return at.run()


@pytest.mark.parametrize("role", ["admin", "hr"])
def test_upload_preview_and_import_a_good_file(app_as, persona, demo_session, role):
    at = app_as(role, DATA)
    assert not at.exception
    data = learning_csv(demo_session)
    at = upload(at, "lms.csv", data)
    assert not at.exception
    assert not at.error, at.error[0].value if at.error else ""
    assert any(m.value == "lms.csv: would write 3 row(s) (3 rows read)" for m in at.markdown)
    counts = at.dataframe[0].value
    assert counts.to_dict("records") == [
        {"table": "learning_session", "created": 3, "updated": 0, "unchanged": 0, "deleted": 0}
    ]
    assert at.dataframe[1].value["employee"].tolist() == [
        line.split(",")[0] for line in data.decode().splitlines()[1:]
    ]
    demo_session.expire_all()
    assert (
        demo_session.exec(
            select(LearningSession).where(LearningSession.external_id.startswith("page-test"))
        ).all()
        == []
    )

    at.button(key="data_import").click().run()
    assert not at.exception
    assert at.success[0].value.startswith("lms.csv: wrote 3 row(s) as batch #")
    demo_session.expire_all()
    stored = demo_session.exec(
        select(LearningSession).where(LearningSession.external_id.startswith("page-test"))
    ).all()
    assert [(s.minutes, s.date, s.source) for s in stored] == [(45, YESTERDAY, "csv")] * 3
    batch = demo_session.exec(select(ImportBatch).where(ImportBatch.kind == "learning")).one()
    assert batch.created_by == persona(role).email

    at = upload(at, "lms-again.csv", data)  # the same file again: nothing to import
    assert any(i.value.startswith(f"lms-again.csv: already imported as batch #{batch.id}") for i in at.info)
    assert not [b for b in at.button if b.key == "data_import"]


def test_a_bad_file_shows_the_error_table_and_writes_nothing(app_as, demo_url):
    engine = make_engine(demo_url)
    before = table_checksums(engine)
    at = app_as("hr", DATA)
    bad = f"employee,date,minutes\nNOBODY-1,{YESTERDAY},30\nNOBODY-2,{YESTERDAY},0\n".encode()
    at = upload(at, "bad.csv", bad)
    assert not at.exception
    assert at.error[0].value == "bad.csv: 2 error(s); nothing written"
    errors = at.dataframe[0].value
    assert errors.to_dict("records") == [
        {"file": "bad.csv", "row": "2", "field": "employee", "message": "unknown employee NOBODY-1"},
        {
            "file": "bad.csv",
            "row": "3",
            "field": "minutes",
            "message": "0 minutes is outside 1..1440 (one day)",
        },
    ]
    assert next(b.label for b in at.get("download_button")) == "Download CSV"
    assert not [b for b in at.button if b.key == "data_import"]
    assert table_checksums(engine) == before
    engine.dispose()


def test_an_upload_over_the_limit_is_refused(app_as, monkeypatch):
    monkeypatch.setenv("UPSKILL_MAX_UPLOAD_MB", "1")
    at = app_as("admin", DATA)
    at = upload(at, "big.csv", b"employee,date,minutes\n" + b"E1,2026-01-05,30\n" * 70_000)
    assert at.error[0].value.startswith("big.csv is 1.1 MB; the largest file accepted is 1 MB.")


def test_exports_every_table_and_a_badge(app_as, demo_session):
    at = app_as("admin", "pages/data.py")
    assert not at.exception
    assert at.selectbox(key="data_export_table").options == exports.table_names()
    downloads = [b.label for b in at.get("download_button")]
    assert "Download account.csv" in downloads
    assert "Download the badge (JSON or JWS)" in downloads
    csv_text = exports.table_csv_bytes(demo_session, "account").decode()
    assert "password_hash" not in csv_text.splitlines()[0]
