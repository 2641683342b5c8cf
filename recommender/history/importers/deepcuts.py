"""Deep Cuts' own export: JSON Lines written by ``history export`` (see docs/history.md).

The first line is a header ``{"type": "header", "format": "deepcuts-history", "version": 1,
...}``; every further line is one record whose ``type`` is ``play``, ``feedback``,
``aggregate``, ``playlist``, ``setting`` or ``import``. Importing it restores all of them exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from recommender.history.importers import (
    Aggregate,
    Feedback,
    ImportFormatError,
    ParsedHistory,
    PlayEvent,
    SavedPlaylist,
)
from recommender.history.importers.jsonfile import iter_json_lines
from recommender.history.importers.sources import InputFile

FORMAT = "deepcuts"
MAGIC = "deepcuts-history"
VERSION = 1


def detect(file: InputFile) -> bool:
    """A JSON Lines file whose first line is the Deep Cuts header."""
    first = file.head_text(4096).lstrip().split("\n", 1)[0]
    return first.startswith("{") and f'"{MAGIC}"' in first


def _str(rec: dict[str, Any], key: str, where: str, *, required: bool = False) -> str | None:
    value = rec.get(key)
    if value is None:
        if required:
            raise ImportFormatError(f"{where}: missing {key}")
        return None
    if not isinstance(value, str):
        raise ImportFormatError(f"{where}: {key} is {value!r}, expected text")
    return value


def _num(
    rec: dict[str, Any], key: str, where: str, *, required: bool = False, integer: bool = False
) -> Any:
    value = rec.get(key)
    if value is None:
        if required:
            raise ImportFormatError(f"{where}: missing {key}")
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ImportFormatError(f"{where}: {key} is {value!r}, expected a number")
    return int(value) if integer else value


def _bool(rec: dict[str, Any], key: str, where: str) -> bool | None:
    value = rec.get(key)
    if value is None or isinstance(value, bool):
        return value
    raise ImportFormatError(f"{where}: {key} is {value!r}, expected true, false or null")


def parse(file: InputFile, out: ParsedHistory) -> None:
    """Append every record of a Deep Cuts export to ``out``."""
    seen_header = False
    for number, rec in iter_json_lines(file):
        where = f"{file.name}: line {number}"
        kind = rec.get("type")
        if not seen_header:
            _check_header(rec, where)
            seen_header = True
            continue
        reader = _READERS.get(kind) if isinstance(kind, str) else None
        if reader is None:
            raise ImportFormatError(f"{where}: unknown record type {kind!r}")
        reader(rec, where, out)
    if not seen_header:
        raise ImportFormatError(f"{file.name}: empty; not a Deep Cuts history export")


def _check_header(rec: dict[str, Any], where: str) -> None:
    """The first record must be this format's header, of a version this code reads."""
    if rec.get("type") != "header" or rec.get("format") != MAGIC:
        raise ImportFormatError(f"{where}: not a Deep Cuts history export (no header)")
    version = rec.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise ImportFormatError(
            f"{where}: export version {version!r} is newer than "
            f"this Deep Cuts reads ({VERSION}); update Deep Cuts"
        )


def _play(rec: dict[str, Any], where: str, out: ParsedHistory) -> None:
    out.events.append(
        PlayEvent(
            played_at=float(_num(rec, "played_at", where, required=True)),
            artist=_str(rec, "artist", where) or "",
            title=_str(rec, "title", where) or "",
            album=_str(rec, "album", where),
            ms_played=_num(rec, "ms_played", where, integer=True),
            duration_ms=_num(rec, "duration_ms", where, integer=True),
            skipped=_bool(rec, "skipped", where),
            mb_recording_id=_str(rec, "mb_recording_id", where),
            isrc=_str(rec, "isrc", where),
            source=_str(rec, "source", where) or FORMAT,
            end_reason=_str(rec, "end_reason", where),
            context=_str(rec, "context", where),
            excluded=bool(_bool(rec, "excluded", where)),
            identity=_str(rec, "identity", where),
            origin=where,
        )
    )


def _feedback(rec: dict[str, Any], where: str, out: ParsedHistory) -> None:
    fb_kind = _str(rec, "kind", where, required=True)
    if fb_kind not in {"like", "dislike", "ban"}:
        raise ImportFormatError(f"{where}: feedback kind {fb_kind!r} unknown")
    if rec.get("target") not in (None, "track", "artist"):
        raise ImportFormatError(f"{where}: feedback target {rec.get('target')!r} unknown")
    out.feedback.append(
        Feedback(
            kind=fb_kind,
            artist=_str(rec, "artist", where),
            title=_str(rec, "title", where),
            album=_str(rec, "album", where),
            mb_recording_id=_str(rec, "mb_recording_id", where),
            created_at=_num(rec, "created_at", where),
            source=_str(rec, "source", where) or "",
            identity=_str(rec, "identity", where),
            duration_ms=_num(rec, "duration_ms", where, integer=True),
            key=_str(rec, "key", where),
            origin=where,
        )
    )


def _aggregate(rec: dict[str, Any], where: str, out: ParsedHistory) -> None:
    out.aggregates.append(
        Aggregate(
            artist=_str(rec, "artist", where) or "",
            title=_str(rec, "title", where) or "",
            album=_str(rec, "album", where),
            duration_ms=_num(rec, "duration_ms", where, integer=True),
            play_count=_num(rec, "play_count", where, integer=True) or 0,
            skip_count=_num(rec, "skip_count", where, integer=True) or 0,
            rating=_num(rec, "rating", where),
            last_played=_num(rec, "last_played", where),
            loved=_bool(rec, "loved", where),
            location=_str(rec, "location", where),
            mb_recording_id=_str(rec, "mb_recording_id", where),
            source=_str(rec, "source", where) or "",
            identity=_str(rec, "identity", where),
            key=_str(rec, "key", where),
            origin=where,
        )
    )


def _playlist(rec: dict[str, Any], where: str, out: ParsedHistory) -> None:
    items = rec.get("items")
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise ImportFormatError(f"{where}: playlist items must be a list of objects")
    out.playlists.append(
        SavedPlaylist(
            name=_str(rec, "name", where, required=True) or "",
            kind=_str(rec, "kind", where),
            created_at=float(_num(rec, "created_at", where) or 0.0),
            items=items,
        )
    )


def _setting(rec: dict[str, Any], where: str, out: ParsedHistory) -> None:
    out.settings[_str(rec, "key", where, required=True) or ""] = rec.get("value")


def _import(rec: dict[str, Any], where: str, out: ParsedHistory) -> None:
    out.scratch.setdefault("deepcuts_imports", []).append(
        {k: v for k, v in rec.items() if k != "type"}
    )


#: Record type -> reader appending it to the parsed history.
_READERS: dict[str, Callable[[dict[str, Any], str, ParsedHistory], None]] = {
    "play": _play,
    "feedback": _feedback,
    "aggregate": _aggregate,
    "playlist": _playlist,
    "setting": _setting,
    "import": _import,
}
