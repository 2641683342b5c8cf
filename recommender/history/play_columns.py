"""The plays as columns: what training needs of a million plays, without a Python object each.

:meth:`~recommender.history.queries.Queries.plays` returns one :class:`~recommender.history.records.Play`
per play, which a person's whole history makes a million of: seconds of pure Python, during which
a window building its lists on a worker thread keeps the GIL from its own thread
(docs/gui.md, "The GIL hand-over and a lighter Discover build"). Training reads five fields of
each play, so :func:`play_columns` reads them in one query and judges skips with numpy, by the
same rule as :func:`~recommender.history.records.judge_play`.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import repeat
from typing import Any

import numpy as np


@dataclass
class PlayColumns:
    """The plays in time order, one array per field."""

    track_id: np.ndarray  # int64 catalog id, -1 when the play matches no track
    played_at: np.ndarray  # float64 unix seconds
    ms_played: np.ndarray  # float64, NaN when unknown (a scrobble)
    skipped: np.ndarray  # bool, by the skip rule of docs/history.md
    excluded: np.ndarray  # bool

    def __len__(self) -> int:
        return int(self.track_id.shape[0])


def play_columns(
    conn: Any,
    known: dict[str, int],
    catalog_durations: dict[int, float],
    settings: dict[str, Any],
    *,
    as_of: float | None = None,
    include_excluded: bool = False,
) -> PlayColumns:
    """Every play (before ``as_of``) as columns, the same plays and values as ``plays()``.

    Parameters
    ----------
    conn : sqlite3.Connection
        The history store's connection.
    known : dict
        identity → catalog id (the store's identity map).
    catalog_durations : dict
        catalog id → length in seconds, for plays that carry no length of their own.
    settings : dict
        The store's settings (``skip_min_ms``, ``skip_fraction``).
    as_of : float, optional
        Only plays that started before this time.
    include_excluded : bool
        Also the plays the person excluded from their taste.
    """
    where, params = plays_where(as_of=as_of, include_excluded=include_excluded)
    cursor = conn.execute(
        "SELECT identity, played_at, ms_played, duration_ms, skipped, excluded FROM plays " + where,
        params,
    )
    parts = []
    while chunk := cursor.fetchmany(_CHUNK):
        parts.append(_chunk_columns(chunk, known))
    if not parts:
        parts.append(_chunk_columns([], known))
    track_id, at, ms, dur, flag, excluded = (np.concatenate(c) for c in zip(*parts))
    _fill_durations(dur, track_id, catalog_durations)
    min_ms, fraction = float(settings["skip_min_ms"]), float(settings["skip_fraction"])
    has_length = ~np.isnan(dur) & (dur != 0)  # the rule's "not duration_ms": unknown or 0
    with np.errstate(invalid="ignore"):
        limit = np.where(has_length, np.minimum(min_ms, fraction * dur), min_ms)
        short = ~np.isnan(ms) & (ms < limit)
    skipped = np.where(np.isnan(flag), short, flag != 0)
    return PlayColumns(
        track_id=track_id, played_at=at, ms_played=ms, skipped=skipped, excluded=excluded
    )


#: Rows converted per step. Each conversion (``zip``, ``np.array``, ``np.fromiter``) is one C
#: call that keeps the GIL: over a million rows at once they froze a window's thread for up to
#: 0.6 s; over 8,192 rows each takes about a millisecond.
_CHUNK = 8192


def _chunk_columns(rows: list[Any], known: dict[str, int]) -> tuple[np.ndarray, ...]:
    """One slice of rows as (track id, time, ms played, length, skip flag, excluded) arrays;
    None becomes NaN in the float arrays."""
    if not rows:
        empty = np.zeros(0)
        return (np.zeros(0, np.int64), empty, empty, empty, empty, np.zeros(0, bool))
    identities, at, ms, duration, flag, excluded = zip(*rows)
    return (
        np.fromiter(map(known.get, identities, repeat(-1)), np.int64, len(rows)),
        np.array(at, dtype=np.float64),
        np.array(ms, dtype=np.float64),
        np.array(duration, dtype=np.float64),
        np.array(flag, dtype=np.float64),
        np.array(excluded, dtype=bool),
    )


def plays_where(*, as_of: float | None, include_excluded: bool) -> tuple[str, list[Any]]:
    """The ``WHERE … ORDER BY`` of a read of the plays, and its parameters: those before
    ``as_of``, without the excluded ones unless asked, in time order (``plays()`` and
    :func:`play_columns` read the same plays)."""
    sql = "WHERE 1"
    params: list[Any] = []
    if as_of is not None:
        sql += " AND played_at < ?"
        params.append(as_of)
    if not include_excluded:
        sql += " AND excluded = 0"
    return sql + " ORDER BY played_at, id", params


def _fill_durations(
    dur: np.ndarray, track_id: np.ndarray, catalog_durations: dict[int, float]
) -> None:
    """A play without its own length takes its track's, in whole milliseconds (as ``plays()``)."""
    need = np.flatnonzero(np.isnan(dur) & (track_id >= 0))
    if not need.size or not catalog_durations:
        return
    ids = np.fromiter(catalog_durations.keys(), np.int64, len(catalog_durations))
    secs = np.fromiter(catalog_durations.values(), np.float64, len(catalog_durations))
    by_id = np.full(int(max(ids.max(), track_id.max())) + 1, np.nan)
    by_id[ids] = secs
    found = by_id[track_id[need]]
    ok = ~np.isnan(found)
    dur[need[ok]] = np.trunc(found[ok] * 1000.0)
