"""Strawberry's SQLite collection database (``strawberry.db``): table ``songs``.

``playcount``, ``skipcount``, ``lastplayed`` (unix s, -1 = never), ``rating`` (-1 = unrated, else
0..1), ``length`` in nanoseconds, ``url`` (``file://`` URI) and ``musicbrainz_recording_id``.
Clementine's database has the same counters with ``filename`` in place of ``url``
(:mod:`recommender.history.importers.clementine` reuses :func:`read_songs`). The file is opened read-only
and immutable: the player's database is never written.
"""

from __future__ import annotations

import contextlib
import sqlite3

from analysis.identity import normalize_mbid
from recommender.history.importers import Aggregate, ImportFormatError, ParsedHistory
from recommender.history.importers.library_files import (
    length_to_ms,
    location_to_path,
    normalise_rating,
)
from recommender.history.importers.sources import InputFile, open_sqlite_readonly

FORMAT = "strawberry"
SQLITE_MAGIC = b"SQLite format 3\x00"


def song_columns(file: InputFile) -> set[str] | None:
    """Column names of ``songs`` in a SQLite file, or ``None`` if it is not such a database."""
    if not file.head(16).startswith(SQLITE_MAGIC):
        return None
    with contextlib.ExitStack() as stack:
        try:
            conn = open_sqlite_readonly(file.sqlite_path(stack), file.name)
        except Exception:
            return None
        stack.callback(conn.close)
        try:
            cols = {r[1] for r in conn.execute("PRAGMA table_info(songs)")}
        except sqlite3.DatabaseError:
            return None
        return cols or None


def detect(file: InputFile) -> bool:
    """A SQLite database with a ``songs`` table keyed by ``url``."""
    cols = song_columns(file)
    return cols is not None and "url" in cols and "filename" not in cols


def read_songs(file: InputFile, out: ParsedHistory, *, fmt: str, location_column: str) -> None:
    """Append one aggregate per song with a play, skip or rating."""
    for row in _song_rows(file, fmt=fmt, location_column=location_column):
        _add_song(row, f"{file.name}: songs row {row['rowid']}", fmt, out)


def _song_rows(file: InputFile, *, fmt: str, location_column: str) -> list[sqlite3.Row]:
    """Every row of the ``songs`` table, with the columns older versions lack filled in."""
    with contextlib.ExitStack() as stack:
        conn = open_sqlite_readonly(file.sqlite_path(stack), file.name)
        stack.callback(conn.close)
        try:
            cols = {r[1] for r in conn.execute("PRAGMA table_info(songs)")}
        except sqlite3.DatabaseError as exc:
            raise ImportFormatError(f"{file.name}: damaged database ({exc})") from exc
        if not cols or location_column not in cols:
            raise ImportFormatError(
                f"{file.name}: no songs table with {location_column}; not a {fmt} database"
            )
        if "playcount" not in cols:
            raise ImportFormatError(
                f"{file.name}: this {fmt} database is too old to hold play "
                "counts (no playcount column)"
            )

        def col(name: str, default: str = "NULL") -> str:
            return name if name in cols else default

        sql = (
            f"SELECT rowid, title, artist, album, albumartist, {col('length')} AS length, "
            f"playcount, {col('skipcount', '0')} AS skipcount, "
            f"{col('lastplayed', '-1')} AS lastplayed, {col('rating', '-1')} AS rating, "
            f"{location_column} AS location, "
            f"{col('musicbrainz_recording_id')} AS mbid, {col('unavailable', '0')} AS gone "
            "FROM songs ORDER BY rowid"
        )
        try:
            return conn.execute(sql).fetchall()
        except sqlite3.DatabaseError as exc:
            raise ImportFormatError(f"{file.name}: damaged database ({exc})") from exc


def _counts(row: sqlite3.Row, where: str) -> tuple[int, int, int]:
    """Plays, skips and the last play (unix seconds, -1 when never)."""
    try:
        plays = max(int(row["playcount"] or 0), 0)
        skips = max(int(row["skipcount"] or 0), 0)
        last = int(row["lastplayed"]) if row["lastplayed"] is not None else -1
    except (TypeError, ValueError) as exc:
        raise ImportFormatError(f"{where}: counts are not numbers ({exc})") from exc
    return plays, skips, last


def _add_song(row: sqlite3.Row, where: str, fmt: str, out: ParsedHistory) -> None:
    """One song as an aggregate, when it has a title and a play, skip or rating."""
    plays, skips, last = _counts(row, where)
    rating = normalise_rating(row["rating"])
    title = (row["title"] or "").strip()
    artist = (row["artist"] or row["albumartist"] or "").strip()
    if not title or not (plays or skips or rating is not None):
        return
    location = row["location"]  # a URL; stored as a blob by some versions
    out.aggregates.append(
        Aggregate(
            artist=artist,
            title=title,
            album=(row["album"] or "").strip() or None,
            duration_ms=length_to_ms(row["length"]),
            play_count=plays,
            skip_count=skips,
            rating=rating,
            last_played=float(last) if last > 0 else None,
            location=location_to_path(
                location.decode("utf-8", errors="replace")
                if isinstance(location, bytes)
                else location
            ),
            mb_recording_id=normalize_mbid(row["mbid"]),
            source=fmt,
            origin=where,
        )
    )


def parse(file: InputFile, out: ParsedHistory) -> None:
    """Append the counts and ratings of a Strawberry database to ``out``."""
    read_songs(file, out, fmt=FORMAT, location_column="url")
