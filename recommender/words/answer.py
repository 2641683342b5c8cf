"""Answer a description: rank the library for a :class:`~recommender.words.parser.Query`.

Hard parts keep or drop tracks (genres, artists, eras, "minor key only", familiarity); soft parts
score them (descriptor wishes, a tempo in BPM, closeness to a "like" seed, how loved a favourite
is). The soft score is the weighted mean of the parts; the best third of the candidates by it (at
least three times the list) are ranked by ``soft score + 0.15 x taste`` (the person's taste
breaks ties), and the usual rules pick the list (``PlaylistContext._select``: bans, held-back
tracks, one version per song, artist spacing and cap, MMR). Each pick's reason names the words
it answers with the track's own values: "slow (72 BPM), minor key (A minor), acoustic
(acousticness 0.82); you play Nick Drake a lot". See docs/words.md.
"""

from __future__ import annotations

import weakref
from typing import Any

import numpy as np

from analysis.errors import DeepCutsError
from recommender.models.base import DAY
from recommender.playlists import reasons as r
from recommender.playlists.context import Options, Pick, PlaylistContext, _with
from recommender.playlists.helpers import _scale, _span, _unit
from recommender.playlists.reasons import Reason
from recommender.words.lexicon import Lexicon
from recommender.words.parser import Constraint, Query, understand
from recommender.words.vocabulary import Preference

#: Weight of the person's taste next to the description's soft score (0..1 each).
TASTE_WEIGHT = 0.15
#: Days without a play after which a loved track counts as forgotten.
FORGOTTEN_DAYS = 180.0

_CACHE: weakref.WeakKeyDictionary[PlaylistContext, dict[str, Any]] = weakref.WeakKeyDictionary()


def _cache(ctx: PlaylistContext) -> dict[str, Any]:
    found = _CACHE.get(ctx)
    if found is None:
        found = _CACHE[ctx] = {}
    return found


def lexicon(ctx: PlaylistContext) -> Lexicon:
    """The library's names for :func:`understand` (built once per context)."""
    store = _cache(ctx)
    if "lexicon" not in store:
        d = ctx.data
        store["lexicon"] = Lexicon.build(
            d.artists, d.titles, d.genres, ctx.meta.artists, ctx.meta.titles
        )
    return store["lexicon"]


def scales(ctx: PlaylistContext) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """``has`` [n] and each scale of :data:`~recommender.words.vocabulary.SCALES` on 0..1.

    tempo, energy, brightness and acousticness are the mood scales of the playlists (half value,
    half rank); loudness is the ``loudness_db`` column of the audio vectors on the same kind of
    scale (energy where the vectors are missing); ``major`` and ``minor`` are 0 or 1.
    """
    store = _cache(ctx)
    if "scales" not in store:
        has, (energy, tempo, bright, acoustic, major, minor) = ctx.descriptor_arrays()
        loud = energy.copy()
        feats = ctx.data.features
        if feats is not None and has.any():
            from analysis.features import feature_names

            names = feature_names()
            if feats.shape[1] == len(names):
                col = feats[:, names.index("loudness_db")].astype(np.float64)
                ok = has & ctx.data.has_features
                loud = np.where(ok, 0.0, energy)
                if ok.any():
                    loud[ok] = _scale(col[ok] - col[ok].min())
        store["scales"] = (
            has,
            {
                "tempo": tempo,
                "energy": energy,
                "brightness": bright,
                "acousticness": acoustic,
                "loudness": loud,
                "major": major,
                "minor": minor,
            },
        )
    return store["scales"]


def _raw_bpm(ctx: PlaylistContext) -> np.ndarray:
    store = _cache(ctx)
    if "bpm" not in store:
        bpm = np.full(ctx.n, np.nan)
        for i in np.flatnonzero(scales(ctx)[0]).tolist():
            d = ctx.descriptor(i)
            if d is not None and d.bpm > 0:
                bpm[i] = d.bpm
        store["bpm"] = bpm
    return store["bpm"]


def preference_fit(pref: Preference, values: dict[str, np.ndarray]) -> np.ndarray:
    """How well each track meets one preference, 0..1."""
    if pref.scale == "mode":
        return values[str(pref.target)]
    x = values[pref.scale]
    if pref.target == "high":
        return x
    if pref.target == "low":
        return 1.0 - x
    return np.clip(1.0 - 2.0 * np.abs(x - float(pref.target)), 0.0, 1.0)


