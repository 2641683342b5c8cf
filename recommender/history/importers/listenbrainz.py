"""ListenBrainz exports (docs/history.md, "Import").

The current export is a ZIP with ``listens/<year>/<month>.jsonl`` (one listen per line) and
``feedback.jsonl`` (loved = +1, hated = -1); older exports are one JSON array of listens. A listen
has ``listened_at`` (unix s) and ``track_metadata{artist_name, track_name, release_name,
additional_info{...}, mbid_mapping{recording_mbid, ...}}``. Loved recordings become likes and
hated ones bans; feedback names only recording ids, so they are given artist and title from the
listens of the same export where possible.
"""

from __future__ import annotations

from typing import Any

from analysis.identity import normalize_mbid
from recommender.history.importers import Feedback, ImportFormatError, ParsedHistory, PlayEvent
from recommender.history.importers import rows as why
from recommender.history.importers.jsonfile import head_has_keys, iter_json_lines, load_json_array
from recommender.history.importers.sources import InputFile
from recommender.history.importers.timestamps import is_lastfm_placeholder, parse_time, read_time

FORMAT = "listenbrainz"


def _is_feedback(file: InputFile) -> bool:
    if file.basename.lower() == "feedback.jsonl":
        return True
    return (
        head_has_keys(file, "score", "recording_msid")
        or head_has_keys(file, "score", "recording_mbid")
    ) and not head_has_keys(file, "listened_at")


def detect(file: InputFile) -> bool:
    """Listens (``listened_at`` + ``track_metadata``) as JSON Lines or an array, or feedback."""
    return head_has_keys(file, "listened_at", "track_metadata") or _is_feedback(file)


def _duration_ms(info: dict[str, Any]) -> int | None:
    for key, scale in (("duration_ms", 1), ("duration", 1000)):
        value = info.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
            return int(value * scale)
        if isinstance(value, str) and value.strip().isdigit():
            return int(value.strip()) * scale
    return None


def _zero_duration(info: dict[str, Any]) -> bool:
    """Whether the listen states a length of zero (a broken entry, not a play)."""
    return any(info.get(k) in (0, "0") for k in ("duration_ms", "duration"))


def _listen(obj: Any, where: str, out: ParsedHistory) -> PlayEvent | str:
    """A listen as a play, or the reason it is none."""
    if not isinstance(obj, dict):
        raise ImportFormatError(f"{where}: expected a listen object")
    meta = obj.get("track_metadata")
    if not isinstance(meta, dict):
        raise ImportFormatError(f"{where}: no track_metadata")
    artist = str(meta.get("artist_name") or "").strip()
    title = str(meta.get("track_name") or "").strip()
    if not artist or not title:
        return why.EMPTY_NAME
    played_at, reason = read_time(obj.get("listened_at"))
    if played_at is None:
        return reason or why.UNREADABLE_TIME
    if is_lastfm_placeholder(played_at):
        return why.PLACEHOLDER  # listens imported from Last.fm carry its placeholder date
    info = meta.get("additional_info") or {}
    if not isinstance(info, dict):
        info = {}
    if _zero_duration(info):
        return why.ZERO_DURATION
    mbid, isrc = _ids(meta, info)
    event = PlayEvent(
        played_at=played_at,
        artist=artist,
        title=title,
        album=(str(meta.get("release_name")).strip() or None) if meta.get("release_name") else None,
        ms_played=None,
        duration_ms=_duration_ms(info),
        skipped=False,
        mb_recording_id=mbid,
        isrc=isrc,
        source=FORMAT,
        origin=where,
    )
    _remember(event, obj, meta, info, mbid, out)
    return event


def _ids(meta: dict[str, Any], info: dict[str, Any]) -> tuple[str | None, str | None]:
    """The recording's MusicBrainz id (the server's mapping first) and its ISRC."""
    mapping = meta.get("mbid_mapping") or {}
    if not isinstance(mapping, dict):
        mapping = {}
    mbid = normalize_mbid(mapping.get("recording_mbid")) or normalize_mbid(
        info.get("recording_mbid")
    )
    isrc = info.get("isrc")
    return mbid, isrc.strip().upper() if isinstance(isrc, str) and isrc.strip() else None


def _remember(
    event: PlayEvent,
    obj: dict[str, Any],
    meta: dict[str, Any],
    info: dict[str, Any],
    mbid: str | None,
    out: ParsedHistory,
) -> None:
    """Keep the event under its message id and MusicBrainz id, so feedback (which names a
    recording only by those) can find artist and title."""
    names = out.scratch.setdefault("listenbrainz_names", {})
    msid = obj.get("recording_msid") or meta.get("recording_msid") or info.get("recording_msid")
    for key in (msid, mbid):
        if key:
            names[key] = event


def _feedback(obj: dict[str, Any], where: str, out: ParsedHistory) -> None:
    score = obj.get("score")
    if score not in (1, -1):
        return  # 0 = feedback withdrawn
    mbid = normalize_mbid(obj.get("recording_mbid"))
    msid = obj.get("recording_msid")
    if not mbid and not msid:
        raise ImportFormatError(f"{where}: feedback without recording_mbid or recording_msid")
    out.scratch.setdefault("listenbrainz_feedback", []).append(
        (
            Feedback(
                kind="like" if score == 1 else "ban",
                artist=None,
                title=None,
                mb_recording_id=mbid,
                created_at=parse_time(obj.get("created")),
                source=FORMAT,
                origin=where,
            ),
            msid,
        )
    )


def parse(file: InputFile, out: ParsedHistory) -> None:
    """Append the listens or feedback of one file to ``out``."""
    if _is_feedback(file):
        for number, obj in iter_json_lines(file):
            _feedback(obj, f"{file.name}: line {number}", out)
        return
    if file.head_text(4096).lstrip().startswith("["):
        numbered: Any = enumerate(load_json_array(file), start=1)
        what = "entry"
    else:
        numbered, what = iter_json_lines(file), "line"
    for number, obj in numbered:
        event = _listen(obj, f"{file.name}: {what} {number}", out)
        if isinstance(event, str):
            out.skip(event, number)
        else:
            out.events.append(event)


def finish(out: ParsedHistory) -> None:
    """Give feedback the names of the listens with the same recording id."""
    names: dict[str, PlayEvent] = out.scratch.get("listenbrainz_names", {})
    for fb, msid in out.scratch.pop("listenbrainz_feedback", []):
        known = names.get(msid) or (names.get(fb.mb_recording_id) if fb.mb_recording_id else None)
        if known is not None:
            fb.artist, fb.title, fb.album = known.artist, known.title, known.album
            fb.mb_recording_id = fb.mb_recording_id or known.mb_recording_id
            fb.duration_ms = known.duration_ms
        elif not fb.mb_recording_id:
            out.skipped_entries += 1  # a hated msid never listened to: nothing to attach it to
            continue
        out.feedback.append(fb)
