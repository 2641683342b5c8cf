"""What the GUI thread is spared (docs/gui.md, "Measured"): thumbnails are made in workers, the
album grid paints from a C++ model and asks only for the covers in view, covers reach it in
batches, the Stats page draws its first chart before the rest is queried or built, and the
Library's play counts are counted by SQLite."""

from __future__ import annotations

import gc
import sqlite3
import threading
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QThreadPool
from PySide6.QtGui import QColor, QImage, QStandardItemModel

from desktop_app.gui import tasks
from desktop_app.gui.album_grid import (
    TILE,
    Album,
    AlbumGridModel,
    AlbumGridView,
    build_album_model,
)
from desktop_app.gui.cover_cache import CoverCache, CoverLoader, album_key


def _album_folders(root: Path, count: int, *, color: str = "#d02020") -> list[Album]:
    albums = []
    for i in range(count):
        folder = root / f"Artist {i:03d}" / "Album"
        folder.mkdir(parents=True)
        cover = QImage(300, 300, QImage.Format.Format_RGB32)
        cover.fill(QColor(color))
        cover.save(str(folder / "cover.jpg"), "JPEG")
        path = str(folder / "01 track.flac")  # never opened: the cover sits beside it
        albums.append(Album(title="Album", artist=f"Artist {i:03d}", track_ids=[i], paths=[path]))
    return albums


def _wait(predicate, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while not predicate() and time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.005)
    return predicate()


