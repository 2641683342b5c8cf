"""Listening statistics from ``history.db``, aggregated inside SQLite.

Every query groups in SQL (by week, by day, by artist, by weekday and hour), so at most a few
thousand rows reach Python however many plays the history holds (the Stats page of docs/gui.md
stays responsive at 1,000,000 plays). Times are bucketed with integer arithmetic on the UTC
timestamp shifted by the local offset rather than with ``strftime`` per row, which would cost
about half a second per million plays; the offset is the current one (a daylight-saving change
moves plays near midnight by an hour, which a picture of habits can live with).

This module only reads: it opens its own read-only connection and never changes the schema.
"""

from __future__ import annotations

import datetime as _dt
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

DAY = 86400
WEEK = 7 * DAY
#: 1970-01-05, the first Monday after the epoch: weeks start on Mondays.
MONDAY_OFFSET = 4 * DAY

#: The skip rule of issue 4 for plays whose source gave no flag.
SKIP_MIN_MS = 30000
SKIP_FRACTION = 0.5

#: ``skip`` is 1 for a skip, 0 for a play that was heard, NULL when nothing tells.
_SKIP_SQL = f"""
CASE
    WHEN skipped IS NOT NULL THEN skipped
    WHEN ms_played IS NULL THEN NULL
    WHEN duration_ms IS NOT NULL AND duration_ms > 0
        THEN ms_played < MIN({SKIP_MIN_MS}, {SKIP_FRACTION} * duration_ms)
    ELSE ms_played < {SKIP_MIN_MS}
END
"""

TOP_KINDS = ("artist", "album", "track")


@dataclass
class Period:
    """A half-open time range ``[start, end)`` in UTC seconds (``None``: unbounded)."""

    start: float | None = None
    end: float | None = None

    def where(self) -> tuple[str, list[float]]:
        clauses, params = [], []
        if self.start is not None:
            clauses.append("played_at >= ?")
            params.append(self.start)
        if self.end is not None:
            clauses.append("played_at < ?")
            params.append(self.end)
        return (" AND ".join(clauses) or "1"), params


@dataclass
class Overview:
    """The numbers at the top of the Stats page."""

    plays: int = 0
    hours: float = 0.0
    artists: int = 0
    first: float | None = None
    last: float | None = None


@dataclass
class TopRow:
    label: str
    artist: str
    plays: int


@dataclass
class Stats:
    """Everything the Stats page draws, for one period."""

    overview: Overview = field(default_factory=Overview)
    weeks: list[tuple[float, int]] = field(default_factory=list)
    top: dict[str, list[TopRow]] = field(default_factory=dict)
    clock: list[list[int]] = field(default_factory=lambda: [[0] * 24 for _ in range(7)])
    discoveries: list[tuple[str, int]] = field(default_factory=list)
    skip_rate: list[tuple[str, float, int]] = field(default_factory=list)


def local_offset(now: float | None = None) -> int:
    """Seconds east of UTC of the local time zone at ``now``."""
    moment = time.time() if now is None else now
    offset = _dt.datetime.fromtimestamp(moment).astimezone().utcoffset()
    return int(offset.total_seconds()) if offset is not None else 0


@contextmanager
def open_history(data_dir: Path) -> Iterator[sqlite3.Connection | None]:
    """A read-only connection to ``history.db`` (``None`` when there is no history yet)."""
    path = Path(data_dir) / "history.db"
    if not path.exists():
        yield None
        return
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30.0, check_same_thread=False)
    try:
        yield conn
    finally:
        conn.close()


