"""One palette, one spacing scale and one type scale for the whole window, in a light and a dark
variant that follow the desktop's colour scheme.

Every colour the window uses comes from a :class:`Palette`; every margin from :data:`SPACE`;
every font size from :data:`TYPE`. The style sheet (``resources/deepcuts.qss``) is a template
whose ``$names`` are filled from the palette and the scales, so there is one place to change a
colour. Widgets that paint themselves (icons, charts, covers) read :func:`current` and listen to
:attr:`ThemeManager.changed`.

The mode is ``system`` (follow ``QStyleHints.colorScheme()``, Qt >= 6.5, and its
``colorSchemeChanged`` signal), ``light`` or ``dark``; Settings switches it.
"""

from __future__ import annotations

import logging
import string
from dataclasses import asdict, dataclass

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPalette

log = logging.getLogger("deepcuts.gui.theme")

MODES = ("system", "light", "dark")

#: Spacing scale in device-independent pixels (Qt scales them with the screen).
SPACE = {"xs": 4, "s": 8, "m": 12, "l": 16, "xl": 24, "xxl": 32}

#: Type scale in points: caption < body < label < heading < title < display.
TYPE = {"caption": 9, "body": 10, "label": 11, "heading": 13, "title": 20, "display": 26}


@dataclass(frozen=True)
class Palette:
    """The colours of one theme (``#rrggbb`` strings)."""

    name: str
    window: str  # page background
    surface: str  # cards, inputs, table header
    surface_hover: str
    raised: str  # buttons
    sidebar: str  # sidebar, player bar, status bar
    border: str
    text: str
    text_strong: str
    muted: str
    accent: str
    accent_hover: str
    on_accent: str  # text on the accent colour
    selection: str
    alternate: str  # alternate table rows
    disabled: str
    danger: str

    def color(self, key: str) -> QColor:
        return QColor(getattr(self, key))


DARK = Palette(
    name="dark",
    window="#1c1c21",
    surface="#24242b",
    surface_hover="#2d2d36",
    raised="#2c2c34",
    sidebar="#141418",
    border="#3a3a44",
    text="#e6e6ea",
    text_strong="#ffffff",
    muted="#9a9aa6",
    accent="#f5a623",
    accent_hover="#ffb940",
    on_accent="#1c1c21",
    selection="#3b3548",
    alternate="#212127",
    disabled="#6a6a74",
    danger="#ff5d73",
)

LIGHT = Palette(
    name="light",
    window="#f7f6f3",
    surface="#ffffff",
    surface_hover="#efede8",
    raised="#ffffff",
    sidebar="#ecebe6",
    border="#d4d2cb",
    text="#1f1f24",
    text_strong="#000000",
    muted="#5f5f6b",  # 6:1 on the window colour: readable at small sizes
    accent="#9a5800",  # darker amber so white text on it reaches 4.5:1
    accent_hover="#b06600",
    on_accent="#ffffff",
    selection="#f3dfbd",
    alternate="#f1f0ec",
    disabled="#a3a3ab",
    danger="#c62a44",
)

THEMES = {"dark": DARK, "light": LIGHT}


def system_scheme(scheme: Qt.ColorScheme | None = None) -> str:
    """``light`` or ``dark`` as the desktop reports it (dark when it says nothing).

    ``scheme`` is what ``colorSchemeChanged`` just reported (default: ask the style hints).
    """
    app = QGuiApplication.instance()
    if app is None:
        return "dark"
    if scheme is None:
        scheme = QGuiApplication.styleHints().colorScheme()
    if scheme == Qt.ColorScheme.Light:
        return "light"
    if scheme == Qt.ColorScheme.Dark:
        return "dark"
    # Unknown: guess from the platform palette's window colour.
    lightness = QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness()
    return (
        "light"
        if lightness > 160 and QGuiApplication.platformName() not in ("offscreen", "minimal")
        else "dark"
    )


def resolve(mode: str, scheme: Qt.ColorScheme | None = None) -> Palette:
    """The palette for ``mode`` (``system``, ``light`` or ``dark``)."""
    if mode == "system":
        return THEMES[system_scheme(scheme)]
    return THEMES.get(mode, DARK)


def stylesheet(palette: Palette, template: str | None = None) -> str:
    """The window's style sheet with the palette and the scales filled in."""
    if template is None:
        from desktop_app.resource_files import read_text

        try:
            template = read_text("deepcuts.qss")
        except FileNotFoundError:  # a broken installation: Qt's own look, not a crash
            log.warning("the style sheet deepcuts.qss is missing from this installation")
            return ""
    values = {k: v for k, v in asdict(palette).items() if k != "name"}
    values.update({f"space_{k}": str(v) for k, v in SPACE.items()})
    values.update({f"type_{k}": str(v) for k, v in TYPE.items()})
    values.update(arrow_files(palette))
    return string.Template(template).substitute(values)


