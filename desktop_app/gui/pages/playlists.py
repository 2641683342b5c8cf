"""Playlists: the person's saved playlists (in ``history.db``), play, export, import files."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QSize, Qt
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.gui import backend, list_covers, tasks
from desktop_app.gui.i18n import QT_TRANSLATE_NOOP
from desktop_app.gui.track_list_model import TrackListTableModel
from desktop_app.gui.widgets import PageHeader

if TYPE_CHECKING:
    from desktop_app.gui.main_window import MainWindow

COLUMNS = (
    ("title", QT_TRANSLATE_NOOP("Columns", "Title")),
    ("artist", QT_TRANSLATE_NOOP("Columns", "Artist")),
    ("album", QT_TRANSLATE_NOOP("Columns", "Album")),
    ("duration", QT_TRANSLATE_NOOP("Columns", "Duration")),
)


PLAYLIST_ART = 40
_MOSAICS_AT_MOST = 300  # playlists beyond these show their name alone


def playlist_mosaics(data_dir: Any, playlists: list[Any], cache: Any) -> dict[int, QImage]:
    """A 2x2 mosaic of album covers per playlist (worker thread: covers are read here, through
    the cover cache, never on the GUI thread)."""
    from desktop_app.gui.covers import mix_mosaic

    out = {}
    for pl in playlists[:_MOSAICS_AT_MOST]:
        tracks = backend.playlists.track_items(data_dir, list(pl.track_ids[:40]))
        out[pl.id] = mix_mosaic(tracks, PLAYLIST_ART * 2, title=pl.name, cache=cache)
    return out


class PlaylistsPage(QWidget):
    title = "Playlists"

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window_ = window
        self._playlists: list[Any] = []
        heading = PageHeader(self.tr("Playlists"), self.tr("Lists you saved or imported."))
        self.list = QListWidget()
        self.list.setObjectName("playlistList")
        self.list.setIconSize(QSize(PLAYLIST_ART, PLAYLIST_ART))
        self.list.currentItemChanged.connect(self._selected)
        self.model = TrackListTableModel(COLUMNS, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setAlternatingRowColors(True)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.view.activated.connect(self._activated)
        self.covers = list_covers.install(self.view, window.covers, 0)
        self.empty = QLabel(
            self.tr(
                "No playlists yet. Save a Discover list, draw a lasso on the Map, "
                "use “Add to playlist” in the Library, or import a playlist file."
            )
        )
        self.empty.setObjectName("muted")
        self.empty.setWordWrap(True)
        play = QPushButton(self.tr("Play"))
        play.setObjectName("primary")
        play.clicked.connect(self.play_selected)
        export = QPushButton(self.tr("Export…"))
        export.clicked.connect(self.export_selected)
        delete = QPushButton(self.tr("Delete"))
        delete.clicked.connect(self.delete_selected)
        import_button = QPushButton(self.tr("Import playlist file…"))
        import_button.clicked.connect(self.import_dialog)
        buttons = QHBoxLayout()
        buttons.addWidget(play)
        buttons.addWidget(export)
        buttons.addWidget(delete)
        buttons.addStretch(1)
        buttons.addWidget(import_button)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addLayout(buttons)
        rl.addWidget(self.view, 1)
        split = QSplitter()
        split.addWidget(self.list)
        split.addWidget(right)
        split.setSizes([240, 760])
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.empty)
        layout.addWidget(split, 1)
        self._loaded = False

    def activate(self) -> None:
        self.refresh()

    def refresh(self, select: str | None = None) -> None:
        data_dir = self.window_.data_dir
        cover_cache = self.window_.covers.cache

        def work(_ctx: Any) -> tuple[list[Any], dict[int, QImage]]:
            playlists = backend.playlists.saved_playlists(data_dir)
            return playlists, playlist_mosaics(data_dir, playlists, cover_cache)

        def done(result: tuple[list[Any], dict[int, QImage]]) -> None:
            playlists, mosaics = result
            self._playlists = playlists
            self._loaded = True
            current = select or (
                self.list.currentItem().text() if self.list.currentItem() else None
            )
            self.list.clear()
            for pl in playlists:
                item = QListWidgetItem(pl.name)
                item.setData(Qt.ItemDataRole.UserRole, pl)
                if pl.id in mosaics:
                    item.setIcon(QIcon(QPixmap.fromImage(mosaics[pl.id])))
                item.setToolTip(self.tr("%Ln tracks", "", len(pl.track_ids)))
                self.list.addItem(item)
                if pl.name == current:
                    self.list.setCurrentItem(item)
            if self.list.currentItem() is None and self.list.count():
                self.list.setCurrentRow(0)
            self.empty.setVisible(not playlists)

        tasks.run_task(work, done, name="playlists")

    def names(self) -> list[str]:
        return [pl.name for pl in self._playlists]

    def _selected(self, item: QListWidgetItem | None, _previous: Any) -> None:
        if item is None:
            self.model.set_items([])
            return
        pl = item.data(Qt.ItemDataRole.UserRole)
        data_dir = self.window_.data_dir
        ids = list(pl.track_ids)
        tasks.run_task(
            lambda ctx: backend.playlists.track_items(data_dir, ids),
            lambda items: self.model.set_items(items),
            name="playlist-tracks",
        )

    def current_playlist(self) -> Any:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def save_new(self, name: str, track_ids: list[int]) -> None:
        data_dir = self.window_.data_dir

        def done(saved_name: str) -> None:
            self.window_.show_message(
                self.tr("Saved the playlist “{name}”.").format(name=saved_name)
            )
            self.refresh(select=saved_name)

        tasks.run_task(
            lambda ctx: backend.playlists.save_playlist(data_dir, name, track_ids),
            done,
            name="save-playlist",
        )

    def add_tracks(self, name: str, track_ids: list[int]) -> None:
        data_dir = self.window_.data_dir

        def done(saved_name: str) -> None:
            self.window_.show_message(
                self.tr("Added %Ln to “{name}”.", "", len(track_ids)).format(name=saved_name)
            )
            self.refresh(select=saved_name)

        tasks.run_task(
            lambda ctx: backend.playlists.append_to_playlist(data_dir, name, track_ids),
            done,
            name="save-playlist",
        )

    def play_selected(self) -> None:
        pl = self.current_playlist()
        if pl is not None:
            self.window_.play_tracks(self.model.track_ids(), context=f"playlist:{pl.name}")

    def _activated(self, index: QModelIndex) -> None:
        pl = self.current_playlist()
        self.window_.play_tracks(
            self.model.track_ids(), start=index.row(), context=f"playlist:{pl.name if pl else ''}"
        )

    def export_selected(self) -> None:
        pl = self.current_playlist()
        if pl is None:
            return
        settings = self.window_.settings
        folder = settings.export_folder or os.path.expanduser("~")
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export playlist"),
            os.path.join(folder, f"{pl.name}.{settings.export_format}"),
            self.tr("Playlists") + " (*.m3u8 *.xspf *.pls)",
        )
        if path:
            self.window_.export_tracks(self.model.track_ids(), path, name=pl.name)

    def delete_selected(self) -> None:
        pl = self.current_playlist()
        if pl is None:
            return
        data_dir = self.window_.data_dir
        tasks.run_task(
            lambda ctx: backend.playlists.delete_playlist(data_dir, pl.name),
            lambda _r: self.refresh(),
            name="delete-playlist",
        )

    def import_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Import a playlist file"),
            "",
            self.tr("Playlists") + " (*.m3u *.m3u8 *.xspf *.pls)",
        )
        if path:
            self.import_file(path)

    def import_file(self, path: str) -> None:
        data_dir = self.window_.data_dir

        def done(result: Any) -> None:
            name, matched, unmatched = result
            text = self.tr("Imported “{name}”: %Ln tracks", "", matched).format(name=name)
            if unmatched:
                text = self.tr("{imported}, %Ln entries not in your library", "", unmatched).format(
                    imported=text
                )
            self.window_.show_message(self.tr("{text}.").format(text=text))
            self.refresh(select=name)

        tasks.run_task(
            lambda ctx: backend.playlists.import_playlist_file(data_dir, path),
            done,
            name="import-playlist",
        )
