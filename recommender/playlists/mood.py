"""Mood lists: tracks whose audio (or, without analysis, whose genre words) fits a mood."""

from __future__ import annotations

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
    _describe,
)
from recommender.playlists.reasons import Reason

#: Mood names and the aliases people type.
MOODS = ("calm", "energetic", "focus", "happy", "melancholy")
MOOD_ALIASES = {
    "bright": "happy",
    "upbeat": "happy",
    "sad": "melancholy",
    "chill": "calm",
    "relaxed": "calm",
    "party": "energetic",
    "workout": "energetic",
    "study": "focus",
    "concentration": "focus",
}

# Genre words used by ``mood`` for tracks that have no descriptors yet.
_MOOD_GENRES = {
    "calm": (
        "ambient",
        "chill",
        "acoustic",
        "classical",
        "folk",
        "piano",
        "new age",
        "lo fi",
        "downtempo",
        "easy listening",
        "lullaby",
    ),
    "energetic": (
        "rock",
        "metal",
        "punk",
        "dance",
        "edm",
        "techno",
        "drum and bass",
        "hardcore",
        "house",
        "trance",
        "dubstep",
        "hip hop",
        "electro",
    ),
    "focus": (
        "ambient",
        "instrumental",
        "classical",
        "soundtrack",
        "post rock",
        "lo fi",
        "minimal",
        "score",
        "piano",
        "drone",
    ),
    "happy": ("pop", "disco", "funk", "reggae", "ska", "soul", "motown", "synthpop", "swing"),
    "melancholy": (
        "blues",
        "slowcore",
        "shoegaze",
        "emo",
        "darkwave",
        "sadcore",
        "doom",
        "gothic",
        "dark ambient",
    ),
}


@_single_threaded
def mood(ctx: PlaylistContext, name: str, opts: Options | None = None) -> list[Pick]:
    """Tracks that fit a mood, from the readable descriptors (and genre words as a fallback).

    Each descriptor is placed on a 0-1 scale that mixes its absolute value and its rank in the
    library (so "calm" in a metal library is still its calmest corner); the mood's fit is a
    weighted sum (docs/playlists.md lists the weights). The taste score adds 30% when there is
    history. Tracks with no descriptors qualify only through their genre tags.
    """
    opts = opts or Options()
    mood_name = MOOD_ALIASES.get(name.lower().strip(), name.lower().strip())
    if mood_name not in MOODS:
        raise DeepCutsError(
            f"unknown mood {name!r}; choose one of {', '.join(MOODS)} "
            f"(or {', '.join(sorted(MOOD_ALIASES))})"
        )
    fit = np.full(ctx.n, np.nan)
    has, arrays = ctx.descriptor_arrays()
    if has.any():
        idx = np.flatnonzero(has)
        e, t, b, a, major, minor = (col[idx] for col in arrays)
        fit[idx] = _mood_fit(mood_name, e=e, t=t, b=b, a=a, major=major, minor=minor)
    genre_hits = _genre_mood(ctx, mood_name)
    fallback = ~has & genre_hits
    fit[fallback] = 0.55
    cand_mask = np.isfinite(fit) & ~ctx.blocked & ~ctx.recent_mask(opts)
    cand = np.flatnonzero(cand_mask)
    if cand.size == 0:
        if not has.any():
            raise DeepCutsError(
                f"no track fits {mood_name!r}: mood playlists need analysed "
                "tracks (deepcuts-cli analyze) or genre tags"
            )
        return []
    # keep the clear fits: the best third of the analysed library (at least 3 * count)
    keep = max(3 * opts.count, cand.size // 3)
    if cand.size > keep:
        top = np.argpartition(-fit[cand], keep - 1)[:keep]
        cand = np.sort(cand[top])
    rel = 0.7 * fit[cand] + 0.3 * ctx.taste[cand] if ctx.has_history else fit[cand]
    items = ctx._select(cand, rel, opts)
    out = []
    for item in items.tolist():
        d = ctx.descriptor(item)
        if d is not None:
            reason = Reason(r.COLON, a=r.mood(mood_name), b=_describe(d))
        else:
            genre = next(
                (g for g in ctx.data.genres[item] if any(w in g for w in _MOOD_GENRES[mood_name])),
                "",
            )
            reason = Reason(r.MOOD_BY_GENRE, mood=r.mood(mood_name), genre=genre)
        if ctx.has_history and ctx._artist_is_favourite(item):
            reason = Reason(r.THEN, a=reason, b=Reason(r.PLAY_A_LOT, artist=ctx._artist(item)))
        out.append(ctx.pick(item, rel[np.searchsorted(cand, item)], reason))
    return out


def _mood_fit(
    name: str,
    *,
    e: np.ndarray,
    t: np.ndarray,
    b: np.ndarray,
    a: np.ndarray,
    major: np.ndarray,
    minor: np.ndarray,
) -> np.ndarray:
    """Fit in [0, 1] of each analysed track to a mood; NaN where the track clearly does not fit."""
    if name == "calm":
        fit = 0.45 * (1 - e) + 0.25 * (1 - t) + 0.15 * a + 0.15 * (1 - b)
        ok = e <= 0.5
    elif name == "energetic":
        fit = 0.5 * e + 0.3 * t + 0.2 * b
        ok = e >= 0.5
    elif name == "focus":
        fit = (
            0.35 * (1 - 2 * np.abs(e - 0.4))
            + 0.25 * (1 - 2 * np.abs(t - 0.5))
            + 0.2 * a
            + 0.2 * (1 - b)
        )
        ok = (e >= 0.15) & (e <= 0.7)
    elif name == "happy":
        fit = 0.3 * major + 0.25 * b + 0.25 * e + 0.2 * t
        ok = (major > 0) & (e >= 0.3)
    else:  # melancholy
        fit = 0.35 * minor + 0.25 * (1 - e) + 0.2 * (1 - b) + 0.2 * (1 - t)
        ok = (minor > 0) & (e <= 0.6)
    return np.where(ok, fit, np.nan)


def _genre_mood(ctx: PlaylistContext, mood_name: str) -> np.ndarray:
    words = _MOOD_GENRES[mood_name]
    verdict: dict[tuple[str, ...], bool] = {}  # few distinct genre lists: decide each once
    out = np.zeros(ctx.n, dtype=bool)
    for i, genres in enumerate(ctx.data.genres):
        if genres:
            key = tuple(genres)
            hit = verdict.get(key)
            if hit is None:
                hit = verdict[key] = any(w in g for g in genres for w in words)
            out[i] = hit
    return out
