"""The download of the stand-alone app stays within its size targets.

``.ci/build-app`` (run by ``.ci/run`` before the tests) builds ``dist/deepcuts/``, packs
``dist/deepcuts-VERSION-linux-x86_64.tar.zst``, checks the app unpacked from that archive with
``--smoke-test`` and ``--self-check``, and records the sizes in ``dist/deepcuts-size.json``.
Without a build these tests skip on a developer's machine and fail under CI, where a missing
build means ``.ci/build-app`` did not run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib

import pytest

from tests.conftest import REPO

#: Targets of docs/gui.md ("The built app"), MB = 10^6 bytes.
MAX_DOWNLOAD_MB = 300
MAX_UNPACKED_MB = 1000

SIZE_FILE = REPO / "dist" / "deepcuts-size.json"


@pytest.fixture(scope="module")
def built() -> dict:
    if not SIZE_FILE.is_file():
        message = f"no app build: {SIZE_FILE} is missing (run .ci/build-app)"
        if os.environ.get("CI"):
            pytest.fail(message + "; .ci/run builds the app before the tests")
        pytest.skip(message)
    return json.loads(SIZE_FILE.read_text())


def _version() -> str:
    with open(REPO / "pyproject.toml", "rb") as fh:
        return tomllib.load(fh)["project"]["version"]


def test_the_download_is_at_most_300_mb(built):
    archive = REPO / "dist" / built["archive"]
    assert built["archive"] == f"deepcuts-{_version()}-linux-x86_64.tar.zst"
    assert archive.is_file(), archive
    assert archive.stat().st_size == built["archive_bytes"]  # the record is of this archive
    assert built["archive_bytes"] <= MAX_DOWNLOAD_MB * 10**6, (
        f"download {built['archive_bytes'] / 1e6:.1f} MB > {MAX_DOWNLOAD_MB} MB"
    )


def test_the_unpacked_app_is_at_most_1000_mb(built):
    assert built["unpacked_bytes"] <= MAX_UNPACKED_MB * 10**6, (
        f"unpacked {built['unpacked_bytes'] / 1e6:.1f} MB > {MAX_UNPACKED_MB} MB"
    )
    assert built["checked_unpacked"] == ["--smoke-test", "--self-check"]


@pytest.mark.slow
def test_the_archive_unpacks_to_a_folder_whose_deepcuts_starts_the_app(built):
    listing = subprocess.run(
        ["tar", "--zstd", "-tvf", str(REPO / "dist" / built["archive"])],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    top = f"deepcuts-{built['version']}/"
    names = {}  # path -> mode, from "mode owner size date time path[ -> link target]"
    for line in listing:
        fields = line.split(maxsplit=5)
        names[fields[5].split(" -> ")[0]] = fields[0]
    assert all(name.startswith(top) for name in names)
    assert names[top + "deepcuts"].startswith("-rwx")  # the program, executable
    assert top + "_internal/desktop_app/resources/deepcuts.svg" in names
    assert top + "_internal/desktop_app/resources/i18n/deepcuts_zh_CN.qm" in names
    # what the app never loads stays out
    for left_out in ("_internal/llvmlite/", "_internal/numba/", "_internal/torch/test/"):
        assert not any(n.startswith(top + left_out) for n in names), left_out


def test_the_analysis_path_never_imports_librosa_or_numba(tmp_path):
    # The bundle leaves librosa, numba and llvmlite out: scanning and analysing must not need them.
    script = (
        "import sys, wave, numpy as np\n"
        "from analysis.analyzer import analyze\n"
        "from analysis.catalog import Catalog\n"
        "from analysis.scanner import scan\n"
        f"music = {str(tmp_path / 'music')!r}\n"
        "import os; os.makedirs(music)\n"
        "t = np.arange(3 * 22050) / 22050\n"
        "with wave.open(music + '/tone.wav', 'wb') as fh:\n"
        "    fh.setnchannels(1); fh.setsampwidth(2); fh.setframerate(22050)\n"
        "    fh.writeframes((0.3 * np.sin(2 * np.pi * 440 * t) * 32767).astype('<i2').tobytes())\n"
        f"with Catalog({str(tmp_path / 'data')!r}) as catalog:\n"
        "    scan(catalog, [music], workers=0)\n"
        "    result = analyze(catalog, workers=0)\n"
        "assert result.analyzed == 1, result\n"
        "print(sorted(m for m in ('librosa', 'numba', 'llvmlite') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
