"""Last.fm scrobbles in every CSV layout people export them in (docs/history.md, "Import").

1. Web exporter: ``uts,utc_time,artist,artist_mbid,album,album_mbid,track,track_mbid``.
2. ``lastfm-to-csv``: header ``artist,album,track,uts``; or no header and
   ``artist,album,track,"05 Jan 2020 12:34"``.
3. ``utc_time,artist,album,track`` with ``"24 Jan 2023, 09:42"``.
4. Spreadsheet/pandas re-exports: an unnamed index column first, ``date`` or ``timestamp`` +
   ``datetime`` columns, ``NA`` or empty for a missing value.
5. Any CSV whose header names a time, an artist and a track column (``ts,track,artist,album``
   with ISO times and a UTC offset, ``Datum,Künstler,Titel``, ...): see :mod:`.csvcolumns`.

Columns are found by name (or named by the person), so reordered or extra columns work; a spreadsheet's semicolon or tab
separator (and UTF-16 with a BOM, as Excel saves "Unicode text") is accepted too. A scrobble carries no duration and
no skip flag: Last.fm only scrobbles a track played for half its length or four minutes, so
``skipped`` is ``False``. Rows that are not plays (no names, no or an unreadable time, the
"now playing" row without a date, Last.fm's placeholder date) are skipped and counted.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from itertools import islice
from typing import Any

from recommender.history.importers import ImportFormatError, ParsedHistory, PlayEvent
from recommender.history.importers import rows as why
from recommender.history.importers.csvcolumns import (
    SAMPLE_ROWS,
    CsvLayout,
    layout_from_header,
    layout_from_map,
    layout_headerless,
    looks_like_header,
    normalise,
)
from recommender.history.importers.sources import InputFile
from recommender.history.importers.timestamps import is_lastfm_placeholder, read_time

FORMAT = "lastfm"

_MISSING = {"", "na", "nan", "none", "null", "<na>"}
#: How a last row that was cut off by a truncated download reads.
_CUT_OFF = frozenset({why.UNREADABLE_TIME, why.OUT_OF_RANGE})
# real exports carry very long fields now and then (a pasted lyric as a title); the default
# limit of 128 KB would refuse the whole file
csv.field_size_limit(max(csv.field_size_limit(), 1 << 24))


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return None if value.lower() in _MISSING else value


def _delimiter(text: str) -> str:
    """Comma, or the semicolon or tab that spreadsheets write, whichever the first line uses."""
    first = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=lambda d: (first.count(d), d == ","))


def _head_rows(file: InputFile, size: int = 16384) -> list[list[str]]:
    """The complete rows in the first ``size`` bytes (the last, possibly cut, row dropped)."""
    text = file.head_text(size)
    complete = text if len(file.head(size)) < size else text[: text.rfind("\n") + 1]
    try:
        return list(csv.reader(io.StringIO(complete, newline=""), delimiter=_delimiter(text)))
    except csv.Error:
        return []


def detect(file: InputFile) -> bool:
    """A CSV whose header names artist, track and time columns, or a headerless lastfm-to-csv
    file (``artist,album,track,date``, optionally after an index column)."""
    rows = _head_rows(file)
    if not rows:
        return False
    return looks_like_header(rows[0]) or layout_headerless(rows) is not None


def fits_columns(file: InputFile, columns: dict[str, str]) -> bool:
    """Whether a CSV has every column the person named (for files no header spelling finds)."""
    rows = _head_rows(file)
    if not rows or len(rows[0]) < 2:
        return False
    names = {normalise(c) for c in rows[0]}
    return all(
        (v.isdigit() and int(v) <= len(rows[0])) or normalise(v) in names
        for v in columns.values()
        if v and v.lower() not in {"none", "-"}
    )


def _layout(
    first: list[str], sample: list[list[str]], columns: dict[str, str] | None, name: str
) -> CsvLayout:
    """The columns to read: as named by the person, from the header, or a headerless layout."""
    if columns:
        return layout_from_map(columns, first, sample, name)
    layout = layout_from_header(first, sample)
    if layout is not None:
        return layout
    layout = layout_headerless([first, *sample])
    if layout is not None:
        return layout
    raise ImportFormatError(
        f"{name}: line 1: not a scrobbles CSV (no artist, track and time columns); "
        "name them with --map time=COLUMN,artist=COLUMN,track=COLUMN"
    )


def parse(file: InputFile, out: ParsedHistory) -> None:
    """Append the scrobbles of one CSV file to ``out``; rows that are not plays are counted."""
    text = file.text()
    delimiter = _delimiter(text)
    try:
        head = list(
            islice(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), 1 + SAMPLE_ROWS)
        )
    except csv.Error as exc:
        raise ImportFormatError(f"{file.name}: line 1: not CSV ({exc})") from exc
    if not head:
        raise ImportFormatError(f"{file.name}: empty file, not a Last.fm export")
    first = head[0]
    layout = _layout(first, head[1:], out.columns, file.name)
    if out.current is not None:
        out.current.columns = layout.names()
        out.current.header = None if layout.headerless else [c.lstrip("\ufeff") for c in first]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    if not layout.headerless:
        next(reader, None)
    last_bad = _read_rows(_numbered(reader, file.name), layout, file.name, out)
    if last_bad is not None and not text.endswith(("\n", "\r")):
        # a last row cut short: too few fields, or a time cut off mid-value
        raise ImportFormatError(
            f"{file.name}: line {last_bad}: the file ends in the middle of a row "
            "(truncated); nothing was imported"
        )


def _numbered(reader: Any, name: str) -> Iterator[tuple[int, list[str]]]:
    """``(line number, row)`` of every row left in ``reader`` (the line where the row starts)."""
    prev_end = reader.line_num
    try:
        for row in reader:
            yield prev_end + 1, row
            prev_end = reader.line_num
    except csv.Error as exc:
        raise ImportFormatError(f"{name}: line {prev_end + 1}: bad CSV ({exc})") from exc


def _row_time(row: list[str], layout: CsvLayout) -> tuple[float | None, str | None]:
    """The play's time from the first time column that holds one, or the reason there is none."""
    first_reason = None
    for n, col in enumerate(layout.time):
        value = row[col]
        if n == 0 and layout.clock is not None:
            value = f"{value.strip()} {row[layout.clock].strip()}"
        seconds, reason = read_time(value)
        if seconds is not None:
            if is_lastfm_placeholder(seconds):
                return None, why.PLACEHOLDER
            return seconds, None
        first_reason = first_reason or reason
    if first_reason == why.NO_TIME:
        return None, why.NOW_PLAYING  # lastfm-to-csv repeats the playing track without a date
    return None, first_reason


