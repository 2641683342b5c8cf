"""Expected failures as one line; unexpected ones logged to ``<data_dir>/logs/`` with a dialog.

:class:`~analysis.errors.DeepCutsError` carries a message meant for the person: it goes to the
status bar (or a small message box when the window asks for one). Anything else is a bug: its
traceback is appended to ``<data_dir>/logs/deepcuts-gui.log`` and a dialog says where that log is.
``install_excepthook`` routes uncaught exceptions of the GUI thread (slots, timers) the same way,
and :func:`desktop_app.gui.tasks.set_error_handler` does it for background tasks.
"""

from __future__ import annotations

import logging
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from analysis.datadir import LOGS_DIR
from analysis.errors import DeepCutsError

log = logging.getLogger("deepcuts.gui")

LOG_FILE = "deepcuts-gui.log"


def _message_to_stderr(text: str) -> None:
    sys.stderr.write(text + "\n")


def _dialog_to_stderr(title: str, text: str) -> None:
    sys.stderr.write(f"{title}: {text}\n")


class ErrorReporter:
    """Shows errors; ``show_message`` and ``show_dialog`` are replaced by the window."""

    def __init__(self, data_dir: Path) -> None:
        self.log_path = Path(data_dir) / LOGS_DIR / LOG_FILE
        self.show_message: Callable[[str], None] = _message_to_stderr
        self.show_dialog: Callable[[str, str], None] = _dialog_to_stderr
        self.unexpected_count = 0
        self.last_message = ""

    def write_log(self, exc: BaseException) -> Path | None:
        try:
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.log_path, "a", encoding="utf-8") as fh:
                fh.write(time.strftime("%Y-%m-%dT%H:%M:%SZ ", time.gmtime()))
                fh.write("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
                fh.write("\n")
            return self.log_path
        except OSError:
            return None

    def report(self, exc: BaseException) -> None:
        """Route one exception: expected ones as a line, others to the log and a dialog."""
        if isinstance(exc, DeepCutsError):
            self.last_message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            self.show_message(self.last_message)
            return
        if isinstance(exc, KeyboardInterrupt):
            return
        self.unexpected_count += 1
        where = self.write_log(exc)
        log.error("unexpected error", exc_info=exc)
        detail = f"{type(exc).__name__}: {exc}"
        from PySide6.QtCore import QCoreApplication

        place = (
            QCoreApplication.translate(
                "ErrorReporter", "The details were written to {where}."
            ).format(where=where)
            if where
            else QCoreApplication.translate(
                "ErrorReporter", "The details could not be written to the log folder."
            )
        )
        self.last_message = QCoreApplication.translate(
            "ErrorReporter", "Something went wrong: {detail}"
        ).format(detail=detail)
        self.show_dialog(
            QCoreApplication.translate("ErrorReporter", "Deep Cuts: unexpected error"),
            QCoreApplication.translate("ErrorReporter", "Something went wrong inside Deep Cuts.")
            + f"\n\n{detail}\n\n{place}",
        )

    def excepthook(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if exc.__traceback__ is None and tb is not None:
            exc = exc.with_traceback(tb)
        try:
            self.report(exc)
        except Exception:  # never let the hook itself raise
            sys.__excepthook__(exc_type, exc, tb)


def install_excepthook(reporter: ErrorReporter) -> None:
    sys.excepthook = reporter.excepthook
