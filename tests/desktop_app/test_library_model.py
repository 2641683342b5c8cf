"""The Library table model and proxy without any widget."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop_app.gui.library_model import (
    COLUMN_KEYS,
    LibraryRows,
    LibrarySortFilterProxyModel,
    LibraryTableModel,
    SortRole,
    TrackIdRole,
    format_duration,
    load_library,
    load_rows,
)


@pytest.fixture
def catalog_rows(data_dir: Path) -> LibraryRows:
    from analysis.catalog import Catalog

    with Catalog(data_dir) as catalog:
        catalog.insert_tracks(
            [
                {
                    "path": "/m/b.flac",
                    "title": "Zebra",
                    "artist": "Émile",
                    "album": "One",
                    "genre": "Jazz",
                    "year": 1999,
                    "duration": 200.4,
                },
                {
                    "path": "/m/a.flac",
                    "title": "apple",
                    "artist": "Björk",
                    "album": "Two",
                    "genre": "Pop",
                    "year": None,
                    "duration": 61.0,
                },
                {
                    "path": "/m/c.flac",
                    "title": None,
                    "artist": "Ça Va",
                    "album": None,
                    "genre": None,
                    "year": 1970,
                    "duration": None,
                },
                {"path": "/m/broken.flac", "title": "Broken", "error": "not audio"},
                {"path": "/m/gone.flac", "title": "Gone", "missing": 1},
            ]
        )
        plays = {1: (3, 1_700_000_000.0)}

        class D:
            bpm, key = 128.4, "A minor"

        return load_rows(catalog.conn, plays=plays, descriptors={2: D()})


def test_rows_hold_present_readable_tracks_with_plays_and_descriptors(catalog_rows):
    rows = catalog_rows
    assert rows.ids == [1, 2, 3]  # the unreadable and the missing file are not shown
    assert rows.columns["title"] == ["Zebra", "apple", "c"]  # file name stands in for a title
    assert rows.columns["plays"] == [3, 0, 0]
    assert rows.columns["last_played"][0] == 1_700_000_000.0
    assert rows.columns["bpm"] == [None, 128.4, None]
    assert rows.columns["key"] == ["", "A minor", ""]
    assert rows.haystack[0] == "zebra emile one jazz"


def test_model_display_and_raw_sort_role(catalog_rows, qapp):
    model = LibraryTableModel()
    model.set_rows(catalog_rows)
    assert model.rowCount() == 3 and model.columnCount() == len(COLUMN_KEYS)
    dur = COLUMN_KEYS.index("duration")
    assert model.data(model.index(0, dur)) == "3:20"
    assert model.data(model.index(0, dur), SortRole) == 200.4
    assert model.data(model.index(1, COLUMN_KEYS.index("year")), SortRole) is None
    assert model.data(model.index(1, 0), TrackIdRole) == 2
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Title"


@pytest.mark.parametrize(
    "column, ascending, expected",
    [
        ("title", True, [2, 3, 1]),  # apple, c, Zebra: case-blind
        ("title", False, [1, 3, 2]),
        ("artist", True, [2, 3, 1]),  # Björk, Ça Va, Émile: accent-blind
        ("year", True, [3, 1, 2]),  # unknown year last
        ("year", False, [1, 3, 2]),  # ... in both directions
        ("duration", True, [2, 1, 3]),
        ("plays", False, [1, 2, 3]),
        ("bpm", True, [2, 1, 3]),
    ],
)
def test_sort_by_every_kind_of_column(catalog_rows, qapp, column, ascending, expected):
    model = LibraryTableModel()
    proxy = LibrarySortFilterProxyModel()
    proxy.setSourceModel(model)
    model.set_rows(catalog_rows)
    order = Qt.SortOrder.AscendingOrder if ascending else Qt.SortOrder.DescendingOrder
    proxy.sort(COLUMN_KEYS.index(column), order)
    assert [proxy.track_id(r) for r in range(proxy.rowCount())] == expected


def test_search_folds_case_and_accents_and_needs_every_word(catalog_rows, qapp):
    model = LibraryTableModel()
    model.set_rows(catalog_rows)
    assert model.set_filter("BJORK") == 1 and model.track_id(0) == 2
    assert model.set_filter("emile jazz") == 1 and model.track_id(0) == 1
    assert model.set_filter("emile pop") == 0
    assert model.set_filter("") == 3


def test_narrowing_search_and_sorting_keep_each_other(catalog_rows, qapp):
    model = LibraryTableModel()
    model.set_rows(catalog_rows)
    model.sort(COLUMN_KEYS.index("title"), Qt.SortOrder.DescendingOrder)
    assert model.set_filter("a") == 3
    assert model.set_filter("a ") == 3
    assert model.set_filter("ap") == 1  # narrowed from the visible rows
    assert model.set_filter("a") == 3  # widening looks at every row again
    assert model.track_ids() == [1, 3, 2]  # still sorted by title, descending
    # new rows (a rescan) keep the sort and the search
    model.set_filter("zebra")
    model.set_rows(catalog_rows)
    assert model.track_ids() == [1]


def test_selection_follows_rows_through_a_sort(catalog_rows, qapp):
    from PySide6.QtCore import QItemSelectionModel

    model = LibraryTableModel()
    proxy = LibrarySortFilterProxyModel()
    proxy.setSourceModel(model)
    model.set_rows(catalog_rows)
    selection = QItemSelectionModel(proxy)
    selection.select(
        proxy.index(0, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    selected = proxy.track_id(selection.selectedRows()[0].row())
    proxy.sort(COLUMN_KEYS.index("title"), Qt.SortOrder.AscendingOrder)
    rows = selection.selectedRows()
    assert len(rows) == 1 and proxy.track_id(rows[0].row()) == selected


def test_update_values_changes_one_column(catalog_rows, qapp):
    model = LibraryTableModel()
    model.set_rows(catalog_rows)
    model.update_values("plays", {2: 7})
    assert model.value(1, "plays") == 7
    model.sort(COLUMN_KEYS.index("plays"), Qt.SortOrder.DescendingOrder)
    assert model.track_ids()[0] == 2


def test_load_library_reads_the_stores(data_dir, qapp):
    from tests.desktop_app.synthetic import build_catalog

    build_catalog(data_dir, 250)
    rows = load_library(data_dir)
    assert len(rows) == 250
    assert all(rows.columns["title"]) and all(rows.haystack)


def test_a_large_library_sorts_and_filters(tmp_path, qapp):
    from tests.desktop_app.synthetic import synthetic_records

    records = synthetic_records(20_000)
    rows = LibraryRows()
    for i, rec in enumerate(records, start=1):
        rows.ids.append(i)
        rows.paths.append(rec["path"])
        rows.identities.append(None)
        for key in COLUMN_KEYS:
            rows.columns[key].append(
                rec.get(key, 0 if key == "plays" else None) if key not in ("key",) else ""
            )
        rows.haystack.append(rec["title"].casefold())
    model = LibraryTableModel()
    model.set_rows(rows)
    model.sort(COLUMN_KEYS.index("year"), Qt.SortOrder.AscendingOrder)
    years = [model.value(r, "year") for r in range(model.rowCount())]
    assert years == sorted(years)
    n = model.set_filter("river")
    assert 0 < n < 20_000
    assert all("river" in model.value(r, "title").casefold() for r in range(n))


def test_format_duration():
    assert format_duration(None) == ""
    assert format_duration(59.6) == "1:00"
    assert format_duration(3725) == "1:02:05"


@pytest.mark.parametrize(
    "text",
    [
        "Hello, World & Co.",
        "  AC/DC -- Back  in Black ",
        "Beyoncé & Jay‐Z",
        "x_y",
        "Tab\there",
        "Sigur Rós",
        "東京",
    ],
)
def test_quick_fold_equals_fold(text):
    from analysis.identity import fold
    from desktop_app.gui.library_model import quick_fold

    cache: dict[str, str] = {}
    assert quick_fold(text) == fold(text) == quick_fold(text, cache) == cache[text]
