"""Shared builders for the history tests: synthetic catalogs and perturbed names.

No tests here; the test modules import these helpers.
"""

from __future__ import annotations

import random
import re
import unicodedata
from pathlib import Path
from typing import Any

from analysis.catalog import Catalog

_ACCENTS = {"e": "é", "a": "á", "o": "ö", "u": "ü", "i": "í", "n": "ñ"}


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def perturb_artist(artist: str, rnd: random.Random) -> str:
    """A realistic variant of an artist name as another tagger would write it."""
    choice = rnd.random()
    if choice < 0.15:
        return artist.upper()
    if choice < 0.3:
        return artist.lower()
    if choice < 0.4:
        return strip_accents(artist)
    if choice < 0.5:
        for plain, accented in _ACCENTS.items():
            if plain in artist:
                return artist.replace(plain, accented, 1)
        return artist
    if choice < 0.6:
        if artist.lower().startswith("the "):
            return artist[4:]
        return artist
    if choice < 0.7:
        if " & " in artist:
            return artist.replace(" & ", " and ")
        if " and " in artist:
            return artist.replace(" and ", " & ")
    return artist


_SUFFIXES = (
    " - Remastered 2009",
    " - remastered version 2009",
    " (2011 Remaster)",
    " [Bonus Track]",
    " (Remastered)",
    " - 2015 Remaster",
)
_FEAT = re.compile(r"\s*\((?:feat\.?|ft\.?)\s+([^)]*)\)", re.I)


def perturb_track(artist: str, title: str, rnd: random.Random) -> tuple[str, str]:
    """A variant (artist, title) pair: case, accents, remaster suffixes, "feat." moved."""
    artist = perturb_artist(artist, rnd)
    m = _FEAT.search(title)
    choice = rnd.random()
    if m and choice < 0.5:
        # the featured artist moves from the title into the artist tag
        return f"{artist} feat. {m.group(1)}", _FEAT.sub("", title)
    if choice < 0.25:
        title = title + rnd.choice(_SUFFIXES)
    elif choice < 0.35:
        title = title.lower()
    elif choice < 0.45:
        title = title.upper()
    elif choice < 0.5:
        title = strip_accents(title)
    elif choice < 0.55 and not m:
        title = f"{title} (feat. {rnd.choice(['Jay-Z', 'Sia', 'Mark Lanegan'])})"
    return artist, title


def history_songs(events: list[Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """Distinct (artist, title) of parsed events with an album and a duration if reported."""
    songs: dict[tuple[str, str], dict[str, Any]] = {}
    for ev in events:
        key = (ev.artist, ev.title)
        if key not in songs:
            songs[key] = {
                "artist": ev.artist,
                "title": ev.title,
                "album": ev.album,
                "duration_ms": ev.duration_ms,
            }
    return songs


def build_perturbed_catalog(
    data_dir: Path, events: list[Any], *, share: float = 0.6, seed: int = 7
) -> tuple[Catalog, dict[int, tuple[str, str]], set[tuple[str, str]]]:
    """A catalog holding ``share`` of the history's songs under perturbed names.

    Also adds, for half of the songs left out, a LIVE version of the song by the same artist
    (a near miss that a careful matcher must not take), and unrelated tracks by the artists.

    Returns
    -------
    catalog, origin of each catalog id ((artist, title) as in the history), songs present.
    """
    rnd = random.Random(seed)
    songs = list(history_songs(events).values())
    rnd.shuffle(songs)
    cut = int(len(songs) * share)
    present, absent = songs[:cut], songs[cut:]
    records: list[dict[str, Any]] = []
    origins: list[tuple[str, str] | None] = []
    # songs the history itself has a live version of: a "(Live)" distractor would be a right match
    live_in_history = {
        song_key(s["artist"], s["title"])
        for s in songs
        if re.search(r"\blive(?![a-z])", s["title"], re.I)
    }
    for i, s in enumerate(present):
        artist, title = perturb_track(s["artist"], s["title"], rnd)
        records.append(
            {
                "path": f"/music/p/{i}.flac",
                "artist": artist,
                "title": title,
                "album": s["album"] if rnd.random() < 0.8 else None,
                "duration": rnd.uniform(150, 320),
            }
        )
        origins.append((s["artist"], s["title"]))
    for i, s in enumerate(absent):
        if i % 2 == 0 and song_key(s["artist"], s["title"]) not in live_in_history:
            records.append(
                {
                    "path": f"/music/live/{i}.flac",
                    "artist": s["artist"],
                    "title": f"{s['title']} (Live)",
                    "album": "Live somewhere",
                    "duration": rnd.uniform(150, 320),
                }
            )
            origins.append(None)
        records.append(
            {
                "path": f"/music/other/{i}.flac",
                "artist": s["artist"],
                "title": f"Unreleased Demo Number {i}",
                "album": "Other",
                "duration": rnd.uniform(150, 320),
            }
        )
        origins.append(None)
    catalog = Catalog(data_dir)
    ids = catalog.insert_tracks(records)
    origin_by_id = {tid: o for tid, o in zip(ids, origins) if o is not None}
    return catalog, origin_by_id, {(s["artist"], s["title"]) for s in present}


def song_key(artist: str, title: str) -> tuple[str, str]:
    """A deliberately naive "same song" key for judging matches, independent of the matcher:
    folded artist without a leading "the", and the title up to its first bracket or dash.
    (Real histories spell one song several ways: typographic quotes, "Mr" and "Mr.", "feat.")
    """
    from analysis.identity import fold

    a = fold(artist)
    a = a[4:] if a.startswith("the ") else a
    t = re.split(r"\s[\(\[]|\s[-\u2013]\s", title, maxsplit=1)[0]
    return a, fold(t)


def precision_recall(
    index: Any,
    events: list[Any],
    origin_by_id: dict[int, tuple[str, str]],
    present: set[tuple[str, str]],
) -> tuple[float, float, int]:
    """Match every event; precision over matched events, recall over events whose song is in
    the catalog. A match is right when it is the same song by :func:`song_key`; a match to one
    of the distractors (live versions, other songs) is always wrong."""
    matched = right = relevant = 0
    present_keys = {song_key(*p) for p in present}
    for ev in events:
        truth = song_key(ev.artist, ev.title)
        if truth in present_keys:
            relevant += 1
        m = index.match(
            artist=ev.artist, title=ev.title, album=ev.album, duration_ms=ev.duration_ms
        )
        if m is None:
            continue
        matched += 1
        origin = origin_by_id.get(m.track_id)
        if origin is not None and song_key(*origin) == truth:
            right += 1
    precision = right / matched if matched else 1.0
    recall = right / relevant if relevant else 1.0
    return precision, recall, matched
