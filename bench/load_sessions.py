"""Page-switch latency of the real server under N concurrently clicking browser sessions.

    python bench/load_sessions.py                      # 1, 4, 16 and 32 sessions, 30 s each
    python bench/load_sessions.py --sessions 16 --seconds 60 --think 1.5
    python bench/load_sessions.py --servers 2          # two processes, each session sticks to one

Starts `streamlit run dashboard.py` (headless, on a free port) on a seeded demo database kept in
bench/out/ (built once with the day pinned by UPSKILL_TODAY, reused when it already has the
requested size), then speaks Streamlit's own websocket protocol to it, as the browser does:
`/_stcore/stream` with the `streamlit` subprotocol, `BackMsg.rerun_script` carrying a
`ClientState` (page script hash, widget states) out, `ForwardMsg`s back until `script_finished`.

Each session signs in with a password (HR, lead, executive and employee accounts in turn; every
lead and employee session is a different person, so their figures are not shared), then clicks
from page to page of its role's navigation for the given time: one page switch as soon as the
last one finished, or after `--think` seconds. A page switch is timed from the BackMsg sent to
its `script_finished`. A failure is an exception or error box drawn, a script that did not
finish, a page switch slower than `--timeout`, or a dropped connection. The server's resident
memory is sampled from /proc every 0.2 s, and its CPU time per page switch ("CPU ms") is read
there too; the load average (1, 5, 15 min) is printed beside every row, since this machine's
other work moves every figure. With `--servers K` the sessions are spread over K processes on
the one SQLite file, each session staying on its own as behind a sticky load balancer; memory
and CPU are then summed over the processes. The server's settings come from the environment:
`UPSKILL_CONCURRENT_RUNS=3 python bench/load_sessions.py`.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "load-bench-password"
ROLES = ("hr", "lead", "exec", "employee")
DEFAULT_TODAY = "2026-11-25"  # the tests' pinned day: the same figures on every run


# -- the database and the server ---------------------------------------------------------------


def seeded(path: Path, employees: int, weeks: int, today: date) -> str:
    """A demo database of the requested size whose accounts have a known password."""
    from sqlmodel import Session, select

    from data_model import migrate
    from data_model.actions.accounts import hash_password
    from data_model.bootstrap import table_counts
    from data_model.db import make_engine
    from data_model.models import Account
    from seed import build_demo_organisation

    url = f"sqlite:///{path}"
    stamp = path.with_suffix(".today")
    if path.exists():
        engine = make_engine(url)
        fits = table_counts(engine).get("employee") == employees
        fits = fits and stamp.exists() and stamp.read_text().strip() == today.isoformat()
        engine.dispose()
        if fits:
            return url
        for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            stale.unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(url)
    migrate.upgrade(engine)
    started = time.perf_counter()
    build_demo_organisation(engine, employees=employees, weeks=weeks, seed=7, end=today)
    secret = hash_password(PASSWORD)  # one argon2 hash for every account: they share the password
    with Session(engine) as session:
        for account in session.exec(select(Account)).all():
            account.password_hash = secret
            session.add(account)
        session.commit()
    engine.dispose()
    stamp.write_text(today.isoformat())
    print(f"seeded {employees} employees x {weeks} weeks in {time.perf_counter() - started:.1f} s")
    return url


def accounts_by_role(url: str) -> dict[str, list[str]]:
    """Active account emails per role, the demo's personas first."""
    from sqlmodel import Session, select

    from data_model.accounts import personas_of_the_demo
    from data_model.db import make_engine
    from data_model.models import Account

    engine = make_engine(url)
    with Session(engine) as session:
        first = {p.role: p.email for p in personas_of_the_demo(session)}
        emails: dict[str, list[str]] = {role: [] for role in ROLES}
        rows = session.exec(select(Account.role, Account.email).where(Account.active).order_by(Account.id))
        for role, email in rows:
            if role in emails and email != first.get(role):
                emails[role].append(email)
    engine.dispose()
    return {role: ([first[role]] if role in first else []) + rest for role, rest in emails.items()}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(url: str, today: date, port: int, log: Path) -> subprocess.Popen:
    env = {**os.environ, "UPSKILL_DATABASE_URL": url, "UPSKILL_TODAY": today.isoformat()}
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(ROOT / "dashboard.py"),
        "--server.headless=true",
        f"--server.port={port}",
        "--server.address=127.0.0.1",
        "--browser.gatherUsageStats=false",
        "--server.fileWatcherType=none",
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited early; see {log}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError("streamlit did not answer /_stcore/health within 90 s")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used, from /proc (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def rss_mb(pid: int) -> float:
    """Resident memory of a process, from /proc (Linux)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


# -- one browser session -------------------------------------------------------------------------


class SessionFailed(Exception):
    """The server dropped or broke this session."""


@dataclass
class Rerun:
    """What one script run drew, as far as the bench cares."""

    status: str = ""
    problems: list[str] = field(default_factory=list)
    widgets: dict[str, tuple[str, str]] = field(default_factory=dict)  # label -> (id, kind)
    pages: dict[str, str] = field(default_factory=dict)  # url path -> page script hash
    page_hash: str = ""


class BrowserSession:
    """A websocket session speaking Streamlit's protocol like the frontend does."""

    def __init__(self, port: int, timeout: float) -> None:
        self.uri = f"ws://127.0.0.1:{port}/_stcore/stream"
        self.timeout = timeout
        self.socket = None
        self.page_hash = ""
        self.pages: dict[str, str] = {}

    async def connect(self) -> None:
        from websockets.asyncio.client import connect

        # permessage-deflate on (the default), as every browser asks for it
        self.socket = await connect(self.uri, subprotocols=["streamlit"], max_size=None, open_timeout=30)

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()

    async def rerun(self, page_hash: str, widgets: list | None = None) -> Rerun:
        """Send one rerun request and read ForwardMsgs until the run finishes (or the page it
        asked for, when it reruns itself with st.rerun)."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        message = BackMsg()
        state = message.rerun_script
        state.query_string = ""
        state.page_script_hash = page_hash
        state.context_info.timezone = "Europe/Berlin"
        state.context_info.locale = "en-GB"
        for widget in widgets or []:
            state.widget_states.widgets.append(widget)
        await self.socket.send(message.SerializeToString())
        result = Rerun()
        deadline = time.monotonic() + self.timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no script_finished within {self.timeout:.0f} s")
            try:
                data = await asyncio.wait_for(self.socket.recv(), left)
            except TimeoutError:
                raise
            except Exception as exc:  # ConnectionClosed and friends
                raise SessionFailed(f"connection lost: {exc!r}") from exc
            forward = ForwardMsg()
            forward.ParseFromString(data)
            kind = forward.WhichOneof("type")
            if kind == "delta":
                self._read_delta(forward.delta, result)
            elif kind == "new_session":
                result.page_hash = forward.new_session.page_script_hash
            elif kind == "navigation":
                result.pages = {p.url_pathname: p.page_script_hash for p in forward.navigation.app_pages}
                result.page_hash = forward.navigation.page_script_hash or result.page_hash
                self.pages = result.pages
            elif kind == "page_not_found":
                result.problems.append("page not found")
            elif kind == "script_finished":
                status = ForwardMsg.ScriptFinishedStatus.Name(forward.script_finished)
                if status == "FINISHED_EARLY_FOR_RERUN":
                    result.widgets.clear()  # st.rerun(): the next run draws the page again
                    result.problems.clear()
                    continue
                result.status = status
                if status != "FINISHED_SUCCESSFULLY":
                    result.problems.append(status)
                self.page_hash = result.page_hash or self.page_hash
                return result

    @staticmethod
    def _read_delta(delta, result: Rerun) -> None:
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception":
            result.problems.append(f"exception: {element.exception.type} {element.exception.message[:80]}")
        elif kind == "alert" and element.alert.format == element.alert.ERROR:
            result.problems.append(f"error box: {element.alert.body[:80]}")
        elif kind in ("text_input", "button"):
            widget = getattr(element, kind)
            result.widgets[widget.label] = (widget.id, kind)

    async def sign_in(self, email: str) -> None:
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        screen = await self.rerun("")
        try:
            email_id, password_id = screen.widgets["Work email"][0], screen.widgets["Password"][0]
            submit_id = screen.widgets["Sign in"][0]
        except KeyError as exc:
            raise SessionFailed(f"no sign-in form: {sorted(screen.widgets)} {screen.problems}") from exc
        widgets = [
            WidgetState(id=email_id, string_value=email),
            WidgetState(id=password_id, string_value=PASSWORD),
            WidgetState(id=submit_id, trigger_value=True),
        ]
        landed = await self.rerun(self.page_hash, widgets)
        if len(self.pages) < 2 or landed.problems:
            raise SessionFailed(f"sign-in as {email} failed: {landed.problems or 'no navigation'}")


# -- a concurrency level -----------------------------------------------------------------------


@dataclass
class Level:
    sessions: int
    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    per_page: dict[str, list[float]] = field(default_factory=dict)
    peak_rss: float = 0.0
    load: tuple[float, float, float] = (0.0, 0.0, 0.0)
    seconds: float = 0.0
    server_cpu: float = 0.0  # CPU seconds the server used while the sessions clicked
    ready: int = 0  # sessions signed in (or failed to)


def who_signs_in(index: int, emails: dict[str, list[str]]) -> str:
    """HR, lead, executive, employee in turn; the n-th lead or employee session is the n-th person."""
    role = ROLES[index % len(ROLES)]
    people = emails[role]
    return people[(index // len(ROLES)) % len(people)]


async def clicking_user(
    index: int, email: str, port: int, args: argparse.Namespace, level: Level, start: asyncio.Event
) -> None:
    session = BrowserSession(port, args.timeout)
    rng = random.Random(args.seed * 1000 + index)
    try:
        await session.connect()
        await session.sign_in(email)
    except (SessionFailed, TimeoutError, OSError) as exc:
        level.failures.append(f"session {index} ({email}): {exc}")
        level.ready += 1
        await session.close()
        return
    level.ready += 1
    await start.wait()
    deadline = time.monotonic() + args.seconds
    try:
        while time.monotonic() < deadline:
            choices = [path for path, page_hash in session.pages.items() if page_hash != session.page_hash]
            path = rng.choice(choices)
            started = time.perf_counter()
            try:
                shown = await session.rerun(session.pages[path])
            except TimeoutError as exc:
                level.failures.append(f"{email} -> {path}: {exc}")
                break  # the session's state is unknown now
            took = time.perf_counter() - started
            level.latencies.append(took)
            level.per_page.setdefault(path, []).append(took)
            for problem in shown.problems:
                level.failures.append(f"{email} -> {path}: {problem}")
            if args.think:
                await asyncio.sleep(rng.uniform(0.5, 1.5) * args.think)
    except SessionFailed as exc:
        level.failures.append(f"{email}: {exc}")
    finally:
        await session.close()


async def run_level(
    sessions: int, servers: list[tuple[int, int]], emails: dict[str, list[str]], args
) -> Level:
    """`sessions` clicking users spread over `servers` (pid, port), each user staying on one
    server as behind a sticky load balancer."""
    level = Level(sessions)
    start = asyncio.Event()
    tasks = [
        asyncio.create_task(
            clicking_user(i, who_signs_in(i, emails), servers[i % len(servers)][1], args, level, start)
        )
        for i in range(sessions)
    ]
    pids = [pid for pid, _ in servers]

    async def sample_memory() -> None:
        while True:
            level.peak_rss = max(level.peak_rss, sum(rss_mb(pid) for pid in pids))
            await asyncio.sleep(0.2)

    sampler = asyncio.create_task(sample_memory())
    while level.ready < sessions:  # every session signs in first (not timed), then all click
        await asyncio.sleep(0.1)
    started, cpu_before = time.monotonic(), sum(cpu_seconds(pid) for pid in pids)
    start.set()
    await asyncio.gather(*tasks)
    level.seconds = time.monotonic() - started
    level.server_cpu = sum(cpu_seconds(pid) for pid in pids) - cpu_before
    sampler.cancel()
    level.peak_rss = max(level.peak_rss, sum(rss_mb(pid) for pid in pids))
    level.load = os.getloadavg()
    return level


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)  # nearest rank
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


def print_level(level: Level) -> None:
    lat = level.latencies
    load = "/".join(f"{x:.2f}" for x in level.load)
    rate = len(lat) / level.seconds if level.seconds else 0.0
    cpu = 1000 * level.server_cpu / len(lat) if lat else float("nan")
    print(
        f"{level.sessions:>8} {len(lat):>6} {rate:>7.2f} {percentile(lat, 0.5):>7.2f} "
        f"{percentile(lat, 0.95):>7.2f} {max(lat, default=float('nan')):>7.2f} "
        f"{len(level.failures):>8} {level.peak_rss:>8.0f} {cpu:>7.0f}  {load}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", default="1,4,16,32", help="concurrency levels, comma-separated")
    parser.add_argument("--seconds", type=float, default=30.0, help="clicking time per level")
    parser.add_argument("--think", type=float, default=0.0, help="mean seconds between clicks (0: none)")
    parser.add_argument("--employees", type=int, default=200)
    parser.add_argument("--weeks", type=int, default=104)
    parser.add_argument("--today", default=os.environ.get("UPSKILL_TODAY") or DEFAULT_TODAY)
    parser.add_argument("--timeout", type=float, default=120.0, help="a page switch slower than this fails")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--servers", type=int, default=1, help="server processes; each session stays on one (sticky)"
    )
    parser.add_argument("--pages", action="store_true", help="also print p50/p95 per page")
    parser.add_argument("--keep-log", action="store_true", help="keep the server log in bench/out/")
    args = parser.parse_args()

    today = date.fromisoformat(args.today)
    out = ROOT / "bench" / "out"
    url = seeded(out / f"load-{args.employees}x{args.weeks}.db", args.employees, args.weeks, today)
    emails = accounts_by_role(url)
    missing = [role for role in ROLES if not emails[role]]
    if missing:
        raise SystemExit(f"the database has no active account for {', '.join(missing)}")

    log_dir = out if args.keep_log else Path(tempfile.mkdtemp())
    processes: list[subprocess.Popen] = []
    servers: list[tuple[int, int]] = []
    levels = []
    try:
        for number in range(args.servers):
            port = free_port()
            log = log_dir / f"load-server-{number + 1}.log"
            processes.append(start_server(url, today, port, log))
            servers.append((processes[-1].pid, port))
        print(
            f"{args.servers} server process(es), pid/port {servers}, {args.employees} employees x "
            f"{args.weeks} weeks, as of {today}, {os.cpu_count()} cores; {args.seconds:.0f} s per level, "
            f"think {args.think} s"
        )
        rss = sum(rss_mb(pid) for pid, _ in servers)
        print(f"server RSS after start: {rss:.0f} MB; load average {os.getloadavg()}")
        print(
            f"{'sessions':>8} {'pages':>6} {'pages/s':>7} {'p50 s':>7} {'p95 s':>7} {'max s':>7} "
            f"{'failures':>8} {'peak MB':>8} {'CPU ms':>7}  load 1/5/15 min"
        )
        for sessions in (int(n) for n in args.sessions.split(",")):
            level = asyncio.run(run_level(sessions, servers, emails, args))
            levels.append(level)
            print_level(level)
            stopped = [p for p in processes if p.poll() is not None]
            if stopped:
                print(f"a server stopped (exit {stopped[0].returncode}); see {log_dir}")
                break
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
    for level in levels:
        for failure in level.failures[:10]:
            print(f"  [{level.sessions} sessions] {failure}")
        if len(level.failures) > 10:
            print(f"  [{level.sessions} sessions] ... {len(level.failures) - 10} more")
        if args.pages:
            for path, took in sorted(level.per_page.items()):
                print(
                    f"  [{level.sessions} sessions] {path or '(landing)':<16} n={len(took):<4} "
                    f"p50 {statistics.median(took):.2f} s  p95 {percentile(took, 0.95):.2f} s"
                )


if __name__ == "__main__":
    main()
