"""The hybrid model's item space: one place for every track, played or not (docs/model.md,
"The hybrid model", part 1).

Collaborative coordinates of the played tracks (truncated SVD of the session PPMI matrix), a
content tower (ridge regression from the content matrix to them) that places every track in the
same coordinates, and the content coordinates themselves (LSA) at half weight.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp

from recommender.models.signals import transition_matrix


def content_coordinates(content: sp.csr_matrix, *, dim: int, seed: int) -> np.ndarray:
    """float32 [n, dim]: latent content coordinates (truncated SVD of the content matrix).

    Same album, same artist and similar-sounding tracks end up close; this is the whole space
    when there is no history.
    """
    from sklearn.decomposition import TruncatedSVD

    n, width = content.shape
    k = min(dim, width - 1, n - 1)
    if k < 1:
        return np.zeros((n, dim), np.float32)
    svd = TruncatedSVD(n_components=k, n_iter=3, random_state=seed)
    out = svd.fit_transform(content).astype(np.float32)
    if k < dim:
        out = np.hstack([out, np.zeros((n, dim - k), np.float32)])
    return out


def collaborative_coordinates(
    plays: Any, n_items: int, *, as_of: float, dim: int, seed: int
) -> tuple[np.ndarray, np.ndarray] | None:
    """CF coordinates of played items: truncated SVD of the session PPMI matrix.

    ``M[i, j]``: recency-weighted count of i and j within 3 plays of each other in a session
    (skips weigh less). PPMI = ``max(0, log(M_ij * total / (row_i * row_j)))``. Returns
    ``(items, coordinates)`` for the items with co-occurrences, or ``None`` without sessions.
    """
    from sklearn.decomposition import TruncatedSVD

    m = transition_matrix(plays, n_items, as_of=as_of, half_life_days=180.0, symmetric=True)
    m = m.tocsr()
    rows = np.flatnonzero(np.diff(m.indptr) > 0)
    if rows.size < 3:
        return None
    sub = m[rows][:, rows].tocoo()
    total = float(sub.data.sum())
    rsum = np.asarray(m[rows][:, rows].sum(axis=1)).ravel()
    pmi = np.log(sub.data * total / (rsum[sub.row] * rsum[sub.col]))
    keep = pmi > 0
    ppmi = sp.csr_matrix((pmi[keep], (sub.row[keep], sub.col[keep])), shape=sub.shape)
    k = min(dim, rows.size - 1)
    if ppmi.nnz == 0 or k < 1:
        return None
    svd = TruncatedSVD(n_components=k, n_iter=3, random_state=seed)
    u = svd.fit_transform(ppmi)
    # U * sqrt(S) as in word2vec-style factorisations: fit_transform gives U * S
    coords = u / np.sqrt(np.maximum(svd.singular_values_, 1e-9))
    if k < dim:
        coords = np.hstack([coords, np.zeros((rows.size, dim - k))])
    return rows, coords.astype(np.float32)


def item_space(
    content: sp.csr_matrix,
    lsa: np.ndarray,
    plays: Any,
    *,
    as_of: float,
    dim: int,
    seed: int,
) -> np.ndarray:
    """float32 [n, 2 * dim]: ``[taste coordinates ; content coordinates]`` for every item.

    Taste coordinates: the CF coordinates of played items, and for every item (played or not)
    the prediction of a content tower (ridge regression from the content matrix to the CF
    coordinates) — averaged for played items, the prediction alone for the others. Content
    coordinates: :func:`content_coordinates`, weighted half. Without history the taste block is
    zero and the space is the content space.
    """
    from sklearn.linear_model import Ridge

    n = content.shape[0]
    taste = np.zeros((n, dim), np.float32)
    cf = collaborative_coordinates(plays, n, as_of=as_of, dim=dim, seed=seed)
    if cf is not None:
        rows, coords = cf
        coords = _unit_rows(coords)
        tower = Ridge(
            alpha=1.0,
            fit_intercept=False,
            solver="sparse_cg",
            max_iter=40,
            tol=1e-3,
            random_state=seed,
        )
        tower.fit(content[rows], coords)
        taste = _unit_rows(np.asarray(tower.predict(content), dtype=np.float32))
        taste[rows] = _unit_rows(0.5 * taste[rows] + 0.5 * coords)
    return np.hstack([taste, 0.5 * _unit_rows(lsa)]).astype(np.float32)


def _unit_rows(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return (x / np.maximum(norms, 1e-9)).astype(np.float32)