def arrow_files(palette: Palette) -> dict[str, str]:
    """``arrow_down`` / ``arrow_up``: PNG files of small chevrons in the palette's muted colour.

    Why: once a style sheet styles a combo box's or a spin box's frame, Qt draws their drop-down
    and step buttons as bare native boxes, without visible arrows in the dark theme; a style
    sheet can only name image files. They are drawn here (with a ``@2x`` copy that Qt picks at
    200 % scaling) into the temporary folder, once per colour.
    """
    import os
    import tempfile
    from pathlib import Path

    folder = Path(tempfile.gettempdir()) / "deepcuts-ui"
    colour = palette.muted.lstrip("#")
    out = {}
    for direction in ("down", "up"):
        path = folder / f"arrow-{direction}-{colour}.png"
        try:
            if not path.exists():
                folder.mkdir(parents=True, exist_ok=True)
                for scale, target in ((1, path), (2, path.with_name(f"{path.stem}@2x.png"))):
                    tmp = target.with_name(f".{target.name}.{os.getpid()}")
                    if _chevron(QColor(palette.muted), direction, scale).save(str(tmp), "PNG"):  # type: ignore[call-overload]
                        os.replace(tmp, target)
        except OSError:  # an unwritable temporary folder: Qt's own (plain) buttons
            log.debug("cannot write %s", path, exc_info=True)
        out[f"arrow_{direction}"] = path.as_posix()
    return out


def _chevron(colour: QColor, direction: str, scale: int) -> QImage:
    """A 10x6 chevron pointing ``down`` or ``up``, drawn at ``scale`` times its size."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QPainter, QPen

    image = QImage(10 * scale, 6 * scale, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(colour, 1.6 * scale)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    top, bottom = 1.2 * scale, 4.8 * scale
    if direction == "up":
        top, bottom = bottom, top
    painter.drawPolyline(
        [QPointF(1.2 * scale, top), QPointF(5 * scale, bottom), QPointF(8.8 * scale, top)]
    )
    painter.end()
    return image


def qpalette(palette: Palette) -> QPalette:
    """A QPalette for what the style sheet does not reach (native dialogs, plain painters)."""
    p = QPalette()
    role = QPalette.ColorRole
    for r, key in (
        (role.Window, "window"),
        (role.Base, "surface"),
        (role.AlternateBase, "alternate"),
        (role.Button, "raised"),
        (role.WindowText, "text"),
        (role.Text, "text"),
        (role.ButtonText, "text"),
        (role.BrightText, "text_strong"),
        (role.PlaceholderText, "muted"),
        (role.Highlight, "selection"),
        (role.HighlightedText, "text_strong"),
        (role.ToolTipBase, "surface"),
        (role.ToolTipText, "text"),
        (role.Link, "accent"),
        (role.Accent, "accent"),
    ):
        p.setColor(r, palette.color(key))
    p.setColor(QPalette.ColorGroup.Disabled, role.Text, palette.color("disabled"))
    p.setColor(QPalette.ColorGroup.Disabled, role.WindowText, palette.color("disabled"))
    p.setColor(QPalette.ColorGroup.Disabled, role.ButtonText, palette.color("disabled"))
    return p


_current: Palette = DARK


def current() -> Palette:
    """The palette in use now (custom-painted widgets read their colours here)."""
    return _current


class ThemeManager(QObject):
    """Applies a mode to the application and follows the desktop while the mode is ``system``.

    ``changed`` carries the new :class:`Palette` each time the effective theme changes.
    """

    changed = Signal(object)

    def __init__(self, mode: str = "system", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.mode = mode if mode in MODES else "system"
        self.palette: Palette | None = None
        hints = QGuiApplication.styleHints()
        self.desktop_scheme: Qt.ColorScheme = hints.colorScheme()
        if hasattr(hints, "colorSchemeChanged"):  # Qt >= 6.5
            hints.colorSchemeChanged.connect(self._scheme_changed)

    def set_mode(self, mode: str) -> Palette:
        """Switch to ``system``, ``light`` or ``dark`` and apply it at once."""
        if mode not in MODES:
            raise ValueError(f"unknown theme {mode!r}; use one of {', '.join(MODES)}")
        self.mode = mode
        return self.apply()

    def apply(self, *, force: bool = False) -> Palette:
        global _current
        palette = resolve(self.mode, self.desktop_scheme)
        if palette == self.palette and not force:
            return palette
        app = QGuiApplication.instance()
        self.palette = palette
        _current = palette
        if app is not None:
            app.setPalette(qpalette(palette))  # type: ignore[attr-defined]
            app.setStyleSheet(stylesheet(palette))  # type: ignore[attr-defined]
        log.debug("theme %s (mode %s)", palette.name, self.mode)
        self.changed.emit(palette)
        return palette

    def _scheme_changed(self, scheme: Qt.ColorScheme) -> None:
        self.desktop_scheme = scheme
        if self.mode == "system":
            self.apply()
