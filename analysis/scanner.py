"""Folder scanning: keep the catalog equal to what is on disk, fast and incrementally.

The scan is a pipeline of small stages (docs/catalog.md, "How a scan works"):

1. **walk** every root (bytes paths, so undecodable file names work; each real directory once,
   so symlink loops end) and stat the audio files;
2. **diff** against the catalog: unchanged files (same size and ``mtime_ns``) are not opened;
   new and changed files go on; catalogued files not seen are *vanished*;
3. **read** tags of new and changed files, in worker processes for large batches (mutagen is
   pure Python, so processes, not threads, use both cores; docs/catalog.md, "Speed");
4. **write**: one writer commits results in batches. A new file whose size and audio-sample hash
   (or MusicBrainz recording id) match a vanished or missing row is a *move*: the row, and so
   its id and history, follows the file. Vanished files that did not move are marked missing,
   never deleted.

A kill at any point leaves the catalog consistent (every batch is one transaction, missing
marks come last) and the next scan finishes the work.
"""

from __future__ import annotations

import itertools
import json
import multiprocessing
import os
import stat
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from analysis.catalog import JSON_LIST_COLUMNS, Catalog, display_path
from analysis.sqlite_store import transaction
from analysis.tag_encoding import DEFAULT_MODE, check_mode
from analysis.tags import describe_error, is_audio_name, read_audio_file
from analysis.workers import pool_context, worker_started

#: Files per task sent to a worker process and per committed batch.
CHUNK = 200
#: Below this many files to read, reading inline beats starting workers.
PARALLEL_THRESHOLD = 400

# Columns written from a tag record (everything but identity bookkeeping).
_RECORD_COLUMNS = (
    "sample_hash",
    "format",
    "codec",
    "duration",
    "bitrate",
    "sample_rate",
    "channels",
    "bits_per_sample",
    "title",
    "artist",
    "artists",
    "album",
    "album_artist",
    "genre",
    "genres",
    "date",
    "year",
    "original_year",
    "track_number",
    "track_total",
    "disc_number",
    "disc_total",
    "composer",
    "label",
    "mb_recording_id",
    "mb_track_id",
    "mb_release_id",
    "mb_artist_ids",
    "isrc",
    "rg_track_gain",
    "rg_track_peak",
    "rg_album_gain",
    "rg_album_peak",
    "compilation",
    "has_cover",
    "tag_rating",
    "tag_play_count",
    "identity",
    "error",
    "tag_encodings",
    "tag_encoding_mode",
)


@dataclass
class ScanProgress:
    """What a progress callback receives (a snapshot; cheap to copy to another thread)."""

    phase: str  # "walking", "reading", "finishing", "done"
    files_seen: int = 0
    to_read: int = 0
    done: int = 0
    errors: int = 0
    current_path: str = ""
    elapsed: float = 0.0
    eta_seconds: float | None = None

    @property
    def rate(self) -> float:
        return self.done / self.elapsed if self.elapsed > 0 else 0.0


