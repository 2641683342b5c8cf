"""Moving the data folder (Settings, "Move…"): copy, verify, switch, keep the old one.

1. **Copy** every file of the data folder into an empty (or new) target folder. SQLite stores are
   copied with SQLite's online backup (a consistent copy even while the window has them open in
   WAL mode); other files byte for byte. Rebuildable caches (cover thumbnails, the stats
   rollups) are left behind and rebuilt on demand.
2. **Verify**: each store passes ``PRAGMA integrity_check`` and has the same tables with the
   same row counts as the original; every other file has the same size and SHA-256.
3. **Switch**: the new folder is recorded as the default (``analysis.datadir.record_location``)
   and the window reopens its stores there.
4. The **old folder stays** until the person deletes it from Settings.

A failure anywhere leaves the original untouched and removes the half-made copy.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from analysis.errors import DeepCutsError

#: Derived data, rebuilt when missing: not copied.
SKIP_DIRS = {"covers"}
SKIP_FILES = {"stats-cache.db"}
SQLITE_SUFFIXES = (".db", ".sqlite")


@dataclass
class MoveResult:
    source: Path
    target: Path
    files: int
    bytes: int


def _plan(source: Path) -> list[Path]:
    files = []
    for root, dirs, names in os.walk(source):
        rel_root = Path(root).relative_to(source)
        dirs[:] = [d for d in dirs if not (rel_root == Path(".") and d in SKIP_DIRS)]
        for name in names:
            if name in SKIP_FILES or name.endswith(("-wal", "-shm", "-journal")):
                continue
            if name.startswith(".") and name.endswith(".tmp"):
                continue
            files.append(rel_root / name)
    return sorted(files)


def _is_sqlite(path: Path) -> bool:
    if not path.name.endswith(SQLITE_SUFFIXES):
        return False
    with open(path, "rb") as fh:
        return fh.read(16) == b"SQLite format 3\x00"


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _tables(conn: sqlite3.Connection) -> dict[str, int]:
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {n: conn.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in names}


def check_target(source: Path, target: Path) -> None:
    """Refuse a target inside the source (or the reverse), or a folder that is not empty."""
    src, dst = source.resolve(), target.resolve()
    if dst == src or src in dst.parents or dst in src.parents:
        raise DeepCutsError(f"{target} is inside the data folder (or holds it); choose another")
    if dst.exists() and (not dst.is_dir() or any(dst.iterdir())):
        raise DeepCutsError(f"{target} is not an empty folder")


def copy_data_dir(
    source: Path,
    target: Path,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
) -> MoveResult:
    """Copy and verify the data folder ``source`` into ``target`` (see the module's steps)."""
    source, target = Path(source), Path(target)
    check_target(source, target)
    created = not target.exists()
    files = _plan(source)
    try:
        target.mkdir(parents=True, exist_ok=True)
        total = 0
        for i, rel in enumerate(files):
            if cancel is not None and cancel.is_set():
                raise DeepCutsError("moving the data folder was cancelled; nothing changed")
            src, dst = source / rel, target / rel
            dst.parent.mkdir(parents=True, exist_ok=True)
            if _is_sqlite(src):
                with sqlite3.connect(f"file:{src}?mode=ro", uri=True) as a:
                    b = sqlite3.connect(dst)
                    try:
                        a.backup(b)
                    finally:
                        b.close()
            else:
                shutil.copy2(src, dst)
            total += dst.stat().st_size
            if progress is not None:
                progress(i + 1, len(files))
        verify_copy(source, target, files)
    except BaseException:
        if created:
            shutil.rmtree(target, ignore_errors=True)
        else:
            for child in target.iterdir():
                shutil.rmtree(child, ignore_errors=True) if child.is_dir() else child.unlink()
        raise
    return MoveResult(source=source, target=target, files=len(files), bytes=total)


def verify_copy(source: Path, target: Path, files: list[Path] | None = None) -> None:
    """Raise :class:`DeepCutsError` unless ``target`` holds a faithful copy of ``source``."""
    for rel in files if files is not None else _plan(source):
        src, dst = source / rel, target / rel
        if not dst.exists():
            raise DeepCutsError(f"the copy lacks {rel}")
        if _is_sqlite(src):
            a = sqlite3.connect(f"file:{src}?mode=ro", uri=True)
            b = sqlite3.connect(f"file:{dst}?mode=ro", uri=True)
            try:
                ok = b.execute("PRAGMA integrity_check").fetchone()[0]
                if ok != "ok":
                    raise DeepCutsError(f"the copy of {rel} is damaged: {ok}")
                if _tables(a) != _tables(b):
                    raise DeepCutsError(f"the copy of {rel} differs from the original")
            finally:
                a.close()
                b.close()
        elif src.stat().st_size != dst.stat().st_size or _sha256(src) != _sha256(dst):
            raise DeepCutsError(f"the copy of {rel} differs from the original")


def delete_old(previous: Path, current: Path) -> None:
    """Delete the old data folder once the person confirms (never the one in use)."""
    previous, current = Path(previous), Path(current)
    if previous.resolve() == current.resolve() or previous.resolve() in current.resolve().parents:
        raise DeepCutsError(f"{previous} is the data folder in use")
    if not (previous / "catalog.db").exists() and not (previous / "history.db").exists():
        raise DeepCutsError(f"{previous} does not look like a Deep Cuts data folder; left alone")
    shutil.rmtree(previous)
