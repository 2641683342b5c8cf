"""Settings: music folders (add, remove, rescan), analysis workers, data folder, export defaults."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.gui import backend
from desktop_app.gui.gui_settings import EXPORT_FORMATS

#: The "Legacy tag encoding" choices: (setting value, label).
TAG_ENCODING_CHOICES = (
    ("auto", "Automatic (recommended)"),
    ("off", "Off: read as Latin-1"),
    ("gbk", "Chinese, simplified (GBK)"),
    ("big5", "Chinese, traditional (Big5)"),
    ("shift_jis", "Japanese (Shift-JIS)"),
    ("euc_kr", "Korean (EUC-KR)"),
    ("cp1251", "Cyrillic (Windows-1251)"),
)

if TYPE_CHECKING:
    from desktop_app.gui.main_window import MainWindow


class SettingsPage(QWidget):
    title = "Settings"

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window_ = window
        settings = window.settings

        heading = QLabel("Settings")
        heading.setObjectName("pageTitle")

        # folders
        self.folders = QListWidget()
        self.folders.setObjectName("settingsFolders")
        add = QPushButton("Add folder…")
        add.clicked.connect(self.choose_folder)
        remove = QPushButton("Remove")
        remove.clicked.connect(self.remove_selected)
        rescan = QPushButton("Rescan all")
        rescan.clicked.connect(lambda: window.rescan())
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        row.addWidget(rescan)
        folders_box = QGroupBox("Music folders")
        fl = QVBoxLayout(folders_box)
        fl.addWidget(self.folders)
        fl.addLayout(row)
        note = QLabel(
            "Removing a folder removes its tracks from the library; your play history is kept."
        )
        note.setObjectName("muted")
        note.setWordWrap(True)
        fl.addWidget(note)
        self.tag_encoding = QComboBox()
        self.tag_encoding.setObjectName("settingsTagEncoding")
        for mode, label in TAG_ENCODING_CHOICES:
            self.tag_encoding.addItem(label, mode)
        self.tag_encoding.setMaximumWidth(320)
        self.tag_encoding.currentIndexChanged.connect(self._save_tag_encoding)
        tags_form = QFormLayout()
        tags_form.addRow("Legacy tag encoding:", self.tag_encoding)
        fl.addLayout(tags_form)
        encoding_note = QLabel(
            "Old rippers stored Chinese, Japanese, Korean or Russian tags in their own code page; "
            "Automatic repairs them when the result is clearly right. Changing this re-reads "
            "the affected files."
        )
        encoding_note.setObjectName("muted")
        encoding_note.setWordWrap(True)
        fl.addWidget(encoding_note)

        # analysis
        self.workers = QSpinBox()
        self.workers.setRange(0, max(os.cpu_count() or 1, 1) * 2)
        self.workers.setSpecialValueText("one per core")
        self.workers.setValue(settings.analysis_workers)
        self.workers.valueChanged.connect(self._save)
        self.workers.setMaximumWidth(160)
        self.auto = QCheckBox("Analyse new music and retrain in the background")
        self.auto.setChecked(settings.auto_analyze)
        self.auto.toggled.connect(self._save)
        analyse_now = QPushButton("Analyse now")
        analyse_now.clicked.connect(lambda: window.start_analysis())
        train_now = QPushButton("Retrain taste model")
        train_now.clicked.connect(lambda: window.start_training(force=True))
        analysis_box = QGroupBox("Analysis")
        af = QFormLayout(analysis_box)
        af.addRow("Worker processes:", self.workers)
        af.addRow(self.auto)
        buttons = QHBoxLayout()
        buttons.addWidget(analyse_now)
        buttons.addWidget(train_now)
        buttons.addStretch(1)
        af.addRow(buttons)

        # data folder
        data_box = QGroupBox("Data folder")
        dv = QVBoxLayout(data_box)
        dl = QHBoxLayout()
        dv.addLayout(dl)
        self.data_label = QLineEdit(str(window.data_dir))
        self.data_label.setReadOnly(True)
        open_data = QPushButton("Open")
        open_data.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(window.data_dir)))
        )
        dl.addWidget(self.data_label, 1)
        dl.addWidget(open_data)
        data_note = QLabel(
            "To use another data folder, start Deep Cuts with --data-dir DIR or "
            "set DEEPCUTS_DATA_DIR."
        )
        data_note.setObjectName("muted")

        # export defaults
        self.export_format = QComboBox()
        self.export_format.addItems([f.upper() for f in EXPORT_FORMATS])
        self.export_format.setCurrentIndex(EXPORT_FORMATS.index(settings.export_format))
        self.export_format.currentIndexChanged.connect(self._save)
        self.export_format.setMaximumWidth(160)
        self.export_relative = QCheckBox("Write paths relative to the playlist file")
        self.export_relative.setChecked(settings.export_relative)
        self.export_relative.toggled.connect(self._save)
        export_box = QGroupBox("Playlist export")
        ef = QFormLayout(export_box)
        ef.addRow("Default format:", self.export_format)
        ef.addRow(self.export_relative)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(folders_box)
        layout.addWidget(analysis_box)
        dv.addWidget(data_note)
        layout.addWidget(data_box)
        layout.addWidget(export_box)
        layout.addStretch(1)

    def refresh(self) -> None:
        try:
            mode = backend.library.tag_encoding(self.window_.data_dir)
        except Exception:  # a catalog another window holds or an old one: show the default
            mode = "auto"
        self.tag_encoding.blockSignals(True)
        self.tag_encoding.setCurrentIndex(max(0, self.tag_encoding.findData(mode)))
        self.tag_encoding.blockSignals(False)
        self.folders.clear()
        for root in self.window_.catalog_roots():
            suffix = "" if root.available else "  (not available)"
            self.folders.addItem(root.path + suffix)

    def choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Add a music folder")
        if path:
            self.window_.rescan([path])

    def remove_selected(self) -> None:
        for item in self.folders.selectedItems():
            path = item.text().removesuffix("  (not available)")
            self.window_.remove_folder(path)

    def _save_tag_encoding(self) -> None:
        mode = self.tag_encoding.currentData()
        try:
            backend.library.set_tag_encoding(self.window_.data_dir, mode)
        except Exception as exc:
            self.window_.show_message(f"Could not change the tag encoding: {exc}")
            return
        if self.window_.catalog_roots():
            self.window_.rescan()  # the files this changes are read again

    def _save(self) -> None:
        s = self.window_.settings
        s.analysis_workers = self.workers.value()
        s.auto_analyze = self.auto.isChecked()
        s.export_format = EXPORT_FORMATS[self.export_format.currentIndex()]
        s.export_relative = self.export_relative.isChecked()
        self.window_.save_settings()
