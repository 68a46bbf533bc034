"""How long the demo organisation takes to build, and how many rows it writes, per backend.

Run by hand and quote the figures; never asserted in tests:

    python bench/seed_benchmark.py --employees 10000 --weeks 104 --backend both

Each run gets a fresh database (a temporary SQLite file, or a throwaway
PostgreSQL schema dropped afterwards), migrated with Alembic like `upskill
seed` does, then seeded.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from data_model import migrate
from data_model.db import describe_url, make_engine
from seed import build_demo_organisation

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
END = date(2026, 11, 27)  # fixed, so runs on different days write the same rows


def _run(url: str, args: argparse.Namespace) -> dict[str, float | dict[str, int]]:
    engine = make_engine(url)
    try:
        started = time.perf_counter()
        migrate.upgrade(engine)
        migrated = time.perf_counter()
        last_step = [""]

        def progress(step: str, done: int, total: int) -> None:
            if args.verbose and (step != last_step[0] or done == total):
                print(f"    {time.perf_counter() - migrated:6.1f}s  {step}: {done:,}/{total:,}", flush=True)
                last_step[0] = step

        counts = build_demo_organisation(
            engine, employees=args.employees, weeks=args.weeks, seed=args.seed, end=END, progress=progress
        )
        finished = time.perf_counter()
    finally:
        engine.dispose()
    return {"migrate_s": migrated - started, "seed_s": finished - migrated, "counts": counts}


def run_sqlite(args: argparse.Namespace) -> dict:
    with tempfile.TemporaryDirectory(prefix="upskill-bench-") as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        result = _run(url, args)
        result["size_mb"] = sum(p.stat().st_size for p in Path(folder).iterdir()) / 1e6
        return result


def run_postgresql(args: argparse.Namespace) -> dict:
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = make_engine(args.postgres_url)
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    joiner = "&" if "?" in args.postgres_url else "?"
    try:
        return _run(f"{args.postgres_url}{joiner}options=-csearch_path%3D{schema}", args)
    finally:
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _print(backend: str, where: str, result: dict) -> None:
    counts: dict[str, int] = result["counts"]
    total = sum(counts.values())
    print(f"\n{backend} ({where})")
    print(f"  migrate: {result['migrate_s']:.1f} s   seed: {result['seed_s']:.1f} s")
    for table, count in counts.items():
        print(f"    {table:<20} {count:>10,}")
    print(f"  total rows: {total:,}   rows/s: {total / result['seed_s']:,.0f}")
    if "size_mb" in result:
        print(f"  database file: {result['size_mb']:.0f} MB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--weeks", type=int, default=104)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    parser.add_argument("-v", "--verbose", action="store_true", help="print each step's progress")
    args = parser.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)  # progress and figures in the order they happen
    print(
        f"demo organisation: {args.employees:,} employees x {args.weeks} weeks, seed {args.seed}, end {END}"
    )
    if args.backend in ("sqlite", "both"):
        _print("SQLite", "temporary file", run_sqlite(args))
    if args.backend in ("postgresql", "both"):
        _print("PostgreSQL", describe_url(args.postgres_url), run_postgresql(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
