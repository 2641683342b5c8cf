"""Spotify "Download your data" exports (docs/history.md, "Import").

A. ``StreamingHistory<n>.json``: ``endTime`` (UTC, minute precision), ``artistName``,
   ``trackName``, ``msPlayed``. No album and no skip flag.
B. ``endsong_<n>.json`` and C. ``Streaming_History_Audio_*.json``: ``ts`` (UTC, when playback
   ENDED), ``ms_played``, ``master_metadata_*`` names, ``reason_end``, ``skipped``.

Spotify records when a play ended; ``played_at`` is ``end - ms_played``, except for plays made
offline, whose ``ts`` is the later sync time: their start is ``offline_timestamp`` (milliseconds in
B, seconds in C; in the real export it equals ``ts - ms_played`` within a second when online). Podcast episodes,
audiobooks (track fields null), ``StreamingHistory_podcast_*`` and ``Streaming_History_Video_*``
files are not music and are skipped (counted in ``ParsedHistory.skipped_entries`` and under
"not music"); entries without a track or artist name (local files without tags), Spotify's
"Unknown Track" placeholders, plays of 0 ms and unreadable times are rows that are not plays,
skipped and counted by reason (docs/history.md, "Rows that are not plays"). The skip flag is ``skipped`` where Spotify set it; when it
is null, ``reason_end`` ``fwdbtn`` counts as a skip; otherwise the store's skip rule decides.
"""

from __future__ import annotations

from typing import Any

from recommender.history.importers import ImportFormatError, ParsedHistory, PlayEvent
from recommender.history.importers import rows as why
from recommender.history.importers.jsonfile import head_has_keys, load_json_array
from recommender.history.importers.sources import InputFile
from recommender.history.importers.timestamps import parse_time, read_time

FORMAT = "spotify"
_PLACEHOLDERS = {("unknown artist", "unknown track")}
UNKNOWN_TRACK = "Spotify placeholder (Unknown Artist, Unknown Track)"


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
        if entries:
            out.skip(why.NOT_MUSIC, 1, len(entries))
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
        if isinstance(event, str):
            if event in (why.NOT_MUSIC, why.EMPTY_NAME, UNKNOWN_TRACK):
                out.skipped_entries += 1
            out.skip(event, index)
            continue
        out.events.append(event)


def _names(artist: Any, title: Any) -> tuple[str, str, str | None]:
    """Stripped names and the reason they are no play's (blank, or Spotify's placeholder)."""
    artist = artist.strip() if isinstance(artist, str) else ""
    title = title.strip() if isinstance(title, str) else ""
    if not artist or not title:
        return artist, title, why.EMPTY_NAME
    if (artist.lower(), title.lower()) in _PLACEHOLDERS:
        return artist, title, UNKNOWN_TRACK
    return artist, title, None


def _account_entry(entry: dict[str, Any], file: InputFile, index: int) -> PlayEvent | str:
    """A play, or the reason the entry is none."""
    if "podcastName" in entry or "episodeName" in entry:
        return why.NOT_MUSIC
    artist, title, reason = _names(entry.get("artistName"), entry.get("trackName"))
    if reason:
        return reason
    ended, reason = read_time(entry.get("endTime"))
    if ended is None:
        return reason or why.UNREADABLE_TIME
    ms = _ms(entry.get("msPlayed"), file, index)
    if ms == 0:
        return why.ZERO_DURATION
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


def _extended_entry(entry: dict[str, Any], file: InputFile, index: int) -> PlayEvent | str:
    """A play, or the reason the entry is none."""
    artist, title, reason = _names(
        entry.get("master_metadata_album_artist_name"), entry.get("master_metadata_track_name")
    )
    if reason == why.EMPTY_NAME and any(
        entry.get(k) for k in ("episode_name", "spotify_episode_uri", "audiobook_title")
    ):
        return why.NOT_MUSIC  # a podcast episode or an audiobook chapter
    if reason:
        return reason
    ended, reason = read_time(entry.get("ts"))
    if ended is None:
        return reason or why.UNREADABLE_TIME
    ms = _ms(entry.get("ms_played"), file, index)
    if ms == 0:
        return why.ZERO_DURATION
    skipped = entry.get("skipped")
    reason_end = entry.get("reason_end") or None
    if not isinstance(skipped, bool):
        skipped = True if reason_end in {"fwdbtn"} else None
    started = ended - ms / 1000.0
    if entry.get("offline") is True:
        # played offline: ts is when the app synced later; offline_timestamp is the start
        # (milliseconds in endsong_*, seconds in Streaming_History_Audio_*; parse_time knows)
        offline_start = parse_time(entry.get("offline_timestamp"))
        if offline_start is not None and offline_start <= ended:
            started = offline_start
    return PlayEvent(
        played_at=started,
        artist=artist,
        title=title,
        album=(entry.get("master_metadata_album_album_name") or None),
        ms_played=ms,
        duration_ms=None,
        skipped=skipped,
        source=FORMAT,
        end_reason=reason_end,
        origin=f"{file.name}:entry {index}",
    )
