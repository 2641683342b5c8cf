"""Transport icons drawn with QPainter, so they read on the dark theme with any icon theme."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPixmap, QPolygonF

LIGHT = QColor("#e6e6ea")


def _polygon(points: list[tuple[float, float]], size: int) -> QPolygonF:
    return QPolygonF([QPointF(x * size, y * size) for x, y in points])


def transport_icon(kind: str, *, size: int = 48, color: QColor | None = None) -> QIcon:
    """``play``, ``pause``, ``next``, ``previous`` or ``volume`` in the theme's text colour."""
    if color is None:
        from desktop_app.gui import theme

        color = theme.current().color("text")
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(color)
    s = size
    if kind == "play":
        p.drawPolygon(_polygon([(0.28, 0.18), (0.28, 0.82), (0.82, 0.5)], s))
    elif kind == "pause":
        p.drawRoundedRect(QRectF(0.24 * s, 0.18 * s, 0.17 * s, 0.64 * s), 2, 2)
        p.drawRoundedRect(QRectF(0.59 * s, 0.18 * s, 0.17 * s, 0.64 * s), 2, 2)
    elif kind == "next":
        p.drawPolygon(_polygon([(0.2, 0.22), (0.2, 0.78), (0.62, 0.5)], s))
        p.drawRect(QRectF(0.66 * s, 0.22 * s, 0.12 * s, 0.56 * s))
    elif kind == "previous":
        p.drawPolygon(_polygon([(0.8, 0.22), (0.8, 0.78), (0.38, 0.5)], s))
        p.drawRect(QRectF(0.22 * s, 0.22 * s, 0.12 * s, 0.56 * s))
    elif kind == "volume":
        p.drawPolygon(
            _polygon(
                [(0.12, 0.38), (0.3, 0.38), (0.52, 0.18), (0.52, 0.82), (0.3, 0.62), (0.12, 0.62)],
                s,
            )
        )
        pen = p.pen()
        pen.setStyle(Qt.PenStyle.SolidLine)
        pen.setColor(color)
        pen.setWidthF(s * 0.06)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        for r in (0.16, 0.28):
            path = QPainterPath()
            path.arcMoveTo(QRectF((0.5 - r) * s, (0.5 - r) * s, 2 * r * s, 2 * r * s), -45)
            path.arcTo(QRectF((0.5 - r) * s, (0.5 - r) * s, 2 * r * s, 2 * r * s), -45, 90)
            p.drawPath(path)
    p.end()
    return QIcon(pix)