# -- hard parts ------------------------------------------------------------------------------


def _genre_mask(ctx: PlaylistContext, tags: frozenset[str]) -> np.ndarray:
    """Items carrying any of ``tags``: decided once per distinct genre list, then gathered."""
    store = _cache(ctx)
    if "genre codes" not in store:
        from recommender.models.base import factorize

        keys = ["\x1f".join(g) for g in ctx.data.genres]
        codes, uniques = factorize(keys, dtype=np.int64)
        store["genre codes"] = (codes, [set(u.split("\x1f")) if u else set() for u in uniques])
    codes, lists = store["genre codes"]
    hit = np.array([bool(g & tags) for g in lists] + [False], dtype=bool)
    return hit[np.where(codes >= 0, codes, len(lists))]


def _year_mask(ctx: PlaylistContext, c: Constraint) -> np.ndarray:
    years = ctx.data.years
    known = years > 0
    if c.relative:
        if not known.any():
            raise DeepCutsError(f"“{c.words}”: no track of your library has a year tag")
        lo, hi = np.quantile(years[known], [0.25, 0.75])
        return known & ((years <= lo) if c.relative == "oldest" else (years >= hi))
    return known & (years >= c.year_from) & (years <= c.year_to)


def _familiar_mask(ctx: PlaylistContext, c: Constraint) -> np.ndarray:
    if c.rule == "unheard":
        return ctx.song_count == 0
    if c.rule == "not recently":
        return ctx.song_last_played < ctx.now - c.days * DAY
    if not ctx.has_history:
        raise DeepCutsError(
            f"“{c.words}” needs a listening history: play some music or import a history first "
            "(deepcuts-cli history import FILE)"
        )
    if c.rule == "favourite":
        return ctx.affinity > 0
    loved = (ctx.finished_count >= 3) | (ctx.total_count >= 5)
    if ctx.data.likes.size:
        loved[ctx.data.likes] = True
    return loved & (ctx.song_last_played < ctx.now - FORGOTTEN_DAYS * DAY)


def _constraint_mask(ctx: PlaylistContext, c: Constraint) -> np.ndarray | None:
    """The tracks one hard part keeps, or ``None`` for a soft part."""
    if c.kind == "genre":
        return _genre_mask(ctx, c.tags)
    if c.kind == "artist":
        mask = np.zeros(ctx.n, dtype=bool)
        mask[list(c.items)] = True
        return mask
    if c.kind == "era":
        return _year_mask(ctx, c)
    if c.kind == "familiarity":
        return _familiar_mask(ctx, c)
    if c.kind == "prefer" and c.require_mode:
        has, values = scales(ctx)
        return has & (values[c.require_mode] > 0)
    return None


def hard_mask(ctx: PlaylistContext, query: Query) -> np.ndarray:
    """Tracks every hard part allows: parts of one kind add up ("rock or jazz"), kinds intersect.

    Raises
    ------
    DeepCutsError
        A part that no track of the library meets, named with its words.
    """
    groups: dict[str, np.ndarray] = {}
    keep = np.ones(ctx.n, dtype=bool)
    for c in query.constraints:
        mask = _constraint_mask(ctx, c)
        if mask is None:
            continue
        if c.exclude:
            keep &= ~mask
            continue
        if not mask.any():
            raise DeepCutsError(f"no track in your library answers “{c.words}” ({c.label})")
        kind = "mode" if c.kind == "prefer" else c.kind
        if kind == "familiarity":  # "never played" and "favourites" both hold, not either
            kind = f"familiarity {len(groups)}"
        groups[kind] = groups[kind] | mask if kind in groups else mask
    for mask in groups.values():
        keep &= mask
    if groups and not keep.any():
        said = "”, “".join(
            c.words for c in query.constraints if c.kind != "prefer" or c.require_mode
        )
        raise DeepCutsError(f"no track in your library is at once “{said}”")
    return keep


# -- soft parts ------------------------------------------------------------------------------


