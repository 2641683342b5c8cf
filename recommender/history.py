"""The history store, ``history.db``: the person's own listening data (DESIGN.md, two stores).

Plays (time in UTC, track identity, time played, track length, skip flag, source, session,
context), feedback (like, dislike, ban of a track or an artist), per-track aggregates imported from
player libraries, a log of imports, saved playlists and settings. Unlike the catalog this store is
never rebuilt: it is backed up before every migration and before every import (rotating automatic
backups), and ``export`` writes a JSON Lines file from which an import restores everything.

A play refers to its track by the stable identity (:func:`analysis.identity.identity_key`) AND
keeps the artist, title, album, length and ids the source reported, so a play whose identity no
longer resolves (the file was retagged, the catalog rebuilt) is matched again by
:meth:`HistoryStore.rematch`, and an imported play that matched nothing is matched when a scan
adds its file. One connection per store object writes; a lock serialises threads.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from analysis.catalog import Track
from analysis.datadir import BACKUPS_DIR, HISTORY_FILE
from analysis.errors import DeepCutsError, NotFoundError, StoreBusyError
from analysis.identity import fold
from analysis.sqlite_store import Migration, backup, connect, is_locked, migrate, transaction
from recommender.sessions import DEFAULT_GAP_MINUTES, PlaySpan, assign_sessions, play_end

log = logging.getLogger(__name__)

# -- schema -----------------------------------------------------------------------------------

_V1 = """
CREATE TABLE imports (
    id INTEGER PRIMARY KEY,
    started_at REAL NOT NULL,
    path TEXT,
    format TEXT NOT NULL,
    files TEXT NOT NULL DEFAULT '[]',
    events INTEGER NOT NULL DEFAULT 0,
    matched INTEGER NOT NULL DEFAULT 0,
    unmatched INTEGER NOT NULL DEFAULT 0,
    duplicates INTEGER NOT NULL DEFAULT 0,
    aggregates INTEGER NOT NULL DEFAULT 0,
    feedback INTEGER NOT NULL DEFAULT 0,
    seconds REAL NOT NULL DEFAULT 0
);
CREATE TABLE plays (
    id INTEGER PRIMARY KEY,
    played_at REAL NOT NULL,
    identity TEXT,
    match_method TEXT,
    match_confidence REAL,
    artist TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    album TEXT,
    duration_ms INTEGER,
    ms_played INTEGER,
    skipped INTEGER,
    end_reason TEXT,
    mb_recording_id TEXT,
    isrc TEXT,
    source TEXT NOT NULL,
    context TEXT,
    session_id INTEGER,
    excluded INTEGER NOT NULL DEFAULT 0,
    import_id INTEGER REFERENCES imports(id) ON DELETE SET NULL,
    match_key TEXT NOT NULL
);
CREATE INDEX plays_time ON plays(played_at);
CREATE TABLE feedback (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    target TEXT NOT NULL CHECK (target IN ('track', 'artist')),
    kind TEXT NOT NULL CHECK (kind IN ('like', 'dislike', 'ban')),
    identity TEXT,
    artist TEXT,
    title TEXT,
    album TEXT,
    duration_ms INTEGER,
    mb_recording_id TEXT,
    created_at REAL NOT NULL,
    source TEXT NOT NULL
);
CREATE TABLE aggregates (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    key TEXT NOT NULL,
    identity TEXT,
    match_method TEXT,
    match_confidence REAL,
    artist TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    album TEXT,
    duration_ms INTEGER,
    play_count INTEGER NOT NULL DEFAULT 0,
    skip_count INTEGER NOT NULL DEFAULT 0,
    rating REAL,
    last_played REAL,
    loved INTEGER,
    location TEXT,
    mb_recording_id TEXT,
    UNIQUE (source, key)
);
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""

# v2: saved playlists (asked for by the playlist engineers after v1 shipped) and sessions index.
_V2 = """
CREATE TABLE playlists (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT,
    created_at REAL NOT NULL
);
CREATE TABLE playlist_items (
    playlist_id INTEGER NOT NULL REFERENCES playlists(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    identity TEXT,
    artist TEXT,
    title TEXT,
    album TEXT,
    duration_ms INTEGER,
    PRIMARY KEY (playlist_id, position)
);
CREATE INDEX plays_session ON plays(session_id);
"""

#: Ordered migrations; item i takes the schema from version i to i + 1. Never edit a shipped one.
MIGRATIONS: list[Migration] = [_V1, _V2]

#: Settings and their defaults (values are JSON).
DEFAULT_SETTINGS: dict[str, Any] = {
    "session_gap_minutes": DEFAULT_GAP_MINUTES,
    "skip_min_ms": 30000,  # a play shorter than min(this, skip_fraction * length) is a skip
    "skip_fraction": 0.5,
    "complete_fraction": 0.9,  # played this share of the length (or "trackdone"): completed
    "min_match_confidence": 0.75,
    "backup_keep": 5,
    "backup_interval_hours": 24.0,
}
_INTERNAL_SETTINGS = {"catalog_fingerprint", "last_auto_backup"}

#: Sources whose plays follow the scrobble rule (at most one scrobble per listen).
SCROBBLE_SOURCES = {"lastfm", "lastfm-1k", "listenbrainz"}
#: Duplicate windows (seconds): same play re-exported by the same source; a scrobbler's double
#: submission (a scrobble needs 30 s of listening, so two of one track <30 s apart are one listen);
#: the same listen recorded by two services (Spotify scrobbling to Last.fm: minute precision).
SAME_SOURCE_WINDOW = 1.0
SCROBBLE_WINDOW = 30.0
CROSS_SOURCE_WINDOW = 120.0

FEEDBACK_KINDS = ("like", "dislike", "ban")
_CLEAR_KINDS = {"unlike": "like", "undislike": "dislike", "unban": "ban", "clear": None}


# -- records ----------------------------------------------------------------------------------


@dataclass(slots=True)
class Play:
    """One play as read back, resolved against the current catalog.

    ``track_id`` is the catalog id holding the play's identity now (``None`` when the track is
    not in the catalog). ``skipped`` applies the skip rule when the source had no flag;
    ``completed`` is true for a play that reached the end (``trackdone``, or at least
    ``complete_fraction`` of the length, or a scrobble, which is a full listen by definition).
    """

    id: int
    track_id: int | None
    identity: str | None
    artist: str
    title: str
    album: str | None
    played_at: float
    ms_played: int | None
    duration_ms: int | None
    skipped: bool
    completed: bool
    source: str
    session_id: int | None
    context: str | None
    excluded: bool
    match_confidence: float | None = None
    end_reason: str | None = None

    def to_json(self) -> dict[str, Any]:
        """Every field, JSON-ready."""
        return {k: getattr(self, k) for k in self.__slots__}  # type: ignore[attr-defined]


@dataclass(slots=True)
class FeedbackItem:
    """One stored like, dislike or ban, resolved to a catalog id where possible."""

    kind: str
    target: str  # "track" | "artist"
    track_id: int | None
    identity: str | None
    artist: str | None
    title: str | None
    created_at: float
    source: str