@dataclass
class ScanResult:
    """Counts of one scan; ``to_json`` gives the CLI's stable JSON document."""

    roots: list[str] = field(default_factory=list)
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    moved: int = 0
    missing: int = 0
    restored: int = 0
    errors: list[dict[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    cancelled: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "roots": self.roots,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "moved": self.moved,
            "missing": self.missing,
            "restored": self.restored,
            "errors": self.errors,
            "seconds": round(self.seconds, 3),
            "cancelled": self.cancelled,
        }


class _Existing(NamedTuple):
    id: int
    root_id: int | None
    size: int
    mtime_ns: int
    missing: bool
    error: str | None
    sample_hash: str | None
    mb_recording_id: str | None
    tag_encoding_mode: str | None


# -- walking ----------------------------------------------------------------------------------


def walk_audio_files(
    root: bytes, errors: list[dict[str, str]], seen_dirs: set[tuple[int, int]]
) -> Iterator[tuple[bytes, int, int]]:
    """Yield ``(path, size, mtime_ns)`` of every audio file under ``root``.

    Symbolic links to directories are followed, but each real directory is entered once
    (``seen_dirs`` holds ``(st_dev, st_ino)``), so loops end. Unreadable directories become
    error entries; files that vanish while walking are skipped.
    """
    # Each stack item is (path, key or None, device): real subfolders are keyed by (device of the
    # parent, inode from the directory entry) without a stat call; the root and symbolic links
    # are stat-ed, which resolves the link to the real folder's (device, inode).
    stack: list[tuple[bytes, tuple[int, int] | None, int]] = [(root, None, 0)]
    while stack:
        directory, key, device = stack.pop()
        if key is None:
            try:
                st = os.stat(directory)
            except OSError:
                continue
            key = (st.st_dev, st.st_ino)
            device = st.st_dev
        if key in seen_dirs:
            continue
        seen_dirs.add(key)
        try:
            entries = list(os.scandir(directory))
        except PermissionError:
            errors.append({"path": display_path(directory), "reason": "permission denied (folder)"})
            continue
        except OSError as exc:
            errors.append(
                {
                    "path": display_path(directory),
                    "reason": f"cannot list folder: {exc.strerror or exc}",
                }
            )
            continue
        subdirs: list[tuple[bytes, tuple[int, int] | None, int]] = []
        for entry in entries:
            name = entry.name
            try:
                if entry.is_dir():  # follows symlinks
                    if not name.startswith(b"."):
                        if entry.is_symlink():
                            subdirs.append((entry.path, None, 0))
                        else:
                            subdirs.append((entry.path, (device, entry.inode()), device))
                    continue
                if not is_audio_name(name):
                    continue
                st = entry.stat()
                if not stat.S_ISREG(st.st_mode):
                    continue
            except OSError:
                continue  # vanished or a dangling link
            yield entry.path, st.st_size, st.st_mtime_ns
        stack.extend(sorted(subdirs, reverse=True))


# -- reading (worker side) --------------------------------------------------------------------


def _worker_init() -> None:
    worker_started()


def read_chunk(
    items: list[tuple[bytes, int]], tag_encoding: str = DEFAULT_MODE
) -> list[tuple[bytes, dict[str, Any]]]:
    """Read tags of a chunk of files (runs in a worker process)."""
    out = []
    for path, size in items:
        try:
            record = read_audio_file(path, size, tag_encoding=tag_encoding)
        except Exception as exc:  # one bad file never stops the others (Ctrl-C still does)
            record = {"error": describe_error(exc)}
        out.append((path, _encode(record)))
    return out


def _encode(record: dict[str, Any]) -> dict[str, Any]:
    """Put a record in column form (JSON lists, 0/1 flags) where it is made, in the worker,
    so the single writer only writes."""
    for col in JSON_LIST_COLUMNS:
        record[col] = json.dumps(record.get(col) or [], ensure_ascii=False)
    encodings = record.get("tag_encodings")
    record["tag_encodings"] = json.dumps(encodings) if encodings else None
    record["compilation"] = int(bool(record.get("compilation")))
    record["has_cover"] = int(bool(record.get("has_cover")))
    # Only the row travels back to the writer: pickling the whole dict cost more than the write.
    return {
        "_values": tuple(record.get(col) for col in _RECORD_COLUMNS),
        "error": record.get("error"),
        "sample_hash": record.get("sample_hash"),
        "mb_recording_id": record.get("mb_recording_id"),
    }


def _pool_context() -> multiprocessing.context.BaseContext:
    return pool_context(["analysis.tags"])


# -- the scan ---------------------------------------------------------------------------------


class _Reporter:
    def __init__(self, callback: Callable[[ScanProgress], None] | None, start: float) -> None:
        self.callback = callback
        self.start = start
        self.last = 0.0
        self.state = ScanProgress(phase="walking")

    def update(self, *, force: bool = False, **changes: Any) -> None:
        for key, value in changes.items():
            setattr(self.state, key, value)
        if self.callback is None:
            return
        now = time.monotonic()
        if not force and now - self.last < 0.1:
            return
        self.last = now
        s = self.state
        s.elapsed = now - self.start
        remaining = s.to_read - s.done
        s.eta_seconds = remaining / s.rate if s.phase == "reading" and s.rate > 0 else None
        self.callback(ScanProgress(**{k: getattr(s, k) for k in s.__dataclass_fields__}))


def _is_set(cancel: threading.Event | None) -> bool:
    return cancel is not None and cancel.is_set()


class _RootIndex:
    """Nested roots: a file belongs to the most specific root containing it."""

    def __init__(self, roots: list[Any]) -> None:
        self._roots = sorted(((r.path_raw, r.id) for r in roots), key=lambda x: -len(x[0]))

    def root_of(self, path: bytes) -> int | None:
        for raw, rid in self._roots:
            if path == raw or path.startswith(raw.rstrip(b"/") + b"/"):
                return rid
        return None


@dataclass
class _Walked:
    """Stage 1's result: every audio file seen, and which roots could be walked."""

    seen: dict[bytes, tuple[int, int]] = field(default_factory=dict)  # path -> (size, mtime_ns)
    available_roots: list[int] = field(default_factory=list)
    unavailable_roots: list[int] = field(default_factory=list)


@dataclass
class _Moves:
    """Rows a new file may have moved from: vanished now, or missing since earlier scans."""

    by_hash: dict[tuple[int, str], list[_Existing]] = field(default_factory=dict)
    by_mbid: dict[str, list[_Existing]] = field(default_factory=dict)
    taken: set[int] = field(default_factory=set)  # ids a file has already moved into

    def add(self, old: _Existing) -> None:
        if old.sample_hash:
            self.by_hash.setdefault((old.size, old.sample_hash), []).append(old)
        if old.mb_recording_id:
            self.by_mbid.setdefault(old.mb_recording_id, []).append(old)

    def find(self, record: dict[str, Any], size: int) -> _Existing | None:
        """The row a new file moved from: same size and sample hash, else same recording id."""
        candidates: list[_Existing] = []
        if record.get("sample_hash"):
            candidates = self.by_hash.get((size, record["sample_hash"]), [])
        if not candidates and record.get("mb_recording_id"):
            candidates = self.by_mbid.get(record["mb_recording_id"], [])
        for candidate in candidates:
            if candidate.id not in self.taken:
                return candidate
        return None


@dataclass
class _Plan:
    """Stage 2's result: the walk compared with the catalog."""

    existing: dict[bytes, _Existing]
    to_read: list[tuple[bytes, int]]  # (path, size) of new and changed files
    restored: list[tuple[int, int]]  # (track id, root id or 0) of missing files back unchanged
    vanished: dict[bytes, _Existing]
    moves: _Moves


def scan(
    catalog: Catalog,
    paths: Sequence[str | bytes | os.PathLike[Any]] | None = None,
    *,
    progress: Callable[[ScanProgress], None] | None = None,
    workers: int | None = None,
    cancel: threading.Event | None = None,
    tag_encoding: str | None = None,
) -> ScanResult:
    """Add ``paths`` as roots (when given) and bring the catalog up to date with every root.

    Parameters
    ----------
    catalog : Catalog
        The writer.
    paths : list of path-like, optional
        Folders to add as roots before scanning. Each must exist.
    progress : callable, optional
        Receives a :class:`ScanProgress` at most every 0.1 s (and at phase changes).
    workers : int, optional
        Processes reading tags; default the number of cores. ``1`` reads inline.
    cancel : threading.Event, optional
        When set, the scan stops after the batch in flight; work done so far is kept and
        nothing is marked missing.
    tag_encoding : str, optional
        How text stored as Latin-1 is read (:data:`analysis.tag_encoding.MODES`); default the
        catalog's setting. Files read under another setting whose reading it can change are
        read again even when unchanged on disk.

    Returns
    -------
    ScanResult
    """
    started = time.monotonic()
    now = time.time()
    mode = check_mode(tag_encoding) if tag_encoding else catalog.tag_encoding()
    reporter = _Reporter(progress, started)
    for path in paths or []:
        catalog.add_root(path, now=now)
    roots = catalog.roots()
    result = ScanResult(roots=[r.path for r in roots])
    root_of = _RootIndex(roots).root_of
    conn = catalog.conn

    walked = _walk_roots(roots, result, reporter, cancel)
    plan = _diff(conn, walked, root_of, result, mode)
    _restore_unchanged(conn, plan.restored, now, result)
    reporter.update(force=True, phase="reading", to_read=len(plan.to_read), done=0)
    writer = _BatchWriter(conn, walked.seen, plan, root_of, now, result, reporter)
    cancelled = _read_and_write(plan.to_read, workers, cancel, writer.write, mode)
    if cancelled or _is_set(cancel):
        result.cancelled = True  # nothing is marked missing after a partial walk or read
    else:
        reporter.update(force=True, phase="finishing")
        result.missing = _mark_missing(conn, plan, walked, now)
    if result.added or result.updated or result.moved or result.missing or result.restored:
        # Fold the write-ahead log into the database now, as part of the scan that wrote it,
        # rather than in whichever later transaction crosses the checkpoint threshold.
        conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
    result.errors.sort(key=lambda e: e["path"])
    result.seconds = time.monotonic() - started
    reporter.update(force=True, phase="done")
    return result


# -- 1. walk ----------------------------------------------------------------------------------


def _walk_roots(
    roots: list[Any], result: ScanResult, reporter: _Reporter, cancel: threading.Event | None
) -> _Walked:
    """Stat every audio file under every root; a root that is gone is an error, not a walk."""
    walked = _Walked()
    seen = walked.seen
    seen_dirs: set[tuple[int, int]] = set()
    for root in roots:
        if _is_set(cancel):
            break
        if not os.path.isdir(root.path_raw):
            walked.unavailable_roots.append(root.id)
            result.errors.append(
                {
                    "path": root.path,
                    "reason": "folder not found (unmounted or removed); "
                    "its tracks are marked missing",
                }
            )
            continue
        walked.available_roots.append(root.id)
        for path, size, mtime_ns in walk_audio_files(root.path_raw, result.errors, seen_dirs):
            seen.setdefault(path, (size, mtime_ns))
            if len(seen) % 2000 == 0:
                reporter.update(files_seen=len(seen), current_path=display_path(path))
    reporter.update(force=True, files_seen=len(seen))
    return walked


# -- 2. diff ----------------------------------------------------------------------------------


def _diff(
    conn: Any,
    walked: _Walked,
    root_of: Callable[[bytes], int | None],
    result: ScanResult,
    mode: str = DEFAULT_MODE,
) -> _Plan:
    """Compare the walk with the catalog: what to read, what came back, what vanished."""
    existing = _existing_rows(conn)
    seen = walked.seen
    to_read: list[tuple[bytes, int]] = []
    restored: list[tuple[int, int]] = []
    for path, (size, mtime_ns) in seen.items():
        old = existing.get(path)
        if old is not None and _unchanged(old, size, mtime_ns, mode):
            if old.missing:
                restored.append((old.id, root_of(path) or 0))
            else:
                result.unchanged += 1
            if old.error:
                result.errors.append({"path": display_path(path), "reason": old.error})
        else:
            to_read.append((path, size))
    vanished = _vanished(existing, walked)
    return _Plan(existing, to_read, restored, vanished, _move_sources(existing, seen, vanished))


def _unchanged(old: _Existing, size: int, mtime_ns: int, mode: str) -> bool:
    """Same size and mtime, and no 8-bit tag text that the current encoding setting would read
    differently (such files carry the setting they were read under)."""
    if old.size != size or old.mtime_ns != mtime_ns:
        return False
    return old.tag_encoding_mode is None or old.tag_encoding_mode == mode


def _vanished(existing: dict[bytes, _Existing], walked: _Walked) -> dict[bytes, _Existing]:
    """Catalogued files not seen. Only roots walked this time can lose files: the files of an
    unmounted root are not "vanished" (the root is marked unavailable instead)."""
    seen = walked.seen
    scanned_root_ids = set(walked.available_roots)
    return {
        path: old
        for path, old in existing.items()
        if path not in seen and not old.missing and old.root_id in scanned_root_ids
    }


def _move_sources(
    existing: dict[bytes, _Existing],
    seen: dict[bytes, tuple[int, int]],
    vanished: dict[bytes, _Existing],
) -> _Moves:
    """Rows a new file may have moved from: vanished now, or missing since earlier scans."""
    moves = _Moves()
    for path, old in existing.items():
        if path not in seen and not old.error and (old.missing or path in vanished):
            moves.add(old)
    return moves


def _existing_rows(conn: Any) -> dict[bytes, _Existing]:
    """Every catalogued file with what the diff and the move detection need, by path."""
    cursor = conn.cursor()
    cursor.row_factory = None  # plain tuples: sqlite3.Row costs more than the query here
    cursor.execute(
        "SELECT path_raw, id, root_id, size, mtime_ns, missing, error, sample_hash, "
        "mb_recording_id, tag_encoding_mode FROM tracks"
    )
    make = _Existing._make
    return {row[0]: make(row[1:]) for row in cursor}


def _restore_unchanged(
    conn: Any, restored: list[tuple[int, int]], now: float, result: ScanResult
) -> None:
    """Missing files that are back, unchanged, need no reading: clear their missing mark."""
    if not restored:
        return
    with transaction(conn):
        conn.executemany(
            "UPDATE tracks SET missing = 0, missing_since = NULL, root_id = ?, "
            "updated_at = ? WHERE id = ?",
            [(rid or None, now, tid) for tid, rid in restored],
        )
    result.restored += len(restored)


# -- 3. read ----------------------------------------------------------------------------------


class _Cancelled(Exception):
    pass


def _read_and_write(
    items: list[tuple[bytes, int]],
    workers: int | None,
    cancel: threading.Event | None,
    write: Callable[[list[tuple[bytes, dict[str, Any]]]], None],
    mode: str = DEFAULT_MODE,
) -> bool:
    """Read every item and hand each batch of results to ``write``; True when cancelled."""
    try:
        for batch in _read_all(items, workers, cancel, mode):
            write(batch)
    except _Cancelled:
        return True
    return False


def _read_all(
    items: list[tuple[bytes, int]],
    workers: int | None,
    cancel: threading.Event | None,
    mode: str = DEFAULT_MODE,
) -> Iterator[list[tuple[bytes, dict[str, Any]]]]:
    """Yield batches of read results, inline or from a process pool."""
    if not items:
        return
    chunks = [items[i : i + CHUNK] for i in range(0, len(items), CHUNK)]
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or len(items) < PARALLEL_THRESHOLD:
        yield from _read_inline(chunks, cancel, mode)
    else:
        yield from _read_in_pool(chunks, workers, cancel, mode)


def _read_inline(
    chunks: list[list[tuple[bytes, int]]], cancel: threading.Event | None, mode: str
) -> Iterator[list[tuple[bytes, dict[str, Any]]]]:
    for chunk in chunks:
        if _is_set(cancel):
            raise _Cancelled
        yield read_chunk(chunk, mode)


def _read_in_pool(
    chunks: list[list[tuple[bytes, int]]], workers: int, cancel: threading.Event | None, mode: str
) -> Iterator[list[tuple[bytes, dict[str, Any]]]]:
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=_pool_context(), initializer=_worker_init
    )
    try:
        queue: Iterator[list[tuple[bytes, int]]] = iter(chunks)
        # Bounded in flight: memory stays flat for any library.
        pending: set[Future[Any]] = {
            pool.submit(read_chunk, chunk, mode) for chunk in itertools.islice(queue, workers * 2)
        }
        while pending:
            if _is_set(cancel):
                raise _Cancelled
            done, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
            for future in done:
                chunk = next(queue, [])
                if chunk:
                    pending.add(pool.submit(read_chunk, chunk, mode))
                yield future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# -- 4. write ---------------------------------------------------------------------------------

