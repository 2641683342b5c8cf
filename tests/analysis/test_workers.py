"""Worker start method: fork only where it is safe (analysis/workers.py)."""

from __future__ import annotations

import signal
import sys
import threading
import types

import pytest

from analysis import workers


def _in_thread(fn):
    out = {}
    t = threading.Thread(target=lambda: out.setdefault("v", fn()))
    t.start()
    t.join()
    return out["v"]


@pytest.fixture
def single_threaded(monkeypatch):
    """The test process as the command line sees itself: one Python thread, Qt not loaded.

    pytest-qt loads Qt into every test process, and earlier tests may leave a pool's
    management thread winding down, so both are hidden here.
    """
    monkeypatch.setattr(workers, "_qt_loaded", lambda: False)
    monkeypatch.setattr(workers, "_python_threads", lambda: 1)


def test_fork_from_the_main_thread_of_a_plain_process(single_threaded, monkeypatch):
    monkeypatch.delitem(sys.modules, "colorsys", raising=False)
    ctx = workers.pool_context(["colorsys"])
    assert ctx.get_start_method() == "fork"
    assert "colorsys" in sys.modules  # imported in the parent, so workers inherit it


def test_no_fork_from_another_thread_or_beside_one(single_threaded):
    assert _in_thread(workers.fork_is_safe) is False
    assert _in_thread(lambda: workers.pool_context(["colorsys"]).get_start_method()) in (
        "forkserver",
        "spawn",
    )
    assert workers.fork_is_safe() is True


def test_no_fork_beside_another_python_thread(monkeypatch):
    monkeypatch.setattr(workers, "_qt_loaded", lambda: False)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert workers._python_threads() >= 2
        assert workers.fork_is_safe() is False
    finally:
        stop.set()
        other.join()


def test_no_fork_once_qt_is_loaded(monkeypatch):
    # Qt runs native threads that threading.active_count() does not see.
    monkeypatch.setitem(sys.modules, "PySide6.QtCore", types.ModuleType("PySide6.QtCore"))
    assert workers._qt_loaded() is True
    assert workers.fork_is_safe() is False
    assert workers.pool_context(["colorsys"]).get_start_method() in ("forkserver", "spawn")


def _report_worker_state(queue) -> None:
    workers.worker_started()
    names = [t.name for t in threading.enumerate()]
    queue.put((signal.getsignal(signal.SIGINT) is signal.SIG_IGN, "parent-watch" in names))


def test_a_worker_ignores_ctrl_c_and_watches_its_parent():
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    child = ctx.Process(target=_report_worker_state, args=(queue,))
    child.start()
    try:
        assert queue.get(timeout=60) == (True, True)
    finally:
        child.join(timeout=30)
