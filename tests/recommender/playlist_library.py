"""A small synthetic library and history with planted structure, shared by the playlist tests.

Three styles (calm folk, loud metal, mid-tempo electronic), each with a few artists, two albums
per artist, and a few extra versions of songs (remasters, live takes, duplicate files). The
person loves folk and electronic, ignores metal, banned one artist and one track, disliked one
track, played a few tracks yesterday, and has plays after ``AS_OF`` that must be ignored.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from recommender.models.base import DAY, Plays, TrainingData
from recommender.playlists.context import LibraryMeta

AS_OF = 1_735_000_000.0  # 2024-12-24
STYLES = {
    "folk": dict(genre="Folk", bpm=80.0, energy=0.2, brightness=0.3, acoustic=0.9, mode="major"),
    "metal": dict(genre="Metal", bpm=160.0, energy=0.9, brightness=0.8, acoustic=0.1, mode="minor"),
    "electro": dict(
        genre="Electronic", bpm=124.0, energy=0.6, brightness=0.6, acoustic=0.2, mode="minor"
    ),
}


@dataclass
class FakeDescriptors:
    bpm: float
    key: str
    key_index: int
    mode: str
    key_strength: float
    energy: float
    brightness: float
    acousticness: float


@dataclass
class Library:
    items: list[dict]
    features: np.ndarray
    descriptors: dict[int, FakeDescriptors]
    plays: Plays
    style_of: list[str]
    banned_artist: str
    banned_item: int
    disliked_item: int
    recent_items: list[int]
    later_items: list[int]
    forgotten_items: list[int]
    finished_album: str

    def data(
        self, *, as_of: float = AS_OF, with_history: bool = True, with_features: bool = True
    ) -> TrainingData:
        return TrainingData.from_items(
            self.items,
            plays=self.plays if with_history else None,
            features=self.features if with_features else None,
            feature_version="1",
            as_of=as_of,
            bans=[self.banned_item] if with_history else [],
            dislikes=[self.disliked_item] if with_history else [],
            banned_artists=[self.banned_artist] if with_history else [],
        )

    def meta(self) -> LibraryMeta:
        return LibraryMeta.from_items(self.items)


def build_library(seed: int = 7, artists_per_style: int = 4, tracks_per_album: int = 8) -> Library:
    rng = np.random.default_rng(seed)
    centres = {s: rng.normal(size=24) * 2.0 for s in STYLES}
    items: list[dict] = []
    feats: list[np.ndarray] = []
    desc: dict[int, FakeDescriptors] = {}
    style_of: list[str] = []

    def add(style: str, artist: str, album: str, title: str, n: int, added: float) -> None:
        st = STYLES[style]
        tid = len(items) + 1
        items.append(
            {
                "id": tid,
                "title": title,
                "artist": artist,
                "album": album,
                "genre": st["genre"],
                "year": 2000 + n % 20,
                "added_at": added,
                "duration": 200.0 + n,
                "path": f"/music/{artist}/{album}/{n:02d} {title}.flac",
            }
        )
        feats.append(centres[style] + rng.normal(size=24) * 0.6)
        jitter = rng.normal(size=3)
        desc[tid] = FakeDescriptors(
            bpm=float(st["bpm"] + 4 * jitter[0]),
            key="A " + st["mode"],
            key_index=9,
            mode=st["mode"],
            key_strength=0.6,
            energy=float(np.clip(st["energy"] + 0.05 * jitter[1], 0, 1)),
            brightness=float(np.clip(st["brightness"] + 0.05 * jitter[2], 0, 1)),
            acousticness=st["acoustic"],
        )
        style_of.append(style)

    for style in STYLES:
        for a in range(artists_per_style):
            artist = f"{style.title()} Artist {a}"
            for alb in range(2):
                album = f"{style.title()} Album {a}.{alb}"
                for t in range(tracks_per_album):
                    added = AS_OF - (400 - 10 * t - 50 * alb) * DAY
                    add(style, artist, album, f"{style} song {a}.{alb}.{t}", t, added)
            # extra versions of the first song of each artist
            base = f"{style} song {a}.0.0"
            add(
                style,
                artist,
                f"{style.title()} Album {a}.0 (Deluxe)",
                base + " - Remastered 2009",
                0,
                AS_OF - 5 * DAY,
            )
            add(
                style,
                artist,
                f"Live at {style.title()} Hall",
                base + " (Live)",
                0,
                AS_OF - 300 * DAY,
            )
    n = len(items)
    index = {(it["artist"], it["title"]): i for i, it in enumerate(items)}

    # history: folk and electro loved, metal ignored
    loved = [
        i
        for i in range(n)
        if style_of[i] in ("folk", "electro")
        and items[i]["title"].split()[-1][2:] in ("0.0", "0.1", "0.2", "0.3")
    ]
    item_col, at_col, skip_col = [], [], []
    t0 = AS_OF - 330 * DAY
    for day in range(300):
        for k, i in enumerate(rng.choice(loved, size=6, replace=False)):
            item_col.append(i)
            at_col.append(t0 + day * DAY + k * 240)
            skip_col.append(0)
    # a few skipped metal plays
    metal = [i for i in range(n) if style_of[i] == "metal"]
    for k, i in enumerate(metal[:5]):
        item_col.append(i)
        at_col.append(t0 + 10 * DAY + 5000 + k * 30)
        skip_col.append(1)
    # an album finished twice long ago, then never again
    folk_album = [i for i in range(n) if items[i]["album"] == "Folk Album 1.1"]
    for session in range(2):
        start = AS_OF - (320 - session * 3) * DAY + 50_000
        for k, i in enumerate(folk_album):
            item_col.append(i)
            at_col.append(start + k * 210)
            skip_col.append(0)
    # tracks loved a year ago (finished six times each) and not played since
    forgotten_items = [index[("Electro Artist 2", f"electro song 2.1.{t}")] for t in range(3)]
    forgotten_items += [index[("Metal Artist 1", f"metal song 1.1.{t}")] for t in range(2)]
    for rep in range(6):
        for k, i in enumerate(forgotten_items):
            item_col.append(i)
            at_col.append(AS_OF - (260 - rep) * DAY + 70_000 + k * 250)
            skip_col.append(0)
    recent_items = [
        index[("Electro Artist 1", "electro song 1.1.5")],
        index[("Folk Artist 2", "folk song 2.1.6")],
    ]
    for k, i in enumerate(recent_items):
        item_col.append(i)
        at_col.append(AS_OF - DAY + k * 300)
        skip_col.append(0)
    later_items = [index[("Metal Artist 3", "metal song 3.1.7")]]
    for k in range(40):
        item_col.append(later_items[0])
        at_col.append(AS_OF + DAY + k * 300)
        skip_col.append(0)
    plays = Plays.build(
        item=item_col, played_at=at_col, skipped=skip_col, ms_played=[200_000.0] * len(item_col)
    )
    banned_item = index[("Electro Artist 0", "electro song 0.1.6")]
    disliked_item = index[("Folk Artist 0", "folk song 0.1.7")]
    return Library(
        items=items,
        features=np.array(feats, dtype=np.float32),
        descriptors=desc,
        plays=plays,
        style_of=style_of,
        banned_artist="Folk Artist 3",
        banned_item=banned_item,
        disliked_item=disliked_item,
        recent_items=recent_items,
        later_items=later_items,
        forgotten_items=forgotten_items,
        finished_album="Folk Album 1.1",
    )
