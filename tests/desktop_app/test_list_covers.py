"""Album covers in list rows (Discover list, queue, Playlists, History): a row shows its cover
once loaded and repaints when it arrives; a long list asks only for the rows on screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QColor, QImage, QPixmap
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QTableView

from desktop_app.gui import list_covers
from desktop_app.gui.cover_cache import CoverCache, CoverLoader, album_key
from desktop_app.gui.track_list_model import TrackListTableModel
from tests.desktop_app.test_covers_now_playing import window  # noqa: F401 (a fixture)

COLUMNS = (("title", "Title"), ("artist", "Artist"))


def _album(folder: Path, color: str) -> str:
    """A folder with a ``cover.jpg`` of one colour and an (empty) track file; the track path."""
    folder.mkdir(parents=True)
    image = QImage(300, 300, QImage.Format.Format_RGB32)
    image.fill(QColor(color))
    image.save(str(folder / "cover.jpg"), "JPEG")
    track = folder / "01.flac"
    track.write_bytes(b"")
    return str(track)


class PaintCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.paints = 0

    def eventFilter(self, _obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.paints += 1
        return False


def _cover_center(view, rect) -> QColor:
    """The colour at the middle of the cover drawn at the left of cell ``rect``."""
    image = view.viewport().grab().toImage()
    dpr = image.devicePixelRatio()
    x = rect.left() + 3 + list_covers.LIST_COVER // 2
    y = rect.center().y()
    return image.pixelColor(int(x * dpr), int(y * dpr))


def _reddish(color: QColor) -> bool:
    return color.red() > 170 and color.green() < 90 and color.blue() < 90


@pytest.mark.parametrize("kind", ["table", "list"])
def test_a_row_shows_its_cover_once_loaded_and_repaints_when_it_arrives(tmp_path, qtbot, kind):
    red = _album(tmp_path / "Red", "#d02020")
    blue = _album(tmp_path / "Blue", "#2030d0")
    loader = CoverLoader(CoverCache(tmp_path / "covers"))
    rows = [
        {"id": 1, "path": red, "album": "Red", "title": "One", "artist": "A"},
        {"id": 2, "path": blue, "album": "Blue", "title": "Two", "artist": "B"},
    ]
    if kind == "table":
        model = TrackListTableModel(COLUMNS)
        model.set_items(rows)
        view = QTableView()
        view.setModel(model)
        delegate = list_covers.install(view, loader, 0)
        index = model.index(0, 0)
    else:
        view = QListWidget()
        for row in rows:
            item = QListWidgetItem(row["title"])
            item.setData(list_covers.PathRole, row["path"])
            item.setData(list_covers.AlbumRole, row["album"])
            view.addItem(item)
        delegate = list_covers.install(view, loader, None)
        index = view.model().index(0, 0)
    qtbot.addWidget(view)
    view.resize(500, 200)
    # before it is loaded: the placeholder tile, and the cover is on its way
    placeholder = delegate.cover(index)
    assert isinstance(placeholder, QPixmap)
    assert not _reddish(placeholder.toImage().pixelColor(5, 5))
    key = album_key(red, "Red")
    assert key in delegate.waiting
    counter = PaintCounter()
    view.show()
    qtbot.waitExposed(view)
    view.viewport().installEventFilter(counter)
    paints_at_load: list[int] = []
    loader.loaded.connect(lambda k: paints_at_load.append(counter.paints) if k == key else None)
    qtbot.waitUntil(lambda: isinstance(loader.pixmap(key), QPixmap), timeout=10000)
    # the view repaints by itself once the cover arrives (no scroll, no hover)
    qtbot.waitUntil(lambda: counter.paints > paints_at_load[0], timeout=5000)
    assert key not in delegate.waiting
    assert _reddish(_cover_center(view, view.visualRect(index)))
    second = view.visualRect(view.model().index(1, 0))
    qtbot.waitUntil(lambda: _cover_center(view, second).blue() > 170, timeout=10000)


def test_a_long_list_asks_only_for_the_covers_of_rows_on_screen(tmp_path, qtbot):
    loader = CoverLoader(CoverCache(tmp_path / "covers"))
    requested: list[str] = []
    original = loader.request

    def spy(path, album=None, callback=None):
        requested.append(album_key(path, album))
        return original(path, album, callback)

    loader.request = spy  # type: ignore[method-assign]
    folder = tmp_path / "Music"
    folder.mkdir()
    n = 5000
    rows = [
        {"id": i, "path": str(folder / f"{i}.flac"), "album": f"Album {i}", "title": f"T{i}"}
        for i in range(n)
    ]
    model = TrackListTableModel(COLUMNS)
    model.set_items(rows)
    view = QTableView()
    view.setModel(model)
    list_covers.install(view, loader, 0)
    qtbot.addWidget(view)
    view.resize(500, 300)
    view.show()
    qtbot.waitExposed(view)
    qtbot.wait(100)
    keys = [album_key(r["path"], r["album"]) for r in rows]
    first_screen = set(requested)
    assert keys[0] in first_screen
    assert 0 < len(first_screen) <= 15  # about eight rows fit in 300 px
    assert first_screen <= set(keys[:15])
    view.scrollToBottom()
    qtbot.wait(100)
    assert keys[-1] in requested
    assert len(set(requested)) <= 30  # the rows in between were never asked for
    assert not set(requested) & set(keys[20 : n - 20])


def test_the_pages_show_covers_in_their_lists(window, qtbot):  # noqa: F811 (the fixture)
    """The queue, a saved playlist and a recent play of a Night Drive track show its red cover
    (the embedded art of the test library)."""
    ids = [t.id for t in window.catalog.tracks() if t.album == "Night Drive"]
    window.play_tracks(ids, context="library")
    window.set_nav("now")
    queue = window.now_playing.queue
    qtbot.waitUntil(lambda: queue.count() == len(ids), timeout=10000)
    delegate = window.now_playing.queue_covers
    index = queue.model().index(0, 0)
    delegate.cover(index)
    qtbot.waitUntil(lambda: _reddish(_center(delegate.cover(index))), timeout=10000)
    window.player.next()  # the first play goes to history
    window.player.stop()
    window.history.refresh()
    plays = window.history.plays_model
    qtbot.waitUntil(lambda: plays.rowCount() > 0, timeout=10000)
    play_index = plays.index(0, 1)
    assert plays.data(play_index, list_covers.PathRole) in {
        t.path for t in window.catalog.tracks(ids=ids)
    }
    qtbot.waitUntil(
        lambda: _reddish(_center(window.history.plays_covers.cover(play_index))), timeout=10000
    )
    window.playlists.save_new("Night", ids)
    window.set_nav("playlists")
    model = window.playlists.model
    qtbot.waitUntil(lambda: model.rowCount() == len(ids), timeout=10000)
    row = model.index(0, 0)
    qtbot.waitUntil(lambda: _reddish(_center(window.playlists.covers.cover(row))), timeout=10000)
    # the playlist itself shows a mosaic of its albums (one album here: its cover)
    item = window.playlists.list.currentItem()
    assert item is not None and item.text() == "Night"
    assert _reddish(_center(item.icon().pixmap(40, 40)))


def _center(pixmap: QPixmap | None) -> QColor:
    assert pixmap is not None
    image = pixmap.toImage()
    return image.pixelColor(image.width() // 2, image.height() // 2)
