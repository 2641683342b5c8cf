"""Light and dark themes: one palette filled into the style sheet, following the desktop."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPalette

from desktop_app.gui import theme
from desktop_app.gui.widgets import NAV_ICON_KINDS, PageHeader, nav_icon


@pytest.mark.parametrize("palette", [theme.DARK, theme.LIGHT])
def test_the_style_sheet_is_filled_from_the_palette(palette):
    qss = theme.stylesheet(palette)
    assert "$" not in qss
    assert palette.window in qss and palette.accent in qss
    assert f"{theme.TYPE['title']}pt" in qss  # the page title's size comes from the type scale


def _contrast(a: str, b: str) -> float:
    def lum(hex_: str) -> float:
        rgb = [int(hex_[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("palette", [theme.DARK, theme.LIGHT])
def test_text_is_readable_on_both_themes(palette):
    # WCAG AA: 4.5:1 for body text, including the muted captions and text on the accent colour
    assert _contrast(palette.text, palette.window) >= 7
    assert _contrast(palette.muted, palette.window) >= 4.5
    assert _contrast(palette.muted, palette.surface) >= 4.5
    assert _contrast(palette.on_accent, palette.accent) >= 4.5


@pytest.fixture
def scheme(qapp):
    hints = QGuiApplication.styleHints()
    yield hints
    theme.ThemeManager("dark").apply(force=True)


def test_system_mode_follows_the_desktop_colour_scheme(qapp, scheme):
    manager = theme.ThemeManager("system")
    seen = []
    manager.changed.connect(lambda p: seen.append(p.name))
    # what the desktop sends when its colour scheme changes (the offscreen platform itself
    # never changes scheme, so the signal is emitted here as the platform theme would)
    scheme.colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert manager.palette is theme.LIGHT
    assert qapp.palette().color(QPalette.ColorRole.Window).name() == theme.LIGHT.window
    scheme.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert manager.palette is theme.DARK and theme.current() is theme.DARK
    assert seen[-2:] == ["light", "dark"]
    assert theme.DARK.window in qapp.styleSheet()
    # a fixed choice ignores the desktop
    manager.set_mode("light")
    scheme.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert manager.palette is theme.LIGHT
    manager.set_mode("system")  # back to following: the last scheme the desktop reported
    assert manager.palette is theme.DARK


def test_settings_switch_changes_and_keeps_the_theme(make_window, qtbot, data_dir, scheme):
    window = make_window()
    window.show()
    box = window.settings_page.theme_box
    box.setCurrentIndex(box.findData("light"))
    assert window.theme.palette is theme.LIGHT
    assert theme.LIGHT.window in window.styleSheet() or theme.LIGHT.window in qtbot_app_sheet()
    saved = json.loads((data_dir / "gui-settings.json").read_text())
    assert saved["theme"] == "light"
    box.setCurrentIndex(box.findData("dark"))
    assert window.theme.palette is theme.DARK
    # a new window starts with the saved choice
    box.setCurrentIndex(box.findData("light"))
    again = make_window()
    assert again.theme.mode == "light"
    assert again.settings_page.theme_box.currentData() == "light"


def qtbot_app_sheet() -> str:
    from PySide6.QtWidgets import QApplication

    return QApplication.instance().styleSheet()


def test_every_page_has_a_header_and_the_sidebar_has_icons(make_window, data_dir, sync_tasks):
    window = make_window()
    for name in ("discover", "now", "library", "playlists", "history", "stats", "map", "settings"):
        headers = window.pages[name].findChildren(PageHeader)
        assert headers, name
        assert headers[0].title.text() and headers[0].subtitle.text(), name
    for i in range(window.nav.count()):
        item = window.nav.item(i)
        assert not item.icon().isNull() and item.text()
    for kind in NAV_ICON_KINDS:
        image = nav_icon(kind).pixmap(32, 32).toImage()
        painted = sum(image.pixelColor(x, y).alpha() > 0 for x in range(32) for y in range(32))
        assert painted > 20, kind


def test_the_window_fits_a_1366x768_screen(make_window, data_dir):
    window = make_window()
    window._create_player()  # the player bar is part of the height
    hint = window.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 700  # room for a panel
    window.resize(1366, 700)
    window.show()
    assert window.width() <= 1366


@pytest.mark.parametrize("palette", [theme.DARK, theme.LIGHT])
def test_combo_and_spin_boxes_get_drawn_arrows(palette, qapp, tmp_path, monkeypatch):
    """The style sheet names arrow images in the theme's muted colour, drawn into files (Qt
    leaves bare boxes otherwise), with a sharper copy for 200 % scaling."""
    from PySide6.QtGui import QColor, QImage

    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    qss = theme.stylesheet(palette)
    files = theme.arrow_files(palette)
    for name in ("arrow_down", "arrow_up"):
        path = files[name]
        assert f'url("{path}")' in qss
        for file, width in ((path, 10), (path.replace(".png", "@2x.png"), 20)):
            image = QImage(file)
            assert image.width() == width, file
            drawn = [
                image.pixelColor(x, y)
                for x in range(image.width())
                for y in range(image.height())
                if image.pixelColor(x, y).alpha() > 200
            ]
            assert drawn, file  # a visible chevron
            muted = QColor(palette.muted).lightness()
            assert all(abs(c.lightness() - muted) < 40 for c in drawn), file
    down, up = QImage(files["arrow_down"]), QImage(files["arrow_up"])
    assert down.pixelColor(5, 4).alpha() > up.pixelColor(5, 4).alpha()  # down's tip is low
