"""The lists a person sees, measured on a replayed history (docs/evaluation.md, "Lists").

The model-level replay (:mod:`recommender.models.evaluation`) scores rankings. This module runs
the real generators at each of its cutoffs through :func:`recommender.playlists.generate.generate`,
the function the ``discover`` command calls, on a
:class:`~recommender.playlists.context.PlaylistContext` built from the same training data and
the same fitted hybrid model (:func:`list_context`): one code path, no evaluation-only copy of a
generator. Per cutoff:

- ``discover``, ``deep-cuts`` and ``daily`` (the new finds of all its mixes together): the
  share of the list first played in the 30 days after the cutoff, next to **same-shape
  baselines**: the artist (all plays) and artist-recency (30-day half-life) rankings over the
  same candidates under the same list rules (at most ``max(2, count // 10)`` per artist,
  artist spacing, one version of a song), so diversity never decides who wins;
- ``radio`` seeded with the first track of sessions after the cutoff: the share of sessions in
  which one of the first 10 (50) station tracks is played later in that session, next to the
  co-occurrence and same-artist lists of the same length;
- for ``discover``: how many picks are by artists never played before the cutoff, how many of
  those were first played in the window, and how many picks had been played before (always 0).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from recommender.models.base import DAY, Recommender, TrainingData, by_code
from recommender.models.evaluation import (
    ANSWER_WINDOW_DAYS,
    CutoffResult,
    Replay,
    evaluate_replay,
    first_plays,
)
from recommender.models.signals import item_affinity
from recommender.playlists.context import LibraryMeta, Mix, Options, Pick, PlaylistContext
from recommender.playlists.discovery import deep_cut_candidates
from recommender.playlists.generate import generate

#: List length of discover, deep-cuts and radio; mix length of daily (the command's defaults).
LIST_COUNT = 50
DAILY_COUNT = 25
#: Radio: at most this many sessions per cutoff (a seeded sample), hit rates at these lengths.
RADIO_SESSIONS = 50
RADIO_K = (10, 50)
#: Half-life of the artist-recency baseline, days.
RECENCY_HALF_LIFE = 30.0
#: Models the lists need: the hybrid ranks them, the other two are radio's baselines.
LIST_MODELS = ("hybrid", "cooccurrence", "artist")


def replay_meta(data: TrainingData) -> LibraryMeta:
    """Display fields of a replay's items (a virtual library has no files: no paths, lengths)."""
    return LibraryMeta(
        titles=list(data.titles),
        artists=list(data.artists),
        albums=[a.split("|", 1)[-1] for a in data.albums],
        paths=[f"track-{int(t)}" for t in data.track_ids],
        durations=np.full(data.n_items, np.nan),
    )


def list_context(
    data: TrainingData, model: Recommender | None, meta: LibraryMeta | None = None
) -> PlaylistContext:
    """The context the generators read, built as the ``discover`` command builds it."""
    return PlaylistContext(data, meta or replay_meta(data), model=model)


def make_list(
    ctx: PlaylistContext, kind: str, *, seed: int, count: int, seeds: Sequence[int] = ()
) -> list[Pick] | list[Mix]:
    """One list through :func:`generate` with the command line's default options.

    Parameters
    ----------
    ctx : PlaylistContext
        From :func:`list_context` (or the command line's own).
    kind : str
        ``discover``, ``deep-cuts``, ``daily`` or ``radio``.
    seed : int
        ``--random-seed``.
    count : int
        ``--count``.
    seeds : sequence of int
        Seed items of a radio.
    """
    return generate(ctx, kind, Options(count=count, seed=seed), seeds=seeds)


@dataclass
class ListTruth:
    """What the person did after the cutoff."""

    is_answer: np.ndarray  # bool [n]: first played in the answer window
    new_artist: np.ndarray  # bool [n]: by an artist never played before the cutoff
    sessions: list[tuple[int, set[int]]]  # radio cases: (first item, items played after it)


def list_truth(full: TrainingData, cutoff: float, artists: np.ndarray, seed: int) -> ListTruth:
    """Answers, never-played artists and radio cases of one cutoff (module doc)."""
    first = first_plays(full.plays, full.n_items)
    end = cutoff + ANSWER_WINDOW_DAYS * DAY
    played_artists = np.unique(artists[(first <= cutoff) & (artists >= 0)])
    new_artist = ~np.isin(artists, played_artists)
    p = full.plays
    by_session: dict[int, list[int]] = {}
    for j in np.flatnonzero((p.played_at > cutoff) & (p.played_at <= end)).tolist():
        by_session.setdefault(int(p.session[j]), []).append(int(p.item[j]))
    cases = []
    for items in by_session.values():
        rest = {i for i in items[1:] if i >= 0 and i != items[0]}
        if items[0] >= 0 and rest:
            cases.append((items[0], rest))
    if len(cases) > RADIO_SESSIONS:
        pick = np.random.default_rng(seed).choice(len(cases), RADIO_SESSIONS, replace=False)
        cases = [cases[i] for i in np.sort(pick)]
    return ListTruth((first > cutoff) & (first <= end), new_artist, cases)


