"""The window with legacy-encoded tags: the Library shows the repaired text, finds it by pinyin,
and the Settings choice "Legacy tag encoding" re-reads the file."""

from __future__ import annotations

from pathlib import Path

from mutagen.id3 import ID3, TALB, TIT2, TPE1
from PySide6.QtCore import Qt

from tests.media import write_audio


def _legacy_mp3(path: Path) -> None:
    write_audio(path, seconds=0.3)
    tag = ID3()
    for frame, text in ((TIT2, "月亮代表我的心"), (TPE1, "邓丽君"), (TALB, "淡淡幽情")):
        tag.add(frame(encoding=0, text=text.encode("gbk").decode("latin-1")))  # an old ripper
    tag.save(path, v2_version=3)


def _titles(window) -> list[str]:
    model = window.library.model
    return [model.value(r, "title") for r in range(model.rowCount())]


def test_legacy_tags_repaired_searchable_and_setting_rereads(
    make_window, qtbot, tmp_path, sync_tasks
):
    music = tmp_path / "Music"
    _legacy_mp3(music / "moon.mp3")
    window = make_window()
    window.show()
    window.welcome.folders.clear()
    window.welcome.add_folder(str(music))
    qtbot.mouseClick(window.welcome.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.library.model.total == 1, timeout=20000)
    assert _titles(window) == ["月亮代表我的心"]

    window.library.search.setText("dlj")
    window.library.apply_filter()
    assert window.library.proxy.rowCount() == 1
    window.library.search.setText("")
    window.library.apply_filter()

    combo = window.settings_page.tag_encoding
    assert combo.currentData() == "auto"
    combo.setCurrentIndex(combo.findData("off"))  # re-reads the file as Latin-1
    qtbot.waitUntil(
        lambda: _titles(window) == ["月亮代表我的心".encode("gbk").decode("latin-1")],
        timeout=20000,
    )
    assert window.last_scan_result.updated == 1
    window.settings_page.refresh()
    assert combo.currentData() == "off"
    combo.setCurrentIndex(combo.findData("auto"))
    qtbot.waitUntil(lambda: _titles(window) == ["月亮代表我的心"], timeout=20000)