def _read_rows(
    numbered: Iterator[tuple[int, list[str]]], layout: CsvLayout, name: str, out: ParsedHistory
) -> int | None:
    """Every data row as a play or a skipped row; returns the line of the last row when it was
    skipped in a way a truncated file ends (too few fields, a time cut off), else ``None``."""
    needed = layout.needed
    width = max(layout.width, needed + 1)
    album_col, mbid_col = layout.album, layout.mbid
    events = out.events
    last_bad = None
    for line, row in numbered:
        last_bad = line
        if len(row) <= needed or (len(row) > width and any(c.strip() for c in row[width:])):
            if not row or (len(row) == 1 and not row[0].strip()):
                last_bad = None
                continue  # a blank line
            out.skip(why.WRONG_COLUMNS, line)  # too short, or a field with an unquoted comma
            continue
        artist = _clean(row[layout.artist])
        title = _clean(row[layout.title])
        if not artist or not title:
            out.skip(why.EMPTY_NAME, line)
            last_bad = None
            continue
        played_at, reason = _row_time(row, layout)
        if played_at is None:
            out.skip(reason or why.UNREADABLE_TIME, line)
            if reason not in _CUT_OFF:
                last_bad = None
            continue
        last_bad = None
        events.append(
            PlayEvent(
                played_at=played_at,
                artist=artist,
                title=title,
                album=_clean(row[album_col]) if album_col is not None else None,
                ms_played=None,
                duration_ms=None,
                skipped=False,
                mb_recording_id=_clean(row[mbid_col]) if mbid_col is not None else None,
                source=FORMAT,
                origin=f"{name}:{line}",
            )
        )
    return last_bad
