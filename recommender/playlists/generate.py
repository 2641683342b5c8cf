"""Playlist generators: discover, daily, forgotten, deep-cuts, radio, mood and fresh.

Every generator reads one :class:`PlaylistContext` (the library, the person's history up to
``as_of``, a fitted :class:`~recommender.models.base.Recommender` when there is one, and the readable
audio descriptors when the library is analysed) and returns :class:`Pick` records, each with a
score and a reason a person can read. All of them follow the same rules
(:mod:`recommender.playlists.diversity`):

- banned and disliked tracks, and every track of a banned artist, never appear;
- tracks played in the last ``hold_back_days`` days are held back;
- one version of a song, no two adjacent tracks by one artist, at most ``max_per_artist`` each;
- the familiar-to-adventurous knob (``adventure``) and a seed that makes a list reproducible;
- "now" is ``data.as_of``: plays after it are not in the data at all.

Without any history the generators still work: picks come from the content space alone and the
reasons say so ("no listening history yet ..."). Without audio features the content space is the
tags (artist, album, genre, decade, composer), and ``mood`` falls back to genre words.
See ``docs/playlists.md``.

"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from analysis.errors import DeepCutsError
from recommender.playlists.context import (
    Mix,
    Options,
    Pick,
    PlaylistContext,
)
from recommender.playlists.daily import (
    daily,
)
from recommender.playlists.discovery import (
    deep_cuts,
    discover,
    forgotten,
    fresh,
)
from recommender.playlists.mood import (
    MOODS,
    mood,
)
from recommender.playlists.radio import (
    radio,
)

#: Generator names, as the command line spells them.
KINDS = ("discover", "daily", "forgotten", "deep-cuts", "radio", "mood", "fresh")


def generate(
    ctx: PlaylistContext,
    kind: str,
    opts: Options | None = None,
    *,
    seeds: Sequence[int] = (),
    mood_name: str | None = None,
) -> list[Pick] | list[Mix]:
    """Run the generator called ``kind`` (one of :data:`KINDS`).

    Returns
    -------
    list of Pick, or list of Mix for ``daily``.

    Raises
    ------
    DeepCutsError
        Unknown kind, a radio without seeds, a mood without a name.
    """
    opts = opts or Options()
    if kind == "discover":
        return discover(ctx, opts)
    if kind == "daily":
        return daily(ctx, opts)
    if kind == "forgotten":
        return forgotten(ctx, opts)
    if kind == "deep-cuts":
        return deep_cuts(ctx, opts)
    if kind == "radio":
        return radio(ctx, seeds, opts)
    if kind == "mood":
        if not mood_name:
            raise DeepCutsError(f"a mood playlist needs --mood NAME ({', '.join(MOODS)})")
        return mood(ctx, mood_name, opts)
    if kind == "fresh":
        return fresh(ctx, opts)
    raise DeepCutsError(f"unknown playlist kind {kind!r}; choose one of {', '.join(KINDS)}")


def pick_to_json(ctx: PlaylistContext, pick: Pick) -> dict[str, Any]:
    """The command line's JSON record of a pick."""
    m = ctx.meta
    return {
        "id": pick.track_id,
        "path": m.paths[pick.item],
        "title": m.titles[pick.item],
        "artist": m.artists[pick.item] or None,
        "album": m.albums[pick.item] or None,
        "score": pick.score,
        "reason": pick.reason,
    }
