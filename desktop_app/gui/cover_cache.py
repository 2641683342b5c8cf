"""Album art thumbnails: found once, kept small on disk, loaded in the background.

A cover is looked for in the track's embedded pictures (mutagen, front cover first), then in an
image file beside it (``cover.jpg``, ``folder.jpg``, ``front.jpg``, ``album.jpg`` and their
``.png``/``.jpeg`` forms, any case). What is found is scaled to :data:`THUMB_SIZE` pixels and
saved as a JPEG under ``<data dir>/covers/``, one file per album (its folder and album name), so
100,000 tracks of 8,000 albums read 8,000 pictures once. A folder without art gets an empty
marker file so it is not searched again.

The folder has a bound (:data:`DEFAULT_MAX_BYTES`): each hit refreshes the file's time, and when
the total passes the bound the least recently used thumbnails are removed until it is 10 % under
it. :class:`CoverLoader` serves the window: requests from the GUI thread are queued, one
background task works through them (newest first: the rows on screen now) and the finished images
reach the GUI thread in batches at most every 50 ms, so a grid of thousands of albums never
floods the event loop. Decoding and scaling (also to the sizes views ask for) happen in the worker
on ``QImage``; the GUI thread makes a ``QPixmap`` only of what it draws.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QImage, QPixmap

from desktop_app.gui import tasks

log = logging.getLogger("deepcuts.gui.covers")

THUMB_SIZE = 256
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
FOLDER_NAMES = ("cover", "folder", "front", "album", "albumart")
IMAGE_EXTS = (".jpg", ".jpeg", ".png")
_NONE = ".none"


def folder_image(track_path: str) -> str | None:
    """A cover image file in the track's folder (``cover.jpg``, ``folder.jpg``, …), if any."""
    folder = os.path.dirname(track_path)
    try:
        names = os.listdir(folder)
    except OSError:
        return None
    by_lower = {n.lower(): n for n in names}
    for stem in FOLDER_NAMES:
        for ext in IMAGE_EXTS:
            name = by_lower.get(stem + ext)
            if name is not None:
                return os.path.join(folder, name)
    return None


def album_key(track_path: str, album: str | None) -> str:
    """One cache key per album: the folder and the album name (loose tracks: the file)."""
    folder = os.path.dirname(track_path)
    base = f"{folder}\0{album}" if album else track_path
    return hashlib.blake2b(base.encode("utf-8", "surrogateescape"), digest_size=12).hexdigest()


