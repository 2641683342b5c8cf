"""The query set of "describe it in words" (issue 14): sentences with known-answer checks.

Each query is ``(text, checks)``; every check says what must hold of the top 20 picks, measured
against the library the query runs on (so one set serves the synthetic library of the tests and
the real game soundtracks of ``benchmarks/bench_words_real.py``):

- ``("bpm", ">", q)`` / ``("bpm", "<", q)``: the picks' median BPM above / below the library's
  ``q`` quantile; the same for ``energy``, ``brightness``, ``acousticness``;
- ``("minor", ">")`` / ``("major", ">")``: a larger share of the picks is in that mode than of the
  library;
- ``("genre", name)``: every pick carries a genre tag that is ``name`` (or a synonym or sub-genre);
- ``("year", lo, hi)``: every pick's year is within ``lo..hi``;
- ``("like", artist)``: the first three picks are by ``artist`` or among the 25 tracks nearest to
  the artist's tracks (cosine in the playlist space);
- ``("by", artist)``: every pick is by ``artist``;
- ``("unheard",)``: no pick was ever played; ``("favourite",)``: every pick was played;
- ``("understood", text)``: the understanding contains ``text``; ``("unknown", word)``: the word
  is reported as not understood;
- ``("error",)``: the sentence is refused with a message (nothing understood, or bad input).

``{A}``, ``{B}`` in a sentence are replaced by artists of the library (the runner says which).
docs/words.md has the results.
"""

from __future__ import annotations

from typing import Any

import numpy as np

Check = tuple[Any, ...]

QUERIES: list[tuple[str, list[Check]]] = [
    # tempo and energy
    ("fast", [("bpm", ">", 0.65)]),
    ("something fast", [("bpm", ">", 0.65)]),
    ("slow music", [("bpm", "<", 0.35)]),
    ("very slow", [("bpm", "<", 0.35)]),
    ("upbeat", [("bpm", ">", 0.5), ("energy", ">", 0.5)]),
    ("energetic tracks", [("energy", ">", 0.65)]),
    ("intense and loud", [("energy", ">", 0.65)]),
    ("calm", [("energy", "<", 0.35)]),
    ("calm music for a rainy evening", [("energy", "<", 0.35)]),
    ("chill", [("energy", "<", 0.4)]),
    ("quiet", [("energy", "<", 0.35)]),
    ("not too loud", [("energy", "<", 0.5)]),
    ("driving", [("bpm", ">", 0.5), ("energy", ">", 0.5)]),
    ("aggressive", [("energy", ">", 0.65)]),
    ("low energy please", [("energy", "<", 0.35)]),
    # mood and sound
    ("sad songs", [("minor", ">"), ("energy", "<", 0.5)]),
    ("happy", [("major", ">")]),
    ("dark", [("brightness", "<", 0.35)]),
    ("bright and cheerful", [("brightness", ">", 0.5), ("major", ">")]),
    ("dreamy", [("energy", "<", 0.5)]),
    ("acoustic", [("acousticness", ">", 0.65)]),
    ("mellow", [("energy", "<", 0.4)]),
    ("something in a minor key", [("minor", ">")]),
    ("major key", [("major", ">")]),
    ("mysterious", [("minor", ">"), ("brightness", "<", 0.5)]),
    # activities and moments
    ("music for running", [("bpm", ">", 0.5), ("energy", ">", 0.65)]),
    ("workout", [("energy", ">", 0.65)]),
    ("something to sleep to", [("energy", "<", 0.35)]),
    ("focus", [("energy", "<", 0.65), ("energy", ">", 0.1)]),
    ("music to study", [("energy", "<", 0.65)]),
    ("party", [("energy", ">", 0.65)]),
    ("dinner", [("energy", "<", 0.5)]),
    ("rainy day", [("energy", "<", 0.4)]),
    ("morning", [("major", ">")]),
    ("late night", [("energy", "<", 0.4)]),
    # genres and eras
    ("orchestral", [("genre", "orchestral")]),
    ("electronic music", [("genre", "electronic")]),
    ("ambient", [("genre", "ambient")]),
    ("calm orchestral", [("genre", "orchestral"), ("energy", "<", 0.5)]),
    ("fast electronic", [("genre", "electronic"), ("bpm", ">", 0.5)]),
    ("video game music", [("genre", "video game")]),
    ("90s", [("year", 1990, 1999)]),
    ("music from the nineties", [("year", 1990, 1999)]),
    ("2000s", [("year", 2000, 2009)]),
    ("something from 2007", [("year", 2007, 2007)]),
    ("no orchestral", [("understood", "not genre orchestral")]),
    # history
    ("songs I haven't heard", [("unheard",)]),
    ("new to me and calm", [("unheard",), ("energy", "<", 0.5)]),
    ("my favourites", [("favourite",)]),
    # the library's names
    ("like {A}", [("like", "{A}")]),
    ("something like {A}", [("like", "{A}")]),
    ("similar to {B}", [("like", "{B}")]),
    ("songs by {A}", [("by", "{A}")]),
    ("like {B} but faster", [("understood", "more than"), ("bpm", ">", 0.35)]),
    # Chinese
    ("安静的音乐", [("energy", "<", 0.35)]),
    ("快节奏的音乐", [("bpm", ">", 0.65)]),
    ("慢一点的歌", [("bpm", "<", 0.35)]),
    ("悲伤的歌", [("minor", ">")]),
    ("适合跑步的音乐", [("energy", ">", 0.65)]),
    ("睡觉时听的音乐", [("energy", "<", 0.35)]),
    ("九十年代的音乐", [("year", 1990, 1999)]),
    ("90年代", [("year", 1990, 1999)]),
    ("电子音乐", [("genre", "electronic")]),
    ("管弦乐", [("genre", "orchestral")]),
    ("我没听过的歌", [("unheard",)]),
    ("像 {A} 一样的音乐", [("like", "{A}")]),
    # bad input and words nobody knows
    ("", [("error",)]),
    ("the some a", [("error",)]),
    ("blorptastic zzyzx", [("error",)]),
    ("calm blorptastic", [("unknown", "blorptastic"), ("energy", "<", 0.4)]),
    ("like Zyxxon Quartet Ensemble", [("error",)]),
    ("calm songs by Zyxxon Quartet", [("error",)]),
    ("calm\x07music", [("error",)]),
    ("x" * 10_000, [("error",)]),
]


