"""The analysis run: counts, errors, missing files, resume, cancel, progress, versions, kill."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

from analysis import analyzer, feature_store
from analysis.analyzer import AnalysisProgress, analyze
from analysis.catalog import Catalog
from analysis.feature_store import load_descriptors, load_features
from analysis.features import FEATURE_VERSION
from tests.analysis import signals as S

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture
def small_library(data_dir, tmp_path, rng):
    catalog = Catalog(data_dir)
    ids = S.library(
        catalog,
        tmp_path / "music",
        {
            "clicks.wav": S.click_track(120, 6.0),
            "noise.ogg": S.noise(rng, 5.0),
            "chords.flac": S.c_major_progression(seconds_per_chord=1.0, repeats=1),
        },
    )
    bad = tmp_path / "music" / "broken.mp3"
    bad.write_bytes(b"ID3" + bytes(range(256)) * 8)
    gone = tmp_path / "music" / "gone.ogg"
    more = catalog.insert_tracks(
        [
            {"path": bad, "size": bad.stat().st_size, "mtime_ns": bad.stat().st_mtime_ns},
            {"path": gone, "size": 10, "mtime_ns": 1},  # catalogued, then deleted
        ]
    )
    ids["broken.mp3"], ids["gone.ogg"] = more
    return catalog, ids


def test_inline_run_counts_failures_and_missing_files(small_library):
    catalog, ids = small_library
    result = analyze(catalog, workers=0)
    assert result.analyzed == 3
    assert result.skipped == 1
    assert len(result.failed) == 1
    failure = result.failed[0]
    assert set(failure) == {"path", "reason"}
    assert failure["path"].endswith("broken.mp3")
    assert failure["reason"].startswith("cannot decode audio") and "\n" not in failure["reason"]
    doc = result.to_json()
    assert {"analyzed", "skipped", "failed", "seconds", "tracks_per_second"} <= set(doc)
    json.dumps(doc)
    desc = load_descriptors(catalog)
    assert set(desc) == {ids["clicks.wav"], ids["noise.ogg"], ids["chords.flac"]}
    assert abs(desc[ids["clicks.wav"]].bpm - 120) <= 2
    assert desc[ids["chords.flac"]].key == "C major"
    assert feature_store.load_stats(catalog).count == 3
    # Resumable and idempotent: nothing left but the missing file, failures are not retried.
    again = analyze(catalog, workers=0)
    assert (again.analyzed, again.failed, again.skipped) == (0, [], 1)


def test_catalog_missing_tracks_are_skipped(small_library):
    catalog, ids = small_library
    catalog.conn.execute("UPDATE tracks SET missing = 1 WHERE id = ?", (ids["noise.ogg"],))
    result = analyze(catalog, workers=0)
    assert result.analyzed == 2 and result.skipped == 2
    assert ids["noise.ogg"] not in load_descriptors(catalog)


def test_progress_reports_count_rate_and_eta(small_library, monkeypatch):
    catalog, _ = small_library
    monkeypatch.setattr(analyzer, "PROGRESS_EVERY", 0.0)
    seen: list[AnalysisProgress] = []
    analyze(catalog, workers=0, progress=seen.append)
    assert seen and seen[-1].done == seen[-1].total == 5
    assert [p.done for p in seen] == sorted(p.done for p in seen)
    assert seen[-1].tracks_per_second > 0
    assert all(p.eta_seconds is None or p.eta_seconds >= 0 for p in seen)
    assert seen[-1].eta_seconds == 0


def test_cancel_keeps_finished_tracks_and_next_run_resumes(small_library):
    catalog, _ = small_library
    cancel = threading.Event()

    def on_progress(p: AnalysisProgress) -> None:
        if p.done >= 1:
            cancel.set()

    first = analyze(catalog, workers=0, progress=on_progress, cancel=cancel)
    assert first.cancelled and first.remaining > 0
    assert first.analyzed + len(first.failed) + first.skipped >= 1
    kept = len(load_features(catalog))
    second = analyze(catalog, workers=0)
    assert not second.cancelled
    assert len(load_features(catalog)) == kept + second.analyzed == 3


def test_limit_and_recently_played_first(small_library):
    catalog, ids = small_library
    result = analyze(catalog, workers=0, limit=1, recently_played=[ids["chords.flac"]])
    assert result.analyzed == 1 and result.remaining == 0
    assert list(load_descriptors(catalog)) == [ids["chords.flac"]]


def test_new_feature_version_reanalyses_lazily(small_library, monkeypatch):
    catalog, ids = small_library
    for name in ("broken.mp3", "gone.ogg"):
        catalog.conn.execute("DELETE FROM tracks WHERE id = ?", (ids[name],))
    analyze(catalog, workers=0)
    monkeypatch.setattr(feature_store, "FEATURE_VERSION", FEATURE_VERSION + 1)
    assert len(load_features(catalog)) == 0  # old vectors are not served as the new version
    result = analyze(catalog, workers=0, limit=2)
    fm = load_features(catalog)
    assert result.analyzed == 2 and len(fm) == 2 and fm.version == FEATURE_VERSION + 1
    analyze(catalog, workers=0)
    assert len(load_features(catalog)) == 3


def test_changed_file_is_reanalysed(small_library, rng):
    catalog, ids = small_library
    analyze(catalog, workers=0)
    track = catalog.track(ids["noise.ogg"])
    S.write_audio(track.path_raw, S.sines(rng, 4.0))
    st = os.stat(track.path_raw)
    catalog.conn.execute(
        "UPDATE tracks SET size = ?, mtime_ns = ? WHERE id = ?",
        (st.st_size, st.st_mtime_ns, track.id),
    )
    before = load_descriptors(catalog)[track.id]
    result = analyze(catalog, workers=0)
    assert result.analyzed == 1
    assert load_descriptors(catalog)[track.id] != before


def test_worker_processes_and_cancel(data_dir, tmp_path, rng):
    catalog = Catalog(data_dir)
    S.library(catalog, tmp_path / "m", {f"n{i}.wav": S.noise(rng, 3.0) for i in range(6)})
    result = analyze(catalog, workers=2, limit=4)
    assert result.analyzed == 4 and result.workers == 2
    assert result.decode_seconds > 0 and result.feature_seconds > 0
    cancel = threading.Event()
    cancel.set()
    stopped = analyze(catalog, workers=2, cancel=cancel)
    assert stopped.cancelled and stopped.analyzed == 0 and stopped.remaining == 2


def test_worker_pins_thread_pools_and_starts_as_a_worker(monkeypatch):
    for var in analyzer._THREAD_VARS:
        monkeypatch.delenv(var, raising=False)
    started = []
    # the real one ignores Ctrl-C and starts a thread: tested in a child (test_workers.py)
    monkeypatch.setattr(analyzer, "worker_started", lambda: started.append(True))
    analyzer._init_worker()
    assert started == [True]
    assert all(os.environ[var] == "1" for var in analyzer._THREAD_VARS)


def test_worker_processes_started_from_a_background_thread(data_dir, tmp_path, rng):
    # The window analyses from a worker thread: its pool must not fork a threaded process.
    catalog = Catalog(data_dir)
    S.library(catalog, tmp_path / "m", {f"n{i}.wav": S.noise(rng, 3.0) for i in range(3)})
    out: dict[str, object] = {}

    def run() -> None:
        out["method"] = analyzer.pool_context(analyzer._WORKER_MODULES).get_start_method()
        out["result"] = analyze(Catalog(data_dir), workers=2)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=120)
    assert out["method"] in ("forkserver", "spawn")
    result = out["result"]
    assert isinstance(result, analyzer.AnalysisResult)
    assert result.analyzed == 3 and result.failed == []


def test_every_corpus_file_is_analysed_or_reported(shared_data, data_dir):
    """Real test files of mutagen, quodlibet and strawberry, many deliberately broken."""
    catalog = Catalog(data_dir)
    files = sorted(p for p in (shared_data / "corpora").rglob("*") if p.is_file())
    assert len(files) > 100
    catalog.insert_tracks(
        [{"path": p, "size": p.stat().st_size, "mtime_ns": p.stat().st_mtime_ns} for p in files]
    )
    result = analyze(catalog, workers=2)
    assert result.analyzed + len(result.failed) == len(files)
    assert result.analyzed >= 50  # most real audio test files decode
    for failure in result.failed:
        assert failure["reason"] and "\n" not in failure["reason"]
        assert "Traceback" not in failure["reason"]
    assert np.isfinite(load_features(catalog).vectors).all()


def run_cli(data_dir, *args: str) -> subprocess.CompletedProcess:
    """``deepcuts-cli`` in a subprocess (tests of ``analysis`` may not import ``desktop_app``)."""
    env = dict(os.environ, PYTHONPATH=REPO)
    return subprocess.run(
        [sys.executable, "-m", "desktop_app.cli", "--data-dir", str(data_dir), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli_analyze_json_contract(small_library, data_dir):
    proc = run_cli(data_dir, "analyze", "--workers", "0", "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert list(out)[:5] == ["analyzed", "skipped", "failed", "seconds", "tracks_per_second"]
    assert out["analyzed"] == 3 and out["skipped"] == 1
    assert [set(f) for f in out["failed"]] == [{"path", "reason"}]


def test_cli_bad_usage_and_unknown_track(data_dir):
    assert run_cli(data_dir, "analyze", "--workers", "-1").returncode == 2
    proc = run_cli(data_dir, "features", "12345", "--json")
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "12345" in proc.stderr


@pytest.mark.slow
def test_kill_during_analysis_keeps_catalog_consistent_and_resumable(data_dir, tmp_path, rng):
    catalog = Catalog(data_dir)
    S.library(catalog, tmp_path / "m", {f"t{i:02d}.wav": S.rhythmic(rng, 20.0) for i in range(16)})
    catalog.close()
    env = dict(os.environ, PYTHONPATH=REPO)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "desktop_app.cli",
            "--data-dir",
            str(data_dir),
            "analyze",
            "--workers",
            "0",
            "--json",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    db = data_dir / "catalog.db"
    deadline = time.time() + 60
    done = 0
    try:
        while time.time() < deadline and proc.poll() is None:
            with sqlite3.connect(db) as probe:
                done = probe.execute("SELECT COUNT(*) FROM track_features").fetchone()[0]
            if done >= 2:
                break
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert done >= 2
    catalog = Catalog(data_dir)
    assert catalog.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    kept = len(load_features(catalog, standardized=False))
    assert kept >= 2
    result = analyze(catalog, workers=0)
    assert kept + result.analyzed == 16 and result.failed == []


@pytest.mark.slow
def test_workers_end_with_a_killed_command(data_dir, tmp_path, rng):
    # Forked workers hold their own end of the job pipe: without the parent watch they would
    # wait for jobs forever once the command is killed.
    import psutil

    catalog = Catalog(data_dir)
    S.library(catalog, tmp_path / "m", {f"t{i:02d}.wav": S.rhythmic(rng, 20.0) for i in range(40)})
    catalog.close()
    cli = [sys.executable, "-m", "desktop_app.cli", "--data-dir", str(data_dir)]
    proc = subprocess.Popen(
        [*cli, "analyze", "--workers", "2"],
        env=dict(os.environ, PYTHONPATH=REPO),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: list[psutil.Process] = []
    deadline = time.time() + 60
    while time.time() < deadline and len(workers) < 2 and proc.poll() is None:
        workers = psutil.Process(proc.pid).children()
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert len(workers) == 2
    _, alive = psutil.wait_procs(workers, timeout=10)
    for p in alive:
        p.kill()
    assert alive == []


def crashing_job(job):
    """Stands in for the decoder in a worker: track 2's "file" kills the process."""
    from analysis.features import FEATURE_DIM, TrackFeatures

    track_id = job[0]
    if track_id == 2:
        os._exit(1)  # what a segfault in a decoder looks like from the parent
    feats = TrackFeatures(
        np.zeros(FEATURE_DIM, np.float32), 100.0, "C major", 0, "major", 0.5, 0.5, 0.5, 0.5, 10.0
    )
    return track_id, "ok", (feats, "pyav", 0.01), 0.01, 0.01


