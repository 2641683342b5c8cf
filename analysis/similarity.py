"""Content similarity: nearest neighbours of a track over its standardised feature vector.

Vectors are standardised with the library-wide statistics (:mod:`analysis.feature_store`), then
each column is weighted so that every feature *group* (timbre, spectral shape, rhythm, tonality,
dynamics) carries the same total weight in the squared Euclidean distance, whatever its number
of columns: column weight = ``1 / sqrt(group size)``. Without it, the 60 timbre columns would
outvote the 6 rhythm columns ten to one. ``benchmarks/bench_similarity.py`` compares this with
plain standardised Euclidean distance on real soundtracks; the figures are in
``docs/analysis.md``.

Search is exact and linear (one matrix-vector product and ``argpartition``): about a millisecond
per query at 100,000 tracks, so no approximate index is needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from analysis.feature_store import FeatureMatrix, load_features
from analysis.features import FEATURE_DIM, FEATURE_GROUPS

if TYPE_CHECKING:
    from analysis.catalog import Catalog

#: Weighting schemes: "groups" (each feature group weighs the same) or "none".
WEIGHTINGS = ("groups", "none")
DEFAULT_WEIGHTING = "groups"


def column_weights(weighting: str = DEFAULT_WEIGHTING, *, dim: int = FEATURE_DIM) -> np.ndarray:
    """Per-column multipliers applied to standardised vectors before Euclidean distance.

    Parameters
    ----------
    weighting : {"groups", "none"}
        ``"groups"``: ``1 / sqrt(group size)`` for every column of a group, so each group
        contributes equally to the expected squared distance. ``"none"``: all ones.
    dim : int
        Vector length (must be :data:`FEATURE_DIM` for ``"groups"``).
    """
    if weighting == "none":
        return np.ones(dim, np.float32)
    if weighting != "groups":
        raise ValueError(f"unknown weighting {weighting!r}; choose one of {WEIGHTINGS}")
    if dim != FEATURE_DIM:
        raise ValueError(f"group weights need {FEATURE_DIM} columns, got {dim}")
    w = np.ones(dim, np.float32)
    for sl in FEATURE_GROUPS.values():
        w[sl] = 1.0 / np.sqrt(sl.stop - sl.start)
    return w


@dataclass
class SimilarityIndex:
    """Weighted standardised vectors of the library, ready for nearest-neighbour queries."""

    track_ids: np.ndarray
    vectors: np.ndarray  # float32 [n, d], weighted
    norms: np.ndarray  # squared row norms
    weighting: str

    @classmethod
    def from_matrix(
        cls, matrix: FeatureMatrix, *, weighting: str = DEFAULT_WEIGHTING
    ) -> SimilarityIndex:
        """Build from standardised vectors (as :func:`load_features` returns them)."""
        w = column_weights(weighting, dim=matrix.vectors.shape[1])
        vectors = np.ascontiguousarray(matrix.vectors * w, dtype=np.float32)
        norms = np.einsum("ij,ij->i", vectors, vectors)
        return cls(matrix.track_ids, vectors, norms, weighting)

    @classmethod
    def from_catalog(
        cls, catalog: Catalog, *, weighting: str = DEFAULT_WEIGHTING
    ) -> SimilarityIndex:
        """Load the current feature version of every present track."""
        return cls.from_matrix(load_features(catalog, standardized=True), weighting=weighting)

    def __len__(self) -> int:
        return int(self.track_ids.shape[0])

    def row_of(self, track_id: int) -> int | None:
        """Row index of a track id, or ``None`` when it has no vector in this index."""
        i = int(np.searchsorted(self.track_ids, track_id))
        if i < len(self.track_ids) and int(self.track_ids[i]) == int(track_id):
            return i
        return None

    def distances_to_row(self, row: int) -> np.ndarray:
        """Euclidean distance from row ``row`` to every row."""
        q = self.vectors[row]
        d2 = self.norms - 2.0 * (self.vectors @ q) + self.norms[row]
        return np.sqrt(np.maximum(d2, 0.0))

    def neighbours(
        self, track_id: int, *, count: int = 10, exclude: set[int] | None = None
    ) -> list[tuple[int, float]]:
        """The ``count`` nearest tracks to ``track_id`` as ``(track_id, distance)``, nearest
        first, never the track itself.

        Raises
        ------
        KeyError
            If the track has no vector in this index.
        """
        row = self.row_of(track_id)
        if row is None:
            raise KeyError(track_id)
        dist = self.distances_to_row(row)
        dist[row] = np.inf
        if exclude:
            for tid in exclude:
                r = self.row_of(tid)
                if r is not None:
                    dist[r] = np.inf
        k = min(count, int(np.isfinite(dist).sum()))
        if k <= 0:
            return []
        part = np.argpartition(dist, k - 1)[:k]
        order = part[np.lexsort((self.track_ids[part], dist[part]))]
        return [(int(self.track_ids[i]), float(dist[i])) for i in order]


def nearest(
    catalog: Catalog, track_id: int, *, count: int = 10, weighting: str = DEFAULT_WEIGHTING
) -> list[tuple[int, float]]:
    """Content nearest neighbours of one analysed track (see :class:`SimilarityIndex`).

    Parameters
    ----------
    catalog : Catalog
    track_id : int
        Must have a vector of the current feature version.
    count : int
        How many neighbours.
    weighting : {"groups", "none"}
        See :func:`column_weights`.

    Returns
    -------
    list of (int, float)
        ``(track_id, distance)``, nearest first.
    """
    return SimilarityIndex.from_catalog(catalog, weighting=weighting).neighbours(
        track_id, count=count
    )


def precision_at_k(index: SimilarityIndex, labels: dict[int, str], *, k: int = 5) -> float:
    """Mean fraction of each track's ``k`` nearest neighbours that share its label.

    Used by the benchmark (label = soundtrack) and the tests (label = kind of signal).
    """
    hits = []
    for tid in index.track_ids:
        tid = int(tid)
        if tid not in labels:
            continue
        nn = index.neighbours(tid, count=k)
        if nn:
            hits.append(np.mean([labels.get(n) == labels[tid] for n, _ in nn]))
    return float(np.mean(hits)) if hits else 0.0