@dataclass
class FeedbackSet:
    """Feedback resolved against the catalog; the newest word on a track wins."""

    liked: set[int] = field(default_factory=set)
    disliked: set[int] = field(default_factory=set)
    banned: set[int] = field(default_factory=set)
    banned_artists: set[str] = field(default_factory=set)  # folded artist keys
    liked_artists: set[str] = field(default_factory=set)
    disliked_artists: set[str] = field(default_factory=set)
    items: list[FeedbackItem] = field(default_factory=list)
    unresolved: int = 0
    effective: list[FeedbackItem] = field(default_factory=list)

    def __iter__(self) -> Iterator[FeedbackItem]:
        """The feedback in force: the newest word per track, every artist item, and items
        whose track is not in the catalog (``track_id`` None)."""
        return iter(self.effective)

    def is_banned(self, track: Track) -> bool:
        """A banned track, or a track by a banned artist."""
        if track.id in self.banned:
            return True
        from recommender.matching import artist_key

        names = [track.artist, track.album_artist, *track.artists]
        return any(artist_key(n) in self.banned_artists for n in names if n)


@dataclass(slots=True)
class TrackAggregate:
    """Imported totals of one catalog track, merged over sources (max counts, newest time)."""

    track_id: int
    play_count: int
    skip_count: int
    rating: float | None
    last_played: float | None
    loved: bool | None
    sources: list[str]


class TrackAggregates:
    """Imported totals per catalog id: ``aggs[track_id]``, ``.items()``, ``.get()``, ``in``.

    Iterating yields the :class:`TrackAggregate` records themselves (each carries its
    ``track_id``), like iterating a :class:`FeedbackSet`; use :meth:`keys` for the ids.
    """

    def __init__(self, by_track: dict[int, TrackAggregate]) -> None:
        self._by_track = by_track

    def __getitem__(self, track_id: int) -> TrackAggregate:
        return self._by_track[track_id]

    def get(self, track_id: int, default: Any = None) -> Any:
        """The aggregate of a catalog id, or ``default``."""
        return self._by_track.get(track_id, default)

    def __contains__(self, track_id: object) -> bool:
        return track_id in self._by_track

    def __len__(self) -> int:
        return len(self._by_track)

    def __iter__(self) -> Iterator[TrackAggregate]:
        return iter(self._by_track.values())

    def keys(self) -> Any:
        """The catalog ids."""
        return self._by_track.keys()

    def values(self) -> Any:
        """The :class:`TrackAggregate` records."""
        return self._by_track.values()

    def items(self) -> Any:
        """``(track_id, TrackAggregate)`` pairs."""
        return self._by_track.items()


@dataclass(slots=True)
class PlaylistInfo:
    """A saved playlist; ``items`` keep identity and reported names for re-resolution."""

    id: int
    name: str
    kind: str | None
    created_at: float
    items: list[dict[str, Any]]


@dataclass
class ImportReport:
    """What an import did (the ``history import --json`` document)."""

    format: str
    events: int = 0
    matched: int = 0
    unmatched: int = 0
    duplicates: int = 0
    aggregates: int = 0
    aggregates_matched: int = 0
    feedback: int = 0
    feedback_matched: int = 0
    skipped_entries: int = 0
    seconds: float = 0.0
    files: list[str] = field(default_factory=list)
    top_unmatched_artists: list[dict[str, Any]] = field(default_factory=list)
    import_id: int | None = None
    phases: dict[str, float] = field(default_factory=dict)  # seconds per stage

    def to_json(self) -> dict[str, Any]:
        """The ``history import --json`` document."""
        return {
            "format": self.format,
            "events": self.events,
            "matched": self.matched,
            "unmatched": self.unmatched,
            "duplicates": self.duplicates,
            "aggregates": self.aggregates,
            "aggregates_matched": self.aggregates_matched,
            "feedback": self.feedback,
            "feedback_matched": self.feedback_matched,
            "skipped_entries": self.skipped_entries,
            "seconds": round(self.seconds, 3),
            "files": self.files,
            "top_unmatched_artists": self.top_unmatched_artists,
            "import_id": self.import_id,
            "phases": self.phases,
        }


@lru_cache(maxsize=262_144)
def match_key(artist: str | None, title: str | None) -> str:
    """The duplicate-detection key of a play: normalised artist and title (with versions)."""
    from recommender.matching import artist_key, title_parts

    core, versions = title_parts(title)
    key = f"{artist_key(artist)}|{core}"
    if versions:
        key += "|" + ",".join(versions)
    return key


def _track_duration_ms(track: Track) -> int | None:
    return round(track.duration * 1000) if track.duration else None


# -- the store --------------------------------------------------------------------------------


