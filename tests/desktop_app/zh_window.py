"""Open the real window in a language, visit every page, and report the English left on it.

Run by ``tests/desktop_app/test_i18n.py`` under Xvfb (or by hand: ``.venv/bin/python -m
tests.desktop_app.zh_window --out /tmp/zh``): it builds a synthetic library with a play history,
installs the translation, starts the window, and for each page walks the widget tree (labels,
buttons, tabs, headers, list and combo items, group titles, placeholders, the first rows of every
table, the track menu) and saves ``<page>.png``. Library names (titles, artists, albums, genres,
paths) and a few proper nouns are allowed; any other run of Latin letters is reported. It prints
one JSON document: ``{"pages": {page: [texts left in English]}, "shots": [paths]}``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

PAGES = (
    "welcome",
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
#: Names that stay as they are in every language.
PROPER_NOUNS = (
    "Deep Cuts",
    "DEEPCUTS_DATA_DIR",
    "--data-dir DIR",
    "Last.fm",
    "ListenBrainz",
    "Spotify",
    "iTunes",
    "Rhythmbox",
    "Strawberry",
    "Clementine",
    "English",
    "M3U8",
    "XSPF",
    "PLS",
    "PNG",
    "BPM",
    "Ctrl",
    "deepcuts",
    "CSV",
    "Nick Drake",  # the describe box's example
    # code pages of the legacy tag encoding setting
    "Latin-1",
    "GBK",
    "Big5",
    "Shift-JIS",
    "EUC-KR",
    "Windows-1251",
)
PLAYLIST = "Mix A"
WORD = re.compile(r"[A-Za-z]{3,}")
TAG = re.compile(r"<[^>]+>|&[#\w]+;")


def wait(app: Any, predicate: Any, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        app.processEvents()
        if predicate():
            return True
        time.sleep(0.01)
    return False


def library_names(data: Path) -> list[str]:
    """Every name the library and the history may show, longest first (removed before the
    check, so "Night river 12" inside a reason does not count as English)."""
    names: set[str] = {str(data)}
    with sqlite3.connect(data / "catalog.db") as db:
        for row in db.execute("SELECT title, artist, album, genre, path FROM tracks"):
            names.update(v for v in row if v)
        names.update(r[0] for r in db.execute("SELECT path FROM roots") if r[0])
    history = data / "history.db"
    if history.exists():
        with sqlite3.connect(history) as db:
            for row in db.execute("SELECT artist, title, album FROM plays"):
                names.update(v for v in row if v)
    return sorted(names, key=len, reverse=True)


def texts_of(root: Any) -> list[str]:
    """The texts a person can see in a widget tree (visible widgets only)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QComboBox,
        QGroupBox,
        QLabel,
        QLineEdit,
        QListWidget,
        QTabBar,
        QWidget,
    )

    out: list[str] = []
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisible() or type(w).__module__.startswith("pyqtgraph"):
            continue
        if isinstance(w, QLabel | QAbstractButton):
            out.append(w.text())
        if w.toolTip():
            out.append(w.toolTip())
        if isinstance(w, QGroupBox):
            out.append(w.title())
        if isinstance(w, QLineEdit) and not w.isReadOnly():
            out.append(w.placeholderText())
        if isinstance(w, QTabBar):
            out += [w.tabText(i) for i in range(w.count())]
        if isinstance(w, QComboBox):
            out += [w.itemText(i) for i in range(w.count())]
        if isinstance(w, QListWidget):
            out += [w.item(i).text() for i in range(min(w.count(), 40))]
        elif isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            from PySide6.QtCore import QModelIndex

            try:
                columns = model.columnCount(QModelIndex())
                rows = model.rowCount(QModelIndex())
            except TypeError:  # a list model (private columnCount)
                columns, rows = 1, model.rowCount()
            for c in range(columns):
                header = model.headerData(c, Qt.Orientation.Horizontal)
                out.append(str(header or ""))
                for r in range(min(rows, 30)):
                    for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                        value = model.data(model.index(r, c), role)
                        if isinstance(value, str):
                            out.append(value)
    return [t for t in out if t]


