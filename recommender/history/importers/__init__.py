"""Read listening histories and player libraries that people bring from elsewhere.

One module per format (``lastfm``, ``lastfm1k``, ``listenbrainz``, ``spotify``, ``itunes``,
``rhythmbox``, ``strawberry``, ``clementine``, ``deepcuts``, ``lastfm-archive``; ``tags`` reads the
catalog's own tag counters). Each module exposes ``FORMAT`` (its name), ``detect(file) -> bool`` (from content) and
``parse(file, out)`` which appends to a :class:`ParsedHistory`. :func:`parse_history` accepts a
file, a folder or a ZIP, detects the format of every file inside from its content and returns
everything parsed, without touching any database (the evaluation code reads real histories this
way).

A row that cannot be a play is skipped and counted by reason (:mod:`.rows`); a file that is not
the format, or whose rows are mostly bad, is refused. Every failure is a :class:`ImportFormatError`
(a :class:`~analysis.errors.DeepCutsError`) whose one-line message names the file and the line or
entry.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from recommender.history.importers.rows import (
    FileSummary,
    SkipCount,
    merge_skips,
    refusal,
    skipped_json,
)
from recommender.history.importers.sources import ImportFormatError, InputFile, iter_input_files

#: Format names accepted by ``--format``, in detection order.
FORMATS = (
    "deepcuts",
    "lastfm",
    "lastfm-archive",
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
    "lastfm-archive": "recommender.history.importers.lastfm_archive",
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
    summaries: list[FileSummary] = field(default_factory=list)  # one per file read
    ignored: list[dict[str, str]] = field(default_factory=list)  # {"file", "reason"}
    columns: dict[str, str] | None = None  # the CSV column mapping asked for (role -> column)
    current: FileSummary | None = field(default=None, repr=False)  # the file being read

    def skip(self, reason: str, where: int, n: int = 1) -> None:
        """Count a row (or ``n`` rows) of the file being read that is not a play."""
        if self.current is None:
            self.current = FileSummary(file="?", format=self.format)
            self.summaries.append(self.current)
        self.current.skip(reason, where, n)

    @property
    def skipped(self) -> dict[str, SkipCount]:
        """Rows skipped in every file, by reason."""
        return merge_skips(self.summaries)

    def skipped_json(self) -> list[dict[str, Any]]:
        """The ``skipped`` list of ``history import --json``."""
        return skipped_json(self.skipped)

    def files_json(self) -> list[dict[str, Any]]:
        """The ``files`` list of ``history import --json``: each file with format and counts."""
        return [s.to_json() for s in self.summaries]


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


def _chosen_format(
    file: InputFile, format: str, single: bool, columns: dict[str, str] | None
) -> tuple[str | None, str]:
    """The format to read ``file`` as, or ``(None, why)`` to pass it over; a single file that is
    not what was asked for is an error (a folder or archive may hold other files)."""
    fmt = detect_format(file)
    if fmt is None and columns and (single or _module("lastfm").fits_columns(file, columns)):
        fmt = "lastfm"  # a CSV whose columns the person named (the reader says what is missing)
    if format != "auto" and single and fmt is None:
        return format, ""  # let the chosen reader say what is wrong
    if fmt is None:
        if single:
            raise ImportFormatError(
                f"{file.name}: not a listening history or player library "
                "export this version can read"
            )
        return None, "not a history export"
    if format != "auto" and fmt != format:
        if single:
            raise ImportFormatError(f"{file.name}: this looks like a {fmt} export, not {format}")
        return None, f"a {fmt} export (only {format} was asked for)"
    return fmt, ""


def _read_file(fmt: str, file: InputFile, result: ParsedHistory) -> None:
    """Parse one file into ``result`` with its own summary; refuse it when its rows are mostly
    not plays."""
    summary = FileSummary(file=file.name, format=fmt)
    result.summaries.append(summary)
    result.current = summary
    before = (len(result.events), len(result.aggregates), len(result.feedback))
    _module(fmt).parse(file, result)
    summary.plays = len(result.events) - before[0]
    summary.aggregates = len(result.aggregates) - before[1]
    summary.feedback = len(result.feedback) - before[2]
    result.files.append(file.name)
    result.current = None
    why = refusal(summary)
    if why is not None:
        raise ImportFormatError(why)


def parse_history(
    path: str | Path, *, format: str = "auto", columns: dict[str, str] | None = None
) -> ParsedHistory:
    """Parse a history export without touching any database.

    Parameters
    ----------
    path : str or Path
        A file, a folder (searched recursively) or a ZIP archive of an export.
    format : str
        ``"auto"`` (detected from the content of each file) or one of :data:`FORMATS`.
    columns : dict, optional
        The columns of a CSV to read, by role (``time``, ``artist``, ``track``, ``album``) to a
        column name or 1-based number; unnamed roles are found from the header.

    Returns
    -------
    ParsedHistory
        Plays, aggregates and feedback in file order; ``format`` is the format found (the first
        one when a folder mixes several); ``summaries`` holds each file's format, counts and
        skipped rows, ``ignored`` the files that are not histories.

    Raises
    ------
    ImportFormatError
        With a one-line message naming the file and the line or entry: not an export, wrong
        format, truncated JSON, bad encoding, no valid row or mostly bad rows.
    """
    path = Path(path)
    if format != "auto" and format not in FORMATS:
        raise ImportFormatError(
            f"unknown format {format!r}; choose one of auto, " + ", ".join(FORMATS)
        )
    files = list(iter_input_files(path))
    single = len(files) == 1 and not path.is_dir() and not files[0].in_archive
    chosen: list[tuple[str, InputFile]] = []
    ignored: list[dict[str, str]] = []
    for file in files:
        fmt, why = _chosen_format(file, format, single, columns)
        if fmt is None:
            ignored.append({"file": file.name, "reason": why})
        else:
            chosen.append((fmt, file))
    if not chosen:
        what = "a history export" if format == "auto" else f"a {format} export"
        raise ImportFormatError(f"{path}: found no file that is {what}")
    result = ParsedHistory(format=chosen[0][0], columns=columns, ignored=ignored)
    for fmt, file in chosen:
        _read_file(fmt, file, result)
    for fmt in dict.fromkeys(f for f, _ in chosen):
        finish = getattr(_module(fmt), "finish", None)
        if finish is not None:
            finish(result)
    return result


__all__ = [
    "FORMATS",
    "Aggregate",
    "Feedback",
    "FileSummary",
    "ImportFormatError",
    "InputFile",
    "ParsedHistory",
    "PlayEvent",
    "SavedPlaylist",
    "SkipCount",
    "detect_format",
    "parse_history",
]
