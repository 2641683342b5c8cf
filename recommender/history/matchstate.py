"""Matching stored plays, feedback and playlists against the catalog."""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from typing import Any

from recommender.history.core import StoreCore

log = logging.getLogger(__name__)


class MatchState(StoreCore):
    """Matching stored plays, feedback and playlists against the catalog."""

    def _index(self, catalog: Any) -> Any:
        from recommender.history.matching import CatalogIndex

        return CatalogIndex.from_catalog(
            catalog, min_confidence=float(self.setting("min_match_confidence"))
        )

    def _identity_map(self, catalog: Any, *, present_only: bool = False) -> dict[str, int]:
        """identity → catalog id (a present file preferred to a missing one).

        Reading the plays, the feedback and the aggregates each needs this map, and at 100,000
        tracks it takes about 0.3 s to build: it is kept while a cheap summary of the tracks
        table (counts, sums of ids, times, flags and identity lengths) stays the same. Callers
        must not change the dict they get.
        """
        summary = catalog.conn.execute(
            "SELECT COUNT(*), TOTAL(id), TOTAL(updated_at), TOTAL(missing), "
            "TOTAL(error IS NULL), TOTAL(LENGTH(identity)) FROM tracks"
        ).fetchone()
        key = (str(catalog.path), tuple(summary))
        cache: dict[bool, tuple[Any, dict[str, int]]] = self.__dict__.setdefault(
            "_identity_cache", {}
        )
        cached = cache.get(present_only)
        if cached is not None and cached[0] == key:
            return cached[1]
        out = self._read_identity_map(catalog, present_only=present_only)
        cache[present_only] = (key, out)
        return out

    @staticmethod
    def _read_identity_map(catalog: Any, *, present_only: bool) -> dict[str, int]:
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

    def _refresh_tag_aggregates(self, catalog: Any) -> int:
        """Replace the ``tags`` aggregates from the catalog (inside the caller's transaction)."""
        from recommender.history.importers.tags import parse_catalog_tags

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
