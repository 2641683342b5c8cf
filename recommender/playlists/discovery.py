"""The finding generators: ``discover``, ``fresh``, ``deep-cuts`` and ``forgotten``."""

from __future__ import annotations

import numpy as np

from analysis.errors import DeepCutsError
from recommender.models.base import DAY, by_code
from recommender.playlists import reasons as r
from recommender.playlists.context import (
    DEFAULT_ADVENTURE,
    Options,
    Pick,
    PlaylistContext,
    _artist_novelty,
    _finished_albums,
    _single_threaded,
    _with,
    list_adventure,
)
from recommender.playlists.helpers import (
    _interleave,
    _month,
    _span,
    _times,
    _unit,
)
from recommender.playlists.order import list_relevance
from recommender.playlists.reasons import Reason

#: Exploration (picks by artists never played) is sized from the first plays of this many days
#: before now; with fewer than ``MIN_FIRST_PLAYS`` of them there is no evidence and no slot.
EXPLORE_DAYS = 365.0
MIN_FIRST_PLAYS = 20
#: Whether discover reserves the explored share of its places for never-played artists
#: (docs/model.md, "Lists": measured, not shipped; the model's own order decides instead).
RESERVE_EXPLORATION = False


def new_artist_share(ctx: PlaylistContext, *, days: float = EXPLORE_DAYS) -> float:
    """Share of the person's first plays of a track, in the ``days`` before now, that were
    also the first play of its artist: how much they explore, from their own past.

    Parameters
    ----------
    ctx : PlaylistContext
        The history up to now.
    days : float
        How far back to look.

    Returns
    -------
    float
        In [0, 1]; 0 with fewer than ``MIN_FIRST_PLAYS`` first plays in the window.
    """
    p = ctx.data.plays
    known = p.item >= 0
    first = np.full(ctx.n, np.inf)
    np.minimum.at(first, p.item[known], p.played_at[known])
    codes = ctx.artist_codes
    artist_first = np.full(max(len(ctx.artist_names), 1), np.inf)
    has = np.isfinite(first) & (codes >= 0)
    np.minimum.at(artist_first, codes[has], first[has])
    recent = np.isfinite(first) & (first > ctx.now - days * DAY)
    if recent.sum() < MIN_FIRST_PLAYS:
        return 0.0
    opened = (codes < 0) | (artist_first[np.maximum(codes, 0)] >= first)
    return float((opened & recent).sum() / recent.sum())


