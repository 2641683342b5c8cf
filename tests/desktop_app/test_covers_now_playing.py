"""Album art (cache bound, folder images, the grid, the player bar, mix mosaics), the Now
playing page (reason, reorderable queue, feedback) and drag and drop."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QMimeData, QModelIndex, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDropEvent, QEnterEvent, QImage

from desktop_app.gui.cover_cache import THUMB_SIZE, CoverCache, album_key, read_cover
from tests.desktop_app.conftest import LIBRARY, write_tagged_flac
from tests.desktop_app.test_flows import _first_run


def _noise_image(seed: int) -> QImage:
    """Coloured noise in 4-pixel blocks (a JPEG of it is ~20-40 kB: the cache fills fast).

    Built from bytes: millions of setPixelColor calls trip a reference-count bug of PySide6."""
    import numpy as np

    rng = np.random.default_rng(seed)
    blocks = rng.integers(0, 256, (THUMB_SIZE // 4, THUMB_SIZE // 4, 3), dtype=np.uint8)
    pixels = np.ascontiguousarray(blocks.repeat(4, axis=0).repeat(4, axis=1))
    image = QImage(
        pixels.tobytes(), THUMB_SIZE, THUMB_SIZE, THUMB_SIZE * 3, QImage.Format.Format_RGB888
    )
    return image.copy()


def _disk_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def test_the_cover_cache_stays_under_its_bound_and_keeps_what_is_used(tmp_path, qapp):
    bound = 400_000
    cache = CoverCache(tmp_path / "covers", max_bytes=bound)
    image_bytes = []
    for i in range(60):
        cache.store(f"{i:04d}aa", _noise_image(i))
        image_bytes.append(_disk_bytes(tmp_path / "covers"))
        if i >= 2:  # key 0000 is used all the time: it must survive
            assert isinstance(cache.lookup("0000aa"), QImage)
        assert _disk_bytes(tmp_path / "covers") <= bound, i
    assert max(image_bytes) > bound * 0.8  # the bound was really reached
    assert cache.total_bytes() == _disk_bytes(tmp_path / "covers")
    assert isinstance(cache.lookup("0000aa"), QImage)
    assert cache.lookup("0001aa") is None  # an old one, never used again, is gone


def test_folder_images_and_embedded_art_and_no_art(tmp_path, qapp):
    album = tmp_path / "Artist" / "Album"
    track = write_tagged_flac(
        album / "01 a.flac",
        artist="A",
        album="Album",
        title="a",
        seconds=0.5,
        freq=300,
        track_number=1,
    )
    cover = QImage(600, 400, QImage.Format.Format_RGB32)
    cover.fill(QColor("#20c040"))
    cover.save(str(album / "Folder.JPG"), "JPEG")
    image = read_cover(str(track))
    assert image is not None and image.width() == THUMB_SIZE == image.height()
    assert image.pixelColor(128, 128).green() > 150 and image.pixelColor(128, 128).red() < 80
    cache = CoverCache(tmp_path / "covers")
    assert cache.get(str(track), "Album") is not None
    assert cache.file_for(str(track), "Album").exists()
    # no art at all: remembered, not searched again
    bare = write_tagged_flac(
        tmp_path / "Other" / "b.flac",
        artist="B",
        album="Bare",
        title="b",
        seconds=0.5,
        freq=300,
        track_number=1,
    )
    assert cache.get(str(bare), "Bare") is None
    assert cache.lookup(album_key(str(bare), "Bare")) is False


@pytest.fixture
def window(make_window, qtbot, music_dir, sync_tasks):
    window = make_window()
    window.resize(1366, 768)
    window.show()
    _first_run(window, qtbot, music_dir)
    return window


def _center(pixmap) -> QColor:
    image = pixmap.toImage()
    return image.pixelColor(image.width() // 2, image.height() // 2)


def test_album_grid_shows_covers_and_drags_files(window, qtbot):
    page = window.library
    page.show_view("albums")
    assert page.views.currentWidget() is page.grid
    qtbot.waitUntil(lambda: page.albums.rowCount() == 4, timeout=10000)
    titles = [a.title for a in page.albums.albums]
    assert titles == ["Night Drive", "Café Sessions", "Fjord", "Signals"]
    index = page.albums.index(0)
    page.albums.data(index, Qt.ItemDataRole.DecorationRole)  # asks for the cover
    qtbot.waitUntil(
        lambda: _center(page.albums.data(index, Qt.ItemDataRole.DecorationRole)).red() > 180,
        timeout=10000,
    )
    mime = page.albums.mimeData([index])
    assert mime.hasUrls() and len(mime.urls()) == 3
    assert all(u.isLocalFile() and Path(u.toLocalFile()).exists() for u in mime.urls())
    # the table's rows drag out as files too
    table_mime = page.proxy.mimeData([page.proxy.index(0, 0), page.proxy.index(1, 0)])
    assert "text/uri-list" in table_mime.formats() and len(table_mime.urls()) == 2
    # activating an album plays its tracks
    page._album_activated(index)
    assert window.player.queue == page.albums.albums[0].track_ids
    window.player.stop()


def test_player_bar_and_now_playing_show_the_cover_reason_and_queue(window, qtbot, data_dir):
    ids = [t for t in window.library.model.track_ids()]
    night_drive = [i for i in ids if window.catalog.track(i).album == "Night Drive"]
    window.play_tracks(night_drive, context="library")
    bar = window.player_bar
    qtbot.waitUntil(lambda: _center(bar.cover.pixmap()).red() > 180, timeout=10000)
    window.set_nav("now")
    page = window.now_playing
    first = window.catalog.track(night_drive[0])
    assert page.track_title.text() == first.display_title
    assert page.artist.text() == "Aurora Lane"
    assert "Night Drive" in page.album.text()
    assert page.reason.text() == "You started this from your library."
    qtbot.waitUntil(lambda: _center(page.art.pixmap()).red() > 180, timeout=10000)
    # the large art is read at the size it is shown, not the 256 px thumbnail scaled up
    from desktop_app.gui.pages.now_playing import ART

    side = round(ART * page.devicePixelRatioF())
    qtbot.waitUntil(lambda: page.art.pixmap().width() == side, timeout=10000)
    assert _center(page.art.pixmap()).red() > 180
    assert page.queue.count() == 3
    assert page.queue.item(0).text().startswith("▶")
    # drag the last row to the top: the player's queue follows, the current track stays current
    page.queue.model().moveRow(QModelIndex(), 2, QModelIndex(), 0)
    assert window.player.queue == [night_drive[2], night_drive[0], night_drive[1]]
    assert window.player.current == night_drive[0]
    assert window.player.queue[window.player.index] == night_drive[0]
    # ban: recorded, and the player moves on
    qtbot.mouseClick(page.ban_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.player.current == night_drive[1], timeout=10000)
    import sqlite3

    def bans() -> list[tuple[str, str]]:
        conn = sqlite3.connect(data_dir / "history.db")
        try:
            return conn.execute("SELECT kind, title FROM feedback").fetchall()
        finally:
            conn.close()

    qtbot.waitUntil(lambda: ("ban", first.display_title) in bans(), timeout=10000)
    window.player.stop()
    assert page.track_title.text() == "Nothing playing"


def test_mix_cards_show_album_art_and_a_play_button(window, qtbot):
    from desktop_app.gui.covers import _placeholder, initials, mix_mosaic
    from desktop_app.gui.pages.discover import CARD_COVER, MixCard

    cache = window.covers.cache
    tracks = [
        {"id": i, "path": window.catalog.track(i).path, "album": window.catalog.track(i).album}
        for i in window.library.model.track_ids()
    ]
    image = mix_mosaic(tracks, 200, title="Mix", cache=cache)
    # the two albums with art (red, blue) sit diagonally; the others have none
    for x, y in ((50, 50), (150, 150)):
        assert image.pixelColor(x, y).red() > 180 and image.pixelColor(x, y).blue() < 90
    for x, y in ((150, 50), (50, 150)):
        assert image.pixelColor(x, y).blue() > 180 and image.pixelColor(x, y).red() < 90
    bare = [t for t in tracks if t["album"] in ("Signals", "Fjord")]
    assert mix_mosaic(bare, 200, title="Mix", cache=cache) == _placeholder(
        "Mix", 200, initials("Mix")
    )
    window.discover.refresh()
    qtbot.waitUntil(lambda: bool(window.discover.mixes), timeout=20000)
    mix = window.discover.mixes[0]
    card = MixCard(mix, mix_mosaic(mix.tracks, CARD_COVER, title=mix.title, cache=cache))
    qtbot.addWidget(card)
    card.show()
    assert not card.play_button.isVisible()
    card.enterEvent(QEnterEvent(QPointF(20, 20), QPointF(20, 20), QPointF(20, 20)))
    assert card.play_button.isVisible()
    card.play_clicked.connect(lambda: window.discover.play_mix(mix))
    qtbot.mouseClick(card.play_button, Qt.MouseButton.LeftButton)
    assert window.player.queue == [int(t["id"]) for t in mix.tracks]
    card.leaveEvent(QEvent(QEvent.Type.Leave))
    assert not card.play_button.isVisible()
    window.player.stop()


def test_dropping_a_folder_adds_it_to_the_library(window, qtbot, tmp_path):
    extra = tmp_path / "More music"
    write_tagged_flac(
        extra / "x.flac",
        artist="New",
        album="New",
        title="Dropped",
        seconds=0.5,
        freq=300,
        track_number=1,
    )
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(extra))])
    event = QDropEvent(
        QPointF(300, 300),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    assert event.isAccepted()
    qtbot.waitUntil(lambda: window.library.model.total == len(LIBRARY) + 1, timeout=20000)
    assert str(extra) in {r.path for r in window.catalog_roots()}
    # files (not folders) are refused
    file_mime = QMimeData()
    file_mime.setUrls([QUrl.fromLocalFile(str(extra / "x.flac"))])
    assert window._dropped_folders(file_mime) == []
    _ = QPoint
