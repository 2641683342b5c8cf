"""The Stats page and its SQL: exact figures on a small hand-made history, hover, PNG export."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from recommender.history import HistoryStore
from recommender.history import stats_cache as sq


def _utc(*args: int) -> float:
    return dt.datetime(*args, tzinfo=dt.UTC).timestamp()


# (UTC time, artist, title, album, ms_played, duration_ms, skipped)
PLAYS = [
    (_utc(2024, 1, 1, 9), "Alpha", "One", "A1", 200000, 200000, None),  # Monday 09:00
    (_utc(2024, 1, 1, 21), "Alpha", "One", "A1", 5000, 200000, None),  # rule: a skip
    (_utc(2024, 1, 3, 21), "Beta", "Two", "B1", 180000, 180000, 0),  # Wednesday
    (_utc(2024, 1, 9, 21), "Alpha", "Three", "A1", 1000, 200000, 1),  # next week, flagged skip
    (_utc(2024, 2, 10, 12), "Gamma", "Four", None, None, None, None),  # a scrobble: tells nothing
    (_utc(2024, 2, 11, 12), "Beta", "Two", "B1", 90000, 180000, 0),
]


@pytest.fixture
def history(data_dir):
    HistoryStore(data_dir).close()
    conn = sqlite3.connect(data_dir / "history.db")
    with conn:
        conn.executemany(
            "INSERT INTO plays (played_at, artist, title, album, ms_played, duration_ms, "
            "skipped, source, match_key) VALUES (?, ?, ?, ?, ?, ?, ?, 'test', 'k')",
            PLAYS,
        )
    conn.close()
    return data_dir


def test_the_queries_count_exactly(history):
    with sq.open_history(history) as conn:
        everything = sq.Period()
        o = sq.overview(conn, everything)
        assert (o.plays, o.artists) == (6, 3)
        assert o.hours == pytest.approx((200000 + 5000 + 180000 + 1000 + 90000) / 3.6e6)
        weeks = sq.plays_per_week(conn, everything, offset=0)
        assert weeks[0] == (_utc(2024, 1, 1), 3)  # weeks start on Monday 00:00
        assert weeks[1] == (_utc(2024, 1, 8), 1)
        assert sum(n for _w, n in weeks) == 6
        top = sq.top(conn, "artist", everything, limit=2)
        assert [(r.label, r.plays) for r in top] == [("Alpha", 3), ("Beta", 2)]
        tracks = sq.top(conn, "track", everything)
        assert (tracks[0].label, tracks[0].artist, tracks[0].plays) == ("One", "Alpha", 2)
        albums = sq.top(conn, "album", everything)
        assert [r.label for r in albums] == ["A1", "B1"]  # no album: not counted
        clock = sq.listening_clock(conn, everything, offset=0)
        assert clock[0][9] == 1 and clock[0][21] == 1  # Monday
        assert clock[1][21] == 1 and clock[2][21] == 1  # Tuesday 9th, Wednesday 3rd
        assert clock[5][12] == 1 and clock[6][12] == 1  # Saturday, Sunday
        assert sum(map(sum, clock)) == 6
        # an hour east of UTC: Monday 09:00 UTC is 10:00 local
        assert sq.listening_clock(conn, everything, offset=3600)[0][10] == 1
        assert sq.discoveries_per_month(conn, everything, offset=0) == [
            ("2024-01", 2),
            ("2024-02", 1),
        ]
        # a period after Alpha and Beta were first heard: only Gamma is new
        feb = sq.Period(_utc(2024, 2, 1), None)
        assert sq.discoveries_per_month(conn, feb, offset=0) == [("2024-02", 1)]
        rates = sq.skip_rate_per_month(conn, everything, offset=0)
        assert rates[0] == ("2024-01", pytest.approx(2 / 4), 4)
        assert rates[1] == ("2024-02", 0.0, 1)  # the scrobble is left out
        january = sq.Period(_utc(2024, 1, 1), _utc(2024, 2, 1))
        assert sq.overview(conn, january).plays == 4


def test_the_heavy_queries_use_an_index_or_one_scan(history):
    """Every query is one pass in SQLite: no correlated subquery per play."""
    with sq.open_history(history) as conn:
        plan = conn.execute(
            "EXPLAIN QUERY PLAN SELECT COUNT(*) FROM plays WHERE played_at >= ?", [0]
        ).fetchall()
        assert any("plays_time" in str(row) or "INDEX" in str(row) for row in plan)


def test_no_history_gives_empty_stats(data_dir):
    stats = sq.load_stats(data_dir, sq.Period())
    assert stats.overview.plays == 0 and stats.weeks == []


def test_stats_page_draws_hovers_and_exports(make_window, qtbot, history, sync_tasks, tmp_path):
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QImage

    window = make_window()
    window.resize(1366, 768)
    window.show()
    page = window.stats
    with qtbot.waitSignal(page.ready, timeout=20000):
        window.set_nav("stats")
    assert page.tiles["plays"].text() == "6"
    assert page.tiles["artists"].text() == "3"
    assert page.tiles["discoveries"].text() == "3"
    assert "6 plays" in page.header.subtitle.text()
    assert page.top_lists["artist"].item(0).text().startswith("1. Alpha")
    # hover: the bar of the first week names its exact count
    weeks = page.charts["weeks"]
    first_bar_x = weeks.xs[0]
    assert weeks.label_at(first_bar_x).endswith("3 plays")
    view = weeks.plot.getPlotItem().vb
    qtbot.waitUntil(lambda: view.width() > 0)
    scene_pos = view.mapViewToScene(QPointF(first_bar_x, 1))
    weeks.plot.scene().sigMouseMoved.emit(scene_pos)
    assert weeks.hover.text().endswith("3 plays")
    clock = page.charts["clock"]
    clock.plot.scene().sigMouseMoved.emit(
        clock.plot.getPlotItem().vb.mapViewToScene(QPointF(9.5, 0.5))
    )
    assert clock.hover.text().startswith("Mon 09:00") and "1 plays" in clock.hover.text()
    # export: a real PNG of the page
    written = page.export_png(str(tmp_path / "stats"))
    image = QImage(written)
    assert written.endswith(".png") and image.width() > 600 and image.height() > 400
    # another period: the last 4 weeks hold none of these 2024 plays
    with qtbot.waitSignal(page.ready, timeout=20000):
        page.period.setCurrentIndex(page.period.findData("4w"))
    assert page.tiles["plays"].text() == "0"


def test_stats_follow_new_plays(make_window, qtbot, history, sync_tasks):
    window = make_window()
    window.show()
    window.set_nav("stats")
    qtbot.waitUntil(lambda: window.stats.tiles["plays"].text() == "6", timeout=20000)
    window.set_nav("library")
    conn = sqlite3.connect(history / "history.db")
    with conn:
        conn.execute(
            "INSERT INTO plays (played_at, artist, title, source, match_key) "
            "VALUES (?, 'Delta', 'Five', 'test', 'k')",
            [_utc(2024, 3, 1)],
        )
    conn.close()
    window.set_nav("stats")
    qtbot.waitUntil(lambda: window.stats.tiles["plays"].text() == "7", timeout=20000)


def test_the_rollups_agree_with_the_plays_and_follow_changes(history):
    everything = sq.Period()
    with sq.open_history(history) as conn:
        direct = (
            sq.overview(conn, everything),
            sq.plays_per_week(conn, everything, offset=0),
            sq.listening_clock(conn, everything, offset=0),
            sq.skip_rate_per_month(conn, everything, offset=0),
            sq.discoveries_per_month(conn, everything, offset=0),
            sq.top(conn, "artist", everything),
        )
    with sq.open_rollups(history) as cache:
        assert sq.rollup_overview(cache, everything).plays == direct[0].plays
        assert sq.rollup_overview(cache, everything).artists == direct[0].artists
        assert sq.rollup_overview(cache, everything).hours == pytest.approx(direct[0].hours)
        assert sq.rollup_weeks(cache, everything, offset=0) == direct[1]
        assert sq.rollup_clock(cache, everything, offset=0) == direct[2]
        assert sq.rollup_skip_rate(cache, everything, offset=0) == direct[3]
        assert sq.rollup_discoveries(cache, everything, offset=0) == direct[4]
        assert sq.rollup_top_artists(cache, everything) == direct[5]
        with sq.open_history(history) as conn:
            for kind in ("album", "track"):
                assert sq.rollup_top(cache, kind, everything) == sq.top(conn, kind, everything)
        feb = sq.Period(_utc(2024, 2, 1), None)
        assert [(r.label, r.plays) for r in sq.rollup_top(cache, "track", feb)] == [
            ("Four", 1),
            ("Two", 1),
        ]
    # a new play is folded in; nothing else is recomputed
    conn = sqlite3.connect(history / "history.db")
    with conn:
        conn.execute(
            "INSERT INTO plays (played_at, artist, title, source, match_key) "
            "VALUES (?, 'Alpha', 'Six', 'test', 'k')",
            [_utc(2024, 1, 2, 10)],
        )
    with sq.open_history(history) as hconn:
        hconn.isolation_level = None
        assert sq.sync_cache(hconn, history / sq.CACHE_FILE) == "updated"
        assert sq.sync_cache(hconn, history / sq.CACHE_FILE) == "current"
    with sq.open_rollups(history) as cache:
        assert sq.rollup_overview(cache, everything).plays == 7
        assert sq.rollup_top_artists(cache, everything)[0] == sq.TopRow("Alpha", "", 4)
    # removed plays (an undone import) are noticed by the check and the rollups rebuilt
    with conn:
        conn.execute("DELETE FROM plays WHERE artist = 'Beta'")
    conn.close()
    with sq.open_history(history) as hconn:
        hconn.isolation_level = None
        assert sq.sync_cache(hconn, history / sq.CACHE_FILE) == "current"  # cheap path
        assert sq.sync_cache(hconn, history / sq.CACHE_FILE, check=True) == "rebuilt"
    with sq.open_rollups(history) as cache:
        assert sq.rollup_overview(cache, everything).plays == 5
    # a damaged cache file is derived data: it is started again
    (history / sq.CACHE_FILE).write_bytes(b"not a database" * 100)
    assert sq.first_stats(history, everything, offset=0).overview.plays == 5
