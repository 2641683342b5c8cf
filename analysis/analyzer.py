"""The analysis run: decode and describe every track that needs it, in worker processes.

* Work list (:func:`analysis.feature_store.pending_tracks`): present tracks without an
  up-to-date analysis of the current :data:`~analysis.features.FEATURE_VERSION`; never-analysed
  tracks first, recently played and recently added first among them. A new feature version
  therefore re-analyses the library lazily, and readers never see two versions mixed.
* Worker processes (default: one per core) are started once per run and kept alive across
  tracks (importing the numeric stack costs seconds); each pins its BLAS/OpenMP pools to one
  thread, so N workers use N cores instead of oversubscribing them.
* Results are committed as they arrive, in small batches (the tracks that finished in the same
  0.1 s poll, one transaction per batch), so a kill loses only the tracks in flight; the next
  run resumes where this one stopped.
* ``cancel`` (a :class:`threading.Event`) stops the run within a fraction of a second, keeping
  every finished result. Progress is reported through a callback a few times per second.
* A file that fails to decode becomes an error row with the reason; a file that vanished is
  skipped; a worker process that crashes (a decoder bug on a damaged file) is replaced and the
  tracks it may have been handling are retried one at a time, so only the guilty file is marked.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from analysis import feature_store
from analysis.feature_store import AnalysisRecord, ErrorRecord, PendingTrack
from analysis.workers import pool_context, worker_started

if TYPE_CHECKING:
    from analysis.catalog import Catalog

#: Minimum seconds between two progress callbacks (the last one always arrives).
PROGRESS_EVERY = 0.2

_THREAD_VARS = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "NUMEXPR_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "NUMBA_NUM_THREADS",
)


@dataclass
class AnalysisProgress:
    """A snapshot of a running analysis, for a progress bar.

    ``done`` counts tracks finished in this run (analysed, failed or skipped) out of ``total``.
    """

    done: int
    total: int
    analyzed: int
    failed: int
    skipped: int
    elapsed: float
    tracks_per_second: float
    eta_seconds: float | None
    current: str | None = None


@dataclass
class AnalysisResult:
    """What a run did. ``failed`` lists ``{"path", "reason"}`` for this run's failures."""

    analyzed: int
    skipped: int
    failed: list[dict]
    seconds: float
    tracks_per_second: float
    cancelled: bool = False
    remaining: int = 0
    audio_seconds: float = 0.0
    decode_seconds: float = 0.0
    feature_seconds: float = 0.0
    cpu_seconds: float = 0.0
    workers: int = 0
    timings: list[tuple[float, float, float]] = field(default_factory=list, repr=False)

    def to_json(self) -> dict[str, Any]:
        """The ``deepcuts-cli analyze --json`` document."""
        return {
            "analyzed": self.analyzed,
            "skipped": self.skipped,
            "failed": self.failed,
            "seconds": round(self.seconds, 3),
            "tracks_per_second": round(self.tracks_per_second, 3),
            "cancelled": self.cancelled,
            "remaining": self.remaining,
        }


# -- the work done in a worker ----------------------------------------------------------------

# (track_id, path_raw, duration_hint, excerpt_seconds)
_Job = tuple[int, bytes, float | None, float]


def _init_worker() -> None:
    """Pin numeric thread pools to one thread in this worker process; leave Ctrl-C to the
    parent and end with it (:func:`analysis.workers.worker_started`)."""
    worker_started()
    for var in _THREAD_VARS:
        os.environ[var] = "1"
    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(1)
    except Exception:  # pinning is an optimisation, never a failure
        pass