class HistoryStore:
    """``history.db`` in a data directory. One instance holds one writer connection.

    Parameters
    ----------
    data_dir : Path
        The Deep Cuts data directory; the database is ``data_dir / "history.db"``, backups go
        to ``data_dir / "backups"``.
    """

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / HISTORY_FILE
        self.backup_dir = self.data_dir / BACKUPS_DIR
        self._lock = threading.RLock()
        hint = (
            f"restore the newest copy from {self.backup_dir} or import your last "
            "'history export' file"
        )
        try:
            self.conn = connect(self.path)
            self.conn.execute("PRAGMA cache_size = -65536")  # 64 MB: large imports stay fast
        except StoreBusyError:
            raise  # held by another window or command: nothing is damaged
        except DeepCutsError as exc:
            raise DeepCutsError(f"history {self.path} is damaged ({exc}); {hint}") from exc
        try:
            migrate(self.conn, MIGRATIONS, name="history", backup_dir=self.backup_dir)
            self.conn.execute("SELECT COUNT(*) FROM settings").fetchone()
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            if is_locked(exc):
                raise StoreBusyError(
                    f"history {self.path} stayed locked by another Deep Cuts window or "
                    "command; close it or wait for it to finish, then try again"
                ) from exc
            raise DeepCutsError(f"history {self.path} is damaged ({exc}); {hint}") from exc
        self._settings_cache: dict[str, Any] | None = None
        try:
            self.maybe_backup()  # a daily rotating copy, taken when the store is first opened
        except (OSError, sqlite3.Error) as exc:
            log.warning("history: automatic backup to %s failed: %s", self.backup_dir, exc)

    def close(self) -> None:
        """Close the connection (pending work is already committed)."""
        self.conn.close()

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; SQLite failures become one-line explanations (and roll back)."""
        try:
            with transaction(self.conn):
                yield self.conn
        except sqlite3.OperationalError as exc:
            text = str(exc)
            if "locked" in text or "busy" in text:
                why = "another Deep Cuts process is writing to it; try again in a moment"
            elif "full" in text:
                why = "the disk is full"
            else:
                why = text
            raise DeepCutsError(
                f"cannot write history {self.path}: {why}; nothing was changed"
            ) from exc

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- settings ------------------------------------------------------------------------------

    def settings(self) -> dict[str, Any]:
        """Every user setting with its current value (defaults filled in)."""
        if self._settings_cache is None:
            values = dict(DEFAULT_SETTINGS)
            for row in self.conn.execute("SELECT key, value FROM settings"):
                if row["key"] not in _INTERNAL_SETTINGS:
                    values[row["key"]] = json.loads(row["value"])
            self._settings_cache = values
        return dict(self._settings_cache)

    def setting(self, key: str) -> Any:
        """One setting's value (its default when never set)."""
        return self.settings().get(key, DEFAULT_SETTINGS.get(key))

    def set_setting(self, key: str, value: Any) -> None:
        """Store a setting; changing the session gap re-assigns every session."""
        with self._lock, self._write():
            self._set_setting(key, value)
            if key == "session_gap_minutes":
                self._reassign_sessions()

    def _set_setting(self, key: str, value: Any) -> None:
        if key == "session_gap_minutes" and not (isinstance(value, int | float) and value > 0):
            raise DeepCutsError(f"session_gap_minutes must be a positive number, not {value!r}")
        self.conn.execute(
            "INSERT INTO settings(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, json.dumps(value)),
        )
        self._settings_cache = None

    def _internal(self, key: str) -> Any:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return json.loads(row["value"]) if row else None

    # -- backups -------------------------------------------------------------------------------

    def backup_now(self, *, reason: str = "manual") -> Path:
        """Copy the store to ``backups/history-<reason>-<UTC time>.db`` and prune old copies."""
        now_ns = time.time_ns()
        stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime(now_ns / 1e9))
        dest = self.backup_dir / f"history-{reason}-{stamp}-{(now_ns // 1000) % 1_000_000:06d}.db"
        with self._lock:
            backup(self.conn, dest)
            if reason == "daily":
                self.conn.execute(
                    "INSERT INTO settings(key, value) VALUES ('last_auto_backup', ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    (json.dumps(time.time()),),
                )
        keep = int(self.setting("backup_keep"))
        copies = sorted(self.backup_dir.glob(f"history-{reason}-*.db"))
        for old in copies[:-keep] if keep > 0 else []:
            try:
                old.unlink()
            except OSError:
                pass
        return dest

    def maybe_backup(self, *, force: bool = False) -> Path | None:
        """An automatic backup when the store holds data and the last one is old enough
        (``force``: whenever it holds data, as before every import)."""
        has_data = self.conn.execute(
            "SELECT EXISTS(SELECT 1 FROM plays) OR "
            "EXISTS(SELECT 1 FROM feedback) OR "
            "EXISTS(SELECT 1 FROM aggregates)"
        ).fetchone()[0]
        if not has_data:
            return None
        if force:
            return self.backup_now(reason="import")
        last = self._internal("last_auto_backup") or 0.0
        if time.time() - float(last) < float(self.setting("backup_interval_hours")) * 3600:
            return None
        return self.backup_now(reason="daily")

    def backups(self) -> list[Path]:
        """Every backup copy of this store, oldest first."""
        return sorted(self.backup_dir.glob("history-*.db"))

    # -- writing plays -------------------------------------------------------------------------

    def add_play(
        self,
        *,
        track: Track,
        played_at: float,
        ms_played: int | None,
        skipped: bool | None = None,
        source: str = "deepcuts",
        context: str | None = None,
        end_reason: str | None = None,
    ) -> int:
        """Record one play of a catalog track (the built-in player, ``history add``).

        Parameters
        ----------
        track : Track
            The catalog track; its identity and names are stored with the play.
        played_at : float
            Start of the play, unix seconds UTC.
        ms_played : int
            How long it played.
        skipped : bool, optional
            The player's own skip flag; ``None`` lets the skip rule decide.
        source, context : str
            Where the play came from, and e.g. ``"radio from X"`` or ``"discover list"``.

        Returns
        -------
        int
            The new play's id.
        """
        if ms_played is not None and ms_played < 0:
            raise DeepCutsError(f"played time must not be negative ({ms_played} ms)")
        artist = track.artist or track.album_artist or ""
        title = track.display_title
        with self._lock, self._write():
            cur = self.conn.execute(
                "INSERT INTO plays(played_at, identity, match_method, match_confidence, artist, "
                "title, album, duration_ms, ms_played, skipped, end_reason, mb_recording_id, "
                "isrc, source, context, match_key) "
                "VALUES (?, ?, 'catalog', 1.0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    float(played_at),
                    track.identity,
                    artist,
                    title,
                    track.album,
                    _track_duration_ms(track),
                    ms_played,
                    None if skipped is None else int(skipped),
                    end_reason,
                    track.mb_recording_id,
                    track.isrc,
                    source,
                    context,
                    match_key(artist, title),
                ),
            )
            play_id = int(cur.lastrowid or 0)
            self._session_for_new_play(play_id)
        return play_id

    def _session_for_new_play(self, play_id: int) -> None:
        """Cheap path for the common case (the newest play); otherwise re-assign everything."""
        row = self.conn.execute("SELECT played_at FROM plays WHERE id = ?", (play_id,)).fetchone()
        later = self.conn.execute(
            "SELECT 1 FROM plays WHERE played_at >= ? AND id != ? LIMIT 1",
            (row["played_at"], play_id),
        ).fetchone()
        if later is not None:
            self._reassign_sessions()
            return
        prev = self.conn.execute(
            "SELECT played_at, ms_played, duration_ms, session_id FROM plays "
            "WHERE id != ? ORDER BY played_at DESC, id DESC LIMIT 1",
            (play_id,),
        ).fetchone()
        gap = float(self.setting("session_gap_minutes")) * 60
        session = play_id
        if prev is not None and prev["session_id"] is not None:
            end = play_end(prev["played_at"], prev["ms_played"], prev["duration_ms"])
            if row["played_at"] - end < gap:
                session = prev["session_id"]
        self.conn.execute("UPDATE plays SET session_id = ? WHERE id = ?", (session, play_id))

    def _reassign_sessions(
        self, new: Sequence[tuple[int, float, int | None, int | None]] = ()
    ) -> dict[int, int]:
        """Recompute every session inside the caller's transaction.

        ``new`` lists plays about to be inserted, as ``(id, played_at, ms_played,
        duration_ms)``: they take part in the grouping and their session ids are returned, so
        an import writes each new row once. Stored rows are updated only where they changed.
        """
        rows = self.conn.execute(
            "SELECT id, played_at, ms_played, duration_ms, session_id FROM plays"
        ).fetchall()
        spans = [PlaySpan(r[0], r[1], play_end(r[1], r[2], r[3])) for r in rows]
        spans.extend(PlaySpan(i, at, play_end(at, ms, dur)) for i, at, ms, dur in new)
        mapping = assign_sessions(spans, gap_minutes=float(self.setting("session_gap_minutes")))
        changed = [(sid, r[0]) for r in rows if (sid := mapping[r[0]]) != r[4]]
        self.conn.executemany("UPDATE plays SET session_id = ? WHERE id = ?", changed)
        return {i: mapping[i] for i, _at, _ms, _dur in new}

    def exclude_play(self, play_id: int, excluded: bool = True) -> None:
        """Keep a play out of (or back in) taste computations; it is never deleted."""
        with self._lock, self._write():
            n = self.conn.execute(
                "UPDATE plays SET excluded = ? WHERE id = ?", (int(excluded), play_id)
            ).rowcount
        if not n:
            raise NotFoundError(f"no play with id {play_id}")

    def exclude_session(self, session_id: int, excluded: bool = True) -> int:
        """Exclude (or include again) every play of a session; returns the plays changed."""
        with self._lock, self._write():
            n = self.conn.execute(
                "UPDATE plays SET excluded = ? WHERE session_id = ?", (int(excluded), session_id)
            ).rowcount
        if not n:
            raise NotFoundError(f"no session with id {session_id}")
        return n

    # -- feedback ------------------------------------------------------------------------------

    def set_feedback(
        self,
        *,
        track: Track | None = None,
        artist: str | None = None,
        kind: str,
        created_at: float | None = None,
        source: str = "deepcuts",
    ) -> None:
        """Like, dislike or ban a track, or ban (like, dislike) an artist.

        Parameters
        ----------
        track : Track, optional
            The catalog track (exactly one of ``track`` and ``artist``).
        artist : str, optional
            An artist name, as shown; stored folded for matching.
        kind : str
            ``like``, ``dislike``, ``ban``; or ``unlike``, ``undislike``, ``unban`` to remove
            that feedback, ``clear`` to remove any. The newest word on a track replaces the old.
        """
        if (track is None) == (artist is None):
            raise DeepCutsError("feedback needs exactly one of a track and an artist")
        if kind not in FEEDBACK_KINDS and kind not in _CLEAR_KINDS:
            raise DeepCutsError(
                f"unknown feedback {kind!r}; use like, dislike, ban, unlike, "
                "undislike, unban or clear"
            )
        now = time.time() if created_at is None else created_at
        if track is not None:
            key = f"track:{track.identity or match_key(track.artist, track.display_title)}"
            values = (
                "track",
                track.identity,
                track.artist or track.album_artist,
                track.display_title,
                track.album,
                _track_duration_ms(track),
                track.mb_recording_id,
            )
        else:
            from recommender.matching import artist_key

            akey = artist_key(artist)
            if not akey:
                raise DeepCutsError("an artist name is needed")
            key = f"artist:{akey}"
            values = ("artist", None, artist, None, None, None, None)  # type: ignore[assignment]
        with self._lock, self._write():
            if kind in _CLEAR_KINDS:
                wanted = _CLEAR_KINDS[kind]
                if wanted is None:
                    self.conn.execute("DELETE FROM feedback WHERE key = ?", (key,))
                else:
                    self.conn.execute(
                        "DELETE FROM feedback WHERE key = ? AND kind = ?", (key, wanted)
                    )
                if track is not None and track.identity:
                    # imported feedback stored under the reported names resolves to this track
                    self.conn.execute(
                        "DELETE FROM feedback WHERE target = 'track' AND identity = ?"
                        + ("" if wanted is None else " AND kind = ?"),
                        (track.identity,) if wanted is None else (track.identity, wanted),
                    )
                return
            self._upsert_feedback(key, kind, *values, now, source, newer_only=False)

    def _upsert_feedback(
        self,
        key: str,
        kind: str,
        target: str,
        identity: str | None,
        artist: str | None,
        title: str | None,
        album: str | None,
        duration_ms: int | None,
        mbid: str | None,
        created_at: float,
        source: str,
        *,
        newer_only: bool,
    ) -> bool:
        sql = (
            "INSERT INTO feedback(key, target, kind, identity, artist, title, album, "
            "duration_ms, mb_recording_id, created_at, source) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET "
            "kind = excluded.kind, identity = COALESCE(excluded.identity, identity), "
            "artist = excluded.artist, title = excluded.title, album = excluded.album, "
            "duration_ms = excluded.duration_ms, mb_recording_id = excluded.mb_recording_id, "
            "created_at = excluded.created_at, source = excluded.source"
        )
        if newer_only:
            sql += " WHERE excluded.created_at >= feedback.created_at"
        cur = self.conn.execute(
            sql,
            (
                key,
                target,
                kind,
                identity,
                artist,
                title,
                album,
                duration_ms,
                mbid,
                created_at,
                source,
            ),
        )
        return cur.rowcount > 0

    # -- playlists -----------------------------------------------------------------------------

    def save_playlist(
        self,
        name: str,
        tracks: Sequence[Track | str | dict[str, Any]],
        *,
        kind: str | None = None,
        created_at: float | None = None,
    ) -> int:
        """Save (or replace, by name) a playlist.

        Parameters
        ----------
        name : str
            Unique name; saving under an existing name replaces its items.
        tracks : sequence
            :class:`Track` objects (preferred: identity and names are kept), identity strings,
            or dicts with ``identity``/``artist``/``title``/``album``/``duration_ms``.
        kind : str, optional
            E.g. ``"discover"``, ``"imported"``, ``"m3u"``.

        Returns
        -------
        int
            The playlist id.
        """
        name = name.strip()
        if not name:
            raise DeepCutsError("a playlist needs a name")
        items: list[tuple[Any, ...]] = []
        for pos, item in enumerate(tracks):
            if isinstance(item, Track):
                items.append(
                    (
                        pos,
                        item.identity,
                        item.artist or item.album_artist,
                        item.display_title,
                        item.album,
                        _track_duration_ms(item),
                    )
                )
            elif isinstance(item, str):
                items.append((pos, item, None, None, None, None))
            elif isinstance(item, dict):
                items.append(
                    (
                        pos,
                        item.get("identity"),
                        item.get("artist"),
                        item.get("title"),
                        item.get("album"),
                        item.get("duration_ms"),
                    )
                )
            else:
                raise DeepCutsError(f"cannot save {type(item).__name__} in a playlist")
        when = time.time() if created_at is None else created_at
        with self._lock, self._write():
            row = self.conn.execute("SELECT id FROM playlists WHERE name = ?", (name,)).fetchone()
            if row is None:
                pid = int(
                    self.conn.execute(
                        "INSERT INTO playlists(name, kind, created_at) VALUES (?, ?, ?)",
                        (name, kind, when),
                    ).lastrowid
                    or 0
                )
            else:
                pid = int(row["id"])
                self.conn.execute(
                    "UPDATE playlists SET kind = ?, created_at = ? WHERE id = ?", (kind, when, pid)
                )
                self.conn.execute("DELETE FROM playlist_items WHERE playlist_id = ?", (pid,))
            self.conn.executemany(
                "INSERT INTO playlist_items(playlist_id, position, identity, artist, title, "
                "album, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(pid, *it) for it in items],
            )
        return pid

    def playlists(self) -> list[PlaylistInfo]:
        """Every saved playlist with its items, oldest first."""
        out = []
        for p in self.conn.execute("SELECT * FROM playlists ORDER BY id").fetchall():
            items = [
                {k: r[k] for k in ("identity", "artist", "title", "album", "duration_ms")}
                for r in self.conn.execute(
                    "SELECT * FROM playlist_items WHERE playlist_id = ? ORDER BY position",
                    (p["id"],),
                )
            ]
            out.append(PlaylistInfo(p["id"], p["name"], p["kind"], p["created_at"], items))
        return out

    def delete_playlist(self, playlist_id: int) -> None:
        """Forget a saved playlist (its tracks and the history are untouched)."""
        with self._lock, self._write():
            if not self.conn.execute("DELETE FROM playlists WHERE id = ?", (playlist_id,)).rowcount:
                raise NotFoundError(f"no saved playlist with id {playlist_id}")

    def playlist_track_ids(self, playlist_id: int, catalog: Any) -> list[int | None]:
        """The catalog ids of a saved playlist's items now (``None`` where not found)."""
        index = self._index(catalog)
        out: list[int | None] = []
        for r in self.conn.execute(
            "SELECT * FROM playlist_items WHERE playlist_id = ? ORDER BY position", (playlist_id,)
        ):
            tid = index.track_for_identity(r["identity"])
            if tid is None and r["title"]:
                m = index.match(
                    artist=r["artist"],
                    title=r["title"],
                    album=r["album"],
                    duration_ms=r["duration_ms"],
                )
                tid = m.track_id if m else None
            out.append(tid)
        return out

    # -- matching against the catalog ----------------------------------------------------------

    def _index(self, catalog: Any) -> Any:
        from recommender.matching import CatalogIndex

        return CatalogIndex.from_catalog(
            catalog, min_confidence=float(self.setting("min_match_confidence"))
        )

    @staticmethod
    def _identity_map(catalog: Any, *, present_only: bool = False) -> dict[str, int]:
        """identity → catalog id (a present file preferred to a missing one)."""
        out: dict[str, int] = {}
        sql = (
            "SELECT id, identity FROM tracks WHERE error IS NULL AND identity IS NOT NULL"
            + (" AND missing = 0" if present_only else "")
            + " ORDER BY missing DESC, id DESC"
        )
        for tid, identity in catalog.conn.execute(sql):
            out[identity] = tid
        return out

    @staticmethod
    def _catalog_fingerprint(catalog: Any) -> str:
        row = catalog.conn.execute(
            "SELECT COUNT(*), COALESCE(MAX(id), 0), COALESCE(MAX(updated_at), 0), "
            "COALESCE(SUM(missing), 0) FROM tracks"
        ).fetchone()
        return f"{catalog.path}|{row[0]}|{row[1]}|{row[2]}|{row[3]}"

    def _store_fingerprint(self, catalog: Any) -> None:
        self.conn.execute(
            "INSERT INTO settings(key, value) VALUES ('catalog_fingerprint', ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (json.dumps(self._catalog_fingerprint(catalog)),),
        )

    def rematch(self, catalog: Any, *, force: bool = False, index: Any = None) -> dict[str, int]:
        """Match again the plays, feedback and aggregates whose identity does not resolve.

        Runs after a scan (a new file may match old plays; a retagged file has a new identity).
        Skipped when the catalog has not changed since the last run, unless ``force``.

        Returns
        -------
        dict
            ``{"checked": n, "rematched": n}``.
        """
        fingerprint = self._catalog_fingerprint(catalog)
        if not force and self._internal("catalog_fingerprint") == fingerprint:
            return {"checked": 0, "rematched": 0}
        # a play whose identity only a missing file holds is matched again too: the file may
        # have been retagged (a new identity) after it moved
        known = self._identity_map(catalog, present_only=True)
        checked = rematched = 0
        with self._lock:
            todo: dict[str, list[tuple[Any, ...]]] = {}
            for table, cols in (
                ("plays", "NULL AS location"),
                ("aggregates", "location"),
                ("feedback", "NULL AS location"),
            ):
                where = {"feedback": "target = 'track'", "aggregates": "source != 'tags'"}.get(
                    table, "1"
                )
                rows = self.conn.execute(
                    f"SELECT id, identity, artist, title, album, duration_ms, mb_recording_id, "
                    f"{'isrc' if table == 'plays' else 'NULL AS isrc'}, {cols} FROM {table} "
                    f"WHERE {where}"
                ).fetchall()
                todo[table] = [tuple(r) for r in rows if r["identity"] not in known]
            updates: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
            for table, rows in todo.items():
                for pid, _identity, artist, title, album, dur, mbid, isrc, loc in rows:
                    checked += 1
                    if index is None:
                        index = self._index(catalog)
                    m = index.match(
                        artist=artist,
                        title=title,
                        album=album,
                        duration_ms=dur,
                        mb_recording_id=mbid,
                        isrc=isrc,
                        location=loc,
                    )
                    if m is None or m.identity == _identity:
                        continue
                    rematched += 1
                    updates[table].append((m.identity, m.method, m.confidence, pid))
            with self._write():
                for table in ("plays", "aggregates"):
                    self.conn.executemany(
                        f"UPDATE {table} SET identity = ?, match_method = ?, "
                        f"match_confidence = ? WHERE id = ?",
                        updates.get(table, []),
                    )
                self.conn.executemany(
                    "UPDATE feedback SET identity = ? WHERE id = ?",
                    [(u[0], u[3]) for u in updates.get("feedback", [])],
                )
                self._refresh_tag_aggregates(catalog)  # after the updates by id above
                self.conn.execute(
                    "INSERT INTO settings(key, value) VALUES ('catalog_fingerprint', ?) "
                    "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                    (json.dumps(fingerprint),),
                )
        return {"checked": checked, "rematched": rematched}

    # -- reading -------------------------------------------------------------------------------

    def plays(
        self,
        catalog: Any,
        *,
        as_of: float | None = None,
        include_excluded: bool = False,
        rematch: bool = True,
    ) -> list[Play]:
        """Every play in time order, resolved to current catalog ids.

        Parameters
        ----------
        catalog : Catalog
            The current catalog (plays are resolved through their identity).
        as_of : float, optional
            Only plays that started before this time (evaluation splits).
        include_excluded : bool
            Also return plays the person excluded from their taste.
        rematch : bool
            First re-match plays whose identity does not resolve, if the catalog changed.
        """
        if rematch:
            self.rematch(catalog)
        known = self._identity_map(catalog)
        durations = {
            r[0]: r[1]
            for r in catalog.conn.execute(
                "SELECT id, duration FROM tracks WHERE error IS NULL AND duration IS NOT NULL"
            )
        }
        s = self.settings()
        min_ms, frac = float(s["skip_min_ms"]), float(s["skip_fraction"])
        complete = float(s["complete_fraction"])
        sql = "SELECT * FROM plays WHERE 1"
        params: list[Any] = []
        if as_of is not None:
            sql += " AND played_at < ?"
            params.append(as_of)
        if not include_excluded:
            sql += " AND excluded = 0"
        sql += " ORDER BY played_at, id"
        out: list[Play] = []
        for r in self.conn.execute(sql, params):
            tid = known.get(r["identity"]) if r["identity"] else None
            duration = r["duration_ms"]
            if duration is None and tid is not None and tid in durations:
                duration = int(durations[tid] * 1000)
            skipped, completed = judge_play(
                ms_played=r["ms_played"],
                duration_ms=duration,
                flag=r["skipped"],
                end_reason=r["end_reason"],
                skip_min_ms=min_ms,
                skip_fraction=frac,
                complete_fraction=complete,
            )
            out.append(
                Play(
                    id=r["id"],
                    track_id=tid,
                    identity=r["identity"],
                    artist=r["artist"],
                    title=r["title"],
                    album=r["album"],
                    played_at=r["played_at"],
                    ms_played=r["ms_played"],
                    duration_ms=duration,
                    skipped=skipped,
                    completed=completed,
                    source=r["source"],
                    session_id=r["session_id"],
                    context=r["context"],
                    excluded=bool(r["excluded"]),
                    match_confidence=r["match_confidence"],
                    end_reason=r["end_reason"],
                )
            )
        return out

    def feedback(self, catalog: Any, *, rematch: bool = True) -> FeedbackSet:
        """Likes, dislikes and bans resolved to catalog ids, and the artist-level feedback."""
        if rematch:
            self.rematch(catalog)
        known = self._identity_map(catalog)
        result = FeedbackSet()
        newest: dict[int, FeedbackItem] = {}
        for r in self.conn.execute("SELECT * FROM feedback ORDER BY created_at, id"):
            tid = known.get(r["identity"]) if r["identity"] else None
            item = FeedbackItem(
                r["kind"],
                r["target"],
                tid,
                r["identity"],
                r["artist"],
                r["title"],
                r["created_at"],
                r["source"],
            )
            result.items.append(item)
            if r["target"] == "artist":
                from recommender.matching import artist_key

                akey = artist_key(r["artist"])
                {
                    "ban": result.banned_artists,
                    "like": result.liked_artists,
                    "dislike": result.disliked_artists,
                }[r["kind"]].add(akey)
            elif tid is None:
                result.unresolved += 1
            else:
                newest[tid] = item
        for tid, item in newest.items():
            {"like": result.liked, "dislike": result.disliked, "ban": result.banned}[item.kind].add(
                tid
            )
        result.effective = [
            i for i in result.items if i.target == "artist" or i.track_id is None
        ] + list(newest.values())
        return result

    def aggregates(self, catalog: Any, *, rematch: bool = True) -> TrackAggregates:
        """Imported totals per catalog id (max counts over sources, newest last-played)."""
        if rematch:
            self.rematch(catalog)
        known = self._identity_map(catalog)
        out: dict[int, TrackAggregate] = {}
        for r in self.conn.execute("SELECT * FROM aggregates ORDER BY source, id"):
            tid = known.get(r["identity"]) if r["identity"] else None
            if tid is None:
                continue
            agg = out.get(tid)
            loved = None if r["loved"] is None else bool(r["loved"])
            if agg is None:
                out[tid] = TrackAggregate(
                    tid,
                    r["play_count"],
                    r["skip_count"],
                    r["rating"],
                    r["last_played"],
                    loved,
                    [r["source"]],
                )
                continue
            agg.play_count = max(agg.play_count, r["play_count"])
            agg.skip_count = max(agg.skip_count, r["skip_count"])
            if r["rating"] is not None:
                agg.rating = r["rating"] if agg.rating is None else max(agg.rating, r["rating"])
            if r["last_played"] is not None:
                agg.last_played = max(agg.last_played or 0.0, r["last_played"])
            if loved is not None:
                agg.loved = loved if agg.loved is None else (agg.loved or loved)
            agg.sources.append(r["source"])
        return TrackAggregates(out)

    def stats(self, catalog: Any | None = None) -> dict[str, Any]:
        """Counts for ``history stats``: plays, matched share, sessions, first and last play."""
        from recommender.importers.timestamps import iso_utc

        if catalog is not None:
            self.rematch(catalog)
            known = set(self._identity_map(catalog))
            matched = sum(
                1 for (i,) in self.conn.execute("SELECT identity FROM plays") if i in known
            )
        else:
            matched = self.conn.execute(
                "SELECT COUNT(*) FROM plays WHERE identity IS NOT NULL"
            ).fetchone()[0]
        row = self.conn.execute(
            "SELECT COUNT(*), MIN(played_at), MAX(played_at), COUNT(DISTINCT session_id), "
            "COALESCE(SUM(excluded), 0) FROM plays"
        ).fetchone()
        plays, first, last, sessions, excluded = row
        per_source = {
            r[0]: r[1]
            for r in self.conn.execute(
                "SELECT source, COUNT(*) FROM plays GROUP BY source ORDER BY source"
            )
        }
        feedback = {
            r[0]: r[1]
            for r in self.conn.execute(
                "SELECT target || ':' || kind, COUNT(*) FROM feedback GROUP BY 1 ORDER BY 1"
            )
        }
        return {
            "plays": plays,
            "matched": matched,
            "unmatched": plays - matched,
            "matched_share": round(matched / plays, 4) if plays else 0.0,
            "sessions": sessions,
            "first_play": iso_utc(first) if first is not None else None,
            "last_play": iso_utc(last) if last is not None else None,
            "excluded": excluded,
            "sources": per_source,
            "feedback": feedback,
            "aggregates": self.conn.execute("SELECT COUNT(*) FROM aggregates").fetchone()[0],
            "playlists": self.conn.execute("SELECT COUNT(*) FROM playlists").fetchone()[0],
            "imports": self.conn.execute("SELECT COUNT(*) FROM imports").fetchone()[0],
        }

    def imports(self) -> list[dict[str, Any]]:
        """The import log, oldest first."""
        out = []
        for r in self.conn.execute("SELECT * FROM imports ORDER BY id"):
            d = dict(r)
            d["files"] = json.loads(d["files"])
            out.append(d)
        return out

    # -- importing -----------------------------------------------------------------------------

    def import_path(
        self,
        path: str | Path,
        catalog: Any | None,
        *,
        format: str = "auto",
        progress: Callable[[int, int], None] | None = None,
    ) -> ImportReport:
        """Parse an export (file, folder or ZIP) and import it in one transaction.

        See :func:`recommender.importers.parse_history` for the formats and errors.
        """
        from recommender.importers import parse_history

        started = time.perf_counter()
        parsed = parse_history(path, format=format)
        return self.import_parsed(
            parsed, catalog, path=str(path), progress=progress, started=started
        )

    def import_parsed(
        self,
        parsed: Any,
        catalog: Any | None,
        *,
        path: str | None = None,
        progress: Callable[[int, int], None] | None = None,
        started: float | None = None,
    ) -> ImportReport:
        """Import an already parsed history (all or nothing).

        Duplicates (the same play already stored, see the ``*_WINDOW`` constants) are counted
        and not added, so importing the same file or an overlapping newer export twice adds
        nothing twice. Aggregates replace the previous values from the same source.
        """
        from recommender.matching import CatalogIndex

        t0 = time.perf_counter() if started is None else started
        report = ImportReport(
            format=parsed.format, files=list(parsed.files), skipped_entries=parsed.skipped_entries
        )
        phase = time.perf_counter()
        report.phases["parse"] = phase - t0
        index = (
            CatalogIndex.from_catalog(
                catalog, min_confidence=float(self.setting("min_match_confidence"))
            )
            if catalog is not None
            else None
        )
        report.phases["index"] = time.perf_counter() - phase
        restoring = parsed.format == "deepcuts"
        known_identities = set(index.by_identity) if index is not None else set()

        def resolve(
            artist: str | None,
            title: str | None,
            album: str | None,
            duration: int | None,
            mbid: str | None,
            isrc: str | None,
            identity: str | None,
            location: str | None = None,
        ) -> tuple[str | None, str | None, float | None]:
            if identity and (restoring or identity in known_identities):
                return identity, "identity", 1.0
            if index is None:
                return identity, None, None
            m = index.match(
                artist=artist,
                title=title,
                album=album,
                duration_ms=duration,
                mb_recording_id=mbid,
                isrc=isrc,
                location=location,
            )
            if m is None:
                return identity, None, None
            return m.identity, m.method, m.confidence

        phase = time.perf_counter()
        self.maybe_backup(force=True)
        report.phases["backup"] = time.perf_counter() - phase
        fingerprint_current = False
        if catalog is not None:
            # bring older plays up to date with this catalog first, so that afterwards the
            # whole store is matched against it and readers need no rematch
            self.rematch(catalog, index=index)
            fingerprint_current = True
        with self._lock:
            phase = time.perf_counter()
            seen = _SeenPlays()
            for key, at, source, ms in self.conn.execute(
                "SELECT match_key, played_at, source, ms_played FROM plays"
            ):
                seen.add(key, at, source, ms)
            rows: list[tuple[Any, ...]] = []
            unmatched_artists: Counter[str] = Counter()
            total = len(parsed.events)
            for n, ev in enumerate(parsed.events, start=1):
                report.events += 1
                key = match_key(ev.artist, ev.title)
                source = ev.source or parsed.format
                if seen.is_duplicate(key, ev.played_at, source, ev.ms_played):
                    report.duplicates += 1
                    continue
                seen.add(key, ev.played_at, source, ev.ms_played)
                identity, method, conf = resolve(
                    ev.artist,
                    ev.title,
                    ev.album,
                    ev.duration_ms,
                    ev.mb_recording_id,
                    ev.isrc,
                    ev.identity,
                )
                if method is None:
                    report.unmatched += 1
                    unmatched_artists[ev.artist] += 1
                else:
                    report.matched += 1
                rows.append(
                    (
                        ev.played_at,
                        identity,
                        method,
                        conf,
                        ev.artist,
                        ev.title,
                        ev.album,
                        ev.duration_ms,
                        ev.ms_played,
                        None if ev.skipped is None else int(ev.skipped),
                        ev.end_reason,
                        ev.mb_recording_id,
                        ev.isrc,
                        source,
                        ev.context,
                        int(bool(ev.excluded)),
                        key,
                    )
                )
                if progress is not None and (n % 5000 == 0 or n == total):
                    progress(n, total)
            report.top_unmatched_artists = [
                {"artist": a, "plays": c} for a, c in unmatched_artists.most_common(10)
            ]
            report.phases["match"] = time.perf_counter() - phase
            phase = time.perf_counter()

            with self._write():
                import_id = int(
                    self.conn.execute(
                        "INSERT INTO imports(started_at, path, format, files) VALUES (?, ?, ?, ?)",
                        (time.time(), path, parsed.format, json.dumps(parsed.files)),
                    ).lastrowid
                    or 0
                )
                report.import_id = import_id
                for key, value in parsed.settings.items():
                    if key not in _INTERNAL_SETTINGS:
                        self._set_setting(key, value)
                first_id = int(
                    self.conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM plays").fetchone()[0]
                )
                if rows or parsed.settings:
                    sessions = self._reassign_sessions(
                        [(first_id + i, r[0], r[8], r[7]) for i, r in enumerate(rows)]
                    )
                self.conn.executemany(
                    "INSERT INTO plays(id, played_at, identity, match_method, match_confidence, "
                    "artist, title, album, duration_ms, ms_played, skipped, end_reason, "
                    "mb_recording_id, isrc, source, context, excluded, match_key, session_id, "
                    f"import_id) VALUES (?, {', '.join('?' * 17)}, ?, {import_id})",
                    [(first_id + i, *r, sessions[first_id + i]) for i, r in enumerate(rows)],
                )
                for agg in parsed.aggregates:
                    report.aggregates += 1
                    identity, method, conf = resolve(
                        agg.artist,
                        agg.title,
                        agg.album,
                        agg.duration_ms,
                        agg.mb_recording_id,
                        None,
                        agg.identity,
                        agg.location,
                    )
                    report.aggregates_matched += method is not None
                    akey = (
                        agg.key
                        or agg.location
                        or (f"{match_key(agg.artist, agg.title)}|{fold(agg.album)}")
                    )
                    self.conn.execute(
                        "INSERT INTO aggregates(source, key, identity, match_method, "
                        "match_confidence, artist, title, album, duration_ms, play_count, "
                        "skip_count, rating, last_played, loved, location, mb_recording_id) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        "ON CONFLICT(source, key) DO UPDATE SET identity = excluded.identity, "
                        "match_method = excluded.match_method, "
                        "match_confidence = excluded.match_confidence, "
                        "artist = excluded.artist, title = excluded.title, "
                        "album = excluded.album, duration_ms = excluded.duration_ms, "
                        "play_count = excluded.play_count, skip_count = excluded.skip_count, "
                        "rating = excluded.rating, last_played = excluded.last_played, "
                        "loved = excluded.loved, location = excluded.location, "
                        "mb_recording_id = excluded.mb_recording_id",
                        (
                            agg.source or parsed.format,
                            akey,
                            identity,
                            method,
                            conf,
                            agg.artist,
                            agg.title,
                            agg.album,
                            agg.duration_ms,
                            agg.play_count,
                            agg.skip_count,
                            agg.rating,
                            agg.last_played,
                            None if agg.loved is None else int(agg.loved),
                            agg.location,
                            agg.mb_recording_id,
                        ),
                    )
                now = time.time()
                for fb in parsed.feedback:
                    report.feedback += 1
                    report.feedback_matched += self._import_feedback(fb, resolve, now)
                for pl in parsed.playlists:
                    self._restore_playlist(pl)
                for entry in parsed.scratch.get("deepcuts_imports", []):
                    self.conn.execute(
                        "INSERT INTO imports(started_at, path, format, files, events, matched, "
                        "unmatched, duplicates, aggregates, feedback, seconds) "
                        "SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM "
                        "imports WHERE started_at = ? AND format = ? AND path IS ?)",
                        (
                            entry.get("started_at", 0.0),
                            entry.get("path"),
                            entry.get("format", "?"),
                            json.dumps(entry.get("files", [])),
                            entry.get("events", 0),
                            entry.get("matched", 0),
                            entry.get("unmatched", 0),
                            entry.get("duplicates", 0),
                            entry.get("aggregates", 0),
                            entry.get("feedback", 0),
                            entry.get("seconds", 0.0),
                            entry.get("started_at", 0.0),
                            entry.get("format", "?"),
                            entry.get("path"),
                        ),
                    )
                if catalog is not None and fingerprint_current:
                    self._store_fingerprint(catalog)
                report.seconds = time.perf_counter() - t0
                self.conn.execute(
                    "UPDATE imports SET events = ?, matched = ?, unmatched = ?, duplicates = ?, "
                    "aggregates = ?, feedback = ?, seconds = ? WHERE id = ?",
                    (
                        report.events,
                        report.matched,
                        report.unmatched,
                        report.duplicates,
                        report.aggregates,
                        report.feedback,
                        round(report.seconds, 3),
                        import_id,
                    ),
                )
        report.seconds = time.perf_counter() - t0
        report.phases["write"] = time.perf_counter() - phase
        report.phases = {k: round(v, 3) for k, v in report.phases.items()}
        return report

    def _import_feedback(
        self, fb: Any, resolve: Callable[..., tuple[Any, Any, Any]], now: float
    ) -> bool:
        """Store one imported like/dislike/ban; returns whether it reached a catalog track
        (or is about an artist)."""
        is_artist = fb.title is None and not fb.mb_recording_id and not fb.identity
        method = None
        if is_artist:
            from recommender.matching import artist_key

            if not fb.artist:
                return False
            key = fb.key or f"artist:{artist_key(fb.artist)}"
            values: tuple[Any, ...] = ("artist", None, fb.artist, None, None, None, None)
        else:
            identity, method, _conf = resolve(
                fb.artist, fb.title, fb.album, fb.duration_ms, fb.mb_recording_id, None, fb.identity
            )
            if fb.key:
                key = fb.key
            elif fb.identity:
                key = f"track:{fb.identity}"
            elif fb.mb_recording_id:
                key = f"track:mbid:{fb.mb_recording_id}"
            else:
                key = f"track:{match_key(fb.artist, fb.title)}"
            values = (
                "track",
                identity,
                fb.artist,
                fb.title,
                fb.album,
                fb.duration_ms,
                fb.mb_recording_id,
            )
        target, identity, artist, title, album, duration_ms, mbid = values
        self._upsert_feedback(
            key,
            fb.kind,
            target,
            identity,
            artist,
            title,
            album,
            duration_ms,
            mbid,
            fb.created_at if fb.created_at is not None else now,
            fb.source or "import",
            newer_only=True,
        )
        return is_artist or method is not None

    def _restore_playlist(self, pl: Any) -> None:
        row = self.conn.execute("SELECT id FROM playlists WHERE name = ?", (pl.name,)).fetchone()
        if row is not None:
            self.conn.execute("DELETE FROM playlists WHERE id = ?", (row["id"],))
        pid = int(
            self.conn.execute(
                "INSERT INTO playlists(name, kind, created_at) VALUES (?, ?, ?)",
                (pl.name, pl.kind, pl.created_at),
            ).lastrowid
            or 0
        )
        self.conn.executemany(
            "INSERT INTO playlist_items(playlist_id, position, identity, artist, title, album, "
            "duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    pid,
                    pos,
                    it.get("identity"),
                    it.get("artist"),
                    it.get("title"),
                    it.get("album"),
                    it.get("duration_ms"),
                )
                for pos, it in enumerate(pl.items)
            ],
        )

    def import_catalog_tags(self, catalog: Any) -> int:
        """Refresh the play counts and ratings found in the files' tags (source ``tags``).

        Runs by itself whenever :meth:`rematch` sees a changed catalog (after every scan), so a
        retagged file's new counts replace the old ones. Returns the number of tracks with tag
        counts or ratings.
        """
        with self._lock, self._write():
            return self._refresh_tag_aggregates(catalog)

    def _refresh_tag_aggregates(self, catalog: Any) -> int:
        """Replace the ``tags`` aggregates from the catalog (inside the caller's transaction)."""
        from recommender.importers.tags import parse_catalog_tags

        parsed = parse_catalog_tags(catalog)
        self.conn.execute("DELETE FROM aggregates WHERE source = 'tags'")
        self.conn.executemany(
            "INSERT OR REPLACE INTO aggregates(source, key, identity, match_method, "
            "match_confidence, artist, title, album, duration_ms, play_count, skip_count, "
            "rating, last_played, location, mb_recording_id) "
            "VALUES ('tags', ?, ?, 'catalog', 1.0, ?, ?, ?, ?, ?, 0, ?, NULL, ?, ?)",
            [
                (
                    a.location,
                    a.identity,
                    a.artist,
                    a.title,
                    a.album,
                    a.duration_ms,
                    a.play_count,
                    a.rating,
                    a.location,
                    a.mb_recording_id,
                )
                for a in parsed.aggregates
            ],
        )
        return len(parsed.aggregates)

    # -- export --------------------------------------------------------------------------------

    def export(self, dest: str | Path) -> dict[str, int]:
        """Write everything to a JSON Lines file (docs/history.md) atomically.

        Returns
        -------
        dict
            Records written per type.
        """
        from recommender.importers.deepcuts import MAGIC, VERSION
        from recommender.importers.timestamps import iso_utc

        dest = Path(dest)
        counts: Counter[str] = Counter()
        tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")

        def line(fh: Any, record: dict[str, Any]) -> None:
            fh.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
            fh.write("\n")
            counts[record["type"]] += 1

        try:
            dest.parent.mkdir(parents=True, exist_ok=True)
            with self._lock, open(tmp, "w", encoding="utf-8", newline="\n") as fh:
                self.conn.execute("BEGIN")  # one consistent snapshot
                try:
                    line(
                        fh,
                        {
                            "type": "header",
                            "format": MAGIC,
                            "version": VERSION,
                            "exported_at": iso_utc(round(time.time())),
                            "schema_version": len(MIGRATIONS),
                        },
                    )
                    for r in self.conn.execute("SELECT key, value FROM settings ORDER BY key"):
                        if r["key"] not in _INTERNAL_SETTINGS:
                            line(
                                fh,
                                {
                                    "type": "setting",
                                    "key": r["key"],
                                    "value": json.loads(r["value"]),
                                },
                            )
                    for r in self.conn.execute("SELECT * FROM imports ORDER BY id"):
                        rec = {k: r[k] for k in r.keys() if k != "id"}  # noqa: SIM118 (sqlite3.Row)
                        rec["files"] = json.loads(rec["files"])
                        line(fh, {"type": "import", **rec})
                    for r in self.conn.execute("SELECT * FROM plays ORDER BY played_at, id"):
                        line(
                            fh,
                            {
                                "type": "play",
                                "played_at": r["played_at"],
                                "played_at_iso": iso_utc(r["played_at"]),
                                "artist": r["artist"],
                                "title": r["title"],
                                "album": r["album"],
                                "duration_ms": r["duration_ms"],
                                "ms_played": r["ms_played"],
                                "skipped": None if r["skipped"] is None else bool(r["skipped"]),
                                "end_reason": r["end_reason"],
                                "mb_recording_id": r["mb_recording_id"],
                                "isrc": r["isrc"],
                                "identity": r["identity"],
                                "source": r["source"],
                                "context": r["context"],
                                "excluded": bool(r["excluded"]),
                            },
                        )
                    for r in self.conn.execute("SELECT * FROM feedback ORDER BY key"):
                        line(
                            fh,
                            {
                                "type": "feedback",
                                "key": r["key"],
                                "kind": r["kind"],
                                "target": r["target"],
                                "artist": r["artist"],
                                "title": r["title"],
                                "album": r["album"],
                                "duration_ms": r["duration_ms"],
                                "mb_recording_id": r["mb_recording_id"],
                                "identity": r["identity"],
                                "created_at": r["created_at"],
                                "source": r["source"],
                            },
                        )
                    for r in self.conn.execute("SELECT * FROM aggregates ORDER BY source, key"):
                        line(
                            fh,
                            {
                                "type": "aggregate",
                                "source": r["source"],
                                "key": r["key"],
                                "artist": r["artist"],
                                "title": r["title"],
                                "album": r["album"],
                                "duration_ms": r["duration_ms"],
                                "play_count": r["play_count"],
                                "skip_count": r["skip_count"],
                                "rating": r["rating"],
                                "last_played": r["last_played"],
                                "loved": None if r["loved"] is None else bool(r["loved"]),
                                "location": r["location"],
                                "mb_recording_id": r["mb_recording_id"],
                                "identity": r["identity"],
                            },
                        )
                    for pl in self.playlists():
                        line(
                            fh,
                            {
                                "type": "playlist",
                                "name": pl.name,
                                "kind": pl.kind,
                                "created_at": pl.created_at,
                                "items": pl.items,
                            },
                        )
                finally:
                    self.conn.execute("COMMIT")
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, dest)
        except OSError as exc:
            try:
                tmp.unlink()
            except OSError:
                pass
            raise DeepCutsError(f"cannot write {dest}: {exc.strerror or exc}") from exc
        return dict(counts)


