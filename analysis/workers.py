"""How worker processes start (the scanner's and the analyser's pools).

``fork`` starts a worker in milliseconds with every module the parent has imported; ``spawn``
starts a fresh interpreter that imports numpy, scipy and PyAV again (about 0.6 s a worker here,
a tenth of a 70-track analysis). Forking is only safe when no other thread can hold a lock at
that moment, so it is used only from the main thread of a process with no other Python thread
and no Qt loaded (Qt runs native threads of its own); the window gets ``forkserver``, whose
server process is started once, with the worker modules preloaded, and forks the workers from
there.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Sequence
from multiprocessing.context import BaseContext


def fork_is_safe() -> bool:
    """True in a single-threaded process without Qt, on a platform that has ``fork``."""
    return (
        "fork" in multiprocessing.get_all_start_methods()
        and threading.current_thread() is threading.main_thread()
        and _python_threads() == 1
        and not _qt_loaded()
    )


def _python_threads() -> int:
    return threading.active_count()


def _qt_loaded() -> bool:
    return any(name.startswith(("PySide6", "PyQt")) for name in sys.modules)


def pool_context(preload: Sequence[str]) -> BaseContext:
    """The start method for a worker pool whose jobs need the modules ``preload``.

    With ``fork`` the modules are imported in the parent first, so that every worker inherits
    them instead of importing them itself.
    """
    if fork_is_safe():
        for name in preload:
            importlib.import_module(name)
        return multiprocessing.get_context("fork")
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(list(preload))
        return ctx
    return multiprocessing.get_context("spawn")


def worker_started() -> None:
    """Call first in every worker process (the pools' initializer).

    Ctrl-C goes to the parent, which cancels the run and stops the pool, so workers ignore it
    (no traceback from each). A parent killed outright (SIGKILL, a crash) cannot stop the pool,
    and a forked worker holds its own copy of the job pipe, so it would wait for jobs forever:
    a daemon thread ends the worker once its parent is gone.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()

    def watch_parent() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(0)

    threading.Thread(target=watch_parent, daemon=True, name="parent-watch").start()
