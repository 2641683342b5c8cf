"""Offline evaluation: replay a real listening history at several cutoffs (docs/evaluation.md).

For each cutoff ``t`` the plays before ``t`` are the history every recommender is trained on; the
tracks *first* played in the 30 days after ``t`` are the answers. Measures, per recommender:

- ``precision_at_50`` / ``recall_at_50``: the 50 best-scored tracks never played before ``t``
  against the answers (the discover task); tracks tied at the 50th score count at their
  expected share (:func:`expected_hits`), so a flat score earns chance;
- ``next_hit_at_10``: within listening sessions after ``t``, how often the next track is among
  the 10 best next-track scores given up to 3 previous tracks of the session;
- ``skip_auc``: for plays after ``t`` whose skip flag is known (Spotify), the area under the ROC
  curve of the score as a predictor of *not* skipping (``None`` without skips);
- ``diversity``: intra-list diversity of the discover list (mean pairwise content distance, tag
  tokens plus audio where there is audio);
- ``artist_repetition``: ``1 - distinct artists / list length`` of the discover list.

The library is the current catalog (history matched by artist and title), or a *virtual* one:
the history's own tracks plus as many distractor tracks from other histories. A virtual library
has no audio files, so content there is tag tokens only (artist, album); its distractors carry
an album only when the history's own tracks do (field parity).
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from analysis.errors import DeepCutsError
from analysis.identity import fold
from recommender.models.base import (
    DAY,
    SKIP_UNKNOWN,
    SKIPPED,
    Plays,
    Recommender,
    TrainingData,
    infer_skip,
)

ANSWER_WINDOW_DAYS = 30.0
LIST_LENGTH = 50
NEXT_K = 10
NEXT_CONTEXT = 3
#: Cutoffs at these quantiles of the play times (each needs a full answer window after it).
CUTOFF_QUANTILES = (0.5, 0.625, 0.75, 0.875)
MIN_ANSWERS = 5
MAX_NEXT_CASES = 400
MAX_SKIP_CASES = 600


@dataclass
class Replay:
    """A library with one person's whole history, ready to be cut at any moment."""

    data: TrainingData  # as_of = the last play
    name: str
    library: str  # "virtual" or "catalog"
    own_tracks: int
    distractors: int
    unmatched_plays: int = 0


@dataclass
class CutoffResult:
    cutoff: float
    answers: int
    metrics: dict[str, dict[str, float | None]] = field(default_factory=dict)
    artist_ceiling: float = 0.0


def track_key(artist: str | None, title: str | None) -> str:
    """How a play is matched to a track here: folded ``artist|title``."""
    return f"{fold(artist)}|{fold(title)}"


def _history_tracks(events: Sequence[Any]) -> dict[str, dict[str, Any]]:
    """Distinct tracks of a history with their most frequent album spelling."""
    albums: dict[str, Counter[str]] = {}
    names: dict[str, tuple[str, str]] = {}
    for e in events:
        if not e.artist or not e.title:
            continue
        key = track_key(e.artist, e.title)
        if key not in names:
            names[key] = (e.artist, e.title)
            albums[key] = Counter()
        if e.album:
            albums[key][e.album] += 1
    out = {}
    for key, (artist, title) in names.items():
        album = albums[key].most_common(1)[0][0] if albums[key] else None
        out[key] = {"artist": artist, "title": title, "album": album}
    return out


def _plays_from_events(events: Sequence[Any], index: dict[str, int]) -> tuple[Plays, int]:
    items, at, ms, skipped, excluded = [], [], [], [], []
    unmatched = 0
    for e in events:
        i = index.get(track_key(e.artist, e.title), -1)
        unmatched += i < 0
        items.append(i)
        at.append(float(e.played_at))
        ms.append(np.nan if e.ms_played is None else float(e.ms_played))
        s = e.skipped
        if s is None:
            s = infer_skip(e.ms_played, e.duration_ms)
        skipped.append(SKIP_UNKNOWN if s is None else int(bool(s)))
        excluded.append(bool(getattr(e, "excluded", False)))
    plays = Plays.build(item=items, played_at=at, ms_played=ms, skipped=skipped, excluded=excluded)
    return plays, unmatched


