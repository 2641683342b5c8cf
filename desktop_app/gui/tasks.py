"""One way to run background work (docs/gui.md, "How it is built").

``run_task(fn, on_done, on_progress)`` runs ``fn`` on a :class:`QThreadPool`; the result, the
error and the progress reach the GUI thread through Qt signals, queued across threads. Progress is
batched: a worker may report thousands of times a second, but the GUI hears at most one update per
``interval`` seconds (the last value wins), plus the final one, so a scan of 100,000 files never
floods the event loop (picard PR #3188: one callback per file froze its window).

``fn`` receives a :class:`TaskContext`: ``ctx.report(payload)`` to report progress and
``ctx.cancel`` (a :class:`threading.Event`) to notice a cancel request; it returns the result.

Tests swap in :class:`SynchronousPool` (picard ``test/picardtestcase.py`` does the same), which
runs each task at once in the calling thread, so a flow is deterministic and needs no waiting.
"""

from __future__ import annotations

import gc
import logging
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger("deepcuts.gui.tasks")

#: Seconds between two progress signals of one task.
PROGRESS_INTERVAL = 0.1


class TaskContext:
    """What a background function receives: a way to report progress and a cancel flag."""

    def __init__(self, emit: Callable[[Any], None], interval: float) -> None:
        self._emit = emit
        self._interval = interval
        self._last = 0.0
        self._pending: Any = None
        self._has_pending = False
        self._lock = threading.Lock()
        self.cancel = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self.cancel.is_set()

    def report(self, payload: Any) -> None:
        """Record progress; it reaches the GUI at most every ``interval`` seconds (last wins)."""
        now = time.monotonic()
        with self._lock:
            if now - self._last < self._interval:
                self._pending = payload
                self._has_pending = True
                return
            self._last = now
            self._has_pending = False
            self._pending = None
        self._emit(payload)

    def flush(self) -> None:
        """Send the last held-back progress value, if any (called when the task ends)."""
        with self._lock:
            if not self._has_pending:
                return
            payload = self._pending
            self._has_pending = False
            self._pending = None
        self._emit(payload)


class _Relay(QObject):
    """Lives in the GUI thread; signals emitted by workers are queued to its slots."""

    progress = Signal(object)
    finished = Signal(object, object)  # (result, exception or None)

    def __init__(self, task: Task) -> None:
        super().__init__()
        self._task = task
        self.progress.connect(self._on_progress)
        self.finished.connect(self._on_finished)

    @Slot(object)
    def _on_progress(self, payload: Any) -> None:
        if self._task.on_progress is not None and not self._task.done:
            self._task.on_progress(payload)

    @Slot(object, object)
    def _on_finished(self, result: Any, error: Any) -> None:
        self._task._deliver(result, error)


class Task(QRunnable):
    """A running (or finished) background function; keep it to cancel it."""

    def __init__(
        self,
        fn: Callable[[TaskContext], Any],
        on_done: Callable[[Any], None] | None,
        on_progress: Callable[[Any], None] | None,
        on_error: Callable[[BaseException], None] | None,
        *,
        name: str,
        interval: float,
    ) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.fn = fn
        self.on_done = on_done
        self.on_progress = on_progress
        self.on_error = on_error
        self.name = name
        self.done = False
        self.result: Any = None
        self.error: BaseException | None = None
        self.finished_callbacks: list[Callable[[Task], None]] = []
        self._relay = _Relay(self)
        self.context = TaskContext(self._emit_progress, interval)

    def _emit_progress(self, payload: Any) -> None:
        try:
            self._relay.progress.emit(payload)
        except RuntimeError:  # shutting down
            pass

    def cancel(self) -> None:
        """Ask the function to stop; it notices at its next check of ``ctx.cancel``."""
        self.context.cancel.set()

    @property
    def cancelled(self) -> bool:
        return self.context.cancelled

    def run(self) -> None:  # worker thread
        result: Any = None
        error: BaseException | None = None
        try:
            result = self.fn(self.context)
        except BaseException as exc:  # delivered to the GUI thread, never lost
            error = exc
        try:
            self.context.flush()
            self._relay.finished.emit(result, error)
        except RuntimeError:  # the application is shutting down: nobody is listening
            log.debug("task %s finished after shutdown", self.name)

    def _deliver(self, result: Any, error: BaseException | None) -> None:  # GUI thread
        self.done = True
        self.result = result
        self.error = error
        _RUNNING.discard(self)
        try:
            if error is not None:
                handler = self.on_error or _default_error_handler
                handler(error)
            elif self.on_done is not None:
                self.on_done(result)
        finally:
            for callback in self.finished_callbacks:
                callback(self)
            settle_gc()


class SynchronousPool:
    """A drop-in for :class:`QThreadPool` that runs each task at once in the calling thread."""

    def start(self, runnable: QRunnable) -> None:
        runnable.run()

    def waitForDone(self, msecs: int = -1) -> bool:
        return True

    def activeThreadCount(self) -> int:
        return 0


_pool: Any = None
_RUNNING: set[Task] = set()  # keeps Python wrappers alive while Qt runs them


