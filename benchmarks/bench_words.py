"""Answer time of "describe it in words" on a 100,000-track synthetic library (issue 14).

The library is the playlist benchmark's (``bench_playlists.build``: 5,000 artists, 30 genres,
years 1960-2024, 124-dimensional features, descriptors, 200,000 plays). After the context is
built (as for every list) and the one-time caches are warmed (the library's names for the
parser and the descriptor scales: printed separately), each sentence is understood and answered
(50 tracks) ``--rounds`` times; the median is printed next to a reference measured in the same
run: a plain 50-track ``discover`` list. Target (issue 14): under 300 ms per sentence.

Usage: ``.venv/bin/python benchmarks/bench_words.py [--tracks 100000] [--plays 200000]
[--model none|content|hybrid] [--rounds 5]``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.bench_playlists import build, fit_model, median_time  # noqa: E402
from recommender.playlists.context import LibraryMeta, Options, PlaylistContext  # noqa: E402
from recommender.playlists.discovery import discover  # noqa: E402
from recommender.words.answer import describe, lexicon, scales  # noqa: E402

SENTENCES = (
    "calm piano for a rainy evening",
    "fast 90s metal",
    "something like Artist 17 but more upbeat",
    "like Artst 71",  # a typo: the fuzzy path over every artist and title
    "music for running",
    "sad songs I haven't heard in a year",
    "jazz from the seventies, not too loud",
    "安静的音乐",
    "快节奏的摇滚",
    "my favourites, dark and slow",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tracks", type=int, default=100_000)
    parser.add_argument("--plays", type=int, default=200_000)
    parser.add_argument("--model", default="none", choices=["none", "content", "hybrid"])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    t0 = time.perf_counter()
    items, data, descriptors = build(args.tracks, args.plays)
    print(f"synthetic library: {data.n_items} tracks ({time.perf_counter() - t0:.1f} s to build)")
    model, _ = fit_model(args.model, data, REPO / "bench-data" / "playlists")
    ctx = PlaylistContext(data, LibraryMeta.from_items(items), model=model, descriptors=descriptors)
    t0 = time.perf_counter()
    lexicon(ctx)
    lex_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    scales(ctx)
    scales_s = time.perf_counter() - t0
    print(
        f"once per context: library names {lex_s * 1000:.0f} ms, "
        f"descriptor scales {scales_s * 1000:.0f} ms"
    )
    discover(ctx, Options(count=50))
    reference = median_time(lambda r: discover(ctx, Options(count=50, seed=r)), args.rounds)
    print(f"reference (a plain 50-track discover list): {reference * 1000:.1f} ms")
    worst = 0.0
    for text in SENTENCES:
        describe(ctx, text, Options(count=50))  # warm
        seconds = median_time(
            lambda r, t=text: describe(ctx, t, Options(count=50, seed=r)), args.rounds
        )
        query, picks = describe(ctx, text, Options(count=50))
        worst = max(worst, seconds)
        print(
            f"{text!r:45} {seconds * 1000:6.1f} ms = {seconds / reference:4.1f}x discover; "
            f"{len(picks)} picks, {len(query.constraints)} parts understood"
        )
    print(
        f"slowest sentence: {worst * 1000:.1f} ms (target < 300 ms) = {worst / reference:.1f}x discover"
    )


if __name__ == "__main__":
    main()
