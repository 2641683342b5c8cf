"""The window's preferences file: written whole, private, read back as saved."""

from __future__ import annotations

import json
import stat

from desktop_app.gui.gui_settings import FILE_NAME, GuiSettings


def test_settings_round_trip_private_and_whole(tmp_path):
    settings = GuiSettings(export_format="xspf", volume=0.5, export_folder="/music/lists")
    settings.save(tmp_path)
    path = tmp_path / FILE_NAME
    assert json.loads(path.read_text(encoding="utf-8"))["export_format"] == "xspf"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert GuiSettings.load(tmp_path) == settings
    settings.volume = 0.25
    settings.save(tmp_path)
    assert GuiSettings.load(tmp_path).volume == 0.25
    assert [p.name for p in tmp_path.iterdir()] == [FILE_NAME]  # no temporary left behind
