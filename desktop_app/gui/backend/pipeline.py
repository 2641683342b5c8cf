"""Background analysis and training (training in its own process)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

from analysis.catalog import Catalog
from analysis.errors import DeepCutsError
from desktop_app.gui.backend.stores import open_history


def analyze(data_dir: Path, ctx: Any, *, workers: int | None = None) -> Any:
    from analysis.analyzer import analyze as run

    with Catalog(data_dir) as catalog:
        return run(catalog, workers=workers, progress=ctx.report, cancel=ctx.cancel)


def train_here(data_dir: Path, *, force: bool = False, log: Any = None) -> dict[str, Any]:
    """Train the taste model when it is missing or stale (always with ``force``), in this process.

    The learned audio embedding is trained first when it is due (after an analysis that grew
    the library; ``docs/analysis.md``), so the taste model is trained on the content space it
    will be used with. Returns a small summary (the model itself is saved under ``models/``).
    """
    from analysis.embedding_train import train as train_embedding
    from recommender.models.training import load_or_train

    with Catalog(data_dir) as catalog:
        embedded = train_embedding(catalog)
        if embedded.trained and log is not None:
            log(f"learned audio embedding trained on {embedded.tracks} tracks")
        store = open_history(data_dir)
        try:
            model, data = load_or_train(
                catalog, store, data_dir=data_dir, as_of=None, force=force, log=log
            )
        finally:
            if store is not None:
                store.close()
    return {"model": type(model).__name__, "tracks": int(data.n_items)}


def _train_process(data_dir: str, force: bool, queue: Any) -> None:  # runs in the child
    try:
        summary = train_here(
            Path(data_dir), force=force, log=lambda message: queue.put(("log", str(message)))
        )
        queue.put(("done", summary))
    except DeepCutsError as exc:
        queue.put(("expected", str(exc)))
    except BaseException as exc:  # reported to the window, which logs it
        import traceback

        queue.put(("error", f"{type(exc).__name__}: {exc}", traceback.format_exc()))


class TrainingFailed(Exception):
    """Training crashed in its process; carries the child's traceback text."""


def train(data_dir: Path, ctx: Any, *, force: bool = False) -> dict[str, Any] | None:
    """Train in a separate process, so torch's import and the training never hold the
    window's GIL; the trainer's log lines are the progress. Cancel ends the process (the
    saved model is only replaced when training finishes). ``None`` when cancelled.
    """
    import multiprocessing
    import queue as queue_module

    mp = multiprocessing.get_context("spawn")
    messages = mp.Queue()
    proc = mp.Process(
        target=_train_process,
        args=(str(data_dir), force, messages),
        name="deepcuts-training",
        daemon=True,
    )
    proc.start()
    try:
        while True:
            if ctx.cancel.is_set():
                proc.terminate()
                proc.join(10)
                return None
            try:
                kind, *payload = messages.get(timeout=0.1)
            except queue_module.Empty:
                if not proc.is_alive() and messages.empty():
                    raise TrainingFailed(
                        QCoreApplication.translate(
                            "Backend", "the training process ended unexpectedly (exit code {code})"
                        ).format(code=proc.exitcode)
                    ) from None
                continue
            if kind == "log":
                ctx.report(payload[0])
            elif kind == "done":
                return payload[0]
            elif kind == "expected":
                raise DeepCutsError(payload[0])
            else:
                raise TrainingFailed(f"{payload[0]}\n{payload[1]}")
    finally:
        proc.join(10)
        if proc.is_alive():
            proc.kill()