def judge_play(
    *,
    ms_played: int | None,
    duration_ms: int | None,
    flag: int | bool | None,
    end_reason: str | None = None,
    skip_min_ms: float = 30000,
    skip_fraction: float = 0.5,
    complete_fraction: float = 0.9,
) -> tuple[bool, bool]:
    """``(skipped, completed)`` for one play: the skip rule of docs/history.md.

    The source's own flag wins. Otherwise a play is a skip when it lasted less than
    ``min(skip_min_ms, skip_fraction * duration)`` (just ``skip_min_ms`` when the length is
    unknown). A play without a time played (a scrobble) is neither skipped nor partial.
    """
    if flag is not None:
        skipped = bool(flag)
    elif ms_played is None:
        skipped = False
    else:
        limit = skip_min_ms if not duration_ms else min(skip_min_ms, skip_fraction * duration_ms)
        skipped = ms_played < limit
    if skipped:
        return True, False
    if end_reason == "trackdone" or ms_played is None:
        return False, True
    if not duration_ms:
        return False, False
    return False, ms_played >= complete_fraction * duration_ms


class _SeenPlays:
    """Plays already stored or imported, bucketed by key and time for O(1) duplicate checks."""

    def __init__(self) -> None:
        self._buckets: dict[tuple[str, int], list[tuple[float, str, int | None]]] = defaultdict(
            list
        )

    def add(self, key: str, at: float, source: str, ms_played: int | None) -> None:
        """Remember a play for later checks."""
        self._buckets[(key, int(at // CROSS_SOURCE_WINDOW))].append((at, source, ms_played))

    def is_duplicate(self, key: str, at: float, source: str, ms_played: int | None) -> bool:
        """Whether an equal play is known: same source, less than 1 s apart and the same time
        played (Spotify's minute-precision account export has distinct short plays whose
        computed starts fall within a second); a scrobbler's double submission (30 s); or
        another source (120 s)."""
        scrobble = source in SCROBBLE_SOURCES
        bucket = int(at // CROSS_SOURCE_WINDOW)
        for b in (bucket - 1, bucket, bucket + 1):
            for when, other, ms in self._buckets.get((key, b), ()):
                diff = abs(when - at)
                if other == source:
                    if (diff < SAME_SOURCE_WINDOW and ms == ms_played) or (
                        scrobble and diff < SCROBBLE_WINDOW
                    ):
                        return True
                elif diff <= CROSS_SOURCE_WINDOW:
                    return True
        return False
