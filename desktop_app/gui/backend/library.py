"""The Library page and the Settings page's folders: scanning, roots, the table's extra columns."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from analysis.catalog import Catalog
from desktop_app.gui.backend.stores import open_history


def scan(data_dir: Path, paths: list[str] | None, ctx: Any, *, workers: int | None = None) -> Any:
    """Add ``paths`` as roots and scan every root (``analysis.scanner.scan``)."""
    from analysis.scanner import scan as run_scan

    with Catalog(data_dir) as catalog:
        return run_scan(
            catalog, paths or None, progress=ctx.report, workers=workers, cancel=ctx.cancel
        )


def remove_root(data_dir: Path, path: str) -> int:
    with Catalog(data_dir) as catalog:
        return catalog.remove_root(path)


def roots(data_dir: Path) -> list[Any]:
    with Catalog(data_dir) as catalog:
        return catalog.roots()


def tag_encoding(data_dir: Path) -> str:
    """The catalog's "Legacy tag encoding" setting (``auto`` before the first scan)."""
    from analysis.datadir import CATALOG_FILE

    if not (Path(data_dir) / CATALOG_FILE).exists():
        return "auto"
    with Catalog(data_dir) as catalog:
        return catalog.tag_encoding()


def set_tag_encoding(data_dir: Path, mode: str) -> str:
    """Change the "Legacy tag encoding"; the next scan reads the files it affects again."""
    with Catalog(data_dir) as catalog:
        return catalog.set_tag_encoding(mode)


def descriptors(catalog: Catalog) -> dict[int, Any]:
    """``track id -> Descriptors`` (BPM, key, energy ...) of analysed tracks."""
    from analysis.feature_store import load_descriptors

    return load_descriptors(catalog)


def play_counts(data_dir: Path, catalog: Catalog) -> dict[int, tuple[int, float | None]]:
    """``track id -> (plays, last played)``: own plays plus imported play counts."""
    store = open_history(data_dir)
    if store is None:
        return {}
    try:
        counts: dict[int, list[Any]] = {
            track_id: [count, last]
            for track_id, (count, last) in store.play_counts(catalog).items()
        }
        for track_id, agg in store.aggregates(catalog, rematch=False).items():
            entry = counts.setdefault(track_id, [0, None])
            entry[0] += int(agg.play_count or 0)
            if agg.last_played and (entry[1] is None or agg.last_played > entry[1]):
                entry[1] = agg.last_played
        return {k: (v[0], v[1]) for k, v in counts.items()}
    finally:
        store.close()
