"""A GUI-thread heartbeat that also says what the GUI thread was doing when a beat came late.

:class:`StallWatch` runs a 10 ms ``QTimer`` on the GUI thread (each gap between two beats is
recorded) and a sampler thread that, while the beat is late by more than ``threshold`` ms, reads
the GUI thread's Python stack (``sys._current_frames``) every ``every`` ms. Each late beat
becomes a :class:`Stall` with its gap and the stacks seen during it, most frequent first, plus
the innermost frames of the other threads (which one held the GIL is not knowable from Python,
but a worker busy in pure Python during every sample is the usual suspect).

A sample needs the GIL: while the GUI thread runs C++ code that holds it, the sampler waits and
then sees the Python line that made the call, which is what one wants to know anyway.

Used by ``benchmarks/bench_gui.py --profile``.
"""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QTimer

PERIOD_MS = 10


@dataclass
class Stall:
    at: float  # seconds since the watch started
    gap_ms: float  # beyond the period
    stacks: Counter[tuple[str, ...]] = field(default_factory=Counter)
    others: Counter[str] = field(default_factory=Counter)
    native: str = ""  # a py-spy dump (C++ frames too) taken once the stall was long
    # where the GUI thread's time went during the gap (Linux schedstat): running, waiting for
    # a CPU (other processes), and neither (blocked: waiting for the GIL, or sleeping)
    cpu_ms: float = 0.0
    runqueue_ms: float = 0.0
    gc_ms: list[tuple[int, float, str]] = field(default_factory=list)  # (generation, ms, thread)

    def describe(self, top: int = 3, depth: int = 10) -> str:
        blocked = max(0.0, self.gap_ms + PERIOD_MS - self.cpu_ms - self.runqueue_ms)
        lines = [
            f"stall of {self.gap_ms:.0f} ms at {self.at:.2f} s: GUI thread ran "
            f"{self.cpu_ms:.0f} ms, waited for a CPU {self.runqueue_ms:.0f} ms, blocked "
            f"(GIL or sleep) {blocked:.0f} ms"
        ]
        total = sum(self.stacks.values())
        for stack, n in self.stacks.most_common(top):
            lines.append(f"  {n}/{total} samples, GUI thread:")
            lines.extend(f"      {frame}" for frame in stack[-depth:])
        busy = [f"{what} ({n})" for what, n in self.others.most_common(4)]
        if busy:
            lines.append("  other threads: " + "; ".join(busy))
        if self.gc_ms:
            lines.append(
                "  garbage collections in it: "
                + ", ".join(f"gen {g} {ms:.0f} ms in {t}" for g, ms, t in self.gc_ms)
            )
        if self.native:
            lines.append("  native stack of the GUI thread (py-spy dump --native):")
            lines.extend(f"      {line}" for line in self.native.splitlines()[:40])
        return "\n".join(lines)


def _schedstat() -> tuple[float, float]:
    """(ms on a CPU, ms waiting for one) of the calling thread, or zeros off Linux."""
    try:
        with open("/proc/thread-self/schedstat") as fh:
            run, wait, _slices = fh.read().split()
        return int(run) / 1e6, int(wait) / 1e6
    except (OSError, ValueError):
        return 0.0, 0.0


def _stack(frame, limit: int = 40) -> tuple[str, ...]:
    out: list[str] = []
    while frame is not None and len(out) < limit:
        code = frame.f_code
        short = "/".join(code.co_filename.rsplit("/", 3)[-3:])
        out.append(f"{short}:{frame.f_lineno} {code.co_name}")
        frame = frame.f_back
    return tuple(reversed(out))


