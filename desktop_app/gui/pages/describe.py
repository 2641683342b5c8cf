"""The Discover page's "Describe what you want to hear" box and the chips of what it understood.

:class:`DescribeBox` is a search-like line edit that remembers recent sentences (the window's
settings, ``recent_descriptions``); :class:`ChipRow` shows each understood part of the sentence
as a removable chip and the words not understood. The list itself is the page's ordinary list,
with Play all, Regenerate, Save and Export (docs/words.md).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QToolButton,
    QWidget,
)


class DescribeBox(QWidget):
    """A line edit and a button; emits :attr:`submitted` with the sentence."""

    submitted = Signal(str)

    def __init__(self, recent: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setObjectName("describeBox")
        self.edit.setPlaceholderText(self.tr("Describe what you want to hear"))
        self.edit.setToolTip(
            self.tr(
                "For example: calm piano for a rainy evening; fast 90s rock; "
                "something like Nick Drake but more upbeat; 安静的音乐"
            )
        )
        self.edit.setClearButtonEnabled(True)
        self.edit.setMaxLength(500)
        self.recent = QStringListModel(list(recent), self)
        completer = QCompleter(self.recent, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.edit.setCompleter(completer)
        self.go = QPushButton(self.tr("Make a list"))
        self.go.setObjectName("primary")
        self.message = QLabel("")
        self.message.setObjectName("muted")
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        self.edit.returnPressed.connect(self._submit)
        self.go.clicked.connect(self._submit)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.go)

    def _submit(self) -> None:
        text = self.edit.text().strip()
        if text:
            self.submitted.emit(text)

    def set_recent(self, recent: list[str]) -> None:
        self.recent.setStringList(list(recent))

    def show_message(self, text: str) -> None:
        """A one-line answer under the box (an error, or nothing understood)."""
        self.message.setText(text)
        self.message.setVisible(bool(text))


class ChipRow(QWidget):
    """The understood parts of a sentence as chips; closing one emits :attr:`removed`."""

    removed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chips")
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setSpacing(6)
        self.chips: list[QToolButton] = []
        self.unknown = QLabel("")
        self.unknown.setObjectName("muted")

    def show_parts(
        self, understood: list[dict[str, str]], removed: Any, unknown: list[str]
    ) -> None:
        """One chip per understood part not removed; the words not understood after them."""
        while self.row.count():
            item = self.row.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None and widget is not self.unknown:
                widget.hide()  # at once: deleteLater waits for the event loop
                widget.deleteLater()
        self.chips = []
        for index, part in enumerate(understood):
            if index in set(removed):
                continue
            chip = QToolButton()
            chip.setObjectName("chip")
            chip.setText(self.tr("%1  ✕").replace("%1", part["words"]))
            chip.setToolTip(
                self.tr("Understood as: %1. Click to leave it out.").replace("%1", part["as"])
            )
            chip.setAccessibleName(self.tr("Remove “%1”").replace("%1", part["words"]))
            chip.setProperty("part", index)
            chip.clicked.connect(lambda _checked=False, i=index: self.removed.emit(i))
            self.row.addWidget(chip)
            self.chips.append(chip)
        words = ", ".join(f"“{w}”" for w in unknown)
        self.unknown.setText(self.tr("Not understood: %1").replace("%1", words) if unknown else "")
        self.row.addWidget(self.unknown)
        self.row.addStretch(1)
