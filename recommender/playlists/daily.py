"""The daily mixes: the person's listening split into clusters, one mix per cluster."""

from __future__ import annotations

import contextlib

import numpy as np

from recommender.models.base import DAY
from recommender.playlists import reasons as r
from recommender.playlists.context import (
    Mix,
    Options,
    Pick,
    PlaylistContext,
    _artist_novelty,
    _single_threaded,
    _top_names,
    _with,
    list_adventure,
)
from recommender.playlists.helpers import (
    _interleave,
    _span,
    _times,
    _unit,
)
from recommender.playlists.reasons import Reason

#: New finds of the mixes: the best never-heard tracks in the model's order (as discover), each
#: mix taking those nearest its centre first (True); or, before, every never-heard track by
#: ``0.6 * closeness to the centre + 0.4 * taste`` (False; docs/model.md, "Lists").
NEW_BY_TASTE = True
#: The new finds all mixes share hold this many times their new places, so that a mix whose own
#: favourites block some of them (the per-artist cap, the spacing) still has finds to fill its
#: places with, the mixes made last too.
NEW_POOL_SLACK = 1.5
#: Which mix each of the best new finds goes to: the nearest whose new places and per-artist
#: cap still have room for it, in the model's order (True); or the nearest, full or not (False,
#: before: the mixes then dropped some of the best finds, docs/model.md, "Lists", item 16).
NEW_HOMES = True
#: A known song of a mix is called one of the person's favourites from this many plays on
#: (below, "one you know").
FAVOURITE_PLAYS = 3


@_single_threaded
def daily(
    ctx: PlaylistContext, opts: Options | None = None, *, mixes: int | None = None
) -> list[Mix]:
    """Several mixes, one per cluster of the person's taste, each mixing favourites and new.

    The played tracks' embeddings are clustered with k-means (weights: affinity); each mix takes
    the cluster's favourites (not held back) and unplayed tracks closest to the cluster's centre,
    familiar share ``0.6 - 0.4 * adventure``. No song appears in two mixes. Without history the
    whole library is clustered and every pick says it is exploration.
    """
    opts = opts or Options(count=25)
    recent = ctx.recent_mask(opts)
    played = np.flatnonzero((ctx.affinity > 0) & ~ctx.blocked)
    history = ctx.has_history and played.size > 0
    basis = played if history else np.flatnonzero(~ctx.blocked)
    if basis.size == 0:
        return []
    mixes = _mix_count(mixes, basis.size, history)
    if not history and basis.size > 20_000:  # k-means on a seeded sample is enough to find parts
        basis = np.sort(np.random.default_rng(opts.seed).choice(basis, 20_000, replace=False))
    centres, labels = _clusters(ctx, basis, mixes, history=history, seed=opts.seed)
    weights = np.clip(ctx.affinity[basis], 0.05, None) if history else None
    order = np.argsort(-np.bincount(labels, weights=weights, minlength=mixes), kind="stable")
    used: set[str] = set()
    out: list[Mix] = []
    all_new = np.flatnonzero(~ctx.heard & ~ctx.blocked)  # new finds: never heard
    unplayed, first, unplayed_label = _finds_and_homes(ctx, opts, all_new, centres, history)
    for number, c in enumerate(order.tolist(), start=1):
        before = set(used)
        members = basis[labels == c]
        sim_all = ctx.embeddings @ centres[c]
        if history:
            mine = unplayed_label == c
            merged, new_items = _favourites_and_new(
                ctx, opts, members, sim_all, recent, (unplayed, mine, first), used
            )
        else:
            merged = ctx._select(members, sim_all[members], opts, exclude_versions=used)
            new_items = np.zeros(0, np.int64)
        final, new_items = _rules_pass(ctx, opts, merged, new_items, before, (all_new, centres, c))
        used.update(ctx.version_keys[i] for i in final)
        name = _mix_name(ctx, number, final, new_items)
        picks = _mix_picks(ctx, final, sim_all, new_items, history=history)
        if picks:
            out.append(Mix(name=name, picks=picks))
    return out


def _mix_name(ctx: PlaylistContext, number: int, final: np.ndarray, new_items: np.ndarray) -> str:
    """The mix's name, "Daily Mix 3: A, B": the most-loved artists of its known songs (of all
    its songs when it has none), since the cluster's own favourite artists may not be in it."""
    known = final[~np.isin(final, new_items)]
    top_artists = _top_names(ctx, known if known.size else final, 2)
    return f"Daily Mix {number}" + (f": {', '.join(top_artists)}" if top_artists else "")


