"""Radio: a list that flows on from one or more seed tracks."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from analysis.errors import DeepCutsError
from recommender.playlists import reasons as r
from recommender.playlists.context import (
    Options,
    Pick,
    PlaylistContext,
    _single_threaded,
)
from recommender.playlists.diversity import rank_scale
from recommender.playlists.reasons import Reason

#: Whether the radio holds back songs played in the last ``hold_back_days`` (docs/model.md,
#: "Lists": people's sessions replay recent favourites, so a station that holds them back
#: misses what they go on to play).
HOLD_BACK = False
#: For this many tracks the seed stays in the next-track context, then only the station's own
#: last three tracks are (docs/model.md, "Lists": it kept more of the sessions' own tracks in
#: the first ten than drifting from the first pick).
SEED_HELD = 10
#: Whether those first tracks follow the seed alone (True) or the seed and the station's last
#: two tracks (False, before): docs/model.md, "Lists", item 9.
SEED_ALONE = True
#: Jitter (on a rank scale) at adventure 1; none at the default, which keeps the model's order.
MAX_JITTER = 0.03


@_single_threaded
def radio(ctx: PlaylistContext, seeds: Sequence[int], opts: Options | None = None) -> list[Pick]:
    """A station from one or several seed items.

    With a model, each next track is the best candidate under the rules by the model's
    next-track head, given the seed alone for the first ``SEED_HELD`` tracks, then the
    station's last three: the head was fitted on the person's own sessions, so when
    they play an artist's or album's tracks in a row the seed's artist and album come early,
    and once the seed leaves the context the station drifts. Without a model: ``0.5 * closeness to the last three tracks (newest
    weighs most) + w * closeness to the seeds + rest * 0``, ``w`` falling from 0.3 to 0.1 as
    ``adventure`` rises. Seeds are never repeated, nor is any song (any version) already on
    the station.
    """
    opts = opts or Options()
    seeds = [int(s) for s in seeds]
    if not seeds:
        raise DeepCutsError("radio needs at least one seed track (--seed TRACK)")
    station = _Station(ctx, seeds, opts)
    if station.pool.size == 0:
        return []
    out: list[Pick] = []
    for _ in range(opts.count):
        choice = station.next_choice()
        if choice < 0:
            break
        item = station.take(choice)
        out.append(ctx.pick(item, float(station.last_score), station.reason(item)))
    return out


class _Station:
    """The pool of a radio and its running state (what was played, the rules)."""

    def __init__(self, ctx: PlaylistContext, seeds: list[int], opts: Options) -> None:
        from recommender.playlists.diversity import SpacingState

        self.ctx, self.seeds, self.opts = ctx, seeds, opts
        emb = ctx.embeddings
        centre = emb[seeds].mean(axis=0)
        centre /= max(float(np.linalg.norm(centre)), 1e-9)
        ok = ~ctx.blocked & (~ctx.recent_mask(opts) if HOLD_BACK else True)
        ok[seeds] = False
        self.to_seed = emb @ centre
        self.pool = self._pool(ok)
        self.versions = [ctx.version_keys[i] for i in self.pool]
        self.artists = [ctx.artist_keys[i] for i in self.pool]
        seed_versions = {ctx.version_keys[s] for s in seeds}
        self.version_arr = np.asarray(self.versions, dtype=object)
        self.blocked = np.isin(self.version_arr, list(seed_versions))
        self.state = SpacingState(
            max_per_artist=opts.per_artist(),
            artist_gap=opts.artist_gap,
            used_versions=set(seed_versions),
        )
        self.rng = np.random.default_rng(opts.seed)
        self.adventure = float(np.clip(opts.adventure, 0.0, 1.0))
        self.history = list(seeds)
        self.last_score = 0.0

    def _pool(self, ok: np.ndarray) -> np.ndarray:
        """The station's neighbourhood: the model's next tracks after the seeds and the
        seeds' content neighbours."""
        ctx, opts = self.ctx, self.opts
        size = min(int(ok.sum()), max(2000, 40 * opts.count))
        if size == 0:
            return np.zeros(0, dtype=np.int64)
        if ctx.model is None:
            key = np.where(ok, self.to_seed, -np.inf)
            return np.sort(np.argpartition(-key, size - 1)[:size])
        after = ctx.model.score(context_items=np.asarray(self.seeds)).astype(np.float64)
        pools = []
        for values in (after, self.to_seed):
            key = np.where(ok, values, -np.inf)
            pools.append(np.argpartition(-key, size // 2 - 1)[: size // 2])
        return np.unique(np.concatenate(pools))

    def _relevance(self) -> np.ndarray:
        ctx, emb = self.ctx, self.ctx.embeddings
        recent = self.history[-3:]
        if ctx.model is not None:
            picked = self.history[len(self.seeds) :]
            # the first tracks follow the seed, then the station drifts from its own last three
            if len(picked) >= SEED_HELD:
                near = recent
            else:
                near = self.seeds[-1:] + ([] if SEED_ALONE else picked[-2:])
            scores = ctx.model.score_next(np.asarray(near), self.pool).astype(np.float64)
            rel = rank_scale(scores)
            sd = MAX_JITTER * max(0.0, self.adventure - 0.3) / 0.7
            return rel + self.rng.standard_normal(self.pool.size) * max(sd, 1e-9)
        weights = 0.5 ** np.arange(len(recent) - 1, -1, -1, dtype=np.float64)
        vec = (emb[recent] * weights[:, None]).sum(axis=0)
        vec /= max(float(np.linalg.norm(vec)), 1e-9)
        w_seed = 0.3 - 0.2 * self.adventure
        rel = 0.5 * (emb[self.pool] @ vec) + w_seed * self.to_seed[self.pool]
        return rel + self.rng.standard_normal(self.pool.size) * (0.01 + 0.03 * self.adventure)

    def next_choice(self) -> int:
        """Position in the pool of the best track the rules allow next, or -1."""
        rel = self._relevance()
        rel[self.blocked] = -np.inf
        for idx in np.argsort(-rel, kind="stable")[:2000]:
            if not np.isfinite(rel[idx]):
                break
            if self.state.allows(self.artists[idx], self.versions[idx]):
                self.last_score = float(rel[idx])
                return int(idx)
        return -1

    def take(self, choice: int) -> int:
        item = int(self.pool[choice])
        self.blocked |= self.version_arr == self.versions[choice]
        self.state.add(self.artists[choice], self.versions[choice])
        self.history.append(item)
        return item

    def reason(self, item: int) -> str:
        ctx, emb = self.ctx, self.ctx.embeddings
        before = self.history[:-1]
        recent = before[-3:]
        near = max(recent, key=lambda other: float(emb[item] @ emb[other]))
        template = r.CLOSE_TO_SEED if len(before) == len(self.seeds) else r.FOLLOWS
        reason = Reason(
            template,
            title=ctx._title(near),
            artist=ctx._artist(near),
            likeness=ctx.likeness(item, near),
        )
        if ctx.has_history and ctx._artist_is_favourite(item):
            reason = Reason(r.THEN, a=reason, b=Reason(r.PLAY_A_LOT, artist=ctx._artist(item)))
        return reason
