"""The Qt binding itself: PySide6 6.12.0 under Python 3.11 drops a reference to ``None`` on
every call of a method returning void, so a window aborts ("deallocating None") after a few
thousand calls (pyproject.toml keeps it out). This checks the installed binding."""

from __future__ import annotations

import sys


def test_void_calls_keep_the_reference_count_of_none(qapp):
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    image = QImage(8, 8, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    before = sys.getrefcount(None)
    for _ in range(500):
        label.setText("x")
        painter.drawLine(0, 0, 4, 4)
    after = sys.getrefcount(None)
    painter.end()
    assert abs(after - before) < 50, (before, after)
