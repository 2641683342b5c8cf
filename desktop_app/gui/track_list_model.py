"""A small table model over a list of dicts: discover lists, playlists, recent plays.

These lists hold tens to a few thousand rows, so the plain Qt proxy sort (calling ``data`` with
:data:`SortRole`, raw values) is fast enough here, unlike the 100,000-row Library table.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from desktop_app.gui import i18n
from desktop_app.gui.i18n import QT_TRANSLATE_NOOP
from desktop_app.gui.library_model import SortRole, TrackIdRole, format_duration
from desktop_app.gui.list_covers import AlbumRole, PathRole


def _fmt(key: str, value: Any) -> str:
    if value is None:
        return ""
    if key in ("duration",):
        return format_duration(value)
    if key in ("played_at", "last_played", "at"):
        return i18n.date(value, with_time=True)
    if key == "reason":
        return i18n.reason(value)
    if key in ("outcome", "kind") and isinstance(value, str):
        return QCoreApplication.translate("Values", VALUES.get(value, value))
    if key == "score" and isinstance(value, float):
        return f"{value:.2f}"
    if key == "ms_played":
        return format_duration(value / 1000) if value == value else ""
    if isinstance(value, bool):
        return QCoreApplication.translate("Columns", "yes") if value else ""
    return str(value)


#: Words the history tables show as values (play outcomes, feedback kinds).
VALUES = {
    "complete": QT_TRANSLATE_NOOP("Values", "complete"),
    "skipped": QT_TRANSLATE_NOOP("Values", "skipped"),
    "partial": QT_TRANSLATE_NOOP("Values", "partial"),
    "like": QT_TRANSLATE_NOOP("Values", "like"),
    "dislike": QT_TRANSLATE_NOOP("Values", "dislike"),
    "ban": QT_TRANSLATE_NOOP("Values", "ban"),
}


class TrackListTableModel(QAbstractTableModel):
    """Rows are dicts; ``columns`` is a sequence of ``(key, header)``; ``id`` is the track id,
    ``path`` and ``album`` (when given) find the row's cover (:mod:`desktop_app.gui.list_covers`)."""

    def __init__(self, columns: Sequence[tuple[str, str]], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.items: list[dict[str, Any]] = []

    def set_items(self, items: Sequence[dict[str, Any]]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def item(self, row: int) -> dict[str, Any]:
        return self.items[row]

    def track_ids(self) -> list[int]:
        return [int(i["id"]) for i in self.items if i.get("id") is not None]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("Columns", self.columns[section][1])
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        item = self.items[index.row()]
        key = self.columns[index.column()][0]
        value = item.get(key)
        if role == Qt.ItemDataRole.DisplayRole:
            return _fmt(key, value)
        if role == SortRole:
            if value is None:
                return ""
            return value.casefold() if isinstance(value, str) else value
        if role == TrackIdRole:
            return item.get("id")
        if role == PathRole:
            return item.get("path")
        if role == AlbumRole:
            return item.get("album")
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "reason" and value:
                return i18n.reason(value)
            return item.get("path")
        if role == Qt.ItemDataRole.ForegroundRole and item.get("excluded"):
            from PySide6.QtGui import QColor

            return QColor(140, 140, 140)
        return None
