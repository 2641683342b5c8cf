"""The synthetic benchmarks run end to end at a small size (they are not run in CI otherwise, and
one stopped running unnoticed once). Only that they work is checked here: speed is for the
benchmarks themselves on an idle machine, not for tests (README, "Benchmarks").

``bench_analysis.py``, ``bench_similarity.py``, ``bench_embedding_variants.py`` and
``bench_words_real.py`` need the Debian soundtrack packages (``apt-get download``), so they are
not run here; their decode and feature code is tested in tests/analysis (the production
signature of ``bench_embedding_variants.py`` in tests/test_production_signature.py), and the query set of ``bench_words_real.py`` runs on a synthetic
library in tests/recommender/test_words_queries.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

CASES = {
    "bench_embedding.py": (["--tracks", "300", "--library", "3000"], "target < 50 ms"),
    "bench_recommender.py": (["--tracks", "2000", "--plays", "5000"], "peak memory"),
    "bench_playlists.py": (["--tracks", "2000", "--plays", "5000", "--rounds", "1"], "fresh:"),
    "bench_words.py": (
        ["--tracks", "2000", "--plays", "3000", "--rounds", "1"],
        "slowest sentence",
    ),
    "bench_history.py": (["--tracks", "2000", "--plays", "3000"], "ratio"),
    "bench_scan.py": (["--files", "200", "--big", "1000", "--rounds", "1"], "peak memory"),
    "bench_gui.py": (
        [
            "--tracks",
            "2000",
            "--files",
            "100",
            "--analysis-seconds",
            "2",
            "--runs",
            "1",
            "--plays",
            "5000",
            "--scroll-seconds",
            "1",
        ],
        "GUI-thread stall",
    ),
}


@pytest.mark.parametrize("script", sorted(CASES))
def test_benchmark_runs_at_a_small_size(script, tmp_path):
    args, marker = CASES[script]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TMPDIR=str(tmp_path))
    proc = subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / script), *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert marker in proc.stdout, proc.stdout[-2000:]


def test_every_benchmark_is_covered_or_explained():
    scripts = {p.name for p in (REPO / "benchmarks").glob("bench_*.py")}
    assert scripts == set(CASES) | {
        "bench_analysis.py",
        "bench_embedding_variants.py",
        "bench_similarity.py",
        "bench_words_real.py",
    }
