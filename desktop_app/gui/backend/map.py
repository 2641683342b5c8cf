"""The Map page: 2-D positions, clusters and genres of every track."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

from analysis.errors import DeepCutsError
from desktop_app.gui.backend.context import playlist_context


@dataclass
class MapData:
    ids: Any  # int64 [n]
    xy: Any  # float32 [n, 2]
    labels: list[str]
    cluster_codes: Any  # int [n]
    genre_codes: Any  # int [n]
    genre_names: list[str]
    cluster_names: list[str]
    source: str


def map_points(data_dir: Path, *, clusters: int = 8, genres: int = 11) -> MapData:
    """2-D positions of every track: PCA of the model's (or the content) embedding."""
    import numpy as np

    ctx = playlist_context(data_dir)
    emb = np.asarray(ctx.embeddings, dtype=np.float32)
    n = emb.shape[0]
    if n == 0:
        raise DeepCutsError(QCoreApplication.translate("Backend", "the library is empty"))
    centred = emb - emb.mean(axis=0)
    if n >= 3 and emb.shape[1] >= 2:
        _u, _s, vt = np.linalg.svd(centred[:: max(1, n // 20000)], full_matrices=False)
        xy = centred @ vt[:2].T
    else:
        xy = np.zeros((n, 2), dtype=np.float32)
        xy[:, 0] = np.arange(n)
    k = max(1, min(clusters, n))
    if n > k:
        from sklearn.cluster import MiniBatchKMeans

        codes = MiniBatchKMeans(
            n_clusters=k, random_state=0, n_init=3, batch_size=4096
        ).fit_predict(emb)
    else:
        codes = np.arange(n)
    genre_list = [g[0] if g else "" for g in ctx.data.genres]
    counts: dict[str, int] = {}
    for g in genre_list:
        if g:
            counts[g] = counts.get(g, 0) + 1
    top = sorted(counts, key=lambda g: -counts[g])[:genres]
    index = {g: i for i, g in enumerate(top)}
    genre_codes = np.array([index.get(g, len(top)) for g in genre_list], dtype=np.int32)
    labels = [f"{t} — {a}" if a else t for t, a in zip(ctx.meta.titles, ctx.meta.artists)]
    source = "taste model" if ctx.model is not None else "sound and tags"
    cluster_names = []
    for c in range(int(codes.max()) + 1 if n else 0):
        members = np.flatnonzero(codes == c)
        artists: dict[str, int] = {}
        for i in members.tolist():
            name = ctx.meta.artists[i]
            if name:
                artists[name] = artists.get(name, 0) + 1
        best = sorted(artists, key=lambda a: -artists[a])[:2]
        cluster_names.append(" & ".join(best) if best else f"group {c + 1}")
    return MapData(
        ids=np.asarray(ctx.data.track_ids),
        xy=xy.astype(np.float32),
        labels=labels,
        cluster_codes=np.asarray(codes, dtype=np.int32),
        genre_codes=genre_codes,
        genre_names=[*top, "other"],
        cluster_names=cluster_names,
        source=source,
    )
