"""Removing a library folder runs in the background (``run_task``), never on the GUI thread:
the cascading delete can wait for the catalog's lock while a scan holds it."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt

from analysis.catalog import Catalog
from tests.desktop_app.conftest import LIBRARY


@pytest.fixture
def scanned_window(make_window, qtbot, music_dir):
    """A window whose first scan ran synchronously; later tasks use the real thread pool."""
    from desktop_app.gui import tasks

    previous = tasks.set_pool(tasks.SynchronousPool())
    try:
        window = make_window()
        window.show()
        window.welcome.folders.clear()
        window.welcome.add_folder(str(music_dir))
        qtbot.mouseClick(window.welcome.start_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.library.model.total == len(LIBRARY), timeout=20000)
    finally:
        tasks.set_pool(previous)
    return window


def _listed_folders(window) -> list[str]:
    folders = window.settings_page.folders
    return [folders.item(i).text() for i in range(folders.count())]


def test_remove_folder_deletes_in_a_worker_and_the_window_follows(
    scanned_window, qtbot, music_dir, data_dir, monkeypatch
):
    from desktop_app.gui import backend

    window = scanned_window
    assert window.library.model.total == len(LIBRARY)
    gui_thread = threading.get_ident()
    release = threading.Event()
    ran_in: list[int] = []
    real_remove_root = backend.library.remove_root

    def held_remove_root(data_dir_arg, path):
        # As if a scan held the catalog's lock: the delete waits until the test lets it go.
        ran_in.append(threading.get_ident())
        release.wait(10)
        return real_remove_root(data_dir_arg, path)

    monkeypatch.setattr(backend.library, "remove_root", held_remove_root)
    task = window.remove_folder(str(music_dir))
    # The call came back while the delete waits: the window is free, nothing changed yet.
    qtbot.waitUntil(lambda: ran_in != [], timeout=5000)
    assert ran_in[0] != gui_thread
    assert not task.done
    assert _listed_folders(window) == [str(music_dir)]
    assert window.library.model.total == len(LIBRARY)
    qtbot.wait(50)  # the event loop keeps running meanwhile
    release.set()

    qtbot.waitUntil(lambda: task.done, timeout=10000)
    assert task.error is None and task.result == len(LIBRARY)
    assert window.status_label.text() == (
        f"Removed {music_dir} ({len(LIBRARY)} tracks); your history is kept."
    )
    assert _listed_folders(window) == []
    qtbot.waitUntil(lambda: window.library.model.total == 0, timeout=10000)
    with Catalog(data_dir, readonly=True) as catalog:
        assert catalog.roots() == [] and catalog.count() == 0


def test_removing_a_folder_that_is_not_in_the_library_is_one_line(
    scanned_window, qtbot, music_dir, tmp_path
):
    window = scanned_window
    task = window.remove_folder(str(tmp_path / "elsewhere"))
    qtbot.waitUntil(lambda: task.done, timeout=10000)
    assert "is not a library root" in window.status_label.text()
    assert window.reporter.unexpected_count == 0
    assert _listed_folders(window) == [str(music_dir)]
