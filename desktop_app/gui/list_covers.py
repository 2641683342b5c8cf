"""Small album covers in the rows of lists: the Discover list, the queue, Playlists, History.

:class:`ListCoverDelegate` draws a cell (the title column of a table, or every row of a list)
with the track's album thumbnail before its text. The cover is asked of the window's
:class:`~desktop_app.gui.cover_cache.CoverLoader` (the background cache the album grid uses)
only from :meth:`~ListCoverDelegate.paint`, so only rows on screen are ever requested; a
neutral tile stands in while it loads (and, with a note, for albums without art), and the view
repaints when a cover it waits for arrives. The model gives the track's file and album under
:data:`PathRole` and :data:`AlbumRole`.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
)

from desktop_app.gui import theme
from desktop_app.gui.cover_cache import CoverLoader, album_key

PathRole = Qt.ItemDataRole.UserRole + 30
AlbumRole = Qt.ItemDataRole.UserRole + 31
#: The cover's side in the rows, in logical pixels (scaled with the screen, QT_SCALE_FACTOR).
LIST_COVER = 28
_SCALED_KEPT = 1500


class ListCoverDelegate(QStyledItemDelegate):
    """Draws the album cover of a row's track before the cell's text (see the module)."""

    def __init__(
        self, loader: CoverLoader, view: QAbstractItemView, *, size: int = LIST_COVER
    ) -> None:
        super().__init__(view)
        self.loader = loader
        self.view = view
        self.size = size
        self._scaled: OrderedDict[tuple[str, float], QPixmap] = OrderedDict()
        self._tiles: dict[tuple[str, bool, float], QPixmap] = {}
        self.waiting: set[str] = set()
        loader.loaded.connect(self._loaded)
        if isinstance(view, QTableView):  # rows tall enough for the cover and a margin
            header = view.verticalHeader()
            header.setMinimumSectionSize(self.size + 6)
            header.setDefaultSectionSize(self.size + 6)

    # -- drawing --------------------------------------------------------------------------------

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        pixmap = self.cover(index)
        if pixmap is not None:
            opt.features |= QStyleOptionViewItem.ViewItemFeature.HasDecoration
            opt.icon = QIcon(pixmap)
            opt.decorationSize = QSize(self.size, self.size)
            opt.decorationAlignment = Qt.AlignmentFlag.AlignCenter
        widget = opt.widget  # type: ignore[attr-defined]
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        hint = super().sizeHint(option, index)  # never asks for a cover: only painting does
        return QSize(hint.width() + self.size + 6, max(hint.height(), self.size + 6))

    def cover(self, index: QModelIndex | QPersistentModelIndex) -> QPixmap | None:
        """The pixmap to draw for a row: its cover, or a tile while loading / without art."""
        dpr = self.view.devicePixelRatioF()
        path = index.data(PathRole)
        if not path:  # a play of a track not in the library: the tile keeps the rows aligned
            return self._tile(True, dpr) if index.data(Qt.ItemDataRole.DisplayRole) else None
        album = index.data(AlbumRole)
        key = album_key(path, album)
        small = self._scaled.get((key, dpr))
        if small is not None:  # kept here even after the loader's memory let the big one go
            self._scaled.move_to_end((key, dpr))
            return small
        found = self.loader.pixmap(key)
        if isinstance(found, QPixmap):
            self.waiting.discard(key)
            return self._small(key, found, dpr)
        if found is None:  # not loaded yet: ask (the newest request is served first)
            self.waiting.add(key)
            self.loader.request(path, album)
        return self._tile(found is False, dpr)

    def _small(self, key: str, pixmap: QPixmap, dpr: float) -> QPixmap:
        side = max(1, round(self.size * dpr))
        small = pixmap.scaled(
            side,
            side,
            Qt.AspectRatioMode.KeepAspectRatioByExpanding,
            Qt.TransformationMode.SmoothTransformation,
        )
        small.setDevicePixelRatio(dpr)
        self._scaled[(key, dpr)] = small
        while len(self._scaled) > _SCALED_KEPT:
            self._scaled.popitem(last=False)
        return small

    def _tile(self, no_art: bool, dpr: float) -> QPixmap:
        """A rounded square in the theme's surface colour; a note on it when there is no art."""
        palette = theme.current()
        cache_key = (palette.name, no_art, dpr)
        tile = self._tiles.get(cache_key)
        if tile is None:
            side = max(1, round(self.size * dpr))
            tile = QPixmap(side, side)
            tile.fill(Qt.GlobalColor.transparent)
            painter = QPainter(tile)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(palette.border))
            painter.drawRoundedRect(QRectF(0, 0, side, side), side * 0.12, side * 0.12)
            if no_art:
                painter.setPen(QColor(palette.muted))
                font = QFont()
                font.setPixelSize(max(8, int(side * 0.55)))
                painter.setFont(font)
                painter.drawText(QRectF(0, 0, side, side), Qt.AlignmentFlag.AlignCenter, "♪")
            painter.end()
            tile.setDevicePixelRatio(dpr)
            self._tiles[cache_key] = tile
        return tile

    def _loaded(self, key: str) -> None:
        """A cover this view waits for arrived: repaint (Qt merges the updates of a batch)."""
        if key in self.waiting:
            self.waiting.discard(key)
            self.view.viewport().update()


def install(view: QAbstractItemView, loader: CoverLoader, column: int | None) -> ListCoverDelegate:
    """Give ``view`` covers: in ``column`` of a table, or in every row (``None``) of a list."""
    delegate = ListCoverDelegate(loader, view)
    if column is None:
        view.setItemDelegate(delegate)
    else:
        view.setItemDelegateForColumn(column, delegate)
    view.setIconSize(QSize(LIST_COVER, LIST_COVER))
    return delegate