def _log_error(exc: BaseException) -> None:
    log.error("background task failed", exc_info=exc)


_default_error_handler: Callable[[BaseException], None] = _log_error


def settle_gc() -> None:
    """Collect the young generations, then freeze every surviving object out of the GC.

    A GUI process with Qt, numpy and a 100,000-track library holds about a million tracked
    objects; a full (generation 2) collection walks them all with the GIL held, which measured
    100-150 ms of frozen window at random moments (benchmarks/bench_gui.py). Long-lived objects
    are still freed by reference counting when dropped; only cycles that already reached the
    oldest generation stay uncollected.
    """
    gc.collect(1)
    gc.freeze()


def no_automatic_full_gc() -> None:
    """Let the interpreter collect only the young generations on its own.

    An automatic full (generation 2) collection runs in whichever thread happens to allocate, a
    worker building the Discover lists or the album grid for instance, and holds the GIL while
    it walks every object not yet frozen: measured 76-230 ms during which the GUI thread could
    not run one line of Python (benchmarks/bench_gui.py, ``--profile``). :func:`settle_gc`
    freezes what survives after each task, so the oldest generation stays small, and what
    becomes garbage in it is what it already left uncollected (see there).
    """
    young, middle, _full = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_GC_THRESHOLD)


#: Young-generation collections between two automatic full ones: never, in practice.
FULL_GC_THRESHOLD = 1_000_000_000

#: Seconds a thread that wants the GIL waits before it asks the holder to hand it over.
SWITCH_INTERVAL = 0.0001


def responsive_gil() -> None:
    """Hand the GIL to a waiting thread after 0.5 ms instead of Python's default 5 ms.

    The GUI thread takes the GIL again at every call from Qt into Python (a slot, a paint, a
    model's ``data()``): while workers run Python (the Discover build, the album grid, the Stats
    rollups), each of those waits up to one switch interval, so building a page of charts made
    of a few hundred such calls took 3-4x longer during start-up than on a quiet window
    (benchmarks/bench_gui.py, the Stats open and the start-up stall). Workers lose a little
    throughput to the extra hand-overs; the window stays quick.
    """
    sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL))


def set_pool(pool: Any) -> Any:
    """Use ``pool`` for every later :func:`run_task` (``None``: the global QThreadPool).

    Returns the previous pool, so tests can restore it.
    """
    global _pool
    previous = _pool
    _pool = pool
    return previous


_interactive_pool: QThreadPool | None = None


def current_pool(*, interactive: bool = False) -> Any:
    """The pool tasks run on: the test's pool when one is set, else the global QThreadPool.

    ``interactive`` tasks (a page the person just opened, waiting for its figures) get a small
    pool of their own, so they never queue behind long background work (a scan, the Discover
    cards) on the global pool's two threads.
    """
    global _interactive_pool
    if _pool is not None:
        return _pool
    if interactive:
        if _interactive_pool is None:
            _interactive_pool = QThreadPool()
            _interactive_pool.setMaxThreadCount(2)
        return _interactive_pool
    return QThreadPool.globalInstance()


def set_error_handler(handler: Callable[[BaseException], None]) -> None:
    """Where errors of tasks without their own ``on_error`` go (the window's error reporter)."""
    global _default_error_handler
    _default_error_handler = handler


def run_task(
    fn: Callable[[TaskContext], Any],
    on_done: Callable[[Any], None] | None = None,
    on_progress: Callable[[Any], None] | None = None,
    *,
    on_error: Callable[[BaseException], None] | None = None,
    name: str = "task",
    interval: float = PROGRESS_INTERVAL,
    interactive: bool = False,
) -> Task:
    """Run ``fn(ctx)`` in the background; call ``on_done(result)`` in the GUI thread.

    Parameters
    ----------
    fn : callable
        Runs in a worker thread; receives a :class:`TaskContext`. Must not touch widgets.
    on_done : callable, optional
        Receives the return value of ``fn``, in the GUI thread.
    on_progress : callable, optional
        Receives what ``fn`` passed to ``ctx.report``, throttled to one call per ``interval``.
    on_error : callable, optional
        Receives the exception ``fn`` raised; without it the window's error reporter does
        (a one-line message for :class:`~analysis.errors.DeepCutsError`, a logged dialog else).
    """
    task = Task(fn, on_done, on_progress, on_error, name=name, interval=interval)
    _RUNNING.add(task)
    current_pool(interactive=interactive).start(task)
    return task


def shutdown(timeout: float = 10.0) -> None:
    """Cancel every running task and wait for the workers (the application is quitting)."""
    for task in list(_RUNNING):
        task.cancel()
    current_pool().waitForDone(int(timeout * 1000))
    if _interactive_pool is not None:
        _interactive_pool.waitForDone(int(timeout * 1000))


def wait_idle(timeout: float = 30.0) -> bool:
    """Wait until every task started by :func:`run_task` has delivered (tests, shutdown)."""
    from PySide6.QtCore import QCoreApplication

    deadline = time.monotonic() + timeout
    while _RUNNING and time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.005)
    return not _RUNNING
