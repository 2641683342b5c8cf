"""Last.fm's own account archive: JSON files of scrobbles, typically one per month.

Each file is a JSON array of scrobbles::

    [{"timestamp": {"iso": "2009-12-20T19:12:23", "unixtimestamp": 1261336343},
      "track": {"name": "...", "mbid": "...", "artist": {"name": "...", "mbid": "..."}},
      "uncorrectedTrack": {...}, "album": {"name": "...", "artist": {...}},
      "application": {...}}, ...]

``track`` holds the names after Last.fm's corrections (``uncorrectedTrack`` what the player sent);
``album`` may be absent; ``mbid`` is the recording's MusicBrainz id when Last.fm knows it. The
plays are Last.fm scrobbles (source ``lastfm``), so they are recognised as the same plays as a CSV
export of the same account. Entries without names, time or with Last.fm's placeholder date are
skipped and counted (docs/history.md, "Rows that are not plays").
"""

from __future__ import annotations

from typing import Any

from analysis.identity import normalize_mbid
from recommender.history.importers import ImportFormatError, ParsedHistory, PlayEvent
from recommender.history.importers import rows as why
from recommender.history.importers.jsonfile import head_has_keys, load_json_array
from recommender.history.importers.sources import InputFile
from recommender.history.importers.timestamps import is_lastfm_placeholder, read_time

FORMAT = "lastfm-archive"
_SOURCE = "lastfm"


def detect(file: InputFile) -> bool:
    """A JSON array whose objects carry ``timestamp.unixtimestamp`` and a ``track``."""
    return head_has_keys(file, "timestamp", "unixtimestamp", "track") and file.head_text(
        256
    ).lstrip().startswith("[")


def _name(obj: Any) -> str:
    """The ``name`` of a Last.fm object (or a bare string), stripped."""
    if isinstance(obj, dict):
        obj = obj.get("name")
    return obj.strip() if isinstance(obj, str) else ""


def _time(entry: dict[str, Any]) -> tuple[float | None, str | None]:
    stamp = entry.get("timestamp")
    if isinstance(stamp, dict):
        value = stamp.get("unixtimestamp")
        if value is None:
            value = stamp.get("iso")
    else:
        value = stamp
    seconds, reason = read_time(value)
    if seconds is not None and is_lastfm_placeholder(seconds):
        return None, why.PLACEHOLDER
    return seconds, reason


def _entry(entry: Any, file: InputFile, index: int, out: ParsedHistory) -> PlayEvent | None:
    """One scrobble, or ``None`` when it is skipped (counted in ``out``)."""
    if not isinstance(entry, dict) or not isinstance(entry.get("track"), dict):
        raise ImportFormatError(
            f"{file.name}: entry {index}: expected a scrobble object with a track"
        )
    track = entry["track"]
    artist, title = _name(track.get("artist")), _name(track)
    if not artist or not title:
        out.skip(why.EMPTY_NAME, index)
        return None
    played_at, reason = _time(entry)
    if played_at is None:
        out.skip(reason or why.UNREADABLE_TIME, index)
        return None
    return PlayEvent(
        played_at=played_at,
        artist=artist,
        title=title,
        album=_name(entry.get("album")) or None,
        ms_played=None,
        duration_ms=None,
        skipped=False,
        mb_recording_id=normalize_mbid(mbid)
        if isinstance(mbid := track.get("mbid"), str)
        else None,
        source=_SOURCE,
        origin=f"{file.name}:entry {index}",
    )


def parse(file: InputFile, out: ParsedHistory) -> None:
    """Append the scrobbles of one archive file to ``out``."""
    for index, entry in enumerate(load_json_array(file), start=1):
        event = _entry(entry, file, index, out)
        if event is not None:
            out.events.append(event)
