"""Read listening histories and player libraries that people bring from elsewhere.

One module per format (``lastfm``, ``lastfm1k``, ``listenbrainz``, ``spotify``, ``itunes``,
``rhythmbox``, ``strawberry``, ``clementine``, ``deepcuts``; ``tags`` reads the catalog's own tag
counters). Each module exposes ``FORMAT`` (its name), ``detect(file) -> bool`` (from content) and
``parse(file, out)`` which appends to a :class:`ParsedHistory`. :func:`parse_history` accepts a
file, a folder or a ZIP, detects the format of every file inside from its content and returns
everything parsed, without touching any database (the evaluation code reads real histories this
way).

Every failure is a :class:`ImportFormatError` (a :class:`~analysis.errors.DeepCutsError`) whose
one-line message names the file and the line or entry.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from recommender.history.importers.sources import ImportFormatError, InputFile, iter_input_files

#: Format names accepted by ``--format``, in detection order.
FORMATS = (
    "deepcuts",
    "lastfm",
    "lastfm-1k",
    "listenbrainz",
    "spotify",
    "itunes",
    "rhythmbox",
    "strawberry",
    "clementine",
)

_MODULES = {
    "deepcuts": "recommender.history.importers.deepcuts",
    "lastfm": "recommender.history.importers.lastfm",
    "lastfm-1k": "recommender.history.importers.lastfm1k",
    "listenbrainz": "recommender.history.importers.listenbrainz",
    "spotify": "recommender.history.importers.spotify",
    "itunes": "recommender.history.importers.itunes",
    "rhythmbox": "recommender.history.importers.rhythmbox",
    "strawberry": "recommender.history.importers.strawberry",
    "clementine": "recommender.history.importers.clementine",
}


@dataclass(slots=True)
class PlayEvent:
    """One listen as the source reported it.

    ``played_at`` is the START of the play in unix seconds UTC (sources that record the end, such as
    Spotify, are converted with ``ms_played``). ``skipped`` is the source's own flag (``None`` when
    the source has none; the store then applies the skip rule). The fields after ``source`` are
    only filled by some formats (``deepcuts`` restores all of them).
    """

    played_at: float
    artist: str
    title: str
    album: str | None
    ms_played: int | None
    duration_ms: int | None
    skipped: bool | None
    mb_recording_id: str | None = None
    isrc: str | None = None
    source: str = ""
    end_reason: str | None = None
    context: str | None = None
    excluded: bool = False
    identity: str | None = None
    origin: str = ""  # file (and line) it came from, for messages


@dataclass(slots=True)
class Aggregate:
    """Per-track totals from a player library (no individual timestamps).

    ``rating`` is normalised to 0..1 (``None`` = unrated); ``last_played`` is unix seconds UTC;
    ``location`` is the file path the player knew (used to match the very same file first).
    """

    artist: str
    title: str
    album: str | None
    duration_ms: int | None
    play_count: int
    skip_count: int
    rating: float | None
    last_played: float | None
    loved: bool | None = None
    location: str | None = None
    mb_recording_id: str | None = None
    source: str = ""
    identity: str | None = None
    key: str | None = None  # the store's key (deepcuts restore)
    origin: str = ""


@dataclass(slots=True)
class Feedback:
    """A like, dislike or ban of a track (or of an artist when ``title`` is ``None``)."""

    kind: str  # "like" | "dislike" | "ban"
    artist: str | None
    title: str | None  # None: the feedback is about the artist
    album: str | None = None
    mb_recording_id: str | None = None
    created_at: float | None = None
    source: str = ""
    identity: str | None = None
    duration_ms: int | None = None
    key: str | None = None  # the store's key (deepcuts restore)
    origin: str = ""


@dataclass(slots=True)
class SavedPlaylist:
    """A playlist as stored in history (the ``deepcuts`` export carries them)."""

    name: str
    kind: str | None
    created_at: float
    items: list[dict[str, Any]]  # {"identity", "artist", "title", "album", "duration_ms"}


@dataclass
class ParsedHistory:
    """Everything read from one import (a file, a folder or a ZIP)."""

    format: str
    events: list[PlayEvent] = field(default_factory=list)
    aggregates: list[Aggregate] = field(default_factory=list)
    feedback: list[Feedback] = field(default_factory=list)
    playlists: list[SavedPlaylist] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    skipped_entries: int = 0  # podcasts, audiobooks, videos, non-song entries
    scratch: dict[str, Any] = field(default_factory=dict, repr=False)  # parsers' cross-file state


def _module(fmt: str) -> Any:
    return importlib.import_module(_MODULES[fmt])


def detect_format(file: InputFile) -> str | None:
    """The format of one file judged from its content, or ``None`` if it is not an export."""
    for fmt in FORMATS:
        try:
            if _module(fmt).detect(file):
                return fmt
        except ImportFormatError:
            raise
        except Exception:  # a detector must never crash an import of another format
            continue
    return None


def _chosen_format(file: InputFile, format: str, single: bool) -> str | None:
    """The format to read ``file`` as, or ``None`` to pass it over; a single file that is not
    what was asked for is an error (a folder or archive may hold other files)."""
    fmt = detect_format(file)
    if format != "auto" and single and fmt is None:
        return format  # let the chosen reader say what is wrong
    if fmt is None:
        if single:
            raise ImportFormatError(
                f"{file.name}: not a listening history or player library "
                "export this version can read"
            )
        return None
    if format != "auto" and fmt != format:
        if single:
            raise ImportFormatError(f"{file.name}: this looks like a {fmt} export, not {format}")
        return None
    return fmt


def parse_history(path: str | Path, *, format: str = "auto") -> ParsedHistory:
    """Parse a history export without touching any database.

    Parameters
    ----------
    path : str or Path
        A file, a folder (searched recursively) or a ZIP archive of an export.
    format : str
        ``"auto"`` (detected from the content of each file) or one of :data:`FORMATS`.

    Returns
    -------
    ParsedHistory
        Plays, aggregates and feedback in file order; ``format`` is the format found (the first
        one when a folder mixes several).

    Raises
    ------
    ImportFormatError
        With a one-line message naming the file and the line or entry: not an export, wrong
        format, truncated JSON, bad encoding, a bad row.
    """
    path = Path(path)
    if format != "auto" and format not in FORMATS:
        raise ImportFormatError(
            f"unknown format {format!r}; choose one of auto, " + ", ".join(FORMATS)
        )
    files = list(iter_input_files(path))
    single = len(files) == 1 and not path.is_dir() and not files[0].in_archive
    chosen = [(fmt, file) for file in files if (fmt := _chosen_format(file, format, single))]
    if not chosen:
        what = "a history export" if format == "auto" else f"a {format} export"
        raise ImportFormatError(f"{path}: found no file that is {what}")
    result = ParsedHistory(format=chosen[0][0])
    for fmt, file in chosen:
        _module(fmt).parse(file, result)
        result.files.append(file.name)
    for fmt in dict.fromkeys(f for f, _ in chosen):
        finish = getattr(_module(fmt), "finish", None)
        if finish is not None:
            finish(result)
    return result


__all__ = [
    "FORMATS",
    "Aggregate",
    "Feedback",
    "ImportFormatError",
    "InputFile",
    "ParsedHistory",
    "PlayEvent",
    "SavedPlaylist",
    "detect_format",
    "parse_history",
]
