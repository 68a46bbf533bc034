"""House rules that keep the code livable, checked on every run."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile

import pytest

from tests.conftest import PROJECT_ROOT


def _tool(name: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is not installed: pip install -r requirements-dev.txt")
    return subprocess.run([path, *args], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=timeout)


def test_ruff_check_is_clean():
    result = _tool("ruff", "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean():
    result = _tool("ruff", "format", "--check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_no_type_errors():
    """mypy over data_model, cli and ui as [tool.mypy] in pyproject.toml configures it (migrations left
    out). A first run without its cache takes about 40 s here."""
    result = _tool("mypy", timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr


def test_imports_keep_the_layers():
    """The import-linter contracts in pyproject.toml: pages > ui | cli > seed > data_model, Streamlit only
    above data_model, seed and cli, and formats/ standing alone."""
    result = _tool("lint-imports", "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_wheel_holds_what_streamlit_run_needs(tmp_path):
    """`pip install .` gives a dashboard that runs: the entry script, every page, the Streamlit config, and
    every file of the packages (migrations and the demo's data files included), but no tests."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=PROJECT_ROOT, capture_output=True, timeout=60)
    if listed.returncode != 0:
        pytest.skip("not a git checkout: the tracked files are unknown")
    tracked = [name for name in listed.stdout.decode().split("\0") if (PROJECT_ROOT / name).is_file()]
    source = tmp_path / "source"  # a copy, so the build leaves nothing in the working tree
    for name in tracked:
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(PROJECT_ROOT / name, source / name)
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-q", "-w", str(tmp_path / "wheel")],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = (tmp_path / "wheel").glob("upskill-*.whl")
    shipped = set(zipfile.ZipFile(wheel).namelist())
    needed = {"dashboard.py", ".streamlit/config.toml"} | {
        name for name in tracked if name.split("/")[0] in ("pages", "ui", "cli", "seed", "data_model")
    }
    assert sorted(needed - shipped) == []
    assert [name for name in shipped if name.startswith("tests/")] == []


def test_pages_hold_no_sql():
    sql = re.compile(r"\b(select|session\.exec|session\.execute|text)\(|SELECT |GROUP BY")
    offenders = [
        str(path.relative_to(PROJECT_ROOT))
        for path in (PROJECT_ROOT / "pages").glob("*.py")
        if sql.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
