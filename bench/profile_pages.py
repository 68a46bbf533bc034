"""Where a page's rerun spends its time: cProfile of warm reruns of each page, per role.

    python bench/profile_pages.py                       # every page of hr, lead, exec, employee
    python bench/profile_pages.py --roles lead --pages skills,team --top 40

Runs the real entry point under Streamlit's AppTest on the load benchmark's database
(bench/out/, built by bench/load_sessions.py when missing) and profiles the script thread while
it switches to each page after a first, cache-filling visit, so the figures are what every later
click costs: the account re-check, cached reads, element building and serialisation (scripts are
compiled once, as the server does; the websocket and the browser are not in these figures). Prints the
mean seconds per rerun per page and the functions that took the most time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--roles", default="hr,lead,exec,employee")
    parser.add_argument("--pages", default="", help="page keys (default: every page of the role)")
    parser.add_argument("--reruns", type=int, default=5, help="profiled visits per page")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", default="cumulative", choices=["cumulative", "tottime"])
    parser.add_argument("--employees", type=int, default=200)
    parser.add_argument("--weeks", type=int, default=104)
    parser.add_argument("--today", default=os.environ.get("UPSKILL_TODAY") or "2026-11-25")
    args = parser.parse_args()

    from load_sessions import accounts_by_role, seeded

    today = date.fromisoformat(args.today)
    url = seeded(
        ROOT / "bench" / "out" / f"load-{args.employees}x{args.weeks}.db", args.employees, args.weeks, today
    )
    os.environ["UPSKILL_DATABASE_URL"] = url
    os.environ["UPSKILL_TODAY"] = today.isoformat()

    from sqlmodel import Session
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import AppTest, app_test, local_script_runner
    from streamlit.testing.v1.local_script_runner import LocalScriptRunner

    from data_model.accounts import account_for_email
    from data_model.db import make_engine
    from ui.navigation import PAGES, ROLE_PAGES

    # The server compiles each script once (one ScriptCache per process); AppTest makes a new
    # cache per run, which would put compiling every page on every rerun into the profile.
    shared_cache = ScriptCache()
    app_test.ScriptCache = local_script_runner.ScriptCache = lambda: shared_cache

    current: list[cProfile.Profile | None] = [None]
    plain = LocalScriptRunner._run_script_thread

    def profiled(self) -> None:  # AppTest runs the script in its own thread: profile that thread
        profiler = current[0]
        if profiler is None:
            return plain(self)
        profiler.enable()
        try:
            return plain(self)
        finally:
            profiler.disable()

    LocalScriptRunner._run_script_thread = profiled

    emails = accounts_by_role(url)
    with Session(make_engine(url)) as session:
        people = {role: account_for_email(session, emails[role][0]) for role in args.roles.split(",")}
    wanted = set(filter(None, args.pages.split(",")))
    for role, user in people.items():
        for keys in ROLE_PAGES[role].values():
            for key in keys:
                if wanted and key not in wanted:
                    continue
                path = PAGES[key].path
                at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=600)
                at.session_state["signed_in"] = user
                at.run()
                at.switch_page(path).run()  # fills the caches
                profiler = current[0] = cProfile.Profile()
                started = time.perf_counter()
                for _ in range(args.reruns):
                    at.switch_page(path).run()
                took = (time.perf_counter() - started) / args.reruns
                current[0] = None
                problem = f"  EXCEPTION: {at.exception[0].message[:80]}" if at.exception else ""
                print(f"\n=== {role} {key}: {took:.3f} s per warm rerun{problem}")
                text = io.StringIO()
                pstats.Stats(profiler, stream=text).sort_stats(args.sort).print_stats(args.top)
                print("\n".join(line for line in text.getvalue().splitlines()[6:] if line.strip()))


if __name__ == "__main__":
    main()
