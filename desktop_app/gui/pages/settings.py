"""Settings: music folders (add, remove, rescan), analysis workers, data folder, export defaults."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.gui import backend
from desktop_app.gui.gui_settings import EXPORT_FORMATS
from desktop_app.gui.i18n import QT_TRANSLATE_NOOP
from desktop_app.gui.widgets import PageHeader

#: The "Legacy tag encoding" choices: (setting value, label).
TAG_ENCODING_CHOICES = (
    ("auto", QT_TRANSLATE_NOOP("SettingsPage", "Automatic (recommended)")),
    ("off", QT_TRANSLATE_NOOP("SettingsPage", "Off: read as Latin-1")),
    ("gbk", QT_TRANSLATE_NOOP("SettingsPage", "Chinese, simplified (GBK)")),
    ("big5", QT_TRANSLATE_NOOP("SettingsPage", "Chinese, traditional (Big5)")),
    ("shift_jis", QT_TRANSLATE_NOOP("SettingsPage", "Japanese (Shift-JIS)")),
    ("euc_kr", QT_TRANSLATE_NOOP("SettingsPage", "Korean (EUC-KR)")),
    ("cp1251", QT_TRANSLATE_NOOP("SettingsPage", "Cyrillic (Windows-1251)")),
)

if TYPE_CHECKING:
    from desktop_app.gui.main_window import MainWindow


class SettingsPage(QWidget):
    title = "Settings"

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window_ = window
        settings = window.settings

        heading = PageHeader(
            self.tr("Settings"), self.tr("Your music folders, analysis, look and data folder.")
        )

        # folders
        self.folders = QListWidget()
        self.folders.setObjectName("settingsFolders")
        add = QPushButton(self.tr("Add folder…"))
        add.clicked.connect(self.choose_folder)
        remove = QPushButton(self.tr("Remove"))
        remove.clicked.connect(self.remove_selected)
        rescan = QPushButton(self.tr("Rescan all"))
        rescan.clicked.connect(lambda: window.rescan())
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        row.addWidget(rescan)
        folders_box = QGroupBox(self.tr("Music folders"))
        fl = QVBoxLayout(folders_box)
        fl.addWidget(self.folders)
        fl.addLayout(row)
        note = QLabel(
            self.tr(
                "Removing a folder removes its tracks from the library; your play history is kept."
            )
        )
        note.setObjectName("muted")
        note.setWordWrap(True)
        fl.addWidget(note)
        self.tag_encoding = QComboBox()
        self.tag_encoding.setObjectName("settingsTagEncoding")
        for mode, label in TAG_ENCODING_CHOICES:
            self.tag_encoding.addItem(self.tr(label), mode)
        self.tag_encoding.setMaximumWidth(320)
        self.tag_encoding.currentIndexChanged.connect(self._save_tag_encoding)
        tags_form = QFormLayout()
        tags_form.addRow(self.tr("Legacy tag encoding:"), self.tag_encoding)
        fl.addLayout(tags_form)
        encoding_note = QLabel(
            self.tr(
                "Old rippers stored Chinese, Japanese, Korean or Russian tags in their own code "
                "page; Automatic repairs them when the result is clearly right. Changing this "
                "re-reads the affected files."
            )
        )
        encoding_note.setObjectName("muted")
        encoding_note.setWordWrap(True)
        fl.addWidget(encoding_note)

        # analysis
        self.workers = QSpinBox()
        self.workers.setRange(0, max(os.cpu_count() or 1, 1) * 2)
        self.workers.setSpecialValueText(self.tr("one per core"))
        self.workers.setValue(settings.analysis_workers)
        self.workers.valueChanged.connect(self._save)
        self.workers.setMaximumWidth(160)
        self.auto = QCheckBox(self.tr("Analyse new music and retrain in the background"))
        self.auto.setChecked(settings.auto_analyze)
        self.auto.toggled.connect(self._save)
        analyse_now = QPushButton(self.tr("Analyse now"))
        analyse_now.clicked.connect(lambda: window.start_analysis())
        train_now = QPushButton(self.tr("Retrain taste model"))
        train_now.clicked.connect(lambda: window.start_training(force=True))
        analysis_box = QGroupBox(self.tr("Analysis"))
        af = QFormLayout(analysis_box)
        af.addRow(self.tr("Worker processes:"), self.workers)
        af.addRow(self.auto)
        buttons = QHBoxLayout()
        buttons.addWidget(analyse_now)
        buttons.addWidget(train_now)
        buttons.addStretch(1)
        af.addRow(buttons)

        # data folder
        data_box = QGroupBox(self.tr("Data folder"))
        dv = QVBoxLayout(data_box)
        dl = QHBoxLayout()
        dv.addLayout(dl)
        self.data_label = QLineEdit(str(window.data_dir))
        self.data_label.setReadOnly(True)
        open_data = QPushButton(self.tr("Open"))
        open_data.clicked.connect(
            lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(window.data_dir)))
        )
        dl.addWidget(self.data_label, 1)
        dl.addWidget(open_data)
        self.move_button = QPushButton(self.tr("Move…"))
        self.move_button.setToolTip(
            self.tr("Copy your data to another folder, check the copy, and use it from now on")
        )
        self.move_button.clicked.connect(self.choose_new_data_dir)
        dl.addWidget(self.move_button)
        data_note = QLabel(
            self.tr(
                "Moving copies everything, checks the copy and then uses it; the old folder is "
                "kept until you delete it. --data-dir DIR or DEEPCUTS_DATA_DIR still choose "
                "another folder for one start."
            )
        )
        data_note.setObjectName("muted")
        data_note.setWordWrap(True)
        self.previous_row = QWidget()
        prl = QHBoxLayout(self.previous_row)
        prl.setContentsMargins(0, 0, 0, 0)
        self.previous_label = QLabel("")
        self.previous_label.setObjectName("muted")
        self.previous_label.setWordWrap(True)
        self.delete_previous_button = QPushButton(self.tr("Delete the old folder…"))
        self.delete_previous_button.clicked.connect(self.delete_previous)
        prl.addWidget(self.previous_label, 1)
        prl.addWidget(self.delete_previous_button)
        dv.addWidget(self.previous_row)
        self.previous_row.hide()

        # export defaults
        self.export_format = QComboBox()
        self.export_format.addItems([f.upper() for f in EXPORT_FORMATS])
        self.export_format.setCurrentIndex(EXPORT_FORMATS.index(settings.export_format))
        self.export_format.currentIndexChanged.connect(self._save)
        self.export_format.setMaximumWidth(160)
        self.export_relative = QCheckBox(self.tr("Write paths relative to the playlist file"))
        self.export_relative.setChecked(settings.export_relative)
        self.export_relative.toggled.connect(self._save)
        export_box = QGroupBox(self.tr("Playlist export"))
        ef = QFormLayout(export_box)
        ef.addRow(self.tr("Default format:"), self.export_format)
        ef.addRow(self.export_relative)

        # appearance
        self.theme_box = QComboBox()
        self.theme_box.setObjectName("themeBox")
        for mode, label in (
            ("system", self.tr("Follow the desktop")),
            ("light", self.tr("Light")),
            ("dark", self.tr("Dark")),
        ):
            self.theme_box.addItem(label, mode)
        self.theme_box.setCurrentIndex(max(0, self.theme_box.findData(settings.theme)))
        self.theme_box.currentIndexChanged.connect(self._theme_chosen)
        self.theme_box.setMaximumWidth(220)
        appearance_box = QGroupBox(self.tr("Appearance"))
        apf = QFormLayout(appearance_box)
        apf.addRow(self.tr("Theme:"), self.theme_box)
        # language: applied at the next start (every page would have to be rebuilt)
        self.language_box = QComboBox()
        self.language_box.setObjectName("languageBox")
        for code, label in (
            ("system", self.tr("System language")),
            ("en", "English"),
            ("zh_CN", "简体中文"),
        ):
            self.language_box.addItem(label, code)
        self.language_box.setCurrentIndex(max(0, self.language_box.findData(settings.language)))
        self.language_box.currentIndexChanged.connect(self._language_chosen)
        self.language_box.setMaximumWidth(220)
        apf.addRow(self.tr("Language:"), self.language_box)
        self.language_note = QLabel(self.tr("A new language applies when Deep Cuts restarts."))
        self.language_note.setObjectName("muted")
        self.language_note.setVisible(False)
        apf.addRow(self.language_note)

        # Scrolls, so the page fits a 1366x768 screen (and 200 % scaling) whatever it holds.
        inner = QWidget()
        inner.setObjectName("settingsBody")
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.addWidget(heading)
        outer.addWidget(scroll, 1)
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(appearance_box)
        layout.addWidget(folders_box)
        layout.addWidget(analysis_box)
        dv.addWidget(data_note)
        layout.addWidget(data_box)
        layout.addWidget(export_box)
        layout.addStretch(1)

    def _language_chosen(self, _index: int) -> None:
        self.window_.settings.language = self.language_box.currentData()
        self.window_.save_settings()
        self.language_note.setVisible(True)

    def _theme_chosen(self, _index: int) -> None:
        mode = self.theme_box.currentData()
        self.window_.settings.theme = mode
        self.window_.theme.set_mode(mode)
        self.window_.save_settings()

    def choose_new_data_dir(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Move your data to…"))
        if path:
            self.window_.move_data_dir(path)

    def previous_data_dir(self) -> str | None:
        """The folder the data was moved from, while it still exists."""
        from analysis.datadir import read_location

        location = read_location()
        previous = location.get("previous")
        if (
            previous
            and location.get("data_dir") == str(self.window_.data_dir)
            and os.path.isdir(previous)
        ):
            return previous
        return None

    def delete_previous(self, *, confirm: bool = True) -> None:
        from PySide6.QtWidgets import QMessageBox

        from analysis.datadir import record_location
        from analysis.errors import DeepCutsError
        from desktop_app.data_move import delete_old

        previous = self.previous_data_dir()
        if previous is None:
            return
        if confirm:
            answer = QMessageBox.question(
                self,
                self.tr("Delete the old data folder"),
                self.tr("Delete {old}? Your data is safe in {new}.").format(
                    old=previous, new=self.window_.data_dir
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        try:
            delete_old(Path(previous), self.window_.data_dir)
        except (DeepCutsError, OSError) as exc:
            self.window_.show_message(str(exc))
            return
        record_location(self.window_.data_dir, None)
        self.window_.show_message(self.tr("Deleted {old}.").format(old=previous))
        self.refresh()

    _stale = True

    def invalidate(self) -> None:
        """Refresh when next shown (start-up: opening the catalog for the tag-encoding setting
        and importing its module cost the GUI thread ~0.1-0.2 s right after the first paint)."""
        self._stale = True

    def activate(self) -> None:
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        self._stale = False
        self.data_label.setText(str(self.window_.data_dir))
        previous = self.previous_data_dir()
        self.previous_row.setVisible(previous is not None)
        if previous is not None:
            self.previous_label.setText(
                self.tr("Your previous data folder is still at {old}.").format(old=previous)
            )
        try:
            mode = backend.library.tag_encoding(self.window_.data_dir)
        except Exception:  # a catalog another window holds or an old one: show the default
            mode = "auto"
        self.tag_encoding.blockSignals(True)
        self.tag_encoding.setCurrentIndex(max(0, self.tag_encoding.findData(mode)))
        self.tag_encoding.blockSignals(False)
        self.folders.clear()
        for root in self.window_.catalog_roots():
            item = QListWidgetItem(
                root.path
                if root.available
                else self.tr("{path}  (not available)").format(path=root.path)
            )
            item.setData(Qt.ItemDataRole.UserRole, root.path)
            self.folders.addItem(item)

    def choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Add a music folder"))
        if path:
            self.window_.rescan([path])

    def remove_selected(self) -> None:
        for item in self.folders.selectedItems():
            path = item.data(Qt.ItemDataRole.UserRole) or item.text()
            self.window_.remove_folder(path)

    def _save_tag_encoding(self) -> None:
        mode = self.tag_encoding.currentData()
        try:
            backend.library.set_tag_encoding(self.window_.data_dir, mode)
        except Exception as exc:
            self.window_.show_message(
                self.tr("Could not change the tag encoding: {error}").format(error=exc)
            )
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
