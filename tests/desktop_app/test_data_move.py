"""Moving the data folder: copy with SQLite's backup, verify, switch, keep the old folder."""

from __future__ import annotations

import json
import sqlite3
import threading

import pytest

from analysis.errors import DeepCutsError
from desktop_app.data_move import check_target, copy_data_dir, delete_old, verify_copy
from tests.desktop_app.conftest import LIBRARY
from tests.desktop_app.synthetic import build_catalog, build_history


@pytest.fixture
def config_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("DEEPCUTS_DATA_DIR", raising=False)
    return tmp_path / "config"


@pytest.fixture
def filled(tmp_path):
    data = build_catalog(tmp_path / "data", 300)
    build_history(data, 2000)
    (data / "models").mkdir()
    (data / "models" / "taste.bin").write_bytes(b"\x00\x01" * 5000)
    (data / "gui-settings.json").write_text('{"theme": "light"}')
    (data / "covers" / "ab").mkdir(parents=True)
    (data / "covers" / "ab" / "x.jpg").write_bytes(b"jpeg")
    return data


def test_copy_verifies_and_leaves_caches_behind(filled, tmp_path):
    # a reader holding the history in WAL mode while it is copied
    holder = sqlite3.connect(filled / "history.db")
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute(
        "INSERT INTO plays (played_at, artist, title, source, match_key) "
        "VALUES (1.0, 'Late', 'Write', 'test', 'k')"
    )
    holder.commit()
    target = tmp_path / "new place"
    result = copy_data_dir(filled, target)
    holder.close()
    assert result.files >= 4 and result.bytes > 0
    assert (target / "models" / "taste.bin").read_bytes() == b"\x00\x01" * 5000
    assert json.loads((target / "gui-settings.json").read_text()) == {"theme": "light"}
    assert not (target / "covers").exists()  # thumbnails are rebuilt, not copied
    conn = sqlite3.connect(target / "history.db")
    assert conn.execute("SELECT COUNT(*) FROM plays").fetchone()[0] == 2001  # the WAL's row too
    conn.close()
    verify_copy(filled, target)
    # a copy that differs is caught
    (target / "models" / "taste.bin").write_bytes(b"\x00\x02" * 5000)
    with pytest.raises(DeepCutsError, match="differs"):
        verify_copy(filled, target)


def test_bad_targets_are_refused_and_a_failed_copy_is_removed(filled, tmp_path):
    with pytest.raises(DeepCutsError, match="inside"):
        check_target(filled, filled / "sub")
    with pytest.raises(DeepCutsError, match="inside"):
        check_target(filled, filled.parent)
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "file").write_text("x")
    with pytest.raises(DeepCutsError, match="not an empty folder"):
        copy_data_dir(filled, busy)
    assert (busy / "file").read_text() == "x"
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(DeepCutsError, match="cancelled"):
        copy_data_dir(filled, tmp_path / "never", cancel=cancel)
    assert not (tmp_path / "never").exists()
    with pytest.raises(DeepCutsError, match="in use"):
        delete_old(filled, filled)


def test_the_window_moves_switches_and_deletes_the_old_folder_when_asked(
    make_window, qtbot, music_dir, data_dir, sync_tasks, config_home, tmp_path
):
    from analysis.datadir import read_location, resolve_data_dir
    from tests.desktop_app.test_flows import _first_run

    window = make_window()
    window.show()
    _first_run(window, qtbot, music_dir)
    target = tmp_path / "moved"
    window.move_data_dir(str(target))
    assert window.data_dir == target
    qtbot.waitUntil(lambda: window.library.model.total == len(LIBRARY), timeout=20000)
    assert read_location() == {"data_dir": str(target), "previous": str(data_dir)}
    assert resolve_data_dir() == target  # the next start without --data-dir uses it
    assert data_dir.exists() and (data_dir / "catalog.db").exists()  # the old one is kept
    page = window.settings_page
    assert page.data_label.text() == str(target)
    assert not page.previous_row.isHidden()
    # the new catalog is the one in use: a rescan writes there
    window.rescan()
    assert window.catalog.count(missing=False) == len(LIBRARY)
    page.delete_previous(confirm=False)
    assert not data_dir.exists()
    assert read_location() == {"data_dir": str(target)}
    assert page.previous_row.isHidden()


def test_the_recorded_location_comes_after_the_flag_and_the_variable(
    config_home, tmp_path, monkeypatch
):
    from analysis.datadir import location_file, record_location, resolve_data_dir

    moved = tmp_path / "moved"
    record_location(moved, tmp_path / "old")
    assert location_file().parent == config_home / "deepcuts"
    assert resolve_data_dir() == moved
    assert resolve_data_dir(tmp_path / "flag") == tmp_path / "flag"
    monkeypatch.setenv("DEEPCUTS_DATA_DIR", str(tmp_path / "env"))
    assert resolve_data_dir() == tmp_path / "env"
    monkeypatch.delenv("DEEPCUTS_DATA_DIR")
    location_file().write_text("not json")
    assert resolve_data_dir() != moved  # an unreadable record falls back to the default
