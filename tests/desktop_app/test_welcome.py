"""First run: the welcome page proposes the desktop's Music folder when it holds audio, with its
file count, and the person keeps it (and scans it) or removes it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop_app.gui.pages import welcome
from tests.desktop_app.conftest import LIBRARY


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """A temporary HOME with no XDG user-dirs file: the Music folder is ``$HOME/Music``."""
    home = tmp_path / "home"
    (home / ".config").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    return home


def _audio_tree(root: Path, n: int) -> Path:
    for i in range(n):
        sub = root / f"Artist {i % 3}" / "Album"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{i:02d}.mp3").write_bytes(b"\0")
    (root / "cover.jpg").write_bytes(b"\0")  # not audio
    (root / ".hidden").mkdir()
    (root / ".hidden" / "skipped.flac").write_bytes(b"\0")  # hidden folders are not scanned
    return root


def _shown_window(make_window, qtbot):
    window = make_window()
    window.show()
    # the start-up steps create the player, then start the proposal's count: wait for both
    qtbot.waitUntil(lambda: window.started_up and window.welcome._proposing is None, timeout=20000)
    return window


def test_the_music_folder_of_the_desktop_settings_is_proposed_with_its_count(
    make_window, qtbot, home, sync_tasks
):
    # XDG_MUSIC_DIR of ~/.config/user-dirs.dirs wins over ~/Music (QStandardPaths.MusicLocation)
    tunes = _audio_tree(home / "Tunes", 7)
    _audio_tree(home / "Music", 2)
    (home / ".config" / "user-dirs.dirs").write_text('XDG_MUSIC_DIR="$HOME/Tunes"\n')
    window = _shown_window(make_window, qtbot)
    page = window.welcome
    assert page.folder_paths() == [str(tunes)]
    assert page.folders.item(0).text() == f"{tunes}  (7 audio files)"
    assert "Your Music folder holds 7 audio files" in page.status.text()
    assert page.start_button.isEnabled()


def test_a_kept_proposal_is_scanned(make_window, qtbot, home, sync_tasks):
    from tests.desktop_app.conftest import write_tagged_flac

    music = home / "Music"
    for n, (artist, album, title, seconds, freq) in enumerate(LIBRARY[:3], start=1):
        write_tagged_flac(
            music / f"{n:02d}.flac", artist=artist, album=album, title=title,
            seconds=seconds, freq=freq, track_number=n,
        )  # fmt: skip
    window = _shown_window(make_window, qtbot)
    assert window.welcome.folder_paths() == [str(music)]
    qtbot.mouseClick(window.welcome.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.library.model.total == 3, timeout=20000)
    assert [r.path for r in window.catalog.roots()] == [str(music)]


def test_a_removed_proposal_leaves_the_choice_to_the_person(make_window, qtbot, home, sync_tasks):
    _audio_tree(home / "Music", 4)
    window = _shown_window(make_window, qtbot)
    page = window.welcome
    assert page.folders.count() == 1
    page.folders.item(0).setSelected(True)
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert page.folder_paths() == []
    assert not page.start_button.isEnabled()
    assert page.status.text() == "Add at least one folder that holds music."
    page.propose()  # a later count does not bring back what the person removed
    assert page.folder_paths() == []


def test_a_music_folder_without_audio_is_not_proposed(make_window, qtbot, home, sync_tasks):
    music = home / "Music"
    music.mkdir()
    (music / "notes.txt").write_text("no music here")
    window = _shown_window(make_window, qtbot)
    assert window.welcome.folder_paths() == []
    assert window.welcome.proposal_count == (0, True)
    assert not window.welcome.start_button.isEnabled()


def test_no_music_folder_at_all(make_window, qtbot, home, sync_tasks):
    window = _shown_window(make_window, qtbot)
    assert window.welcome.folder_paths() == []
    assert window.welcome.status.text() == "Add at least one folder that holds music."


def test_a_folder_the_person_chose_first_is_not_joined_by_the_proposal(
    make_window, qtbot, home, sync_tasks, tmp_path
):
    _audio_tree(home / "Music", 3)
    window = make_window()  # not shown yet: the proposal comes after the first paint
    chosen = _audio_tree(tmp_path / "elsewhere", 1)
    window.welcome.add_folder(str(chosen))
    window.show()
    qtbot.waitUntil(lambda: window.started_up and window.welcome._proposing is None)
    qtbot.wait(50)
    assert window.welcome.folder_paths() == [str(chosen)]


def test_the_count_is_bounded(tmp_path, qapp):
    root = _audio_tree(tmp_path / "big", 12)
    assert welcome.count_audio_files(str(root)) == (12, True)
    assert welcome.count_audio_files(str(root), limit=5) == (5, False)
    assert welcome.count_audio_files(str(root), seconds=0.0) == (0, False)
    assert welcome.count_audio_files(str(root), cancelled=lambda: True) == (0, False)
    assert welcome.describe_count(5, False) == "more than 5 audio files"
    assert welcome.describe_count(1, True) == "1 audio file"


def test_linked_folders_are_counted_once(tmp_path, qapp):
    root = _audio_tree(tmp_path / "Music", 3)
    (root / "loop").symlink_to(root)  # a link back to itself must not loop
    other = _audio_tree(tmp_path / "disk", 2)
    (root / "more").symlink_to(other)  # a collection linked from another disk counts
    assert welcome.count_audio_files(str(root)) == (5, True)


def test_the_count_runs_in_the_background_pool(make_window, qtbot, home):
    # the real thread pool, as in the app: the page stays usable while the count runs
    _audio_tree(home / "Music", 2)
    window = _shown_window(make_window, qtbot)
    assert window.welcome.folder_paths() == [str(home / "Music")]
    assert window.welcome.proposal_count == (2, True)
