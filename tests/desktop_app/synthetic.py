"""Synthetic catalogs for GUI tests and ``benchmarks/bench_gui.py`` (no audio files needed)."""

from __future__ import annotations

import random
from pathlib import Path

GENRES = (
    "Rock",
    "Jazz",
    "Ambient",
    "Techno",
    "Folk",
    "Classical",
    "Hip-Hop",
    "Metal",
    "Pop",
    "Soundtrack",
    "Blues",
    "Reggae",
)
WORDS = (
    "night",
    "river",
    "blue",
    "fire",
    "quiet",
    "electric",
    "golden",
    "rain",
    "city",
    "ghost",
    "summer",
    "heart",
    "echo",
    "velvet",
    "storm",
    "paper",
    "silver",
    "dream",
    "north",
    "glass",
    "Ångström",
    "café",
    "naïve",
    "Björk",
)


def synthetic_records(n: int, *, seed: int = 7, root: str = "/music") -> list[dict]:
    """``n`` catalog rows with varied tags; about one artist per 100 tracks."""
    rng = random.Random(seed)
    n_artists = max(1, n // 100)
    records = []
    for i in range(n):
        artist_i = rng.randrange(n_artists)
        album_i = rng.randrange(8)
        artist = f"{rng.choice(WORDS).title()} {WORDS[artist_i % len(WORDS)]} {artist_i}"
        album = f"{WORDS[(artist_i + album_i) % len(WORDS)].title()} Album {album_i}"
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4))).capitalize()
        records.append(
            {
                "path": f"{root}/{artist}/{album}/{i:06d} {title}.flac",
                "title": f"{title} {i}",
                "artist": artist,
                "artists": [artist],
                "album": album,
                "genre": GENRES[artist_i % len(GENRES)],
                "genres": [GENRES[artist_i % len(GENRES)]],
                "year": 1960 + (artist_i * 7 + album_i) % 64,
                "duration": 90.0 + rng.random() * 300,
                "track_number": i % 12 + 1,
                "format": "flac",
                "size": 1000 + i,
                "mtime_ns": i,
            }
        )
    return records


def build_catalog(data_dir: Path, n: int, *, seed: int = 7) -> Path:
    """A catalog of ``n`` synthetic tracks (one root) in ``data_dir``."""
    from analysis.catalog import Catalog

    data_dir.mkdir(parents=True, exist_ok=True)
    music = data_dir.parent / "music-root"
    music.mkdir(exist_ok=True)
    with Catalog(data_dir) as catalog:
        root = catalog.add_root(music, now=1.0)
        records = synthetic_records(n, seed=seed, root=str(music))
        for rec in records:
            rec["root_id"] = root.id
        catalog.insert_tracks(records, now=1.0)
    return data_dir
