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

When the library has a learned embedding (:mod:`analysis.embedding`), :func:`content_space`
returns the *learned space* instead: each track's unit embedding with its group-weighted
hand-built vector appended, scaled so that over the library it carries
:data:`HAND_BUILT_SHARE` of the embedding's (unit) norm. Every consumer of content similarity
(``similar --content-only``, the recommender's content view) goes through :func:`content_space`,
so all of them switch together.
"""

from __future__ import annotations

import contextlib
import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from analysis.embedding import MIN_TRACKS, load_embeddings
from analysis.feature_store import FeatureMatrix, load_features
from analysis.features import FEATURE_DIM, FEATURE_GROUPS

if TYPE_CHECKING:
    from analysis.catalog import Catalog

#: Weighting schemes: "groups" (each feature group weighs the same) or "none".
WEIGHTINGS = ("groups", "none")
DEFAULT_WEIGHTING = "groups"
#: Root-mean-square norm of the hand-built part of the learned space, relative to the unit
#: embedding (chosen on the development set, see docs/analysis.md).
HAND_BUILT_SHARE = 1.0
#: The two kinds of content space.
LEARNED, HAND_BUILT = "learned", "hand-built"


@dataclass
class ContentSpace:
    """Content vectors of the library's analysed tracks, in the space similarity uses.

    Attributes
    ----------
    track_ids : ndarray of int64
        Ascending.
    vectors : ndarray of float32, shape (n, d)
        Compared by Euclidean distance.
    kind : str
        :data:`LEARNED` (embedding + hand-built) or :data:`HAND_BUILT` (weighted standardised
        vector alone).
    trained_at : float
        When the embedding in use was trained (0 for the hand-built space).
    """

    track_ids: np.ndarray
    vectors: np.ndarray
    kind: str
    #: When the embedding in use was trained (0 for the hand-built space).
    trained_at: float = 0.0


def content_space(
    catalog: Catalog,
    *,
    weighting: str = DEFAULT_WEIGHTING,
    learned: bool = True,
    min_tracks: int = MIN_TRACKS,
) -> ContentSpace:
    """The content vectors every similarity consumer uses (see the module docstring).

    Parameters
    ----------
    catalog : Catalog
    weighting : {"groups", "none"}
        Column weights of the hand-built vector (:func:`column_weights`).
    learned : bool
        Use the learned embedding when the library has one (``False``: the hand-built vector).
    min_tracks : int
        Smallest library whose embedding is used.

    Returns
    -------
    ContentSpace
        Possibly empty when nothing is analysed.
    """
    matrix = load_features(catalog, standardized=True)
    hand = matrix.vectors * column_weights(weighting, dim=matrix.vectors.shape[1])
    emb = load_embeddings(catalog, min_tracks=min_tracks) if learned and len(matrix) else None
    if emb is None:
        return ContentSpace(matrix.track_ids, np.ascontiguousarray(hand, np.float32), HAND_BUILT)
    rows = np.searchsorted(matrix.track_ids, emb.track_ids)
    hand = hand[rows]
    rms = float(np.sqrt(np.mean(np.einsum("ij,ij->i", hand, hand)))) or 1.0
    vectors = np.hstack([emb.vectors, hand * (HAND_BUILT_SHARE / rms)]).astype(np.float32)
    return ContentSpace(emb.track_ids, np.ascontiguousarray(vectors), LEARNED, emb.trained_at)


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
    kind: str = HAND_BUILT

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
    def from_space(
        cls, space: ContentSpace, *, weighting: str = DEFAULT_WEIGHTING
    ) -> SimilarityIndex:
        """Build from :func:`content_space` vectors (already weighted)."""
        vectors = np.ascontiguousarray(space.vectors, dtype=np.float32)
        norms = np.einsum("ij,ij->i", vectors, vectors)
        return cls(space.track_ids, vectors, norms, weighting, space.kind)

    @classmethod
    def from_catalog(
        cls, catalog: Catalog, *, weighting: str = DEFAULT_WEIGHTING, learned: bool = True
    ) -> SimilarityIndex:
        """Every present analysed track, in the learned space when the library has one
        (``learned=False``: the hand-built vector alone)."""
        return cls.from_space(
            content_space(catalog, weighting=weighting, learned=learned), weighting=weighting
        )

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
        with _one_blas_thread():
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


@functools.lru_cache(maxsize=1)
def _blas_controller() -> Any:
    try:
        from threadpoolctl import ThreadpoolController

        return ThreadpoolController()
    except Exception:  # threadpoolctl missing or confused: leave BLAS as it is
        return None


def _one_blas_thread() -> contextlib.AbstractContextManager:
    """One BLAS thread for a query's matrix-vector product. OpenBLAS splits a product of this
    size over every core, which on a busy 2-core machine made one query at 3,000 tracks take
    20-30 ms instead of 0.1 ms (at 100,000 tracks: 24 against 13 ms)."""
    controller = _blas_controller()
    if controller is None:
        return contextlib.nullcontext()
    return controller.limit(limits=1, user_api="blas")


def nearest(
    catalog: Catalog,
    track_id: int,
    *,
    count: int = 10,
    weighting: str = DEFAULT_WEIGHTING,
    learned: bool = True,
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
    learned : bool
        Use the learned space when the library has one.

    Returns
    -------
    list of (int, float)
        ``(track_id, distance)``, nearest first.
    """
    return SimilarityIndex.from_catalog(catalog, weighting=weighting, learned=learned).neighbours(
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