def test_a_crashing_worker_only_marks_the_guilty_file(data_dir):
    catalog = Catalog(data_dir)
    catalog.insert_tracks(
        [{"path": f"/music/t{i}.ogg", "size": 1, "mtime_ns": 1} for i in range(1, 6)]
    )
    pending = feature_store.pending_tracks(catalog)
    run = analyzer._Run(catalog, pending, None)
    jobs = [(p.track_id, p.path_raw, p.duration, 60.0) for p in pending]
    assert analyzer._run_pool(jobs, run, 2, None, job_fn=crashing_job) is False
    run.commit()
    assert run.analyzed == 4
    assert run.failed == [
        {
            "path": "/music/t2.ogg",
            "reason": "the decoder crashed on this file (it is probably damaged)",
        }
    ]
    assert sorted(load_features(catalog, standardized=False).track_ids.tolist()) == [1, 3, 4, 5]
    assert feature_store.analysis_error(catalog, 2).startswith("the decoder crashed")


def test_a_pool_broken_before_a_submit_is_not_an_error(data_dir, monkeypatch):
    # A worker can die between the feeder's last look at its futures and its next submit: the
    # pool then refuses new work (BrokenProcessPool from submit). The job goes back to the
    # queue while crashed jobs are in flight (collect recovers), and a pool that broke with
    # nothing in flight is replaced at once.
    import concurrent.futures as cf

    class Broken:
        def submit(self, *args):
            raise cf.process.BrokenProcessPool("a child process terminated abruptly")

    class Fresh:
        def __init__(self):
            self.sent = []

        def submit(self, fn, job):
            self.sent.append(job)
            return cf.Future()

    fresh = Fresh()
    monkeypatch.setattr(analyzer, "_new_pool", lambda workers: fresh)
    monkeypatch.setattr(analyzer, "_shutdown", lambda pool: None)
    jobs = [(i, b"/music/t%d.ogg" % i, None, 60.0) for i in range(1, 4)]
    feeder = analyzer._Feeder(jobs, None, 1, crashing_job)
    crashed = cf.Future()
    feeder.in_flight[crashed] = jobs[0]
    feeder.queue.popleft()
    feeder.pool = Broken()
    feeder.submit()  # a crashed job in flight: wait for collect, nothing lost
    assert list(feeder.queue) == jobs[1:] and list(feeder.in_flight.values()) == [jobs[0]]
    feeder.in_flight.clear()
    feeder.submit()  # nothing in flight: a new pool takes the work
    assert feeder.pool is fresh and fresh.sent == jobs[1:] and not feeder.queue
    feeder.in_flight.clear()
    feeder.suspects.append(jobs[0])
    feeder.pool = Broken()
    feeder.submit()  # a suspect too
    assert fresh.sent == [*jobs[1:], jobs[0]] and feeder.alone


