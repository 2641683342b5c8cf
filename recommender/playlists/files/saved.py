"""Matching a read playlist against the catalog, saving it in the history store, and exporting
a saved playlist to a file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.errors import DeepCutsError
from recommender.playlists.files.read import read_playlist
from recommender.playlists.files.records import (
    MatchResult,
    PlaylistEntry,
    PlaylistFile,
    PlaylistItem,
    UnmatchedEntry,
)
from recommender.playlists.files.write import write_playlist

# -- matching and import -----------------------------------------------------------------------


def match_entries(catalog: Any, playlist: PlaylistFile) -> MatchResult:
    """Find the catalog track of every entry of a playlist file.

    An entry matches by its path first (the exact file). When the path names no catalog track
    (a playlist made on another computer, a moved folder), the entry's artist and title, if the
    file gives them, must equal a catalog track's folded artist and title (no fuzzy matching: a
    wrong track is worse than a reported miss).

    Parameters
    ----------
    catalog : analysis.catalog.Catalog
        The library.
    playlist : PlaylistFile
        From :func:`read_playlist`.

    Returns
    -------
    MatchResult
        Track ids in playlist order and the entries not found, each with a reason.
    """
    ids: list[int] = []
    unmatched: list[UnmatchedEntry] = []
    by_meta = 0
    meta_index: dict[tuple[str, str], list[int]] | None = None
    for entry in playlist.entries:
        track = _track_by_path(catalog, entry)
        if track is not None and not track.error:
            ids.append(track.id)
            continue
        found = None
        if entry.title and entry.artist:
            if meta_index is None:
                meta_index = _metadata_index(catalog)
            hits = meta_index.get(_meta_key(entry.artist, entry.title), [])
            if hits:  # present files first, then the lowest id: copies of one recording
                found = hits[0]
        if found is not None:
            ids.append(found)
            by_meta += 1
            continue
        unmatched.append(UnmatchedEntry(entry.position, entry.text, _miss_reason(entry)))
    return MatchResult(track_ids=ids, unmatched=unmatched, by_metadata=by_meta)


def _track_by_path(catalog: Any, entry: PlaylistEntry) -> Any:
    """The catalog track at the entry's path (or its alternative reading), or None."""
    for candidate in (entry.path, entry.alt_path):
        if candidate is not None:
            track = catalog.track_by_path(candidate)
            if track is not None:
                return track
    return None


def _miss_reason(entry: PlaylistEntry) -> str:
    """Why an entry found no catalog track, in words."""
    if entry.path is None:
        return "not a local file"
    if not (os.path.exists(entry.path) or (entry.alt_path and os.path.exists(entry.alt_path))):
        return "file not found"
    return "file not in the catalog (scan its folder first)"


def _meta_key(artist: str | None, title: str | None) -> tuple[str, str]:
    from analysis.identity import fold
    from recommender.playlists.diversity import artist_key

    return artist_key(artist), fold(title)


def _metadata_index(catalog: Any) -> dict[tuple[str, str], list[int]]:
    index: dict[tuple[str, str], list[int]] = {}
    rows = catalog.conn.execute(
        "SELECT id, artist, title FROM tracks WHERE error IS NULL AND title IS NOT NULL "
        "ORDER BY missing, id"
    )
    for row in rows:
        index.setdefault(_meta_key(row["artist"], row["title"]), []).append(int(row["id"]))
    return index


@dataclass(slots=True)
class PlaylistImport:
    """What ``playlist import`` did."""

    name: str
    playlist_id: int
    format: str
    entries: int
    matched: int
    unmatched: list[UnmatchedEntry]
    kept_for_later: int

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "id": self.playlist_id,
            "format": self.format,
            "entries": self.entries,
            "matched": self.matched,
            "unmatched": [u.to_json() for u in self.unmatched],
            "kept_for_later": self.kept_for_later,
        }


def import_playlist(
    path: str | os.PathLike[str], *, catalog: Any, store: Any, name: str | None = None
) -> PlaylistImport:
    """Read a playlist file and save it in the history store as a saved playlist.

    Matched entries are saved as their catalog tracks (so the playlist follows a file that is
    later moved or retagged). Unmatched entries that carry an artist and a title are kept in
    their place by those names, so they resolve when the file is scanned later; the others are
    only reported.

    Parameters
    ----------
    path : path-like
        The playlist file (any format of :func:`read_playlist`).
    catalog : analysis.catalog.Catalog
    store : recommender.history.HistoryStore
        Where the playlist is saved (``save_playlist``); saving under an existing name replaces it.
    name : str, optional
        The saved playlist's name; defaults to the name inside the file, else the file's stem.

    Raises
    ------
    DeepCutsError
        The file cannot be read, or none of its entries can be placed.
    """
    parsed = read_playlist(path)
    result = match_entries(catalog, parsed)
    matched = iter(result.track_ids)
    missing = {u.position: u for u in result.unmatched}
    tracks: list[Any] = []
    kept = 0
    for entry in parsed.entries:
        if entry.position in missing:
            if entry.title:
                tracks.append(
                    {
                        "artist": entry.artist,
                        "title": entry.title,
                        "album": entry.album,
                        "duration_ms": None
                        if entry.duration is None
                        else round(entry.duration * 1000),
                    }
                )
                kept += 1
            continue
        tracks.append(catalog.track(next(matched)))
    if not tracks:
        if parsed.entries:
            first = result.unmatched[0]
            raise DeepCutsError(
                f"{parsed.path}: none of its {len(parsed.entries)} entries is in the catalog "
                f"(entry {first.position}: {first.location}: {first.reason})"
            )
        raise DeepCutsError(f"{parsed.path}: the playlist is empty")
    final_name = (name or parsed.name or parsed.path.stem).strip()
    pid = store.save_playlist(final_name, tracks, kind=f"imported {parsed.format}")
    return PlaylistImport(
        name=final_name,
        playlist_id=int(pid),
        format=parsed.format,
        entries=len(parsed.entries),
        matched=len(result.track_ids),
        unmatched=result.unmatched,
        kept_for_later=kept,
    )


def export_saved_playlist(
    name: str, dest: str | os.PathLike[str], *, catalog: Any, store: Any, relative: bool = False
) -> tuple[Path, int, int]:
    """Write a saved playlist to a file; its items are resolved against the catalog now.

    Returns
    -------
    (Path, int, int)
        The file written, the tracks written, and the items skipped because no catalog track
        matches them (yet).

    Raises
    ------
    DeepCutsError
        No saved playlist has that name.
    """
    from analysis.errors import NotFoundError

    wanted = name.strip()
    info = next((p for p in store.playlists() if p.name == wanted), None)
    if info is None:
        folded = wanted.casefold()
        info = next((p for p in store.playlists() if p.name.casefold() == folded), None)
    if info is None:
        raise NotFoundError(f"no saved playlist named {name!r} (see: deepcuts-cli playlist list)")
    ids = store.playlist_track_ids(info.id, catalog)
    tracks = [catalog.track(i) for i in ids if i is not None]
    tracks = [t for t in tracks if t is not None]
    written = write_playlist(
        dest, [PlaylistItem.from_track(t) for t in tracks], name=info.name, relative=relative
    )
    return written, len(tracks), len(ids) - len(tracks)
