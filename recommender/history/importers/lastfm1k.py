"""The Last.fm-1K research TSV (docs/history.md, "Import").

No header; six tab-separated fields per line:
``userid \\t 2009-05-04T23:08:57Z \\t artist_mbid \\t artist \\t track_mbid \\t track``.
The file holds many users; every user's plays are imported (filter the file first to import
one person). Track MBIDs are recording ids.
"""

from __future__ import annotations

import re

from recommender.history.importers import ImportFormatError, ParsedHistory, PlayEvent
from recommender.history.importers.sources import InputFile
from recommender.history.importers.timestamps import parse_time

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
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) != 6:
            raise ImportFormatError(
                f"{file.name}: line {number}: {len(fields)} tab-separated fields, expected 6"
            )
        _user, when, _artist_mbid, artist, track_mbid, title = (f.strip() for f in fields)
        played_at = parse_time(when)
        if played_at is None:
            raise ImportFormatError(f"{file.name}: line {number}: no readable time ({when!r})")
        if not artist or not title:
            raise ImportFormatError(f"{file.name}: line {number}: empty artist or track name")
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
