"""The main window: navigation, pages, the status bar's task progress, and the player bar.

Start-up shows the window before any library data is read: the Library table fills from a
background task (:func:`desktop_app.gui.library_model.load_library`), the Map imports pyqtgraph
when first opened, and QtMultimedia loads with the first play. Long work (scan, analysis,
training, imports) goes through :meth:`MainWindow.run_long`, which shows a count, a rate, an ETA
and a Cancel button in the status bar.
"""

from __future__ import annotations

import functools
import logging
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QCloseEvent, QDesktopServices, QIcon, QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from analysis.errors import DeepCutsError
from desktop_app.gui import backend, tasks, theme
from desktop_app.gui.error_reporter import ErrorReporter
from desktop_app.gui.gui_settings import GuiSettings
from desktop_app.gui.i18n import QT_TRANSLATE_NOOP
from desktop_app.gui.library_model import LibraryRows, load_library
from desktop_app.gui.progress import TaskProgressWidget, describe
from desktop_app.gui.widgets import nav_icon
from desktop_app.resource_files import resource_path

if TYPE_CHECKING:  # imported with the first play (QtMultimedia is slow to load)
    from desktop_app.gui.player import PlayerController
    from desktop_app.gui.player_bar import PlayerBar

log = logging.getLogger("deepcuts.gui")

NAV_PAGES = ("discover", "now", "library", "playlists", "history", "stats", "map", "settings")
NAV_TITLES = {
    "discover": QT_TRANSLATE_NOOP("MainWindow", "Discover"),
    "now": QT_TRANSLATE_NOOP("MainWindow", "Now playing"),
    "library": QT_TRANSLATE_NOOP("MainWindow", "Library"),
    "playlists": QT_TRANSLATE_NOOP("MainWindow", "Playlists"),
    "history": QT_TRANSLATE_NOOP("MainWindow", "History"),
    "stats": QT_TRANSLATE_NOOP("MainWindow", "Stats"),
    "map": QT_TRANSLATE_NOOP("MainWindow", "Map"),
    "settings": QT_TRANSLATE_NOOP("MainWindow", "Settings"),
}


