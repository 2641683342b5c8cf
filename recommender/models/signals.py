"""Taste signals derived from :class:`~recommender.models.base.TrainingData`, shared by all models.

Plain numpy/scipy: play weights (recency, finished versus skipped), per-item and per-artist
affinities, session co-occurrence and transition matrices, and tag-token matrices. Every function
returns arrays with the item axis first.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from recommender.models.base import SKIPPED, Plays, TrainingData, recency_weights

#: Weight of a skipped play relative to a finished one in positive signals.
SKIPPED_PLAY_WEIGHT = 0.15
#: Imported aggregate plays count this much each (they are old and unordered).
AGGREGATE_PLAY_WEIGHT = 0.5
#: Token kinds of the content signal, in this order.
TOKEN_KINDS = ("artist", "album_artist", "album", "genre", "decade", "composer")


def play_weights(plays: Plays, as_of: float, *, half_life_days: float) -> np.ndarray:
    """float64 [n_plays]: recency weight times completion weight (skips weigh little)."""
    w = recency_weights(plays.played_at, as_of, half_life_days=half_life_days)
    return w * np.where(plays.skipped == SKIPPED, SKIPPED_PLAY_WEIGHT, 1.0)


def item_affinity(data: TrainingData, *, half_life_days: float) -> np.ndarray:
    """float32 [n]: how much the person likes each item from plays, aggregates and feedback.

    Recency-weighted taste plays (skips weigh :data:`SKIPPED_PLAY_WEIGHT`), plus imported play
    counts (decayed by their last-played time when known), plus likes and high ratings, minus
    dislikes and low ratings. Excluded plays are ignored.
    """
    n = data.n_items
    p = data.taste_plays()
    aff = np.bincount(
        p.item, weights=play_weights(p, data.as_of, half_life_days=half_life_days), minlength=n
    ).astype(np.float64)
    agg = data.play_count.astype(np.float64) * AGGREGATE_PLAY_WEIGHT
    if agg.any():
        known = np.isfinite(data.last_played)
        decay = np.full(n, 0.5)
        decay[known] = recency_weights(
            data.last_played[known], data.as_of, half_life_days=max(half_life_days, 180.0)
        )
        aff += agg * decay
        aff -= data.skip_count.astype(np.float64) * AGGREGATE_PLAY_WEIGHT * decay * 0.5
    rating = np.nan_to_num(data.rating.astype(np.float64), nan=0.5)
    aff += 2.0 * np.clip(rating - 0.5, -0.5, 0.5) * (np.isfinite(data.rating))
    if data.likes.size:
        aff[data.likes] += 2.0
    if data.dislikes.size:
        aff[data.dislikes] -= 2.0
    return aff.astype(np.float32)


def group_total(values: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Per-item total of ``values`` over the item's group (artist or album); 0 for code -1."""
    known = codes >= 0
    if not known.any():
        return np.zeros_like(values, dtype=np.float64)
    sums = np.bincount(codes[known], weights=values[known], minlength=int(codes.max()) + 1)
    out = np.zeros(values.shape[0], dtype=np.float64)
    out[known] = sums[codes[known]]
    return out


def transition_matrix(
    plays: Plays,
    n_items: int,
    *,
    as_of: float,
    half_life_days: float = 180.0,
    window: int = 3,
    symmetric: bool = False,
) -> sp.csr_matrix:
    """Item-item matrix from listening sessions: ``M[i, j]`` grows when j follows i.

    A play j at distance d (1..``window``) after play i in the same session adds
    ``w / d`` where ``w`` is the recency weight of the later play, lowered when j was skipped.

    Parameters
    ----------
    plays : Plays
        Taste plays (matched, not excluded), sorted by time.
    symmetric : bool
        Add the transpose (plain co-occurrence instead of sequence).
    """
    item, sess = plays.item.astype(np.int64), plays.session
    w = play_weights(plays, as_of, half_life_days=half_life_days)
    rows, cols, vals = [], [], []
    for d in range(1, window + 1):
        if item.size <= d:
            break
        same = sess[d:] == sess[:-d]
        src, dst = item[:-d][same], item[d:][same]
        keep = src != dst
        rows.append(src[keep])
        cols.append(dst[keep])
        vals.append((w[d:][same] / d)[keep])
    if not rows:
        return sp.csr_matrix((n_items, n_items), dtype=np.float32)
    m = sp.coo_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
        shape=(n_items, n_items),
    ).tocsr()
    if symmetric:
        m = m + m.T
    m.sum_duplicates()
    return m.astype(np.float32)


