"""Playlist generation speed on a 100,000-track synthetic library (issue 5, part B).

Builds a library of ``--tracks`` items (5,000 artists, 10,000 albums, 30 genres, 124-dimensional
feature vectors and descriptors) and ``--plays`` plays concentrated on a taste subset, fits the
model (``--model hybrid`` by default; cached under ``bench-data/playlists``), then prints:

- the context build (once per loaded model and history: keys for the diversity rules, play
  statistics, model scores and embeddings);
- one 50-track ``discover`` list through :func:`recommender.playlists.discover` (target < 200 ms
  once the model is loaded), as a median over seeds, and as a ratio against a reference measured
  in the same run: a bare top-50 of the model's scores with ``argpartition`` (the floor of any
  list);
- every other generator, for information (after one warm-up call each: the first ``daily``
  imports scikit-learn, the first ``mood`` gathers the descriptors into arrays).

Usage: ``.venv/bin/python benchmarks/bench_playlists.py [--tracks 100000] [--plays 200000]
[--model hybrid|content|none] [--rounds 5]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402

from recommender.models.base import DAY, Plays, TrainingData, top_k  # noqa: E402
from recommender.playlists.context import LibraryMeta, Options, PlaylistContext  # noqa: E402
from recommender.playlists.daily import daily  # noqa: E402
from recommender.playlists.discovery import deep_cuts, discover, forgotten, fresh  # noqa: E402
from recommender.playlists.mood import mood  # noqa: E402
from recommender.playlists.radio import radio  # noqa: E402

NOW = 1_735_000_000.0
GENRES = [
    "Rock",
    "Pop",
    "Jazz",
    "Folk",
    "Metal",
    "Electronic",
    "Classical",
    "Hip Hop",
    "Soul",
    "Blues",
    "Ambient",
    "Punk",
    "Reggae",
    "Country",
    "Techno",
    "House",
    "Funk",
    "Disco",
    "Indie",
    "Soundtrack",
    "Latin",
    "World",
    "R&B",
    "Gospel",
    "Trance",
    "Ska",
    "Drone",
    "Shoegaze",
    "Emo",
    "Grunge",
]


@dataclass
class Desc:
    bpm: float
    key: str
    key_index: int
    mode: str
    key_strength: float
    energy: float
    brightness: float
    acousticness: float


def build(n_tracks: int, n_plays: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    n_artists, n_albums = max(10, n_tracks // 20), max(20, n_tracks // 10)
    album_of = np.sort(rng.integers(0, n_albums, n_tracks))
    artist_of_album = rng.integers(0, n_artists, n_albums)
    genre_of_artist = rng.integers(0, len(GENRES), n_artists)
    artist = artist_of_album[album_of]
    centres = rng.normal(size=(len(GENRES), 124)).astype(np.float32)
    features = centres[genre_of_artist[artist]] + rng.normal(size=(n_tracks, 124)).astype(
        np.float32
    )
    items = []
    suffixes = ["", "", "", "", "", "", " - Remastered 2009", " (Live)"]
    for i in range(n_tracks):
        a = int(artist[i])
        items.append(
            {
                "id": i + 1,
                "title": f"Song {i % 5000}{suffixes[i % len(suffixes)]}",
                "artist": f"Artist {a}",
                "album": f"Album {int(album_of[i])}",
                "genre": GENRES[int(genre_of_artist[a])],
                "year": 1960 + int(rng.integers(0, 65)),
                "added_at": NOW - float(rng.integers(0, 1500)) * DAY,
                "duration": 240.0,
                "path": f"/music/Artist {a}/Album {int(album_of[i])}/{i:06d}.flac",
            }
        )
    descriptors = {
        i + 1: Desc(
            bpm=float(rng.uniform(60, 180)),
            key="A minor",
            key_index=9,
            mode=("major", "minor")[i % 2],
            key_strength=0.5,
            energy=float(rng.uniform(0, 1)),
            brightness=float(rng.uniform(0, 1)),
            acousticness=float(rng.uniform(0, 1)),
        )
        for i in range(n_tracks)
    }
    # the person loves 6 genres; plays follow a Zipf law over ~8,000 of their tracks
    loved_genres = rng.choice(len(GENRES), 6, replace=False)
    pool = np.flatnonzero(np.isin(genre_of_artist[artist], loved_genres))
    pool = rng.permutation(pool)[:8000]
    weights = 1.0 / np.arange(1, pool.size + 1) ** 0.9
    picked = rng.choice(pool, n_plays, p=weights / weights.sum())
    at = NOW - rng.uniform(0, 730, n_plays) * DAY
    skipped = (rng.random(n_plays) < 0.15).astype(np.int8)
    plays = Plays.build(
        item=picked, played_at=at, skipped=skipped, ms_played=np.where(skipped, 20_000.0, 240_000.0)
    )
    data = TrainingData.from_items(
        items,
        plays=plays,
        features=features,
        feature_version="1",
        as_of=NOW,
        bans=rng.choice(n_tracks, 50, replace=False),
        banned_artists=[f"Artist {int(a)}" for a in rng.choice(n_artists, 5, replace=False)],
    )
    return items, data, descriptors


def fit_model(name: str, data: TrainingData, cache: Path):
    if name == "none":
        return None, 0.0
    from recommender.models.registry import registry

    cls = registry()[name]
    directory = cache / f"{name}-{data.fingerprint()}"
    if (directory / "meta.json").exists():
        try:
            t0 = time.perf_counter()
            model = cls.load(directory)
            print(f"model {name} loaded from {directory} in {time.perf_counter() - t0:.2f} s")
            return model, 0.0
        except Exception as exc:  # a stale layout: retrain
            print(f"cached model unusable ({exc}); training")
    t0 = time.perf_counter()
    model = cls().fit(data, seed=0)
    seconds = time.perf_counter() - t0
    model.save(directory)
    print(f"model {name} trained in {seconds:.1f} s (cached in {directory})")
    return model, seconds


def median_time(fn, rounds: int) -> float:
    times = []
    for r in range(rounds):
        t0 = time.perf_counter()
        fn(r)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tracks", type=int, default=100_000)
    parser.add_argument("--plays", type=int, default=200_000)
    parser.add_argument("--model", default="hybrid", choices=["hybrid", "content", "none"])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    t0 = time.perf_counter()
    items, data, descriptors = build(args.tracks, args.plays)
    print(
        f"synthetic library: {data.n_items} tracks, {len(data.plays)} plays "
        f"({time.perf_counter() - t0:.1f} s to build)"
    )
    model, _ = fit_model(args.model, data, REPO / "bench-data" / "playlists")

    t0 = time.perf_counter()
    ctx = PlaylistContext(data, LibraryMeta.from_items(items), model=model, descriptors=descriptors)
    build_s = time.perf_counter() - t0
    print(f"context build (once per loaded model): {build_s * 1000:.0f} ms")

    scores = model.score() if model is not None else ctx.taste
    reference = median_time(lambda r: top_k(scores, 50), max(args.rounds, 20))
    opts = lambda r: Options(count=50, seed=r)  # noqa: E731
    disc = median_time(lambda r: discover(ctx, opts(r)), args.rounds)
    picks = discover(ctx, Options(count=50))
    print(f"reference (bare top-50 of the scores, argpartition): {reference * 1000:.2f} ms")
    print(
        f"discover, 50 tracks: {disc * 1000:.1f} ms (median of {args.rounds}; target < 200 ms)"
        f" = {disc / reference:.0f}x the bare top-50; {len(picks)} picks"
    )
    seed_items = [int(ctx.favourites()[0]), int(ctx.favourites()[5])]
    others = {
        "daily (per call, all mixes of 25)": lambda r: daily(ctx, Options(count=25, seed=r)),
        "forgotten": lambda r: forgotten(ctx, opts(r)),
        "deep-cuts": lambda r: deep_cuts(ctx, opts(r)),
        "radio (2 seeds)": lambda r: radio(ctx, seed_items, opts(r)),
        "mood calm": lambda r: mood(ctx, "calm", opts(r)),
        "fresh": lambda r: fresh(ctx, opts(r)),
    }
    for name, fn in others.items():
        fn(0)  # warm: imports (scikit-learn for daily) and per-context caches (descriptors)
        seconds = median_time(fn, max(1, args.rounds // 2))
        print(f"{name}: {seconds * 1000:.1f} ms = {seconds / reference:.0f}x the bare top-50")


if __name__ == "__main__":
    main()
