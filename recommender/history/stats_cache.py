"""Rollups of the play history for the Stats page, kept in ``stats-cache.db`` beside it.

Plays per UTC hour (with time heard and skips), plays per artist and UTC day, and plays per
track and UTC month: a few ten thousand rows where the history holds a million plays, so the
Stats page reads its figures in milliseconds. The file is derived data: new plays (a higher
``id``) are folded in with one grouped ``INSERT … SELECT`` inside SQLite, and it is rebuilt from
scratch when plays were removed, when its version is old, or when it is damaged (docs/gui.md,
"Stats").
"""

from __future__ import annotations

import datetime as _dt
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from recommender.history.stats import (
    _SKIP_SQL,
    DAY,
    MONDAY_OFFSET,
    TOP_KINDS,
    WEEK,
    Overview,
    Period,
    Stats,
    TopRow,
    _month,
    _skip_rate_by_month,
    discoveries_per_month,
    listening_clock,
    local_offset,
    open_history,
    overview,
    plays_per_week,
    skip_rate_per_month,
    top,
)

__all__ = [
    "DAY",
    "TOP_KINDS",
    "WEEK",
    "Overview",
    "Period",
    "Stats",
    "TopRow",
    "discoveries_per_month",
    "first_stats",
    "listening_clock",
    "load_stats",
    "local_offset",
    "open_history",
    "open_rollups",
    "overview",
    "plays_per_week",
    "rollup_stats",
    "skip_rate_per_month",
    "top",
    "top_albums_and_tracks",
]


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
    return _skip_rate_by_month(rows)


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
