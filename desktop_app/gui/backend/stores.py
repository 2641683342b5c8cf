"""Opening the stores, and which parts this build includes.

Each call opens its own connections, so it can run in any worker thread. The history, the
analysis and the training are optional in a build: callers ask ``*_available`` first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

from analysis.catalog import Catalog
from analysis.errors import DeepCutsError


def open_catalog(data_dir: Path) -> Catalog:
    return Catalog(data_dir)


def has_module(module: str) -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def analysis_available() -> bool:
    return has_module("analysis.analyzer")


def training_available() -> bool:
    return has_module("recommender.models.training")


def history_available() -> bool:
    return has_module("recommender.history")


def open_history(data_dir: Path) -> Any:
    """The history store, or ``None`` when this build has none."""
    if not history_available():
        return None
    from recommender.history import HistoryStore

    return HistoryStore(data_dir)


def require_history(data_dir: Path) -> Any:
    store = open_history(data_dir)
    if store is None:
        raise DeepCutsError(
            QCoreApplication.translate("Backend", "play history is not available in this build")
        )
    return store


def track_or_error(catalog: Catalog, track_id: int) -> Any:
    track = catalog.track(int(track_id))
    if track is None:
        raise DeepCutsError(
            QCoreApplication.translate("Backend", "track {id} is no longer in the library").format(
                id=track_id
            )
        )
    return track
