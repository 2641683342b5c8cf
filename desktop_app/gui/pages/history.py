"""History: import with a preview, recent plays, likes and bans, exclusions from taste."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
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

from desktop_app.gui import backend, i18n, list_covers, tasks
from desktop_app.gui.i18n import QT_TRANSLATE_NOOP
from desktop_app.gui.track_list_model import TrackListTableModel
from desktop_app.gui.widgets import PageHeader

if TYPE_CHECKING:
    from desktop_app.gui.main_window import MainWindow

PLAY_COLUMNS = (
    ("played_at", QT_TRANSLATE_NOOP("Columns", "When")),
    ("title", QT_TRANSLATE_NOOP("Columns", "Title")),
    ("artist", QT_TRANSLATE_NOOP("Columns", "Artist")),
    ("ms_played", QT_TRANSLATE_NOOP("Columns", "Heard")),
    ("outcome", QT_TRANSLATE_NOOP("Columns", "Outcome")),
    ("source", QT_TRANSLATE_NOOP("Columns", "Source")),
    ("excluded", QT_TRANSLATE_NOOP("Columns", "Excluded from taste")),
)
FEEDBACK_COLUMNS = (
    ("kind", QT_TRANSLATE_NOOP("Columns", "Feedback")),
    ("title", QT_TRANSLATE_NOOP("Columns", "Title")),
    ("artist", QT_TRANSLATE_NOOP("Columns", "Artist")),
    ("at", QT_TRANSLATE_NOOP("Columns", "When")),
)
RECENT_LIMIT = 500


class ImportPreviewDialog(QDialog):
    """What an import would add, before anything is written: plays and matches, each file with
    its format, the rows that will be skipped and why, files that are not histories, and the
    columns a CSV is read with (which the person can change; the file is then read again)."""

    ROLES = (
        ("time", QT_TRANSLATE_NOOP("ImportPreviewDialog", "Time")),
        ("artist", QT_TRANSLATE_NOOP("ImportPreviewDialog", "Artist")),
        ("track", QT_TRANSLATE_NOOP("ImportPreviewDialog", "Track")),
        ("album", QT_TRANSLATE_NOOP("ImportPreviewDialog", "Album")),
    )

    def __init__(
        self,
        preview: Any,
        parent: QWidget | None = None,
        on_remap: Callable[[dict[str, str]], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("importPreview")
        self.setWindowTitle(self.tr("Import listening history"))
        self.preview = preview
        self.on_remap = on_remap
        skipped_total = sum(s["count"] for s in preview.skipped)
        formats = ", ".join(dict.fromkeys(f["format"] for f in preview.files)) or preview.format
        summary = QLabel(
            self.tr(
                "<b>{path}</b><br>Format: {format}<br>"
                "{plays} plays: <b>{matched}</b> match tracks in your library, "
                "{unmatched} do not (yet); they are kept and match when the music arrives."
            ).format(
                path=preview.path,
                format=formats,
                plays=i18n.number(preview.events),
                matched=i18n.number(preview.matched),
                unmatched=i18n.number(preview.unmatched),
            )
            + (
                self.tr(
                    "<br>%Ln rows are not plays and will be skipped (below).", "", skipped_total
                )
                if skipped_total
                else ""
            )
        )
        summary.setWordWrap(True)
        summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary = summary
        self.artists = QListWidget()
        self.artists.setObjectName("unmatchedArtists")
        for artist, count in preview.top_unmatched_artists:
            self.artists.addItem(self.tr("{artist}  (%Ln plays)", "", count).format(artist=artist))
        self.files = self._files_list(preview)
        self.skipped = self._skipped_list(preview)
        self.mapping: dict[str, QComboBox] = {}
        buttons = QDialogButtonBox()
        self.import_button = buttons.addButton(
            self.tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        if self.files.count() > 1 or preview.ignored:
            layout.addWidget(QLabel(self.tr("Files:")))
            layout.addWidget(self.files)
        if preview.skipped:
            layout.addWidget(
                QLabel(self.tr("Rows that are not plays (skipped, nothing else is lost):"))
            )
            layout.addWidget(self.skipped)
        mapping_box = self._mapping_box(preview)
        if mapping_box is not None:
            layout.addWidget(mapping_box)
        if preview.top_unmatched_artists:
            layout.addWidget(QLabel(self.tr("Artists you listen to that are not in your library:")))
            layout.addWidget(self.artists)
        layout.addWidget(buttons)
        self.resize(620, 560)

    @staticmethod
    def _files_list(preview: Any) -> QListWidget:
        files = QListWidget()
        files.setObjectName("importFiles")
        for f in preview.files:
            skipped = sum(s["count"] for s in f.get("skipped", []))
            plays = int(f.get("plays", 0))
            counts = QCoreApplication.translate("ImportPreviewDialog", "%Ln plays", None, plays)
            if f.get("aggregates"):
                aggregates = int(f["aggregates"])
                counts = QCoreApplication.translate(
                    "ImportPreviewDialog", "{counts}, %Ln library counts", None, aggregates
                ).format(counts=counts)
            if skipped:
                counts = QCoreApplication.translate(
                    "ImportPreviewDialog", "{counts}, %Ln rows skipped", None, skipped
                ).format(counts=counts)
            files.addItem(f"{Path(f['file']).name}: {f['format']}, {counts}")
        for f in preview.ignored:
            files.addItem(
                QCoreApplication.translate(
                    "ImportPreviewDialog", "{file}: ignored ({reason})"
                ).format(file=Path(f["file"]).name, reason=f["reason"])
            )
        return files

    @staticmethod
    def _skipped_list(preview: Any) -> QListWidget:
        skipped = QListWidget()
        skipped.setObjectName("skippedRows")
        skipped.setWordWrap(True)
        skipped.setMaximumHeight(110)
        for s in preview.skipped:
            where = ", ".join(str(n) for n in s["lines"])
            skipped.addItem(
                QCoreApplication.translate(
                    "ImportPreviewDialog", "{count} × {reason} (lines or entries {where})"
                ).format(count=i18n.number(s["count"]), reason=s["reason"], where=where)
            )
        return skipped

    def _mapping_box(self, preview: Any) -> QGroupBox | None:
        """Combo boxes for the columns of the first CSV with a header, and a button that reads
        the file again with the columns chosen."""
        csv_files = preview.csv_files()
        if not csv_files:
            return None
        first = csv_files[0]
        header = list(first["header"])
        box = QGroupBox(self.tr("Columns read from {file}").format(file=Path(first["file"]).name))
        box.setObjectName("columnMapping")
        form = QFormLayout(box)
        for role, label in self.ROLES:
            combo = QComboBox()
            combo.setObjectName(f"column_{role}")
            if role == "album":
                combo.addItem(self.tr("(none)"), "none")
            for i, name in enumerate(header):
                combo.addItem(name or self.tr("column {n}").format(n=i + 1), str(i + 1))
            chosen = first["columns"].get(role, "").split(" + ")[0]
            index = combo.findText(chosen) if chosen else 0
            combo.setCurrentIndex(max(index, 0))
            self.mapping[role] = combo
            form.addRow(self.tr(label), combo)
        reread = QPushButton(self.tr("Read again with these columns"))
        reread.setObjectName("rereadColumns")
        reread.clicked.connect(self.remap)
        form.addRow(reread)
        return box

    def chosen_columns(self) -> dict[str, str]:
        """The mapping in the combo boxes: role -> 1-based column number (``none`` for no
        album)."""
        return {role: str(combo.currentData()) for role, combo in self.mapping.items()}

    def remap(self) -> None:
        """Read the file again with the columns chosen (nothing has been written)."""
        if self.on_remap is not None:
            columns = self.chosen_columns()
            self.reject()
            self.on_remap(columns)


class HistoryPage(QWidget):
    title = "History"

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window_ = window
        heading = PageHeader(self.tr("History"), self.tr("What you played, liked and banned."))
        self.stats = QLabel("")
        self.stats.setObjectName("muted")
        import_button = QPushButton(self.tr("Import history…"))
        import_button.setObjectName("primary")
        import_button.setToolTip(
            self.tr(
                "Last.fm (CSV exports and the account archive), ListenBrainz, Spotify, iTunes, "
                "Rhythmbox, Strawberry, Clementine, a Deep Cuts export, or any CSV whose columns "
                "name a time, an artist and a track"
            )
        )
        import_button.clicked.connect(self.import_dialog)
        import_folder = QPushButton(self.tr("Import folder…"))
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
        # the title column (1) of both tables carries the album cover
        self.plays_covers = list_covers.install(self.plays_view, window.covers, 1)
        self.feedback_covers = list_covers.install(self.feedback_view, window.covers, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.plays_view, self.tr("Recent plays"))
        self.tabs.addTab(self.feedback_view, self.tr("Likes and bans"))
        hint = QLabel(
            self.tr(
                "Right-click a play to keep it, or its whole session, out of your taste "
                "(a party, a child at the keyboard). The play stays in your history."
            )
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
            self.tr("Import a listening history"),
            "",
            self.tr("Histories")
            + " (*.csv *.tsv *.json *.jsonl *.zip *.xml *.db *.sqlite);;"
            + self.tr("All files")
            + " (*)",
        )
        if path:
            self.preview_import(path)

    def import_folder_dialog(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Import a folder of history files"))
        if path:
            self.preview_import(path)

    def preview_import(self, path: str, columns: dict[str, str] | None = None) -> None:
        """Parse and match in the background, then show what would be imported (``columns``:
        the CSV columns the person chose in an earlier preview)."""
        data_dir = self.window_.data_dir

        def done(preview: Any) -> None:
            self.last_preview = preview
            if self.auto_confirm:
                self.commit_import(preview)
                return
            dialog = ImportPreviewDialog(
                preview, self, on_remap=lambda cols: self.preview_import(path, cols)
            )
            dialog.accepted.connect(lambda: self.commit_import(preview))
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.open()

        try:
            self.window_.run_long(
                "import-preview",
                self.tr("Reading history"),
                lambda ctx: backend.history.preview_history(data_dir, path, ctx, columns=columns),
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
                self.tr(
                    "Imported %Ln plays from {format}: {matched} matched, {known} already known.",
                    "",
                    int(result.get("events", 0)),
                ).format(
                    format=preview.format,
                    matched=i18n.number(result.get("matched", 0)),
                    known=i18n.number(result.get("duplicates", 0)),
                )
            )
            self.refresh()
            self.window_.reload_library()
            self.window_.discover.refresh()
            if self.window_.auto_pipeline:
                self.window_.start_training(quiet=True)

        self.window_.run_long(
            "import",
            self.tr("Importing history"),
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
            self.tr("Include this play in my taste again")
            if excluded
            else self.tr("Exclude this play from my taste"),
            lambda: self.set_excluded(item, session=False, excluded=not excluded),
        )
        if item.get("session_id") is not None:
            menu.addAction(
                self.tr("Include this whole session again")
                if excluded
                else self.tr("Exclude this whole session from my taste"),
                lambda: self.set_excluded(item, session=True, excluded=not excluded),
            )
        if item.get("id") is not None:
            menu.addSeparator()
            menu.addAction(self.tr("Play"), lambda: self._play_row(index.row()))
            menu.addAction(self.tr("Show in library"), lambda: self._show_in_library(item["id"]))
        menu.exec(self.plays_view.viewport().mapToGlobal(pos))

    def _show_in_library(self, track_id: int) -> None:
        self.window_.set_nav("library")
        self.window_.library.reveal(track_id)

    def set_excluded(self, item: dict[str, Any], *, session: bool, excluded: bool) -> None:
        data_dir = self.window_.data_dir

        def done(count: Any) -> None:
            n = int(count or 0)
            if session:
                text = (
                    self.tr("Excluded the session (%Ln plays); the taste model retrains.", "", n)
                    if excluded
                    else self.tr(
                        "Included the session (%Ln plays); the taste model retrains.", "", n
                    )
                )
            else:
                text = (
                    self.tr("Excluded the play (%Ln plays); the taste model retrains.", "", n)
                    if excluded
                    else self.tr("Included the play (%Ln plays); the taste model retrains.", "", n)
                )
            self.window_.show_message(text)
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
            {
                "like": self.tr("Remove this like"),
                "dislike": self.tr("Remove this dislike"),
                "ban": self.tr("Remove this ban"),
            }.get(item["kind"], self.tr("Remove")),
            lambda: tasks.run_task(
                lambda ctx: backend.history.clear_feedback(data_dir, item),
                lambda _r: self.refresh(),
                name="feedback",
            ),
        )
        menu.exec(self.feedback_view.viewport().mapToGlobal(pos))