def _analyse_job(job: _Job) -> tuple[int, str, Any, float, float]:
    """Decode and describe one file. Never raises for a bad file.

    Returns ``(track_id, status, payload, decode_seconds, feature_seconds)`` with status
    ``"ok"`` (payload: ``(TrackFeatures, decoder, cpu_seconds)``), ``"error"`` (payload: the reason) or
    ``"missing"``.
    """
    from analysis.decode import DecodeError, decode
    from analysis.features import compute_features

    track_id, raw, duration, excerpt = job
    if not os.path.exists(raw):
        return track_id, "missing", None, 0.0, 0.0
    t0 = time.perf_counter()
    c0 = time.process_time()
    try:
        audio = decode(raw, duration_hint=duration, excerpt_seconds=excerpt)
    except DecodeError as exc:
        return track_id, "error", str(exc), time.perf_counter() - t0, 0.0
    except MemoryError:
        return track_id, "error", "out of memory while decoding", time.perf_counter() - t0, 0.0
    except Exception as exc:  # a decoder bug on one file must not stop the run
        return (
            track_id,
            "error",
            f"decoder failed: {type(exc).__name__}: {exc}"[:300],
            time.perf_counter() - t0,
            0.0,
        )
    t1 = time.perf_counter()
    try:
        feats = compute_features(audio.segments, sr=audio.sample_rate)
    except Exception as exc:
        return (
            track_id,
            "error",
            f"feature extraction failed: {type(exc).__name__}: {exc}"[:300],
            t1 - t0,
            time.perf_counter() - t1,
        )
    cpu = time.process_time() - c0
    return track_id, "ok", (feats, audio.decoder, cpu), t1 - t0, time.perf_counter() - t1


# -- the run ----------------------------------------------------------------------------------


