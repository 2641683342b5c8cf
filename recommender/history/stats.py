"""Listening statistics from ``history.db``, aggregated inside SQLite (the Stats page).

Every query groups in SQL (by week, by day, by artist, by weekday and hour), so at most a few
thousand rows reach Python however many plays the history holds (the Stats page of docs/gui.md
stays responsive at 1,000,000 plays). Times are bucketed with integer arithmetic on the UTC
timestamp shifted by the local offset rather than with ``strftime`` per row, which would cost
about half a second per million plays; the offset is the current one (a daylight-saving change
moves plays near midnight by an hour, which a picture of habits can live with).

This module only reads: it opens its own read-only connection and never changes the schema.
The rollups that make the page fast at a million plays are in
:mod:`recommender.history.stats_cache`.
"""

from __future__ import annotations

import datetime as _dt
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from analysis.datadir import HISTORY_FILE

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
    path = Path(data_dir) / HISTORY_FILE
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


def _skip_rate_by_month(rows: list[tuple[int, int, int]]) -> list[tuple[str, float, int]]:
    """Fold ``(day, skips, known)`` rows, oldest first, into ``(month, skip rate, known)``."""
    months: dict[str, list[int]] = {}
    for day, skips, known in rows:
        entry = months.setdefault(_month(day), [0, 0])
        entry[0] += int(skips or 0)
        entry[1] += int(known or 0)
    return [(m, s / k, k) for m, (s, k) in months.items() if k]


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
    return _skip_rate_by_month(rows)
