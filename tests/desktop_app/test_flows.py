"""Whole flows through the real window (qtbot, offscreen): first run, play, skip, discover,
export, history import. Background tasks run synchronously (``sync_tasks``) except where the
flow needs the real media player's event loop."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.desktop_app.conftest import LIBRARY


def _first_run(window, qtbot, music_dir: Path) -> None:
    assert window.current_page() == "welcome"
    assert window.side.isHidden()
    window.welcome.folders.clear()
    window.welcome.add_folder(str(music_dir))
    qtbot.mouseClick(window.welcome.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.library.model.total == len(LIBRARY), timeout=20000)


def test_first_run_scans_the_chosen_folder_and_shows_the_tracks(
    make_window, qtbot, music_dir, sync_tasks
):
    window = make_window()
    window.show()
    _first_run(window, qtbot, music_dir)
    assert not window.side.isHidden()
    assert window.current_page() == "library"
    assert window.last_scan_result.added == len(LIBRARY)
    model = window.library.model
    titles = {model.value(r, "title") for r in range(model.rowCount())}
    assert titles == {title for _a, _al, title, _s, _f in LIBRARY}
    # the folder is now a library root, listed in Settings
    roots = [
        window.settings_page.folders.item(i).text()
        for i in range(window.settings_page.folders.count())
    ]
    assert roots == [str(music_dir)]
    # search folds accents and case
    window.library.search.setText("naive")
    window.library.apply_filter()
    assert window.library.proxy.rowCount() == 1
    assert window.library.model.value(0, "title") == "Naïve Morning"


def _history_plays(data_dir: Path):
    from analysis.catalog import Catalog
    from recommender.history import HistoryStore

    with Catalog(data_dir, readonly=True) as catalog, HistoryStore(data_dir) as store:
        return store.plays(catalog, include_excluded=True)


@pytest.fixture
def scanned_window(make_window, qtbot, music_dir, data_dir):
    from desktop_app.gui import tasks

    previous = tasks.set_pool(tasks.SynchronousPool())
    try:
        window = make_window()
        window.show()
        _first_run(window, qtbot, music_dir)
    finally:
        tasks.set_pool(previous)
    return window


def test_a_track_played_to_its_end_is_a_complete_play_in_history(scanned_window, qtbot, data_dir):
    window = scanned_window
    player = window.player
    player.set_rate(4.0)
    ids = window.library.model.track_ids()
    with qtbot.waitSignal(player.play_recorded, timeout=15000) as blocker:
        window.play_tracks(ids[:1], context="test")
    record = blocker.args[0]
    assert record.completed and not record.skipped
    assert record.ms_played >= 1900
    qtbot.waitUntil(lambda: len(_history_plays(data_dir)) == 1, timeout=10000)
    play = _history_plays(data_dir)[0]
    assert play.track_id == ids[0]
    assert play.completed and not play.skipped
    assert play.ms_played >= 1900
    assert play.source == "deepcuts" and play.context == "test"
    # the Library's play count follows at once, and after a reload from the stores
    qtbot.waitUntil(lambda: window.library.model.rows.columns["plays"][0] == 1, timeout=10000)
    window.reload_library()
    qtbot.waitUntil(
        lambda: window.library.model.rows.columns["last_played"][0] is not None, timeout=10000
    )
    assert window.library.model.rows.columns["plays"][0] == 1


def test_moving_on_early_is_a_skip_in_history(scanned_window, qtbot, data_dir):
    window = scanned_window
    player = window.player
    ids = window.library.model.track_ids()
    window.play_tracks(ids[:3], context="test")
    qtbot.waitUntil(lambda: player.is_playing() and player.media.position() > 100, timeout=10000)
    with qtbot.waitSignal(player.play_recorded, timeout=10000) as blocker:
        qtbot.mouseClick(window.player_bar.next_button, Qt.MouseButton.LeftButton)
    record = blocker.args[0]
    assert record.skipped and not record.completed
    assert 0 < record.ms_played < 1000
    assert player.current == ids[1]
    player.stop()
    qtbot.waitUntil(lambda: len(_history_plays(data_dir)) == 2, timeout=10000)
    plays = _history_plays(data_dir)
    first = next(p for p in plays if p.track_id == ids[0])
    assert first.skipped and not first.completed
    # the History page lists it
    window.set_nav("history")
    qtbot.waitUntil(lambda: window.history.plays_model.rowCount() == 2, timeout=10000)
    outcomes = {window.history.plays_model.item(r)["outcome"] for r in range(2)}
    assert "skipped" in outcomes


def test_open_a_discover_list_and_export_it(scanned_window, qtbot, tmp_path, sync_tasks):
    window = scanned_window
    window.set_nav("discover")
    window.discover.refresh()
    page = window.discover
    assert page.mixes, page.summary.text()
    assert not page.invite.isHidden()  # no history yet: an invitation to import one
    assert "No listening history yet" in page.summary.text()
    page.open_mix(page.mixes[0])
    assert page.stack.currentIndex() == 1
    n = page.model.rowCount()
    assert n > 0
    reasons = [page.model.item(r)["reason"] for r in range(n)]
    assert all(reasons)
    dest = tmp_path / "out" / "mix.m3u8"
    dest.parent.mkdir()
    page.export_to(str(dest))
    text = dest.read_text(encoding="utf-8")
    assert text.startswith("#EXTM3U")
    assert text.count("#EXTINF") == n
    for item in page.model.items:
        assert item["path"] in text
    # the same list as XSPF
    xspf = tmp_path / "out" / "mix.xspf"
    page.export_to(str(xspf))
    assert "<trackList>" in xspf.read_text(encoding="utf-8")
    # Regenerate and the familiar-adventurous slider rebuild the same kind of list
    for mix in page.mixes:
        page.open_mix(mix)
        key = mix.key
        page.regenerate()
        assert page.current.key == key and page.model.rowCount() > 0, key
    page.slider.setValue(90)
    page._slider_settled()
    assert window.settings.adventurous == 0.9
    assert page.current.key == key and page.model.rowCount() > 0
    # Save puts it in Playlists
    page.save_current()
    window.set_nav("playlists")
    assert page.current.title in window.playlists.names()


def test_import_a_history_file_with_a_preview(
    scanned_window, qtbot, tmp_path, data_dir, sync_tasks
):
    window = scanned_window
    export = tmp_path / "StreamingHistory0.json"
    entries = []
    for i, (artist, _album, title, _s, _f) in enumerate(LIBRARY[:4]):
        entries.append(
            {
                "endTime": f"2024-03-0{i + 1} 20:00",
                "artistName": artist,
                "trackName": title,
                "msPlayed": 150000,
            }
        )
    for i in range(3):
        entries.append(
            {
                "endTime": f"2024-03-1{i} 21:00",
                "artistName": "Nobody Here",
                "trackName": f"Missing Song {i}",
                "msPlayed": 200000,
            }
        )
    export.write_text(json.dumps(entries), encoding="utf-8")
    page = window.history
    window.set_nav("history")
    page.auto_confirm = False
    page.preview_import(str(export))
    preview = page.last_preview
    assert preview is not None
    assert (preview.format, preview.events, preview.matched, preview.unmatched) == (
        "spotify",
        7,
        4,
        3,
    )
    assert preview.top_unmatched_artists[0] == ("Nobody Here", 3)
    assert _history_plays(data_dir) == []  # nothing written before the person confirms
    from desktop_app.gui.pages.history import ImportPreviewDialog

    dialogs = page.findChildren(ImportPreviewDialog)
    assert dialogs and "Nobody Here" in dialogs[-1].artists.item(0).text()
    dialogs[-1].accept()
    assert page.last_import["events"] == 7
    assert page.last_import["matched"] == 4
    assert len(_history_plays(data_dir)) == 7
    assert page.plays_model.rowCount() == 7
    # exclude one play from taste
    item = next(
        page.plays_model.item(r) for r in range(7) if page.plays_model.item(r)["id"] is not None
    )
    page.set_excluded(item, session=False, excluded=True)
    excluded = [p for p in _history_plays(data_dir) if p.excluded]
    assert len(excluded) == 1 and excluded[0].id == item["play_id"]


def test_map_hover_click_and_lasso_make_a_playlist(scanned_window, qtbot, sync_tasks):
    import numpy as np

    window = scanned_window
    window.set_nav("map")
    page = window.map
    assert page.data is not None, page.info.text()
    assert len(page.data.ids) == len(LIBRARY)
    assert page.data.xy.shape == (len(LIBRARY), 2)
    # the line under the header spans the page (beside the buttons it wrapped into a column)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    assert page.info.width() >= page.width() // 2, (page.info.width(), page.width())
    lines = page.info.heightForWidth(page.info.width()) / page.info.fontMetrics().lineSpacing()
    assert lines <= 2, page.info.text()
    # hovering a point names its track
    x, y = page.data.xy[0]
    assert page.nearest(float(x), float(y)) == 0
    assert page.data.labels[0].endswith(page.data.labels[0].split(" — ")[-1])
    # a lasso around every point selects them all and saves them as a playlist
    lo, hi = page.data.xy.min(axis=0) - 1, page.data.xy.max(axis=0) + 1
    square = np.array([[lo[0], lo[1]], [hi[0], lo[1]], [hi[0], hi[1]], [lo[0], hi[1]]])
    assert page.select_polygon(square) == len(LIBRARY)
    assert page.save_selection.isEnabled()
    page.save_selected()
    assert any(name.startswith("From the map") for name in window.playlists.names())
    # clicking a point plays it
    page.play_point(2)
    assert window.player.current == int(page.data.ids[2])
    window.player.stop()


def test_context_menu_actions_radio_similar_feedback(scanned_window, qtbot, data_dir, sync_tasks):
    from analysis.catalog import Catalog
    from recommender.history import HistoryStore

    window = scanned_window
    ids = window.library.model.track_ids()
    window.library.view.selectRow(0)
    from desktop_app.gui.pages.library import build_track_menu

    menu = build_track_menu(window, [ids[0]], window.library)
    labels = [a.text() for a in menu.actions() if a.text()]
    for expected in (
        "Play",
        "Play next",
        "Start radio",
        "Show similar",
        "Like",
        "Dislike",
        "Ban",
        "Add to playlist",
        "Show in file manager",
    ):
        assert expected in labels
    window.start_radio([ids[0]])
    assert window.current_page() == "discover"
    assert window.discover.current.kind == "radio"
    radio = window.discover.model.track_ids()
    assert radio and ids[0] not in radio
    window.show_similar(ids[1])
    assert window.discover.current.key == "similar"
    assert ids[1] not in window.discover.model.track_ids()
    window.feedback([ids[2]], "like")
    window.feedback([ids[3]], "ban")
    with Catalog(data_dir, readonly=True) as catalog, HistoryStore(data_dir) as store:
        fb = store.feedback(catalog)
    assert ids[2] in fb.liked and ids[3] in fb.banned
    window.add_to_playlist(ids[:2], "Mine")
    window.add_to_playlist(ids[1:3], "Mine")
    window.set_nav("playlists")
    assert window.playlists.names() == ["Mine"]
    assert window.playlists.model.track_ids() == ids[:3]


def test_playlist_file_import_and_export(scanned_window, qtbot, tmp_path, music_dir, sync_tasks):
    window = scanned_window
    files = sorted(str(p) for p in music_dir.rglob("*.flac"))[:3]
    m3u = tmp_path / "road trip.m3u8"
    m3u.write_text(
        "#EXTM3U\n" + "\n".join([*files, str(tmp_path / "gone.flac")]) + "\n", encoding="utf-8"
    )
    window.playlists.import_file(str(m3u))
    assert "road trip" in window.playlists.names()
    assert "1 entry not in your library" in window.status_label.text()
    window.set_nav("playlists")
    page = window.playlists
    assert [i["path"] for i in page.model.items] == files
    out = tmp_path / "again.pls"
    window.export_tracks(page.model.track_ids(), str(out), name="road trip")
    text = out.read_text(encoding="utf-8")
    assert text.startswith("[playlist]") and "NumberOfEntries=3" in text


def test_training_in_the_background_feeds_discover_and_the_map(
    scanned_window, qtbot, sync_tasks, data_dir
):
    import time

    from analysis.catalog import Catalog
    from recommender.history import HistoryStore

    window = scanned_window
    ids = window.library.model.track_ids()
    now = time.time()
    with Catalog(data_dir, readonly=True) as catalog, HistoryStore(data_dir) as store:
        for n, track_id in enumerate(ids[:4]):
            store.add_play(
                track=catalog.track(track_id),
                played_at=now - 3600 + n * 200,
                ms_played=2000,
                skipped=False,
            )
    window.feedback(ids[:2], "like")
    window.start_training(force=True)
    assert "training" not in window.running
    assert window.status_label.text() == "Your taste model is up to date."
    assert (data_dir / "models").is_dir()
    from desktop_app.gui import backend

    ctx = backend.context.playlist_context(data_dir)
    assert ctx.model is not None  # the saved model is valid and used by the lists
    window.set_nav("map")
    assert window.map.data is not None and window.map.data.source == "taste model"
    window.set_nav("discover")
    assert window.discover.mixes


def test_first_run_on_a_folder_without_music_stays_on_the_welcome_page(
    make_window, qtbot, tmp_path, sync_tasks
):
    empty = tmp_path / "Nothing"
    empty.mkdir()
    (empty / "notes.txt").write_text("not music")
    window = make_window()
    window.show()
    window.welcome.folders.clear()
    window.welcome.add_folder(str(empty))
    qtbot.mouseClick(window.welcome.start_button, Qt.MouseButton.LeftButton)
    assert window.current_page() == "welcome" and window.side.isHidden()
    assert "No music found" in window.welcome.status.text()
    assert window.welcome.start_button.isEnabled()


def test_status_bar_progress_and_cancel(make_window, qtbot):
    import threading

    from desktop_app.gui.progress import TaskProgressWidget

    window = make_window()
    window.show()
    started = threading.Event()
    results = []

    def work(ctx):
        started.set()
        n = 0
        while not ctx.cancel.wait(0.01):
            n += 1
            ctx.report({"done": n, "total": 1000})
        return "cancelled after some work"

    task = window.run_long("scan", "Scanning", work, results.append)
    assert started.wait(5)
    widget = window.statusBar().findChild(TaskProgressWidget, "task-scan")
    qtbot.waitUntil(lambda: "/ 1,000 files" in widget.label.text(), timeout=5000)
    assert "ETA" in widget.label.text() and "/s" in widget.label.text()
    qtbot.mouseClick(widget.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: task.done, timeout=5000)
    assert results == ["cancelled after some work"]
    assert "scan" not in window.running
    qtbot.waitUntil(
        lambda: window.statusBar().findChild(TaskProgressWidget, "task-scan") is None, timeout=5000
    )


def test_expected_error_is_one_line_and_unexpected_one_is_logged(
    make_window, qtbot, data_dir, sync_tasks
):
    from PySide6.QtWidgets import QMessageBox

    from analysis.errors import DeepCutsError
    from desktop_app.gui import tasks

    window = make_window()
    window.show()

    def expected(ctx):
        raise DeepCutsError("export.json: entry 3: ms_played is 'x', expected a number")

    tasks.run_task(expected)
    assert window.status_label.text() == (
        "export.json: entry 3: ms_played is 'x', expected a number"
    )
    assert window.reporter.unexpected_count == 0

    def bug(ctx):
        raise RuntimeError("a bug")

    tasks.run_task(bug)
    boxes = [b for b in window.findChildren(QMessageBox) if b.objectName() == "errorDialog"]
    assert boxes and "deepcuts-gui.log" in boxes[-1].text()
    log = data_dir / "logs" / "deepcuts-gui.log"
    assert "RuntimeError: a bug" in log.read_text(encoding="utf-8")
    window.reporter.unexpected_count = 0  # seen and checked here


def test_import_preview_shows_skipped_rows_and_lets_the_columns_change(
    make_window, tmp_path, data_dir, sync_tasks
):
    """A CSV with bad rows and columns no exporter standardised: the preview lists the rows it
    will skip and the columns it chose; choosing other columns reads the file again; nothing is
    written before Import."""
    from desktop_app.gui.pages.history import ImportPreviewDialog

    window = make_window()
    export = tmp_path / "mine.csv"
    rows = ["played_at,title,artist,album"]
    rows += [f"2024-03-0{i + 1} 20:00:00+01:00,Song {i},Band {i},Record" for i in range(6)]
    rows += ["2024-03-09 20:00:00,Song,   ,Record", ",Song,Band,Record"]
    export.write_text("\n".join(rows) + "\n", encoding="utf-8")
    page = window.history
    window.set_nav("history")
    page.preview_import(str(export))
    preview = page.last_preview
    assert preview.events == 6
    assert {s["reason"]: s["lines"] for s in preview.skipped} == {
        "empty artist or title": [8],
        "now playing row without a date": [9],
    }
    dialog = page.findChildren(ImportPreviewDialog)[-1]
    assert dialog.skipped.count() == 2 and "empty artist or title" in dialog.skipped.item(0).text()
    combos = dialog.mapping
    assert [combos[r].currentText() for r in ("time", "artist", "track", "album")] == [
        "played_at",
        "artist",
        "title",
        "album",
    ]
    assert _history_plays(data_dir) == []
    # the person says the artist is in the "title" column and the title in "artist"
    combos["artist"].setCurrentIndex(combos["artist"].findText("title"))
    combos["track"].setCurrentIndex(combos["track"].findText("artist"))
    combos["album"].setCurrentIndex(combos["album"].findText("(none)"))
    dialog.remap()
    again = page.last_preview
    assert again is not preview and again.columns == {
        "time": "1",
        "artist": "2",
        "track": "3",
        "album": "none",
    }
    assert again.parsed.events[0].artist == "Song 0" and again.parsed.events[0].album is None
    assert _history_plays(data_dir) == []
    page.findChildren(ImportPreviewDialog)[-1].accept()
    plays = _history_plays(data_dir)
    assert len(plays) == 6 and {p.artist for p in plays} == {f"Song {i}" for i in range(6)}
    assert page.last_import["skipped"] == again.skipped