def virtual_replay(
    events: Sequence[Any],
    distractor_events: Sequence[Sequence[Any]],
    *,
    name: str = "history",
    seed: int = 0,
) -> Replay:
    """A virtual library: the history's own tracks plus as many tracks from other histories.

    Parameters
    ----------
    events : sequence of PlayEvent
        The history being replayed.
    distractor_events : sequence of sequences of PlayEvent
        Other people's histories; their tracks not in ``events`` are the pool of distractors.
    seed : int
        Which distractors are drawn (uniformly, without replacement).
    """
    own = _history_tracks(events)
    # Field parity: a history that carries no albums (the Spotify account export, Last.fm-1K)
    # gets distractors without albums too; otherwise "has an album" would tell a distractor
    # from one of the person's own tracks, and a tag-token signal would learn that instead of
    # taste (an album token also lowers a track's weight on its artist token).
    own_albums = any(rec["album"] for rec in own.values())
    pool: dict[str, dict[str, Any]] = {}
    for other in distractor_events:
        for key, rec in _history_tracks(other).items():
            if key not in own:
                pool.setdefault(key, rec if own_albums else {**rec, "album": None})
    rng = np.random.default_rng(seed)
    pool_keys = sorted(pool)
    take = min(len(own), len(pool_keys))
    chosen = [pool_keys[i] for i in sorted(rng.choice(len(pool_keys), take, replace=False))]
    keys = sorted(own) + chosen
    # Shuffle the item order so nothing can be read from an item's position.
    order = rng.permutation(len(keys))
    keys = [keys[i] for i in order]
    records = []
    for n, key in enumerate(keys):
        rec = own.get(key) or pool[key]
        records.append({"id": n + 1, **rec})
    index = {k: i for i, k in enumerate(keys)}
    plays, unmatched = _plays_from_events(events, index)
    data = TrainingData.from_items(records, plays=plays)
    return Replay(data, name, "virtual", len(own), take, unmatched)


def catalog_replay(events: Sequence[Any], catalog: Any, *, name: str = "history") -> Replay:
    """The current catalog as the library; plays matched to tracks by folded artist and title."""
    from recommender.models.training_data import build_training_data

    base = build_training_data(catalog, None, as_of=0.0)
    index: dict[str, int] = {}
    for i, track in enumerate(catalog.tracks(missing=False)):
        index.setdefault(track_key(track.artist, track.title), i)
    plays, unmatched = _plays_from_events(events, index)
    base.plays = plays
    base.as_of = float(plays.played_at[-1]) if len(plays) else 0.0
    return Replay(base, name, "catalog", base.n_items, 0, unmatched)


def choose_cutoffs(plays: Plays, *, quantiles: Sequence[float] = CUTOFF_QUANTILES) -> list[float]:
    """Cutoff times at quantiles of the matched play times, each leaving a full answer window."""
    at = plays.played_at[plays.item >= 0]
    if at.size == 0:
        return []
    last = float(at.max())
    cutoffs = []
    for q in quantiles:
        t = float(np.quantile(at, q))
        if t + ANSWER_WINDOW_DAYS * DAY <= last and t not in cutoffs:
            cutoffs.append(t)
    return cutoffs


def first_plays(plays: Plays, n_items: int) -> np.ndarray:
    """float64 [n]: first play of each item (any matched play, excluded ones too), +inf if none."""
    first = np.full(n_items, np.inf)
    m = plays.item >= 0
    np.minimum.at(first, plays.item[m], plays.played_at[m])
    return first


def expected_hits(scores: np.ndarray, answers: np.ndarray, k: int) -> float:
    """Answers among the ``k`` best scores, tied scores taken in a random order (expected).

    The items strictly above the k-th best score are in the list; of the items tied with it,
    the remaining places go to a random subset, which holds answers in proportion. A flat
    score thus earns chance, not whatever order the items happen to be stored in (the same
    rule as the next-track hit rate).
    """
    if k <= 0:
        return 0.0
    kth = np.partition(scores, scores.size - k)[scores.size - k]
    is_answer = np.zeros(scores.size, bool)
    is_answer[answers] = True
    above = scores > kth
    tied = scores == kth
    places = k - int(above.sum())
    return float(is_answer[above].sum() + places * is_answer[tied].sum() / tied.sum())


def artist_level_ceiling(
    artists: np.ndarray,
    candidates: np.ndarray,
    answers: np.ndarray,
    played_artists: np.ndarray,
    k: int = LIST_LENGTH,
) -> float:
    """Best expected precision@k of any ranking that sees a track only through its artist.

    Such a ranking gives every unplayed track of one artist the same score, and cannot tell
    apart the tracks of artists never played before (they share no history), so those form one
    group too. Knowing the answers, the best it can do is to fill the ``k`` places group by group
    in order of their share of answers; the last group it reaches fills the places left at its
    expected share. In a virtual library of a history without albums, tag content *is* the
    artist, so this bounds every model there (docs/evaluation.md, "How much room there is").
    """
    cand_artist = artists[candidates]
    is_answer = np.isin(candidates, answers)
    known = np.isin(cand_artist, played_artists) & (cand_artist >= 0)
    group = np.where(known, cand_artist, -1)  # -1: every artist never played, one group
    codes, inverse = np.unique(group, return_inverse=True)
    size = np.bincount(inverse, minlength=codes.size).astype(np.float64)
    hits = np.bincount(inverse, weights=is_answer.astype(np.float64), minlength=codes.size)
    left, total = float(min(k, candidates.size)), 0.0
    for g in np.argsort(-(hits / size), kind="stable"):
        take = min(left, size[g])
        total += take * hits[g] / size[g]
        left -= take
        if left <= 0:
            break
    return total / k