def overview(conn: sqlite3.Connection, period: Period) -> Overview:
    """Plays, hours heard (``ms_played``, else the track length), distinct artists.

    Parameters
    ----------
    conn : sqlite3.Connection
        A connection to ``history.db``.
    period : Period
        The time range.

    Returns
    -------
    Overview
    """
    where, params = period.where()
    row = conn.execute(
        f"SELECT COUNT(*), SUM(COALESCE(ms_played, duration_ms, 0)), MIN(played_at), "
        f"MAX(played_at) FROM plays WHERE {where}",
        params,
    ).fetchone()
    artists = conn.execute(
        f"SELECT COUNT(DISTINCT artist) FROM plays WHERE {where} AND artist != ''", params
    ).fetchone()[0]
    return Overview(
        plays=int(row[0] or 0),
        hours=(row[1] or 0) / 3_600_000,
        artists=int(artists or 0),
        first=row[2],
        last=row[3],
    )


def plays_per_week(
    conn: sqlite3.Connection, period: Period, *, offset: int = 0
) -> list[tuple[float, int]]:
    """``(week start as UTC seconds, plays)`` for every week with plays, oldest first.

    Parameters
    ----------
    conn : sqlite3.Connection
        A connection to ``history.db``.
    period : Period
        The time range.
    offset : int
        Seconds east of UTC: weeks start on local Mondays at midnight.

    Returns
    -------
    list of tuple
    """
    where, params = period.where()
    rows = conn.execute(
        f"SELECT CAST((played_at + ? - {MONDAY_OFFSET}) / {WEEK} AS INTEGER) - "
        f"(played_at + ? - {MONDAY_OFFSET} < 0) AS w, COUNT(*) FROM plays WHERE {where} "
        "GROUP BY w ORDER BY w",
        [offset, offset, *params],
    ).fetchall()
    return [(w * WEEK + MONDAY_OFFSET - offset, int(n)) for w, n in rows]


def top(conn: sqlite3.Connection, kind: str, period: Period, *, limit: int = 10) -> list[TopRow]:
    """The most played artists, albums or tracks in ``period``.

    Parameters
    ----------
    conn : sqlite3.Connection
        A connection to ``history.db``.
    kind : {'artist', 'album', 'track'}
        What to count.
    period : Period
        The time range.
    limit : int
        How many rows.

    Returns
    -------
    list of TopRow
        Most played first; ties by name.
    """
    if kind not in TOP_KINDS:
        raise ValueError(f"unknown kind {kind!r}; use one of {', '.join(TOP_KINDS)}")
    where, params = period.where()
    if kind == "artist":
        sql = (
            f"SELECT artist, '', COUNT(*) AS n FROM plays WHERE {where} AND artist != '' "
            "GROUP BY artist ORDER BY n DESC, artist LIMIT ?"
        )
    elif kind == "album":
        sql = (
            f"SELECT album, artist, COUNT(*) AS n FROM plays WHERE {where} "
            "AND album IS NOT NULL AND album != '' GROUP BY album, artist "
            "ORDER BY n DESC, album LIMIT ?"
        )
    else:
        sql = (
            f"SELECT title, artist, COUNT(*) AS n FROM plays WHERE {where} AND title != '' "
            "GROUP BY title, artist ORDER BY n DESC, title LIMIT ?"
        )
    return [TopRow(str(a), str(b or ""), int(n)) for a, b, n in conn.execute(sql, [*params, limit])]


def listening_clock(
    conn: sqlite3.Connection, period: Period, *, offset: int = 0
) -> list[list[int]]:
    """Plays by local weekday (0 = Monday) and hour: a 7 x 24 table of counts.

    Parameters
    ----------
    conn : sqlite3.Connection
        A connection to ``history.db``.
    period : Period
        The time range.
    offset : int
        Seconds east of UTC.

    Returns
    -------
    list of list of int
        ``clock[weekday][hour]``.
    """
    where, params = period.where()
    # 1970-01-01 was a Thursday (weekday 3 with Monday = 0).
    rows = conn.execute(
        f"SELECT CAST((played_at + ?) / {DAY} AS INTEGER) AS d, "
        f"CAST(((played_at + ?) % {DAY}) / 3600 AS INTEGER) AS h, COUNT(*) "
        f"FROM plays WHERE {where} AND played_at + ? >= 0 GROUP BY d, h",
        [offset, offset, *params, offset],
    ).fetchall()
    clock = [[0] * 24 for _ in range(7)]
    for day, hour, n in rows:
        clock[(int(day) + 3) % 7][min(int(hour), 23)] += int(n)
    return clock