def item_tokens(
    data: TrainingData, *, kinds: Sequence[str] = TOKEN_KINDS
) -> tuple[sp.csr_matrix, list[str]]:
    """Binary item x token matrix of tag tokens (``"artist:..."``, ``"decade:1990"``, ...).

    Returns
    -------
    tokens : csr_matrix float32 [n_items, n_tokens]
    vocab : list of str
        Token names in column order (sorted by first appearance, so deterministic).
    """
    vocab: dict[str, int] = {}
    indptr = [0]
    indices: list[int] = []
    for i in range(data.n_items):
        toks = _tokens_of(data, i, kinds)
        seen = set()
        for t in toks:
            if t in seen:
                continue
            seen.add(t)
            col = vocab.get(t)
            if col is None:
                col = vocab[t] = len(vocab)
            indices.append(col)
        indptr.append(len(indices))
    mat = sp.csr_matrix(
        (np.ones(len(indices), np.float32), np.asarray(indices, np.int64), np.asarray(indptr)),
        shape=(data.n_items, len(vocab)),
    )
    return mat, list(vocab)


def _tokens_of(data: TrainingData, i: int, kinds: Sequence[str]) -> list[str]:
    """The tag tokens of item ``i`` (an album artist only when it differs from the artist)."""
    toks = []
    if "artist" in kinds and data.artists[i]:
        toks.append("artist:" + data.artists[i])
    if (
        "album_artist" in kinds
        and data.album_artists[i]
        and data.album_artists[i] != data.artists[i]
    ):
        toks.append("artist:" + data.album_artists[i])
    if "album" in kinds and data.albums[i]:
        toks.append("album:" + data.albums[i])
    if "genre" in kinds:
        toks.extend("genre:" + g for g in data.genres[i])
    if "decade" in kinds and data.years[i] > 0:
        toks.append(f"decade:{int(data.years[i]) // 10 * 10}")
    if "composer" in kinds and data.composers[i]:
        toks.append("composer:" + data.composers[i])
    return toks


def idf_normalised(tokens: sp.csr_matrix) -> sp.csr_matrix:
    """Rows of ``tokens`` weighted by inverse document frequency and L2-normalised."""
    df = np.asarray(tokens.sum(axis=0)).ravel()
    idf = np.log1p(tokens.shape[0] / np.maximum(df, 1.0)).astype(np.float32)
    m = tokens @ sp.diags(idf)
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    return (sp.diags(1.0 / np.maximum(norms, 1e-9)) @ m).tocsr().astype(np.float32)


def content_space(data: TrainingData, tokens: sp.csr_matrix) -> sp.csr_matrix:
    """csr float32 rows: L2-normalised ``[audio ; IDF tag tokens]``, the untrained content view.

    Audio vectors (where the track has them) and tag tokens are each normalised first, so both
    weigh about the same; ``tokens`` comes from :func:`item_tokens`.
    """
    parts = [idf_normalised(tokens)]
    if data.features is not None:
        audio = data.features * data.has_features[:, None]
        norms = np.linalg.norm(audio, axis=1, keepdims=True)
        parts.insert(0, sp.csr_matrix((audio / np.maximum(norms, 1e-9)).astype(np.float32)))
    x = sp.hstack(parts, format="csr")
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    return (sp.diags(1.0 / np.maximum(norms, 1e-9)) @ x).tocsr().astype(np.float32)
