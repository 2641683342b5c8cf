"""Which columns of a scrobbles CSV hold the time, the artist, the track and the album.

A header names them in any order and in many spellings and languages (``ts``, ``played_at``,
``Datum``, ``fecha``, ``时间``; ``artist_name``, ``Künstler``, ``歌手``; ``title``, ``song``,
``Titel``, ``canción``, ``歌曲`` ...). Where several columns could be the time, the finest one wins,
judged from the values of the first rows (seconds over minutes over a day), so plays are never
collapsed to a day; a date column beside a time-of-day column is read as the two together. Files
without a header are recognised by their shape: ``artist,album,track,date`` (lastfm-to-csv) with
or without a leading index column. A person can name the columns instead (``--map`` on the command
line, the import preview in the window); see docs/history.md, "Column mapping".
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from statistics import median

from recommender.history.importers.sources import ImportFormatError
from recommender.history.importers.timestamps import time_precision

#: Roles a column can play (``--map`` keys); ``title`` is accepted for ``track``.
ROLES = ("time", "artist", "track", "album")
_ALIASES = {"title": "track", "song": "track", "date": "time", "timestamp": "time"}


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


#: Header spellings per role, normalised (see :func:`normalise`), in order of preference.
SPELLINGS: dict[str, tuple[str, ...]] = {
    "time": _words(
        """uts timestamp ts played_at utc_time datetime date_time listened_at scrobble_time
        scrobbled_at played play_time time_played start_time end_time endtime unix_time unixtime
        epoch when date time utc zeitstempel gespielt_am wiedergabezeit datum zeit horodatage
        date_heure ecoute_le heure marca_de_tiempo fecha_hora fecha reproducido data_ora data
        时间戳 播放时间 时间 日期 日時 再生日時 дата время"""
    ),
    "artist": _words(
        """artist artist_name artistname artists performer band creator interpret kunstler
        artiste interprete artista 艺术家 歌手 艺人 演唱者 アーティスト исполнитель артист"""
    ),
    "track": _words(
        """track title track_name trackname track_title song song_name song_title name titel
        stuck lied titre morceau chanson titulo cancion pista tema brano 歌曲 歌名 曲名 标题
        名称 タイトル название трек песня"""
    ),
    "album": _words(
        """album album_name albumname album_title release release_name record disco 专辑
        アルバム альбом"""
    ),
    "mbid": ("track_mbid", "recording_mbid", "recording_id", "mbid"),
}
_CLOCK_NAMES = frozenset({"time", "zeit", "uhrzeit", "heure", "hora", "ora", "时间", "время"})
_CLOCK = re.compile(r"^\d{1,2}:\d{2}(:\d{2})?$")
_DATE_LIKE = re.compile(r"^\d{1,2} [A-Za-z]{3} \d{4},? \d{1,2}:\d{2}")
_SEPARATORS = re.compile(r"[^\w]+")
#: Rows of a file looked at to choose among time columns and to recognise a headerless file.
SAMPLE_ROWS = 200


def normalise(name: str) -> str:
    """A header name compared by: accents and case folded, separators turned into ``_``."""
    text = unicodedata.normalize("NFKD", name.strip().lstrip("\ufeff"))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return _SEPARATORS.sub("_", text).strip("_")


@dataclass(slots=True)
class CsvLayout:
    """Where the fields are in a row (column indexes), as chosen or as the person named them.

    ``time`` lists the time columns to try in order (the finest first); ``clock`` is a
    time-of-day column read together with the first time column (a date).
    """

    time: list[int]
    artist: int
    title: int
    album: int | None = None
    mbid: int | None = None
    clock: int | None = None
    headerless: bool = False
    header: list[str] | None = None
    width: int = 0
    needed: int = field(init=False, default=0)

    def __post_init__(self) -> None:
        optional = [c for c in (self.album, self.mbid, self.clock) if c is not None]
        self.needed = max([self.artist, self.title, *self.time, *optional])

    def names(self) -> dict[str, str]:
        """Role -> column name (``"column N"`` for a file without a header)."""

        def name(col: int) -> str:
            if self.header is not None and col < len(self.header):
                return self.header[col].strip().lstrip("\ufeff") or f"column {col + 1}"
            return f"column {col + 1}"

        out = {"time": name(self.time[0]), "artist": name(self.artist), "track": name(self.title)}
        if self.clock is not None:
            out["time"] += " + " + name(self.clock)
        if self.album is not None:
            out["album"] = name(self.album)
        return out


def _candidates(header: Sequence[str]) -> dict[str, list[int]]:
    """Column indexes per role, in order of spelling preference (a column serves one role)."""
    names = [normalise(c) for c in header]
    out: dict[str, list[int]] = {}
    used: set[int] = set()
    for role in ("artist", "track", "album", "mbid", "time"):
        found: list[int] = []
        for spelling in SPELLINGS[role]:
            found.extend(i for i, n in enumerate(names) if n == spelling and i not in used)
        used.update(found[:1] if role != "time" else found)
        out[role] = found
    return out


def looks_like_header(row: Sequence[str]) -> bool:
    """Whether a first row names a time, an artist and a track column."""
    found = _candidates(row)
    return bool(found["time"] and found["artist"] and found["track"])


def _precision(rows: Sequence[Sequence[str]], col: int) -> tuple[int, float]:
    """``(typical precision, share of non-empty values that are times)`` of one column."""
    values = [r[col].strip() for r in rows if col < len(r) and r[col].strip()]
    if not values:
        return 0, 0.0
    precisions = [time_precision(v) for v in values[:SAMPLE_ROWS]]
    readable = [p for p in precisions if p]
    if not readable:
        return 0, 0.0
    return int(median(readable)), len(readable) / len(precisions)


def _clock_column(header: Sequence[str], rows: Sequence[Sequence[str]], skip: int) -> int | None:
    """A time-of-day column (``12:34``) to read beside a date column."""
    for i, name in enumerate(header):
        if i == skip or normalise(name) not in _CLOCK_NAMES:
            continue
        values = [r[i].strip() for r in rows if i < len(r) and r[i].strip()]
        if values and all(_CLOCK.match(v) for v in values[:SAMPLE_ROWS]):
            return i
    return None


def _time_columns(
    header: Sequence[str], rows: Sequence[Sequence[str]], candidates: list[int]
) -> tuple[list[int], int | None]:
    """The time columns to try, the finest first, and a time-of-day column to add to a date.

    A column whose values are mostly not times is left out when another one is; coarser columns
    are only kept as fallbacks when they still place a play within its minute.
    """
    if not rows:
        return candidates, None
    judged = [(col, *_precision(rows, col)) for col in candidates]
    usable = [j for j in judged if j[2] >= 0.5] or judged
    order = {col: n for n, col in enumerate(candidates)}
    usable.sort(key=lambda j: (-j[1], order[j[0]]))
    best, best_precision = usable[0][0], usable[0][1]
    clock = _clock_column(header, rows, best) if best_precision == 1 else None
    fallbacks = [col for col, prec, _share in usable[1:] if prec >= min(2, best_precision)]
    return [best, *fallbacks], clock


def layout_from_header(header: list[str], rows: Sequence[Sequence[str]]) -> CsvLayout | None:
    """The layout a header names, choosing the finest time column from ``rows``; ``None``
    when the header lacks a time, an artist or a track column."""
    found = _candidates(header)
    if not (found["time"] and found["artist"] and found["track"]):
        return None
    time, clock = _time_columns(header, rows, found["time"])
    return CsvLayout(
        time=time,
        artist=found["artist"][0],
        title=found["track"][0],
        album=found["album"][0] if found["album"] else None,
        mbid=found["mbid"][0] if found["mbid"] else None,
        clock=clock,
        header=header,
        width=len(header),
    )


def _index_cell(text: str) -> bool:
    return text.strip().isdigit()


def layout_headerless(rows: Sequence[Sequence[str]]) -> CsvLayout | None:
    """``artist,album,track,date`` (lastfm-to-csv), optionally after an index column, recognised
    when most sampled rows have that width and a Last.fm date (or a blank "now playing" date)."""
    sample = [r for r in rows[:SAMPLE_ROWS] if r and any(c.strip() for c in r)]
    if not sample:
        return None
    width, count = Counter(len(r) for r in sample).most_common(1)[0]
    if width not in (4, 5) or count * 10 < len(sample) * 9:
        return None  # a broken row or two among the first ones is allowed
    sample = [r for r in sample if len(r) == width]
    dated = [r for r in sample if r[-1].strip()]
    if not dated or sum(bool(_DATE_LIKE.match(r[-1].strip())) for r in dated) * 2 <= len(dated):
        return None
    if width == 5:
        if not all(_index_cell(r[0]) for r in sample):
            return None
        return CsvLayout([4], 1, 3, 2, headerless=True, width=5)
    return CsvLayout([3], 0, 2, 1, headerless=True, width=4)


def parse_column_map(text: str) -> dict[str, str]:
    """``time=ts,artist=Artist,track=title`` as ``{"time": "ts", ...}``.

    Raises
    ------
    ImportFormatError
        For a role that is not one of :data:`ROLES` or an entry without ``=``.
    """
    out: dict[str, str] = {}
    for part in text.split(","):
        if not part.strip():
            continue
        role, sep, column = part.partition("=")
        role = _ALIASES.get(role.strip().lower(), role.strip().lower())
        if not sep or role not in ROLES:
            raise ImportFormatError(
                f"--map: {part.strip()!r} is not ROLE=COLUMN with ROLE one of {', '.join(ROLES)}"
            )
        out[role] = column.strip()
    return out


def _find_column(header: list[str] | None, column: str, file: str) -> int:
    """The index of a column given by name (header) or by 1-based number."""
    if column.isdigit() and int(column) >= 1:
        return int(column) - 1
    if header is not None:
        wanted = normalise(column)
        for i, name in enumerate(header):
            if normalise(name) == wanted:
                return i
    shown = ", ".join(repr(h) for h in header or [])
    raise ImportFormatError(f"{file}: line 1: no column named {column!r} (columns: {shown})")


def _mapped_header(columns: dict[str, str], first: list[str]) -> list[str] | None:
    """The header row, or ``None`` when every named column is a number and the first row's
    time column already holds a time (a file without a header)."""
    if "time" not in columns or not all(v.isdigit() for v in columns.values() if v):
        return first
    t = int(columns["time"]) - 1
    if t < len(first) and time_precision(first[t]) > 0:
        return None
    return first


def _pick(
    columns: dict[str, str], role: str, header: list[str] | None, default: int | None, file: str
) -> int | None:
    """The column of one role: as named, ``None`` for ``none``, else the header's choice."""
    value = columns.get(role)
    if value is None:
        return default
    if value == "" or value.lower() in {"none", "-"}:
        return None
    return _find_column(header, value, file)


