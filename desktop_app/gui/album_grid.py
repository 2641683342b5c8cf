"""The Library's album grid: one tile per album with its cover, beside the table.

Painting the grid runs no Python. Every call from Qt into Python (a model's ``rowCount`` for
each index, its ``data`` for each tile and role) has to take the GIL, which background work (the
Discover build, the cover loader, a scan) holds for milliseconds at a time; with a model
written in Python one frame waited for the GIL hundreds of times, and scrolling 78,000 albums
while covers loaded stalled the window for up to 1.6 s (benchmarks/bench_gui.py). So:

- :func:`build_album_model` runs in a worker thread: it groups the library rows into albums
  (one pass, no database access) and builds a whole :class:`AlbumGridModel`, a
  ``QStandardItemModel`` whose items hold their text, tooltip and a placeholder image; the GUI
  thread only puts it in the view (:meth:`AlbumGridView.set_model`).
- Covers are asked once per frame for the tiles in view (:meth:`AlbumGridView.request_visible`,
  so only albums scrolled into view are read), decoded and scaled to the tile in the cover
  loader's worker, and set on their items once per delivered batch. At most
  :data:`COVERS_KEPT` tiles hold a cover pixmap; older ones go back to their placeholder.
"""

from __future__ import annotations

import threading
import zlib
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QMimeData,
    QModelIndex,
    QPoint,
    QSize,
    Qt,
    QThread,
    QTimer,
    QUrl,
)
from PySide6.QtGui import QImage, QPixmap, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QAbstractItemView, QListView

from desktop_app.gui.cover_cache import CoverLoader, album_key

TILE = 150
# Tiles that keep their cover pixmap (a screen shows ~40; 600 x 90 kB = 54 MB at most).
COVERS_KEPT = 600
_PLACEHOLDERS = 24
APPEND_SLICE = 2000


@dataclass
class Album:
    title: str
    artist: str
    track_ids: list[int] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    _key: str = ""

    @property
    def key(self) -> str:
        """The cover cache's key of the album (its folder and title)."""
        if not self._key and self.paths:
            self._key = album_key(self.paths[0], self.title)
        return self._key


def group_albums(rows: Any) -> list[Album]:
    """Albums of the library rows, by folder and album tag, sorted by artist then title.

    Tracks without an album tag are left out (they have no album to show).
    """
    by_key: dict[tuple[str, str], Album] = {}
    albums = rows.columns["album"]
    artists = rows.columns["artist"]
    for i, track_id in enumerate(rows.ids):
        title = albums[i]
        if not title:
            continue
        path = rows.paths[i]
        folder = path.rsplit("/", 1)[0] if "/" in path else ""
        key = (folder, title)
        album = by_key.get(key)
        if album is None:
            album = by_key[key] = Album(title=title, artist=artists[i] or "")
        album.track_ids.append(track_id)
        album.paths.append(path)
    return _by_artist_then_title(list(by_key.values()))


_SLICE = 4096


def _by_artist_then_title(albums: list[Album]) -> list[Album]:
    """``albums`` sorted by artist then title (case-folded), equal keys in their order.

    One ``sorted()`` over 78,000 ``(artist, title)`` tuples is a single C call of about 100 ms
    that holds the GIL, and the window's thread waited that long (docs/gui.md "GUI-thread
    stalls with covers loading"). numpy's argsort of the same keys releases the GIL; the keys
    go into the array in slices. UTF-8 bytes sort in code-point order, as ``str`` does, and
    NUL between artist and title sorts a shorter artist first, as the tuples did.
    """
    import numpy as np

    if not albums:
        return []
    keys = [
        f"{a.artist.casefold()}\0{a.title.casefold()}".encode("utf-8", "surrogatepass")
        for a in albums
    ]
    array = np.empty(len(keys), dtype=f"S{max(1, max(map(len, keys)))}")
    for start in range(0, len(keys), _SLICE):
        array[start : start + _SLICE] = keys[start : start + _SLICE]
    order = np.argsort(array, kind="stable")
    return [albums[i] for i in order.tolist()]


_placeholder_lock = threading.Lock()
_placeholder_images: dict[int, QImage] = {}


def placeholder(key: str) -> QImage:
    """One of 24 shared placeholder tiles, by the album's hue (an image: safe in any thread)."""
    bucket = zlib.crc32(key.encode()) % _PLACEHOLDERS
    with _placeholder_lock:
        image = _placeholder_images.get(bucket)
        if image is None:
            from desktop_app.gui.covers import _placeholder

            image = _placeholder_images[bucket] = _placeholder(f"album-{bucket}", TILE)
        return image


class AlbumGridModel(QStandardItemModel):
    """The albums as standard items (``data``/``rowCount`` stay in C++: painting takes no GIL).

    ``albums[row]`` is the :class:`Album` of a row; dragging tiles out gives their files.
    """

    def __init__(self, albums: Sequence[Album] = (), parent: Any = None) -> None:
        super().__init__(parent)
        self.albums: list[Album] = list(albums)
        self.row_of_key = {a.key: i for i, a in enumerate(self.albums)}
        items = []
        for album in self.albums:
            item = QStandardItem(f"{album.title}\n{album.artist}")
            n = len(album.track_ids)  # a plain name: lupdate misreads a call as the count
            item.setToolTip(
                QCoreApplication.translate(
                    "AlbumGrid", "{artist} — {album} (%n tracks)", None, n
                ).format(artist=album.artist, album=album.title)
            )
            item.setData(placeholder(album.key), Qt.ItemDataRole.DecorationRole)
            item.setFlags(
                Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsEnabled
                | Qt.ItemFlag.ItemIsDragEnabled
            )
            items.append(item)
        root = self.invisibleRootItem()
        # in slices: one C++ call holds the GIL throughout (78,000 rows at once: 0.1-0.15 s
        # during which the GUI thread could not run any Python)
        for start in range(0, len(items), APPEND_SLICE):
            root.appendRows(items[start : start + APPEND_SLICE])

    def mimeTypes(self) -> list[str]:
        return ["text/uri-list"]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        """Dragging albums out gives their files (a file manager copies them, a player queues)."""
        mime = QMimeData()
        urls = [
            QUrl.fromLocalFile(p)
            for i in indexes
            if i.isValid()
            for p in self.albums[i.row()].paths
        ]
        mime.setUrls(urls)
        return mime