def soft_score(ctx: PlaylistContext, query: Query) -> np.ndarray | None:
    """Weighted mean of the soft parts per track (NaN where a part cannot be judged), or None."""
    has, values = scales(ctx)
    prefs = [p for c in query.constraints if c.kind == "prefer" for p in c.prefer]
    parts: list[tuple[float, np.ndarray]] = []
    if prefs:
        fit = np.zeros(ctx.n)
        for p in prefs:
            fit = fit + p.weight * preference_fit(p, values)
        fit /= sum(p.weight for p in prefs)
        parts.append((1.0, np.where(has, fit, np.nan)))
    for c in query.constraints:
        if c.kind == "bpm":
            bpm = _raw_bpm(ctx)
            parts.append((1.0, np.clip(1.0 - np.abs(bpm - c.bpm) / 40.0, 0.0, 1.0)))
    seeds = [i for c in query.constraints if c.kind == "like" for i in c.items]
    if seeds:
        centre = ctx.embeddings[seeds].mean(axis=0)
        centre /= max(float(np.linalg.norm(centre)), 1e-9)
        parts.append((2.0, _unit(ctx.embeddings @ centre)))
    if any(c.kind == "familiarity" and c.rule == "favourite" for c in query.constraints):
        parts.append((1.0, _unit(np.log1p(np.clip(ctx.affinity, 0.0, None)))))
    if not parts:
        return None
    weight = sum(w for w, _ in parts)
    score = np.zeros(ctx.n)
    for w, part in parts:
        score = score + w * part
    return score / weight


