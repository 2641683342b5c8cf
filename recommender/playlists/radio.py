"""Radio: a list that flows on from one or more seed tracks."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from analysis.errors import DeepCutsError
from recommender.models.base import FUSION_K, places
from recommender.models.signals import item_affinity
from recommender.playlists import reasons as r
from recommender.playlists.context import (
    Options,
    Pick,
    PlaylistContext,
    _single_threaded,
)
from recommender.playlists.diversity import rank_scale
from recommender.playlists.order import RECENT_HALF_LIFE
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
#: Whether the seed fills the whole three-track context the head was fitted on (True) or stands
#: alone in it (docs/model.md, "Lists", item 10).
SEED_FILLS = True
#: Whether the first ``SEED_HELD`` tracks follow a reciprocal-rank fusion of the head's order
#: and the person's 30-day rotation (docs/model.md, "Lists", item 10: sessions replay what the
#: person plays lately, whatever the seed).
ROTATION = True
#: Whether the fusion with the rotation goes on past the first ``SEED_HELD`` tracks, for the
#: whole station (docs/model.md, "Lists", item 16: the rest of a session keeps replaying the
#: person's recent songs, and a station that dropped them after ten tracks missed them).
ROTATION_THROUGHOUT = True
#: Whether, past the first ``SEED_HELD`` tracks, the next-track context is the seed and the
#: station's last two tracks (True: the station drifts on a tether), or its last three alone
#: (False, before): docs/model.md, "Lists", item 16.
SEED_TETHER = True
#: Whether the rotation weighs ``1 - `` the person's same-artist share in that fusion (True) or
#: as much as the head (False): docs/model.md, "Lists", item 10.
ROTATION_BY_RUNS = False
#: Jitter (on a rank scale) at adventure 1; none at the default, which keeps the model's order.
MAX_JITTER = 0.03
#: Whether the seed's artist (and album) open the station in a run sized by the person's own
#: sessions (:func:`listening_runs`; docs/model.md, "Lists", item 10).
SEED_RUN = True
#: The station's neighbourhood: ``max(POOL_SIZE, POOL_PER_PICK * count)`` songs, half the
#: head's best after the seeds and half the seeds' content neighbours.
POOL_SIZE = 2000
POOL_PER_PICK = 40
#: With ``ROTATION``, the person's songs with the most 30-day play affinity that join the
#: station's pool, this many at most (docs/model.md, "Lists", item 11: the fusion cannot bring
#: a song of their rotation that neither neighbourhood holds).
ROTATION_POOL = 1000


def listening_runs(ctx: PlaylistContext) -> tuple[float, float]:
    """How the person moves on within a session: the share of their steps from one song to
    another in a session (plays before ``as-of``) that stay with the artist, and with the album.

    Parameters
    ----------
    ctx : PlaylistContext
        Its plays (the person's, before ``as-of``) and its artist and album codes.

    Returns
    -------
    tuple of float
        ``(same_artist, same_album)``, each in 0..1; 0 without sessions.
    """
    p = ctx.plays
    if len(p) < 2:
        return 0.0, 0.0
    step = (p.session[1:] == p.session[:-1]) & (p.item[1:] != p.item[:-1])
    steps = int(step.sum())
    if steps == 0:
        return 0.0, 0.0
    a, b = ctx.artist_codes[p.item], ctx.album_codes[p.item]
    artist = step & (a[1:] == a[:-1]) & (a[1:] >= 0)
    album = artist & (b[1:] == b[:-1]) & (b[1:] >= 0)
    return float(artist.sum()) / steps, float(album.sum()) / steps


@_single_threaded
def radio(ctx: PlaylistContext, seeds: Sequence[int], opts: Options | None = None) -> list[Pick]:
    """A station from one or several seed items.

    The station opens with a run of the seed's artist, its album first: as many of the first
    ``SEED_HELD`` places as the person's own sessions stay with an artist (an album) from one
    song to the next (:func:`listening_runs`), album tracks in the order the person plays them;
    spacing and the per-artist cap are waived for that run only. Then, with a model, each next
    track is the best candidate under the rules by the model's next-track head, fused with the
    person's 30-day rotation; the head is given the seed (filling the three-track context it
    was fitted on) for the first ``SEED_HELD`` tracks, then the seed and the station's last two
    tracks: the station drifts, tethered to the seed. Without a model: ``0.5 * closeness to the
    last three tracks (newest weighs most) + w * closeness to the seeds``, ``w`` falling from
    0.3 to 0.1 as ``adventure`` rises.
    Seeds are never repeated, nor is any song (any version) already on the station.
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
        # the person's rotation: their 30-day play affinity (fused with the head's order)
        self.affinity: np.ndarray | None = None
        if ctx.model is not None and ROTATION:
            self.affinity = item_affinity(ctx.data, half_life_days=RECENT_HALF_LIFE)
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
        self._rotation: np.ndarray | None = None
        self._plan_run()

    def _plan_run(self) -> None:
        """How many of the first ``SEED_HELD`` places go to the seed's artist and album: that
        share of them, the share of the person's own session steps that stay with the artist
        (the album); none for a station without an artist or with ``SEED_RUN`` off."""
        seed = self.seeds[-1]
        self.run_artist = self.ctx.artist_keys[seed]
        seed_album = int(self.ctx.album_codes[seed])
        self.in_album = (self.ctx.album_codes[self.pool] == seed_album) & (seed_album >= 0)
        self.in_artist = np.array([a == self.run_artist for a in self.artists], dtype=bool)
        self.run_left = self.album_left = 0
        self.run_items: set[int] = set()  # taken in the opening run: their reason says so
        same_artist, same_album = listening_runs(self.ctx)
        self.rotation_weight = 1.0 - same_artist if ROTATION_BY_RUNS else 1.0
        if SEED_RUN and self.run_artist:
            self.run_left = round(SEED_HELD * same_artist)
            self.album_left = round(SEED_HELD * same_album)

    def _follows(self, last: int) -> np.ndarray:
        """How often the person played each pool track right after ``last`` in a session."""
        p = self.ctx.plays
        at = np.flatnonzero((p.item[:-1] == last) & (p.session[1:] == p.session[:-1]))
        return np.bincount(p.item[at + 1], minlength=self.ctx.n)[self.pool].astype(np.float64)

    def _run_choice(self, rel: np.ndarray) -> int:
        """Position of the seed artist's next track while its run lasts, else -1.

        The run is the artist's best tracks by ``rel`` (rules of spacing and cap waived, one
        version of a song kept); while the album's share lasts its tracks come first, each
        the one the person most often played after the station's last track (their album
        order), then by ``rel``.
        """
        if self.run_left <= 0 or len(self.history) - len(self.seeds) >= SEED_HELD:
            return -1
        key = np.where(self.in_artist, rel, -np.inf)
        if self.album_left > 0:
            # rel lies within -1..1; a single play after the last track outranks it
            order = 10.0 * np.log1p(self._follows(self.history[-1]))
            key = key + np.where(self.in_album, 1e6 + order, 0.0)
        best = int(np.argmax(key))
        return best if np.isfinite(key[best]) else -1

    def _pool(self, ok: np.ndarray) -> np.ndarray:
        """The station's neighbourhood: the model's next tracks after the seeds and the
        seeds' content neighbours, the seed's artist whole, and with a model the person's
        rotation (``ROTATION_POOL``)."""
        ctx, opts = self.ctx, self.opts
        size = min(int(ok.sum()), max(POOL_SIZE, POOL_PER_PICK * opts.count))
        if size == 0:
            return np.zeros(0, dtype=np.int64)
        # the seed's artist, whole: its run may reach past the two neighbourhoods
        mine = np.flatnonzero(ok & (ctx.artist_codes == ctx.artist_codes[self.seeds[-1]]))
        mine = mine if ctx.artist_codes[self.seeds[-1]] >= 0 else mine[:0]
        if self.affinity is not None and ROTATION_POOL > 0:
            key = np.where(ok & (self.affinity > 0), self.affinity, -np.inf)
            k = min(ROTATION_POOL, int(np.isfinite(key).sum()))
            if k:
                mine = np.union1d(mine, np.argpartition(-key, k - 1)[:k])
        if ctx.model is None:
            key = np.where(ok, self.to_seed, -np.inf)
            return np.union1d(np.argpartition(-key, size - 1)[:size], mine)
        after = ctx.model.score(context_items=np.asarray(self.seeds)).astype(np.float64)
        pools = []
        for values in (after, self.to_seed):
            key = np.where(ok, values, -np.inf)
            pools.append(np.argpartition(-key, size // 2 - 1)[: size // 2])
        return np.unique(np.concatenate([*pools, mine]))

    def _relevance(self) -> np.ndarray:
        ctx, emb = self.ctx, self.ctx.embeddings
        recent = self.history[-3:]
        if ctx.model is not None:
            picked = self.history[len(self.seeds) :]
            opening = len(picked) < SEED_HELD
            # the first tracks follow the seed, then the station drifts from its own last
            # tracks, held to the seed by a tether
            if opening:
                near = self.seeds[-1:] + ([] if SEED_ALONE else picked[-2:])
                if SEED_ALONE and SEED_FILLS:
                    near = near * 3
            else:
                near = self.seeds[-1:] + picked[-2:] if SEED_TETHER else recent
            scores = ctx.model.score_next(np.asarray(near), self.pool).astype(np.float64)
            if ROTATION and (opening or ROTATION_THROUGHOUT):
                scores = self._with_rotation(scores)
            rel = rank_scale(scores)
            sd = MAX_JITTER * max(0.0, self.adventure - 0.3) / 0.7
            return rel + self.rng.standard_normal(self.pool.size) * max(sd, 1e-9)
        weights = 0.5 ** np.arange(len(recent) - 1, -1, -1, dtype=np.float64)
        vec = (emb[recent] * weights[:, None]).sum(axis=0)
        vec /= max(float(np.linalg.norm(vec)), 1e-9)
        w_seed = 0.3 - 0.2 * self.adventure
        rel = 0.5 * (emb[self.pool] @ vec) + w_seed * self.to_seed[self.pool]
        return rel + self.rng.standard_normal(self.pool.size) * (0.01 + 0.03 * self.adventure)

    def _with_rotation(self, scores: np.ndarray) -> np.ndarray:
        """Reciprocal-rank fusion (discover's, ``recommender/playlists/order.py``) of the
        head's ``scores`` with the person's rotation: their 30-day play affinity, the head
        breaking its ties (songs not played lately)."""
        if self._rotation is None:
            assert self.affinity is not None  # a station with a model and ROTATION has it
            self._rotation = self.affinity[self.pool].astype(np.float64)
        head = 1.0 / (FUSION_K + places(scores))
        return head + self.rotation_weight / (FUSION_K + places(scores, self._rotation))

    def next_choice(self) -> int:
        """Position in the pool of the best track the rules allow next, or -1."""
        rel = self._relevance()
        rel[self.blocked] = -np.inf
        run = self._run_choice(rel)
        if run >= 0:
            self.last_score = float(rel[run])
            return run
        for idx in np.argsort(-rel, kind="stable")[:2000]:
            if not np.isfinite(rel[idx]):
                break
            if self.state.allows(self.artists[idx], self.versions[idx]):
                self.last_score = float(rel[idx])
                return int(idx)
        return -1

    def take(self, choice: int) -> int:
        item = int(self.pool[choice])
        if self.artists[choice] == self.run_artist and self.run_left > 0:
            self.run_left -= 1
            self.run_items.add(item)
            self.album_left -= int(self.in_album[choice])
        self.blocked |= self.version_arr == self.versions[choice]
        self.state.add(self.artists[choice], self.versions[choice])
        self.history.append(item)
        return item

    def reason(self, item: int) -> str:
        """Why ``item`` is on the station, naming each track once.

        A song of the opening run says that the person plays runs of the seed's artist; a song
        by the artist of one of the last three tracks is "more X after Y"; any other says how it
        resembles the closest of the last three ("close to your seed" when that is a seed,
        "follows" when it is the track just before, else how many tracks back it is), and that
        the person plays its artist a lot when they do.
        """
        ctx, emb = self.ctx, self.ctx.embeddings
        if item in self.run_items:  # why the spacing rule gave way
            return Reason(r.RUN_AFTER, artist=ctx._artist(item), title=ctx._title(self.seeds[-1]))
        before = self.history[:-1]
        recent = before[-3:]
        key = ctx.artist_keys[item]
        same = [other for other in recent if key and ctx.artist_keys[other] == key]
        if same:
            return Reason(r.MORE_AFTER, artist=ctx._artist(item), title=ctx._title(same[-1]))
        near = max(recent, key=lambda other: float(emb[item] @ emb[other]))
        back = len(recent) - recent.index(near)  # 1: the track just before
        template = (
            r.CLOSE_TO_SEED if near in self.seeds else r.FOLLOWS if back == 1 else r.NEAR_BACK
        )
        reason = Reason(
            template,
            title=ctx._title(near),
            artist=ctx._artist(near),
            likeness=ctx.likeness(item, near, name=False),
            back=back,  # only NEAR_BACK says it
        )
        if ctx.has_history and ctx._artist_is_favourite(item):
            reason = Reason(r.THEN, a=reason, b=Reason(r.PLAY_A_LOT, artist=ctx._artist(item)))
        return reason