def build_album_model(rows: Any, thread: QThread | None = None) -> AlbumGridModel:
    """The grid's model of the library ``rows``, built in the calling (worker) thread and
    handed to ``thread`` (the GUI thread), where the view uses it."""
    model = AlbumGridModel(group_albums(rows))
    if thread is not None and model.thread() is not thread:
        model.moveToThread(thread)
    return model


class AlbumGridView(QListView):
    """The grid of album tiles; asks the cover loader for the covers of the tiles in view."""

    def __init__(self, loader: CoverLoader | None = None) -> None:
        super().__init__()
        self.setObjectName("albumGrid")
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setUniformItemSizes(True)
        self.setIconSize(QSize(TILE, TILE))
        self.setGridSize(QSize(TILE + 28, TILE + 56))
        self.setWordWrap(True)
        self.setSpacing(6)
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(200)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.loader = loader
        self._model = AlbumGridModel()
        self.setModel(self._model)
        self._covered: OrderedDict[int, None] = OrderedDict()  # rows showing their cover
        # one pass over the visible tiles per frame, however many scroll steps came in it
        self._visible_timer = QTimer(self)
        self._visible_timer.setSingleShot(True)
        self._visible_timer.setInterval(0)
        self._visible_timer.timeout.connect(self.request_visible)
        bar = self.verticalScrollBar()
        bar.valueChanged.connect(self.schedule_visible)
        bar.rangeChanged.connect(self.schedule_visible)
        if loader is not None:
            loader.want_size(TILE)
            loader.loaded_batch.connect(self._covers_loaded)

    def albums_model(self) -> AlbumGridModel:
        return self._model

    def set_model(self, model: AlbumGridModel) -> None:
        """Show ``model`` (built in a worker by :func:`build_album_model`)."""
        old = self._model
        self._model = model
        self._covered.clear()
        self.setModel(model)
        old.deleteLater()
        self.schedule_visible()

    def schedule_visible(self, *_args: Any) -> None:
        self._visible_timer.start()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.schedule_visible()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self.schedule_visible()

    def visible_rows(self) -> range:
        """The rows of the tiles in view (and the line below, read ahead).

        A few ``indexAt`` probes along the first visible line, not one per tile: while a
        worker runs Python, every few milliseconds of the GUI thread's own Python cost it a
        wait for the GIL."""
        count = self._model.rowCount()
        if count == 0:
            return range(0)
        grid = self.gridSize()
        rect = self.viewport().rect()
        gw, gh = max(8, grid.width()), max(8, grid.height())
        line = [
            self.indexAt(QPoint(x, y)).row()
            for y in (2, gh // 2, gh - 2)
            for x in range(gw // 2, rect.width(), gw)
        ]
        line = [r for r in line if r >= 0]
        if not line:
            return range(0)
        per_line = max(1, rect.width() // gw)
        lines = rect.height() // gh + 2  # a part line at the top and at the bottom
        first = min(line)
        return range(first, min(count, first + per_line * (lines + 1)))

    def request_visible(self) -> None:
        """Ask for the covers of the tiles in view; the first tile's is served first."""
        if self.loader is None or not self.isVisible():
            return
        model = self._model
        for row in reversed(self.visible_rows()):  # the loader serves the newest first
            if row in self._covered:
                self._covered.move_to_end(row)
                continue
            album = model.albums[row]
            found = self.loader.image(album.key, TILE)
            if isinstance(found, QImage):
                self._set_cover(row, found)
            elif found is None:
                self.loader.request(album.paths[0], album.title, key=album.key)
        self._trim()

    def _covers_loaded(self, keys: list[str]) -> None:
        """A batch of covers arrived: set each on its tile (the view repaints once)."""
        model = self._model
        for key in keys:
            row = model.row_of_key.get(key)
            if row is None:
                continue
            image = self.loader.image(key, TILE) if self.loader is not None else None
            if isinstance(image, QImage):
                self._set_cover(row, image)
        self._trim()

    def _set_cover(self, row: int, image: QImage) -> None:
        item = self._model.item(row)
        if item is None:
            return
        item.setData(QPixmap.fromImage(image), Qt.ItemDataRole.DecorationRole)
        self._covered[row] = None
        self._covered.move_to_end(row)

    def _trim(self) -> None:
        """Tiles beyond :data:`COVERS_KEPT` (the least recently in view) show placeholders."""
        model = self._model
        while len(self._covered) > COVERS_KEPT:
            row, _ = self._covered.popitem(last=False)
            item = model.item(row)
            if item is not None:
                item.setData(placeholder(model.albums[row].key), Qt.ItemDataRole.DecorationRole)