_STAT_COLUMNS = ("size", "mtime_ns", "root_id", "updated_at", "missing", "missing_since")
_UPDATE_SQL = "UPDATE tracks SET {} WHERE id = ?".format(
    ", ".join(f"{c} = ?" for c in (*_RECORD_COLUMNS, *_STAT_COLUMNS, "path_raw", "path"))
)
_INSERT_COLUMNS = (*_RECORD_COLUMNS, *_STAT_COLUMNS, "path_raw", "path", "added_at")
_INSERT_SQL = "INSERT INTO tracks({}) VALUES ({})".format(
    ", ".join(_INSERT_COLUMNS), ", ".join("?" for _ in _INSERT_COLUMNS)
)


class _BatchWriter:
    """The single writer: one transaction per batch of read results."""

    def __init__(
        self,
        conn: Any,
        seen: dict[bytes, tuple[int, int]],
        plan: _Plan,
        root_of: Callable[[bytes], int | None],
        now: float,
        result: ScanResult,
        reporter: _Reporter,
    ) -> None:
        self.conn = conn
        self.seen = seen
        self.existing = plan.existing
        self.moves = plan.moves
        self.root_of = root_of
        self.now = now
        self.result = result
        self.reporter = reporter

    def write(self, batch: list[tuple[bytes, dict[str, Any]]]) -> None:
        inserts: list[tuple[Any, ...]] = []
        with transaction(self.conn):
            for path, record in batch:
                row = self._write_record(path, record)
                if row is not None:
                    inserts.append(row)
            self.conn.executemany(_INSERT_SQL, inserts)
        state = self.reporter.state
        self.reporter.update(
            done=state.done + len(batch),
            errors=state.errors + sum(1 for _, r in batch if "error" in r),
            current_path=display_path(batch[-1][0]),
        )

    def _write_record(self, path: bytes, record: dict[str, Any]) -> tuple[Any, ...] | None:
        """Update a row in place (changed file or move); return the row to insert for a new
        file."""
        result = self.result
        size, mtime_ns = self.seen[path]
        error = record.get("error")
        if error == "file vanished during the scan":
            return None  # gone between walk and read: the next scan sees it as vanished
        if "_values" not in record:
            record = _encode(record)
        if error:
            result.errors.append({"path": display_path(path), "reason": error})
        stats = (size, mtime_ns, self.root_of(path), self.now, 0, None)
        values = (*record["_values"], *stats, path, display_path(path))
        old = self.existing.get(path)
        if old is not None:  # changed in place
            self.conn.execute(_UPDATE_SQL, (*values, old.id))
            if old.missing:
                result.restored += 1
            else:
                result.updated += 1
            return None
        target = None if error else self.moves.find(record, size)
        if target is not None:
            self.moves.taken.add(target.id)
            self.conn.execute(_UPDATE_SQL, (*values, target.id))
            result.moved += 1
            return None
        result.added += 1
        return (*values, self.now)


# -- 5. finish --------------------------------------------------------------------------------


def _mark_missing(conn: Any, plan: _Plan, walked: _Walked, now: float) -> int:
    """Mark vanished files that did not move, and every track of a root that is gone, missing
    (never deleted: their history waits for them); return how many were marked."""
    missing_ids = [old.id for old in plan.vanished.values() if old.id not in plan.moves.taken]
    marked = len(missing_ids)
    with transaction(conn):
        conn.executemany(
            "UPDATE tracks SET missing = 1, missing_since = ?, updated_at = ? WHERE id = ?",
            [(now, now, tid) for tid in missing_ids],
        )
        for rid in walked.unavailable_roots:
            cur = conn.execute(
                "UPDATE tracks SET missing = 1, missing_since = ?, updated_at = ? "
                "WHERE root_id = ? AND missing = 0",
                (now, now, rid),
            )
            marked += max(cur.rowcount, 0)
            conn.execute("UPDATE roots SET available = 0 WHERE id = ?", (rid,))
        for rid in walked.available_roots:
            conn.execute(
                "UPDATE roots SET available = 1, last_scan_at = ? WHERE id = ?", (now, rid)
            )
    return marked
