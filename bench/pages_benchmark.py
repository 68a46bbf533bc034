"""Time each page's first render and a rerun after changing a filter, per role, on a large organisation.

    python bench/pages_benchmark.py --employees 10000 --weeks 104

Runs the real entry point with Streamlit's AppTest (no browser), so the figures are server-side
script time: queries, caching and element building. Caches are cleared before each first render.
"bytes" is what the page's elements weigh as the protobuf messages Streamlit sends the browser
(tables as Arrow, charts as vega-lite with their data): the sum of every element's ByteSize().
The 1-minute load average is printed on every row: the machine is shared, read the ratios.

The seeded database is kept in bench/out/ and reused when it already has the requested size.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def seeded(path: Path, employees: int, weeks: int) -> str:
    from sqlmodel import Session

    from data_model import migrate
    from data_model.bootstrap import table_counts
    from data_model.db import make_engine
    from seed import build_demo_organisation

    url = f"sqlite:///{path}"
    if path.exists():
        engine = make_engine(url)
        if table_counts(engine).get("employee") == employees:
            return url
        engine.dispose()
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(url)
    migrate.upgrade(engine)
    started = time.perf_counter()
    build_demo_organisation(engine, employees=employees, weeks=weeks, seed=7, end=date.today())
    print(f"seeded {employees} employees x {weeks} weeks in {time.perf_counter() - started:.1f} s")
    with Session(engine):
        pass
    return url


def sent_bytes(at) -> int:
    """The protobuf size of every element on the page (what the browser is sent)."""
    total = 0
    stack = [at._tree]
    while stack:
        node = stack.pop()
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "ByteSize"):
            total += proto.ByteSize()
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            stack.extend(children.values())
    return total


def change_a_filter(at) -> str:
    """Pick the next team (or person) in the first team/person selectbox, as a person would."""
    for box in at.selectbox:
        if box.label in ("Team", "Person") and len(box.options) > 1:
            box.select_index(1)
            return f"{box.label.lower()} -> {box.options[1][:24]}"
    return "plain rerun"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=10_000)
    parser.add_argument("--weeks", type=int, default=104)
    parser.add_argument("--roles", default="hr,lead,exec,employee,admin")
    parser.add_argument(
        "--database-url",
        help="an already seeded database to time instead (e.g. the PostgreSQL schema metrics_benchmark.py "
        "built: postgresql+psycopg://postgres@127.0.0.1:5432/test?options=-csearch_path%%3Dbench100k)",
    )
    parser.add_argument("--pages", help="only these pages (comma-separated keys)")
    args = parser.parse_args()

    url = args.database_url or seeded(
        ROOT / "bench" / "out" / f"pages-{args.employees}x{args.weeks}.db", args.employees, args.weeks
    )
    os.environ["UPSKILL_DATABASE_URL"] = url

    import streamlit as st
    from sqlmodel import Session
    from streamlit.testing.v1 import AppTest

    from data_model.accounts import account_for_email, personas_of_the_demo
    from data_model.db import make_engine
    from ui.navigation import PAGES, ROLE_PAGES

    with Session(make_engine(url)) as session:
        people = {p.role: account_for_email(session, p.email) for p in personas_of_the_demo(session)}

    header = f"{'first render s':>14} {'bytes':>11} {'rerun s':>8} {'bytes':>11} {'load':>5}"
    print(f"{'role':<9} {'page':<16} {header}  change")
    for role in args.roles.split(","):
        for keys in ROLE_PAGES[role].values():
            for key in keys:
                if args.pages and key not in args.pages.split(","):
                    continue
                path = PAGES[key].path
                if not (ROOT / path).exists():
                    continue
                at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=600)
                at.session_state["signed_in"] = people[role]
                at.run()
                st.cache_data.clear()  # the landing page just ran: time every page cold
                started = time.perf_counter()
                at.switch_page(path).run()
                first = time.perf_counter() - started
                first_size = sent_bytes(at)
                change = change_a_filter(at)
                started = time.perf_counter()
                try:
                    at.run()
                except ValueError as exc:  # AppTest cannot replay some widgets' state
                    change = f"rerun failed in AppTest: {exc}"
                rerun = time.perf_counter() - started
                problem = f"  EXCEPTION: {at.exception[0].message[:80]}" if at.exception else ""
                load = os.getloadavg()[0]
                timing = f"{first:>14.2f} {first_size:>11,} {rerun:>8.2f} {sent_bytes(at):>11,} {load:>5.1f}"
                print(f"{role:<9} {key:<16} {timing}  {change}{problem}", flush=True)


if __name__ == "__main__":
    main()
