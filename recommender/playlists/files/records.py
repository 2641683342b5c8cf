"""The records of a playlist file and the format an extension names."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.errors import DeepCutsError

XSPF_NS = "http://xspf.org/ns/0/"

#: Extension (lower case, with the dot) to format name.
FORMATS = {".m3u8": "m3u8", ".m3u": "m3u", ".xspf": "xspf", ".pls": "pls"}

_UTF8_BOM = b"\xef\xbb\xbf"
_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")
_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")


# -- records ------------------------------------------------------------------------------------


@dataclass(slots=True)
class PlaylistItem:
    """One track to write into a playlist file.

    ``path`` is the file's absolute path, as bytes (exactly as the file system spells it, the
    catalog's ``path_raw``) or text. ``duration`` is in seconds.
    """

    path: bytes | str
    title: str | None = None
    artist: str | None = None
    album: str | None = None
    duration: float | None = None

    @classmethod
    def from_track(cls, track: Any) -> PlaylistItem:
        """Build an item from a catalog :class:`analysis.catalog.Track`."""
        return cls(
            path=track.path_raw,
            title=track.display_title,
            artist=track.artist,
            album=track.album,
            duration=track.duration,
        )


@dataclass(slots=True)
class PlaylistEntry:
    """One entry read from a playlist file.

    Attributes
    ----------
    position : int
        Where the entry is in the file: the line number for M3U, the ``FileN`` number for PLS, the
        track's ordinal (from 1) for XSPF.
    text : str
        The location as written in the file (for messages).
    path : bytes or None
        The absolute file-system path it names, or ``None`` for a non-file URL.
    alt_path : bytes or None
        Another reading of the same path (the raw bytes of a non-UTF-8 M3U line), tried when
        ``path`` is not found.
    """

    position: int
    text: str
    path: bytes | None
    alt_path: bytes | None = None
    title: str | None = None
    artist: str | None = None
    album: str | None = None
    duration: float | None = None


@dataclass(slots=True)
class PlaylistFile:
    """The contents of a playlist file: its name (from the file or its stem) and its entries."""

    path: Path
    format: str
    name: str
    entries: list[PlaylistEntry] = field(default_factory=list)
    encoding: str = "utf-8"


@dataclass(slots=True)
class UnmatchedEntry:
    """An entry of an imported playlist that names no track of the catalog."""

    position: int
    location: str
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {"position": self.position, "location": self.location, "reason": self.reason}


@dataclass(slots=True)
class MatchResult:
    """Catalog ids of the entries found, in playlist order, and the entries not found."""

    track_ids: list[int]
    unmatched: list[UnmatchedEntry]
    by_metadata: int = 0


# -- format ------------------------------------------------------------------------------------


def playlist_format(path: str | os.PathLike[str]) -> str:
    """The playlist format named by a file's extension.

    Parameters
    ----------
    path : path-like
        The playlist file.

    Returns
    -------
    str
        ``"m3u8"``, ``"m3u"``, ``"xspf"`` or ``"pls"``.

    Raises
    ------
    DeepCutsError
        When the extension is none of ``.m3u8``, ``.m3u``, ``.xspf``, ``.pls``.
    """
    ext = os.path.splitext(os.fspath(path))[1].lower()
    try:
        return FORMATS[ext]
    except KeyError:
        raise DeepCutsError(
            f"{os.fspath(path)}: unknown playlist format {ext or '(no extension)'!r}; "
            "use .m3u8, .m3u, .xspf or .pls"
        ) from None