class StallWatch:
    """Start with :meth:`start`, stop with :meth:`stop`; then ``gaps`` (ms beyond the period)
    and ``stalls`` (the late beats over ``threshold`` ms, with what ran)."""

    def __init__(
        self,
        *,
        threshold: float = 30.0,
        every: float = 2.0,
        sample: bool = True,
        native_after: float | None = None,
    ):
        self.threshold = threshold
        self.every = every / 1000.0
        self.sample = sample
        # py-spy dumps the GUI thread's C++ frames too, once a stall passes ``native_after`` ms
        self.native_after = native_after
        self._py_spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
        self.gaps: list[float] = []
        self.stalls: list[Stall] = []
        self._timer = QTimer()
        self._timer.setInterval(PERIOD_MS)
        self._timer.timeout.connect(self._beat)
        self._main = threading.main_thread().ident
        self._t0 = 0.0
        self._last = 0.0
        self._current: Stall | None = None
        self._sched = (0.0, 0.0)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def _gc(self, phase: str, info: dict) -> None:
        """gc callback (any thread): remember each collection's span and thread."""
        now = time.perf_counter()
        if phase == "start":
            self._gc_start = now
        elif self._gc_start is not None:
            self._collections.append(
                (self._gc_start, now, info.get("generation", -1), threading.current_thread().name)
            )
            self._gc_start = None

    def start(self) -> None:
        self._collections: list[tuple[float, float, int, str]] = []
        self._gc_start: float | None = None
        gc.callbacks.append(self._gc)
        self._t0 = self._last = time.perf_counter()
        self._sched = _schedstat()
        self._timer.start()
        if self.sample:
            self._stop.clear()
            self._thread = threading.Thread(target=self._sampler, name="stall-sampler", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._timer.stop()
        if self._gc in gc.callbacks:
            gc.callbacks.remove(self._gc)
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def reset(self) -> None:
        with self._lock:
            self.gaps.clear()
            self.stalls.clear()
            self._current = None
            self._last = time.perf_counter()
            self._sched = _schedstat()

    def worst(self) -> float:
        return max(self.gaps, default=0.0)

    def _beat(self) -> None:
        now = time.perf_counter()
        gap = max(0.0, (now - self._last) * 1000 - PERIOD_MS)
        sched = _schedstat()
        cpu, runq = sched[0] - self._sched[0], sched[1] - self._sched[1]
        self._sched = sched
        with self._lock:
            self.gaps.append(gap)
            if gap > self.threshold:
                stall = self._current or Stall(at=self._last - self._t0, gap_ms=gap)
                stall.gap_ms, stall.cpu_ms, stall.runqueue_ms = gap, cpu, runq
                stall.gc_ms = [
                    (g, (b - a) * 1000, t)
                    for a, b, g, t in self._collections
                    if b > self._last and a < now and (b - a) > 0.002
                ]
                self.stalls.append(stall)
            self._current = None
            self._last = now

    def _sampler(self) -> None:
        while not self._stop.wait(self.every):
            late = (time.perf_counter() - self._last) * 1000 - PERIOD_MS
            if late <= self.threshold:
                continue
            frames = sys._current_frames()
            me = threading.get_ident()
            main = frames.get(self._main)  # type: ignore[arg-type]
            with self._lock:
                if (time.perf_counter() - self._last) * 1000 - PERIOD_MS <= self.threshold:
                    continue  # the beat came meanwhile
                if self._current is None:
                    self._current = Stall(at=self._last - self._t0, gap_ms=late)
                if main is not None:
                    self._current.stacks[_stack(main)] += 1
                for ident, frame in frames.items():
                    if ident in (me, self._main) or frame is None:
                        continue
                    inner = _stack(frame, limit=1)
                    if inner:
                        self._current.others[inner[-1]] += 1
                stall = self._current
            del frames, main
            if (
                self.native_after is not None
                and late > self.native_after
                and not stall.native
                and os.path.exists(self._py_spy)
            ):
                stall.native = self._native_dump()

    def _native_dump(self) -> str:
        try:
            out = subprocess.run(
                [self._py_spy, "dump", "--native", "--pid", str(os.getpid())],
                capture_output=True,
                text=True,
                timeout=20,
            ).stdout
        except (OSError, subprocess.SubprocessError) as exc:
            return f"py-spy failed: {exc}"
        # the GUI thread's part: from its "Thread" line to the next thread
        lines, keep = [], False
        for line in out.splitlines():
            if line.startswith("Thread "):
                keep = "MainThread" in line
            if keep:
                lines.append(line)
        return "\n".join(lines) or out

    def report(self, top: int = 5) -> str:
        worst = sorted(self.stalls, key=lambda s: -s.gap_ms)[:top]
        return "\n".join(s.describe() for s in worst)
