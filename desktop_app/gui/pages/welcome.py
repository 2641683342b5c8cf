"""First run: choose the music folders, then scan them with visible progress.

The desktop's Music folder (``QStandardPaths.MusicLocation``: ``XDG_MUSIC_DIR`` of
``~/.config/user-dirs.dirs``, else ``~/Music``) is proposed when it holds audio files, with their
count: a background task walks it, bounded in files and time so a huge or slow folder cannot
hold the page. The proposal is one row of the folder list, kept or removed like any other.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QStandardPaths, Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from desktop_app.gui.main_window import MainWindow

#: The proposal's count stops at this many audio files or after this many seconds: enough to
#: tell that the folder holds music and roughly how much, without walking a network share.
COUNT_LIMIT = 100_000
COUNT_SECONDS = 5.0

PATH_ROLE = Qt.ItemDataRole.UserRole

log = logging.getLogger("deepcuts.gui")


def music_location() -> str:
    """The desktop's Music folder (may not exist)."""
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.MusicLocation)


def count_audio_files(
    folder: str,
    *,
    limit: int = COUNT_LIMIT,
    seconds: float = COUNT_SECONDS,
    cancelled: Callable[[], bool] = lambda: False,
) -> tuple[int, bool]:
    """Audio files under ``folder`` (by extension, as the scan counts them) and whether the
    count is complete; False when it stopped at ``limit`` files or after ``seconds``.

    Hidden folders are skipped and linked folders followed once each, as the scan does.
    """
    from analysis.tags import is_audio_name

    deadline = time.monotonic() + seconds
    count = looked_at = 0
    seen: set[tuple[int, int]] = set()
    stack = [os.fsencode(folder)]
    while stack:
        if cancelled() or time.monotonic() > deadline:
            return count, False
        directory = stack.pop()
        try:
            st = os.stat(directory)
            if (st.st_dev, st.st_ino) in seen:
                continue
            seen.add((st.st_dev, st.st_ino))
            with os.scandir(directory) as entries:
                for entry in entries:
                    looked_at += 1
                    if looked_at % 4096 == 0 and time.monotonic() > deadline:
                        return count, False  # one huge folder is bounded too
                    try:
                        if entry.is_dir():
                            if not entry.name.startswith(b"."):
                                stack.append(entry.path)
                        elif is_audio_name(entry.name):
                            count += 1
                            if count >= limit:
                                return count, False
                    except OSError:
                        continue  # vanished, or a dangling link
        except OSError:
            continue  # unreadable: the scan reports it; the proposal only counts
    return count, True


def describe_count(count: int, complete: bool) -> str:
    # two source texts: lupdate marks plural forms only in self.tr() calls, not here
    if not complete:
        return QCoreApplication.translate("WelcomePage", "more than %Ln audio files", None, count)
    if count == 1:
        return QCoreApplication.translate("WelcomePage", "%Ln audio file", None, count)
    return QCoreApplication.translate("WelcomePage", "%Ln audio files", None, count)


