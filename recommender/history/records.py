"""The records the history store hands out, and the rules one play is judged by."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from analysis.catalog import Track
from recommender.history.schema import (
    CROSS_SOURCE_WINDOW,
    SAME_SOURCE_WINDOW,
    SCROBBLE_SOURCES,
    SCROBBLE_WINDOW,
)

log = logging.getLogger(__name__)

# -- records ----------------------------------------------------------------------------------


@dataclass(slots=True)
class Play:
    """One play as read back, resolved against the current catalog.

    ``track_id`` is the catalog id holding the play's identity now (``None`` when the track is
    not in the catalog). ``skipped`` applies the skip rule when the source had no flag;
    ``completed`` is true for a play that reached the end (``trackdone``, or at least
    ``complete_fraction`` of the length, or a scrobble, which is a full listen by definition).
    """

    id: int
    track_id: int | None
    identity: str | None
    artist: str
    title: str
    album: str | None
    played_at: float
    ms_played: int | None
    duration_ms: int | None
    skipped: bool
    completed: bool
    source: str
    session_id: int | None
    context: str | None
    excluded: bool
    match_confidence: float | None = None
    end_reason: str | None = None

    def to_json(self) -> dict[str, Any]:
        """Every field, JSON-ready."""
        return {k: getattr(self, k) for k in self.__slots__}  # type: ignore[attr-defined]


@dataclass(slots=True)
class FeedbackItem:
    """One stored like, dislike or ban, resolved to a catalog id where possible."""

    kind: str
    target: str  # "track" | "artist"
    track_id: int | None
    identity: str | None
    artist: str | None
    title: str | None
    created_at: float
    source: str


@dataclass
class FeedbackSet:
    """Feedback resolved against the catalog; the newest word on a track wins."""

    liked: set[int] = field(default_factory=set)
    disliked: set[int] = field(default_factory=set)
    banned: set[int] = field(default_factory=set)
    banned_artists: set[str] = field(default_factory=set)  # folded artist keys
    liked_artists: set[str] = field(default_factory=set)
    disliked_artists: set[str] = field(default_factory=set)
    items: list[FeedbackItem] = field(default_factory=list)
    unresolved: int = 0
    effective: list[FeedbackItem] = field(default_factory=list)

    def __iter__(self) -> Iterator[FeedbackItem]:
        """The feedback in force: the newest word per track, every artist item, and items
        whose track is not in the catalog (``track_id`` None)."""
        return iter(self.effective)

    def is_banned(self, track: Track) -> bool:
        """A banned track, or a track by a banned artist."""
        if track.id in self.banned:
            return True
        from recommender.history.matching import artist_key

        names = [track.artist, track.album_artist, *track.artists]
        return any(artist_key(n) in self.banned_artists for n in names if n)


@dataclass(slots=True)
class TrackAggregate:
    """Imported totals of one catalog track, merged over sources (max counts, newest time)."""

    track_id: int
    play_count: int
    skip_count: int
    rating: float | None
    last_played: float | None
    loved: bool | None
    sources: list[str]


class TrackAggregates:
    """Imported totals per catalog id: ``aggs[track_id]``, ``.items()``, ``.get()``, ``in``.

    Iterating yields the :class:`TrackAggregate` records themselves (each carries its
    ``track_id``), like iterating a :class:`FeedbackSet`; use :meth:`keys` for the ids.
    """

    def __init__(self, by_track: dict[int, TrackAggregate]) -> None:
        self._by_track = by_track

    def __getitem__(self, track_id: int) -> TrackAggregate:
        return self._by_track[track_id]

    def get(self, track_id: int, default: Any = None) -> Any:
        """The aggregate of a catalog id, or ``default``."""
        return self._by_track.get(track_id, default)

    def __contains__(self, track_id: object) -> bool:
        return track_id in self._by_track

    def __len__(self) -> int:
        return len(self._by_track)

    def __iter__(self) -> Iterator[TrackAggregate]:
        return iter(self._by_track.values())

    def keys(self) -> Any:
        """The catalog ids."""
        return self._by_track.keys()

    def values(self) -> Any:
        """The :class:`TrackAggregate` records."""
        return self._by_track.values()

    def items(self) -> Any:
        """``(track_id, TrackAggregate)`` pairs."""
        return self._by_track.items()


@dataclass(slots=True)
class PlaylistInfo:
    """A saved playlist; ``items`` keep identity and reported names for re-resolution."""

    id: int
    name: str
    kind: str | None
    created_at: float
    items: list[dict[str, Any]]


@dataclass
class ImportReport:
    """What an import did (the ``history import --json`` document)."""

    format: str
    events: int = 0
    matched: int = 0
    unmatched: int = 0
    duplicates: int = 0
    aggregates: int = 0
    aggregates_matched: int = 0
    feedback: int = 0
    feedback_matched: int = 0
    skipped_entries: int = 0
    seconds: float = 0.0
    files: list[dict[str, Any]] = field(default_factory=list)  # each file: format and counts
    skipped: list[dict[str, Any]] = field(default_factory=list)  # {"reason", "count", "lines"}
    ignored: list[dict[str, str]] = field(default_factory=list)  # {"file", "reason"}
    top_unmatched_artists: list[dict[str, Any]] = field(default_factory=list)
    import_id: int | None = None
    phases: dict[str, float] = field(default_factory=dict)  # seconds per stage

    def to_json(self) -> dict[str, Any]:
        """The ``history import --json`` document."""
        return {
            "format": self.format,
            "events": self.events,
            "matched": self.matched,
            "unmatched": self.unmatched,
            "duplicates": self.duplicates,
            "aggregates": self.aggregates,
            "aggregates_matched": self.aggregates_matched,
            "feedback": self.feedback,
            "feedback_matched": self.feedback_matched,
            "skipped_entries": self.skipped_entries,
            "seconds": round(self.seconds, 3),
            "skipped": self.skipped,
            "files": self.files,
            "ignored": self.ignored,
            "top_unmatched_artists": self.top_unmatched_artists,
            "import_id": self.import_id,
            "phases": self.phases,
        }


@lru_cache(maxsize=262_144)
def match_key(artist: str | None, title: str | None) -> str:
    """The duplicate-detection key of a play: normalised artist and title (with versions)."""
    from recommender.history.matching import artist_key, title_parts

    core, versions = title_parts(title)
    key = f"{artist_key(artist)}|{core}"
    if versions:
        key += "|" + ",".join(versions)
    return key


def _track_duration_ms(track: Track) -> int | None:
    return round(track.duration * 1000) if track.duration else None


def judge_play(
    *,
    ms_played: int | None,
    duration_ms: int | None,
    flag: int | bool | None,
    end_reason: str | None = None,
    skip_min_ms: float = 30000,
    skip_fraction: float = 0.5,
    complete_fraction: float = 0.9,
) -> tuple[bool, bool]:
    """``(skipped, completed)`` for one play: the skip rule of docs/history.md.

    The source's own flag wins. Otherwise a play is a skip when it lasted less than
    ``min(skip_min_ms, skip_fraction * duration)`` (just ``skip_min_ms`` when the length is
    unknown). A play without a time played (a scrobble) is neither skipped nor partial.
    """
    if flag is not None:
        skipped = bool(flag)
    elif ms_played is None:
        skipped = False
    else:
        limit = skip_min_ms if not duration_ms else min(skip_min_ms, skip_fraction * duration_ms)
        skipped = ms_played < limit
    if skipped:
        return True, False
    if end_reason == "trackdone" or ms_played is None:
        return False, True
    if not duration_ms:
        return False, False
    return False, ms_played >= complete_fraction * duration_ms


class _SeenPlays:
    """Plays already stored or imported, bucketed by key and time for O(1) duplicate checks."""

    def __init__(self) -> None:
        self._buckets: dict[tuple[str, int], list[tuple[float, str, int | None]]] = defaultdict(
            list
        )

    def add(self, key: str, at: float, source: str, ms_played: int | None) -> None:
        """Remember a play for later checks."""
        self._buckets[(key, int(at // CROSS_SOURCE_WINDOW))].append((at, source, ms_played))

    def is_duplicate(self, key: str, at: float, source: str, ms_played: int | None) -> bool:
        """Whether an equal play is known: same source, less than 1 s apart and the same time
        played (Spotify's minute-precision account export has distinct short plays whose
        computed starts fall within a second); a scrobbler's double submission (30 s); or
        another source (120 s)."""
        scrobble = source in SCROBBLE_SOURCES
        bucket = int(at // CROSS_SOURCE_WINDOW)
        for b in (bucket - 1, bucket, bucket + 1):
            for when, other, ms in self._buckets.get((key, b), ()):
                diff = abs(when - at)
                if other == source:
                    if (diff < SAME_SOURCE_WINDOW and ms == ms_played) or (
                        scrobble and diff < SCROBBLE_WINDOW
                    ):
                        return True
                elif diff <= CROSS_SOURCE_WINDOW:
                    return True
        return False
