"""Last.fm scrobbles in every CSV layout people export them in (docs/history.md, "Import").

1. Web exporter: ``uts,utc_time,artist,artist_mbid,album,album_mbid,track,track_mbid``.
2. ``lastfm-to-csv``: header ``artist,album,track,uts``; or no header and
   ``artist,album,track,"05 Jan 2020 12:34"``.
3. ``utc_time,artist,album,track`` with ``"24 Jan 2023, 09:42"``.
4. Spreadsheet/pandas re-exports: an unnamed index column first, ``date`` or ``timestamp`` +
   ``datetime`` columns, ``NA`` or empty for a missing value.

Columns are found by name, so reordered or extra columns work; a spreadsheet's semicolon or tab
separator (and UTF-16 with a BOM, as Excel saves "Unicode text") is accepted too. A scrobble carries no duration and
no skip flag: Last.fm only scrobbles a track played for half its length or four minutes, so
``skipped`` is ``False``.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from recommender.history.importers import ImportFormatError, ParsedHistory, PlayEvent
from recommender.history.importers.sources import InputFile
from recommender.history.importers.timestamps import parse_time

FORMAT = "lastfm"

_TIME_COLUMNS = (
    "uts",
    "timestamp",
    "utc_time",
    "datetime",
    "date",
    "time",
    "played_at",
    "scrobble_time",
)
_ARTIST_COLUMNS = ("artist", "artist_name", "artist name", "artistname")
_TITLE_COLUMNS = ("track", "title", "track_name", "track name", "trackname", "name", "song")
_ALBUM_COLUMNS = ("album", "album_name", "album name", "albumname", "release")
_MBID_COLUMNS = ("track_mbid", "recording_mbid", "mbid")
_MISSING = {"", "na", "nan", "none", "null", "<na>"}
_DATE_LIKE = re.compile(r"^\d{1,2} [A-Za-z]{3} \d{4},? \d{1,2}:\d{2}")


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return None if value.lower() in _MISSING else value


def _header_map(row: list[str]) -> dict[str, int] | None:
    names = [c.strip().lower().lstrip("\ufeff") for c in row]
    mapping: dict[str, int] = {}
    for idx, name in enumerate(names):
        mapping.setdefault(name, idx)
    has_artist = any(c in mapping for c in _ARTIST_COLUMNS)
    has_title = any(c in mapping for c in _TITLE_COLUMNS)
    has_time = any(c in mapping for c in _TIME_COLUMNS)
    if has_artist and has_title and has_time:
        return mapping
    return None


def _delimiter(text: str) -> str:
    """Comma, or the semicolon or tab that spreadsheets write, whichever the first line uses."""
    first = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=lambda d: (first.count(d), d == ","))


def _first_row(file: InputFile) -> list[str] | None:
    text = file.head_text(8192)
    try:
        return next(csv.reader(io.StringIO(text), delimiter=_delimiter(text)))
    except (StopIteration, csv.Error):
        return None


def detect(file: InputFile) -> bool:
    """A CSV whose header names artist, track and time columns, or a headerless 4-column file
    whose last column is a Last.fm date."""
    row = _first_row(file)
    if not row:
        return False
    if _header_map(row) is not None:
        return True
    return len(row) == 4 and bool(_DATE_LIKE.match(row[3].strip()))


def parse(file: InputFile, out: ParsedHistory) -> None:
    """Append the scrobbles of one CSV file to ``out``."""
    text = file.text()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        first = next(reader, None)
    except csv.Error as exc:
        raise ImportFormatError(f"{file.name}: line 1: not CSV ({exc})") from exc
    if first is None:
        raise ImportFormatError(f"{file.name}: empty file, not a Last.fm export")
    cols = _columns(first, file.name)
    if cols.headerless:
        _add_row(first, 1, cols, file.name, out)
    try:
        for row in reader:
            _add_row(row, reader.line_num, cols, file.name, out)
    except csv.Error as exc:
        raise ImportFormatError(f"{file.name}: line {reader.line_num}: bad CSV ({exc})") from exc


@dataclass(frozen=True, slots=True)
class _Columns:
    """Where the fields are in a row, and how wide the first row was."""

    time: list[int]
    artist: int
    title: int
    album: int | None
    mbid: int | None
    width: int
    headerless: bool

    @property
    def needed(self) -> int:
        """The highest column a row must have."""
        optional = [c for c in (self.album, self.mbid) if c is not None]
        return max([self.artist, self.title, *self.time, *optional])


def _columns(first: list[str], name: str) -> _Columns:
    """The columns from a header row, or the fixed order of a headerless export (artist,
    album, track, date)."""
    header = _header_map(first)
    if header is not None:
        return _Columns(
            time=[header[c] for c in _TIME_COLUMNS if c in header],
            artist=next(header[c] for c in _ARTIST_COLUMNS if c in header),
            title=next(header[c] for c in _TITLE_COLUMNS if c in header),
            album=next((header[c] for c in _ALBUM_COLUMNS if c in header), None),
            mbid=next((header[c] for c in _MBID_COLUMNS if c in header), None),
            width=len(first),
            headerless=False,
        )
    if len(first) == 4 and _DATE_LIKE.match(first[3].strip()):
        return _Columns([3], 0, 2, 1, None, width=4, headerless=True)
    raise ImportFormatError(
        f"{name}: line 1: not a Last.fm CSV (no artist, track and time columns)"
    )


def _add_row(row: list[str], line: int, cols: _Columns, name: str, out: ParsedHistory) -> None:
    """One scrobble row as a play event (blank rows are passed over)."""
    if not row or (len(row) == 1 and not row[0].strip()):
        return
    if len(row) <= cols.needed:
        raise ImportFormatError(f"{name}: line {line}: {len(row)} columns, expected {cols.width}")
    played_at = None
    for col in cols.time:
        played_at = parse_time(row[col])
        if played_at is not None:
            break
    if played_at is None:
        shown = ", ".join(repr(row[c]) for c in cols.time)
        raise ImportFormatError(f"{name}: line {line}: no readable time ({shown})")
    artist = _clean(row[cols.artist])
    title = _clean(row[cols.title])
    if not artist or not title:
        raise ImportFormatError(f"{name}: line {line}: empty artist or track name")
    out.events.append(
        PlayEvent(
            played_at=played_at,
            artist=artist,
            title=title,
            album=_clean(row[cols.album]) if cols.album is not None else None,
            ms_played=None,
            duration_ms=None,
            skipped=False,
            mb_recording_id=_clean(row[cols.mbid]) if cols.mbid is not None else None,
            source=FORMAT,
            origin=f"{name}:{line}",
        )
    )
