"""A synthetic library for the "describe it in words" tests: descriptors set directly.

Six styles, each with its own genre tags, years and descriptor ranges (the descriptors vary
inside a style, so "fast" must find the fast end of every style, not just one style), four
artists per style, and a history: the person plays the orchestral and ambient styles.
"""

from __future__ import annotations

import numpy as np

from recommender.models.base import DAY, Plays, TrainingData
from recommender.playlists.context import LibraryMeta, PlaylistContext
from tests.recommender.playlist_library import FakeDescriptors

AS_OF = 1_760_000_000.0

# name: genres, years, bpm range, energy, brightness, acousticness ranges, minor share
STYLES = {
    "orchestral": (
        ["Orchestral", "Video Game Music"],
        (2003, 2012),
        (60, 150),
        (0.3, 0.8),
        (0.3, 0.6),
        (0.4, 0.9),
        0.7,
    ),
    "electronic": (
        ["Electronic", "Video Game Music"],
        (2010, 2020),
        (100, 175),
        (0.6, 0.95),
        (0.4, 0.8),
        (0.1, 0.4),
        0.6,
    ),
    "ambient": (["Ambient"], (2001, 2006), (50, 100), (0.1, 0.45), (0.1, 0.4), (0.5, 0.95), 0.5),
    "children": (
        ["Children's", "Video Game Music"],
        (1997, 1997),
        (90, 150),
        (0.5, 0.85),
        (0.6, 0.85),
        (0.2, 0.6),
        0.3,
    ),
    "soundtrack": (
        ["Soundtrack"],
        (2007, 2016),
        (70, 160),
        (0.4, 0.9),
        (0.3, 0.7),
        (0.2, 0.7),
        0.5,
    ),
    "chiptune": (["Chiptune"], (1992, 1999), (110, 180), (0.6, 0.9), (0.6, 0.9), (0.05, 0.3), 0.4),
}
ARTISTS = {
    "orchestral": ["Northern Strings", "Mattias Hall", "Castle Choir", "Old Kingdom"],
    "electronic": ["Neon Grid", "Circuit Bloom", "Pulse Harbour", "Laser Moth"],
    "ambient": ["Slow Harbour", "Quiet Fields", "Drift Lantern", "Mist Archive"],
    "children": ["Blupi Band", "Happy Planet", "Toy Parade", "Sunny Hill"],
    "soundtrack": ["Kart Racers", "Hedge Crew", "Moto Team", "Tux Ensemble"],
    "chiptune": ["Bit Crusher", "Tracker Kid", "Square Wave", "Mod Squad"],
}
NAMES = {"A": "Northern Strings", "B": "Neon Grid"}
KEYS = ("C", "D", "E", "F", "G", "A", "B")


def build(seed: int = 3, per_artist: int = 24) -> tuple[list[dict], np.ndarray, dict, Plays]:
    rng = np.random.default_rng(seed)
    centres = {s: rng.normal(size=16) * 2.0 for s in STYLES}
    artist_centres: dict[str, np.ndarray] = {}
    items, feats, desc = [], [], {}
    for style, (genres, years, bpm, energy, bright, acoustic, minor) in STYLES.items():
        for artist in ARTISTS[style]:
            artist_centres[artist] = centres[style] + rng.normal(size=16)
            for t in range(per_artist):
                tid = len(items) + 1
                u = rng.random(4)
                mode = "minor" if rng.random() < minor else "major"
                key = KEYS[t % 7]
                items.append(
                    {
                        "id": tid,
                        "title": f"{artist} piece {t}",
                        "artist": artist,
                        "album": f"{artist} album {t // 12}",
                        "genres": genres,
                        "year": int(rng.integers(years[0], years[1] + 1)),
                        "added_at": AS_OF - 400 * DAY,
                        "duration": 180.0,
                        "path": f"/music/{style}/{artist}/{t:02d}.ogg",
                    }
                )
                feats.append(artist_centres[artist] + rng.normal(size=16) * 0.5)
                desc[tid] = FakeDescriptors(
                    bpm=float(bpm[0] + u[0] * (bpm[1] - bpm[0])),
                    key=f"{key} {mode}",
                    key_index=KEYS.index(key),
                    mode=mode,
                    key_strength=0.6,
                    energy=float(energy[0] + u[1] * (energy[1] - energy[0])),
                    brightness=float(bright[0] + u[2] * (bright[1] - bright[0])),
                    acousticness=float(acoustic[0] + u[3] * (acoustic[1] - acoustic[0])),
                )
    # history: the orchestral and ambient styles, first half of each artist's pieces
    loved = [
        i
        for i, it in enumerate(items)
        if it["path"].split("/")[2] in ("orchestral", "ambient")
        and int(it["title"].split()[-1]) < 12
    ]
    item_col, at_col = [], []
    for day in range(200):
        for k, i in enumerate(rng.choice(loved, size=5, replace=False)):
            item_col.append(int(i))
            at_col.append(AS_OF - (220 - day) * DAY + k * 300)
    plays = Plays.build(
        item=item_col,
        played_at=at_col,
        skipped=[0] * len(item_col),
        ms_played=[180_000.0] * len(item_col),
    )
    return items, np.array(feats, dtype=np.float32), desc, plays


def context(*, with_history: bool = True, seed: int = 3) -> PlaylistContext:
    """The library as the playlist generators see it, with or without its history."""
    items, feats, desc, plays = build(seed)
    data = TrainingData.from_items(
        items,
        plays=plays if with_history else None,
        features=feats,
        feature_version="1",
        as_of=AS_OF,
    )
    return PlaylistContext(data, LibraryMeta.from_items(items), descriptors=desc)
