"""Playlist files that any player opens: M3U8, M3U, XSPF and PLS, written and read.

Writing
    The format follows the file's extension (:func:`playlist_format`). Every file is UTF-8 and is
    written atomically (a temporary file in the same folder, flushed, then ``os.replace``), so a
    player that reads the file while Deep Cuts rewrites it sees the old or the new list, never half
    of one, and re-exporting to the same name keeps a "living" playlist current. Paths are absolute,
    or relative to the playlist's folder when asked.

Reading
    :func:`read_playlist` parses any of the four formats (XSPF with ``defusedxml``) into
    :class:`PlaylistEntry` records whose paths are resolved against the playlist's folder and whose
    ``file://`` URIs are decoded. An M3U that is not valid UTF-8 is decoded as cp1252 (Latin-1 where
    cp1252 has no character), which is what Windows players write. :func:`match_entries` finds the
    catalog track of every entry and reports the ones it cannot find; :func:`import_playlist` saves
    the result as a playlist in the history store.

Paths in a playlist are data: nothing is executed or fetched, and URLs other than ``file://`` are
reported as not in the catalog.

Lives here: ``records`` (entries, items, formats), ``write``, ``read`` and ``saved`` (matching
against the catalog, import into and export from the history store).
"""

from recommender.playlists.files.read import (
    read_playlist,
)
from recommender.playlists.files.records import (
    FORMATS,
    XSPF_NS,
    MatchResult,
    PlaylistEntry,
    PlaylistFile,
    PlaylistItem,
    UnmatchedEntry,
    playlist_format,
)
from recommender.playlists.files.saved import (
    PlaylistImport,
    export_saved_playlist,
    import_playlist,
    match_entries,
)
from recommender.playlists.files.write import (
    write_playlist,
)

__all__ = [
    "FORMATS",
    "XSPF_NS",
    "MatchResult",
    "PlaylistEntry",
    "PlaylistFile",
    "PlaylistImport",
    "PlaylistItem",
    "UnmatchedEntry",
    "export_saved_playlist",
    "import_playlist",
    "match_entries",
    "playlist_format",
    "read_playlist",
    "write_playlist",
]
