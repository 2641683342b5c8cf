"""Clementine's SQLite library (``clementine.db``): table ``songs`` with ``filename``.

Same counters as Strawberry (``playcount``, ``skipcount``, ``lastplayed``, ``rating``); the
location column is ``filename`` (a ``file://`` URI in current versions, a plain path in old ones).
"""

from __future__ import annotations

from recommender.history.importers import ParsedHistory
from recommender.history.importers.sources import InputFile
from recommender.history.importers.strawberry import read_songs, song_columns

FORMAT = "clementine"


def detect(file: InputFile) -> bool:
    """A SQLite database with a ``songs`` table keyed by ``filename`` and ``directory``."""
    cols = song_columns(file)
    return cols is not None and "filename" in cols and "url" not in cols


def parse(file: InputFile, out: ParsedHistory) -> None:
    """Append the counts and ratings of a Clementine database to ``out``."""
    read_songs(file, out, fmt=FORMAT, location_column="filename")
