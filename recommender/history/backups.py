"""Backup copies of the store and the JSON Lines export that restores everything."""

from __future__ import annotations

import json
import logging
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from analysis.atomic import atomic_open
from analysis.errors import DeepCutsError
from analysis.sqlite_store import backup
from recommender.history.queries import Queries
from recommender.history.schema import (
    _INTERNAL_SETTINGS,
    MIGRATIONS,
)

log = logging.getLogger(__name__)


class Backups(Queries):
    """Backup copies of the store and the JSON Lines export that restores everything."""

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

    def export(self, dest: str | Path) -> dict[str, int]:
        """Write everything to a JSON Lines file (docs/history.md) atomically.

        Returns
        -------
        dict
            Records written per type.
        """
        dest = Path(dest)
        counts: Counter[str] = Counter()
        try:
            dest.parent.mkdir(parents=True, exist_ok=True)
            with atomic_open(dest, "w", encoding="utf-8", newline="\n") as fh, self._lock:
                self.conn.execute("BEGIN")  # one consistent snapshot
                try:
                    for record in self._export_records():
                        fh.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
                        fh.write("\n")
                        counts[record["type"]] += 1
                finally:
                    self.conn.execute("COMMIT")
        except OSError as exc:
            raise DeepCutsError(f"cannot write {dest}: {exc.strerror or exc}") from exc
        return dict(counts)

    def _export_records(self) -> Iterator[dict[str, Any]]:
        """Every record of an export in file order: header, settings, import log, plays,
        feedback, aggregates, playlists."""
        from recommender.history.importers.deepcuts import MAGIC, VERSION
        from recommender.history.importers.timestamps import iso_utc

        yield {
            "type": "header",
            "format": MAGIC,
            "version": VERSION,
            "exported_at": iso_utc(round(time.time())),
            "schema_version": len(MIGRATIONS),
        }
        for r in self.conn.execute("SELECT key, value FROM settings ORDER BY key"):
            if r["key"] not in _INTERNAL_SETTINGS:
                yield {"type": "setting", "key": r["key"], "value": json.loads(r["value"])}
        for r in self.conn.execute("SELECT * FROM imports ORDER BY id"):
            rec = {k: r[k] for k in r.keys() if k != "id"}  # noqa: SIM118 (sqlite3.Row)
            rec["files"] = json.loads(rec["files"])
            yield {"type": "import", **rec}
        for r in self.conn.execute("SELECT * FROM plays ORDER BY played_at, id"):
            yield _play_record(r, iso_utc(r["played_at"]))
        for r in self.conn.execute("SELECT * FROM feedback ORDER BY key"):
            yield {"type": "feedback", **{k: r[k] for k in _FEEDBACK_FIELDS}}
        for r in self.conn.execute("SELECT * FROM aggregates ORDER BY source, key"):
            yield _aggregate_record(r)
        for pl in self.playlists():
            yield {
                "type": "playlist",
                "name": pl.name,
                "kind": pl.kind,
                "created_at": pl.created_at,
                "items": pl.items,
            }


_FEEDBACK_FIELDS = (
    "key",
    "kind",
    "target",
    "artist",
    "title",
    "album",
    "duration_ms",
    "mb_recording_id",
    "identity",
    "created_at",
    "source",
)


def _play_record(r: Any, played_at_iso: str) -> dict[str, Any]:
    """One ``plays`` row as an export record."""
    return {
        "type": "play",
        "played_at": r["played_at"],
        "played_at_iso": played_at_iso,
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
    }


def _aggregate_record(r: Any) -> dict[str, Any]:
    """One ``aggregates`` row as an export record."""
    return {
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
    }
