"""Reading the history: plays, feedback, aggregates, statistics and the import log."""

from __future__ import annotations

import json
import logging
from typing import Any

from recommender.history.play_columns import PlayColumns, play_columns, plays_where
from recommender.history.records import (
    FeedbackItem,
    FeedbackSet,
    Play,
    TrackAggregate,
    TrackAggregates,
    judge_play,
)
from recommender.history.writing import Writing

log = logging.getLogger(__name__)


class Queries(Writing):
    """Reading the history: plays, feedback, aggregates, statistics and the import log."""

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
        durations = _catalog_durations(catalog)
        s = self.settings()
        min_ms, frac = float(s["skip_min_ms"]), float(s["skip_fraction"])
        complete = float(s["complete_fraction"])
        where, params = plays_where(as_of=as_of, include_excluded=include_excluded)
        out: list[Play] = []
        for r in self.conn.execute("SELECT * FROM plays " + where, params):
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

    def play_columns(
        self,
        catalog: Any,
        *,
        as_of: float | None = None,
        include_excluded: bool = False,
        rematch: bool = True,
    ) -> PlayColumns:
        """The plays of :meth:`plays` as columns (track id, time, time played, skipped,
        excluded), without a Python object per play: what training reads
        (``recommender/history/play_columns.py``)."""
        if rematch:
            self.rematch(catalog)
        return play_columns(
            self.conn,
            self._identity_map(catalog),
            _catalog_durations(catalog),
            self.settings(),
            as_of=as_of,
            include_excluded=include_excluded,
        )

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
                from recommender.history.matching import artist_key

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

    def play_counts(self, catalog: Any, *, rematch: bool = True) -> dict[int, tuple[int, float]]:
        """Own plays per catalog id, excluded plays included: ``id -> (count, last played)``.

        Counted by SQLite (one ``GROUP BY`` over the plays' identities), not by building a
        :class:`Play` per row as :meth:`plays` does: the Library's columns need only these two
        numbers, and at a million plays the rows would cost seconds of Python in the window.

        Parameters
        ----------
        catalog : Catalog
            The current catalog (identities resolve to its ids as in :meth:`plays`).
        rematch : bool
            First re-match plays whose identity does not resolve, if the catalog changed.
        """
        if rematch:
            self.rematch(catalog)
        known = self._identity_map(catalog)
        out: dict[int, tuple[int, float]] = {}
        for identity, count, last in self.conn.execute(
            "SELECT identity, COUNT(*), MAX(played_at) FROM plays "
            "WHERE identity IS NOT NULL GROUP BY identity"
        ):
            tid = known.get(identity)
            if tid is None:
                continue
            before = out.get(tid)
            if before is not None:
                count, last = count + before[0], max(last, before[1])
            out[tid] = (count, last)
        return out

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
        from recommender.history.importers.timestamps import iso_utc

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


def _catalog_durations(catalog: Any) -> dict[int, float]:
    """catalog id → length in seconds, for plays that carry no length of their own."""
    return {
        r[0]: r[1]
        for r in catalog.conn.execute(
            "SELECT id, duration FROM tracks WHERE error IS NULL AND duration IS NOT NULL"
        )
    }