class CoverCache:
    """Thumbnails on disk under ``folder``, at most ``max_bytes`` in total (LRU eviction).

    Safe to use from several threads at once.
    """

    def __init__(self, folder: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.folder = Path(folder)
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._total: int | None = None

    def _file(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.jpg"

    def total_bytes(self) -> int:
        """The size of every thumbnail in the folder (measured once, then kept up to date)."""
        with self._lock:
            if self._total is None:
                self._total = sum(size for _p, size, _t in self._entries())
            return self._total

    def _entries(self) -> list[tuple[Path, int, float]]:
        out: list[tuple[Path, int, float]] = []
        if not self.folder.exists():
            return out
        for sub in self.folder.iterdir():
            if not sub.is_dir():
                continue
            for f in sub.iterdir():
                try:
                    st = f.stat()
                except OSError:
                    continue
                out.append((f, st.st_size, st.st_mtime))
        return out

    def lookup(self, key: str) -> QImage | bool | None:
        """The cached thumbnail, ``False`` when the album is known to have none, else ``None``."""
        path = self._file(key)
        if path.exists():
            _touch(path)
            image = QImage(str(path))
            return image if not image.isNull() else None
        marker = path.with_suffix(_NONE)
        if marker.exists():
            return False
        return None

    def get(self, track_path: str, album: str | None = None) -> QImage | None:
        """The thumbnail for a track's album: from the cache, else found, scaled and stored."""
        key = album_key(track_path, album)
        found = self.lookup(key)
        if found is False:
            return None
        if isinstance(found, QImage):
            return found
        image = read_cover(track_path)
        self.store(key, image)
        return image

    def file_for(self, track_path: str, album: str | None = None) -> Path | None:
        """The thumbnail file of a track's album, when it is cached (MPRIS art URLs)."""
        path = self._file(album_key(track_path, album))
        return path if path.exists() else None

    def store(self, key: str, image: QImage | None) -> None:
        path = self._file(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        if image is None or image.isNull():
            path.with_suffix(_NONE).touch()
            return
        tmp = path.with_name(f".{path.name}.{threading.get_ident()}.tmp")
        if not image.save(str(tmp), "JPEG", 85):  # type: ignore[call-overload]
            log.debug("cannot write %s", tmp)
            return
        size = tmp.stat().st_size
        os.replace(tmp, path)
        with self._lock:
            if self._total is not None:
                self._total += size
        if self.total_bytes() > self.max_bytes:
            self.evict()

    def evict(self) -> int:
        """Remove the least recently used thumbnails until 10 % under the bound; returns count."""
        with self._lock:
            entries = sorted(self._entries(), key=lambda e: e[2])
            total = sum(size for _p, size, _t in entries)
            target = int(self.max_bytes * 0.9)
            removed = 0
            for path, size, _t in entries:
                if total <= target:
                    break
                if path.suffix == _NONE:
                    continue
                try:
                    path.unlink()
                except OSError:
                    continue
                total -= size
                removed += 1
            self._total = total
            return removed


def _touch(path: Path) -> None:
    try:
        os.utime(path)
    except OSError:
        pass


def read_cover(track_path: str, size: int = THUMB_SIZE) -> QImage | None:
    """The track's embedded cover, else its folder's image, scaled to ``size`` (square crop)."""
    from desktop_app.gui.covers import embedded_cover

    image = QImage()
    data = embedded_cover(track_path)
    if not (data and image.loadFromData(data)):
        image = QImage()
        other = folder_image(track_path)
        if other is None or not image.load(other):
            return None
    return image.scaled(
        size,
        size,
        Qt.AspectRatioMode.KeepAspectRatioByExpanding,
        Qt.TransformationMode.SmoothTransformation,
    ).copy(0, 0, size, size)


#: Requests kept waiting at most; beyond it the oldest are dropped (the newest are served first,
#: so what is dropped is what scrolled out of sight long ago; a view asks again when it repaints).
MAX_PENDING = 400


class CoverLoader(QObject):
    """Loads thumbnails for the GUI: ``request(key, path, album)``; ``loaded(key)`` when ready.

    Everything costly runs in the worker: finding, decoding, scaling, writing the cache file and
    the smaller copies views registered with :meth:`want_size` (the album grid's tiles), all as
    :class:`QImage`. The GUI thread only moves finished images into a bounded in-memory LRU,
    once per batch (at most every 50 ms); a ``QPixmap`` is made from an image only when a view
    asks for it (:meth:`pixmap`). ``loaded_batch(keys)`` follows the ``loaded(key)`` of a batch,
    for views that update many items at once.
    """

    loaded = Signal(str)
    loaded_batch = Signal(list)

    def __init__(self, cache: CoverCache, parent: QObject | None = None, *, memory: int = 600):
        super().__init__(parent)
        self.cache = cache
        self.memory = memory
        self._images: OrderedDict[str, QImage | None] = OrderedDict()
        self._sized: dict[tuple[str, int], QImage] = {}
        self._pixmaps: OrderedDict[str, QPixmap] = OrderedDict()
        self._sizes: tuple[int, ...] = ()
        self._pending: OrderedDict[str, tuple[str, str | None]] = OrderedDict()
        self._done: list[tuple[str, QImage | None, dict[int, QImage]]] = []
        self._lock = threading.Lock()
        self._task: tasks.Task | None = None
        self.callbacks: dict[str, list[Callable[[QImage | None], None]]] = {}
        #: The threads that decoded and scaled images (tests: never the GUI thread).
        self.worker_threads: set[int] = set()

    def want_size(self, size: int) -> None:
        """Also make a ``size``-pixel copy of every thumbnail in the worker (:meth:`image`)."""
        if size not in self._sizes:
            self._sizes = (*self._sizes, size)

    def pixmap(self, key: str) -> QPixmap | bool | None:
        """The pixmap when loaded, ``False`` when the album has no art, ``None`` when unknown."""
        if key not in self._images:
            return None
        self._images.move_to_end(key)
        image = self._images[key]
        if image is None:
            return False
        pix = self._pixmaps.get(key)
        if pix is None:  # made on first use, in the GUI thread; a few are kept
            pix = self._pixmaps[key] = QPixmap.fromImage(image)
            while len(self._pixmaps) > max(1, self.memory // 4):
                self._pixmaps.popitem(last=False)
        else:
            self._pixmaps.move_to_end(key)
        return pix

    def image(self, key: str, size: int | None = None) -> QImage | bool | None:
        """The thumbnail as an image (``size``: a copy registered with :meth:`want_size`),
        ``False`` when the album has no art, ``None`` when not loaded."""
        if key not in self._images:
            return None
        image = self._images[key]
        if image is None:
            return False
        if size is None:
            return image
        return self._sized.get((key, size))

    def request(
        self,
        track_path: str,
        album: str | None = None,
        callback: Callable[[QImage | None], None] | None = None,
        *,
        key: str | None = None,
    ) -> str:
        """Queue a thumbnail (newest requests first); returns its key."""
        key = key or album_key(track_path, album)
        if callback is not None:
            self.callbacks.setdefault(key, []).append(callback)
        if key in self._images:
            if callback is not None:
                self._deliver_callbacks(key, self._images[key])
            return key
        with self._lock:
            self._pending[key] = (track_path, album)
            self._pending.move_to_end(key, last=False)
            while len(self._pending) > MAX_PENDING:
                self._pending.popitem(last=True)
            running = self._task is not None and not self._task.done
        if not running:
            self._start()
        return key

    def pending(self) -> int:
        with self._lock:
            return len(self._pending)

    def _start(self) -> None:
        self._task = tasks.run_task(
            self._work, self._finished, self._progress, name="covers", interval=0.05
        )

    def _work(self, ctx: tasks.TaskContext) -> None:  # worker thread
        while not ctx.cancelled:
            with self._lock:
                if not self._pending:
                    return
                key, (path, _album) = self._pending.popitem(last=False)
                sizes = self._sizes
            try:
                found = self.cache.lookup(key)
                if found is False:
                    image = None
                elif isinstance(found, QImage):
                    image = found
                else:
                    image = read_cover(path)
                    self.cache.store(key, image)
                sized = {
                    size: image.scaled(
                        size,
                        size,
                        Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation,
                    )
                    for size in sizes
                    if image is not None
                }
            except Exception:  # an unreadable picture: no art, never an error dialog
                log.debug("cover of %r unreadable", path, exc_info=True)
                image, sized = None, {}
            with self._lock:
                self._done.append((key, image, sized))
                self.worker_threads.add(threading.get_ident())
            ctx.report(None)

    def _progress(self, _payload: Any) -> None:
        self._drain()

    def _finished(self, _result: Any) -> None:
        self._drain()
        with self._lock:
            more = bool(self._pending)
        if more:
            self._start()

    def _drain(self) -> None:
        with self._lock:
            done, self._done = self._done, []
        if not done:
            return
        keys = []
        for key, image, sized in done:
            self._images[key] = image
            self._images.move_to_end(key)
            self._pixmaps.pop(key, None)
            for size, small in sized.items():
                self._sized[(key, size)] = small
            keys.append(key)
        while len(self._images) > self.memory:
            old, _image = self._images.popitem(last=False)
            self._pixmaps.pop(old, None)
            for size in self._sizes:
                self._sized.pop((old, size), None)
        for key, image, _sized in done:
            self._deliver_callbacks(key, image)
            self.loaded.emit(key)
        self.loaded_batch.emit(keys)

    def _deliver_callbacks(self, key: str, image: QImage | None) -> None:
        for callback in self.callbacks.pop(key, []):
            callback(image)
