"""Library search by pinyin, romaji and the other Chinese script; sort by the locale's collation."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt

from desktop_app.gui.library_model import (
    COLUMN_KEYS,
    LibraryTableModel,
    column_order,
    compute_orders,
    load_rows,
)
from desktop_app.gui.romanize import kana_to_romaji, search_forms

ARTISTS = ["王菲", "邓丽君", "Björk", "周杰伦", "阿杜", "Beyond", "鄧麗君", "スピッツ", "张学友"]


@pytest.fixture
def model(data_dir: Path) -> LibraryTableModel:
    from analysis.catalog import Catalog

    with Catalog(data_dir) as catalog:
        catalog.insert_tracks(
            {"path": f"/m/{i}.mp3", "title": f"Song {i}", "artist": artist, "album": "A"}
            for i, artist in enumerate(ARTISTS)
        )
        catalog.insert_tracks([{"path": "/m/moon.mp3", "title": "月亮代表我的心", "artist": "X"}])
        rows = load_rows(catalog.conn)
    model = LibraryTableModel()
    model.set_rows(compute_orders(rows))
    return model


def _artists(model: LibraryTableModel) -> list[str]:
    return [model.value(r, "artist") for r in range(model.rowCount())]


def test_pinyin_full_and_initials_find_the_artist(model):
    assert model.set_filter("dengliju") == 2  # 邓丽君 and 鄧麗君 (traditional)
    assert set(_artists(model)) == {"邓丽君", "鄧麗君"}
    assert model.set_filter("dlj") == 2
    assert model.set_filter("deng li jun") == 2
    assert model.set_filter("zhangxueyou") == 1 and _artists(model) == ["张学友"]
    assert model.set_filter("yueliang") == 1


def test_simplified_query_finds_traditional_tags_and_kana_by_romaji(model):
    assert set(_artists(model)) >= {"鄧麗君"}
    assert model.set_filter("邓丽君") == 2
    assert model.set_filter("supittsu") == 1 and _artists(model) == ["スピッツ"]
    assert model.set_filter("bjork") == 1  # Latin search unchanged
    assert model.set_filter("") == len(ARTISTS) + 1


def test_artist_sort_follows_the_chinese_collation():
    values = ["周杰伦", "阿杜", "邓丽君", "王菲", "蔡依林"]
    ascending, descending = column_order("artist", values, locale=QLocale("zh_CN"))
    assert [values[i] for i in ascending] == ["阿杜", "蔡依林", "邓丽君", "王菲", "周杰伦"]
    assert [values[i] for i in descending] == ["周杰伦", "王菲", "邓丽君", "蔡依林", "阿杜"]
    by_code_point = sorted(values)
    assert [values[i] for i in ascending] != by_code_point


def test_model_sort_by_artist_uses_the_application_locale(model):
    previous = QLocale()
    QLocale.setDefault(QLocale("zh_CN"))
    try:
        rows = model.rows
        rows.orders.clear()
        model.set_rows(compute_orders(rows))
        model.sort(COLUMN_KEYS.index("artist"), Qt.SortOrder.AscendingOrder)
        han = [a for a in _artists(model) if a in ("阿杜", "邓丽君", "王菲", "张学友", "周杰伦")]
        assert han == ["阿杜", "邓丽君", "王菲", "张学友", "周杰伦"]
    finally:
        QLocale.setDefault(previous)


def test_latin_columns_keep_the_folded_sort():
    values = ["beta", "Alpha", "émile", None, "Zed"]
    ascending, _ = column_order("artist", values)
    assert [values[i] for i in ascending] == ["Alpha", "beta", "émile", "Zed", None]


@pytest.mark.parametrize(
    ("text", "forms"),
    [
        ("邓丽君", "denglijun dlj"),
        ("鄧麗君", "denglijun dlj 邓丽君"),
        ("绿", "lv l"),
        ("宇多田ヒカル", "yuduotianhikaru ydt"),
        ("Björk", ""),
        ("조용필", ""),
    ],
)
def test_search_forms(text, forms):
    assert search_forms(text) == forms


@pytest.mark.parametrize(
    ("kana", "romaji"),
    [
        ("ロビンソン", "robinson"),
        ("ちょっと", "chotto"),
        ("しゃしん", "shashin"),
        ("ファースト", "fasuto"),
        ("サディスティック", "sadisutikku"),
    ],
)
def test_kana_to_romaji(kana, romaji):
    assert kana_to_romaji(kana) == romaji