def _month(day: int) -> str:
    return (_dt.date(1970, 1, 1) + _dt.timedelta(days=int(day))).strftime("%Y-%m")


def discoveries_per_month(
    conn: sqlite3.Connection, period: Period, *, offset: int = 0
) -> list[tuple[str, int]]:
    """``(YYYY-MM, artists first played that month)``, for first plays inside ``period``.

    An artist's first play is looked for in the whole history, so an artist heard before the
    period is never a discovery in it.

    Parameters
    ----------
    conn : sqlite3.Connection
        A connection to ``history.db``.
    period : Period
        The time range of the first plays.
    offset : int
        Seconds east of UTC.

    Returns
    -------
    list of tuple
        Oldest month first; months without a discovery are left out.
    """
    where, params = period.where()
    where = where.replace("played_at", "first")
    rows = conn.execute(
        f"SELECT CAST((first + ?) / {DAY} AS INTEGER) AS d, COUNT(*) FROM "
        "(SELECT MIN(played_at) AS first FROM plays WHERE artist != '' GROUP BY artist) "
        f"WHERE {where} GROUP BY d ORDER BY d",
        [offset, *params],
    ).fetchall()
    months: dict[str, int] = {}
    for day, n in rows:
        key = _month(day)
        months[key] = months.get(key, 0) + int(n)
    return list(months.items())


def skip_rate_per_month(
    conn: sqlite3.Connection, period: Period, *, offset: int = 0
) -> list[tuple[str, float, int]]:
    """``(YYYY-MM, share of plays skipped, plays that tell)`` per month.

    A play tells when its source flagged it or reported the time played (a scrobble does
    neither and is left out of the share).

    Parameters
    ----------
    conn : sqlite3.Connection
        A connection to ``history.db``.
    period : Period
        The time range.
    offset : int
        Seconds east of UTC.

    Returns
    -------
    list of tuple
        Oldest month first; months where no play tells are left out.
    """
    where, params = period.where()
    rows = conn.execute(
        f"SELECT CAST((played_at + ?) / {DAY} AS INTEGER) AS d, SUM(s), COUNT(s) FROM "
        f"(SELECT played_at, {_SKIP_SQL} AS s FROM plays WHERE {where}) GROUP BY d ORDER BY d",
        [offset, *params],
    ).fetchall()
    months: dict[str, list[int]] = {}
    for day, skips, known in rows:
        entry = months.setdefault(_month(day), [0, 0])
        entry[0] += int(skips or 0)
        entry[1] += int(known or 0)
    return [(m, s / k, k) for m, (s, k) in months.items() if k]


