"""The Library's album grid: one tile per album with its cover, beside the table.

:func:`group_albums` runs in a worker thread over the loaded :class:`LibraryRows` (one pass,
no database access); :class:`AlbumGridModel` is a list model whose ``DecorationRole`` asks the
window's :class:`~desktop_app.gui.cover_cache.CoverLoader` for a thumbnail the first time a tile
is painted (so only albums scrolled into view are read) and shows the album's letters until it
arrives.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Qt,
    QUrl,
)
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QAbstractItemView, QListView

from desktop_app.gui.cover_cache import CoverLoader, album_key

TILE = 150
TrackIdsRole = Qt.ItemDataRole.UserRole + 10


@dataclass
class Album:
    title: str
    artist: str
    track_ids: list[int] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return album_key(self.paths[0], self.title) if self.paths else ""


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
    return sorted(by_key.values(), key=lambda a: (a.artist.casefold(), a.title.casefold()))


class AlbumGridModel(QAbstractListModel):
    def __init__(self, loader: CoverLoader, parent: Any = None) -> None:
        super().__init__(parent)
        self.loader = loader
        self.albums: list[Album] = []
        self._row_of_key: dict[str, int] = {}
        self._placeholders: dict[str, QPixmap] = {}
        self._scaled: dict[str, QPixmap] = {}
        loader.loaded.connect(self._cover_loaded)

    def set_albums(self, albums: list[Album]) -> None:
        self.beginResetModel()
        self.albums = albums
        self._row_of_key = {a.key: i for i, a in enumerate(albums)}
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.albums)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else base

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        album = self.albums[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{album.title}\n{album.artist}"
        if role == Qt.ItemDataRole.ToolTipRole:
            n = len(album.track_ids)  # a plain name: lupdate misreads a call as the count
            return QCoreApplication.translate(
                "AlbumGrid", "{artist} — {album} (%n tracks)", None, n
            ).format(artist=album.artist, album=album.title)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._cover(album)
        if role == TrackIdsRole:
            return album.track_ids
        return None

    def _cover(self, album: Album) -> QPixmap:
        key = album.key
        pix = self.loader.pixmap(key)
        if isinstance(pix, QPixmap):
            scaled = self._scaled.get(key)
            if scaled is None:  # the delegate draws a pixmap at its own size: fit the tile
                scaled = pix.scaled(
                    TILE,
                    TILE,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
                if len(self._scaled) > 2000:
                    self._scaled.clear()
                self._scaled[key] = scaled
            return scaled
        if pix is None:
            self.loader.request(album.paths[0], album.title)
        # one of 24 shared placeholders (by the album's hue): painting one per tile while a
        # grid of thousands scrolls would cost the GUI thread a millisecond a tile
        import zlib

        bucket = str(zlib.crc32(key.encode()) % 24)
        placeholder = self._placeholders.get(bucket)
        if placeholder is None:
            from desktop_app.gui.covers import _placeholder

            placeholder = QPixmap.fromImage(_placeholder(f"album-{bucket}", TILE))
            self._placeholders[bucket] = placeholder
        return placeholder

    def _cover_loaded(self, key: str) -> None:
        row = self._row_of_key.get(key)
        if row is not None:
            index = self.index(row)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])

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


class AlbumGridView(QListView):
    def __init__(self) -> None:
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
