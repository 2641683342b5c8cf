"""The Last.fm-1K research TSV (docs/history.md, "Import").

No header; six tab-separated fields per line:
``userid \\t 2009-05-04T23:08:57Z \\t artist_mbid \\t artist \\t track_mbid \\t track``.
The file holds many users; every user's plays are imported (filter the file first to import
one person). Track MBIDs are recording ids.
"""

from __future__ import annotations

import re

from recommender.history.importers import ImportFormatError, ParsedHistory, PlayEvent
from recommender.history.importers import rows as why
from recommender.history.importers.sources import InputFile
from recommender.history.importers.timestamps import is_lastfm_placeholder, read_time

FORMAT = "lastfm-1k"

_LINE = re.compile(
    r"^[^\t\n]*\t\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z?\t[^\t\n]*\t[^\t\n]*\t[^\t\n]*\t"
)


def detect(file: InputFile) -> bool:
    """Tab-separated lines whose second field is an ISO 8601 time."""
    first = file.head_text(4096).split("\n", 1)[0]
    return bool(_LINE.match(first)) and first.count("\t") == 5


def parse(file: InputFile, out: ParsedHistory) -> None:
    """Append the plays of one TSV file to ``out``."""
    text = file.text()
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) != 6:
            if number == len(lines) and not text.endswith("\n"):
                raise ImportFormatError(
                    f"{file.name}: line {number}: the file ends in the middle of a row "
                    "(truncated); nothing was imported"
                )
            out.skip(why.WRONG_COLUMNS, number)
            continue
        _user, when, _artist_mbid, artist, track_mbid, title = (f.strip() for f in fields)
        if not artist or not title:
            out.skip(why.EMPTY_NAME, number)
            continue
        played_at, reason = read_time(when)
        if played_at is not None and is_lastfm_placeholder(played_at):
            played_at, reason = None, why.PLACEHOLDER
        if played_at is None:
            out.skip(reason or why.UNREADABLE_TIME, number)
            continue
        out.events.append(
            PlayEvent(
                played_at=played_at,
                artist=artist,
                title=title,
                album=None,
                ms_played=None,
                duration_ms=None,
                skipped=False,
                mb_recording_id=track_mbid or None,
                source=FORMAT,
                origin=f"{file.name}:{number}",
            )
        )
