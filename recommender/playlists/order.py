"""The order of the never-heard songs in ``discover`` (docs/model.md, "Lists", item 8: the
order of artists).

Under the list rules (at most ``max(2, count // 10)`` tracks per artist) a list of songs never
heard is mostly an order of artists. The taste model's order of artists is the best on some
histories, the person's all-time artist plays or their recent (30-day) artist affinity on
others, and no choice from the person's own earlier months told which (measured; docs/model.md).
Discover therefore ranks by a reciprocal-rank fusion of the three: a song high in any of them
comes early, a song high in all of them first. Ties within an artist signal (an artist's songs)
are broken by the model, so within an artist the model orders the songs.
"""

from __future__ import annotations

import numpy as np

from recommender.models.base import FUSION_K, by_code, places
from recommender.models.signals import item_affinity
from recommender.playlists.context import PlaylistContext

#: "fusion" (shipped) or "model" (the model's order alone, as before).
LIST_ORDER = "fusion"
#: Half-life of the recent artist affinity, days (the artist-recency baseline's).
RECENT_HALF_LIFE = 30.0


def artist_signals(ctx: PlaylistContext) -> tuple[np.ndarray, np.ndarray]:
    """Per item: its artist's plays of all time and its artist's 30-day affinity (log scale).

    Items of unknown artist get 0 on both.
    """
    codes = ctx.artist_codes
    known = codes >= 0
    aff = np.maximum(item_affinity(ctx.data, half_life_days=RECENT_HALF_LIFE), 0.0)
    recent = np.bincount(codes[known], weights=aff[known], minlength=len(ctx.artist_names))
    return (
        np.log1p(by_code(ctx.artist_plays, codes, 0.0)),
        np.log1p(by_code(recent, codes, 0.0)),
    )


def list_relevance(ctx: PlaylistContext, candidates: np.ndarray) -> np.ndarray:
    """Relevance of ``candidates`` (higher first) in the lists of never-heard songs.

    Parameters
    ----------
    ctx : PlaylistContext
        The library, history and model.
    candidates : ndarray of int
        Item indices.

    Returns
    -------
    ndarray of float64
        One value per candidate, all distinct: the fused order (:data:`LIST_ORDER`), places
        counted over the whole library.
    """
    taste = np.nan_to_num(ctx.taste, nan=-1.0)
    if LIST_ORDER == "model" or not ctx.has_history:
        return taste[candidates].astype(np.float64)
    artist_all, artist_recent = artist_signals(ctx)
    fused = np.zeros(ctx.n)
    for signal in (taste, artist_all, artist_recent):
        fused += 1.0 / (FUSION_K + places(taste, signal))
    return (1.0 - places(taste, fused) / max(ctx.n, 1))[candidates]