def fill(text: str, names: dict[str, str]) -> str:
    """The sentence with ``{A}`` and ``{B}`` replaced by artists of the library."""
    for key, value in names.items():
        text = text.replace("{" + key + "}", value)
    return text


def run_check(check: Check, ctx: Any, query: Any, picks: list[Any], names: dict[str, str]) -> str:
    """``""`` when the check holds, else why not (``ctx``: the PlaylistContext answered from)."""
    from recommender.words.answer import lexicon, scales
    from recommender.words.parser import genre_tags
    from recommender.words.vocabulary import load_vocabulary

    kind = check[0]
    items = np.array([p.item for p in picks[:20]], dtype=np.int64)
    if kind == "error":
        return "" if query is None else "no error"
    if query is None:
        return "refused"
    if kind == "understood":
        said = "; ".join(u["as"] for u in query.understood())
        return "" if check[1] in said else f"understood as {said!r}"
    if kind == "unknown":
        return "" if check[1] in query.unknown else f"unknown {query.unknown}"
    if items.size == 0:
        return "no picks"
    if kind in ("bpm", "energy", "brightness", "acousticness"):
        values = _raw(ctx, kind)
        lib = values[np.isfinite(values)]
        got, bound = float(np.nanmedian(values[items])), float(np.quantile(lib, check[2]))
        ok = got > bound if check[1] == ">" else got < bound
        return "" if ok else f"median {kind} {got:.2f}, library {check[2]:.0%} quantile {bound:.2f}"
    if kind in ("minor", "major"):
        has, values = scales(ctx)
        share, lib = float(values[kind][items].mean()), float(values[kind][has].mean())
        return "" if share > lib else f"{kind} share {share:.2f} <= library {lib:.2f}"
    if kind == "genre":
        tags = genre_tags(load_vocabulary(), lexicon(ctx), check[1])
        bad = [i for i in items.tolist() if not set(ctx.data.genres[i]) & tags]
        return "" if not bad else f"{len(bad)} picks without {check[1]}"
    if kind == "year":
        years = ctx.data.years[items]
        ok = bool(((years >= check[1]) & (years <= check[2])).all())
        return "" if ok else f"years {sorted(set(years.tolist()))}"
    if kind in ("like", "by"):
        return _artist_check(kind, fill(check[1], names), ctx, items)
    played = ctx.song_count[items] > 0
    if kind == "unheard":
        return "" if not played.any() else f"{int(played.sum())} picks were played"
    return "" if played.all() else f"{int((~played).sum())} picks never played"  # favourite


def _raw(ctx: Any, kind: str) -> np.ndarray:
    out = np.full(ctx.n, np.nan)
    for i in range(ctx.n):
        d = ctx.descriptor(i)
        if d is not None:
            out[i] = d.bpm if kind == "bpm" else getattr(d, kind)
    if kind == "bpm":
        out[out <= 0] = np.nan
    return out


def _artist_check(kind: str, artist: str, ctx: Any, items: np.ndarray) -> str:
    from analysis.identity import fold

    own = np.array([fold(a) == fold(artist) for a in ctx.meta.artists])
    if kind == "by":
        return "" if own[items].all() else "picks by other artists"
    centre = ctx.embeddings[own].mean(axis=0)
    sims = ctx.embeddings @ centre
    sims[own] = -np.inf
    nearest = set(np.argsort(-sims)[:25].tolist())
    bad = [i for i in items[:3].tolist() if not own[i] and i not in nearest]
    return "" if not bad else f"{len(bad)} of the first three neither by {artist} nor near"
