"""Small shared widgets: the page header (title + subtitle) and the sidebar's icons.

The sidebar icons are drawn with QPainter (no icon theme is needed, nothing is downloaded) in the
current theme's colours, and redrawn when the theme changes.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop_app.gui import theme


class PageHeader(QWidget):
    """A page's title (type scale ``title``) with a one-line subtitle under it."""

    def __init__(self, title: str, subtitle: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pageHeader")
        self.title = QLabel(title)
        self.title.setObjectName("pageTitle")
        self.subtitle = QLabel(subtitle)
        self.subtitle.setObjectName("pageSubtitle")
        self.subtitle.setWordWrap(False)  # one line; pages keep it short
        # a style-sheet padding gives a label a frame, and a framed label indents its text by
        # half an "x": the subtitle stood a few pixels right of the title
        self.title.setIndent(0)
        self.subtitle.setIndent(0)
        self.subtitle.setVisible(bool(subtitle))
        self._fit_subtitle()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)

    def text(self) -> str:
        return self.title.text()

    def setText(self, text: str) -> None:
        self.title.setText(text)

    def set_subtitle(self, text: str) -> None:
        self.subtitle.setText(text)
        self.subtitle.setVisible(bool(text))
        self._fit_subtitle()

    def _fit_subtitle(self) -> None:
        # A wrapping label asks for little width, and CJK text wraps between any two
        # characters: keep a short subtitle on one line (long ones still wrap, past 420 px).
        width = self.subtitle.fontMetrics().horizontalAdvance(self.subtitle.text()) + 8
        self.subtitle.setMinimumWidth(min(width, 420))


#: Sidebar icon kinds, one per page.
NAV_ICON_KINDS = (
    "discover",
    "now",
    "library",
    "playlists",
    "history",
    "stats",
    "map",
    "settings",
)


def _pen(color: QColor, width: float) -> QPen:
    pen = QPen(color, width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def _draw(p: QPainter, kind: str, s: float, color: QColor) -> None:
    w = s * 0.085
    p.setPen(_pen(color, w))
    p.setBrush(Qt.BrushStyle.NoBrush)
    if kind == "discover":  # compass: circle and a needle
        p.drawEllipse(QPointF(s / 2, s / 2), s * 0.38, s * 0.38)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(color)
        needle = QPainterPath()
        needle.moveTo(s * 0.64, s * 0.36)
        needle.lineTo(s * 0.55, s * 0.55)
        needle.lineTo(s * 0.36, s * 0.64)
        needle.lineTo(s * 0.45, s * 0.45)
        needle.closeSubpath()
        p.drawPath(needle)
    elif kind == "now":  # a record with its label
        p.drawEllipse(QPointF(s / 2, s / 2), s * 0.38, s * 0.38)
        p.drawEllipse(QPointF(s / 2, s / 2), s * 0.1, s * 0.1)
        p.drawArc(QRectF(s * 0.24, s * 0.24, s * 0.52, s * 0.52), 30 * 16, 60 * 16)
    elif kind == "library":  # three spines and a leaning one
        for x in (0.18, 0.34, 0.5):
            p.drawLine(QPointF(s * x, s * 0.2), QPointF(s * x, s * 0.82))
        p.drawLine(QPointF(s * 0.64, s * 0.24), QPointF(s * 0.84, s * 0.8))
    elif kind == "playlists":  # three lines and a note
        for i, y in enumerate((0.26, 0.46, 0.66)):
            p.drawLine(QPointF(s * 0.14, s * y), QPointF(s * (0.58 if i < 2 else 0.42), s * y))
        p.drawLine(QPointF(s * 0.76, s * 0.24), QPointF(s * 0.76, s * 0.72))
        p.drawLine(QPointF(s * 0.76, s * 0.24), QPointF(s * 0.88, s * 0.3))
        p.setBrush(color)
        p.drawEllipse(QPointF(s * 0.68, s * 0.74), s * 0.08, s * 0.07)
    elif kind == "history":  # a clock
        p.drawEllipse(QPointF(s / 2, s / 2), s * 0.38, s * 0.38)
        p.drawLine(QPointF(s / 2, s / 2), QPointF(s / 2, s * 0.28))
        p.drawLine(QPointF(s / 2, s / 2), QPointF(s * 0.66, s * 0.6))
    elif kind == "stats":  # bar chart
        for x, h in ((0.2, 0.3), (0.42, 0.55), (0.64, 0.42), (0.86, 0.66)):
            p.drawLine(
                QPointF(s * x - s * 0.05, s * 0.84), QPointF(s * x - s * 0.05, s * (0.84 - h))
            )
        p.drawLine(QPointF(s * 0.08, s * 0.9), QPointF(s * 0.92, s * 0.9))
    elif kind == "map":  # scattered dots
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(color)
        for x, y, r in (
            (0.28, 0.3, 0.09),
            (0.62, 0.24, 0.07),
            (0.5, 0.55, 0.1),
            (0.24, 0.7, 0.06),
            (0.76, 0.66, 0.08),
            (0.8, 0.42, 0.05),
        ):
            p.drawEllipse(QPointF(s * x, s * y), s * r, s * r)
    elif kind == "settings":  # a gear: ring and eight teeth
        p.drawEllipse(QPointF(s / 2, s / 2), s * 0.22, s * 0.22)
        for i in range(8):
            a = i * math.pi / 4
            p.drawLine(
                QPointF(s / 2 + math.cos(a) * s * 0.3, s / 2 + math.sin(a) * s * 0.3),
                QPointF(s / 2 + math.cos(a) * s * 0.4, s / 2 + math.sin(a) * s * 0.4),
            )


def nav_icon(kind: str, *, size: int = 40) -> QIcon:
    """The sidebar icon for a page, in the current palette (muted, and strong when selected)."""
    palette = theme.current()
    icon = QIcon()
    for mode, key in ((QIcon.Mode.Normal, "muted"), (QIcon.Mode.Selected, "accent")):
        pix = QPixmap(size, size)
        pix.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pix)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        _draw(painter, kind, float(size), palette.color(key))
        painter.end()
        icon.addPixmap(pix, mode)
    return icon
