"""Baseline recommenders: what the hybrid model must beat (docs/evaluation.md).

- ``random``: a seeded random order.
- ``popularity``: the person's own play counts (recency-free), imported counts included.
- ``artist``: artist affinity with recency; next track = same artist as the last one.
- ``cooccurrence``: item-to-item counts of tracks that share sessions and follow each other.
- ``content``: nearest neighbours in content space (standardised audio vector + tag tokens).

All speak :class:`recommender.models.base.Recommender`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp

from recommender.models.base import Recommender, TrainingData, top_k
from recommender.models.signals import (
    content_space,
    group_total,
    item_affinity,
    item_tokens,
    play_weights,
    transition_matrix,
)


def _ban_mask(data: TrainingData) -> np.ndarray:
    banned = np.zeros(data.n_items, bool)
    if data.bans.size:
        banned[data.bans] = True
    if data.banned_artists:
        banned |= np.array([a in data.banned_artists for a in data.artists], bool)
    return banned


class RandomRecommender(Recommender):
    """A seeded random ranking: the floor every other model must clear."""

    name = "random"

    def _fit(self, data: TrainingData, rng: np.random.Generator, seed: int) -> None:
        self._scores = rng.random(data.n_items).astype(np.float32)
        self._scores[_ban_mask(data)] = -1.0

    def _score_taste(self) -> np.ndarray:
        return self._scores

    def _score_next(self, context: np.ndarray) -> np.ndarray:
        # A different but reproducible order per context.
        rng = np.random.default_rng([self.seed, *context[-3:].tolist()])
        return rng.random(self.n_items).astype(np.float32)

    def _state(self) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
        return {"scores": self._scores}, {}

    def _restore(self, arrays: dict[str, np.ndarray], extra: dict[str, Any]) -> None:
        self._scores = arrays["scores"]


class PopularityRecommender(Recommender):
    """Items ranked by how often the person played them (own plays + imported counts)."""

    name = "popularity"

    def _fit(self, data: TrainingData, rng: np.random.Generator, seed: int) -> None:
        counts = data.played_counts() + data.play_count
        self._scores = np.log1p(np.maximum(counts, 0)).astype(np.float32)
        self._scores[_ban_mask(data)] = -1.0

    def _score_taste(self) -> np.ndarray:
        return self._scores

    def _score_next(self, context: np.ndarray) -> np.ndarray:
        return self._scores

    def _state(self) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
        return {"scores": self._scores}, {}

    def _restore(self, arrays: dict[str, np.ndarray], extra: dict[str, Any]) -> None:
        self._scores = arrays["scores"]


class ArtistAffinityRecommender(Recommender):
    """Artist affinity with recency (half-life 60 days); next track: the same artist.

    Taste score of an item = log of its artist's recency-weighted plays, plus a small share of the
    item's own affinity to order tracks within an artist. Next-track score: items of the last
    context item's artist first, ordered by the item's own affinity.
    """

    name = "artist"
    half_life_days = 60.0

    def _fit(self, data: TrainingData, rng: np.random.Generator, seed: int) -> None:
        codes, _ = data.artist_codes()
        aff = np.maximum(item_affinity(data, half_life_days=self.half_life_days), 0.0)
        artist = group_total(aff, codes)
        self._item = np.log1p(aff).astype(np.float32)
        self._scores = (np.log1p(artist) + 0.1 * self._item).astype(np.float32)
        self._scores[_ban_mask(data)] = -1.0
        self._codes = codes

    def _score_taste(self) -> np.ndarray:
        return self._scores

    def _score_next(self, context: np.ndarray) -> np.ndarray:
        last = self._codes[int(context[-1])]
        same = (self._codes == last) & (last >= 0)
        return (10.0 * same + self._item + 0.01 * self._scores).astype(np.float32)

    def _state(self) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
        return {"scores": self._scores, "item": self._item, "codes": self._codes}, {}

    def _restore(self, arrays: dict[str, np.ndarray], extra: dict[str, Any]) -> None:
        self._scores, self._item, self._codes = arrays["scores"], arrays["item"], arrays["codes"]


class CooccurrenceRecommender(Recommender):
    """Item-to-item collaborative filtering on the person's own sessions.

    ``M[i, j]``: recency-weighted count of j following i within 3 plays in a session, plus half
    of the reverse direction (shared sessions). Taste score: ``sum_i a_i M[i, j]`` over the
    person's recent affinities ``a``. An item never played has no co-occurrence, so this
    baseline cannot rank unplayed tracks (it falls back to popularity order).
    """

    name = "cooccurrence"

    def _fit(self, data: TrainingData, rng: np.random.Generator, seed: int) -> None:
        plays = data.taste_plays()
        m = transition_matrix(plays, data.n_items, as_of=data.as_of, half_life_days=180.0)
        self._m = (m + 0.5 * m.T).tocsr().astype(np.float32)
        aff = np.maximum(item_affinity(data, half_life_days=30.0), 0.0).astype(np.float32)
        self._pop = np.log1p(aff).astype(np.float32)
        self._scores = (np.asarray(self._m.T @ aff).ravel() + 1e-3 * self._pop).astype(np.float32)
        self._scores[_ban_mask(data)] = -1.0

    def _score_taste(self) -> np.ndarray:
        return self._scores

    def _score_next(self, context: np.ndarray) -> np.ndarray:
        ctx = context[-3:]
        decay = 0.5 ** np.arange(ctx.size - 1, -1, -1, dtype=np.float32)
        row = sp.csr_matrix((decay, (np.zeros(ctx.size, int), ctx)), shape=(1, self.n_items))
        return (np.asarray((row @ self._m).todense()).ravel() + 1e-3 * self._pop).astype(np.float32)

    def _state(self) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
        m = self._m
        return {
            "scores": self._scores,
            "pop": self._pop,
            "m_data": m.data,
            "m_indices": m.indices,
            "m_indptr": m.indptr,
        }, {}

    def _restore(self, arrays: dict[str, np.ndarray], extra: dict[str, Any]) -> None:
        self._scores, self._pop = arrays["scores"], arrays["pop"]
        n = self.n_items
        self._m = sp.csr_matrix(
            (arrays["m_data"], arrays["m_indices"], arrays["m_indptr"]), shape=(n, n)
        )


class ContentRecommender(Recommender):
    """Content-only nearest neighbours: standardised audio vector + IDF-weighted tag tokens.

    Item vector = L2-normalised ``[audio / sqrt(d) ; tokens]`` (each half weighs about the same).
    Taste: cosine to the recency-weighted mean of the person's played items. Next track: cosine
    to the last items. Without history every taste score is 0 (no preference to go on).
    """

    name = "content"

    def _fit(self, data: TrainingData, rng: np.random.Generator, seed: int) -> None:
        self._x = content_matrix(data)
        p = data.taste_plays()
        w = play_weights(p, data.as_of, half_life_days=60.0)
        a = np.bincount(p.item, weights=w, minlength=data.n_items).astype(np.float32)
        self._scores = self._profile_scores(a)
        self._scores[_ban_mask(data)] = -1.0

    def _profile_scores(self, weights: np.ndarray) -> np.ndarray:
        if not np.any(weights > 0):
            return np.zeros(self.n_items, np.float32)
        profile = np.asarray(self._x.T @ weights).ravel()
        profile /= max(float(np.linalg.norm(profile)), 1e-9)
        return np.asarray(self._x @ profile).ravel().astype(np.float32)

    def _score_taste(self) -> np.ndarray:
        return self._scores

    def _score_next(self, context: np.ndarray) -> np.ndarray:
        ctx = context[-3:]
        w = np.zeros(self.n_items, np.float32)
        np.add.at(w, ctx, 0.5 ** np.arange(ctx.size - 1, -1, -1, dtype=np.float32))
        return self._profile_scores(w)

    def similar(self, item: int, count: int) -> list[tuple[int, float]]:
        self._check_fitted()
        sims = np.asarray(self._x @ self._x[item].T.toarray().ravel()).ravel()
        return top_k(sims, count, exclude=[item])

    def _state(self) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
        x = self._x
        return {
            "scores": self._scores,
            "x_data": x.data,
            "x_indices": x.indices,
            "x_indptr": x.indptr,
            "x_shape": np.array(x.shape),
        }, {}

    def _restore(self, arrays: dict[str, np.ndarray], extra: dict[str, Any]) -> None:
        self._scores = arrays["scores"]
        self._x = sp.csr_matrix(
            (arrays["x_data"], arrays["x_indices"], arrays["x_indptr"]),
            shape=tuple(arrays["x_shape"]),
        )


def content_matrix(data: TrainingData) -> sp.csr_matrix:
    """csr float32 [n, d + n_tokens]: L2-normalised rows of audio and tag-token content."""
    return content_space(data, item_tokens(data)[0])
