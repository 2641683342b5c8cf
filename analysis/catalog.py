"""The library catalog: ``catalog.db``, a rebuildable cache of what is on disk.

One row per audio file, including files that are currently missing (``missing = 1``: the row stays
so history keeps its track) and files that could not be read (``error`` holds the reason). Paths
are stored twice: ``path_raw`` holds the exact file-system bytes (file names need not be valid
UTF-8) and is the key; ``path`` holds a displayable text form.

Schema changes are appended to :data:`MIGRATIONS`; never edit a shipped migration.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from analysis.datadir import BACKUPS_DIR, CATALOG_FILE
from analysis.errors import DeepCutsError, NotFoundError, StoreBusyError
from analysis.sqlite_store import Migration, connect, is_locked, migrate, transaction

# -- schema -----------------------------------------------------------------------------------

_V1 = """
CREATE TABLE roots (
    id INTEGER PRIMARY KEY,
    path_raw BLOB NOT NULL UNIQUE,
    path TEXT NOT NULL,
    added_at REAL NOT NULL,
    last_scan_at REAL,
    available INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE tracks (
    id INTEGER PRIMARY KEY,
    root_id INTEGER REFERENCES roots(id) ON DELETE CASCADE,
    path_raw BLOB NOT NULL UNIQUE,
    path TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    sample_hash TEXT,
    format TEXT,
    codec TEXT,
    duration REAL,
    bitrate INTEGER,
    sample_rate INTEGER,
    channels INTEGER,
    bits_per_sample INTEGER,
    title TEXT,
    artist TEXT,
    artists TEXT,
    album TEXT,
    album_artist TEXT,
    genre TEXT,
    genres TEXT,
    date TEXT,
    year INTEGER,
    original_year INTEGER,
    track_number INTEGER,
    track_total INTEGER,
    disc_number INTEGER,
    disc_total INTEGER,
    composer TEXT,
    label TEXT,
    mb_recording_id TEXT,
    mb_track_id TEXT,
    mb_release_id TEXT,
    mb_artist_ids TEXT,
    isrc TEXT,
    rg_track_gain REAL,
    rg_track_peak REAL,
    rg_album_gain REAL,
    rg_album_peak REAL,
    compilation INTEGER NOT NULL DEFAULT 0,
    has_cover INTEGER NOT NULL DEFAULT 0,
    tag_rating REAL,
    tag_play_count INTEGER,
    identity TEXT,
    error TEXT,
    missing INTEGER NOT NULL DEFAULT 0,
    missing_since REAL,
    added_at REAL NOT NULL,
    updated_at REAL NOT NULL
);
CREATE INDEX tracks_root ON tracks(root_id);
CREATE INDEX tracks_identity ON tracks(identity);
"""

# v2: audio analysis (issue 3). One feature row per track (the newest analysis replaces the
# previous one, so two feature versions never coexist for a track); file size and mtime are
# copied so an edited file is re-analysed; errors keep the reason per version.
_V2_ANALYSIS = """
CREATE TABLE track_features (
    track_id INTEGER PRIMARY KEY REFERENCES tracks(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    dim INTEGER NOT NULL,
    vector BLOB NOT NULL,
    bpm REAL,
    key TEXT,
    key_index INTEGER,
    mode TEXT,
    key_strength REAL,
    energy REAL,
    brightness REAL,
    acousticness REAL,
    excerpt_seconds REAL,
    decoder TEXT,
    file_size INTEGER,
    file_mtime_ns INTEGER,
    analysed_at REAL NOT NULL
);
CREATE INDEX track_features_version ON track_features(version);
CREATE TABLE analysis_errors (
    track_id INTEGER PRIMARY KEY REFERENCES tracks(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    reason TEXT NOT NULL,
    file_size INTEGER,
    file_mtime_ns INTEGER,
    failed_at REAL NOT NULL
);
CREATE TABLE feature_stats (
    version INTEGER PRIMARY KEY,
    dim INTEGER NOT NULL,
    count INTEGER NOT NULL,
    mean BLOB NOT NULL,
    std BLOB NOT NULL,
    names TEXT NOT NULL,
    computed_at REAL NOT NULL
);
"""

# v3: legacy tag encodings (issue 16). ``tag_encodings`` holds, as JSON, the code page each
# field was read with where its tag stored 8-bit text as Latin-1; ``tag_encoding_mode`` the
# "Legacy tag encoding" setting such a file was read under (NULL when the setting cannot change
# its reading), so a changed setting re-reads exactly those files. Rows catalogued before this
# version with text in the Latin-1 range are marked to be read once more. ``settings`` holds
# the catalog's own settings (the tag encoding), so every scan, from the window or the command
# line, reads files the same way.
_LATIN1_RANGE = "GLOB '*[' || char(128) || '-' || char(255) || ']*'"
_V3_TAG_ENCODINGS = f"""
ALTER TABLE tracks ADD COLUMN tag_encodings TEXT;
ALTER TABLE tracks ADD COLUMN tag_encoding_mode TEXT;
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
UPDATE tracks SET tag_encoding_mode = 'before-v3'
WHERE title {_LATIN1_RANGE} OR artist {_LATIN1_RANGE} OR album {_LATIN1_RANGE}
   OR album_artist {_LATIN1_RANGE} OR composer {_LATIN1_RANGE} OR label {_LATIN1_RANGE}
   OR genre {_LATIN1_RANGE} OR artists {_LATIN1_RANGE};
"""

# v4: the learned embedding (issue 13). Per-window summaries next to each feature row (float16,
# at most 4 KB; NULL for rows written before v4, which the feature version bump re-analyses);
# the one current embedding model (weights as an .npz blob) and the track embeddings it gave,
# replaced together in one transaction so a killed training leaves the previous pair intact;
# a training checkpoint, so an interrupted training resumes; and the library's quantiles of
# every feature column (the rank standardisation; NULL until the statistics are recomputed).
_V4_EMBEDDING = """
ALTER TABLE track_features ADD COLUMN windows BLOB;
ALTER TABLE feature_stats ADD COLUMN quantiles BLOB;
CREATE TABLE embedding_model (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    feature_version INTEGER NOT NULL,
    dim INTEGER NOT NULL,
    n_tracks INTEGER NOT NULL,
    seed INTEGER NOT NULL,
    fingerprint TEXT NOT NULL,
    meta TEXT NOT NULL,
    weights BLOB NOT NULL,
    trained_at REAL NOT NULL
);
CREATE TABLE track_embeddings (
    track_id INTEGER PRIMARY KEY REFERENCES tracks(id) ON DELETE CASCADE,
    vector BLOB NOT NULL
);
CREATE TABLE embedding_checkpoint (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    fingerprint TEXT NOT NULL,
    epoch INTEGER NOT NULL,
    state BLOB NOT NULL,
    saved_at REAL NOT NULL
);
"""

#: Ordered migrations; item i takes the schema from version i to i + 1.
MIGRATIONS: list[Migration] = [_V1, _V2_ANALYSIS, _V3_TAG_ENCODINGS, _V4_EMBEDDING]

#: The setting that says how text stored as Latin-1 is read (analysis/tag_encoding.py).
TAG_ENCODING_SETTING = "tag_encoding"

# -- records ----------------------------------------------------------------------------------

JSON_LIST_COLUMNS = ("artists", "genres", "mb_artist_ids")


@dataclass(slots=True)
class Track:
    """One catalog row. ``artists``, ``genres`` and ``mb_artist_ids`` keep every tag value."""

    id: int
    path: str
    path_raw: bytes
    root_id: int | None
    size: int
    mtime_ns: int
    sample_hash: str | None = None
    format: str | None = None
    codec: str | None = None
    duration: float | None = None
    bitrate: int | None = None
    sample_rate: int | None = None
    channels: int | None = None
    bits_per_sample: int | None = None
    title: str | None = None
    artist: str | None = None
    artists: list[str] = field(default_factory=list)
    album: str | None = None
    album_artist: str | None = None
    genre: str | None = None
    genres: list[str] = field(default_factory=list)
    date: str | None = None
    year: int | None = None
    original_year: int | None = None
    track_number: int | None = None
    track_total: int | None = None
    disc_number: int | None = None
    disc_total: int | None = None
    composer: str | None = None
    label: str | None = None
    mb_recording_id: str | None = None
    mb_track_id: str | None = None
    mb_release_id: str | None = None
    mb_artist_ids: list[str] = field(default_factory=list)
    isrc: str | None = None
    rg_track_gain: float | None = None
    rg_track_peak: float | None = None
    rg_album_gain: float | None = None
    rg_album_peak: float | None = None
    compilation: bool = False
    has_cover: bool = False
    tag_rating: float | None = None
    tag_play_count: int | None = None
    identity: str | None = None
    error: str | None = None
    tag_encodings: dict[str, str] = field(default_factory=dict)
    tag_encoding_mode: str | None = None
    missing: bool = False
    missing_since: float | None = None
    added_at: float = 0.0
    updated_at: float = 0.0

    @property
    def display_title(self) -> str:
        return self.title or os.path.splitext(os.path.basename(self.path))[0]

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict: every column except the raw path bytes."""
        out = {f.name: getattr(self, f.name) for f in fields(self) if f.name not in _NOT_JSON}
        out["compilation"] = bool(self.compilation)
        out["has_cover"] = bool(self.has_cover)
        out["missing"] = bool(self.missing)
        return out

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Track:
        data = dict(row)
        for key in JSON_LIST_COLUMNS:
            raw = data.get(key)
            data[key] = json.loads(raw) if raw else []
        encodings = data.get("tag_encodings")
        data["tag_encodings"] = json.loads(encodings) if encodings else {}
        data["compilation"] = bool(data.get("compilation"))
        data["has_cover"] = bool(data.get("has_cover"))
        data["missing"] = bool(data.get("missing"))
        return cls(**{k: v for k, v in data.items() if k in _TRACK_FIELDS})


_TRACK_FIELDS = {f.name for f in fields(Track)}
_NOT_JSON = frozenset({"path_raw", "tag_encoding_mode"})


@dataclass(slots=True)
class Root:
    id: int
    path: str
    path_raw: bytes
    added_at: float
    last_scan_at: float | None
    available: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "path": self.path,
            "added_at": self.added_at,
            "last_scan_at": self.last_scan_at,
            "available": bool(self.available),
        }


def fs_bytes(path: str | bytes | os.PathLike[Any]) -> bytes:
    """Absolute, normalised file-system bytes of ``path`` (symlinks not resolved)."""
    raw = os.fsencode(path)
    return os.path.normpath(os.path.abspath(raw))


def display_path(raw: bytes) -> str:
    """Text form of a file-system path; undecodable bytes become U+FFFD."""
    return raw.decode("utf-8", errors="replace")


# -- the store --------------------------------------------------------------------------------


class Catalog:
    """The catalog database. One instance holds one connection; use one writer per process.

    Parameters
    ----------
    data_dir : Path
        The Deep Cuts data directory; the database is ``data_dir / "catalog.db"``.
    readonly : bool
        Open without the right to write (the GUI's readers); never migrates.
    """

    def __init__(self, data_dir: Path, *, readonly: bool = False) -> None:
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / CATALOG_FILE
        if readonly and not self.path.exists():
            raise NotFoundError(f"no catalog at {self.path}; run a scan first")
        self.conn = connect(self.path, readonly=readonly)
        if not readonly:
            try:
                migrate(
                    self.conn, MIGRATIONS, name="catalog", backup_dir=self.data_dir / BACKUPS_DIR
                )
            except sqlite3.DatabaseError as exc:
                self.conn.close()
                if is_locked(exc):
                    raise StoreBusyError(
                        f"catalog {self.path} stayed locked by another Deep Cuts window or "
                        "command; close it or wait for it to finish, then try again"
                    ) from exc
                raise DeepCutsError(
                    f"catalog {self.path} is damaged ({exc}); move it away and rescan to rebuild it"
                ) from exc

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Catalog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # roots

    def roots(self) -> list[Root]:
        rows = self.conn.execute("SELECT * FROM roots ORDER BY path").fetchall()
        return [
            Root(
                r["id"],
                r["path"],
                r["path_raw"],
                r["added_at"],
                r["last_scan_at"],
                bool(r["available"]),
            )
            for r in rows
        ]

    def add_root(self, path: str | bytes | os.PathLike[Any], *, now: float) -> Root:
        """Register a folder as a library root (idempotent). It must exist."""
        raw = fs_bytes(path)
        if not os.path.isdir(raw):
            raise NotFoundError(f"{display_path(raw)} is not a folder")
        with transaction(self.conn):
            self.conn.execute(
                "INSERT OR IGNORE INTO roots(path_raw, path, added_at) VALUES (?, ?, ?)",
                (raw, display_path(raw), now),
            )
        row = self.conn.execute("SELECT * FROM roots WHERE path_raw = ?", (raw,)).fetchone()
        return Root(
            row["id"],
            row["path"],
            row["path_raw"],
            row["added_at"],
            row["last_scan_at"],
            bool(row["available"]),
        )

    def remove_root(self, path: str | bytes | os.PathLike[Any]) -> int:
        """Forget a root and its tracks (history is untouched). Returns the tracks removed."""
        raw = fs_bytes(path)
        row = self.conn.execute("SELECT id FROM roots WHERE path_raw = ?", (raw,)).fetchone()
        if row is None:
            raise NotFoundError(f"{display_path(raw)} is not a library root")
        with transaction(self.conn):
            removed = self.conn.execute(
                "DELETE FROM tracks WHERE root_id = ?", (row["id"],)
            ).rowcount
            self.conn.execute("DELETE FROM roots WHERE id = ?", (row["id"],))
        return removed

    # settings

    def setting(self, key: str, default: str | None = None) -> str | None:
        """A catalog setting (``default`` when it was never set)."""
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row is not None else default

    def set_setting(self, key: str, value: str) -> None:
        """Remember a catalog setting."""
        with transaction(self.conn):
            self.conn.execute(
                "INSERT INTO settings(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def tag_encoding(self) -> str:
        """The "Legacy tag encoding" setting: ``auto`` (the default), ``off`` or a code page."""
        from analysis.tag_encoding import DEFAULT_MODE, MODES

        value = self.setting(TAG_ENCODING_SETTING, DEFAULT_MODE)
        return value if value in MODES else DEFAULT_MODE

    def set_tag_encoding(self, mode: str) -> str:
        """Set the "Legacy tag encoding"; files it changes are read again on the next scan.

        Raises
        ------
        ValueError
            For a value that is not one of :data:`analysis.tag_encoding.MODES`.
        """
        from analysis.tag_encoding import check_mode

        value = check_mode(mode)
        self.set_setting(TAG_ENCODING_SETTING, value)
        return value

    # tracks

    def track(self, track_id: int) -> Track | None:
        row = self.conn.execute("SELECT * FROM tracks WHERE id = ?", (track_id,)).fetchone()
        return Track.from_row(row) if row else None

    def track_by_path(self, path: str | bytes | os.PathLike[Any]) -> Track | None:
        row = self.conn.execute(
            "SELECT * FROM tracks WHERE path_raw = ?", (fs_bytes(path),)
        ).fetchone()
        return Track.from_row(row) if row else None

    def resolve(self, ref: str) -> Track:
        """A TRACK argument: a catalog id or a file path.

        Raises
        ------
        NotFoundError
            With a one-line message when nothing matches.
        """
        ref = ref.strip()
        if ref.isdigit():
            track = self.track(int(ref))
            if track is not None:
                return track
            if not os.path.exists(ref):
                raise NotFoundError(f"no track with id {ref} in the catalog")
        track = self.track_by_path(ref)
        if track is None:
            raise NotFoundError(f"{ref} is not in the catalog (scan its folder first)")
        return track

    def tracks(
        self,
        *,
        missing: bool | None = None,
        include_errors: bool = False,
        ids: Iterable[int] | None = None,
    ) -> Iterator[Track]:
        """Iterate catalog rows ordered by id.

        Parameters
        ----------
        missing : bool, optional
            ``True``: only missing files; ``False``: only present ones; ``None``: both.
        include_errors : bool
            Also yield rows of files that could not be read.
        ids : iterable of int, optional
            Restrict to these ids.
        """
        where = []
        params: list[Any] = []
        if missing is not None:
            where.append("missing = ?")
            params.append(int(missing))
        if not include_errors:
            where.append("error IS NULL")
        if ids is not None:
            id_list = list(ids)
            if not id_list:
                return
            where.append("id IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(id_list))
        sql = "SELECT * FROM tracks"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY id"
        for row in self.conn.execute(sql, params):
            yield Track.from_row(row)

    def track_columns(
        self, names: Sequence[str], *, missing: bool | None = False
    ) -> list[tuple[Any, ...]]:
        """Some columns of every readable track, ordered by id, one tuple per track.

        The same rows as :meth:`tracks` (with ``include_errors=False``), JSON list columns
        decoded, but without a :class:`Track` per row: building 100,000 of those is most of the
        time of reading a large catalog, and a caller that needs a few fields of every track
        (training, the window's lists) reads them about six times faster this way.

        Parameters
        ----------
        names : sequence of str
            Column names of the tracks table, in the order wanted in each tuple.
        missing : bool, optional
            ``False`` (default): only present files; ``True``: only missing ones; ``None``: both.
        """
        unknown = [n for n in names if n not in _TRACK_FIELDS]
        if unknown or not names:
            raise ValueError(f"not columns of the tracks table: {unknown or names!r}")
        sql = f"SELECT {', '.join(names)} FROM tracks WHERE error IS NULL"
        if missing is not None:
            sql += f" AND missing = {int(missing)}"
        rows = [tuple(r) for r in self.conn.execute(sql + " ORDER BY id")]
        lists = [i for i, n in enumerate(names) if n in JSON_LIST_COLUMNS]
        if lists:
            for k, row in enumerate(rows):
                values = list(row)
                for i in lists:
                    values[i] = json.loads(values[i]) if values[i] else []
                rows[k] = tuple(values)
        return rows

    def insert_tracks(self, records: Iterable[dict[str, Any]], *, now: float = 0.0) -> list[int]:
        """Insert catalog rows directly (tests, benchmarks and synthetic libraries).

        Each record maps column names to values; ``path`` is required, list columns take lists,
        ``identity`` is computed when absent. The scanner has its own write path.
        """
        from analysis.identity import identity_key

        ids: list[int] = []
        with transaction(self.conn):
            for rec in records:
                data = dict(rec)
                raw = fs_bytes(data.pop("path"))
                data.setdefault("size", 0)
                data.setdefault("mtime_ns", 0)
                data.setdefault("added_at", now)
                data.setdefault("updated_at", now)
                for key in JSON_LIST_COLUMNS:
                    if key in data:
                        data[key] = json.dumps(list(data[key] or []), ensure_ascii=False)
                if "tag_encodings" in data:
                    data["tag_encodings"] = json.dumps(data["tag_encodings"] or {}) or None
                if "identity" not in data:
                    data["identity"] = identity_key(
                        mb_recording_id=data.get("mb_recording_id"),
                        artist=data.get("artist"),
                        title=data.get("title"),
                        album=data.get("album"),
                        duration=data.get("duration"),
                        fallback=os.path.splitext(os.path.basename(display_path(raw)))[0],
                    )
                data["path_raw"] = raw
                data["path"] = display_path(raw)
                cols = ", ".join(data)
                marks = ", ".join("?" for _ in data)
                cur = self.conn.execute(
                    f"INSERT INTO tracks({cols}) VALUES ({marks})", list(data.values())
                )
                ids.append(int(cur.lastrowid or 0))
        return ids

    def count(self, *, missing: bool | None = None) -> int:
        sql = "SELECT COUNT(*) FROM tracks WHERE error IS NULL"
        params: list[Any] = []
        if missing is not None:
            sql += " AND missing = ?"
            params.append(int(missing))
        return int(self.conn.execute(sql, params).fetchone()[0])

    def errors(self) -> list[dict[str, str]]:
        """Files with an audio extension that could not be read, with the reason."""
        rows = self.conn.execute(
            "SELECT path, error FROM tracks WHERE error IS NOT NULL AND missing = 0 ORDER BY path"
        )
        return [{"path": r["path"], "reason": r["error"]} for r in rows]

    def stats(self) -> dict[str, Any]:
        """Counts per format, total duration, errors, missing."""
        per_format = {
            (r[0] or "unknown"): r[1]
            for r in self.conn.execute(
                "SELECT format, COUNT(*) FROM tracks WHERE error IS NULL AND missing = 0 "
                "GROUP BY format ORDER BY format"
            )
        }
        total_duration = self.conn.execute(
            "SELECT COALESCE(SUM(duration), 0) FROM tracks WHERE error IS NULL AND missing = 0"
        ).fetchone()[0]
        return {
            "tracks": self.count(missing=False),
            "missing": self.count(missing=True),
            "formats": per_format,
            "total_duration": float(total_duration),
            "errors": len(self.errors()),
            "roots": len(self.roots()),
        }
