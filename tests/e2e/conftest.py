"""Real-browser tests: the app started as the README says, driven by Debian's Chromium through Playwright."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import IN_CI, PROJECT_ROOT, TODAY

CHROMIUM = Path(os.environ.get("UPSKILL_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = PROJECT_ROOT / "test-artifacts" / "screenshots"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    if not CHROMIUM.exists():
        if IN_CI:
            pytest.fail(f"CI=true but {CHROMIUM} is missing: apt-get install chromium (packages.txt)")
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install chromium to run the browser tests")
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def seeded_database(path: Path, *, employees: int = 80, weeks: int = 16) -> str:
    """A small demo database file, seeded like the first start does."""
    from data_model import migrate
    from data_model.db import make_engine
    from seed import build_demo_organisation

    url = f"sqlite:///{path}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    build_demo_organisation(engine, employees=employees, weeks=weeks, seed=7, end=TODAY)
    engine.dispose()
    return url


class RunningApp:
    def __init__(self, url: str, database_url: str, process: subprocess.Popen) -> None:
        self.url = url
        self.database_url = database_url
        self.process = process


def start_app(
    database_url: str,
    *,
    cwd: Path = PROJECT_ROOT,
    host: str = "127.0.0.1",
    port: int | None = None,
    extra_env: dict[str, str] | None = None,
) -> RunningApp:
    port = port or free_port()
    env = {**os.environ, "UPSKILL_DATABASE_URL": database_url, **(extra_env or {})}
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(PROJECT_ROOT / "dashboard.py"),
        "--server.headless=true",
        f"--server.port={port}",
        "--browser.gatherUsageStats=false",
        "--server.fileWatcherType=none",
    ]
    # The server's output goes to a file, never to a pipe nobody reads: a full pipe would freeze
    # the server the moment it logs enough (every sign-in and import is logged).
    log = tempfile.NamedTemporaryFile(prefix="upskill-e2e-", suffix=".log", delete=False)  # noqa: SIM115
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
    log.close()
    url = f"http://{host}:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = Path(log.name).read_text(errors="replace")
            raise RuntimeError(f"streamlit exited early:\n{output}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return RunningApp(url, database_url, process)
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError("streamlit did not answer /_stcore/health within 60 s")


def stop_app(app: RunningApp) -> None:
    app.process.terminate()
    try:
        app.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        app.process.kill()


@pytest.fixture(scope="session")
def demo_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    """The dashboard on a seeded demo database, shared by the browser tests."""
    database_url = seeded_database(tmp_path_factory.mktemp("e2e") / "demo.db")
    app = start_app(database_url)
    yield app
    stop_app(app)


@pytest.fixture(scope="session")
def base_url(demo_app: RunningApp) -> str:
    return demo_app.url


def wait_until_idle(page, timeout: float = 30_000) -> None:
    """Wait until the script has finished running and no spinner is left."""
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout)
    page.wait_for_timeout(300)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=timeout)


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def assert_no_exception(page) -> None:
    errors = page.locator("[data-testid='stException']")
    assert errors.count() == 0, errors.first.inner_text()
