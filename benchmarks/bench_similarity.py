"""Content similarity quality on real music (issue 3): precision@5 against random.

Same music as ``bench_analysis.py`` (three Debian game soundtracks: Wesnoth's orchestral score,
HyperRogue's and Planet Blupi's). For every track, its 5 nearest neighbours by content are
looked up among all the others; precision@5 is the fraction that come from the same
soundtrack. The same-run reference is random neighbours: its exact expectation for these class
sizes, and an empirical figure with shuffled labels.

Compared distances:

* ``none``: Euclidean on standardised vectors;
* ``groups``: the shipped default, each feature group weighted equally;
* each feature group alone (what each group knows);
* ``tuned``: group weights chosen by grid search on one half of the tracks and scored on the
  other half (2-fold, swapped, averaged), to see whether a metric learned on the library would
  beat the fixed weighting without fitting the very tracks it is scored on.

The library is analysed once into ``<cache>/similarity-data`` and reused while the feature
version is unchanged (a new version re-analyses, as in the app).

Run: ``.venv/bin/python benchmarks/bench_similarity.py [--k 5]``.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from bench_analysis import DEFAULT_CACHE, fetch_music, soundtrack_of  # noqa: E402


def precision(vectors: np.ndarray, labels: np.ndarray, k: int) -> float:
    """Mean fraction of each row's k nearest rows (Euclidean, self excluded) with its label."""
    sq = (vectors**2).sum(axis=1)
    d2 = sq[:, None] - 2.0 * vectors @ vectors.T + sq[None, :]
    np.fill_diagonal(d2, np.inf)
    nn = np.argsort(d2, axis=1)[:, :k]
    return float((labels[nn] == labels[:, None]).mean())


def random_expectation(labels: np.ndarray) -> float:
    _, counts = np.unique(labels, return_counts=True)
    n = len(labels)
    return float(sum(c * (c - 1) for c in counts) / (n * (n - 1)))


def main() -> int:
    from analysis.analyzer import analyze
    from analysis.catalog import Catalog
    from analysis.feature_store import load_features
    from analysis.features import FEATURE_GROUPS
    from analysis.scanner import scan
    from analysis.similarity import column_weights

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    music = fetch_music(args.cache)
    catalog = Catalog(args.cache / "similarity-data")
    scan(catalog, list(music), workers=1)
    result = analyze(catalog)
    if result.analyzed:
        print(f"analysed {result.analyzed} tracks ({result.tracks_per_second:.1f} tracks/s)")
    fm = load_features(catalog)
    paths = {t.id: t.path for t in catalog.tracks(missing=False)}
    labels = np.array([soundtrack_of(paths[int(t)]) for t in fm.track_ids])
    names, counts = np.unique(labels, return_counts=True)
    print(f"{len(labels)} tracks: " + ", ".join(f"{n} {c}" for n, c in zip(names, counts)))
    k = args.k
    rng = np.random.default_rng(args.seed)

    expected = random_expectation(labels)
    shuffled = np.mean([precision(fm.vectors, rng.permutation(labels), k) for _ in range(20)])
    print(
        f"random neighbours: precision@{k} = {expected:.3f} expected, "
        f"{shuffled:.3f} with shuffled labels"
    )

    rows = []
    for weighting in ("none", "groups"):
        p = precision(fm.vectors * column_weights(weighting), labels, k)
        rows.append((weighting, p))
    for group, sl in FEATURE_GROUPS.items():
        rows.append((f"{group} only", precision(fm.vectors[:, sl], labels, k)))
    for name, p in rows:
        print(f"{name:>22}: precision@{k} = {p:.3f}  ({p / expected:.2f}x random)")

    # A learned metric: group weights by grid search on half the tracks, scored on the other.
    grid = (0.0, 0.5, 1.0, 2.0)
    groups = list(FEATURE_GROUPS.items())
    base = column_weights("groups")
    order = rng.permutation(len(labels))
    halves = (order[: len(order) // 2], order[len(order) // 2 :])
    held_out = []
    chosen = []
    for fit, test in (halves, halves[::-1]):
        best, best_w = -1.0, None
        for combo in itertools.product(grid, repeat=len(groups)):
            if not any(combo):
                continue
            w = base.copy()
            for (_, sl), m in zip(groups, combo):
                w[sl] *= m
            p = precision(fm.vectors[fit] * w, labels[fit], k)
            if p > best:
                best, best_w = p, (w, combo)
        w, combo = best_w
        chosen.append(combo)
        held_out.append(precision(fm.vectors[test] * w, labels[test], k))
    fixed = np.mean([precision(fm.vectors[h] * base, labels[h], k) for h in halves])
    tuned = float(np.mean(held_out))
    print(
        f"learned group weights (2-fold, chosen {chosen} for "
        f"{[g for g, _ in groups]}): held-out precision@{k} = {tuned:.3f} vs "
        f"{fixed:.3f} for fixed group weights on the same halves "
        f"({tuned / fixed:.2f}x)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