def baseline_scores(ctx: PlaylistContext) -> dict[str, np.ndarray]:
    """Item scores of the same-shape baselines: log of the artist's plays, all-time and recent."""
    codes = ctx.artist_codes
    known = codes >= 0
    aff = np.maximum(item_affinity(ctx.data, half_life_days=RECENCY_HALF_LIFE), 0.0)
    recent = np.bincount(codes[known], weights=aff[known], minlength=len(ctx.artist_names))
    return {
        name: np.log1p(by_code(per_artist, codes, 0.0))
        for name, per_artist in (("artist", ctx.artist_plays), ("artist_recency", recent))
    }


def same_shape(
    ctx: PlaylistContext,
    cand: np.ndarray,
    scores: np.ndarray,
    *,
    count: int,
    seed: int,
    max_per_artist: int | None = None,
) -> np.ndarray:
    """``scores`` over ``cand`` under the list rules (caps, spacing, one version a song).

    Adventure 0: no novelty and no similarity penalty; tracks of one artist tie, and the seeded
    jitter orders them.
    """
    opts = Options(count=count, adventure=0.0, seed=seed, max_per_artist=max_per_artist)
    return ctx._select(cand, scores[cand], opts)


def _items(picks: Sequence[Any]) -> np.ndarray:
    return np.array([p.item for p in picks], dtype=np.int64)


def _share(items: np.ndarray, truth: ListTruth, length: int) -> float:
    return float(truth.is_answer[items].sum()) / length if length else 0.0


def _with_baselines(
    ctx: PlaylistContext,
    truth: ListTruth,
    cand: np.ndarray,
    length: int,
    seed: int,
    max_per_artist: int | None = None,
) -> dict[str, float]:
    out = {}
    for name, scores in baseline_scores(ctx).items():
        got = same_shape(ctx, cand, scores, count=length, seed=seed, max_per_artist=max_per_artist)
        out[name] = _share(got, truth, length)
    return out


def score_discover(ctx: PlaylistContext, truth: ListTruth, seed: int) -> dict[str, float]:
    """``precision_at_50`` of discover, its baselines, never-played artists and their hits."""
    items = _items(make_list(ctx, "discover", seed=seed, count=LIST_COUNT))
    cand = np.flatnonzero(~ctx.heard & ~ctx.blocked)
    new = truth.new_artist[items]
    return {
        "precision_at_50": _share(items, truth, LIST_COUNT),
        **_with_baselines(ctx, truth, cand, LIST_COUNT, seed),
        "new_artist_picks": float(new.sum()),
        "new_artist_hits": float((new & truth.is_answer[items]).sum()),
        "played_before": float(ctx.heard[items].sum()),
    }


def score_deep_cuts(ctx: PlaylistContext, truth: ListTruth, seed: int) -> dict[str, float]:
    """``precision_at_50`` of deep-cuts and of its baselines over the same candidates."""
    items = _items(make_list(ctx, "deep-cuts", seed=seed, count=LIST_COUNT))
    cand = deep_cut_candidates(ctx, Options(count=LIST_COUNT, seed=seed))
    return {
        "precision_at_50": _share(items, truth, LIST_COUNT),
        **_with_baselines(ctx, truth, cand, LIST_COUNT, seed),
    }


