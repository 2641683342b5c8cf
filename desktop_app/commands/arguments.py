"""Argument types and helpers shared by several commands (kept light: the parser is built at every
start)."""

from __future__ import annotations

from typing import Any

#: ``--format`` choices of the commands that read a history (``history import``, ``evaluate``),
#: in the order the issue lists them. Mirrors ``recommender.history.importers.FORMATS`` plus ``auto``;
#: a test keeps the two equal (importing the importers here would slow every command's start).
HISTORY_FORMAT_CHOICES = (
    "auto",
    "lastfm",
    "lastfm-archive",
    "lastfm-1k",
    "listenbrainz",
    "spotify",
    "itunes",
    "rhythmbox",
    "strawberry",
    "clementine",
    "deepcuts",
)


def parse_time(text: str, *, option: str) -> float:
    """A TIME argument (docs/history.md): ISO 8601 (``2024-05-01T12:00:00Z``) or unix seconds.

    Raises ``DeepCutsError`` naming ``option`` when ``text`` is neither.
    """
    from analysis.errors import DeepCutsError
    from recommender.history.importers.timestamps import parse_time as parse_timestamp

    stripped = text.strip()
    try:  # unix seconds are taken as given
        seconds = float(stripped)
        if 0 <= seconds < float("inf"):
            return seconds
    except ValueError:
        pass
    value = parse_timestamp(stripped)
    if value is None:
        raise DeepCutsError(
            f"{option} {text!r} is not a time (use ISO 8601 such as 2024-05-01T12:00:00Z, "
            "or unix seconds)"
        )
    return value


def progress_bar(*, unit: str, desc: str) -> Any:
    """A tqdm bar on stderr that the command refreshes from its progress callback.

    It starts no monitor thread: the callback refreshes it, and a second thread would keep the
    worker pools from forking (analysis/workers.py).
    """
    import sys

    from tqdm import tqdm

    tqdm.monitor_interval = 0
    return tqdm(total=0, unit=unit, desc=desc, file=sys.stderr, leave=False)
