"""Library page: every track in one sortable, searchable table with a context menu."""

from __future__ import annotations

import functools
import time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.gui.i18n import number
from desktop_app.gui.library_model import (
    COLUMN_KEYS,
    LibraryRows,
    LibrarySortFilterProxyModel,
    LibraryTableModel,
)
from desktop_app.gui.widgets import PageHeader

if TYPE_CHECKING:
    from desktop_app.gui.album_grid import AlbumGridModel
    from desktop_app.gui.main_window import MainWindow


def build_track_menu(window: MainWindow, track_ids: list[int], parent: QWidget) -> QMenu:
    """The context menu every track list shares."""
    menu = QMenu(parent)

    one = track_ids[0] if len(track_ids) == 1 else None
    menu.addAction(
        QCoreApplication.translate("TrackMenu", "Play"),
        lambda: window.play_tracks(track_ids, context="library"),
    )
    menu.addAction(
        QCoreApplication.translate("TrackMenu", "Play next"),
        lambda: window.player.play_next(track_ids),
    )
    radio = menu.addAction(
        QCoreApplication.translate("TrackMenu", "Start radio"),
        lambda: window.start_radio(track_ids),
    )
    radio.setEnabled(bool(track_ids))
    similar = menu.addAction(
        QCoreApplication.translate("TrackMenu", "Show similar"), lambda: window.show_similar(one)
    )
    similar.setEnabled(one is not None)
    menu.addSeparator()
    menu.addAction(
        QCoreApplication.translate("TrackMenu", "Like"), lambda: window.feedback(track_ids, "like")
    )
    menu.addAction(
        QCoreApplication.translate("TrackMenu", "Dislike"),
        lambda: window.feedback(track_ids, "dislike"),
    )
    menu.addAction(
        QCoreApplication.translate("TrackMenu", "Ban"), lambda: window.feedback(track_ids, "ban")
    )
    if one is not None:
        menu.addAction(
            QCoreApplication.translate("TrackMenu", "Ban this artist"),
            lambda: window.ban_artist(one),
        )
    menu.addSeparator()
    add = menu.addMenu(QCoreApplication.translate("TrackMenu", "Add to playlist"))
    add.addAction(
        QCoreApplication.translate("TrackMenu", "New playlist…"),
        lambda: window.add_to_playlist(track_ids, None),
    )
    for name in window.playlist_names():
        add.addAction(name, functools.partial(window.add_to_playlist, track_ids, name))
    show = menu.addAction(
        QCoreApplication.translate("TrackMenu", "Show in file manager"),
        lambda: window.show_in_file_manager(one),
    )
    show.setEnabled(one is not None)
    return menu