def auc(scores: np.ndarray, positive: np.ndarray) -> float | None:
    """Area under the ROC curve (ties count half); ``None`` when one class is missing."""
    scores = np.asarray(scores, dtype=np.float64)
    positive = np.asarray(positive, dtype=bool)
    n_pos, n_neg = int(positive.sum()), int((~positive).sum())
    if n_pos == 0 or n_neg == 0:
        return None
    from scipy.stats import rankdata

    ranks = rankdata(scores)
    return float((ranks[positive].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def _diversity(items: np.ndarray, content: Any) -> float:
    if items.size < 2:
        return 0.0
    x = content[items]
    gram = np.asarray((x @ x.T).todense())
    n = items.size
    mean_sim = (gram.sum() - np.trace(gram)) / (n * (n - 1))
    return float(1.0 - mean_sim)


def evaluate_cutoff(
    replay: Replay,
    cutoff: float,
    factories: dict[str, Callable[[], Recommender]],
    *,
    seed: int = 0,
    content: Any = None,
) -> CutoffResult:
    """Train every recommender on the plays before ``cutoff`` and measure them (module doc)."""
    full = replay.data
    train = full.with_as_of(cutoff)
    n = full.n_items
    first = first_plays(full.plays, n)
    played_before = first <= cutoff
    end = cutoff + ANSWER_WINDOW_DAYS * DAY
    answers = np.flatnonzero((first > cutoff) & (first <= end))
    result = CutoffResult(cutoff, int(answers.size))
    if content is None:
        from recommender.models.baselines import content_matrix

        content = content_matrix(full)
    artists = full.artist_codes()[0]
    result.artist_ceiling = artist_level_ceiling(
        artists, np.flatnonzero(~played_before), answers, np.unique(artists[played_before])
    )

    next_cases, skip_cases = _test_cases(full.plays, cutoff, end, seed)
    for name, factory in factories.items():
        model = factory().fit(train, seed=seed)
        taste = model.score()
        cand = np.where(played_before, -np.inf, taste.astype(np.float64))
        k = min(LIST_LENGTH, int(np.isfinite(cand).sum()))
        top = np.argpartition(-cand, k - 1)[:k] if k else np.zeros(0, np.int64)
        hits = expected_hits(cand, answers, k)
        m: dict[str, float | None] = {
            "precision_at_50": hits / LIST_LENGTH,
            "recall_at_50": hits / answers.size if answers.size else None,
            "diversity": _diversity(top, content),
            "artist_repetition": (
                1.0 - len(set(artists[top].tolist())) / top.size if top.size else None
            ),
        }
        m["next_hit_at_10"] = _next_hit(model, next_cases)
        m["skip_auc"] = _skip_auc(model, taste, skip_cases)
        result.metrics[name] = m
    return result


NextCase = tuple[np.ndarray, int]
SkipCase = tuple[np.ndarray, int, bool]


def _test_cases(
    p: Plays, cutoff: float, end: float, seed: int
) -> tuple[list[NextCase], list[SkipCase]]:
    """The test window's next-track cases (context, played item) and skip cases (context,
    item, skipped), each sampled down to its cap with ``seed``."""
    window = (p.played_at > cutoff) & (p.played_at <= end)
    rng = np.random.default_rng(seed)
    next_cases: list[NextCase] = []
    skip_cases: list[SkipCase] = []
    for j in np.flatnonzero(window):
        if p.item[j] < 0 or p.excluded[j]:
            continue
        start = j
        while start > 0 and j - start < NEXT_CONTEXT and p.session[start - 1] == p.session[j]:
            start -= 1
        ctx = p.item[start:j]
        ctx = ctx[ctx >= 0]
        if ctx.size:
            next_cases.append((ctx.astype(np.int64), int(p.item[j])))
        if p.skipped[j] != SKIP_UNKNOWN:
            skip_cases.append((ctx.astype(np.int64), int(p.item[j]), p.skipped[j] == SKIPPED))
    if len(next_cases) > MAX_NEXT_CASES:
        pick = np.sort(rng.choice(len(next_cases), MAX_NEXT_CASES, replace=False))
        next_cases = [next_cases[i] for i in pick]
    if len(skip_cases) > MAX_SKIP_CASES:
        pick = np.sort(rng.choice(len(skip_cases), MAX_SKIP_CASES, replace=False))
        skip_cases = [skip_cases[i] for i in pick]
    return next_cases, skip_cases


def _next_hit(model: Recommender, cases: list[NextCase]) -> float | None:
    """Mean chance that the played item is in the model's next-track top ``NEXT_K``."""
    next_hits = []
    for ctx, target in cases:
        s = model.score(context_items=ctx)
        better = int((s > s[target]).sum())
        ties = int((s == s[target]).sum())  # the target included
        # expected hit under a random order of tied items (no credit for flat scores)
        next_hits.append(min(max((NEXT_K - better) / ties, 0.0), 1.0))
    return float(np.mean(next_hits)) if next_hits else None


def _skip_auc(model: Recommender, taste: np.ndarray, cases: list[SkipCase]) -> float | None:
    """How well the model's scores separate finished plays from skips (AUC)."""
    if not cases:
        return None
    vals, pos = [], []
    for ctx, target, skipped in cases:
        s = model.score(context_items=ctx) if ctx.size else taste
        # rank within the list, so models on different scales compare fairly
        vals.append(float((s < s[target]).mean()))
        pos.append(not skipped)
    return auc(np.array(vals), np.array(pos))


def evaluate_replay(
    replay: Replay,
    factories: dict[str, Callable[[], Recommender]],
    *,
    seed: int = 0,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Evaluate every recommender at every cutoff of ``replay``; averages over the cutoffs.

    Returns
    -------
    dict
        JSON-ready: ``history``, ``library``, ``tracks``, ``own_tracks``, ``distractors``,
        ``plays``, ``cutoffs`` (list of ``{"as_of", "answers", "artist_level_ceiling"}``, the
        last being :func:`artist_level_ceiling` of the discover precision@50), ``models``
        (name -> mean metrics) and ``per_cutoff`` (name -> list of metrics per cutoff).
    """
    from recommender.models.baselines import content_matrix

    started = time.perf_counter()
    cutoffs = choose_cutoffs(replay.data.plays)
    content = content_matrix(replay.data)
    results: list[CutoffResult] = []
    for t in cutoffs:
        if progress:
            progress(f"{replay.name}: cutoff {time.strftime('%Y-%m-%d', time.gmtime(t))}")
        r = evaluate_cutoff(replay, t, factories, seed=seed, content=content)
        if r.answers >= MIN_ANSWERS:
            results.append(r)
    if not results:
        raise DeepCutsError(
            f"{replay.name}: too little history to evaluate (need plays spanning more than "
            f"{ANSWER_WINDOW_DAYS:.0f} days with new tracks after several cutoffs)"
        )
    models: dict[str, dict[str, float | None]] = {}
    per_cutoff: dict[str, list[dict[str, float | None]]] = {}
    for name in factories:
        rows = [r.metrics[name] for r in results]
        per_cutoff[name] = rows
        models[name] = {key: _mean([row[key] for row in rows]) for key in rows[0]}
    d = replay.data
    return {
        "history": replay.name,
        "library": replay.library,
        "tracks": d.n_items,
        "own_tracks": replay.own_tracks,
        "distractors": replay.distractors,
        "plays": len(d.plays),
        "unmatched_plays": replay.unmatched_plays,
        "cutoffs": [
            {
                "as_of": _iso(r.cutoff),
                "answers": r.answers,
                "artist_level_ceiling": round(r.artist_ceiling, 4),
            }
            for r in results
        ],
        "models": models,
        "per_cutoff": per_cutoff,
        "seconds": round(time.perf_counter() - started, 2),
    }


def _mean(values: Sequence[float | None]) -> float | None:
    vals = [v for v in values if v is not None and math.isfinite(v)]
    return float(np.mean(vals)) if vals else None


def _iso(t: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def default_factories() -> dict[str, Callable[[], Recommender]]:
    """The hybrid model and every baseline, by name (evaluation order)."""
    from recommender.models.registry import registry

    reg = registry()
    order = ["hybrid", "artist", "cooccurrence", "content", "popularity", "random"]
    return {name: reg[name] for name in order if name in reg}


def load_other_histories(
    folder: Path, *, exclude: Path, parse: Callable[[Path], Any]
) -> list[list[Any]]:
    """Events of every history under ``folder`` (one per sub-folder or file) except ``exclude``."""
    folder = Path(folder)
    if not folder.is_dir():
        raise DeepCutsError(f"distractor folder {folder} does not exist")
    exclude = Path(exclude).resolve()
    out = []
    for child in sorted(folder.iterdir()):
        if child.resolve() == exclude or exclude.is_relative_to(child.resolve()):
            continue
        if child.name.startswith("."):
            continue
        try:
            out.append(parse(child).events)
        except DeepCutsError:
            continue  # not a history; distractors are optional material
    return out
