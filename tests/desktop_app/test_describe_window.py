"""The Discover page's "Describe what you want to hear" box (issue 14), in the real window."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop_app.gui.gui_settings import GuiSettings
from tests.desktop_app.test_flows import scanned_window  # noqa: F401  (fixture)


def test_describe_box_and_chips(scanned_window, qtbot, sync_tasks, data_dir, tmp_path):  # noqa: F811
    window = scanned_window
    window.set_nav("discover")
    page = window.discover
    box = page.describe_box
    assert box.edit.placeholderText() == "Describe what you want to hear"

    qtbot.keyClicks(box.edit, "jazz by ")  # QTest types ASCII only (qasciikey.cpp asserts)
    box.edit.insert("Björk Quartet, blorp")
    qtbot.keyClick(box.edit, Qt.Key.Key_Return)
    assert page.stack.currentIndex() == 1
    assert page.current.kind == "describe"
    rows = [page.model.item(r) for r in range(page.model.rowCount())]
    assert rows and all(r["artist"] == "Björk Quartet" for r in rows)
    assert all("jazz" in r["reason"] and "by Björk Quartet" in r["reason"] for r in rows)
    chips = page.chip_row.chips
    assert [c.text().split("  ")[0] for c in chips] == ["jazz", "by Björk Quartet"]
    assert "Not understood: “blorp”" in page.chip_row.unknown.text()

    # closing the "by" chip widens the list to every jazz track
    chips[1].click()
    rows = [page.model.item(r) for r in range(page.model.rowCount())]
    assert {r["artist"] for r in rows} == {"Björk Quartet", "The Static Hum", "Mila Sørensen"}
    assert [c.text().split("  ")[0] for c in page.chip_row.chips] == ["jazz"]

    # Regenerate and the slider keep the sentence and the removed part
    page.regenerate()
    assert page.current.kind == "describe" and page.current.removed == (1,)
    assert [c.text().split("  ")[0] for c in page.chip_row.chips] == ["jazz"]
    page.slider.setValue(80)
    page._slider_settled()
    assert page.current.description == "jazz by Björk Quartet, blorp"

    # Save and Export work as for any mix
    page.save_current()
    dest = tmp_path / "jazz.m3u8"
    page.export_to(str(dest))
    assert dest.read_text(encoding="utf-8").count("#EXTINF") == len(rows)

    # the sentence is remembered (in the window's settings, across restarts)
    assert GuiSettings.load(data_dir).recent_descriptions[0] == "jazz by Björk Quartet, blorp"
    assert "jazz by Björk Quartet, blorp" in box.recent.stringList()


def test_describe_errors_are_one_line_under_the_box(scanned_window, qtbot, sync_tasks):  # noqa: F811
    window = scanned_window
    window.set_nav("discover")
    page = window.discover
    page.describe("blorptastic zzyzx")
    assert "not understood: “blorptastic zzyzx”" in page.describe_box.message.text()
    assert page.stack.currentIndex() == 0
    page.describe("like Zyxxon Quartet")
    assert "is not an artist or a title in your library" in page.describe_box.message.text()
    page.describe("calm\x07")
    assert "control characters" in page.describe_box.message.text()
    assert window.reporter.unexpected_count == 0
