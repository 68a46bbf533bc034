"""Whatever is uploaded, every kind answers with a located error, exit code 1, and the database untouched.

Each kind gets a good file (which imports) and the same set of bad files, generated here: empty, latin-1,
binary junk, header only, 10,000 columns, a 3 MB line cut off, and a file over the size limit. They go
through the real command line (`upskill import`), which prints `file:row:field: message` on stderr.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from cli.main import app

XAPI = json.dumps(
    [
        {
            "id": "s1",
            "actor": {"account": {"homePage": "https://hris.example.com", "name": "E001"}},
            "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
            "object": {"id": "https://lms.example.com/x"},
            "timestamp": "2026-01-05T10:00:00Z",
            "result": {"duration": "PT30M"},
        }
    ]
)
# kind -> (header, one good row) for CSV kinds; xapi is JSON.
CSV_KINDS = {
    "employees": ("employee_id,email,name,hire date", "E010,bo@example.com,Bo,2024-01-02"),
    "learning": ("employee,date,minutes", "E001,2026-01-05,30"),
    "enrollments": ("employee,credential,status,assigned on", "E001,K8S-101,assigned,2026-01-05"),
    "badges": ("Badge Template ID,Issuer Earner ID,Issued at date", "K8S-101,E001,01/05/26"),
    "skills": ("name,category", "Rust,Programming"),
    "targets": ("team,skill,min level,headcount", "Cloud,Python,2,1"),
    "catalog": ("code,title,provider,expected_hours", "X-1,X,IBM,3"),
}
KINDS = [*CSV_KINDS, "xapi"]


def good(kind: str) -> bytes:
    if kind == "xapi":
        return XAPI.encode()
    header, row = CSV_KINDS[kind]
    return f"{header}\n{row}\n".encode()


def bad_files(kind: str) -> dict[str, tuple[bytes, int | None, str]]:
    """name -> (content, error row or None, words the message must hold)."""
    latin1 = good(kind).rstrip(b"\n]") + ("é" if kind != "xapi" else ',"é"]').encode("latin-1")
    files = {
        "empty": (b"", None, "the file is empty"),
        "latin-1": (latin1, 2 if kind != "xapi" else None, "not UTF-8 text (byte 0xE9 at offset"),
        "binary junk": (bytes(range(256)) * 4, 1 if kind != "xapi" else None, "binary data"),
    }
    if kind == "xapi":
        files["no statements"] = (b"[]", None, "the file holds no statements")
        files["a long line cut off"] = (
            b'[{"id": "' + b"a" * (3 << 20),
            1,
            "not valid JSON: the file ends before the JSON does",
        )
        return files
    header, _ = CSV_KINDS[kind]
    files["header only"] = (f"{header}\n".encode(), None, "the file has a header but no rows")
    wide = ",".join(f"column{i}" for i in range(10_000))
    files["10,000 columns"] = (f"{wide}\n1,2,3\n".encode(), 1, "the header has 10,000 columns; at most 200")
    files["a long line cut off"] = (
        f"{header}\n".encode() + b"E001," + b"a" * (3 << 20),
        2,
        "line 2 is longer than 1,048,576 bytes",
    )
    return files


CASES = [(kind, name) for kind in KINDS for name in bad_files(kind)]


def invoke(db_url: str, *args: str):
    return CliRunner().invoke(
        app, ["import", *args], env={"UPSKILL_DATABASE_URL": db_url, "UPSKILL_MAX_UPLOAD_MB": "200"}
    )


@pytest.mark.parametrize("kind", KINDS)
def test_the_good_file_of_each_kind_imports(org, db_url, tmp_path, checksums, kind):
    path = tmp_path / f"good-{kind}.csv"
    path.write_bytes(good(kind))
    result = invoke(db_url, kind, str(path))
    assert result.exit_code == 0, result.output
    assert f"good-{kind}.csv: wrote " in result.stdout
    before = checksums()
    again = invoke(db_url, kind, str(path))
    assert again.exit_code == 0 and "already imported as batch #" in again.stdout
    assert checksums() == before


@pytest.mark.parametrize(("kind", "name"), CASES, ids=[f"{k}-{n}" for k, n in CASES])
def test_each_bad_file_is_refused_with_a_located_error(org, db_url, tmp_path, checksums, kind, name):
    content, row, words = bad_files(kind)[name]
    path = tmp_path / "upload.dat"
    path.write_bytes(content)
    before = checksums()
    result = invoke(db_url, kind, str(path))
    assert result.exit_code == 1, result.output
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"upload.dat:{row}: " if row is not None else "upload.dat: "), first
    assert words in first
    assert result.stderr.splitlines()[-1] == "error: 1 error(s) in upload.dat; nothing was written"
    assert result.stdout == ""
    assert checksums() == before


def test_a_1_gb_file_is_refused_by_size_before_it_is_read(org, db_url, tmp_path, checksums):
    path = tmp_path / "huge.csv"
    with path.open("wb") as sparse:  # a 1 GB file that takes no disk space
        sparse.write(b"employee,date,minutes\nE001,")
        sparse.truncate(1 << 30)
    before = checksums()
    result = invoke(db_url, "learning", str(path))
    assert result.exit_code == 1
    assert result.stderr == (
        "error: huge.csv is 1,024.0 MB; the largest file accepted is 200 MB (UPSKILL_MAX_UPLOAD_MB); "
        "split it into smaller files\n"
    )
    assert checksums() == before


def test_the_size_limit_is_also_kept_by_the_import_itself(org, run, checksums):
    before = checksums()
    report = run("learning", good("learning") * 2, max_bytes=40)
    assert [str(e) for e in report.errors] == [
        "upload.csv: the file is 0.0 MB; the largest accepted is 0 MB (UPSKILL_MAX_UPLOAD_MB); "
        "split it into smaller files"
    ]
    assert checksums() == before