def test_thumbnails_are_decoded_and_scaled_in_a_worker_thread(tmp_path, qapp):
    previous = tasks.set_pool(QThreadPool.globalInstance())  # real threads, not the test pool
    try:
        albums = _album_folders(tmp_path / "music", 3)
        loader = CoverLoader(CoverCache(tmp_path / "covers"))
        loader.want_size(TILE)
        batches: list[list[str]] = []
        loader.loaded_batch.connect(batches.append)
        keys = [loader.request(a.paths[0], a.title) for a in albums]
        assert _wait(lambda: all(loader.image(k) is not None for k in keys))
        assert tasks.wait_idle(10)
    finally:
        tasks.set_pool(previous)
    assert loader.worker_threads and threading.get_ident() not in loader.worker_threads
    for key in keys:
        small = loader.image(key, TILE)
        assert isinstance(small, QImage) and small.width() == TILE == small.height()
        assert small.pixelColor(TILE // 2, TILE // 2).red() > 180
    # finished images came in batches (one signal per delivery, not one per cover)
    assert sorted(k for batch in batches for k in batch) == sorted(keys)
    # a pixmap is made only when asked for
    assert not loader._pixmaps
    assert loader.pixmap(keys[0]) is not False and len(loader._pixmaps) == 1


class _RecordingLoader(CoverLoader):
    def __init__(self, cache: CoverCache) -> None:
        super().__init__(cache)
        self.asked: list[str] = []

    def request(self, track_path, album=None, callback=None, *, key=None):  # type: ignore[override]
        self.asked.append(key or album_key(track_path, album))
        return super().request(track_path, album, callback, key=key)


def test_the_grid_paints_without_python_and_asks_only_for_tiles_in_view(
    tmp_path, qapp, qtbot, sync_tasks
):
    # the model keeps data(), rowCount() and index() in C++: painting needs no GIL
    for name in ("data", "rowCount", "index", "flags"):
        assert getattr(AlbumGridModel, name) is getattr(QStandardItemModel, name), name
    albums = _album_folders(tmp_path / "music", 120, color="#20c040")
    loader = _RecordingLoader(CoverCache(tmp_path / "covers"))
    view = AlbumGridView(loader)
    qtbot.addWidget(view)
    view.resize(700, 450)  # 3-4 tiles a line, 2-3 lines
    view.show()
    qtbot.waitExposed(view)
    view.set_model(AlbumGridModel(albums))
    qtbot.waitUntil(lambda: len(loader.asked) > 0, timeout=5000)
    visible = view.visible_rows()
    assert 0 < len(visible) < 30
    assert set(loader.asked) <= {albums[r].key for r in visible}
    # the first tile is asked last: the loader serves the newest request first
    assert loader.asked[-1] == albums[0].key
    # the covers that arrived are on their tiles, as pixmaps the delegate draws
    first = view.albums_model().item(0).data(0x1)  # DecorationRole
    assert first.toImage().pixelColor(TILE // 2, TILE // 2).green() > 150
    # far down the grid: other tiles are asked for, not the whole grid
    loader.asked.clear()
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    qtbot.waitUntil(lambda: len(loader.asked) > 0, timeout=5000)
    assert albums[0].key not in loader.asked and albums[-1].key in loader.asked
    assert len(set(loader.asked)) < 30


def test_tiles_beyond_the_bound_go_back_to_their_placeholder(tmp_path, qapp, qtbot, monkeypatch):
    from desktop_app.gui import album_grid

    monkeypatch.setattr(album_grid, "COVERS_KEPT", 2)
    albums = _album_folders(tmp_path / "music", 4)
    view = AlbumGridView(None)
    qtbot.addWidget(view)
    view.set_model(AlbumGridModel(albums))
    red = QImage(TILE, TILE, QImage.Format.Format_RGB32)
    red.fill(QColor("#ff0000"))
    for row in range(4):
        view._set_cover(row, red)
    view._trim()
    model = view.albums_model()
    kinds = [type(model.item(r).data(0x1)).__name__ for r in range(4)]
    assert kinds == ["QImage", "QImage", "QPixmap", "QPixmap"]  # the two newest keep covers


def test_the_album_model_is_built_in_the_worker_and_handed_to_the_gui_thread(tmp_path, qapp):
    from types import SimpleNamespace

    rows = SimpleNamespace(  # the fields of LibraryRows that the grouping reads
        ids=[1, 2, 3],
        paths=["/m/A/x/1.flac", "/m/A/x/2.flac", "/m/B/y/3.flac"],
        columns={"album": ["X", "X", "Y"], "artist": ["A", "A", "B"]},
    )
    built: dict[str, object] = {}
    gui = QCoreApplication.instance().thread()

    def work() -> None:
        model = build_album_model(rows, gui)
        built["model"], built["thread"] = model, threading.get_ident()

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    model = built["model"]
    assert built["thread"] != threading.get_ident()
    assert isinstance(model, AlbumGridModel) and model.thread() is gui
    assert model.rowCount() == 2 and [a.title for a in model.albums] == ["X", "Y"]
    assert model.item(0).text() == "X\nA" and "2 tracks" in model.item(0).toolTip()


def test_the_stats_page_draws_its_first_chart_before_the_rest_is_queried_or_built(
    make_window, qtbot, data_dir, sync_tasks, monkeypatch
):
    from recommender.history import stats_cache
    from tests.desktop_app.synthetic import build_catalog, build_history

    build_catalog(data_dir, 50)
    build_history(data_dir, 2000, years=1.0)
    window = make_window()
    window.show()
    page = window.stats
    seen: dict[str, object] = {}
    real = stats_cache.rollup_stats

    def rollup_stats(*args, **kwargs):
        seen["weeks drawn"] = bool(page.charts["weeks"].xs)
        seen["charts"] = sorted(page.charts)
        return real(*args, **kwargs)

    monkeypatch.setattr(stats_cache, "rollup_stats", rollup_stats)
    with qtbot.waitSignal(page.ready, timeout=20000):
        window.set_nav("stats")
    assert seen == {"weeks drawn": True, "charts": ["weeks"]}
    assert sorted(page.charts) == ["clock", "discoveries", "skips", "weeks"]
    assert page.top_lists["artist"].count() > 0


def test_library_play_counts_come_from_sqlite_and_match_the_plays(data_dir):
    from analysis.catalog import Catalog
    from recommender.history import HistoryStore
    from tests.desktop_app.synthetic import build_catalog

    build_catalog(data_dir, 20)
    with Catalog(data_dir) as catalog:
        identities = [r[0] for r in catalog.conn.execute("SELECT identity FROM tracks")]
    HistoryStore(data_dir).close()
    rows = []
    for i in range(300):
        identity = identities[i % 7] if i % 5 else "no-such-track"
        rows.append((1_700_000_000 + i * 60.0, "a", f"t{i}", identity, int(i % 11 == 0), f"k{i}"))
    conn = sqlite3.connect(data_dir / "history.db")
    with conn:
        conn.executemany(
            "INSERT INTO plays (played_at, artist, title, identity, excluded, source, match_key) "
            "VALUES (?, ?, ?, ?, ?, 'test', ?)",
            rows,
        )
    conn.close()
    store = HistoryStore(data_dir)
    try:
        with Catalog(data_dir) as catalog:
            expected: dict[int, tuple[int, float]] = {}
            for play in store.plays(catalog, include_excluded=True, rematch=False):
                if play.track_id is not None:
                    count, last = expected.get(play.track_id, (0, 0.0))
                    expected[play.track_id] = (count + 1, max(last, play.played_at))
            assert store.play_counts(catalog, rematch=False) == expected
    finally:
        store.close()
    assert len(expected) == 7 and sum(c for c, _ in expected.values()) == 240


def test_the_window_turns_off_automatic_full_collections(make_window):
    make_window()
    assert gc.get_threshold()[2] == tasks.FULL_GC_THRESHOLD


def test_the_window_hands_the_gil_over_quickly(make_window):
    import sys

    sys.setswitchinterval(0.005)  # Python's default
    make_window()
    assert sys.getswitchinterval() <= tasks.SWITCH_INTERVAL


def test_column_orders_match_a_stable_sort_in_both_directions():
    """The library's column orders (numpy argsort, which frees the GIL) equal Python's stable
    ``sorted``: ties keep row order ascending and descending, unknown values last in both."""
    import random

    from desktop_app.gui.library_model import column_order, quick_fold

    rng = random.Random(3)
    words = ["abba", "ab", "abc", "B", "zz", "", None, "Ça", "Émile", "a b", "a-b", "ab "]
    for _ in range(200):
        n = rng.randint(0, 40)
        texts = [rng.choice(words) for _ in range(n)]
        folded = [quick_fold(v) if v else "" for v in texts]
        known = [i for i in range(n) if folded[i]]
        unknown = [i for i in range(n) if not folded[i]]
        up, down = column_order("artist", texts)
        assert list(up) == sorted(known, key=folded.__getitem__) + unknown
        assert list(down) == sorted(known, key=folded.__getitem__, reverse=True) + unknown
        numbers = [rng.choice([None, 1, 2, 2.5, 3, 1_700_000_000]) for _ in range(n)]
        known = [i for i in range(n) if numbers[i] is not None]
        unknown = [i for i in range(n) if numbers[i] is None]
        up, down = column_order("year", numbers)
        assert list(up) == sorted(known, key=numbers.__getitem__) + unknown
        assert list(down) == sorted(known, key=numbers.__getitem__, reverse=True) + unknown