class LibraryPage(QWidget):
    title = "Library"

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window_ = window
        self.model = LibraryTableModel(self)
        self.proxy = LibrarySortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)

        self.search = QLineEdit()
        self.search.setObjectName("librarySearch")
        self.search.setPlaceholderText(self.tr("Search title, artist, album, genre  (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._schedule_filter)
        self.count_label = QLabel(self.tr("Loading the library…"))
        self.count_label.setObjectName("muted")
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(60)  # coalesce fast typing; filtering itself is ~10 ms
        self._filter_timer.timeout.connect(self.apply_filter)

        self.view = QTableView()
        self.view.setObjectName("libraryTable")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        widths = {
            "title": 250,
            "artist": 170,
            "album": 190,
            "genre": 100,
            "year": 56,
            "duration": 76,
            "plays": 56,
            "last_played": 100,
            "bpm": 52,
            "key": 86,
        }
        for i, key in enumerate(COLUMN_KEYS):
            header.resizeSection(i, widths[key])
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.activated.connect(self._activated)
        self.view.setDragEnabled(True)  # rows leave as files (text/uri-list)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)

        # the album grid beside the table, switched with two buttons
        from desktop_app.gui.album_grid import AlbumGridView

        self.grid = AlbumGridView(window.covers)
        self._albums_generation = 0
        self.grid.activated.connect(self._album_activated)
        self.grid.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.grid.customContextMenuRequested.connect(self._album_menu)
        self.tracks_button = QPushButton(self.tr("Tracks"))
        self.albums_button = QPushButton(self.tr("Albums"))
        for b in (self.tracks_button, self.albums_button):
            b.setCheckable(True)
            b.setAutoExclusive(True)
        self.tracks_button.setChecked(True)
        self.tracks_button.clicked.connect(lambda: self.show_view("tracks"))
        self.albums_button.clicked.connect(lambda: self.show_view("albums"))
        self.views = QStackedWidget()
        self.views.addWidget(self.view)
        self.views.addWidget(self.grid)

        find = QAction(self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(self._focus_search)
        self.addAction(find)

        top = QHBoxLayout()
        heading = PageHeader(self.tr("Library"), self.tr("Every track on your disk."))
        top.addWidget(heading)
        top.addSpacing(16)
        top.addWidget(self.search, 1)
        top.addWidget(self.count_label)
        top.addWidget(self.tracks_button)
        top.addWidget(self.albums_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.views, 1)
        self.loaded_at: float | None = None

    # data

    def set_rows(self, rows: LibraryRows) -> None:
        self.model.set_rows(rows)
        self.loaded_at = time.monotonic()
        self._update_count()
        from desktop_app.gui import tasks
        from desktop_app.gui.album_grid import build_album_model

        # the whole grid model is built in the worker; the GUI thread only swaps it in
        self._albums_generation += 1
        generation = self._albums_generation
        gui_thread = self.thread()

        def done(model: AlbumGridModel) -> None:
            if generation == self._albums_generation:
                self.grid.set_model(model)
            else:
                model.deleteLater()

        tasks.run_task(lambda ctx: build_album_model(rows, gui_thread), done, name="albums")

    @property
    def albums(self) -> AlbumGridModel:
        """The album grid's model (replaced whenever the library is read again)."""
        return self.grid.albums_model()

    def show_view(self, which: str) -> None:
        """``tracks`` (the table) or ``albums`` (the grid of covers)."""
        grid = which == "albums"
        self.views.setCurrentWidget(self.grid if grid else self.view)
        (self.albums_button if grid else self.tracks_button).setChecked(True)

    def _album_activated(self, index: QModelIndex) -> None:
        album = self.albums.albums[index.row()]
        self.window_.play_tracks(album.track_ids, context="library")

    def _album_menu(self, pos: QPoint) -> None:
        rows = sorted({i.row() for i in self.grid.selectionModel().selectedIndexes()})
        index = self.grid.indexAt(pos)
        if index.isValid() and index.row() not in rows:
            rows = [index.row()]
        ids = [t for r in rows for t in self.albums.albums[r].track_ids]
        if ids:
            build_track_menu(self.window_, ids, self).exec(self.grid.viewport().mapToGlobal(pos))

    def _schedule_filter(self, _text: str) -> None:
        self._filter_timer.start()

    def apply_filter(self) -> None:
        self._filter_timer.stop()
        self.proxy.set_filter(self.search.text())
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.total
        if self.model.query:
            self.count_label.setText(
                self.tr("{shown} of %Ln tracks", "", total).format(shown=number(shown))
            )
        else:
            self.count_label.setText(self.tr("%Ln tracks", "", total))

    # interaction

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def selected_track_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return self.proxy.track_ids_for(rows)

    def _context_menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        if not index.isValid():
            return
        if not self.view.selectionModel().isRowSelected(index.row(), QModelIndex()):
            self.view.selectRow(index.row())
        ids = self.selected_track_ids()
        if ids:
            build_track_menu(self.window_, ids, self).exec(self.view.viewport().mapToGlobal(pos))

    def _activated(self, index: QModelIndex) -> None:
        # Double click: play from here to the end of the current (sorted, filtered) view.
        ids = self.model.track_ids()
        row = self.proxy.mapToSource(index).row()
        self.window_.play_tracks(ids, start=row, context="library")

    def reveal(self, track_id: int) -> None:
        row = self.model.row_for_track(track_id)
        if row is None and self.model.query:
            self.search.clear()
            self.apply_filter()
            row = self.model.row_for_track(track_id)
        if row is not None:
            index = self.proxy.mapFromSource(self.model.index(row, 0))
            self.view.selectRow(index.row())
            self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    def state(self) -> dict[str, Any]:
        return {"rows": self.proxy.rowCount(), "total": self.model.total}
