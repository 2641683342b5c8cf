"""Radio: a list that flows on from one or more seed tracks."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from analysis.errors import DeepCutsError
from recommender.playlists import reasons as r
from recommender.playlists.context import (
    Options,
    Pick,
    PlaylistContext,
    _single_threaded,
)
from recommender.playlists.helpers import (
    _unit,
)
from recommender.playlists.reasons import Reason


@_single_threaded
def radio(ctx: PlaylistContext, seeds: Sequence[int], opts: Options | None = None) -> list[Pick]:
    """A station from one or several seed items.

    Each next track is the best candidate under the rules by ``0.5 * closeness to the last three
    tracks (newest weighs most) + w * closeness to the seeds + rest * model next-track score``;
    ``w`` falls from 0.3 to 0.1 as ``adventure`` rises, so the station drifts gently and further
    when asked. Seeds are never repeated, nor is any song (any version) already on the station.
    """
    opts = opts or Options()
    seeds = [int(s) for s in seeds]
    if not seeds:
        raise DeepCutsError("radio needs at least one seed track (--seed TRACK)")
    emb = ctx.embeddings
    ok = ~ctx.blocked & ~ctx.recent_mask(opts)
    ok[seeds] = False
    seed_versions = {ctx.version_keys[s] for s in seeds}
    found = _neighbourhood(ctx, seeds, ok, opts.count)
    if found is None:
        return []
    pool, pool_seed, pool_next = found
    pool_emb = emb[pool]
    versions = [ctx.version_keys[i] for i in pool]
    artists = [ctx.artist_keys[i] for i in pool]
    blocked_version = np.fromiter(
        (v in seed_versions for v in versions), dtype=bool, count=pool.size
    )
    taken = np.zeros(pool.size, dtype=bool)
    adventure = float(np.clip(opts.adventure, 0.0, 1.0))
    w_seed = 0.3 - 0.2 * adventure
    rng = np.random.default_rng(opts.seed)
    from recommender.playlists.diversity import SpacingState

    state = SpacingState(
        max_per_artist=opts.per_artist(),
        artist_gap=opts.artist_gap,
        used_versions=set(seed_versions),
    )
    history = list(seeds)
    out: list[Pick] = []
    version_arr = np.asarray(versions, dtype=object)
    for _ in range(opts.count):
        recent = history[-3:]
        weights = 0.5 ** np.arange(len(recent) - 1, -1, -1, dtype=np.float64)
        ctx_vec = (emb[recent] * weights[:, None]).sum(axis=0)
        ctx_vec /= max(float(np.linalg.norm(ctx_vec)), 1e-9)
        to_recent = pool_emb @ ctx_vec
        rel = 0.5 * to_recent + w_seed * pool_seed + (0.5 - w_seed) * pool_next
        rel = rel + rng.standard_normal(pool.size) * (0.01 + 0.03 * adventure)
        rel[taken | blocked_version] = -np.inf
        choice = _first_allowed(rel, state, artists, versions)
        if choice < 0:
            break
        item = int(pool[choice])
        taken[choice] = True
        blocked_version |= version_arr == versions[choice]
        state.add(artists[choice], versions[choice])
        reason = _reason(ctx, item, recent, from_seed=len(history) == len(seeds))
        out.append(ctx.pick(item, float(rel[choice]), reason))
        history.append(item)
    return out


def _neighbourhood(
    ctx: PlaylistContext, seeds: list[int], ok: np.ndarray, count: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """The station's pool: content neighbours of the seeds plus the model's next tracks.

    Returns the pool (sorted item indices), each member's closeness to the seeds' centre and
    its model next-track score; None when nothing may be played.
    """
    emb = ctx.embeddings
    seed_centre = emb[seeds].mean(axis=0)
    seed_centre /= max(float(np.linalg.norm(seed_centre)), 1e-9)
    to_seed = emb @ seed_centre
    next_scores = (
        _unit(ctx.model.score(context_items=np.asarray(seeds)).astype(np.float64))
        if ctx.model is not None
        else np.zeros(ctx.n)
    )
    pool_size = min(int(ok.sum()), max(2000, 40 * count))
    if pool_size == 0:
        return None
    key = np.where(ok, 0.7 * to_seed + 0.3 * next_scores, -np.inf)
    pool = np.sort(np.argpartition(-key, pool_size - 1)[:pool_size])
    return pool, to_seed[pool], next_scores[pool]


def _first_allowed(rel: np.ndarray, state: Any, artists: list[str], versions: list[str]) -> int:
    """The best of the first 2,000 candidates the spacing rules allow, or -1."""
    for idx in np.argsort(-rel, kind="stable")[:2000]:
        if not np.isfinite(rel[idx]):
            break
        if state.allows(artists[idx], versions[idx]):
            return int(idx)
    return -1


def _reason(ctx: PlaylistContext, item: int, recent: list[int], *, from_seed: bool) -> str:
    """Why ``item`` follows: the recent track it is closest to and how they resemble."""
    emb = ctx.embeddings
    near = max(recent, key=lambda r: float(emb[item] @ emb[r]))
    template = r.CLOSE_TO_SEED if from_seed else r.FOLLOWS
    reason = Reason(
        template,
        title=ctx._title(near),
        artist=ctx._artist(near),
        likeness=ctx.likeness(item, near),
    )
    if ctx.has_history and ctx._artist_is_favourite(item):
        reason = Reason(r.THEN, a=reason, b=Reason(r.PLAY_A_LOT, artist=ctx._artist(item)))
    return reason