def score_daily(ctx: PlaylistContext, truth: ListTruth, seed: int) -> dict[str, float]:
    """Precision of daily's new finds (all mixes) and of baseline lists of the same length."""
    mixes = [m for m in make_list(ctx, "daily", seed=seed, count=DAILY_COUNT) if isinstance(m, Mix)]
    items = np.concatenate([_items(m.picks) for m in mixes]) if mixes else np.zeros(0, np.int64)
    new = items[~ctx.heard[items]]
    cand = np.flatnonzero(~ctx.heard & ~ctx.blocked)
    cap = max(2, DAILY_COUNT // 10) * max(len(mixes), 1)  # the cap of every mix, together
    return {
        "precision": _share(new, truth, new.size),
        "new_picks": float(new.size),
        **_with_baselines(ctx, truth, cand, int(new.size), seed, max_per_artist=cap),
    }


def _top(scores: np.ndarray, exclude: int, k: int, rng: np.random.Generator) -> np.ndarray:
    """The ``k`` best scores but ``exclude``; ties in a seeded random order."""
    s = scores.astype(np.float64)
    s[exclude] = -np.inf
    return np.lexsort((rng.random(s.size), -s))[:k]


def score_radio(
    ctx: PlaylistContext, truth: ListTruth, models: dict[str, Recommender], seed: int
) -> dict[str, float]:
    """Radio hit rates@10/@50 of the rest of each session, and the same for its baselines."""
    rng = np.random.default_rng(seed)
    k_max = max(RADIO_K)
    rows: dict[str, list[list[bool]]] = {"": [], "cooccurrence_": [], "same_artist_": []}
    for first, rest in truth.sessions:
        lists = {"": _items(make_list(ctx, "radio", seed=seed, count=k_max, seeds=[first]))}
        for prefix, name in (("cooccurrence_", "cooccurrence"), ("same_artist_", "artist")):
            if name in models:
                scores = models[name].score(context_items=np.array([first]))
                lists[prefix] = _top(scores, first, k_max, rng)
        for prefix, items in lists.items():
            rows[prefix].append([bool(rest.intersection(items[:k].tolist())) for k in RADIO_K])
    out = {"sessions": float(len(truth.sessions))}
    for prefix, hits in rows.items():
        if hits:
            arr = np.array(hits, dtype=np.float64)
            for col, k in enumerate(RADIO_K):
                out[f"{prefix}hit_at_{k}"] = float(arr[:, col].mean())
    return out


def evaluate_lists_at(
    replay: Replay, cutoff: float, models: dict[str, Recommender], *, seed: int = 0
) -> dict[str, dict[str, float]]:
    """Every list of one cutoff (module doc).

    Parameters
    ----------
    replay : Replay
        The library and the whole history.
    cutoff : float
        Unix seconds; ``models`` were fitted on the plays up to it.
    models : dict
        Fitted models by registry name: ``hybrid`` ranks the lists (without it the generators'
        own fallback does), ``cooccurrence`` and ``artist`` are the radio's baselines.
    seed : int
        The lists' ``--random-seed`` and the radio sessions' sample.

    Returns
    -------
    dict
        ``{"discover": {...}, "deep-cuts": {...}, "daily": {...}, "radio": {...}}``
        (keys in docs/evaluation.md, "Lists").
    """
    train = replay.data.with_as_of(cutoff)
    ctx = list_context(train, models.get("hybrid"))
    truth = list_truth(replay.data, cutoff, ctx.artist_codes, seed)
    return {
        "discover": score_discover(ctx, truth, seed),
        "deep-cuts": score_deep_cuts(ctx, truth, seed),
        "daily": score_daily(ctx, truth, seed),
        "radio": score_radio(ctx, truth, models, seed),
    }


def evaluate_with_lists(
    replay: Replay,
    factories: dict[str, Callable[[], Recommender]],
    *,
    seed: int = 0,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """:func:`~recommender.models.evaluation.evaluate_replay` plus the lists of every cutoff.

    The models fitted for the model-level figures rank the lists too (no second training);
    those the lists need and ``factories`` lack are fitted here.

    Returns
    -------
    dict
        The model-level result plus ``lists`` (kind -> mean figures over the cutoffs) and
        ``lists_per_cutoff`` (kind -> list of figures per cutoff).
    """
    from recommender.models.registry import registry

    fitted: dict[str, Recommender] = {}

    def keep(name: str, make: Callable[[], Recommender]) -> Callable[[], Recommender]:
        def build() -> Recommender:
            fitted[name] = make()  # fit() returns the same object, fitted in place
            return fitted[name]

        return build

    per_cutoff: list[dict[str, dict[str, float]]] = []

    def lists_at(result: CutoffResult) -> None:
        train = replay.data.with_as_of(result.cutoff)
        reg = registry()
        models = {
            name: fitted[name] if name in factories else reg[name]().fit(train, seed=seed)
            for name in LIST_MODELS
        }
        per_cutoff.append(evaluate_lists_at(replay, result.cutoff, models, seed=seed))

    wrapped = {name: keep(name, make) for name, make in factories.items()}
    out = evaluate_replay(replay, wrapped, seed=seed, progress=progress, on_cutoff=lists_at)
    out["lists_per_cutoff"] = {
        kind: [row[kind] for row in per_cutoff] for kind in (per_cutoff[0] if per_cutoff else {})
    }
    out["lists"] = {
        kind: {key: float(np.mean([r[key] for r in rows if key in r])) for key in rows[0]}
        for kind, rows in out["lists_per_cutoff"].items()
    }
    return out
