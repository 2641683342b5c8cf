"""Status-bar progress for long work: a count, a rate, an ETA and a Cancel button."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from desktop_app.gui.i18n import QT_TRANSLATE_NOOP, number
from desktop_app.gui.tasks import Task


def _get(payload: Any, *names: str) -> Any:
    for name in names:
        if isinstance(payload, Mapping):
            if name in payload and payload[name] is not None:
                return payload[name]
        else:
            value = getattr(payload, name, None)
            if value is not None:
                return value
    return None


def format_eta(seconds: float | None) -> str:
    if seconds is None or seconds != seconds or seconds < 0:
        return ""
    seconds = round(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    return f"{seconds // 60}:{seconds % 60:02d}"


def describe(
    verb: str, payload: Any, *, started: float, unit: str = "files"
) -> tuple[str, int, int]:
    """``(text, done, total)`` for a progress payload of the scanner, analyser or importer.

    Payloads are read by attribute or key: ``done``, ``total`` (or ``seen``), ``errors``/``failed``,
    ``eta``, ``rate``; the rate and ETA are computed here when the payload lacks them.
    """
    if isinstance(payload, str):
        return (
            QCoreApplication.translate("Progress", "{task}: {state}").format(
                task=verb, state=payload
            ),
            0,
            0,
        )
    if _get(payload, "phase") == "walking":
        seen = int(_get(payload, "files_seen") or 0)
        text = QCoreApplication.translate(
            "Progress", "{task}: looking for music… %Ln files found", None, seen
        )
        return text.format(task=verb), 0, 0
    done = int(_get(payload, "done", "analyzed", "processed", "count") or 0)
    total = int(_get(payload, "total", "to_read", "files_seen") or 0)
    errors = int(_get(payload, "errors", "failed", "error_count") or 0)
    elapsed = max(time.monotonic() - started, 1e-6)
    rate = _get(payload, "rate", "per_second", "tracks_per_second")
    if rate is None:
        rate = done / elapsed
    eta = _get(payload, "eta", "eta_seconds")
    if eta is None and total and rate:
        eta = max(total - done, 0) / rate
    unit_text = QCoreApplication.translate("Progress", UNITS.get(unit, unit), None, done)
    if total:
        count = QCoreApplication.translate("Progress", "{task}: {done} / {total} {unit}").format(
            task=verb, done=number(done), total=number(total), unit=unit_text
        )
    else:
        count = QCoreApplication.translate("Progress", "{task}: {done} {unit}").format(
            task=verb, done=number(done), unit=unit_text
        )
    parts = [count]
    if rate:
        parts.append(
            QCoreApplication.translate("Progress", "{rate}/s").format(
                rate=number(rate) if rate >= 10 else number(rate, 1)
            )
        )
    if errors:
        parts.append(QCoreApplication.translate("Progress", "%Ln errors", None, errors))
    if eta:
        parts.append(
            QCoreApplication.translate("Progress", "ETA {time}").format(time=format_eta(eta))
        )
    return " · ".join(parts), done, total


#: The units of ``describe`` (plural forms from the translations).
UNITS = {
    "files": QT_TRANSLATE_NOOP("Progress", "files"),
    "tracks": QT_TRANSLATE_NOOP("Progress", "tracks"),
    "steps": QT_TRANSLATE_NOOP("Progress", "steps"),
    "plays": QT_TRANSLATE_NOOP("Progress", "plays"),
    "rows": QT_TRANSLATE_NOOP("Progress", "rows"),
}


class TaskProgressWidget(QWidget):
    """One running task in the status bar."""

    def __init__(self, task: Task, verb: str, *, unit: str = "files", parent: Any = None) -> None:
        super().__init__(parent)
        self.task = task
        self.verb = verb
        self.unit = unit
        self.started = time.monotonic()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        self.label = QLabel(self.tr("{task}…").format(task=verb))
        self.bar = QProgressBar()
        self.bar.setMaximumWidth(160)
        self.bar.setMaximumHeight(14)
        self.bar.setTextVisible(False)
        self.bar.setRange(0, 0)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("cancelTask")
        self.cancel_button.clicked.connect(self.cancel)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self.last_text = ""

    def cancel(self) -> None:
        self.task.cancel()
        self.cancel_button.setEnabled(False)
        self.label.setText(self.tr("{task}: cancelling…").format(task=self.verb))

    def update_progress(self, payload: Any) -> None:
        if self.task.cancelled:
            return
        text, done, total = describe(self.verb, payload, started=self.started, unit=self.unit)
        self.last_text = text
        self.label.setText(text)
        current = _get(payload, "current_path", "current")
        if current:
            self.label.setToolTip(str(current))
        if total:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        else:
            self.bar.setRange(0, 0)
