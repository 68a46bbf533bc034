"""Peak memory of `upskill import KIND FILE --dry-run` for a large upload of each kind.

Each kind gets a generated file of about `--mb` megabytes (default 200, the upload limit), and
the import runs in its own process against a small SQLite organisation; its peak resident set
size (ru_maxrss from wait4) is printed beside the file size, the time and the load average.
Goal (issue 13): under 500 MB for a 200 MB upload of any kind.

Linux's ru_maxrss for a child counts the peak of the process it was started from (vfork shares
the parent's memory until exec, and exec records its high-water mark), so the files are written
by a separate process (`--make`) and this one stays small: about 100 MB, the floor of every row.

    python bench/import_memory.py [--mb 200] [--kinds learning,xapi,...]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from sqlmodel import Session, SQLModel

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import data_model.models  # noqa: E402, F401
from data_model.db import make_engine  # noqa: E402
from data_model.formats.bundle import MAX_BADGE_BYTES  # noqa: E402
from tests.builders import Org  # noqa: E402

PEOPLE = 50
CREDENTIALS = 200
FIRST_DAY = date(2020, 2, 1)


def write_until(path: Path, header: str, row: Callable[[int], str], mb: int) -> None:
    limit = mb << 20
    with path.open("w", encoding="utf-8") as out:
        out.write(header + "\n")
        i = 0
        while out.tell() < limit:
            out.write("".join(row(i + k) + "\n" for k in range(1000)))
            i += 1000


def learning(path: Path, mb: int) -> None:
    write_until(
        path, "employee,date,minutes,session id,note", lambda i: f"E{i % PEOPLE},2026-01-05,30,s-{i},n", mb
    )


def enrollments(path: Path, mb: int) -> None:
    """Every row a different enrollment: person, credential and assignment day vary."""

    def row(i: int) -> str:
        day = FIRST_DAY + timedelta(days=i // (PEOPLE * CREDENTIALS))
        credential = (i // PEOPLE) % CREDENTIALS
        due, done = day + timedelta(days=30), day + timedelta(days=1)
        return f"E{i % PEOPLE},C{credential},completed,{day},{due},{done}"

    write_until(path, "employee,credential,status,assigned on,due date,completed on", row, mb)


def employees(path: Path, mb: int) -> None:
    write_until(
        path,
        "employee_id,email,name,team,hire date",
        lambda i: f"N{i},n{i}@example.com,Person {i},Team {i % 40},2024-01-{1 + i % 28:02d}",
        mb,
    )


def xapi(path: Path, mb: int) -> None:
    limit = mb << 20
    with path.open("w", encoding="utf-8") as out:
        out.write("[")
        i = 0
        while out.tell() < limit:
            statement = {
                "id": f"00000000-0000-4000-8000-{i:012d}",
                "actor": {"mbox": f"mailto:e{i % PEOPLE}@example.com"},
                "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
                "object": {
                    "id": "https://lms.example.com/course/1",
                    "definition": {"name": {"en": "Course"}},
                },
                "result": {"duration": "PT30M", "completion": True},
                "timestamp": "2026-01-05T10:00:00+00:00",
            }
            out.write(("," if i else "") + json.dumps(statement))
            i += 1
        out.write("]")


def xapi_empty_objects(path: Path, mb: int) -> None:
    """One line of `{}` objects, written a megabyte at a time (the whole string at once is 800 MB)."""
    block = ",{}" * ((1 << 20) // 3)
    with path.open("w", encoding="utf-8") as out:
        out.write("[{}")
        for _ in range(mb):
            out.write(block)
        out.write("]")


def badges_zip(path: Path, mb: int) -> None:
    """A zip of `mb` megabytes of members as large as a badge may be, that do not compress (as
    images do not), stored as they are: the upload is as big as what it unpacks to, and every
    member is read (each is then refused as a broken PNG)."""
    size = MAX_BADGE_BYTES - 64
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        for i in range(max(1, (mb << 20) // size)):
            archive.writestr(f"badge-{i}.png", b"\x89PNG\r\n\x1a\n" + os.urandom(size - 8))


def badges_zip_bomb(path: Path, mb: int) -> None:
    """A small zip that unpacks to `mb` megabytes (2 MB members of one repeated byte)."""
    member = json.dumps({"filler": "x" * (2 << 20)}).encode()
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for i in range(max(1, mb // 2)):
            archive.writestr(f"badge-{i}.json", member)


KINDS: dict[str, tuple[str, Callable[[Path, int], None], str]] = {
    "learning": ("learning", learning, "csv"),
    "enrollments": ("enrollments", enrollments, "csv"),
    "employees": ("employees", employees, "csv"),
    "xapi": ("xapi", xapi, "json"),
    "xapi-empty-objects": ("xapi", xapi_empty_objects, "json"),
    "badges-zip": ("badges", badges_zip, "zip"),
    "badges-zip-bomb": ("badges", badges_zip_bomb, "zip"),
}


def organisation(url: str) -> None:
    engine = make_engine(url)
    SQLModel.metadata.create_all(engine)
    with Session(engine) as session:
        org = Org(session)
        org.team("Cloud")
        for i in range(PEOPLE):
            person = org.employee(f"E{i}", team="Cloud", hired="2020-01-06")
            person.email = f"e{i}@example.com"
            session.add(person)
        for i in range(CREDENTIALS):
            org.credential(f"C{i}")
        org.commit()
    engine.dispose()


def measure(kind: str, path: Path, url: str) -> tuple[float, float, int]:
    env = {
        **os.environ,
        "UPSKILL_DATABASE_URL": url,
        "UPSKILL_TODAY": "2026-11-25",
        "UPSKILL_MAX_UPLOAD_MB": "300",
    }
    start = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "import", kind, str(path), "--dry-run"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return time.monotonic() - start, usage.ru_maxrss / 1024, process.returncode


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--mb", type=int, default=200)
    parser.add_argument("--kinds", default=",".join(KINDS))
    parser.add_argument("--make", nargs=2, metavar=("KIND", "PATH"), help="only write KIND's file to PATH")
    args = parser.parse_args()
    if args.make:
        KINDS[args.make[0]][1](Path(args.make[1]), args.mb)
        return
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        organisation(url)
        print(f"{'upload':<20} {'file MB':>8} {'seconds':>8} {'peak RSS MB':>12} {'exit':>5}  load average")
        for name in args.kinds.split(","):
            kind, _, suffix = KINDS[name]
            path = Path(folder) / f"{name}.{suffix}"
            subprocess.run(
                [sys.executable, __file__, "--make", name, str(path), "--mb", str(args.mb)], check=True
            )
            seconds, rss, code = measure(kind, path, url)
            load = " ".join(f"{x:.2f}" for x in os.getloadavg())
            size = path.stat().st_size / (1 << 20)
            print(f"{name:<20} {size:>8.0f} {seconds:>8.1f} {rss:>12.0f} {code:>5}  {load}", flush=True)
            path.unlink()


if __name__ == "__main__":
    main()
