"""The one dependency rule (DESIGN.md) and a fast CLI start: checked, not just hoped for."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=300
    )


def test_ruff_enforces_layering_and_style():
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "analysis",
            "recommender",
            "desktop_app",
            "tests",
            "benchmarks",
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_core_packages_import_no_qt():
    code = (
        "import pkgutil, importlib, sys, analysis, recommender\n"
        "for pkg in (analysis, recommender):\n"
        "    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(m.name)\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'pyqtgraph', 'desktop_app'))]\n"
        "assert not bad, bad\n"
    )
    out = run(code)
    assert out.returncode == 0, out.stderr


def test_cli_parser_imports_nothing_heavy():
    code = (
        "import sys\n"
        "from desktop_app.cli import build_parser\n"
        "build_parser()\n"
        "heavy = [m for m in ('torch', 'librosa', 'PySide6', 'sklearn', 'av', 'numba') "
        "if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    out = run(code)
    assert out.returncode == 0, out.stderr


def test_mypy_on_the_core_packages():
    # CONVENTIONS.md item 14: types checked on analysis/ and recommender/ (config in pyproject)
    out = subprocess.run(
        [sys.executable, "-m", "mypy"], capture_output=True, text=True, cwd=REPO, timeout=600
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_cli_history_formats_mirror_the_importers():
    from desktop_app.commands.arguments import HISTORY_FORMAT_CHOICES
    from recommender.history.importers import FORMATS

    assert HISTORY_FORMAT_CHOICES[0] == "auto"
    assert sorted(HISTORY_FORMAT_CHOICES[1:]) == sorted(FORMATS)


def test_time_arguments():
    import pytest

    from analysis.errors import DeepCutsError
    from desktop_app.commands.arguments import parse_time

    assert parse_time("1714564800", option="--at") == 1714564800.0
    assert parse_time("2024-05-01T12:00:00Z", option="--at") == 1714564800.0
    with pytest.raises(DeepCutsError, match="--as-of 'yesterday' is not a time"):
        parse_time("yesterday", option="--as-of")
