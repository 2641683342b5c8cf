"""The one background-work helper: results, batched progress, errors, cancel, sync pool."""

from __future__ import annotations

import threading
import time

import pytest

from analysis.errors import DeepCutsError
from desktop_app.gui import tasks


def test_result_and_progress_reach_the_gui_thread_batched(qtbot):
    gui = threading.get_ident()
    seen_threads: list[int] = []
    progress: list[int] = []
    results: list[int] = []

    def work(ctx: tasks.TaskContext) -> int:
        assert threading.get_ident() != gui
        for i in range(20_000):
            ctx.report(i)
        time.sleep(0.15)
        ctx.report(20_000)
        return 42

    def on_progress(value: int) -> None:
        seen_threads.append(threading.get_ident())
        progress.append(value)

    task = tasks.run_task(work, results.append, on_progress, name="t")
    qtbot.waitUntil(lambda: task.done, timeout=10000)
    assert results == [42]
    assert set(seen_threads) == {gui}
    # 20,001 reports in ~0.2 s arrive as a handful of signals, the last value included
    assert 1 <= len(progress) <= 10
    assert progress[-1] == 20_000


def test_errors_go_to_on_error_or_the_default_handler(qtbot):
    caught: list[BaseException] = []
    task = tasks.run_task(
        lambda ctx: 1 / 0, lambda r: pytest.fail("no result"), on_error=caught.append
    )
    qtbot.waitUntil(lambda: task.done, timeout=5000)
    assert isinstance(caught[0], ZeroDivisionError)

    handled: list[BaseException] = []
    tasks.set_error_handler(handled.append)
    try:

        def fail(ctx):
            raise DeepCutsError("the file is not a history export")

        task = tasks.run_task(fail)
        qtbot.waitUntil(lambda: task.done, timeout=5000)
    finally:
        tasks.set_error_handler(tasks._log_error)
    assert str(handled[0]) == "the file is not a history export"


def test_cancel_reaches_the_function(qtbot):
    started = threading.Event()

    def work(ctx: tasks.TaskContext) -> str:
        started.set()
        while not ctx.cancel.wait(0.01):
            pass
        return "stopped"

    results: list[str] = []
    task = tasks.run_task(work, results.append)
    assert started.wait(5)
    task.cancel()
    qtbot.waitUntil(lambda: task.done, timeout=5000)
    assert results == ["stopped"] and task.cancelled


def test_synchronous_pool_runs_at_once(qapp):
    previous = tasks.set_pool(tasks.SynchronousPool())
    try:
        results: list[int] = []
        progress: list[str] = []

        def work(ctx: tasks.TaskContext) -> int:
            ctx.report("half")
            return threading.get_ident()

        task = tasks.run_task(work, results.append, progress.append)
        assert task.done  # delivered before run_task returned
        assert results == [threading.get_ident()]
        assert progress == ["half"]
    finally:
        tasks.set_pool(previous)


def test_progress_text_for_scan_and_analysis_payloads():
    from analysis.analyzer import AnalysisProgress
    from analysis.scanner import ScanProgress
    from desktop_app.gui.progress import describe, format_eta

    started = time.monotonic() - 2
    text, done, total = describe(
        "Scanning", ScanProgress(phase="walking", files_seen=1234), started=started
    )
    assert text == "Scanning: looking for music… 1,234 files found" and total == 0
    scan = ScanProgress(
        phase="reading",
        files_seen=5000,
        to_read=4000,
        done=1000,
        errors=3,
        elapsed=2.0,
        eta_seconds=6.0,
        current_path="/m/a.flac",
    )
    text, done, total = describe("Scanning", scan, started=started)
    assert (done, total) == (1000, 4000)
    assert text == "Scanning: 1,000 / 4,000 files · 500/s · 3 errors · ETA 0:06"
    analysis = AnalysisProgress(
        done=10,
        total=100,
        analyzed=9,
        failed=1,
        skipped=0,
        elapsed=2.0,
        tracks_per_second=5.0,
        eta_seconds=18.0,
    )
    text, _, _ = describe("Analysing", analysis, started=started, unit="tracks")
    assert text == "Analysing: 10 / 100 tracks · 5.0/s · 1 errors · ETA 0:18"
    assert describe("Learning", "fitting the taste head", started=started)[0] == (
        "Learning: fitting the taste head"
    )
    assert format_eta(3725) == "1:02:05" and format_eta(None) == ""
