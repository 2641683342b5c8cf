"""The window's own preferences, kept in ``<data_dir>/gui-settings.json`` (written atomically).

Preferences that matter to the person's data (feedback, playlists) live in ``history.db``; these
are only how the window behaves, so a plain JSON file is enough.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from analysis.atomic import write_atomic

FILE_NAME = "gui-settings.json"
EXPORT_FORMATS = ("m3u8", "xspf", "pls")
THEMES = ("system", "light", "dark")
RECENT = 10  # sentences remembered by the Discover page's description box


@dataclass
class GuiSettings:
    analysis_workers: int = 0  # 0: one per core
    auto_analyze: bool = True  # analyse and train in the background after a scan / at start
    export_format: str = "m3u8"
    export_relative: bool = False
    export_folder: str = ""
    volume: float = 0.8
    adventurous: float = 0.3  # Discover slider: 0 familiar .. 1 adventurous
    theme: str = "system"  # system (follow the desktop), light or dark
    language: str = "system"  # system (follow the locale), en or zh_CN; applied at start
    queue: list = field(default_factory=list)  # track ids of the play queue, restored at start
    queue_index: int = 0
    recent_descriptions: list = field(default_factory=list)  # newest first, at most RECENT

    @classmethod
    def load(cls, data_dir: Path) -> GuiSettings:
        path = Path(data_dir) / FILE_NAME
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        known = {f.name: f for f in fields(cls)}
        values = {}
        for key, value in raw.items() if isinstance(raw, dict) else ():
            if key in known and isinstance(value, type(getattr(cls(), key))):
                values[key] = value
        settings = cls(**values)
        if settings.theme not in THEMES:
            settings.theme = "system"
        if settings.export_format not in EXPORT_FORMATS:
            settings.export_format = "m3u8"
        settings.recent_descriptions = [
            t for t in settings.recent_descriptions if isinstance(t, str) and t.strip()
        ][:RECENT]
        return settings

    def remember_description(self, text: str) -> None:
        """Put ``text`` first among the recent sentences (no duplicates, at most RECENT)."""
        text = text.strip()
        rest = [t for t in self.recent_descriptions if t != text]
        self.recent_descriptions = [text, *rest][:RECENT]

    def save(self, data_dir: Path) -> None:
        path = Path(data_dir) / FILE_NAME
        # Readable by the person only: the mode this file has always had.
        write_atomic(path, json.dumps(asdict(self), indent=2), permissions=0o600)