def rank(ctx: PlaylistContext, query: Query, opts: Options) -> tuple[np.ndarray, np.ndarray]:
    """Candidates and their relevance, before the list rules."""
    allowed = hard_mask(ctx, query) & ~ctx.blocked & ~ctx.recent_mask(opts)
    for c in query.constraints:
        if c.kind == "like" and c.name.startswith("“"):  # a title seed is not its own answer
            allowed[list(c.items)] = False
    soft = soft_score(ctx, query)
    if soft is not None:
        allowed &= np.isfinite(soft)
        if not allowed.any():
            raise DeepCutsError(
                "describing how music sounds needs analysed tracks: run deepcuts-cli analyze"
            )
    cand = np.flatnonzero(allowed)
    if soft is None:
        if ctx.has_history:
            return cand, ctx.taste[cand]
        return cand, np.random.default_rng(opts.seed).random(cand.size)
    core = soft[cand]
    keep = max(3 * opts.count, cand.size // 3)
    if cand.size > keep:
        top = np.sort(np.argpartition(-core, keep - 1)[:keep])
        cand, core = cand[top], core[top]
    rel = core + TASTE_WEIGHT * ctx.taste[cand] if ctx.has_history else core
    return cand, rel


def answer(ctx: PlaylistContext, query: Query, opts: Options | None = None) -> list[Pick]:
    """The list for an understood description (empty when no part was understood).

    Raises
    ------
    DeepCutsError
        A part nothing in the library meets, or wishes about sound in an unanalysed library.
    """
    opts = opts or Options()
    if not query.constraints or ctx.n == 0:
        return []
    cand, rel = rank(ctx, query, opts)
    if cand.size == 0:
        return []
    seed_versions = {
        ctx.version_keys[i]
        for c in query.constraints
        if c.kind == "like" and c.name.startswith("“")
        for i in c.items
    }
    asked = {c.name for c in query.constraints if c.kind == "artist" and not c.exclude}
    if asked:  # the person named the artists: spacing and the per-artist cap would defeat that
        opts = _with(opts, artist_gap=0 if len(asked) == 1 else opts.artist_gap)
        opts = _with(opts, max_per_artist=max(opts.per_artist(), -(-opts.count // len(asked))))
    items = ctx._select(cand, rel, opts, exclude_versions=seed_versions)
    at = np.searchsorted(cand, items)  # cand is sorted (flatnonzero, then a sorted pool)
    return [
        ctx.pick(item, rel[k], reason(ctx, query, item))
        for item, k in zip(items.tolist(), at.tolist())
    ]


def describe(
    ctx: PlaylistContext, text: object, opts: Options | None = None
) -> tuple[Query, list[Pick]]:
    """Understand ``text`` against this library and answer it."""
    query = understand(text, lexicon(ctx))
    return query, answer(ctx, query, opts)


# -- reasons ---------------------------------------------------------------------------------


def _evidence(ctx: PlaylistContext, pref: Preference, item: int) -> str:
    d = ctx.descriptor(item)
    if d is None:
        return ""
    if pref.scale == "mode":
        return d.key or str(pref.target)
    if pref.scale == "tempo":
        return Reason(r.BPM, bpm=f"{d.bpm:.0f}") if d.bpm > 0 else ""
    if pref.scale in ("energy", "loudness"):
        return Reason(r.ENERGY_VALUE, value=f"{d.energy:.2f}")
    value = f"{getattr(d, pref.scale):.2f}"
    return Reason(r.SCALE_VALUE, scale=r.scale(pref.scale), value=value)


def _part(ctx: PlaylistContext, c: Constraint, item: int, shown: set[str]) -> str:
    """What this pick shows of one understood part (values already shown are not repeated)."""
    if c.exclude:
        return ""
    if c.kind == "prefer":
        return _prefer_part(ctx, c, item, shown)
    if c.kind == "bpm":
        d = ctx.descriptor(item)
        return Reason(r.BPM, bpm=f"{d.bpm:.0f}") if d is not None else ""
    if c.kind == "genre":
        tag = next((t for t in ctx.data.genres[item] if t in c.tags), c.name)
        return c.name if tag == c.name else Reason(r.TAGGED, name=c.name, tag=tag)
    if c.kind == "artist":
        return Reason(r.BY_ARTIST, artist=ctx.meta.artists[item])
    if c.kind == "era":
        return Reason(r.FROM_YEAR, year=int(ctx.data.years[item]))
    if c.kind == "like":
        return _like_part(ctx, c, item)
    return _familiar_part(ctx, c, item)


def _prefer_part(ctx: PlaylistContext, c: Constraint, item: int, shown: set[str]) -> str:
    """ "slow (72 BPM)": the wish's name and up to two of the track's values behind it."""
    new: list[str] = []
    for p in sorted(c.prefer, key=lambda p: -p.weight):
        ev = _evidence(ctx, p, item)
        if ev and ev not in shown and ev not in new and len(new) < 2:
            new.append(ev)
    shown.update(new)
    return Reason(r.PAREN, a=c.name, b=r.join(new)) if new else c.name


def _like_part(ctx: PlaylistContext, c: Constraint, item: int) -> str:
    seeds = np.asarray(c.items, dtype=np.int64)
    if seeds.size > 200:
        seeds = seeds[:200]
    near = int(seeds[np.argmax(ctx.embeddings[seeds] @ ctx.embeddings[item])])
    if ctx.artist_keys[item] and ctx.artist_keys[item] == ctx.artist_keys[near]:
        return Reason(
            r.LIKE_SAME_ARTIST,
            name=c.name,
            artist=ctx.meta.artists[item],
            likeness=ctx.likeness(item, near),
        )
    return Reason(r.LIKE_NAME, name=c.name, likeness=ctx.likeness(item, near))


def _familiar_part(ctx: PlaylistContext, c: Constraint, item: int) -> str:
    if ctx.song_count[item] == 0:
        return Reason(r.NEVER_PLAYED)
    if c.rule == "favourite":
        return Reason(r.FAVOURITE_PLAYED, count=int(ctx.total_count[item]))
    return Reason(r.NOT_PLAYED_FOR, span=_span((ctx.now - ctx.song_last_played[item]) / DAY))


def reason(ctx: PlaylistContext, query: Query, item: int) -> str:
    """ "slow (72 BPM), minor key (A minor); you play Nick Drake a lot"."""
    shown: set[str] = set()
    parts = [p for p in (_part(ctx, c, item, shown) for c in query.constraints) if p]
    text = r.join(list(dict.fromkeys(parts)))
    if ctx.has_history and ctx._artist_is_favourite(item):
        text = _then(text, Reason(r.PLAY_A_LOT, artist=ctx._artist(item)))
    elif ctx.has_history and ctx.taste[item] >= 0.8:
        text = _then(text, Reason(r.CLOSE_TO_TASTE))
    return text or Reason(r.FITS)


def _then(text: Any, more: Any) -> Any:
    """ "text; more" (just "; more" when there is no text, as before)."""
    return Reason(r.THEN, a=text, b=more)
