"""The Discover page's "Describe what you want to hear": a list from a sentence (docs/words.md)."""

from __future__ import annotations

from pathlib import Path

from analysis.errors import DeepCutsError
from desktop_app.gui.backend.context import playlist_context
from desktop_app.gui.backend.discover import Mix, _picks_to_items


def describe(
    data_dir: Path,
    text: str,
    *,
    adventurous: float = 0.3,
    seed: int = 0,
    removed: tuple[int, ...] = (),
    count: int = 50,
) -> Mix:
    """A list from a sentence; ``removed``: understood parts the person took away.

    Raises
    ------
    DeepCutsError
        Bad text, nothing understood, a part nothing in the library answers.
    """
    from desktop_app.commands.describe import nothing_understood
    from recommender.playlists.context import Options
    from recommender.words.answer import answer, lexicon
    from recommender.words.parser import understand

    ctx = playlist_context(data_dir)
    query = understand(text, lexicon(ctx))
    if not query.constraints:
        raise DeepCutsError(nothing_understood(query))
    understood = query.understood()
    for index in sorted(removed, reverse=True):
        if 0 <= index < len(query.constraints):
            query = query.without(index)
    picks = answer(ctx, query, Options(count=count, adventure=adventurous, seed=seed))
    return Mix(
        key="describe",
        kind="describe",
        title=f"“{text.strip()}”",
        blurb="; ".join(u["as"] for u in query.understood()),
        tracks=_picks_to_items(ctx, picks),
        description=text,
        understood=understood,
        unknown=list(query.unknown),
        removed=tuple(removed),
    )