def _mix_count(mixes: int | None, basis: int, history: bool) -> int:
    """Mixes wanted: about one per 15 loved tracks (at most 6); without history one per 100
    tracks (at most 4); never more than the tracks."""
    if mixes is None:
        mixes = int(np.clip(basis // 15, 1, 6)) if history else int(np.clip(basis // 100, 1, 4))
    return max(1, min(mixes, basis))


def _clusters(
    ctx: PlaylistContext, basis: np.ndarray, mixes: int, *, history: bool, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Unit-length k-means centres of the basis embeddings and each basis item's nearest one.

    k-means runs on the 3,000 most-loved tracks (they carry the taste), then every played
    track joins its nearest centre: the clustering stays well under a second at any history
    size.
    """
    from sklearn.cluster import KMeans

    fit_on = basis
    if history and basis.size > 3000:
        fit_on = basis[np.sort(np.argsort(-ctx.affinity[basis], kind="stable")[:3000])]
    try:  # installed with scikit-learn
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover
        threadpool_limits = None

    km = KMeans(n_clusters=mixes, n_init=2, max_iter=100, random_state=seed)
    limit = threadpool_limits(1) if threadpool_limits else contextlib.nullcontext()
    with limit:  # a small problem: OpenMP threads only add overhead (and stall on busy cores)
        km.fit(
            ctx.embeddings[fit_on],
            sample_weight=np.clip(ctx.affinity[fit_on], 0.05, None) if history else None,
        )
    centres = km.cluster_centers_.astype(np.float32)
    centres /= np.maximum(np.linalg.norm(centres, axis=1, keepdims=True), 1e-9)
    return centres, _nearest(ctx, basis, centres)


def _nearest(ctx: PlaylistContext, items: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Each item's nearest mix centre (the index of the centre)."""
    return np.argmax(ctx.embeddings[items] @ centres.T, axis=1)


def _favourites_and_new(
    ctx: PlaylistContext,
    opts: Options,
    members: np.ndarray,
    sim_all: np.ndarray,
    recent: np.ndarray,
    new: tuple[np.ndarray, np.ndarray, np.ndarray],
    used: set[str],
) -> tuple[np.ndarray, np.ndarray]:
    """One mix with history: the cluster's favourites (not held back) interleaved with
    unplayed tracks near its centre, then more of both in reserve (they fill the places of
    tracks the rules drop when the two are merged); returns the merged order and the new
    tracks. Adds the favourites before the reserve to ``used``."""
    favs = members[~recent[members]]
    fav_rel = 0.6 * _unit(ctx.affinity[favs]) + 0.4 * _unit(sim_all[favs])
    n_fav = _favourite_places(opts)
    fav_items = ctx._select(
        favs, fav_rel, _with(opts, adventure=0.0), exclude_versions=used, count=opts.count
    )
    fav_items, fav_reserve = fav_items[:n_fav], fav_items[n_fav:]
    if fav_items.size:  # in reserve only favourites as near the mix's centre as those chosen
        fav_reserve = fav_reserve[sim_all[fav_reserve] >= sim_all[fav_items].min()]
    used.update(ctx.version_keys[i] for i in fav_items)
    unplayed, mine, first = new
    if NEW_BY_TASTE:  # the best finds first, this mix's share of them first, in the model's order
        new_rel = ctx.taste[unplayed] + 2.0 * mine + 4.0 * first
        new_opts = _with(opts, adventure=list_adventure(opts.adventure))
    else:
        new_rel = 0.6 * sim_all[unplayed] + 0.4 * ctx.taste[unplayed]
        new_opts = opts
    places = opts.count - fav_items.size
    new_items = ctx._select(
        unplayed,
        new_rel,
        new_opts,
        exclude_versions=used,
        count=places + opts.count,
        novelty=_artist_novelty(ctx, unplayed),
    )
    # the reserve: more favourites first (the known songs keep the new finds the best ones),
    # then more new finds
    merged = np.concatenate(
        [_interleave(fav_items, new_items[:places]), fav_reserve, new_items[places:]]
    )
    return merged, new_items


def _favourite_places(opts: Options) -> int:
    """Places of a mix that go to favourites: a share of ``0.6 - 0.4 * adventure``."""
    return round(opts.count * (0.6 - 0.4 * float(np.clip(opts.adventure, 0.0, 1.0))))


def _finds_and_homes(
    ctx: PlaylistContext, opts: Options, unplayed: np.ndarray, centres: np.ndarray, history: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The new finds the mixes share, which of them each mix takes first (the best), and the
    mix each one prefers. With history: the best of the never-heard tracks in the model's order
    (:func:`_new_finds`), each going first to the nearest mix with room for it (:func:`_homes`);
    without, every never-heard track, each to the mix whose centre it is nearest."""
    if not (history and NEW_BY_TASTE):
        return unplayed, np.ones(unplayed.size, dtype=bool), _nearest(ctx, unplayed, centres)
    unplayed, first, place = _new_finds(ctx, opts, unplayed, len(centres))
    nearest = _nearest(ctx, unplayed, centres)
    if not NEW_HOMES:
        return unplayed, first, nearest
    return unplayed, first, _homes(ctx, opts, (unplayed, first, place), centres, nearest)


def _new_finds(
    ctx: PlaylistContext, opts: Options, unplayed: np.ndarray, mixes: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The never-heard tracks every mix together can take: the best of them in the model's
    order under the rules, :data:`NEW_POOL_SLACK` times all the mixes' new places (in item
    order), which of them are the best as many as those places (the mixes take these first;
    the rest fill what the rules drop), and each one's place in the model's order. (Discover's
    fusion with the artist signals was measured here too and lost on two seeds of three:
    docs/model.md, "Lists", item 8.)"""
    places = mixes * (opts.count - _favourite_places(opts))
    cap = opts.per_artist() * mixes  # each mix has its own cap
    wide = _with(opts, adventure=list_adventure(opts.adventure), max_per_artist=cap)
    picked = ctx._select(unplayed, ctx.taste[unplayed], wide, count=round(NEW_POOL_SLACK * places))
    order = np.argsort(picked, kind="stable")
    return picked[order], order < places, order


def _homes(
    ctx: PlaylistContext,
    opts: Options,
    finds: tuple[np.ndarray, np.ndarray, np.ndarray],
    centres: np.ndarray,
    nearest: np.ndarray,
) -> np.ndarray:
    """The mix each new find goes to first. The best finds (``finds``: items, best, place in
    the model's order), best first, each go to the nearest mix that still has a new place and
    room under its per-artist cap (none for tracks without an artist, as in the rules); the
    others, and a best one no mix has room for, to their ``nearest`` mix. (Before, every find went to its nearest mix: the best finds of one artist
    all near one mix passed its cap, and the mixes dropped them for weaker ones.)"""
    items, best, place = finds
    homes = nearest.copy()
    closeness = ctx.embeddings[items] @ centres.T
    room = np.full(len(centres), opts.count - _favourite_places(opts))
    cap = opts.per_artist()
    taken: dict[tuple[str, int], int] = {}
    chosen = np.flatnonzero(best)
    for j in chosen[np.argsort(place[chosen], kind="stable")].tolist():
        artist = ctx.artist_keys[items[j]]
        for c in np.argsort(-closeness[j], kind="stable").tolist():
            if room[c] > 0 and (not artist or taken.get((artist, c), 0) < cap):
                homes[j] = c
                room[c] -= 1
                taken[artist, c] = taken.get((artist, c), 0) + 1
                break
    return homes


def _rules_pass(
    ctx: PlaylistContext,
    opts: Options,
    merged: np.ndarray,
    new_items: np.ndarray,
    before: set[str],
    more_from: tuple[np.ndarray, np.ndarray, int],
) -> tuple[np.ndarray, np.ndarray]:
    """The mix: one pass of the rules over its merged order (it keeps spacing across the seam;
    the reserve at its end, favourites then new finds, fills the places of any it drops), and
    which of its tracks are new finds.

    When the mix still comes out short, the shared pool of new finds ran out (favourites that
    could not fill their share, as in the first days of use): the rest of the never-heard
    tracks ``more_from[0]`` join the end, those nearest this mix's centre first (``centres``,
    mix ``c``), each part in the model's order.
    """

    def rules(order: np.ndarray) -> np.ndarray:
        rank = -np.arange(order.size, dtype=np.float64)
        return ctx._select(
            order, rank, _with(opts, adventure=0.0), exclude_versions=before, count=opts.count
        )

    final = rules(merged)
    if final.size < opts.count:
        all_new, centres, c = more_from
        rest = all_new[~np.isin(all_new, merged)]
        mine = _nearest(ctx, rest, centres) == c
        more = rest[np.lexsort((-ctx.taste[rest], ~mine))]
        new_items = np.concatenate([new_items, more])
        final = rules(np.concatenate([merged, more]))
    return final, new_items[np.isin(new_items, final)]


def _mix_picks(
    ctx: PlaylistContext,
    final: np.ndarray,
    sim_all: np.ndarray,
    new_items: np.ndarray,
    *,
    history: bool,
) -> list[Pick]:
    """The picks of one mix, each with its reason (new, favourite, or exploring)."""
    new_reasons = dict(zip(new_items.tolist(), ctx.taste_reason(new_items))) if history else {}
    picks = []
    for item in final.tolist():
        if not history:
            reason = Reason(r.GROUPED, reason=ctx.explore_reason(item))
        elif item in new_reasons:
            reason = Reason(r.NEW_IN_MIX, reason=new_reasons[item])
        else:
            plays = int(ctx.total_count[item])
            reason = Reason(
                r.FAVOURITE_IN_MIX if plays >= FAVOURITE_PLAYS else r.KNOWN_IN_MIX,
                times=_times(plays),
                ago=_span((ctx.now - ctx.last_played[item]) / DAY),
            )
        picks.append(ctx.pick(item, float(sim_all[item]), reason))
    return picks
