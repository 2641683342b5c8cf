"""Rhythmbox ``rhythmdb.xml``: play counts, ratings (0-5) and last-played times of songs.

Parsed with defusedxml. Only ``<entry type="song">`` matters (radio stations, podcasts and
ignored files are skipped). Rhythmbox keeps no skip count.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from recommender.history.importers import Aggregate, ImportFormatError, ParsedHistory
from recommender.history.importers.library_files import location_to_path, normalise_rating
from recommender.history.importers.sources import InputFile

FORMAT = "rhythmbox"


def detect(file: InputFile) -> bool:
    """An XML document whose root element is ``<rhythmdb>``."""
    head = file.head_text(2048)
    return "<rhythmdb" in head


def _int(entry: Element, tag: str, where: str) -> int | None:
    text = entry.findtext(tag)
    if text is None or not text.strip():
        return None
    try:
        return int(text.strip())
    except ValueError as exc:
        raise ImportFormatError(f"{where}: <{tag}> is {text!r}, expected a whole number") from exc


def parse(file: InputFile, out: ParsedHistory) -> None:
    """Append the counts and ratings of a Rhythmbox database to ``out``."""
    for index, entry in enumerate(_root(file).iter("entry"), start=1):
        if entry.get("type") != "song":
            out.skipped_entries += 1
            continue
        _add_song(entry, f"{file.name}: entry {index}", out)


def _root(file: InputFile) -> Element:
    """The ``<rhythmdb>`` element of a database file (parsed with defusedxml)."""
    try:
        root = SafeET.fromstring(file.read())
    except ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else "?"
        raise ImportFormatError(f"{file.name}: line {line}: not well-formed XML ({exc})") from exc
    except DefusedXmlException as exc:
        raise ImportFormatError(f"{file.name}: refused unsafe XML ({exc})") from exc
    if root.tag != "rhythmdb":
        raise ImportFormatError(f"{file.name}: root element <{root.tag}>, not <rhythmdb>")
    return root


def _add_song(entry: Element, where: str, out: ParsedHistory) -> None:
    """One song entry as an aggregate, when it has a title and a play count or rating."""
    title = (entry.findtext("title") or "").strip()
    artist = (entry.findtext("artist") or "").strip()
    plays = _int(entry, "play-count", where) or 0
    rating_raw = _int(entry, "rating", where)
    last = _int(entry, "last-played", where)
    duration = _int(entry, "duration", where)
    rating = normalise_rating(rating_raw / 5) if rating_raw else None
    if not title or not (plays or rating is not None):
        return
    out.aggregates.append(
        Aggregate(
            artist=artist,
            title=title,
            album=(entry.findtext("album") or "").strip() or None,
            duration_ms=duration * 1000 if duration else None,
            play_count=plays,
            skip_count=0,
            rating=rating,
            last_played=float(last) if last and last > 0 else None,
            location=location_to_path(entry.findtext("location")),
            source=FORMAT,
            origin=where,
        )
    )