def default_workers() -> int:
    """One worker per core available to this process."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


class _Run:
    """State of one :func:`analyze` call (counting, batching, progress)."""

    def __init__(
        self,
        catalog: Catalog,
        pending: list[PendingTrack],
        progress: Callable[[AnalysisProgress], None] | None,
    ) -> None:
        self.catalog = catalog
        self.by_id = {p.track_id: p for p in pending}
        self.total = len(pending)
        self.progress = progress
        self.records: list[AnalysisRecord] = []
        self.errors: list[ErrorRecord] = []
        self.failed: list[dict] = []
        self.analyzed = 0
        self.skipped = 0
        self.audio_seconds = 0.0
        self.decode_seconds = 0.0
        self.feature_seconds = 0.0
        self.cpu_seconds = 0.0
        self.timings: list[tuple[float, float, float]] = []
        self.start = time.perf_counter()
        self.last_progress = 0.0
        self.current: str | None = None

    @property
    def done(self) -> int:
        return self.analyzed + self.skipped + len(self.failed)

    def handle(self, result: tuple[int, str, Any, float, float]) -> None:
        track_id, status, payload, t_decode, t_feat = result
        track = self.by_id[track_id]
        self.current = track.path
        self.decode_seconds += t_decode
        self.feature_seconds += t_feat
        if status == "ok":
            feats, decoder, cpu = payload
            self.cpu_seconds += cpu
            self.records.append(
                AnalysisRecord(track_id, feats, track.size, track.mtime_ns, decoder)
            )
            self.analyzed += 1
            self.audio_seconds += feats.seconds
            self.timings.append((t_decode, t_feat, feats.seconds))
        elif status == "missing":
            self.skipped += 1
        else:
            self.errors.append(ErrorRecord(track_id, str(payload), track.size, track.mtime_ns))
            self.failed.append({"path": track.path, "reason": str(payload)})
        self.report()

    def commit(self) -> None:
        if self.records or self.errors:
            feature_store.write_results(self.catalog, self.records, self.errors)
            self.records = []
            self.errors = []

    def snapshot(self) -> AnalysisProgress:
        elapsed = time.perf_counter() - self.start
        rate = self.done / elapsed if elapsed > 0 else 0.0
        left = self.total - self.done
        eta = left / rate if rate > 0 else None
        return AnalysisProgress(
            self.done,
            self.total,
            self.analyzed,
            len(self.failed),
            self.skipped,
            elapsed,
            rate,
            eta,
            self.current,
        )

    def report(self, *, force: bool = False) -> None:
        if self.progress is None:
            return
        now = time.perf_counter()
        if force or now - self.last_progress >= PROGRESS_EVERY:
            self.last_progress = now
            self.progress(self.snapshot())


def analyze(
    catalog: Catalog,
    *,
    workers: int | None = None,
    limit: int | None = None,
    progress: Callable[[AnalysisProgress], None] | None = None,
    cancel: threading.Event | None = None,
    recently_played: Sequence[int] = (),
    excerpt_seconds: float = 60.0,
    track_ids: Sequence[int] | None = None,
) -> AnalysisResult:
    """Analyse every track that needs it (see the module docstring for the rules).

    Parameters
    ----------
    catalog : Catalog
        A writable catalog; results are written through its connection.
    workers : int, optional
        Worker processes; default one per core. ``0`` analyses in the calling thread (tests,
        tiny runs); a single pending track is always analysed in the calling thread.
    limit : int, optional
        Analyse at most this many tracks (in priority order).
    progress : callable, optional
        Receives an :class:`AnalysisProgress` a few times per second and once at the end.
    cancel : threading.Event, optional
        Set it to stop; finished tracks are kept and the result has ``cancelled=True``.
    recently_played : sequence of int
        Catalog ids, most recently played first; they are analysed before other new tracks.
    excerpt_seconds : float
        Audio analysed per long track (see :mod:`analysis.decode`).
    track_ids : sequence of int, optional
        Only (re)analyse these tracks, if they need it.

    Returns
    -------
    AnalysisResult
    """
    pending = feature_store.pending_tracks(
        catalog, recently_played=recently_played, limit=limit, track_ids=track_ids
    )
    run = _Run(catalog, pending, progress)
    workers = default_workers() if workers is None else max(0, int(workers))
    cancelled = False
    try:
        jobs = [(p.track_id, p.path_raw, p.duration, excerpt_seconds) for p in pending]
        if workers == 0 or len(jobs) <= 1:
            with _single_thread_blas():
                for job in jobs:
                    if cancel is not None and cancel.is_set():
                        cancelled = True
                        break
                    run.handle(_analyse_job(job))
                    run.commit()
        else:
            with _PinnedThreads():
                cancelled = _run_pool(jobs, run, min(workers, len(jobs)), cancel)
    finally:
        run.commit()
        if run.analyzed:
            feature_store.compute_stats(catalog)
    run.report(force=True)
    seconds = time.perf_counter() - run.start
    return AnalysisResult(
        analyzed=run.analyzed,
        skipped=run.skipped + feature_store.missing_count(catalog),
        failed=run.failed,
        seconds=seconds,
        tracks_per_second=(run.done / seconds) if seconds > 0 else 0.0,
        cancelled=cancelled,
        remaining=run.total - run.done,
        audio_seconds=run.audio_seconds,
        decode_seconds=run.decode_seconds,
        feature_seconds=run.feature_seconds,
        cpu_seconds=run.cpu_seconds,
        workers=workers if len(pending) > 1 else 0,
        timings=run.timings,
    )


def _single_thread_blas() -> contextlib.AbstractContextManager:
    """One BLAS thread while analysing in this process: the feature code does many small
    matrix products, which a multi-threaded BLAS makes several times slower on a busy machine."""
    try:
        from threadpoolctl import threadpool_limits

        return threadpool_limits(1)
    except Exception:  # threadpoolctl missing or confused: run as is
        return contextlib.nullcontext()


#: What a worker needs to decode and describe a file (imported once, see analysis/workers.py).
_WORKER_MODULES = ("av", "scipy.fft", "analysis.decode", "analysis.features")


def _new_pool(workers: int) -> cf.ProcessPoolExecutor:
    ctx = pool_context(_WORKER_MODULES)
    return cf.ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker)


class _PinnedThreads:
    """Set the thread-count variables while workers are spawned, so they inherit them before
    numpy and scipy load their BLAS (the initializer alone comes too late for the first)."""

    def __enter__(self) -> None:
        self.saved = {var: os.environ.get(var) for var in _THREAD_VARS}
        for var in _THREAD_VARS:
            os.environ[var] = "1"

    def __exit__(self, *exc: object) -> None:
        for var, value in self.saved.items():
            if value is None:
                os.environ.pop(var, None)
            else:
                os.environ[var] = value


class _Feeder:
    """A process pool fed at most two jobs per worker. When a worker dies, the jobs that were in
    flight become suspects, rerun one at a time, so the file that crashes it is found."""

    def __init__(
        self,
        jobs: list[_Job],
        run: _Run,
        workers: int,
        job_fn: Callable[[_Job], tuple[int, str, Any, float, float]],
    ) -> None:
        self.queue: deque[_Job] = deque(jobs)
        self.suspects: deque[_Job] = deque()  # in flight when a worker died
        self.run = run
        self.workers = workers
        self.job_fn = job_fn
        self.pool = _new_pool(workers)
        self.in_flight: dict[cf.Future, _Job] = {}
        self.alone = False  # the only job in flight is a suspect

    def busy(self) -> bool:
        return bool(self.queue or self.suspects or self.in_flight)

    def submit(self) -> None:
        if self.suspects:
            # Suspects run alone, so a crash can be pinned on the file that caused it.
            if not self.in_flight:
                job = self.suspects.popleft()
                if not self._send(job):
                    self.suspects.appendleft(job)
                    return
                self.alone = True
        else:
            while self.queue and len(self.in_flight) < 2 * self.workers:
                job = self.queue.popleft()
                if not self._send(job):
                    self.queue.appendleft(job)
                    return
                self.alone = False

    def _send(self, job: _Job) -> bool:
        """Hand ``job`` to the pool; False when a worker died since the last collect (the pool
        refuses new work; :meth:`collect` sees the crash in the futures in flight and starts a
        new pool). A pool that broke with nothing in flight is replaced here."""
        try:
            self.in_flight[self.pool.submit(self.job_fn, job)] = job
        except cf.process.BrokenProcessPool:
            if self.in_flight:
                return False
            _shutdown(self.pool)
            self.pool = _new_pool(self.workers)
            self.in_flight[self.pool.submit(self.job_fn, job)] = job
        return True

    def collect(self) -> bool:
        """Handle and commit what finished within 0.1 s; False when nothing did."""
        done, _ = cf.wait(list(self.in_flight), timeout=0.1, return_when=cf.FIRST_COMPLETED)
        crashed: list[_Job] = []
        for fut in done:
            job = self.in_flight.pop(fut)
            try:
                result = fut.result()
            except cf.process.BrokenProcessPool:
                crashed.append(job)
                continue
            self.run.handle(result)
        self.run.commit()  # everything that finished in this round: nothing waits in memory
        if crashed:
            self._recover(crashed)
        return bool(done)

    def _recover(self, crashed: list[_Job]) -> None:
        """A worker died: blame a suspect that ran alone, else make every job in flight one."""
        crashed.extend(self.in_flight.values())
        self.in_flight.clear()
        if self.alone and len(crashed) == 1:
            reason = "the decoder crashed on this file (it is probably damaged)"
            self.run.handle((crashed[0][0], "error", reason, 0.0, 0.0))
        else:
            self.suspects.extend(crashed)
        _shutdown(self.pool)
        self.pool = _new_pool(self.workers)

    def close(self) -> None:
        for fut in self.in_flight:
            fut.cancel()
        _shutdown(self.pool)


def _run_pool(
    jobs: list[_Job],
    run: _Run,
    workers: int,
    cancel: threading.Event | None,
    job_fn: Callable[[_Job], tuple[int, str, Any, float, float]] = _analyse_job,
) -> bool:
    """Feed ``jobs`` to a process pool, at most two per worker in flight. True if cancelled.

    ``job_fn`` (a module-level function, for pickling) is :func:`_analyse_job` except in tests.
    """
    feeder = _Feeder(jobs, run, workers, job_fn)
    try:
        while feeder.busy():
            if cancel is not None and cancel.is_set():
                return True
            feeder.submit()
            if not feeder.collect():
                run.report()
    finally:
        feeder.close()
    return False


def _shutdown(pool: cf.ProcessPoolExecutor) -> None:
    """Stop the workers now (in-flight tracks are abandoned; nothing of theirs was written)."""
    processes = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in processes:
        if proc.is_alive():
            proc.terminate()
    for proc in processes:
        proc.join(timeout=2.0)
