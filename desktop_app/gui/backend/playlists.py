"""The Playlists page: saved playlists, and playlist files in and out."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

from analysis.catalog import Catalog
from analysis.errors import DeepCutsError
from desktop_app.gui.backend.stores import open_history, require_history


@dataclass
class SavedPlaylist:
    id: int
    name: str
    kind: str | None
    track_ids: list[int]
    missing: int


def saved_playlists(data_dir: Path) -> list[SavedPlaylist]:
    store = open_history(data_dir)
    if store is None:
        return []
    with Catalog(data_dir, readonly=True) as catalog, store:
        out = []
        for pl in store.playlists():
            ids = store.playlist_track_ids(pl.id, catalog)
            found = [i for i in ids if i is not None]
            out.append(SavedPlaylist(pl.id, pl.name, pl.kind, found, len(ids) - len(found)))
    return out


def track_items(data_dir: Path, track_ids: list[int]) -> list[dict[str, Any]]:
    with Catalog(data_dir, readonly=True) as catalog:
        by_id = {t.id: t for t in catalog.tracks(ids=track_ids)}
    return [
        {
            "id": t.id,
            "path": t.path,
            "title": t.display_title,
            "artist": t.artist,
            "album": t.album,
            "duration": t.duration,
        }
        for t in (by_id.get(i) for i in track_ids)
        if t is not None
    ]


def _unique_name(existing: set[str], name: str) -> str:
    if name not in existing:
        return name
    n = 2
    while f"{name} ({n})" in existing:
        n += 1
    return f"{name} ({n})"


def save_playlist(
    data_dir: Path, name: str, track_ids: list[int], *, kind: str = "deepcuts"
) -> str:
    """Save a new playlist; an existing name gets a number rather than being replaced."""
    with Catalog(data_dir, readonly=True) as catalog:
        by_id = {t.id: t for t in catalog.tracks(ids=track_ids)}
    tracks = [by_id[i] for i in track_ids if i in by_id]
    with require_history(data_dir) as store:
        name = _unique_name({pl.name for pl in store.playlists()}, name.strip())
        store.save_playlist(name, tracks, kind=kind)
    return name


def append_to_playlist(data_dir: Path, name: str, track_ids: list[int]) -> str:
    with Catalog(data_dir, readonly=True) as catalog, require_history(data_dir) as store:
        existing = next((pl for pl in store.playlists() if pl.name == name), None)
        current = (
            [i for i in store.playlist_track_ids(existing.id, catalog) if i is not None]
            if existing is not None
            else []
        )
        ids = current + [i for i in track_ids if i not in set(current)]
        by_id = {t.id: t for t in catalog.tracks(ids=ids)}
        store.save_playlist(
            name,
            [by_id[i] for i in ids if i in by_id],
            kind=existing.kind if existing is not None else "deepcuts",
        )
    return name


def delete_playlist(data_dir: Path, name: str) -> None:
    with require_history(data_dir) as store:
        for pl in store.playlists():
            if pl.name == name:
                store.delete_playlist(pl.id)
                return
    raise DeepCutsError(
        QCoreApplication.translate("Backend", "no saved playlist called {name}").format(
            name=repr(name)
        )
    )


def import_playlist_file(data_dir: Path, path: str) -> tuple[str, int, int]:
    """Read an M3U/M3U8/XSPF/PLS file into a saved playlist: (name, matched, unmatched)."""
    from recommender.playlists.files import match_entries, read_playlist

    playlist = read_playlist(path)
    with Catalog(data_dir, readonly=True) as catalog:
        result = match_entries(catalog, playlist)
    if not result.track_ids:
        raise DeepCutsError(
            QCoreApplication.translate(
                "Backend", "{path}: none of its {n} entries is in your library"
            ).format(path=path, n=len(playlist.entries))
        )
    name = save_playlist(data_dir, playlist.name, result.track_ids, kind=playlist.format)
    return name, len(result.track_ids), len(result.unmatched)


def export_playlist(
    data_dir: Path,
    track_ids: list[int],
    dest: str,
    *,
    name: str | None = None,
    relative: bool = False,
) -> Path:
    """Write the tracks to a playlist file (format from the extension), atomically."""
    from recommender.playlists.files import PlaylistItem, write_playlist

    with Catalog(data_dir, readonly=True) as catalog:
        by_id = {t.id: t for t in catalog.tracks(ids=track_ids)}
    items = [PlaylistItem.from_track(by_id[i]) for i in track_ids if i in by_id]
    if not items:
        raise DeepCutsError(
            QCoreApplication.translate("Backend", "nothing to export: the list is empty")
        )
    return write_playlist(dest, items, name=name, relative=relative)
