"""How fast a million-row learning CSV goes in, per backend, against plain pandas.

Run by hand and quote the figures; never asserted in tests:

    python bench/import_benchmark.py --rows 1000000 --employees 5000 --backend both

For each backend a fresh database (a temporary SQLite file, or a throwaway
PostgreSQL schema) is migrated and seeded with the demo organisation; then a
learning CSV of `--rows` sessions for people employed on each session's date is
written to a temporary file and imported with `upskill import learning`'s code
path (`import_file`: parse, check every row as `actions.validate_learning` does,
resolve people and credentials, write through `bulk_insert`, one transaction).
The same rows are also loaded the plain way, `pandas.read_csv` + employee codes
mapped to ids + `DataFrame.to_sql(chunksize=50_000)` with no checks at all: once
appended to learning_session itself (its indexes, constraints and foreign keys;
rolled back) and once into a scratch table without any index; both ratios are
printed. A second import of the same file (refused by its sha256) and of the
same rows from another file (every row found already stored) are timed too.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
from sqlmodel import Session

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from data_model import migrate
from data_model.db import describe_url, make_engine
from data_model.formats import ParseResult, iter_learning
from data_model.importing import import_file
from seed import build_demo_organisation

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
END = date(2026, 11, 27)  # fixed, so runs on different days write the same rows
WINDOW_DAYS = 364  # sessions fall in the year before END


def write_csv(path: Path, engine: sa.Engine, rows: int, seed: int) -> None:
    """`rows` sessions, each for someone employed on its date; external ids make re-imports recognisable."""
    with engine.connect() as connection:
        people = connection.execute(sa.text("SELECT employee_code, hire_date, exit_date FROM employee")).all()
    first_day = END - timedelta(days=WINDOW_DAYS)
    spans = []
    for code, hired, left in people:
        hired = date.fromisoformat(str(hired))
        left = date.fromisoformat(str(left)) if left else END
        start, stop = max(hired, first_day), min(left, END)
        if start <= stop:
            spans.append((code, start.toordinal(), stop.toordinal()))
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        out.write("employee,date,minutes,session id\n")
        for i in range(rows):
            code, start, stop = spans[rng.randrange(len(spans))]
            day = date.fromordinal(rng.randint(start, stop))
            out.write(f"{code},{day.isoformat()},{rng.randint(10, 180)},bench-{i}\n")


def pandas_frame(path: Path, engine: sa.Engine) -> pd.DataFrame:
    """read_csv and employee codes mapped to ids: the rows pandas would write."""
    frame = pd.read_csv(path, dtype={"employee": "string", "session id": "string"}, parse_dates=["date"])
    with engine.connect() as connection:
        ids = pd.read_sql("SELECT id AS employee_id, employee_code FROM employee", connection)
    frame = frame.merge(ids, left_on="employee", right_on="employee_code", how="left")
    frame = frame.rename(columns={"session id": "external_id"})[
        ["employee_id", "date", "minutes", "external_id"]
    ]
    frame["date"] = frame["date"].dt.date
    frame["source"] = "csv"
    return frame


def pandas_load(path: Path, engine: sa.Engine, *, into_real_table: bool) -> float:
    """The plain way, without any check: into a scratch table with no index, or appended to
    learning_session itself (its indexes and constraints) and then rolled back."""
    started = time.perf_counter()
    frame = pandas_frame(path, engine)
    connection = engine.connect()
    transaction = connection.begin()
    try:
        if into_real_table:
            frame.to_sql("learning_session", connection, if_exists="append", index=False, chunksize=50_000)
        else:
            frame.to_sql(
                "bench_pandas_learning", connection, if_exists="replace", index=False, chunksize=50_000
            )
        took = time.perf_counter() - started
    finally:
        transaction.rollback()
        connection.close()
    return took


def run(url: str, args: argparse.Namespace, folder: Path) -> dict[str, float]:
    engine = make_engine(url)
    figures: dict[str, float] = {}
    try:
        started = time.perf_counter()
        migrate.upgrade(engine)
        build_demo_organisation(engine, employees=args.employees, weeks=args.weeks, seed=args.seed, end=END)
        figures["seed_s"] = time.perf_counter() - started
        path = folder / "learning.csv"
        if not path.exists():
            started = time.perf_counter()
            write_csv(path, engine, args.rows, args.seed)
            print(f"  wrote {path.stat().st_size / 1e6:,.0f} MB CSV in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        parsed = sum(1 for _ in iter_learning(path.open("rb"), ParseResult("parse-only"), today=END))
        figures["parse_s"] = time.perf_counter() - started
        assert parsed == args.rows

        def timed_import(name: str, data: Path) -> float:
            started = time.perf_counter()
            with Session(engine) as session:
                report = import_file(
                    session, "learning", data, file_name=name, who="bench", today=END, max_bytes=1 << 40
                )
            took = time.perf_counter() - started
            if not report.ok:
                raise SystemExit("\n".join(report.error_lines()[:20]))
            return took

        figures["pandas_real_s"] = pandas_load(path, engine, into_real_table=True)
        figures["import_s"] = timed_import("learning.csv", path)
        figures["same_file_s"] = timed_import("learning.csv", path)
        copy = folder / "learning-copy.csv"
        copy.write_bytes(path.read_bytes() + b"\n")  # other bytes, the same rows
        figures["same_rows_s"] = timed_import("learning-copy.csv", copy)
        copy.unlink()
        figures["pandas_s"] = pandas_load(path, engine, into_real_table=False)
    finally:
        engine.dispose()
    return figures


def run_postgresql(args: argparse.Namespace, folder: Path) -> dict[str, float]:
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = make_engine(args.postgres_url)
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    joiner = "&" if "?" in args.postgres_url else "?"
    try:
        return run(f"{args.postgres_url}{joiner}options=-csearch_path%3D{schema}", args, folder)
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def show(backend: str, rows: int, f: dict[str, float]) -> None:
    print(f"\n{backend}")
    print(f"  seed demo organisation:           {f['seed_s']:7.1f} s")
    print(f"  parse only (no database):         {f['parse_s']:7.1f} s   {rows / f['parse_s']:>9,.0f} rows/s")
    print(
        f"  upskill import learning:          {f['import_s']:7.1f} s   {rows / f['import_s']:>9,.0f} rows/s"
    )
    print(
        f"  pandas read_csv + to_sql:         {f['pandas_s']:7.1f} s   {rows / f['pandas_s']:>9,.0f} rows/s"
    )
    real = f["pandas_real_s"]
    print(f"  pandas into learning_session:     {real:7.1f} s   {rows / real:>9,.0f} rows/s")
    print(f"  import / pandas (scratch table):  {f['import_s'] / f['pandas_s']:7.2f} x")
    print(f"  import / pandas (same table):     {f['import_s'] / f['pandas_real_s']:7.2f} x")
    print(f"  the same file again (sha256):     {f['same_file_s']:7.2f} s")
    print(f"  the same rows, another file:      {f['same_rows_s']:7.1f} s   (all {rows:,} found stored)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--employees", type=int, default=5_000)
    parser.add_argument("--weeks", type=int, default=4, help="weeks of seeded history (kept short)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    args = parser.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)
    print(f"{args.rows:,} learning rows for a demo organisation of {args.employees:,} employees (end {END})")
    with tempfile.TemporaryDirectory(prefix="upskill-import-bench-") as name:
        folder = Path(name)
        if args.backend in ("sqlite", "both"):
            show("SQLite (temporary file)", args.rows, run(f"sqlite:///{folder / 'bench.db'}", args, folder))
        if args.backend in ("postgresql", "both"):
            show(f"PostgreSQL ({describe_url(args.postgres_url)})", args.rows, run_postgresql(args, folder))
    return 0


if __name__ == "__main__":
    sys.exit(main())
