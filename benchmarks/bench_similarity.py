"""Content similarity on real music (issues 3 and 13): precision@5, held-out and development.

Music: the twelve Debian game soundtracks of ``benchmarks/soundtracks.py`` (only the sixteen
packages issue 13 allows; tracks of 30 s or more), with the development / held-out split fixed
there. For every query track, its 5 nearest neighbours by content are looked up; precision@5
is the fraction from the query's own soundtrack. Figures are printed for the held-out and the
development queries side by side, in two protocols:

* ``library``: neighbours among every music track of the twelve soundtracks (the library a
  person with all of them would have; the app's setting);
* ``within``: neighbours among the tracks of the same split only (a library made of the
  held-out soundtracks alone; random neighbours score higher here, so it is the harder one).

Representations compared, each against random neighbours (the exact expectation for these
class sizes):

* ``hand-built, z-scores``: the group-weighted vector standardised with the library's mean and
  deviation, as issue 3 shipped it;
* ``hand-built (fallback)``: the same vector rank-standardised with the library's quantiles
  (issue 13, "features that travel"): what is used without an embedding;
* ``embedding``: the learned embedding alone (``analysis/embedding.py``);
* ``learned space``: what ``similar --content-only`` uses once an embedding exists (the
  embedding with the hand-built vector appended, ``analysis/similarity.py``).

The embedding is trained on the whole library as the app would (every music track's windows),
at seeds 0, 1 and 2, in these settings:

* ``held-out albums hidden`` (the target): album tags are used as weaker positives for the
  development tracks only; the held-out tracks are trained on as untagged music, so no label
  of theirs reaches the model;
* ``no album tags``: a library without any album tags;
* ``every album tagged``: what the app does on this library, held-out tags included (their
  albums are their soundtracks here, so this shows fitting, not generalisation);
* ``development only``: trained on the development tracks alone, held-out tracks embedded by
  that model afterwards (the model never saw them).

The model is stored in the benchmark catalog and the space read back through
``analysis.similarity.content_space``, the same path the ``similar`` command takes.

Run: ``.venv/bin/python benchmarks/bench_similarity.py [--seeds 0 1 2] [--settings ...]``.
The first run downloads ~2.2 GB of packages into ``bench-data/`` (git-ignored) and analyses
the 239 tracks (a few minutes); later runs reuse both.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import soundtracks  # noqa: E402

SETTINGS = ("hidden", "none", "all", "dev-only")
SETTING_NAMES = {
    "hidden": "held-out albums hidden",
    "none": "no album tags",
    "all": "every album tagged",
    "dev-only": "development only",
}


def precision(
    vectors: np.ndarray, labels: np.ndarray, queries: np.ndarray, pool: np.ndarray, k: int = 5
) -> float:
    """Mean fraction of each query's k nearest rows of ``pool`` (self excluded) sharing its
    label. ``queries`` and ``pool`` are boolean masks over the rows."""
    sq = np.einsum("ij,ij->i", vectors, vectors)
    qi = np.flatnonzero(queries)
    d2 = sq[qi, None] - 2.0 * vectors[qi] @ vectors.T + sq[None, :]
    d2[:, ~pool] = np.inf
    d2[np.arange(len(qi)), qi] = np.inf
    nn = np.argsort(d2, axis=1, kind="stable")[:, :k]
    return float((labels[nn] == labels[qi, None]).mean())


def random_precision(labels: np.ndarray, queries: np.ndarray, pool: np.ndarray) -> float:
    """Expected precision of random neighbours drawn from ``pool``."""
    out = []
    for i in np.flatnonzero(queries):
        others = pool.copy()
        others[i] = False
        out.append(float((labels[others] == labels[i]).mean()))
    return float(np.mean(out))


def library(cache: Path):
    """The analysed benchmark catalog: the music tracks (30 s or more) of the twelve."""
    from analysis import feature_store
    from analysis.analyzer import analyze
    from analysis.catalog import Catalog
    from analysis.scanner import scan

    folders = soundtracks.fetch(cache)
    catalog = Catalog(cache / "similarity-12")
    scan(catalog, list(folders.values()), workers=1)
    # Sound effects and jingles are not music: the library holds tracks of 30 s or more.
    catalog.conn.execute(
        "DELETE FROM tracks WHERE duration IS NULL OR duration < ?",
        (soundtracks.MIN_TRACK_SECONDS,),
    )
    result = analyze(catalog)
    if result.analyzed:
        print(f"analysed {result.analyzed} tracks ({result.tracks_per_second:.1f} tracks/s)")
    # The library statistics (rank standardisation) of exactly these tracks, whatever an
    # earlier run of an older version of this script left in the catalog.
    feature_store.compute_stats(catalog)
    return catalog


def train_setting(catalog, setting: str, seed: int, ids, windows, albums, held) -> float:
    """Train one setting and store it in the catalog as the app would; returns seconds."""
    from analysis.embedding import EmbeddingConfig, StoredModel, fingerprint, save_model
    from analysis.embedding_train import train_model
    from analysis.features import FEATURE_VERSION

    config = EmbeddingConfig()
    albums = albums.copy()
    if setting in ("hidden", "dev-only"):
        albums[held] = -1
    elif setting == "none":
        albums[:] = -1
    rows = np.flatnonzero(~held) if setting == "dev-only" else np.arange(len(ids))
    t0 = time.perf_counter()
    model = train_model([windows[i] for i in rows], albums[rows], config=config, seed=seed)
    seconds = time.perf_counter() - t0
    assert model is not None
    fp = fingerprint(ids[rows], config, seed)
    stored = StoredModel(model, FEATURE_VERSION, len(rows), seed, fp, time.time())
    # dev-only: the held-out tracks get no stored embedding; reading the space embeds them
    # with the stored model, as it does for tracks analysed after a training.
    save_model(catalog, stored, ids[rows], model.embed_tracks([windows[i] for i in rows]))
    return seconds


def figures(vectors, labels, held, k) -> list[float]:
    """precision@k for held-out (library, within) and development (library, within)."""
    every = np.ones(len(labels), bool)
    dev = ~held
    return [
        precision(vectors, labels, held, every, k),
        precision(vectors, labels, held, held, k),
        precision(vectors, labels, dev, every, k),
        precision(vectors, labels, dev, dev, k),
    ]


def zscored(catalog, ids) -> np.ndarray:
    """The hand-built vector as issue 3 shipped it: z-scores (mean and deviation of the
    library), clipped to +-6, group weights; the fallback now uses ranks instead."""
    from analysis import feature_store
    from analysis.similarity import column_weights

    raw = feature_store.load_features(catalog, standardized=False)
    stats = feature_store.compute_stats(catalog, store=False)
    assert stats is not None and np.array_equal(raw.track_ids, ids)
    stats.quantiles = None
    return stats.standardize(raw.vectors) * column_weights("groups")


COLUMNS = ("held-out/library", "held-out/within", "dev/library", "dev/within")


def show(name: str, values: list[float], rand: list[float]) -> None:
    cells = "  ".join(f"{v:.3f} ({v / r:.2f}x)" for v, r in zip(values, rand))
    print(f"  {name:<24}{cells}")


def main() -> int:
    from analysis import feature_store
    from analysis.embedding import EMBED_DIM
    from analysis.embedding_train import album_ids
    from analysis.similarity import LEARNED, content_space

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=soundtracks.DEFAULT_CACHE)
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--settings", nargs="+", choices=SETTINGS, default=list(SETTINGS))
    args = parser.parse_args()
    catalog = library(args.cache)
    paths = {t.id: t.path for t in catalog.tracks(missing=False)}
    hand = content_space(catalog, learned=False)
    ids, windows = feature_store.load_windows(catalog)
    assert np.array_equal(ids, hand.track_ids), "every analysed track has window summaries"
    labels = np.array([soundtracks.package_of(paths[int(t)]) for t in ids])
    held = np.isin(labels, soundtracks.HELD_OUT)
    albums = album_ids(catalog, ids)
    print(
        f"{len(ids)} music tracks: {int(held.sum())} held-out "
        f"({', '.join(soundtracks.HELD_OUT)}), {int((~held).sum())} development "
        f"({', '.join(soundtracks.DEVELOPMENT)}); {int((albums >= 0).sum())} with album tags"
    )
    every = np.ones(len(ids), bool)
    rand = [
        random_precision(labels, held, every),
        random_precision(labels, held, held),
        random_precision(labels, ~held, every),
        random_precision(labels, ~held, ~held),
    ]
    base = figures(hand.vectors, labels, held, args.k)
    print(f"precision@{args.k} (x random)   " + "  ".join(f"{c:<15}" for c in COLUMNS))
    show("random neighbours", rand, rand)
    show("hand-built, z-scores", figures(zscored(catalog, ids), labels, held, args.k), rand)
    show("hand-built (fallback)", base, rand)
    summary: dict[str, list[list[float]]] = {}
    for setting in args.settings:
        print(f"setting: {SETTING_NAMES[setting]}")
        for seed in args.seeds:
            seconds = train_setting(catalog, setting, seed, ids, windows, albums, held)
            space = content_space(catalog)
            assert space.kind == LEARNED and np.array_equal(space.track_ids, ids)
            emb = figures(space.vectors[:, :EMBED_DIM], labels, held, args.k)
            both = figures(space.vectors, labels, held, args.k)
            show(f"seed {seed} embedding", emb, rand)
            show(f"seed {seed} learned space", both, rand)
            print(f"  (trained in {seconds:.1f} s)")
            summary.setdefault(setting, []).append(both)
    print("targets (held-out, learned space, >= 3x random and >= hand-built, every seed):")
    for setting, rows in summary.items():
        for col in (0, 1):
            values = [r[col] for r in rows]
            ok = all(v >= 3 * rand[col] and v >= base[col] - 1e-9 for v in values)
            print(
                f"  {SETTING_NAMES[setting]:<24}{COLUMNS[col]:<17}"
                + ", ".join(f"{v:.3f} ({v / rand[col]:.2f}x)" for v in values)
                + f" vs hand-built {base[col]:.3f} ({base[col] / rand[col]:.2f}x): "
                + ("met" if ok else "NOT met")
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