def layout_from_map(
    columns: dict[str, str], first: list[str], rows: Sequence[Sequence[str]], file: str
) -> CsvLayout:
    """The layout the person named; roles left out are found from the header when there is one.

    The first row is a header unless every named column is a number and the first row's time
    column already holds a time.
    """
    header = _mapped_header(columns, first)
    auto = layout_from_header(first, rows) if header is not None else None
    defaults = {
        "time": auto.time[0] if auto else None,
        "artist": auto.artist if auto else None,
        "track": auto.title if auto else None,
        "album": auto.album if auto else None,
    }
    chosen = {role: _pick(columns, role, header, defaults[role], file) for role in ROLES}
    missing = [r for r in ("time", "artist", "track") if chosen[r] is None]
    if missing:
        raise ImportFormatError(
            f"{file}: line 1: no {', '.join(missing)} column; name it with --map "
            f"{missing[0]}=COLUMN"
        )
    time, artist, title = (int(chosen[r] or 0) for r in ("time", "artist", "track"))
    return CsvLayout(
        time=auto.time if auto and "time" not in columns else [time],
        artist=artist,
        title=title,
        album=chosen["album"],
        mbid=auto.mbid if auto else None,
        clock=auto.clock if auto and "time" not in columns else None,
        headerless=header is None,
        header=header,
        width=len(first),
    )
