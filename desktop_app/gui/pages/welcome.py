"""First run: choose the music folders, then scan them with visible progress."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from desktop_app.gui.main_window import MainWindow


class WelcomePage(QWidget):
    title = "Welcome"

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window_ = window
        heading = QLabel("Welcome to Deep Cuts")
        heading.setObjectName("welcomeTitle")
        intro = QLabel(
            "Deep Cuts helps you rediscover the music already on your disk. Choose the folders "
            "that hold your music: Deep Cuts reads their tags, listens to each track to learn how "
            "it sounds, and builds discover playlists from your own taste. Nothing leaves this "
            "computer."
        )
        intro.setWordWrap(True)
        intro.setObjectName("welcomeIntro")
        self.folders = QListWidget()
        self.folders.setObjectName("welcomeFolders")
        self.folders.setMaximumHeight(160)
        add = QPushButton("Add folder…")
        add.clicked.connect(self.choose_folder)
        self.remove_button = QPushButton("Remove")
        self.remove_button.clicked.connect(self._remove_selected)
        self.start_button = QPushButton("Scan my music")
        self.start_button.setObjectName("primary")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        self.status = QLabel("")
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setVisible(False)

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
        column.addWidget(QLabel("Music folders:"))
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

    def propose(self, path: str) -> None:
        """Add the platform's Music folder as a suggestion when it exists."""
        if path and os.path.isdir(path):
            self.add_folder(path)

    def add_folder(self, path: str) -> None:
        path = os.path.abspath(path)
        if path not in self.folder_paths():
            self.folders.addItem(path)
        self._update_buttons()

    def folder_paths(self) -> list[str]:
        return [self.folders.item(i).text() for i in range(self.folders.count())]

    def choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Choose a music folder")
        if path:
            self.add_folder(path)

    def _remove_selected(self) -> None:
        for item in self.folders.selectedItems():
            self.folders.takeItem(self.folders.row(item))
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.start_button.setEnabled(self.folders.count() > 0)
        if self.folders.count() == 0:
            self.status.setText("Add at least one folder that holds music.")
        else:
            self.status.setText("")

    def start(self) -> None:
        paths = self.folder_paths()
        if not paths:
            return
        self.start_button.setEnabled(False)
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.status.setText("Looking for music…")
        self.window_.first_scan(paths)

    def show_progress(self, text: str, done: int, total: int) -> None:
        self.status.setText(text)
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))

    def scan_failed(self, message: str) -> None:
        self.progress.setVisible(False)
        self.status.setText(message)
        self.start_button.setEnabled(True)