def english_left(texts: list[str], names: list[str]) -> list[str]:
    """The texts that still hold a Latin word once names and proper nouns are taken out."""
    left = []
    for text in texts:
        rest = TAG.sub(" ", text)
        for name in (*names, *PROPER_NOUNS):
            if name.casefold() in rest.casefold():  # genres appear lower-cased in reasons
                rest = re.sub(re.escape(name), " ", rest, flags=re.IGNORECASE)
        if WORD.search(rest):
            left.append(text)
    return sorted(set(left))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--language", default="zh_CN")
    parser.add_argument("--tracks", type=int, default=300)
    parser.add_argument("--plays", type=int, default=3000)
    parser.add_argument("--timeout", type=float, default=90.0)
    args = parser.parse_args(argv)
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    from desktop_app.gui import i18n, tasks
    from desktop_app.gui.error_reporter import ErrorReporter
    from desktop_app.gui.main_window import MainWindow
    from desktop_app.gui.pages.library import build_track_menu
    from tests.desktop_app.synthetic import build_catalog, build_history

    i18n.install(args.language, app)
    report: dict[str, list[str]] = {}
    shots: list[str] = []

    def shoot(window: Any, page: str, names: list[str], extra: list[str] = ()) -> None:  # type: ignore[assignment]
        wait(app, lambda: False, 0.5)  # let charts and covers paint
        path = out / f"{page}.png"
        window.grab().toImage().save(str(path), "PNG")
        shots.append(str(path))
        report[page] = english_left(texts_of(window) + list(extra), names)

    with tempfile.TemporaryDirectory(prefix="deepcuts-i18n-") as tmp:
        empty = Path(tmp) / "empty"
        first = MainWindow(empty, reporter=ErrorReporter(empty), auto_pipeline=False)
        first.resize(1366, 768)
        first.show()
        wait(app, lambda: first.current_page() == "welcome", args.timeout)
        shoot(first, "welcome", [str(empty)])
        first.close()

        data = Path(tmp) / "data"
        build_catalog(data, args.tracks)
        build_history(data, args.plays, years=2.0)
        window = MainWindow(data, reporter=ErrorReporter(data), auto_pipeline=False)
        window.resize(1366, 768)
        window.show()
        names = library_names(data)
        if not wait(app, lambda: window.library.model.total > 0, args.timeout):
            sys.stderr.write("zh_window: the library did not load\n")
            return 1
        window.playlists.save_new(PLAYLIST, window.library.model.rows.ids[:10])
        names.append(PLAYLIST)
        for page in PAGES[1:]:
            extra: list[str] = []
            nav = {"albums": "library", "mix": "discover"}.get(page, page)
            window.set_nav(nav)
            if page in ("library", "albums"):
                window.library.show_view("albums" if page == "albums" else "tracks")
            if page in ("discover", "mix"):
                wait(app, lambda: bool(window.discover.mixes), args.timeout)
            if page == "mix" and window.discover.mixes:
                window.discover.open_mix(window.discover.mixes[0])
            if page == "stats":
                wait(
                    app,
                    lambda: window.stats.stats is not None and bool(window.stats.stats.top),
                    args.timeout,
                )
            if page == "stats":  # the date axes' ticks are drawn, not widgets
                ticks = [
                    tick
                    for chart in window.stats.charts.values()
                    for tick in getattr(chart.plot.getAxis("bottom"), "drawn", [])
                ]
                extra += ticks or ["no date axis ticks in the window's language"]
            if page == "playlists":
                wait(app, lambda: window.playlists.list.count() > 0, args.timeout)
            if page == "library":
                menu = build_track_menu(window, window.library.model.rows.ids[:1], window)
                extra = [a.text() for a in menu.actions()]
                extra += [a.text() for m in menu.findChildren(type(menu)) for a in m.actions()]
            if page == "map":
                drawing = window.map.tr("Drawing the map of your library…")
                wait(app, lambda d=drawing: window.map.info.text() != d, args.timeout)
            if page == "history":
                wait(app, lambda: window.history.plays_model.rowCount() > 0, args.timeout)
            shoot(window, page, names, extra)
        window.close()
        tasks.wait_idle(10)
    from PySide6.QtGui import QFontDatabase

    fonts = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    json.dump(
        {"pages": report, "shots": shots, "cjk_fonts": fonts},
        sys.stdout,
        ensure_ascii=False,
        indent=1,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
