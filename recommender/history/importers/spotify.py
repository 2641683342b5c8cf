"""Spotify "Download your data" exports (docs/history.md, "Import").

A. ``StreamingHistory<n>.json``: ``endTime`` (UTC, minute precision), ``artistName``,
   ``trackName``, ``msPlayed``. No album and no skip flag.
B. ``endsong_<n>.json`` and C. ``Streaming_History_Audio_*.json``: ``ts`` (UTC, when playback
   ENDED), ``ms_played``, ``master_metadata_*`` names, ``reason_end``, ``skipped``.

Spotify records when a play ended; ``played_at`` is ``end - ms_played``, except for plays made
offline, whose ``ts`` is the later sync time: their start is ``offline_timestamp`` (milliseconds in
B, seconds in C; in the real export it equals ``ts - ms_played`` within a second when online). Podcast episodes,
audiobooks (track fields null), ``StreamingHistory_podcast_*`` and ``Streaming_History_Video_*``
files, and Spotify's placeholders for unknown local files are not music and are skipped (counted
in ``ParsedHistory.skipped_entries``). The skip flag is ``skipped`` where Spotify set it; when it
is null, ``reason_end`` ``fwdbtn`` counts as a skip; otherwise the store's skip rule decides.
"""

from __future__ import annotations

from typing import Any

from recommender.history.importers import ImportFormatError, ParsedHistory, PlayEvent
from recommender.history.importers.jsonfile import head_has_keys, load_json_array
from recommender.history.importers.sources import InputFile
from recommender.history.importers.timestamps import parse_time

FORMAT = "spotify"
_PLACEHOLDERS = {("unknown artist", "unknown track")}


def detect(file: InputFile) -> bool:
    """A JSON array whose objects carry Spotify's play keys."""
    return (
        head_has_keys(file, "endTime", "msPlayed")
        or head_has_keys(file, "ts", "ms_played")
        or head_has_keys(file, "endTime", "podcastName")
    )


def _ms(value: Any, file: InputFile, index: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise ImportFormatError(
            f"{file.name}: entry {index}: ms_played is {value!r}, expected a number"
        )
    return int(value)


def parse(file: InputFile, out: ParsedHistory) -> None:
    """Append the music plays of one Spotify JSON file to ``out``."""
    entries = load_json_array(file)
    lower = file.basename.lower()
    if lower.startswith(("streaming_history_video", "streaminghistory_podcast")):
        out.skipped_entries += len(entries)
        return
    for index, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise ImportFormatError(f"{file.name}: entry {index}: expected an object")
        if "endTime" in entry:
            event = _account_entry(entry, file, index)
        elif "ts" in entry:
            event = _extended_entry(entry, file, index)
        else:
            raise ImportFormatError(
                f"{file.name}: entry {index}: neither endTime nor ts; not a Spotify play"
            )
        if event is None:
            out.skipped_entries += 1
            continue
        out.events.append(event)


def _account_entry(entry: dict[str, Any], file: InputFile, index: int) -> PlayEvent | None:
    if "podcastName" in entry or "episodeName" in entry:
        return None
    ended = parse_time(entry.get("endTime"))
    if ended is None:
        raise ImportFormatError(
            f"{file.name}: entry {index}: endTime {entry.get('endTime')!r} is not a time"
        )
    ms = _ms(entry.get("msPlayed"), file, index)
    artist = (entry.get("artistName") or "").strip()
    title = (entry.get("trackName") or "").strip()
    if not artist or not title or (artist.lower(), title.lower()) in _PLACEHOLDERS:
        return None
    return PlayEvent(
        played_at=ended - ms / 1000.0,
        artist=artist,
        title=title,
        album=None,
        ms_played=ms,
        duration_ms=None,
        skipped=None,
        source=FORMAT,
        origin=f"{file.name}:entry {index}",
    )


def _extended_entry(entry: dict[str, Any], file: InputFile, index: int) -> PlayEvent | None:
    title = entry.get("master_metadata_track_name")
    artist = entry.get("master_metadata_album_artist_name")
    if not title or not artist:
        return None  # podcast episode, audiobook chapter or an unknown item
    ended = parse_time(entry.get("ts"))
    if ended is None:
        raise ImportFormatError(f"{file.name}: entry {index}: ts {entry.get('ts')!r} is not a time")
    ms = _ms(entry.get("ms_played"), file, index)
    skipped = entry.get("skipped")
    reason = entry.get("reason_end") or None
    if not isinstance(skipped, bool):
        skipped = True if reason in {"fwdbtn"} else None
    started = ended - ms / 1000.0
    if entry.get("offline") is True:
        # played offline: ts is when the app synced later; offline_timestamp is the start
        # (milliseconds in endsong_*, seconds in Streaming_History_Audio_*; parse_time knows)
        offline_start = parse_time(entry.get("offline_timestamp"))
        if offline_start is not None and offline_start <= ended:
            started = offline_start
    return PlayEvent(
        played_at=started,
        artist=str(artist).strip(),
        title=str(title).strip(),
        album=(entry.get("master_metadata_album_album_name") or None),
        ms_played=ms,
        duration_ms=None,
        skipped=skipped,
        source=FORMAT,
        end_reason=reason,
        origin=f"{file.name}:entry {index}",
    )
