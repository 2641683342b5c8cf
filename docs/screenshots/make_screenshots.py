"""Pictures of the window for the README and docs/gui.md, from a synthetic library.

Run: ``.venv/bin/python docs/screenshots/make_screenshots.py [--out docs/screenshots]
[--pages discover stats] [--themes dark] [--size 1366x768]``. It builds a synthetic catalog of
2,000 tracks with generated cover art and a history of 40,000 plays in a temporary folder, opens
the real window (under Xvfb when ``DISPLAY`` is set, else offscreen), waits for each page to fill
and saves ``<page>-<theme>.png``. The Xvfb test of tests/desktop_app/test_pages_render.py runs it
for every page in both themes and checks that no page is blank.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

ALL_PAGES = (
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


def build_data(base: Path, tracks: int, plays: int) -> Path:
    from tests.desktop_app.synthetic import build_catalog, build_history, write_folder_covers

    data = base / "data"
    build_catalog(data, tracks)
    build_history(data, plays, years=2.0)
    play_catalog_tracks(data)
    write_folder_covers(data)
    return data


def play_catalog_tracks(data: Path, seed: int = 5) -> None:
    """Point every synthetic play at a track of the catalog, so the pictures show the mixes of a
    person with a history (with their reasons) rather than the first-run explore mixes.

    Two artists in five are played, favourites far more than the rest (a long tail), and of
    each only its first half of songs: the others are what discover and deep cuts can offer.
    The plays keep their times and skips (the Stats page's rhythm).
    """
    import random
    import sqlite3
    from collections import defaultdict

    rng = random.Random(seed)
    with sqlite3.connect(data / "catalog.db") as catalog:
        rows = catalog.execute(
            "SELECT artist, title, album, identity, duration FROM tracks "
            "WHERE error IS NULL ORDER BY id"
        ).fetchall()
    by_artist: dict[str, list[tuple]] = defaultdict(list)
    for row in rows:
        by_artist[row[0]].append(row)
    artists = sorted(by_artist)
    rng.shuffle(artists)
    played = artists[: max(1, len(artists) * 2 // 5)]
    with sqlite3.connect(data / "history.db") as history:
        ids = [r[0] for r in history.execute("SELECT id FROM plays ORDER BY played_at")]
        updates = []
        for pid in ids:
            rank = min(int(4 * (rng.paretovariate(1.0) - 1)), len(played) - 1)  # top: 1 in 5
            songs = by_artist[played[rank]]
            song = songs[min(int(rng.paretovariate(1.2)) - 1, max(0, len(songs) // 2 - 1))]
            artist, title, album, identity, duration = song
            updates.append((artist, title, album, identity, int((duration or 200) * 1000), pid))
        history.executemany(
            "UPDATE plays SET artist = ?, title = ?, album = ?, identity = ?, duration_ms = ? "
            "WHERE id = ?",
            updates,
        )


def wait(app, predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        app.processEvents()
        if predicate():
            return True
        time.sleep(0.01)
    return False


def show_playing(window) -> None:
    """Put the first Discover mix in the queue as if its first track were playing (the
    synthetic tracks have no audio, so nothing is really played)."""
    mix = window.discover.mixes[0]
    window.discover.open_mix(mix)
    window.discover.show_overview()
    ids = [int(t["id"]) for t in mix.tracks]
    player = window.player
    player.queue = ids
    player.index = 0
    player.context = f"discover:{mix.key}"
    player._current = ids[0]
    window.now_playing.attach()
    player.queue_changed.emit()
    player.track_changed.emit(ids[0])


def page_ready(window, page: str):
    """A predicate telling when ``page`` shows its data."""
    if page == "discover":
        return lambda: bool(window.discover.mixes)
    if page == "stats":
        return lambda: window.stats.stats is not None and bool(window.stats.stats.top)
    if page == "library":
        return lambda: window.library.model.total > 0
    if page == "map":
        return lambda: (
            window.map.data is not None or not window.map.info.text().startswith("Drawing")
        )
    if page == "albums":
        return lambda: window.library.albums.rowCount() > 0 and not window.covers._pending
    if page == "mix":
        return lambda: window.discover.model.rowCount() > 0 and not window.covers._pending
    if page == "playlists":
        return lambda: window.playlists.model.rowCount() > 0 and not window.covers._pending
    if page == "history":
        return lambda: window.history.plays_model.rowCount() > 0 and not window.covers._pending
    return lambda: True


def show_page(window, page: str) -> None:
    """Open ``page`` as a person would reach it."""
    if page == "mix":  # the first Discover mix's list
        window.set_nav("discover")
        window.discover.open_mix(window.discover.mixes[0])
        return
    window.set_nav("library" if page == "albums" else page)
    if page in ("library", "albums"):
        window.library.show_view("albums" if page == "albums" else "tracks")
    elif page == "discover":
        window.discover.show_overview()


def save_a_playlist(window) -> None:
    """A saved playlist (the first mix), so the Playlists page has something to show."""
    from desktop_app.gui import backend

    mix = window.discover.mixes[0]
    ids = [int(t["id"]) for t in mix.tracks]
    backend.playlists.save_playlist(window.data_dir, mix.title, ids)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(REPO / "docs" / "screenshots"))
    parser.add_argument("--pages", nargs="+", default=["discover", "stats"], choices=ALL_PAGES)
    parser.add_argument("--themes", nargs="+", default=["dark"], choices=("light", "dark"))
    parser.add_argument("--size", default="1366x768")
    parser.add_argument("--tracks", type=int, default=2000)
    parser.add_argument("--plays", type=int, default=40000)
    parser.add_argument("--scale", type=float, default=1.0, help="save at this scale (small PNGs)")
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args(argv)
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    width, height = (int(v) for v in args.size.lower().split("x"))

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Deep Cuts")
    from desktop_app.gui import tasks
    from desktop_app.gui.error_reporter import ErrorReporter
    from desktop_app.gui.main_window import MainWindow

    with tempfile.TemporaryDirectory(prefix="deepcuts-shots-") as tmp:
        data = build_data(Path(tmp), args.tracks, args.plays)
        window = MainWindow(data, reporter=ErrorReporter(data), auto_pipeline=False)
        window.resize(width, height)
        window.show()
        if not wait(app, lambda: window.library.loaded_at is not None, args.timeout):
            sys.stderr.write("make_screenshots: the library did not load\n")
            return 1
        if {"now", "mix", "playlists"} & set(args.pages):
            if not wait(app, lambda: bool(window.discover.mixes), args.timeout):
                sys.stderr.write("make_screenshots: the Discover cards did not come\n")
                return 1
            if "now" in args.pages:
                show_playing(window)
            if "playlists" in args.pages:
                save_a_playlist(window)
        written = []
        for theme_name in args.themes:
            window.theme.set_mode(theme_name)
            for page in args.pages:
                show_page(window, page)
                ready = page_ready(window, page)
                if not wait(app, ready, args.timeout):
                    sys.stderr.write(f"make_screenshots: page {page} did not fill\n")
                    return 1
                wait(app, lambda: False, 0.4)  # let charts and covers paint
                image = window.grab().toImage()
                if args.scale != 1.0:
                    image = image.scaledToWidth(
                        int(image.width() * args.scale), Qt.TransformationMode.SmoothTransformation
                    )
                path = out / f"{page}-{theme_name}.png"
                image.save(str(path), "PNG")
                written.append(path)
        window.close()
        tasks.wait_idle(10)
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
