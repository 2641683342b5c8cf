"""The Discover page: its cards, one generated list, and the tracks similar to one track."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

from analysis.catalog import Catalog
from analysis.errors import DeepCutsError
from desktop_app.gui import i18n
from desktop_app.gui.backend.context import playlist_context
from desktop_app.gui.i18n import QT_TRANSLATE_NOOP


@dataclass
class Mix:
    """One list of the Discover page: tracks as dicts (id, path, title, artist, album, reason)."""

    key: str
    kind: str | None
    title: str
    blurb: str
    tracks: list[dict[str, Any]]
    seeds: list[int] | None = None
    mood: str | None = None
    description: str | None = None  # "describe it in words": the sentence
    understood: list[dict[str, str]] | None = None  # its understood parts (the chips)
    unknown: list[str] | None = None
    removed: tuple[int, ...] = ()  # parts the person took away (chip closed)


@dataclass
class Overview:
    mixes: list[Mix]
    has_history: bool
    analysed: int
    tracks: int
    message: str


MOOD_CARDS = (
    (
        "calm",
        QT_TRANSLATE_NOOP("Discover", "Calm"),
        QT_TRANSLATE_NOOP("Discover", "Soft, slow and quiet tracks from your library."),
    ),
    (
        "energetic",
        QT_TRANSLATE_NOOP("Discover", "Energetic"),
        QT_TRANSLATE_NOOP("Discover", "Fast, loud and driving."),
    ),
    (
        "focus",
        QT_TRANSLATE_NOOP("Discover", "Focus"),
        QT_TRANSLATE_NOOP("Discover", "Steady tracks that stay out of the way."),
    ),
)


def generate(
    data_dir: Path,
    kind: str,
    *,
    adventurous: float = 0.3,
    seed: int = 0,
    seeds: list[int] | None = None,
    mood: str | None = None,
    count: int = 50,
    mix_index: int = 0,
) -> list[dict[str, Any]]:
    """One generated list as dicts (``daily``: mix number ``mix_index``)."""
    from recommender.playlists.context import Mix as DailyMix
    from recommender.playlists.context import Options
    from recommender.playlists.generate import generate as run

    ctx = playlist_context(data_dir)
    opts = Options(count=count, adventure=adventurous, seed=seed)
    item_seeds = []
    for track_id in seeds or []:
        i = ctx.data.index_of(track_id)
        if i is not None:
            item_seeds.append(i)
    if kind == "radio" and not item_seeds:
        raise DeepCutsError(
            QCoreApplication.translate("Backend", "that track is not in the library any more")
        )
    if kind == "daily":
        # The daily mixes are built with their own options (as the Discover page builds them).
        mixes = [m for m in run(ctx, kind, _daily_opts(opts)) if isinstance(m, DailyMix)]
        return _picks_to_items(ctx, mixes[mix_index].picks) if mix_index < len(mixes) else []
    return _picks_to_items(ctx, run(ctx, kind, opts, seeds=item_seeds, mood_name=mood))


def discover_overview(data_dir: Path, *, adventurous: float = 0.3, seed: int = 0) -> Overview:
    """Every card of the Discover page, honest about what the data allows."""
    from recommender.playlists.context import Options
    from recommender.playlists.generate import generate as run

    try:
        ctx = playlist_context(data_dir)
    except DeepCutsError as exc:
        return Overview([], False, 0, 0, str(exc))
    opts = Options(count=50, adventure=adventurous, seed=seed)
    has_history = bool(ctx.has_history)
    analysed = len(ctx._descriptors_by_id)
    mixes: list[Mix] = []

    skipped: list[str] = []

    def attempt(kind: str, **kw: Any) -> list[Any]:
        # A generator with nothing honest to offer says why (DeepCutsError); skip its card.
        try:
            return run(ctx, kind, kw.pop("options", opts), **kw)
        except DeepCutsError as exc:
            skipped.append(str(exc))
            return []

    def add(key: str, kind: str, title: str, blurb: str, picks: list[Any], **kw: Any) -> None:
        if picks:
            mixes.append(Mix(key, kind, title, blurb, _picks_to_items(ctx, picks), **kw))

    daily_lead = (
        QCoreApplication.translate(
            "Discover", "Favourites and new finds from one corner of your taste"
        )
        if has_history
        else QCoreApplication.translate(
            "Discover", "A corner of your library, grouped by sound and tags"
        )
    )
    daily_mixes = attempt("daily", options=_daily_opts(opts))
    if has_history:
        add(
            "discover",
            "discover",
            QCoreApplication.translate("Discover", "Discover"),
            QCoreApplication.translate(
                "Discover", "Tracks you have never played that you will probably love."
            ),
            attempt("discover"),
        )
    for i, mix in enumerate(daily_mixes):
        add(
            f"daily:{i}",
            "daily",
            (
                QCoreApplication.translate("Discover", "Daily mix {n}")
                if has_history
                else QCoreApplication.translate("Discover", "Explore {n}")
            ).format(n=i + 1),
            _mix_blurb(mix.name, daily_lead),
            mix.picks,
        )
    if has_history:
        add(
            "deep-cuts",
            "deep-cuts",
            QCoreApplication.translate("Discover", "Deep cuts"),
            QCoreApplication.translate(
                "Discover", "The lesser-played tracks of the artists you play most."
            ),
            attempt("deep-cuts"),
        )
        add(
            "forgotten",
            "forgotten",
            QCoreApplication.translate("Discover", "Forgotten favourites"),
            QCoreApplication.translate(
                "Discover", "Tracks and albums you loved once and have not played for a long time."
            ),
            attempt("forgotten"),
        )
    else:
        add(
            "discover",
            "discover",
            QCoreApplication.translate("Discover", "Explore everything"),
            QCoreApplication.translate(
                "Discover",
                "A tour across the whole library, from how each track sounds and its tags.",
            ),
            attempt("discover"),
        )
    add(
        "fresh",
        "fresh",
        QCoreApplication.translate("Discover", "Fresh"),
        QCoreApplication.translate("Discover", "Recently added tracks, best first."),
        attempt("fresh"),
    )
    for name, title, blurb in MOOD_CARDS:
        add(
            f"mood:{name}",
            "mood",
            QCoreApplication.translate("Discover", title),
            QCoreApplication.translate("Discover", blurb),
            attempt("mood", mood_name=name),
            mood=name,
        )
    n = ctx.n
    if has_history:
        message = QCoreApplication.translate(
            "Discover", "From your listening history and how %Ln tracks sound.", None, n
        )
    else:
        message = QCoreApplication.translate(
            "Discover",
            "No listening history yet: these explore mixes come from how your music "
            "sounds and its tags. Import a history from Last.fm, ListenBrainz, Spotify "
            "or your old player to make them yours.",
        )
    if analysed < n:
        failed = _undecodable_count(data_dir)
        if analysed + failed < n:
            message += QCoreApplication.translate(
                "Discover",
                " {analysed} of %Ln tracks analysed so far; mixes improve as it goes.",
                None,
                n,
            ).format(analysed=i18n.number(analysed))
        else:  # the analysis is done: say so rather than promise more
            message += QCoreApplication.translate(
                "Discover",
                " {analysed} of %Ln tracks analysed; {failed} could not be decoded.",
                None,
                n,
            ).format(analysed=i18n.number(analysed), failed=i18n.number(failed))
    return Overview(mixes, has_history, analysed, n, message)


def _undecodable_count(data_dir: Path) -> int:
    """Catalogued tracks whose analysis failed with the current feature version."""
    from analysis.feature_store import analysis_errors

    try:
        with Catalog(data_dir, readonly=True) as catalog:
            return len(analysis_errors(catalog))
    except DeepCutsError:
        return 0


def _mix_blurb(name: str | None, lead: str) -> str:
    """``"Daily Mix 2: A, B"`` -> ``"<lead>: A, B and more."``"""
    who = (name or "").split(": ", 1)[1] if name and ": " in name else ""
    if who:
        return QCoreApplication.translate("Discover", "{lead}: {who} and more.").format(
            lead=lead, who=who
        )
    return QCoreApplication.translate("Discover", "{lead}.").format(lead=lead)


def _daily_opts(opts: Any) -> Any:
    from recommender.playlists.context import Options

    return Options(count=25, adventure=opts.adventure, seed=opts.seed)


def similar(data_dir: Path, track_id: int, *, count: int = 50) -> list[dict[str, Any]]:
    """The closest tracks to one track, by the model (or content before there is one)."""
    import numpy as np

    ctx = playlist_context(data_dir)
    i = ctx.data.index_of(track_id)
    if i is None:
        raise DeepCutsError(
            QCoreApplication.translate("Backend", "that track is not in the library any more")
        )
    emb = ctx.embeddings
    sims = emb @ emb[i]
    sims[i] = -np.inf
    sims[ctx.blocked] = -np.inf
    order = np.argsort(-sims)[:count]
    picks = [
        ctx.pick(int(j), float(sims[j]), ctx.likeness(int(j), i))
        for j in order
        if np.isfinite(sims[j])
    ]
    return _picks_to_items(ctx, picks)


def _picks_to_items(ctx: Any, picks: list[Any]) -> list[dict[str, Any]]:
    from recommender.playlists.generate import pick_to_json

    items = []
    for pick in picks:
        item = pick_to_json(ctx, pick)
        item["duration"] = float(ctx.meta.durations[pick.item])
        items.append(item)
    return items
