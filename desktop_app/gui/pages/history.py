"""History: import with a preview, recent plays, likes and bans, exclusions from taste."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QMenu,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.gui import backend, tasks
from desktop_app.gui.track_list_model import TrackListTableModel

if TYPE_CHECKING:
    from desktop_app.gui.main_window import MainWindow

PLAY_COLUMNS = (
    ("played_at", "When"),
    ("title", "Title"),
    ("artist", "Artist"),
    ("ms_played", "Heard"),
    ("outcome", "Outcome"),
    ("source", "Source"),
    ("excluded", "Excluded from taste"),
)
FEEDBACK_COLUMNS = (("kind", "Feedback"), ("title", "Title"), ("artist", "Artist"), ("at", "When"))
RECENT_LIMIT = 500


class ImportPreviewDialog(QDialog):
    """What an import would add, before anything is written."""

    def __init__(self, preview: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importPreview")
        self.setWindowTitle("Import listening history")
        self.preview = preview
        summary = QLabel(
            f"<b>{preview.path}</b><br>Format: {preview.format}<br>"
            f"{preview.events:,} plays: <b>{preview.matched:,}</b> match tracks in your library, "
            f"{preview.unmatched:,} do not (yet); they are kept and match when the music "
            "arrives."
        )
        summary.setWordWrap(True)
        summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary = summary
        self.artists = QListWidget()
        self.artists.setObjectName("unmatchedArtists")
        for artist, count in preview.top_unmatched_artists:
            self.artists.addItem(f"{artist}  ({count:,} plays)")
        buttons = QDialogButtonBox()
        self.import_button = buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        if preview.top_unmatched_artists:
            layout.addWidget(QLabel("Artists you listen to that are not in your library:"))
            layout.addWidget(self.artists)
        layout.addWidget(buttons)
        self.resize(520, 420)


class HistoryPage(QWidget):
    title = "History"

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window_ = window
        heading = QLabel("History")
        heading.setObjectName("pageTitle")
        self.stats = QLabel("")
        self.stats.setObjectName("muted")
        import_button = QPushButton("Import history…")
        import_button.setObjectName("primary")
        import_button.setToolTip(
            "Last.fm, ListenBrainz, Spotify, iTunes, Rhythmbox, "
            "Strawberry, Clementine, or a Deep Cuts export"
        )
        import_button.clicked.connect(self.import_dialog)
        import_folder = QPushButton("Import folder…")
        import_folder.clicked.connect(self.import_folder_dialog)

        self.plays_model = TrackListTableModel(PLAY_COLUMNS, self)
        self.plays_view = self._table(self.plays_model, "recentPlays")
        self.plays_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.plays_view.customContextMenuRequested.connect(self._plays_menu)
        self.plays_view.doubleClicked.connect(lambda index: self._play_row(index.row()))
        self.feedback_model = TrackListTableModel(FEEDBACK_COLUMNS, self)
        self.feedback_view = self._table(self.feedback_model, "feedbackList")
        self.feedback_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.feedback_view.customContextMenuRequested.connect(self._feedback_menu)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.plays_view, "Recent plays")
        self.tabs.addTab(self.feedback_view, "Likes and bans")
        hint = QLabel(
            "Right-click a play to keep it, or its whole session, out of your taste "
            "(a party, a child at the keyboard). The play stays in your history."
        )
        hint.setObjectName("muted")
        hint.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addSpacing(16)
        top.addWidget(self.stats, 1)
        top.addWidget(import_folder)
        top.addWidget(import_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(hint)
        layout.addWidget(self.tabs, 1)
        self._dirty = True
        self.last_preview: Any = None
        self.last_import: Any = None
        self.auto_confirm = False  # tests: accept the preview without showing it modally

    @staticmethod
    def _table(model: Any, name: str) -> QTableView:
        view = QTableView()
        view.setObjectName(name)
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setAlternatingRowColors(True)
        view.setShowGrid(False)
        view.setWordWrap(False)
        view.verticalHeader().setVisible(False)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        view.horizontalHeader().setStretchLastSection(True)
        for i, width in enumerate((140, 240, 180, 70, 90, 90)):
            if i < model.columnCount():
                view.horizontalHeader().resizeSection(i, width)
        return view

    # -- data -------------------------------------------------------------------------------

    def activate(self) -> None:
        if self._dirty:
            self.refresh()

    def plays_changed(self) -> None:
        self._dirty = True
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        self._dirty = False
        data_dir = self.window_.data_dir

        def done(result: Any) -> None:
            plays, feedback, stats = result
            self.plays_model.set_items(plays)
            self.feedback_model.set_items(feedback)
            self.stats.setText(stats)

        tasks.run_task(
            lambda ctx: (
                backend.history.recent_plays(data_dir, limit=RECENT_LIMIT),
                backend.history.feedback_list(data_dir),
                backend.history.history_summary(data_dir),
            ),
            done,
            name="history",
        )

    # -- import -----------------------------------------------------------------------------

    def import_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Import a listening history",
            "",
            "Histories (*.csv *.tsv *.json *.jsonl *.zip *.xml *.db *.sqlite);;All files (*)",
        )
        if path:
            self.preview_import(path)

    def import_folder_dialog(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Import a folder of history files")
        if path:
            self.preview_import(path)

    def preview_import(self, path: str) -> None:
        """Parse and match in the background, then show what would be imported."""
        data_dir = self.window_.data_dir

        def done(preview: Any) -> None:
            self.last_preview = preview
            if self.auto_confirm:
                self.commit_import(preview)
                return
            dialog = ImportPreviewDialog(preview, self)
            dialog.accepted.connect(lambda: self.commit_import(preview))
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.open()

        try:
            self.window_.run_long(
                "import-preview",
                "Reading history",
                lambda ctx: backend.history.preview_history(data_dir, path, ctx),
                done,
                unit="plays",
            )
        except Exception as exc:
            self.window_.reporter.report(exc)

    def commit_import(self, preview: Any) -> None:
        data_dir = self.window_.data_dir

        def done(result: Any) -> None:
            self.last_import = result
            self.window_.show_message(
                f"Imported {result.get('events', 0):,} plays from {preview.format}: "
                f"{result.get('matched', 0):,} matched, {result.get('duplicates', 0):,} "
                "already known."
            )
            self.refresh()
            self.window_.reload_library()
            self.window_.discover.refresh()
            if self.window_.auto_pipeline:
                self.window_.start_training(quiet=True)

        self.window_.run_long(
            "import",
            "Importing history",
            lambda ctx: backend.history.import_history(
                data_dir, preview.path, ctx, parsed=preview.parsed
            ),
            done,
            unit="plays",
        )

    # -- exclusions and feedback ------------------------------------------------------------

    def _play_row(self, row: int) -> None:
        item = self.plays_model.item(row)
        if item.get("id") is not None:
            self.window_.play_tracks([int(item["id"])], context="history")

    def _plays_menu(self, pos: QPoint) -> None:
        index = self.plays_view.indexAt(pos)
        if not index.isValid():
            return
        item = self.plays_model.item(index.row())
        menu = QMenu(self)
        excluded = bool(item.get("excluded"))
        menu.addAction(
            "Include this play in my taste again"
            if excluded
            else "Exclude this play from my taste",
            lambda: self.set_excluded(item, session=False, excluded=not excluded),
        )
        if item.get("session_id") is not None:
            menu.addAction(
                "Include this whole session again"
                if excluded
                else "Exclude this whole session from my taste",
                lambda: self.set_excluded(item, session=True, excluded=not excluded),
            )
        if item.get("id") is not None:
            menu.addSeparator()
            menu.addAction("Play", lambda: self._play_row(index.row()))
            menu.addAction("Show in library", lambda: self._show_in_library(item["id"]))
        menu.exec(self.plays_view.viewport().mapToGlobal(pos))

    def _show_in_library(self, track_id: int) -> None:
        self.window_.set_nav("library")
        self.window_.library.reveal(track_id)

    def set_excluded(self, item: dict[str, Any], *, session: bool, excluded: bool) -> None:
        data_dir = self.window_.data_dir

        def done(count: Any) -> None:
            what = "session" if session else "play"
            self.window_.show_message(
                f"{'Excluded' if excluded else 'Included'} the {what} "
                f"({count} play{'s' if count != 1 else ''}); the taste model retrains."
            )
            self.refresh()
            if self.window_.auto_pipeline:
                self.window_.start_training(quiet=True)

        tasks.run_task(
            lambda ctx: backend.history.exclude(data_dir, item, session=session, excluded=excluded),
            done,
            name="exclude",
        )

    def _feedback_menu(self, pos: QPoint) -> None:
        index = self.feedback_view.indexAt(pos)
        if not index.isValid():
            return
        item = self.feedback_model.item(index.row())
        data_dir = self.window_.data_dir
        menu = QMenu(self)
        menu.addAction(
            f"Remove this {item['kind']}",
            lambda: tasks.run_task(
                lambda ctx: backend.history.clear_feedback(data_dir, item),
                lambda _r: self.refresh(),
                name="feedback",
            ),
        )
        menu.exec(self.feedback_view.viewport().mapToGlobal(pos))