class WelcomePage(QWidget):
    title = "Welcome"

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window_ = window
        heading = QLabel(self.tr("Welcome to Deep Cuts"))
        heading.setObjectName("welcomeTitle")
        intro = QLabel(
            self.tr(
                "Deep Cuts helps you rediscover the music already on your disk. Choose the folders "
                "that hold your music: Deep Cuts reads their tags, listens to each track to learn "
                "how it sounds, and builds discover playlists from your own taste. Nothing leaves "
                "this computer."
            )
        )
        intro.setWordWrap(True)
        intro.setObjectName("welcomeIntro")
        self.folders = QListWidget()
        self.folders.setObjectName("welcomeFolders")
        self.folders.setMaximumHeight(160)
        add = QPushButton(self.tr("Add folder…"))
        add.clicked.connect(self.choose_folder)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.clicked.connect(self._remove_selected)
        self.start_button = QPushButton(self.tr("Scan my music"))
        self.start_button.setObjectName("primary")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        self.status = QLabel("")
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self._touched = False  # the person chose or removed a folder: no proposal after that
        self._proposing: str | None = None
        self._scanning = False
        self.proposed: str | None = None
        self.proposal_count: tuple[int, bool] = (0, True)

        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)

        column = QVBoxLayout()
        column.addWidget(heading)
        column.addSpacing(8)
        column.addWidget(intro)
        column.addSpacing(16)
        column.addWidget(QLabel(self.tr("Music folders:")))
        column.addWidget(self.folders)
        column.addLayout(buttons)
        column.addSpacing(8)
        column.addWidget(self.progress)
        column.addWidget(self.status)
        column.addStretch(1)
        box = QWidget()
        box.setLayout(column)
        box.setMaximumWidth(640)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(box, 4)
        outer.addStretch(1)
        outer.setAlignment(Qt.AlignmentFlag.AlignTop)
        outer.setContentsMargins(24, 48, 24, 24)
        self._update_buttons()

    def propose(self, path: str | None = None) -> None:
        """Propose ``path`` (default: the desktop's Music folder) once a background count
        finds audio files in it. The proposal is dropped if the person has already chosen or
        removed folders, or started the scan, by the time the count arrives."""
        path = path if path is not None else music_location()
        if not path or not os.path.isdir(path):
            return
        path = os.path.abspath(path)
        self._proposing = path
        self.status.setText(self.tr("Looking for music in {path}…").format(path=path))
        from desktop_app.gui import tasks

        tasks.run_task(
            lambda ctx: count_audio_files(path, cancelled=ctx.cancel.is_set),
            lambda result: self._proposal_counted(path, *result),
            on_error=lambda exc: self._proposal_failed(path, exc),
            name="count music folder",
        )

    def _proposal_counted(self, path: str, count: int, complete: bool) -> None:
        self._proposing = None
        self.proposal_count = (count, complete)
        if self._scanning:
            return
        if count and not self._touched and path not in self.folder_paths():
            self._add_row(path, describe_count(count, complete))
            self.proposed = path
        self._update_buttons()

    def _proposal_failed(self, path: str, exc: BaseException) -> None:
        # Only a suggestion: the person adds folders by hand, so a log line is enough.
        log.warning("could not look into %s: %s", path, exc)
        self._proposal_counted(path, 0, True)

    def add_folder(self, path: str) -> None:
        self._touched = True
        self._add_row(os.path.abspath(path), "")
        self._update_buttons()

    def _add_row(self, path: str, detail: str) -> None:
        if path in self.folder_paths():
            return
        item = QListWidgetItem(f"{path}  ({detail})" if detail else path)
        item.setData(PATH_ROLE, path)
        self.folders.addItem(item)

    def folder_paths(self) -> list[str]:
        return [self.folders.item(i).data(PATH_ROLE) for i in range(self.folders.count())]

    def choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Choose a music folder"))
        if path:
            self.add_folder(path)

    def _remove_selected(self) -> None:
        for item in self.folders.selectedItems():
            self._touched = True
            self.folders.takeItem(self.folders.row(item))
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.start_button.setEnabled(self.folders.count() > 0)
        self.remove_button.setEnabled(bool(self.folders.count()))
        if self._proposing:
            return  # "Looking for music in ..." stays until the count arrives
        if self.folders.count() == 0:
            self.status.setText(self.tr("Add at least one folder that holds music."))
        elif self.proposed and self.folder_paths() == [self.proposed]:
            count = describe_count(*self.proposal_count)
            self.status.setText(
                self.tr(
                    "Your Music folder holds {count}. Keep it and press “Scan my music”, "
                    "or select it and press Remove to choose other folders."
                ).format(count=count)
            )
        else:
            self.status.setText("")

    def start(self) -> None:
        paths = self.folder_paths()
        if not paths:
            return
        self._touched = True
        self._proposing = None
        self._scanning = True
        self.start_button.setEnabled(False)
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.status.setText(self.tr("Looking for music…"))
        self.window_.first_scan(paths)

    def show_progress(self, text: str, done: int, total: int) -> None:
        self.status.setText(text)
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))

    def scan_failed(self, message: str) -> None:
        self._scanning = False
        self.progress.setVisible(False)
        self.status.setText(message)
        self.start_button.setEnabled(True)
