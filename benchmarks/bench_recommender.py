"""Speed of the hybrid model on a synthetic library (issue 5 targets).

A library of 100,000 tracks with audio features and 200,000 plays (tests/recommender/synthetic.py).
Prints, each next to a reference measured in the same run (machines are noisy):

- full training (target < 60 s) against a truncated SVD (k=32) of the same library's content
  matrix, a standard operation of known cost;
- one 50-track discover list once the model is loaded (target < 200 ms), through
  recommender/playlists/ when present, and the bare score + top-50; reference: one dense
  100,000 x 32 matrix-vector product;
- model load (target < 1 s) against reading the same ``arrays.npz`` with plain ``np.load``;
- peak resident memory (target < 1.5 GB) against the memory after building the data.

Usage: ``.venv/bin/python benchmarks/bench_recommender.py [--tracks N] [--plays N]``
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tracks", type=int, default=100_000)
    parser.add_argument("--plays", type=int, default=200_000)
    parser.add_argument("--dim", type=int, default=124, help="audio feature length")
    args = parser.parse_args()

    import torch

    # import costs (torch.optim pulls in torch._dynamo, ~9 s cold) stay outside the timings
    torch.optim.Adam([torch.nn.Parameter(torch.zeros(1))])
    from sklearn.decomposition import TruncatedSVD

    from recommender.models.base import top_k
    from recommender.models.hybrid import HybridRecommender
    from recommender.models.signals import content_space, item_tokens
    from tests.recommender.synthetic import synthetic_library

    t = time.perf_counter()
    data, _ = synthetic_library(args.tracks, args.plays, feature_dim=args.dim, days=365, seed=0)
    print(
        f"synthetic library: {data.n_items} tracks, {len(data.plays)} plays, "
        f"{args.dim}-d features ({time.perf_counter() - t:.1f} s to build)"
    )
    base_mem = rss_mb()

    # reference for training: truncated SVD of the content matrix
    content = content_space(data, item_tokens(data)[0])
    t = time.perf_counter()
    TruncatedSVD(n_components=32, n_iter=4, random_state=0).fit(content)
    ref_train = time.perf_counter() - t
    del content

    t = time.perf_counter()
    model = HybridRecommender().fit(data, seed=0)
    train_s = time.perf_counter() - t
    print(
        f"full training        {train_s:8.2f} s   (target < 60 s)   "
        f"= {train_s / ref_train:5.1f} x a k=32 SVD of the content matrix ({ref_train:.2f} s)"
    )

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "hybrid"
        model.save(path)
        size = sum(f.stat().st_size for f in path.iterdir()) / 2**20
        t = time.perf_counter()
        with np.load(path / "arrays.npz") as npz:
            _ = {k: npz[k] for k in npz.files}
        ref_load = time.perf_counter() - t
        loads = []
        for _ in range(3):
            t = time.perf_counter()
            loaded = HybridRecommender.load(path)
            loads.append(time.perf_counter() - t)
        load_s = float(np.median(loads))
    print(
        f"model load           {load_s * 1000:8.1f} ms  (target < 1 s)    "
        f"= {load_s / ref_load:5.2f} x np.load of the same {size:.0f} MB ({ref_load * 1000:.1f} ms)"
    )

    played = np.zeros(data.n_items, bool)
    played[data.taste_plays().item] = True
    vec = np.random.default_rng(0).normal(size=32).astype(np.float32)
    mat = np.random.default_rng(1).normal(size=(data.n_items, 32)).astype(np.float32)
    t = time.perf_counter()
    for _ in range(20):
        mat @ vec
    ref_mv = (time.perf_counter() - t) / 20
    t = time.perf_counter()
    for _ in range(20):
        s = loaded.score()
        top_k(np.where(played, -np.inf, s), 50)
    bare = (time.perf_counter() - t) / 20
    print(
        f"score + top-50       {bare * 1000:8.2f} ms              "
        f"= {bare / ref_mv:5.1f} x a 100k x 32 matrix-vector product ({ref_mv * 1000:.2f} ms)"
    )
    try:
        from recommender.playlists.context import LibraryMeta, Options, PlaylistContext
        from recommender.playlists.discovery import discover
    except ImportError:
        discover = None
    if discover is not None:
        meta = LibraryMeta(
            titles=data.titles,
            artists=data.artists,
            albums=data.albums,
            paths=[f"/music/{i}.flac" for i in range(data.n_items)],
            durations=np.full(data.n_items, 200.0),
        )
        t = time.perf_counter()
        ctx = PlaylistContext(data, meta, model=loaded)
        build = time.perf_counter() - t
        times = []
        for seed in range(5):
            t = time.perf_counter()
            picks = discover(ctx, Options(count=50, seed=seed))
            times.append(time.perf_counter() - t)
        lst = float(np.median(times))
        print(
            f"discover list (50)   {lst * 1000:8.1f} ms  (target < 200 ms) "
            f"= {lst / ref_mv:5.0f} x the matrix-vector product; {len(picks)} picks; "
            f"context built once in {build * 1000:.0f} ms"
        )
    peak = peak_mb()
    print(
        f"peak memory          {peak:8.0f} MB  (target < 1536 MB) "
        f"= {peak / base_mem:5.2f} x the memory after building the data ({base_mem:.0f} MB)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
