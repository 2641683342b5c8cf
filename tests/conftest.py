"""Test-wide settings: offscreen Qt, one QApplication (pytest-qt), paths to shared data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Before anything imports Qt: no display in tests.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Keep numeric libraries from oversubscribing the two cores while tests run in one process.
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = (REPO.parent / "shared" / "data").resolve()


@pytest.fixture
def shared_data() -> Path:
    """``../shared/data`` beside the checkout. Missing: a skip with the reason on a developer's
    machine, a failure in CI (``CI`` set), so the real-data tests cannot drop out unnoticed."""
    return require_shared_data()


def require_shared_data(path: Path | None = None) -> Path:
    """``path`` (default :data:`SHARED_DATA`) when it is a folder; otherwise a skip, or a
    failure under ``CI`` (as :func:`require_tool`)."""
    path = SHARED_DATA if path is None else path
    if not path.is_dir():
        message = f"real data not present at {path} (../shared/data beside the checkout)"
        if os.environ.get("CI"):
            pytest.fail(message + "; CI must provide it")
        pytest.skip(message)
    return path


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A fresh Deep Cuts data directory."""
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture
def rng():
    import numpy as np

    return np.random.default_rng(20261129)


def require_tool(name: str, package: str) -> str:
    """Path of a system tool a test needs. Missing: a skip on a developer's machine, a failure
    in CI (``CI`` set), where ``.ci/setup`` installs it and a skip would hide a broken setup."""
    import shutil

    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed (Debian package {package})"
        if os.environ.get("CI"):
            pytest.fail(message + "; .ci/setup should have installed it")
        pytest.skip(message)
    return path
