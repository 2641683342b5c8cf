"""Synthetic libraries with a planted taste, for tests and benchmarks (never for the person).

Tracks fall into ``n_clusters`` styles; each style has its own artists, albums, genre, decade and
an audio centroid (tracks are noisy copies of it). The simulated person listens only to the
``liked`` styles, in sessions that mostly stay within one style and often play an album in
order; over time they discover new tracks of those styles. A good recommender therefore ranks the
unplayed tracks of the liked styles above everything else.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from recommender.models.base import DAY, NOT_SKIPPED, SKIPPED, Plays, TrainingData


def synthetic_library(
    n_tracks: int,
    n_plays: int,
    *,
    n_clusters: int = 8,
    liked: Sequence[int] = (0, 1),
    feature_dim: int | None = 16,
    days: float = 180.0,
    album_size: int = 10,
    seed: int = 0,
) -> tuple[TrainingData, np.ndarray]:
    """A library of ``n_tracks`` with ``n_plays`` plays by a person who likes ``liked`` styles.

    Parameters
    ----------
    n_tracks, n_plays : int
        Library size and number of plays (0 for a person without history).
    n_clusters : int
        Number of styles.
    liked : sequence of int
        The styles the person listens to.
    feature_dim : int or None
        Audio vector length; ``None`` for a library without analysis.
    days : float
        Plays are spread over this many days before ``as_of``.
    album_size : int
        Tracks per album.
    seed : int

    Returns
    -------
    (TrainingData, cluster)
        The data and the style of every item (int array).
    """
    rng = np.random.default_rng(seed)
    cluster = rng.integers(0, n_clusters, n_tracks)
    # albums: consecutive tracks of the same style share an album
    order = np.argsort(cluster, kind="stable")
    album = np.empty(n_tracks, np.int64)
    album[order] = np.arange(n_tracks) // album_size
    artists_per_cluster = max(2, n_tracks // (n_clusters * album_size * 2))
    album_artist = {
        int(a): int(cluster[order[a * album_size]]) * 1000
        + int(rng.integers(0, artists_per_cluster))
        for a in range(int(album.max()) + 1)
    }
    items = []
    for i in range(n_tracks):
        c = int(cluster[i])
        a = int(album[i])
        items.append(
            {
                "id": i + 1,
                "title": f"track {i}",
                "artist": f"artist {album_artist[a]}",
                "album": f"album {a}",
                "genres": [f"style {c}"],
                "year": 1960 + 10 * (c % 6) + int(rng.integers(0, 10)),
                "added_at": 0.0,
            }
        )
    features = None
    if feature_dim:
        centroids = rng.normal(0, 1, (n_clusters, feature_dim))
        features = (centroids[cluster] + rng.normal(0, 0.6, (n_tracks, feature_dim))).astype(
            np.float32
        )
    as_of = 1_700_000_000.0
    plays = Plays.empty()
    if n_plays > 0:
        liked_items = {c: np.flatnonzero(cluster == c) for c in liked}
        # the person discovers tracks gradually: each style's tracks become "known" over time
        reveal = {c: rng.permutation(v) for c, v in liked_items.items()}
        rank = np.full(n_tracks, n_tracks, np.int64)
        for v in reveal.values():
            rank[v] = np.arange(v.size)
        members = np.split(order, np.flatnonzero(np.diff(album[order])) + 1)
        item_l: list[int] = []
        at_l: list[float] = []
        skip_l: list[int] = []
        t = as_of - days * DAY
        step = days * DAY / max(n_plays, 1)
        liked_list = list(liked)
        while len(item_l) < n_plays:
            c = int(liked_list[int(rng.integers(0, len(liked_list)))])
            progress = (t - (as_of - days * DAY)) / (days * DAY)
            n_known = max(album_size, int(len(reveal[c]) * (0.3 + 0.6 * progress)))
            known = reveal[c][:n_known]
            start = int(known[int(rng.integers(0, known.size))])
            alb = members[int(album[start])]
            alb = alb[rank[alb] < n_known]
            if rng.random() < 0.5:
                seq = alb
            else:
                seq = known[rng.integers(0, known.size, min(8, known.size))]
            for j in seq:
                if len(item_l) >= n_plays:
                    break
                item_l.append(int(j))
                at_l.append(t)
                skip_l.append(SKIPPED if rng.random() < 0.05 else NOT_SKIPPED)
                t += min(step, 240.0)
            t += max(step * len(seq) - 240.0 * len(seq), 0.0) + 3600.0 * (rng.random() < 0.2)
        plays = Plays.build(item=item_l, played_at=np.minimum(at_l, as_of), skipped=skip_l)
    data = TrainingData.from_items(
        items,
        plays=plays,
        features=features,
        feature_version="synthetic" if features is not None else "",
        as_of=as_of,
    )
    return data, cluster