CACHE_FILE = "stats-cache.db"
_CACHE_VERSION = 2
_CACHE_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS hours (
    h INTEGER PRIMARY KEY, plays INTEGER NOT NULL, ms INTEGER NOT NULL,
    skips INTEGER NOT NULL, known INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS artist_days (
    artist TEXT NOT NULL, day INTEGER NOT NULL, plays INTEGER NOT NULL,
    PRIMARY KEY (artist, day)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS artist_days_day ON artist_days(day);
CREATE TABLE IF NOT EXISTS track_months (
    title TEXT NOT NULL, artist TEXT NOT NULL, album TEXT NOT NULL, month INTEGER NOT NULL,
    plays INTEGER NOT NULL, PRIMARY KEY (title, artist, album, month)
) WITHOUT ROWID;
"""


def _cache_meta(conn: sqlite3.Connection) -> dict[str, int]:
    return {k: int(v) for k, v in conn.execute("SELECT key, value FROM cache.meta")}


def _cache_add(conn: sqlite3.Connection, after_id: int) -> None:
    """Fold the plays with ``id > after_id`` into the hourly and per-artist-day rollups."""
    conn.execute(
        "INSERT INTO cache.hours (h, plays, ms, skips, known) "
        f"SELECT CAST(played_at / 3600 AS INTEGER) - (played_at < 0), COUNT(*), "
        f"SUM(COALESCE(ms_played, duration_ms, 0)), SUM(COALESCE(s, 0)), COUNT(s) FROM "
        f"(SELECT played_at, ms_played, duration_ms, {_SKIP_SQL} AS s FROM main.plays "
        "WHERE id > ?) WHERE 1 GROUP BY 1 "
        "ON CONFLICT(h) DO UPDATE SET plays = plays + excluded.plays, ms = ms + excluded.ms, "
        "skips = skips + excluded.skips, known = known + excluded.known",
        [after_id],
    )
    conn.execute(
        "INSERT INTO cache.artist_days (artist, day, plays) "
        f"SELECT artist, CAST(played_at / {DAY} AS INTEGER) - (played_at < 0), COUNT(*) "
        "FROM main.plays WHERE id > ? AND artist != '' GROUP BY 1, 2 "
        "ON CONFLICT(artist, day) DO UPDATE SET plays = plays + excluded.plays",
        [after_id],
    )
    # months as YYYYMM in UTC: strftime per play, but only for plays not folded in before
    conn.execute(
        "INSERT INTO cache.track_months (title, artist, album, month, plays) "
        "SELECT title, artist, COALESCE(album, ''), "
        "CAST(strftime('%Y%m', played_at, 'unixepoch') AS INTEGER), COUNT(*) "
        "FROM main.plays WHERE id > ? GROUP BY 1, 2, 3, 4 "
        "ON CONFLICT(title, artist, album, month) DO UPDATE SET plays = plays + excluded.plays",
        [after_id],
    )


def sync_cache(conn: sqlite3.Connection, cache_path: Path, *, check: bool = False) -> str:
    """Bring the rollups in ``cache_path`` up to date with the plays of ``conn``.

    The rollups (plays per UTC hour, plays per artist and UTC day) are derived data kept in
    their own file beside ``history.db``: new plays (a higher ``id``) are folded in with one
    grouped ``INSERT … SELECT`` inside SQLite; when plays were removed or the file is from
    another version, it is rebuilt from scratch.

    Parameters
    ----------
    conn : sqlite3.Connection
        A connection to ``history.db`` (read-only is enough).
    cache_path : Path
        The cache file (created when missing).
    check : bool
        Also count the plays (one index scan) to notice removed plays.

    Returns
    -------
    str
        ``current``, ``updated`` or ``rebuilt``.
    """
    conn.execute("ATTACH DATABASE ? AS cache", [str(cache_path)])
    try:
        conn.executescript(_CACHE_SCHEMA.replace("EXISTS ", "EXISTS cache."))
        meta = _cache_meta(conn)
        max_id = conn.execute("SELECT COALESCE(MAX(id), 0) FROM main.plays").fetchone()[0]
        rebuild = meta.get("version") != _CACHE_VERSION or max_id < meta.get("max_id", 0)
        if check and not rebuild:
            count = conn.execute("SELECT COUNT(*) FROM main.plays").fetchone()[0]
            rebuild = (
                count
                != meta.get("count", -1)
                + (
                    conn.execute(
                        "SELECT COUNT(*) FROM main.plays WHERE id > ?", [meta.get("max_id", 0)]
                    ).fetchone()[0]
                )
            )
        if not rebuild and max_id == meta.get("max_id"):
            return "current"
        conn.execute("BEGIN")
        if rebuild:
            conn.execute("DELETE FROM cache.hours")
            conn.execute("DELETE FROM cache.artist_days")
            conn.execute("DELETE FROM cache.track_months")
            meta = {"max_id": 0, "count": 0}
        after = meta.get("max_id", 0)
        added = conn.execute("SELECT COUNT(*) FROM main.plays WHERE id > ?", [after]).fetchone()[0]
        _cache_add(conn, after)
        conn.executemany(
            "INSERT OR REPLACE INTO cache.meta (key, value) VALUES (?, ?)",
            [
                ("version", _CACHE_VERSION),
                ("max_id", max_id),
                ("count", meta.get("count", 0) + added),
            ],
        )
        conn.execute("COMMIT")
        return "rebuilt" if rebuild else "updated"
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.execute("DETACH DATABASE cache")


@contextmanager
def open_rollups(data_dir: Path, *, check: bool = False) -> Iterator[sqlite3.Connection | None]:
    """The rollups of ``data_dir``, brought up to date (``None`` when there is no history).

    Parameters
    ----------
    data_dir : Path
        The data folder.
    check : bool
        Also notice removed plays (costs one index scan of the plays).

    Yields
    ------
    sqlite3.Connection or None
        A connection to the cache file.
    """
    data_dir = Path(data_dir)
    cache_path = data_dir / CACHE_FILE
    with open_history(data_dir) as conn:
        if conn is None:
            yield None
            return
        conn.isolation_level = None
        try:
            sync_cache(conn, cache_path, check=check)
        except sqlite3.DatabaseError:  # a damaged cache is derived data: start it again
            cache_path.unlink(missing_ok=True)
            sync_cache(conn, cache_path, check=check)
    cache = sqlite3.connect(cache_path, timeout=30.0, check_same_thread=False)
    try:
        yield cache
    finally:
        cache.close()


def _hour_where(period: Period) -> tuple[str, list[float]]:
    clauses, params = [], []
    if period.start is not None:
        clauses.append("h >= ?")
        params.append(period.start // 3600)
    if period.end is not None:
        clauses.append("h < ?")
        params.append(-(-period.end // 3600))
    return (" AND ".join(clauses) or "1"), params


def rollup_overview(cache: sqlite3.Connection, period: Period) -> Overview:
    """:func:`overview` from the hourly rollup (the period is rounded to whole hours)."""
    where, params = _hour_where(period)
    plays, ms, first, last = cache.execute(
        f"SELECT SUM(plays), SUM(ms), MIN(h), MAX(h) FROM hours WHERE {where}", params
    ).fetchone()
    dwhere = where.replace("h >=", "day * 24 >=").replace("h <", "day * 24 <")
    artists = cache.execute(
        f"SELECT COUNT(DISTINCT artist) FROM artist_days WHERE {dwhere}", params
    ).fetchone()[0]
    return Overview(
        plays=int(plays or 0),
        hours=(ms or 0) / 3_600_000,
        artists=int(artists or 0),
        first=None if first is None else first * 3600.0,
        last=None if last is None else last * 3600.0 + 3599,
    )


def rollup_weeks(
    cache: sqlite3.Connection, period: Period, *, offset: int = 0
) -> list[tuple[float, int]]:
    """:func:`plays_per_week` from the hourly rollup."""
    where, params = _hour_where(period)
    rows = cache.execute(
        f"SELECT CAST((h * 3600 + ? - {MONDAY_OFFSET}) / {WEEK} AS INTEGER) AS w, SUM(plays) "
        f"FROM hours WHERE {where} GROUP BY w ORDER BY w",
        [offset, *params],
    ).fetchall()
    return [(w * WEEK + MONDAY_OFFSET - offset, int(n)) for w, n in rows]


def rollup_clock(cache: sqlite3.Connection, period: Period, *, offset: int = 0) -> list[list[int]]:
    """:func:`listening_clock` from the hourly rollup (offsets in whole hours)."""
    where, params = _hour_where(period)
    shift = round(offset / 3600)
    clock = [[0] * 24 for _ in range(7)]
    for h, n in cache.execute(f"SELECT h + ?, plays FROM hours WHERE {where}", [shift, *params]):
        clock[(h // 24 + 3) % 7][h % 24] += int(n)
    return clock


def rollup_skip_rate(
    cache: sqlite3.Connection, period: Period, *, offset: int = 0
) -> list[tuple[str, float, int]]:
    """:func:`skip_rate_per_month` from the hourly rollup."""
    where, params = _hour_where(period)
    rows = cache.execute(
        f"SELECT CAST((h * 3600 + ?) / {DAY} AS INTEGER) AS d, SUM(skips), SUM(known) "
        f"FROM hours WHERE {where} GROUP BY d ORDER BY d",
        [offset, *params],
    ).fetchall()
    months: dict[str, list[int]] = {}
    for day, skips, known in rows:
        entry = months.setdefault(_month(day), [0, 0])
        entry[0] += int(skips or 0)
        entry[1] += int(known or 0)
    return [(m, s / k, k) for m, (s, k) in months.items() if k]


def rollup_top_artists(
    cache: sqlite3.Connection, period: Period, *, limit: int = 10
) -> list[TopRow]:
    """:func:`top` artists from the per-artist-day rollup (the period in whole UTC days)."""
    where, params = _day_where(period)
    return [
        TopRow(str(a), "", int(n))
        for a, n in cache.execute(
            f"SELECT artist, SUM(plays) AS n FROM artist_days WHERE {where} "
            "GROUP BY artist ORDER BY n DESC, artist LIMIT ?",
            [*params, limit],
        )
    ]


def _day_where(period: Period) -> tuple[str, list[float]]:
    clauses, params = [], []
    if period.start is not None:
        clauses.append("day >= ?")
        params.append(period.start // DAY)
    if period.end is not None:
        clauses.append("day < ?")
        params.append(-(-period.end // DAY))
    return (" AND ".join(clauses) or "1"), params


def rollup_discoveries(
    cache: sqlite3.Connection, period: Period, *, offset: int = 0
) -> list[tuple[str, int]]:
    """:func:`discoveries_per_month` from the per-artist-day rollup (by UTC day)."""
    where, params = _day_where(period)
    rows = cache.execute(
        "SELECT first, COUNT(*) FROM (SELECT MIN(day) AS first FROM artist_days GROUP BY artist) "
        f"WHERE {where.replace('day', 'first')} GROUP BY first ORDER BY first",
        params,
    ).fetchall()
    months: dict[str, int] = {}
    for day, n in rows:
        key = _month(day)
        months[key] = months.get(key, 0) + int(n)
    return list(months.items())


def first_stats(data_dir: Path, period: Period, *, offset: int | None = None) -> Stats:
    """The overview and the weekly plays only, from the rollups (the page's first chart).

    Parameters
    ----------
    data_dir : Path
        The data folder holding ``history.db``.
    period : Period
        The time range.
    offset : int, optional
        Seconds east of UTC (default: the local zone now).

    Returns
    -------
    Stats
    """
    off = local_offset() if offset is None else offset
    with open_rollups(data_dir) as cache:
        if cache is None:
            return Stats()
        return Stats(
            overview=rollup_overview(cache, period), weeks=rollup_weeks(cache, period, offset=off)
        )


def rollup_stats(
    data_dir: Path,
    period: Period,
    *,
    offset: int | None = None,
    top_limit: int = 10,
    check: bool = False,
) -> Stats:
    """Every figure that the rollups give: all but the top albums and tracks.

    Parameters
    ----------
    data_dir : Path
        The data folder holding ``history.db``.
    period : Period
        The time range.
    offset : int, optional
        Seconds east of UTC (default: the local zone now).
    top_limit : int
        Rows in the top artists.
    check : bool
        Also notice removed plays (one index scan of the plays).

    Returns
    -------
    Stats
    """
    off = local_offset() if offset is None else offset
    with open_rollups(data_dir, check=check) as cache:
        if cache is None:
            return Stats()
        return Stats(
            overview=rollup_overview(cache, period),
            weeks=rollup_weeks(cache, period, offset=off),
            top={"artist": rollup_top_artists(cache, period, limit=top_limit)},
            clock=rollup_clock(cache, period, offset=off),
            discoveries=rollup_discoveries(cache, period, offset=off),
            skip_rate=rollup_skip_rate(cache, period, offset=off),
        )


#: Periods starting less than this long ago count top albums and tracks over the plays
#: themselves (few rows, an index range); longer ones use the monthly rollup.
SHORT_PERIOD = 100 * DAY


def rollup_top(
    cache: sqlite3.Connection, kind: str, period: Period, *, limit: int = 10
) -> list[TopRow]:
    """Top albums or tracks from the monthly rollup: whole UTC months, the first one included.

    Parameters
    ----------
    cache : sqlite3.Connection
        The rollups.
    kind : {'album', 'track'}
        What to count.
    period : Period
        The time range (rounded out to whole months).
    limit : int
        How many rows.

    Returns
    -------
    list of TopRow
    """
    clauses, params = [], []
    for bound, op in ((period.start, ">="), (period.end, "<=")):
        if bound is not None:
            clauses.append(f"month {op} ?")
            params.append(int(_dt.datetime.fromtimestamp(bound, _dt.UTC).strftime("%Y%m")))
    where = " AND ".join(clauses) or "1"
    if kind == "album":
        sql = (
            f"SELECT album, artist, SUM(plays) AS n FROM track_months WHERE {where} "
            "AND album != '' GROUP BY album, artist ORDER BY n DESC, album LIMIT ?"
        )
    elif kind == "track":
        sql = (
            f"SELECT title, artist, SUM(plays) AS n FROM track_months WHERE {where} "
            "AND title != '' GROUP BY title, artist ORDER BY n DESC, title LIMIT ?"
        )
    else:
        raise ValueError(f"unknown kind {kind!r}; use album or track")
    return [
        TopRow(str(a), str(b or ""), int(n)) for a, b, n in cache.execute(sql, [*params, limit])
    ]


def top_albums_and_tracks(
    data_dir: Path, period: Period, *, limit: int = 10
) -> dict[str, list[TopRow]]:
    """The top albums and tracks, grouped over the plays (the slowest figures: seconds at a
    million plays, so the page shows them last).

    Parameters
    ----------
    data_dir : Path
        The data folder holding ``history.db``.
    period : Period
        The time range.
    limit : int
        Rows in each list.

    Returns
    -------
    dict
        ``{"album": [...], "track": [...]}`` (empty lists without history).
    """
    short = period.start is not None and period.start > time.time() - SHORT_PERIOD
    if short:
        with open_history(data_dir) as conn:
            if conn is None:
                return {"album": [], "track": []}
            return {kind: top(conn, kind, period, limit=limit) for kind in ("album", "track")}
    with open_rollups(data_dir) as cache:
        if cache is None:
            return {"album": [], "track": []}
        return {kind: rollup_top(cache, kind, period, limit=limit) for kind in ("album", "track")}


def load_stats(
    data_dir: Path, period: Period, *, offset: int | None = None, top_limit: int = 10
) -> Stats:
    """Every figure of the Stats page for ``period`` (an empty :class:`Stats` without history).

    Parameters
    ----------
    data_dir : Path
        The data folder holding ``history.db``.
    period : Period
        The time range.
    offset : int, optional
        Seconds east of UTC (default: the local zone now).
    top_limit : int
        Rows in each top list.

    Returns
    -------
    Stats
    """
    stats = rollup_stats(data_dir, period, offset=offset, top_limit=top_limit, check=True)
    stats.top.update(top_albums_and_tracks(data_dir, period, limit=top_limit))
    return stats