class MainWindow(QMainWindow):
    """The Deep Cuts window.

    Parameters
    ----------
    data_dir : Path
        The data directory (catalog, history, models, logs).
    auto_pipeline : bool, optional
        Analyse and train in the background after scans and at start (default: the setting).
    """

    library_loaded = Signal()
    shown = Signal()

    def __init__(
        self,
        data_dir: Path,
        *,
        reporter: ErrorReporter | None = None,
        auto_pipeline: bool | None = None,
    ) -> None:
        super().__init__()
        self.data_dir = Path(data_dir)
        self.settings = GuiSettings.load(self.data_dir)
        self.auto_pipeline = self.settings.auto_analyze if auto_pipeline is None else auto_pipeline
        self.reporter = reporter or ErrorReporter(self.data_dir)
        self.reporter.show_message = self.show_message
        self.reporter.show_dialog = self._error_dialog
        tasks.set_error_handler(self.reporter.report)
        tasks.no_automatic_full_gc()  # a full collection in a worker froze the window
        tasks.responsive_gil()  # workers running Python slowed every paint and slot
        # Initialising numpy's C core holds the GIL for its whole init (~0.1-0.2 s): done here,
        # before the window shows, rather than as a frozen frame after it (start-up stays well
        # under its target; benchmarks/bench_gui.py measures both).
        import numpy  # noqa: F401

        self.catalog = backend.stores.open_catalog(self.data_dir)  # GUI-thread reader (lookups)
        self.running: dict[str, tasks.Task] = {}
        self._library_generation = 0
        self._player: PlayerController | None = None
        self._player_bar: PlayerBar | None = None
        self.last_scan_result: Any = None
        self.mpris: Any = None
        from desktop_app.gui.cover_cache import CoverCache, CoverLoader

        self.covers = CoverLoader(CoverCache(self.data_dir / "covers"), self)
        self.theme = theme.ThemeManager(self.settings.theme, self)
        self.theme.apply(force=True)
        self.theme.changed.connect(self._theme_changed)

        self.setWindowTitle("Deep Cuts")
        icon_file = resource_path("deepcuts.svg")
        if icon_file is not None:
            self.setWindowIcon(QIcon(str(icon_file)))
        else:
            log.warning("the app icon deepcuts.svg is missing from this installation")
        self.resize(1200, 760)
        self.setAcceptDrops(True)  # drop a folder to add it to the library

        # navigation + pages
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(184)
        self.nav.setIconSize(QSize(20, 20))
        self.stack = QStackedWidget()
        self.pages: dict[str, QWidget] = {}
        from desktop_app.gui.pages.discover import DiscoverPage
        from desktop_app.gui.pages.history import HistoryPage
        from desktop_app.gui.pages.library import LibraryPage
        from desktop_app.gui.pages.map import MapPage
        from desktop_app.gui.pages.now_playing import NowPlayingPage
        from desktop_app.gui.pages.playlists import PlaylistsPage
        from desktop_app.gui.pages.settings import SettingsPage
        from desktop_app.gui.pages.stats import StatsPage
        from desktop_app.gui.pages.welcome import WelcomePage

        self.welcome = WelcomePage(self)
        self.discover = DiscoverPage(self)
        self.now_playing = NowPlayingPage(self)
        self.library = LibraryPage(self)
        self.playlists = PlaylistsPage(self)
        self.history = HistoryPage(self)
        self.map = MapPage(self)
        self.stats = StatsPage(self)
        self.settings_page = SettingsPage(self)
        for name, page in (
            ("welcome", self.welcome),
            ("discover", self.discover),
            ("now", self.now_playing),
            ("library", self.library),
            ("playlists", self.playlists),
            ("history", self.history),
            ("stats", self.stats),
            ("map", self.map),
            ("settings", self.settings_page),
        ):
            self.pages[name] = page
            self.stack.addWidget(page)
        brand = QLabel("Deep Cuts")
        brand.setObjectName("brand")
        for name in NAV_PAGES:
            item = QListWidgetItem(nav_icon(name), self.tr(str(NAV_TITLES[name])))
            item.setData(Qt.ItemDataRole.UserRole, name)
            self.nav.addItem(item)
        self.nav.currentItemChanged.connect(self._nav_changed)
        side = QVBoxLayout()
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(brand)
        side.addWidget(self.nav, 1)
        self.side = QWidget()
        self.side.setObjectName("side")
        self.side.setLayout(side)

        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.side)
        body.addWidget(self.stack, 1)
        self.player_slot = QVBoxLayout()
        self.player_slot.setContentsMargins(0, 0, 0, 0)
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addLayout(body, 1)
        outer.addLayout(self.player_slot)
        self.setCentralWidget(central)

        self.status_label = QLabel("")
        self.status_label.setObjectName("statusMessage")
        self.statusBar().addWidget(self.status_label, 1)
        self._message_timer = QTimer(self)
        self._message_timer.setSingleShot(True)
        self._message_timer.timeout.connect(lambda: self.status_label.setText(""))

        # The player needs QtMultimedia (~0.1 s to load): create it right after the first paint.
        # Everything else waits for the first paint: the player needs QtMultimedia (~0.1 s),
        # and background tasks importing numpy would compete with the GUI thread for the GIL.
        self._started = False
        self._closing = False
        # True once every start-up step after the first paint has run (tests wait for it).
        self.started_up = False
        self.shown.connect(self._first_shown)
        if self.catalog.roots():
            self.set_nav("discover")
        else:
            self.side.setVisible(False)
            self.stack.setCurrentWidget(self.welcome)

    # -- dropping folders -------------------------------------------------------------------

    @staticmethod
    def _dropped_folders(mime: Any) -> list[str]:
        if not mime.hasUrls():
            return []
        return [
            u.toLocalFile()
            for u in mime.urls()
            if u.isLocalFile() and os.path.isdir(u.toLocalFile())
        ]

    def dragEnterEvent(self, event: Any) -> None:
        if self._dropped_folders(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: Any) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self, event: Any) -> None:
        folders = self._dropped_folders(event.mimeData())
        if not folders:
            event.ignore()
            return
        event.acceptProposedAction()
        self.add_folders(folders)

    def add_folders(self, folders: list[str]) -> None:
        """Add music folders (dropped on the window) and scan them."""
        known = {root.path for root in self.catalog_roots()}
        new = [f for f in folders if f not in known]
        if not new:
            self.show_message(self.tr("Already in your library: {f}").format(f=", ".join(folders)))
            return
        if self.side.isHidden():  # still on the welcome page: the first scan
            self.first_scan(new)
        else:
            self.show_message(self.tr("Adding {f} to your library…").format(f=", ".join(new)))
            self.rescan(new)

    # -- start-up ---------------------------------------------------------------------------

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self.shown.emit)

    def _first_shown(self) -> None:
        if self._started:
            return
        self._started = True
        # after this event-loop turn, so the first frame is on screen before any of this
        QTimer.singleShot(0, self._post_show)

    def _post_show(self) -> None:
        """The start-up work after the first paint, one step per event-loop turn: each step is
        one stall of the GUI thread (the player's QtMultimedia alone ~0.1-0.2 s), and the window
        repaints and answers input between them."""
        steps = [self._start_player, self._start_desktop, self._start_pages]

        def run_next() -> None:
            if self._closing:
                return
            steps.pop(0)()
            if steps:
                QTimer.singleShot(0, self, run_next)  # dropped if the window is deleted
            else:
                self.started_up = True

        run_next()

    def _start_player(self) -> None:
        self._create_player()
        self._restore_queue()

    def _start_desktop(self) -> None:
        from desktop_app.gui import mpris

        self.mpris = mpris.start(self)
        if self.mpris is not None:
            self.mpris.attach(self.player)
        # Player keys, as in most players (Space only where no text field wants it).
        for keys, slot in (
            ("Ctrl+Space", self.player.toggle),
            ("Ctrl+Right", self.player.next),
            ("Ctrl+Left", self.player.previous),
        ):
            QShortcut(QKeySequence(keys), self).activated.connect(slot)
        for i, name in enumerate(NAV_PAGES, start=1):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{i}"), self)
            shortcut.activated.connect(functools.partial(self._nav_key, name))

    def _start_pages(self) -> None:
        if not self.side.isHidden():
            self._after_start()
        elif self.stack.currentWidget() is self.welcome:
            self.welcome.propose()  # the desktop's Music folder, once counted in the background

    def _nav_key(self, name: str) -> None:
        if not self.side.isHidden():  # no page to go to before the first scan
            self.set_nav(name)

    def _after_start(self) -> None:
        self.reload_library()
        self.discover.refresh()
        self.settings_page.invalidate()  # filled when first opened
        self.stats.warm()
        if self.auto_pipeline:
            self.start_analysis(then_train=True, quiet=True)

    def _create_player(self) -> None:
        if self._player is not None:
            return
        from desktop_app.gui.player import PlayerController
        from desktop_app.gui.player_bar import PlayerBar

        player = PlayerController(self.track_info, self)
        player.error_message = self.show_message
        player.play_recorded.connect(self.record_play)
        self._player = player
        bar = PlayerBar(self, player)
        self._player_bar = bar
        self.player_slot.addWidget(bar)

    def _restore_queue(self) -> None:
        """Load the last session's queue, paused at its track (Play resumes there)."""
        queue = [int(t) for t in self.settings.queue if isinstance(t, int)]
        if queue and self.player.index < 0 and not self.player.queue:
            self.player.queue = queue
            self.player.index = min(max(self.settings.queue_index, 0), len(queue) - 1)
            self.player.queue_changed.emit()

    @property
    def player(self) -> PlayerController:
        if self._player is None:
            self._create_player()
        assert self._player is not None
        return self._player

    @property
    def player_bar(self) -> PlayerBar:
        if self._player_bar is None:
            self._create_player()
        assert self._player_bar is not None
        return self._player_bar

    # -- navigation -------------------------------------------------------------------------

    def _theme_changed(self, _palette: Any) -> None:
        for i in range(self.nav.count()):
            item = self.nav.item(i)
            item.setIcon(nav_icon(item.data(Qt.ItemDataRole.UserRole)))

    def set_nav(self, name: str) -> None:
        for i in range(self.nav.count()):
            if self.nav.item(i).data(Qt.ItemDataRole.UserRole) == name:
                self.nav.setCurrentRow(i)
                return

    def _nav_changed(self, current: QListWidgetItem | None, _previous: Any) -> None:
        if current is None:
            return
        name = current.data(Qt.ItemDataRole.UserRole)
        page = self.pages[name]
        self.stack.setCurrentWidget(page)
        activate = getattr(page, "activate", None)
        if activate is not None:
            activate()

    def current_page(self) -> str:
        widget = self.stack.currentWidget()
        return next(name for name, page in self.pages.items() if page is widget)

    # -- messages and errors ----------------------------------------------------------------

    def show_message(self, text: str, *, seconds: float = 8.0) -> None:
        self.status_label.setText(text)
        self._message_timer.start(int(seconds * 1000))

    def _error_dialog(self, title: str, text: str) -> None:
        self.show_message(text.splitlines()[0])
        box = QMessageBox(
            QMessageBox.Icon.Critical, title, text, QMessageBox.StandardButton.Ok, self
        )
        box.setObjectName("errorDialog")
        box.setModal(False)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.show()

    # -- background work --------------------------------------------------------------------

    def run_long(
        self,
        name: str,
        verb: str,
        fn: Callable[[tasks.TaskContext], Any],
        on_done: Callable[[Any], None] | None = None,
        *,
        unit: str = "files",
        on_progress: Callable[[str, int, int], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> tasks.Task:
        """Run long work with a status-bar progress widget and a Cancel button."""
        if name in self.running:
            raise DeepCutsError(self.tr("{task} is already running").format(task=verb))
        holder: dict[str, TaskProgressWidget] = {}

        def progress(payload: Any) -> None:
            widget = holder.get("w")
            if widget is not None:
                widget.update_progress(payload)
            if on_progress is not None and widget is not None:
                text, done, total = describe(verb, payload, started=widget.started, unit=unit)
                on_progress(text, done, total)

        def finished(task: tasks.Task) -> None:
            self.running.pop(name, None)
            widget = holder.pop("w", None)
            if widget is not None:
                self.statusBar().removeWidget(widget)
                widget.deleteLater()

        task = tasks.Task(
            fn,
            on_done,
            progress,
            on_error or self.reporter.report,
            name=name,
            interval=tasks.PROGRESS_INTERVAL,
        )
        task.finished_callbacks.append(finished)
        widget = TaskProgressWidget(task, verb, unit=unit)
        widget.setObjectName(f"task-{name}")
        holder["w"] = widget
        self.statusBar().addPermanentWidget(widget)
        self.running[name] = task
        tasks._RUNNING.add(task)
        tasks.current_pool().start(task)
        return task

    # -- library ----------------------------------------------------------------------------

    def reload_library(self) -> None:
        """Re-read the library table in the background; the old rows stay until it is done."""
        self._library_generation += 1
        generation = self._library_generation
        data_dir = self.data_dir

        def done(rows: LibraryRows) -> None:
            if generation != self._library_generation:
                return
            self.library.set_rows(rows)
            self.library_loaded.emit()

        tasks.run_task(lambda ctx: load_library(data_dir), done, name="load-library")

    def track_info(self, track_id: int) -> tuple[str, str, str] | None:
        """``(path, title, artist)`` of a catalog track (GUI-thread lookup by primary key)."""
        track = self.catalog.track(track_id)
        if track is None:
            return None
        return track.path, track.display_title, track.artist or ""

    def catalog_roots(self) -> list[Any]:
        return self.catalog.roots()

    def load_cover(
        self, path: str, size: int, callback: Callable[[Any, QImage], None], *, token: Any
    ) -> None:
        """The album thumbnail of a track, from the cover cache, delivered in the GUI thread."""
        track = self.catalog.track_by_path(path)
        album = track.album if track is not None else None
        self.covers.request(
            path, album, lambda image: callback(token, image if image is not None else QImage())
        )

    def cover_file_for(self, path: str) -> Path | None:
        """The cached thumbnail file of a track's album (for MPRIS art URLs), if cached."""
        track = self.catalog.track_by_path(path)
        return self.covers.cache.file_for(path, track.album if track is not None else None)

    # -- scanning, analysis, training -------------------------------------------------------

    def first_scan(self, paths: list[str]) -> None:
        def done(result: Any) -> None:
            self.last_scan_result = result
            if getattr(result, "cancelled", False) or self.catalog.count(missing=False) == 0:
                errors = len(getattr(result, "errors", []) or [])
                if getattr(result, "cancelled", False):
                    message = self.tr("Scan cancelled.")
                elif errors:
                    message = self.tr(
                        "No music found in {paths} (%n files could not be read). "
                        "Add another folder.",
                        "",
                        errors,
                    ).format(paths=", ".join(paths))
                else:
                    message = self.tr("No music found in {paths}. Add another folder.").format(
                        paths=", ".join(paths)
                    )
                self.welcome.scan_failed(message)
                return
            self.side.setVisible(True)
            self.reload_library()
            self.settings_page.refresh()
            self.set_nav("library")
            added = getattr(result, "added", 0)
            self.show_message(
                self.tr("Found %Ln tracks. Analysing how they sound in the background…", "", added)
                if self.auto_pipeline
                else self.tr("Found %Ln tracks.", "", added)
            )
            self.discover.refresh()
            if self.auto_pipeline:
                self.start_analysis(then_train=True)

        def failed(exc: BaseException) -> None:
            self.welcome.scan_failed(
                str(exc)
                if isinstance(exc, DeepCutsError)
                else self.tr("Scanning failed: {error}").format(error=exc)
            )
            if not isinstance(exc, DeepCutsError):
                self.reporter.report(exc)

        self._scan(paths, done, on_progress=self.welcome.show_progress, on_error=failed)

    def rescan(self, paths: list[str] | None = None) -> None:
        def done(result: Any) -> None:
            self.last_scan_result = result
            self.reload_library()
            self.settings_page.refresh()
            self.show_message(_scan_summary(result))
            changed = bool(getattr(result, "added", 0) or getattr(result, "updated", 0))
            if self.auto_pipeline and changed:
                self.start_analysis(then_train=True, quiet=True)

        self._scan(paths, done)

    def _scan(self, paths: list[str] | None, on_done: Callable[[Any], None], **kw: Any) -> None:
        data_dir = self.data_dir
        try:
            self.run_long(
                "scan",
                self.tr("Scanning"),
                lambda ctx: backend.library.scan(data_dir, paths, ctx),
                on_done,
                **kw,
            )
        except DeepCutsError as exc:
            self.show_message(str(exc))

    def remove_folder(self, path: str) -> tasks.Task:
        """Forget a library folder and its tracks, in the background: the cascading delete can
        wait for the catalog's lock (a scan holds it) up to the busy timeout. Returns the task.

        The history is kept; an expected error (not a library folder) is one line in the status
        bar, through the error reporter.
        """
        data_dir = self.data_dir

        def done(removed: int) -> None:
            self.show_message(
                self.tr("Removed {path} (%Ln tracks); your history is kept.", "", removed).format(
                    path=path
                )
            )
            self.settings_page.refresh()
            self.reload_library()

        return tasks.run_task(
            lambda ctx: backend.library.remove_root(data_dir, path), done, name="remove-folder"
        )

    def start_analysis(self, *, then_train: bool = True, quiet: bool = False) -> None:
        if "analysis" in self.running:
            return
        data_dir = self.data_dir
        workers = self.settings.analysis_workers or None

        def done(result: Any) -> None:
            self.show_message(_analysis_summary(result))
            self.reload_library()
            self.discover.refresh()
            if then_train and not getattr(result, "cancelled", False):
                self.start_training(quiet=True)

        if not backend.stores.analysis_available():
            if not quiet:
                self.show_message(self.tr("Audio analysis is not available in this build."))
            if then_train:
                self.start_training(quiet=True)
            return
        self.run_long(
            "analysis",
            self.tr("Analysing"),
            lambda ctx: backend.pipeline.analyze(data_dir, ctx, workers=workers),
            done,
            unit="tracks",
        )

    def start_training(self, *, quiet: bool = False, force: bool = False) -> None:
        """Train the taste model in the background when it is missing or stale (or ``force``)."""
        if "training" in self.running:
            return
        if not backend.stores.training_available():
            if not quiet:
                self.show_message(self.tr("The taste model is not available in this build."))
            return
        data_dir = self.data_dir

        def done(result: Any) -> None:
            self.show_message(self.tr("Your taste model is up to date."))
            self.discover.refresh()
            self.map.invalidate()

        self.run_long(
            "training",
            self.tr("Learning your taste"),
            lambda ctx: backend.pipeline.train(data_dir, ctx, force=force),
            done,
            unit="steps",
        )

    # -- player and feedback ----------------------------------------------------------------

    def play_tracks(
        self, track_ids: list[int], start: int = 0, *, context: str | None = None
    ) -> None:
        if track_ids:
            self.player.play_tracks(track_ids, start, context=context)

    def record_play(self, record: Any) -> None:
        data_dir = self.data_dir

        def done(_result: Any) -> None:
            self.history.plays_changed()
            model = self.library.model
            row = model.rows.row_of().get(record.track_id)
            if row is not None:  # the Library's Plays and Last played follow at once
                model.update_values(
                    "plays", {record.track_id: model.rows.columns["plays"][row] + 1}
                )
                model.update_values("last_played", {record.track_id: record.started_at})

        tasks.run_task(
            lambda ctx: backend.history.record_play(data_dir, record), done, name="record-play"
        )

    def start_radio(self, track_ids: list[int]) -> None:
        self.set_nav("discover")
        self.discover.open_radio(track_ids)

    def show_similar(self, track_id: int | None) -> None:
        if track_id is None:
            return
        self.set_nav("discover")
        self.discover.open_similar(track_id)

    def feedback(self, track_ids: list[int], kind: str) -> None:
        data_dir = self.data_dir
        ids = list(track_ids)

        def done(count: Any) -> None:
            text = {
                "like": self.tr("Liked %n tracks.", "", len(ids)),
                "dislike": self.tr("Disliked %n tracks.", "", len(ids)),
                "ban": self.tr("Banned %n tracks.", "", len(ids)),
            }[kind]
            self.show_message(text)
            self.history.plays_changed()

        tasks.run_task(
            lambda ctx: backend.history.set_feedback(data_dir, ids, kind), done, name="feedback"
        )

    def ban_artist(self, track_id: int) -> None:
        info = self.catalog.track(track_id)
        if info is None or not info.artist:
            self.show_message(self.tr("This track has no artist tag."))
            return
        artist = info.artist
        data_dir = self.data_dir
        tasks.run_task(
            lambda ctx: backend.history.ban_artist(data_dir, artist),
            lambda _r: self.show_message(
                self.tr("Banned {artist}: no more of them in discover lists.").format(artist=artist)
            ),
            name="feedback",
        )

    def playlist_names(self) -> list[str]:
        return self.playlists.names()

    def add_to_playlist(self, track_ids: list[int], name: str | None) -> None:
        if name is None:
            name, ok = QInputDialog.getText(
                self, self.tr("New playlist"), self.tr("Name of the playlist:")
            )
            if not ok or not name.strip():
                return
            name = name.strip()
        self.playlists.add_tracks(name, track_ids)

    def export_tracks(self, track_ids: list[int], path: str, *, name: str | None = None) -> None:
        """Write a playlist file in the background; the format follows the extension."""
        data_dir = self.data_dir
        relative = self.settings.export_relative
        ext = os.path.splitext(path)[1].lower().lstrip(".")
        if not ext:
            path = f"{path}.{self.settings.export_format}"

        def done(written: Any) -> None:
            self.settings.export_folder = os.path.dirname(str(written))
            self.save_settings()
            self.show_message(
                self.tr("Exported %Ln tracks to {path}.", "", len(track_ids)).format(path=written)
            )

        tasks.run_task(
            lambda ctx: backend.playlists.export_playlist(
                data_dir, track_ids, path, name=name, relative=relative
            ),
            done,
            name="export",
        )

    def show_in_file_manager(self, track_id: int | None) -> None:
        if track_id is None:
            return
        info = self.track_info(track_id)
        if info is None:
            return
        folder = os.path.dirname(info[0])
        if sys.platform == "darwin":
            subprocess.Popen(["open", "-R", info[0]])
        elif sys.platform == "win32":
            subprocess.Popen(["explorer", "/select,", info[0]])
        else:
            QDesktopServices.openUrl(QUrl.fromLocalFile(folder))

    # -- moving the data folder -------------------------------------------------------------

    def move_data_dir(self, target: str) -> None:
        """Copy the data folder to ``target``, verify the copy, then use it (the old stays)."""
        from desktop_app.data_move import check_target, copy_data_dir

        busy = [name for name in self.running if name != "move"]
        if busy:
            self.show_message(
                self.tr("Wait until {what} has finished, then move the data folder.").format(
                    what=", ".join(busy)
                )
            )
            return
        source = self.data_dir
        try:
            check_target(source, Path(target))
        except DeepCutsError as exc:
            self.show_message(str(exc))
            return
        self.save_settings()

        def work(ctx: tasks.TaskContext) -> Any:
            return copy_data_dir(
                source,
                Path(target),
                progress=lambda done, total: ctx.report({"done": done, "total": total}),
                cancel=ctx.cancel,
            )

        def done(result: Any) -> None:
            from analysis.datadir import record_location

            try:
                record_location(result.target, result.source)
            except OSError as exc:
                self.show_message(
                    self.tr("Copied, but cannot record the new place: {e}").format(e=exc)
                )
                return
            self.switch_data_dir(result.target)
            self.show_message(
                self.tr(
                    "Your data now lives in {new} ({n} files copied and verified). The old "
                    "folder {old} is kept until you delete it in Settings."
                ).format(new=result.target, n=f"{result.files:,}", old=result.source),
                seconds=20,
            )

        def failed(exc: BaseException) -> None:
            if isinstance(exc, DeepCutsError):
                self.show_message(str(exc))
            else:
                self.reporter.report(exc)

        self.run_long(
            "move", self.tr("Moving the data folder"), work, done, unit="files", on_error=failed
        )

    def switch_data_dir(self, target: Path) -> None:
        """Reopen everything on the data folder ``target`` (after a verified copy)."""
        from desktop_app.gui.cover_cache import CoverCache

        self.data_dir = Path(target)
        old = self.catalog
        self.catalog = backend.stores.open_catalog(self.data_dir)
        try:
            old.close()
        except Exception:  # already closed: nothing to release
            log.debug("closing the old catalog", exc_info=True)
        self.reporter.log_path = (
            self.data_dir / self.reporter.log_path.parent.name / (self.reporter.log_path.name)
        )
        self.covers.cache = CoverCache(self.data_dir / "covers")
        self.save_settings()
        self.reload_library()
        self.discover.refresh()
        self.stats.invalidate()
        self.map.invalidate()
        self.settings_page.refresh()

    # -- settings and shutdown --------------------------------------------------------------

    def save_settings(self) -> None:
        try:
            self.settings.save(self.data_dir)
        except OSError as exc:
            self.show_message(
                self.tr("Cannot save settings in {folder}: {error}").format(
                    folder=self.data_dir, error=exc.strerror
                )
            )

    def closeEvent(self, event: QCloseEvent) -> None:
        self._closing = True  # the start-up steps still queued do not run
        if self._player is not None:
            self.settings.queue = list(self._player.queue)
            self.settings.queue_index = max(self._player.index, 0)
            self._player.shutdown()
        for task in list(self.running.values()):
            task.cancel()
        self.save_settings()
        tasks.current_pool().waitForDone(5000)
        tasks.wait_idle(2.0)
        super().closeEvent(event)


def _scan_summary(result: Any) -> str:
    parts = []
    for key, word in (
        ("added", QT_TRANSLATE_NOOP("MainWindow", "%Ln added")),
        ("updated", QT_TRANSLATE_NOOP("MainWindow", "%Ln updated")),
        ("moved", QT_TRANSLATE_NOOP("MainWindow", "%Ln moved")),
        ("missing", QT_TRANSLATE_NOOP("MainWindow", "%Ln missing")),
        ("restored", QT_TRANSLATE_NOOP("MainWindow", "%Ln back")),
    ):
        n = getattr(result, key, 0)
        if n:
            parts.append(QCoreApplication.translate("MainWindow", word, None, n))
    errors = len(getattr(result, "errors", []) or [])
    if errors:
        parts.append(QCoreApplication.translate("MainWindow", "%Ln unreadable", None, errors))
    if getattr(result, "cancelled", False):
        return QCoreApplication.translate(
            "MainWindow", "Scan cancelled; what was read so far is kept."
        )
    if not parts:
        return QCoreApplication.translate("MainWindow", "Scan finished: nothing changed.")
    sep = QCoreApplication.translate("MainWindow", ", ")
    return QCoreApplication.translate("MainWindow", "Scan finished: {parts}.").format(
        parts=sep.join(parts)
    )


def _analysis_summary(result: Any) -> str:
    if getattr(result, "cancelled", False):
        return QCoreApplication.translate(
            "MainWindow", "Analysis paused; it resumes where it stopped."
        )
    analyzed = getattr(result, "analyzed", None)
    failed = getattr(result, "failed", None) or []
    if analyzed is None:
        return QCoreApplication.translate("MainWindow", "Analysis finished.")
    text = QCoreApplication.translate("MainWindow", "Analysed %Ln tracks", None, analyzed)
    if failed:
        n_failed = len(failed)  # a plain name: lupdate misreads a call as the count
        text = QCoreApplication.translate(
            "MainWindow", "{analysed}; %Ln could not be decoded", None, n_failed
        ).format(analysed=text)
    return QCoreApplication.translate("MainWindow", "{summary}.").format(summary=text)
