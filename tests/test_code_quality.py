"""House rules that keep the code livable, checked on every run."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from tests.conftest import PROJECT_ROOT


def _ruff(*args: str) -> subprocess.CompletedProcess:
    ruff = shutil.which("ruff")
    if ruff is None:
        pytest.fail("ruff is not installed: pip install -r requirements-dev.txt")
    return subprocess.run([ruff, *args], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120)


def test_ruff_check_is_clean():
    result = _ruff("check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean():
    result = _ruff("format", "--check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_data_model_never_imports_the_layers_above():
    forbidden = re.compile(r"^\s*(from|import)\s+(streamlit|ui|pages|seed|cli)\b", re.MULTILINE)
    offenders = [
        str(path.relative_to(PROJECT_ROOT))
        for path in (PROJECT_ROOT / "data_model").rglob("*.py")
        if forbidden.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_pages_hold_no_sql():
    sql = re.compile(r"\b(select|session\.exec|session\.execute|text)\(|SELECT |GROUP BY")
    offenders = [
        str(path.relative_to(PROJECT_ROOT))
        for path in (PROJECT_ROOT / "pages").glob("*.py")
        if sql.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