def report_thread_settings(job):
    """Stands in for the decoder: reports the worker's thread settings as the "reason"."""
    from threadpoolctl import threadpool_info

    blas = sorted({info["num_threads"] for info in threadpool_info()})
    env = [os.environ.get(v) for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS")]
    return job[0], "error", json.dumps({"env": env, "blas": blas}), 0.0, 0.0


def test_workers_run_with_one_blas_thread(data_dir, monkeypatch):
    for var in analyzer._THREAD_VARS:
        monkeypatch.delenv(var, raising=False)
    catalog = Catalog(data_dir)
    catalog.insert_tracks([{"path": f"/music/t{i}.ogg"} for i in range(3)])
    pending = feature_store.pending_tracks(catalog)
    run = analyzer._Run(catalog, pending, None)
    jobs = [(p.track_id, p.path_raw, p.duration, 60.0) for p in pending]
    with analyzer._PinnedThreads():
        analyzer._run_pool(jobs, run, 2, None, job_fn=report_thread_settings)
    assert len(run.failed) == 3
    for failure in run.failed:
        seen = json.loads(failure["reason"])
        assert seen["env"] == ["1", "1"]
        assert seen["blas"] in ([], [1])
    assert "OMP_NUM_THREADS" not in os.environ  # the parent's environment is restored


def test_analyze_from_a_background_thread(data_dir, tmp_path, rng):
    """The window calls analyze() from a worker thread, with a progress callback."""
    catalog_path = data_dir
    S.library(
        Catalog(catalog_path), tmp_path / "m", {f"n{i}.flac": S.noise(rng, 2.0) for i in range(3)}
    )
    results: list = []
    progress: list[AnalysisProgress] = []

    def work() -> None:
        with Catalog(catalog_path) as catalog:
            results.append(analyze(catalog, workers=2, progress=progress.append))

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(timeout=120)
    assert not thread.is_alive()
    assert results[0].analyzed == 3 and progress[-1].done == 3