def explore_count(ctx: PlaylistContext, opts: Options) -> int:
    """Places of a discover list reserved for never-played artists (0 unless reserved).

    ``count * share`` at the default adventure, none at 0, twice that at 1 (at most half the
    list); ``share`` is :func:`new_artist_share`.
    """
    if not RESERVE_EXPLORATION or not ctx.has_history:
        return 0
    adventure = float(np.clip(opts.adventure, 0.0, 1.0))
    if adventure <= DEFAULT_ADVENTURE:
        scale = adventure / DEFAULT_ADVENTURE
    else:
        scale = 1.0 + (adventure - DEFAULT_ADVENTURE) / (1.0 - DEFAULT_ADVENTURE)
    return int(min(round(opts.count * new_artist_share(ctx) * scale), opts.count // 2))


@_single_threaded
def discover(ctx: PlaylistContext, opts: Options | None = None) -> list[Pick]:
    """Songs the person has never heard (no play of any version before now, skips included)
    that they will probably love.

    Relevance is the model's taste score fused with the person's artist plays and recent artist
    affinity (:func:`~recommender.playlists.order.list_relevance`), kept in order under the list
    rules at the default adventure. Without history, a spread of the library chosen by MMR over the content space.
    Tracks heard once belong to ``deep-cuts`` and ``forgotten`` (their reasons say so).
    """
    opts = opts or Options()
    cand = np.flatnonzero(~ctx.heard & ~ctx.blocked)
    if not ctx.has_history:
        # Content only: a seeded spread, so the first lists cover the library's range.
        rel = np.random.default_rng(opts.seed).random(cand.size)
        wide = _with(opts, adventure=max(opts.adventure, 0.8))
        items = ctx._select(cand, rel, wide, novelty=_artist_novelty(ctx, cand))
        return [
            ctx.pick(
                i, ctx.taste[i], Reason(r.PAREN, a=ctx.explore_reason(i), b=Reason(r.NEVER_PLAYED))
            )
            for i in items.tolist()
        ]
    items = _discover_order(ctx, cand, opts)
    out = []
    for item, reason in zip(items.tolist(), ctx.taste_reason(items)):
        heard = Reason(r.NEVER_PLAYED)
        out.append(ctx.pick(item, ctx.taste[item], Reason(r.PAREN, a=reason, b=heard)))
    return out


def _discover_order(ctx: PlaylistContext, cand: np.ndarray, opts: Options) -> np.ndarray:
    """The list order under the rules, with the reserved exploration places merged in."""
    sel = _with(opts, adventure=list_adventure(opts.adventure))
    novelty = _artist_novelty(ctx, cand)
    n_explore = explore_count(ctx, opts)
    if n_explore == 0:
        return ctx._select(cand, list_relevance(ctx, cand), sel, novelty=novelty)
    new = novelty >= 1.0
    explore = ctx._select(cand[new], ctx.taste[cand[new]], sel, count=n_explore)
    rest = ctx._select(
        cand[~new], ctx.taste[cand[~new]], sel, count=opts.count - explore.size, novelty=None
    )
    merged = _interleave(rest, explore)
    rank = -np.arange(merged.size, dtype=np.float64)
    return ctx._select(merged, rank, _with(opts, adventure=0.0), count=merged.size)


@_single_threaded
def fresh(ctx: PlaylistContext, opts: Options | None = None, *, days: float = 30.0) -> list[Pick]:
    """Recently added tracks ranked by predicted taste.

    "Recent" is the last ``days`` days before now; when fewer than ``count`` tracks arrived in
    that window, the newest ``3 * count`` tracks are taken instead.
    """
    opts = opts or Options()
    added = ctx.data.added_at
    ok = ~ctx.blocked & ~ctx.recent_mask(opts) & (added <= ctx.now)
    window = ok & (added >= ctx.now - days * DAY)
    if window.sum() < opts.count:
        cand = np.flatnonzero(ok)
        newest = cand[np.lexsort((cand, -added[cand]))][: 3 * opts.count]
        window = np.zeros(ctx.n, dtype=bool)
        window[newest] = True
    cand = np.flatnonzero(window)
    age_days = (ctx.now - added[cand]) / DAY
    recency = 1.0 / (1.0 + age_days / max(days, 1.0))
    rel = 0.7 * ctx.taste[cand] + 0.3 * recency if ctx.has_history else recency
    items = ctx._select(cand, rel, opts, novelty=_artist_novelty(ctx, cand))
    reasons = (
        ctx.taste_reason(items) if ctx.has_history else [ctx.explore_reason(int(i)) for i in items]
    )
    out = []
    for item, reason in zip(items.tolist(), reasons):
        age = _span((ctx.now - added[item]) / DAY)
        when = age if age == "today" else Reason(r.AGO, span=age)
        if ctx.song_count[item] > ctx.total_count[item]:
            times = _times(int(ctx.song_count[item]))
            reason = Reason(r.NEW_VERSION, times=times, reason=reason)
        if added[item] > 0:  # 0: no date known (a library made without a scan)
            reason = Reason(r.ADDED_WHEN, when=when, reason=reason)
        out.append(ctx.pick(item, rel[np.searchsorted(cand, item)], reason))
    return out


def _top_artists(ctx: PlaylistContext, artists: int) -> np.ndarray:
    """Artist codes of the ``artists`` most played artists, most played first."""
    totals = ctx.artist_plays
    ranked = np.flatnonzero(totals > 0)
    return ranked[np.lexsort((ranked, -totals[ranked]))][:artists]


def deep_cut_candidates(ctx: PlaylistContext, opts: Options, *, artists: int = 15) -> np.ndarray:
    """Items ``deep-cuts`` chooses from: songs of the ``artists`` most played artists played at
    most twice and at most a quarter as often as that artist's most played song.

    Parameters
    ----------
    ctx : PlaylistContext
        The library and history.
    opts : Options
        For the hold-back of recently played songs.
    artists : int
        How many of the most played artists.

    Returns
    -------
    ndarray of int64
        Item indices, ascending.
    """
    top = np.zeros(len(ctx.artist_names), dtype=bool)
    top[_top_artists(ctx, artists)] = True
    codes = ctx.artist_codes
    in_top = by_code(top, codes, False)
    best = np.zeros(len(ctx.artist_names))
    np.maximum.at(best, codes[codes >= 0], ctx.song_count[codes >= 0])
    limit = np.minimum(2.0, 0.25 * by_code(best, codes, 0.0))
    return np.flatnonzero(
        in_top & (ctx.song_count <= limit) & ~ctx.blocked & ~ctx.recent_mask(opts)
    )


@_single_threaded
def deep_cuts(
    ctx: PlaylistContext, opts: Options | None = None, *, artists: int = 15
) -> list[Pick]:
    """The lesser-played tracks of the artists the person plays most.

    The top ``artists`` artists by plays; their tracks played at most a quarter as often as
    that artist's most-played track (and at most twice), ranked by taste.
    """
    opts = opts or Options()
    if not ctx.has_history:
        raise DeepCutsError(
            "deep cuts need a listening history: play some music or import "
            "a history first (deepcuts-cli history import FILE)"
        )
    totals = ctx.artist_plays
    codes = ctx.artist_codes
    ranked = _top_artists(ctx, artists)
    rank_of = {int(a): r for r, a in enumerate(ranked.tolist())}
    cand = deep_cut_candidates(ctx, opts, artists=artists)
    if cand.size == 0:
        return []
    artist_rank = np.array([rank_of[int(codes[i])] for i in cand], dtype=np.float64)
    rel = 0.6 * ctx.taste[cand] + 0.4 * (1.0 - artist_rank / max(artists, 1))
    items = ctx._select(cand, rel, opts, novelty=(ctx.song_count[cand] == 0).astype(np.float64))
    out = []
    for item in items.tolist():
        artist_total = int(totals[codes[item]])
        heard = ctx.song_count[item]
        this = (
            Reason(r.NEVER_PLAYED_THIS)
            if heard == 0
            else Reason(r.PLAYED_THIS, times=_times(int(heard)))
        )
        if ctx.meta.albums[item]:
            this = Reason(r.FROM_ALBUM, this=this, album=ctx.meta.albums[item])
        reason = Reason(
            r.MOST_PLAYED_ARTIST, artist=ctx._artist(item), plays=artist_total, this=this
        )
        out.append(ctx.pick(item, rel[np.searchsorted(cand, item)], reason))
    return out


def _in_loved_album(ctx: PlaylistContext, album_loved: np.ndarray) -> np.ndarray:
    """Which tracks are on an album the person loved (finished at least twice)."""
    return by_code(album_loved, ctx.album_codes, False)


@_single_threaded
def forgotten(
    ctx: PlaylistContext, opts: Options | None = None, *, min_days: float | None = None
) -> list[Pick]:
    """Tracks and albums loved once and not played for a long time.

    Loved: finished at least three times, liked, rated 0.8 or more, or an imported count of five
    or more. Forgotten: not played for ``min_days`` (default: 180 days, or half the span of the
    history when that is shorter, but at least 30). Albums the person finished in one sitting
    (80% of the album's tracks, at least three, finished within one session) lend their tracks
    the reason "an album you finished twice, not played for nine months".
    """
    opts = opts or Options()
    if not ctx.has_history:
        raise DeepCutsError(
            "forgotten favourites need a listening history: play some music or "
            "import a history first (deepcuts-cli history import FILE)"
        )
    if min_days is None:
        known = ctx.last_played[np.isfinite(ctx.last_played)]
        first = (
            ctx.plays.played_at.min()
            if len(ctx.plays)
            else (known.min() if known.size else ctx.now)
        )
        span = (ctx.now - first) / DAY
        min_days = max(30.0, min(180.0, span / 2.0))
    data = ctx.data
    liked = np.zeros(ctx.n, dtype=bool)
    if data.likes.size:
        liked[data.likes] = True
    rated = np.nan_to_num(data.rating, nan=0.0) >= 0.8
    loved = (ctx.finished_count >= 3) | liked | rated | (data.play_count >= 5)
    album_times, album_last = _finished_albums(ctx)
    album_loved = album_times >= 2
    in_loved_album = _in_loved_album(ctx, album_loved)
    age_days = (ctx.now - ctx.last_played) / DAY
    cand_mask = (loved | in_loved_album) & (age_days >= min_days) & ~ctx.blocked
    cand = np.flatnonzero(cand_mask)
    if cand.size == 0:
        return []
    love = np.log1p(ctx.finished_count[cand] + 0.5 * data.play_count[cand]) + 2.0 * liked[cand]
    love += 1.0 * in_loved_album[cand]
    rel = 0.1 + 0.6 * _unit(love) + 0.3 * _unit(np.log1p(np.minimum(age_days[cand], 3650.0)))
    items = ctx._select(cand, rel, opts)
    out = []
    for item in items.tolist():
        code = ctx.album_codes[item]
        if code >= 0 and album_loved[code]:
            ago = _span((ctx.now - album_last[code]) / DAY)
            reason = Reason(
                r.ALBUM_FINISHED,
                album=ctx.meta.albums[item] or Reason(r.AN_ALBUM),
                times=_times(int(album_times[code])),
                ago=ago,
            )
        else:
            ago = _span(age_days[item])
            if liked[item]:
                love_txt = Reason(r.YOU_LIKED_IT)
            elif ctx.finished_count[item] >= 3:
                love_txt = Reason(r.PLAYED_TO_END, times=_times(int(ctx.finished_count[item])))
            elif rated[item]:
                love_txt = Reason(r.RATED_HIGHLY)
            else:
                love_txt = Reason(r.PLAYED_IT, times=_times(int(ctx.total_count[item])))
            when = _month(ctx.last_played[item])
            reason = Reason(r.LAST_IN, love=love_txt, when=when, ago=ago)
        out.append(ctx.pick(item, rel[np.searchsorted(cand, item)], reason))
    return out
