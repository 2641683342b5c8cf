"""Importing parsed histories, player libraries and catalog tags into the store."""

from __future__ import annotations

import json
import logging
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from analysis.identity import fold
from recommender.history.backups import Backups
from recommender.history.records import (
    ImportReport,
    _SeenPlays,
    match_key,
)
from recommender.history.schema import (
    _INTERNAL_SETTINGS,
)

log = logging.getLogger(__name__)


class Importing(Backups):
    """Importing parsed histories, player libraries and catalog tags into the store."""

    def import_path(
        self,
        path: str | Path,
        catalog: Any | None,
        *,
        format: str = "auto",
        progress: Callable[[int, int], None] | None = None,
        columns: dict[str, str] | None = None,
    ) -> ImportReport:
        """Parse an export (file, folder or ZIP) and import it in one transaction.

        See :func:`recommender.history.importers.parse_history` for the formats, the column
        mapping of a CSV (``columns``) and errors.
        """
        from recommender.history.importers import parse_history

        started = time.perf_counter()
        parsed = parse_history(path, format=format, columns=columns)
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

        Steps: index the catalog, back up, rematch older rows, match the new plays, then write
        plays, aggregates, feedback, playlists and the import log in one transaction.
        """
        t0 = time.perf_counter() if started is None else started
        report = ImportReport(
            format=parsed.format,
            files=_files_json(parsed),
            skipped_entries=parsed.skipped_entries,
            skipped=parsed.skipped_json() if hasattr(parsed, "skipped_json") else [],
            ignored=list(getattr(parsed, "ignored", [])),
        )
        phase = time.perf_counter()
        report.phases["parse"] = phase - t0
        resolve = self._resolver(catalog, restoring=parsed.format == "deepcuts")
        report.phases["index"] = time.perf_counter() - phase

        phase = time.perf_counter()
        self.maybe_backup(force=True)
        report.phases["backup"] = time.perf_counter() - phase
        if catalog is not None:
            # bring older plays up to date with this catalog first, so that afterwards the
            # whole store is matched against it and readers need no rematch
            self.rematch(catalog, index=resolve.index)
        with self._lock:
            phase = time.perf_counter()
            rows = self._match_events(parsed, resolve, report, progress)
            report.phases["match"] = time.perf_counter() - phase
            phase = time.perf_counter()
            with self._write():
                import_id = self._write_import(parsed, rows, resolve, report, path)
                if catalog is not None:
                    self._store_fingerprint(catalog)
                report.seconds = time.perf_counter() - t0
                self._finish_import_row(report, import_id)
        report.seconds = time.perf_counter() - t0
        report.phases["write"] = time.perf_counter() - phase
        report.phases = {k: round(v, 3) for k, v in report.phases.items()}
        return report

    def _resolver(self, catalog: Any | None, *, restoring: bool) -> _Resolver:
        """The matcher of imported rows against ``catalog`` (none: rows stay unmatched)."""
        from recommender.history.matching import CatalogIndex

        index = (
            CatalogIndex.from_catalog(
                catalog, min_confidence=float(self.setting("min_match_confidence"))
            )
            if catalog is not None
            else None
        )
        return _Resolver(index, restoring=restoring)

    def _match_events(
        self,
        parsed: Any,
        resolve: _Resolver,
        report: ImportReport,
        progress: Callable[[int, int], None] | None,
    ) -> list[tuple[Any, ...]]:
        """The plays rows of the parsed events that are not duplicates, matched to the catalog;
        counts events, duplicates, matched and unmatched in ``report``."""
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
            rows.append(_play_row(ev, identity, method, conf, source, key))
            if progress is not None and (n % 5000 == 0 or n == total):
                progress(n, total)
        report.top_unmatched_artists = [
            {"artist": a, "plays": c} for a, c in unmatched_artists.most_common(10)
        ]
        return rows

    def _write_import(
        self,
        parsed: Any,
        rows: list[tuple[Any, ...]],
        resolve: _Resolver,
        report: ImportReport,
        path: str | None,
    ) -> int:
        """Inside the caller's transaction: the import log row, settings, plays (with their
        sessions), aggregates, feedback, playlists and a restored import log. Returns the
        import's id."""
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
        self._insert_plays(rows, import_id, reassign=bool(rows or parsed.settings))
        for agg in parsed.aggregates:
            report.aggregates += 1
            report.aggregates_matched += self._upsert_aggregate(agg, resolve, parsed.format)
        now = time.time()
        for fb in parsed.feedback:
            report.feedback += 1
            report.feedback_matched += self._import_feedback(fb, resolve, now)
        for pl in parsed.playlists:
            self._restore_playlist(pl)
        for entry in parsed.scratch.get("deepcuts_imports", []):
            self._restore_import_entry(entry)
        return import_id

    def _insert_plays(self, rows: list[tuple[Any, ...]], import_id: int, *, reassign: bool) -> None:
        """Insert the new plays with their session ids (sessions re-assigned around them)."""
        first_id = int(
            self.conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM plays").fetchone()[0]
        )
        sessions: dict[int, int] = {}
        if reassign:
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

    def _upsert_aggregate(self, agg: Any, resolve: _Resolver, fmt: str) -> bool:
        """Store one imported per-track aggregate, replacing the same source's previous value;
        returns whether it matched a catalog track."""
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
        akey = agg.key or agg.location or (f"{match_key(agg.artist, agg.title)}|{fold(agg.album)}")
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
                agg.source or fmt,
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
        return method is not None

    def _restore_import_entry(self, entry: dict[str, Any]) -> None:
        """One import log entry of a Deep Cuts export, unless the log already has it."""
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

    def _finish_import_row(self, report: ImportReport, import_id: int) -> None:
        """Write the import's counts to its log row."""
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

    def _import_feedback(
        self, fb: Any, resolve: Callable[..., tuple[Any, Any, Any]], now: float
    ) -> bool:
        """Store one imported like/dislike/ban; returns whether it reached a catalog track
        (or is about an artist)."""
        is_artist = fb.title is None and not fb.mb_recording_id and not fb.identity
        method = None
        if is_artist:
            from recommender.history.matching import artist_key

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


class _Resolver:
    """Matches one imported row to a catalog identity: ``(identity, method, confidence)``.

    A restored Deep Cuts export keeps its identities as they are; elsewhere an identity is
    trusted when the catalog has it, and anything else goes through the catalog index.
    """

    def __init__(self, index: Any | None, *, restoring: bool) -> None:
        self.index = index
        self.restoring = restoring
        self.known = set(index.by_identity) if index is not None else set()

    def __call__(
        self,
        artist: str | None,
        title: str | None,
        album: str | None,
        duration: int | None,
        mbid: str | None,
        isrc: str | None,
        identity: str | None,
        location: str | None = None,
    ) -> tuple[str | None, str | None, float | None]:
        if identity and (self.restoring or identity in self.known):
            return identity, "identity", 1.0
        if self.index is None:
            return identity, None, None
        m = self.index.match(
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


def _files_json(parsed: Any) -> list[dict[str, Any]]:
    """Each file of the import with its format and counts (names only for a hand-made parse)."""
    files = parsed.files_json() if hasattr(parsed, "files_json") else []
    return files or [{"file": name, "format": parsed.format} for name in parsed.files]


def _play_row(
    ev: Any, identity: str | None, method: str | None, conf: float | None, source: str, key: str
) -> tuple[Any, ...]:
    """The ``plays`` columns of one imported event, in insert order (id, session and import
    id are added when written)."""
    return (
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
