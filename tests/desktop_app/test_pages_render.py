"""Every page of the real window, in both themes, under Xvfb: none may be blank.

The screenshot script (docs/screenshots/make_screenshots.py) opens the window on a synthetic
library with generated cover art and a play history, visits each page in the light and the dark
theme and saves a PNG of each; here each picture's page area must hold drawn content (many
distinct colours and enough contrast), and the two themes must really differ."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import require_tool
from tests.desktop_app.test_real_app import _start_xvfb

REPO = Path(__file__).resolve().parents[2]
PAGES = (
    "discover",
    "mix",
    "now",
    "library",
    "albums",
    "playlists",
    "history",
    "stats",
    "map",
    "settings",
)


def _page_area_stats(path: Path) -> tuple[int, float, float]:
    """(distinct colours, lightness spread, mean lightness) of the page area: right of the
    sidebar, above the player bar, sampled every 3 pixels."""
    from PySide6.QtGui import QImage

    image = QImage(str(path))
    assert not image.isNull(), path
    w, h = image.width(), image.height()
    values, colours = [], set()
    for y in range(10, h - 110, 3):
        for x in range(200, w - 10, 3):
            c = image.pixelColor(x, y)
            colours.add(c.rgb())
            values.append(c.lightness())
    mean = sum(values) / len(values)
    spread = (sum((v - mean) ** 2 for v in values) / len(values)) ** 0.5
    return len(colours), spread, mean


def _sidebar_lightness(path: Path) -> float:
    from PySide6.QtGui import QImage

    image = QImage(str(path))
    values = [
        image.pixelColor(x, y).lightness()
        for x in range(10, 170, 8)
        for y in range(450, image.height() - 120, 8)
    ]
    return sum(values) / len(values)


@pytest.mark.xvfb
def test_every_page_in_both_themes_is_painted(tmp_path, qapp):
    require_tool("Xvfb", "xvfb")
    out = tmp_path / "shots"
    xvfb, display = _start_xvfb(tmp_path)
    try:
        env = dict(os.environ, DISPLAY=display, PYTHONPATH=str(REPO))
        env.pop("QT_QPA_PLATFORM", None)  # the real xcb platform
        result = subprocess.run(
            [
                sys.executable,
                str(REPO / "docs" / "screenshots" / "make_screenshots.py"),
                "--out",
                str(out),
                "--pages",
                *PAGES,
                "--themes",
                "light",
                "dark",
                "--tracks",
                "400",
                "--plays",
                "3000",
                "--size",
                "1366x768",
                "--timeout",
                "120",
            ],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
    finally:
        xvfb.terminate()
        xvfb.wait(10)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    for theme in ("light", "dark"):
        for page in PAGES:
            shot = out / f"{page}-{theme}.png"
            assert shot.exists(), shot
            colours, spread, _mean = _page_area_stats(shot)
            # an unpainted or empty page is one flat colour (or a handful of them)
            assert colours > 40, (page, theme, colours)
            assert spread > 8, (page, theme, spread)
    # the themes differ where nothing but the theme is drawn: the sidebar below its entries
    for page in PAGES:
        light = _sidebar_lightness(out / f"{page}-light.png")
        dark = _sidebar_lightness(out / f"{page}-dark.png")
        assert light > 180 and dark < 60, (page, light, dark)
