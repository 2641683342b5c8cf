"""iTunes / Music.app ``iTunes Music Library.xml`` (an Apple property list).

Each entry of ``Tracks`` gives ``Play Count``, ``Skip Count``, ``Play Date UTC``, ``Rating``
(0-100, ignored when ``Rating Computed`` says it is the album's), ``Loved``/``Disliked`` and
``Location``. Podcasts, videos and streams are skipped. ``plistlib`` refuses entity declarations,
so the billion-laughs and external-entity attacks that defusedxml guards against cannot apply;
the bytes are also checked for a ``<!ENTITY`` before parsing.
"""

from __future__ import annotations

import plistlib
from datetime import UTC, datetime
from typing import Any
from xml.parsers.expat import ExpatError

from recommender.history.importers import Aggregate, Feedback, ImportFormatError, ParsedHistory
from recommender.history.importers.library_files import location_to_path, normalise_rating
from recommender.history.importers.sources import InputFile

FORMAT = "itunes"
_NOT_MUSIC = ("Podcast", "Movie", "TV Show", "Music Video", "Has Video", "iTunesU", "Audiobook")
_MAC_EPOCH = 2082844800  # seconds from 1904-01-01 to 1970-01-01


def detect(file: InputFile) -> bool:
    """An XML plist with a ``Tracks`` dictionary."""
    head = file.head_text(4096)
    return "<plist" in head and (
        "<key>Tracks</key>" in head or "Music Folder" in head or "Library Persistent ID" in head
    )


def _time(value: Any) -> float | None:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.timestamp()
    if isinstance(value, int) and value > _MAC_EPOCH:
        return float(value - _MAC_EPOCH)  # "Play Date": Mac epoch, local time; UTC preferred
    return None


def parse(file: InputFile, out: ParsedHistory) -> None:
    """Append the counts, ratings and loves of an iTunes library to ``out``."""
    for key, track in _tracks(file).items():
        where = f"{file.name}: track {key}"
        if not isinstance(track, dict):
            raise ImportFormatError(f"{where}: expected a dictionary")
        _add_track(track, where, out)


def _tracks(file: InputFile) -> dict[Any, Any]:
    """The ``Tracks`` dictionary of an iTunes library property list (no XML entities)."""
    data = file.read()
    if b"<!ENTITY" in data:
        raise ImportFormatError(f"{file.name}: XML entity declarations are not allowed")
    try:
        plist = plistlib.loads(data)
    except (plistlib.InvalidFileException, ExpatError, ValueError) as exc:
        line = getattr(exc, "lineno", None)
        where = f" line {line}:" if line else ""
        raise ImportFormatError(
            f"{file.name}:{where} not a readable iTunes library ({exc})"
        ) from exc
    if not isinstance(plist, dict) or not isinstance(plist.get("Tracks"), dict):
        raise ImportFormatError(
            f"{file.name}: a property list without a Tracks dictionary; not an iTunes library"
        )
    return plist["Tracks"]


def _add_track(track: dict[str, Any], where: str, out: ParsedHistory) -> None:
    """One library track as an aggregate (when it has counts, a rating or a love) and as
    feedback (when loved or disliked); podcasts, videos, streams and untitled entries are
    skipped."""
    if any(track.get(flag) for flag in _NOT_MUSIC) or track.get("Track Type") == "URL":
        out.skipped_entries += 1
        return
    title = str(track.get("Name") or "").strip()
    artist = str(track.get("Artist") or track.get("Album Artist") or "").strip()
    if not title:
        out.skipped_entries += 1
        return
    _add_counts(track, artist, title, where, out)


def _add_counts(
    track: dict[str, Any], artist: str, title: str, where: str, out: ParsedHistory
) -> None:
    """The track's counts, rating and love as an aggregate and its love or dislike as
    feedback (each only when there is something to say)."""
    plays = int(track.get("Play Count") or 0)
    skips = int(track.get("Skip Count") or 0)
    rating = _rating(track)
    loved = True if track.get("Loved") else (False if track.get("Disliked") else None)
    album, duration = _album_and_length(track)
    if plays or skips or rating is not None or loved is not None:
        out.aggregates.append(
            Aggregate(
                artist=artist,
                title=title,
                album=album,
                duration_ms=duration,
                play_count=plays,
                skip_count=skips,
                rating=rating,
                last_played=_time(track.get("Play Date UTC")) or _time(track.get("Play Date")),
                loved=loved,
                location=location_to_path(track.get("Location")),
                source=FORMAT,
                origin=where,
            )
        )
    if loved is not None:
        out.feedback.append(
            Feedback(
                kind="like" if loved else "dislike",
                artist=artist,
                title=title,
                album=album,
                duration_ms=duration,
                source=FORMAT,
                origin=where,
            )
        )


def _rating(track: dict[str, Any]) -> float | None:
    """The person's own star rating (0..1); ratings iTunes computed from the album are not."""
    if not track.get("Rating Computed") and track.get("Rating"):
        return normalise_rating(int(track["Rating"]) / 100)
    return None


def _album_and_length(track: dict[str, Any]) -> tuple[str | None, int | None]:
    """The album name and the length in milliseconds, when known."""
    total = track.get("Total Time")
    duration = int(total) if isinstance(total, int) and total > 0 else None
    return str(track.get("Album") or "").strip() or None, duration
