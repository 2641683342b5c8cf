"""Writing plays, sessions, feedback, saved playlists and settings."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from typing import Any

from analysis.catalog import Track
from analysis.errors import DeepCutsError, NotFoundError
from recommender.history.matchstate import MatchState
from recommender.history.records import (
    PlaylistInfo,
    _track_duration_ms,
    match_key,
)
from recommender.history.schema import (
    _CLEAR_KINDS,
    FEEDBACK_KINDS,
)
from recommender.history.sessions import PlaySpan, assign_sessions, play_end

log = logging.getLogger(__name__)


class Writing(MatchState):
    """Writing plays, sessions, feedback, saved playlists and settings."""

    def set_setting(self, key: str, value: Any) -> None:
        """Store a setting; changing the session gap re-assigns every session."""
        with self._lock, self._write():
            self._set_setting(key, value)
            if key == "session_gap_minutes":
                self._reassign_sessions()

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
            from recommender.history.matching import artist_key

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
