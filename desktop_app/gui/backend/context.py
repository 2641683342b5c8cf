"""The playlist context (library, history, model, descriptors) the Discover page and the Map
share, built once per state of the stores and cached."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

from analysis.catalog import Catalog
from analysis.errors import DeepCutsError
from desktop_app.gui.backend.stores import open_history, training_available

_CONTEXT_LOCK = threading.Lock()


_CONTEXT_CACHE: dict[str, Any] = {}


def _stores_fingerprint(data_dir: Path) -> tuple[Any, ...]:
    """Changes whenever the catalog, the history or a model file changes."""
    from analysis.datadir import CATALOG_FILE, HISTORY_FILE, MODELS_DIR

    parts: list[Any] = [str(data_dir)]
    for name in (CATALOG_FILE, CATALOG_FILE + "-wal", HISTORY_FILE, HISTORY_FILE + "-wal"):
        try:
            st = os.stat(data_dir / name)
            parts.append((name, st.st_mtime_ns, st.st_size))
        except OSError:
            parts.append((name, None))
    models = data_dir / MODELS_DIR
    if models.is_dir():
        for path in sorted(models.rglob("*")):
            try:
                parts.append((str(path), path.stat().st_mtime_ns))
            except OSError:
                pass
    return tuple(parts)


def absorb_play(data_dir: Path, before: tuple[Any, ...], record: Any) -> bool:
    """Move the cached context past one recorded play when it was current at ``before``.

    Returns whether it did; otherwise the next :func:`playlist_context` builds it anew.
    """
    with _CONTEXT_LOCK:
        cached = _CONTEXT_CACHE.get(str(data_dir))
        if cached is None or cached[0] != before:
            return False
        ctx = cached[1]
        index = ctx.data.index_of(int(record.track_id))
        if index is None:
            return False
        ctx.add_play(
            index,
            float(record.started_at),
            ms_played=float(record.ms_played),
            skipped=bool(record.skipped),
        )
        _CONTEXT_CACHE[str(data_dir)] = (_stores_fingerprint(data_dir), ctx)
    return True


def playlist_context(data_dir: Path) -> Any:
    """The :class:`recommender.playlists.PlaylistContext` of the current stores (cached)."""
    key = _stores_fingerprint(data_dir)
    with _CONTEXT_LOCK:
        cached = _CONTEXT_CACHE.get(str(data_dir))
        if cached is not None and cached[0] == key:
            return cached[1]
    ctx = _build_context(data_dir)
    after = _stores_fingerprint(data_dir)
    if _only_created(key, after):
        key = after  # the build itself made the WAL files or an empty history: still current
    with _CONTEXT_LOCK:
        _CONTEXT_CACHE[str(data_dir)] = (key, ctx)
    return ctx


def _only_created(before: tuple[Any, ...], after: tuple[Any, ...]) -> bool:
    """Whether every part that changed was a file missing before (made by opening a store)."""
    if len(before) != len(after):
        return False
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    return all(isinstance(a, tuple) and len(a) == 2 and a[1] is None for a, _ in changed)


def _build_context(data_dir: Path) -> Any:
    """Library, history, model and descriptors, as ``deepcuts-cli discover`` builds them."""
    from analysis.feature_store import load_descriptors
    from recommender.models.training_data import build_training_data
    from recommender.playlists.context import LibraryMeta, PlaylistContext

    with Catalog(data_dir) as catalog:
        if catalog.count(missing=False) == 0:
            raise DeepCutsError(
                QCoreApplication.translate(
                    "Backend", "the library is empty: add a music folder in Settings"
                )
            )
        store = open_history(data_dir)
        try:
            data = build_training_data(catalog, store)
            model = saved_model(data_dir, data)
            meta = LibraryMeta.from_catalog(catalog, data.track_ids)
            descriptors = load_descriptors(catalog)
            ctx = PlaylistContext(data, meta, model=model, descriptors=descriptors)
            if store is not None:
                ctx.apply_feedback(store.feedback(catalog, rematch=False))
        finally:
            if store is not None:
                store.close()
    return ctx


def saved_model(data_dir: Path, data: Any) -> Any:
    """The saved taste model when it is valid for ``data``, else ``None``.

    Never trains: the lists are built at once with the generators' content-and-affinity
    fallback, and the window's training task (with progress and the status bar) refreshes
    them when a model is ready.
    """
    if not training_available():
        return None
    from recommender.models import training

    meta = training.saved_metadata(data_dir)
    if meta is None or training.staleness(meta, data) is not None:
        return None
    try:
        model = training._model_class(training.MODEL_NAME).load(training.model_dir(data_dir))
    except (OSError, ValueError, KeyError):
        return None
    return model if model.update(data) else None
