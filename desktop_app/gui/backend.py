"""The window's calls into ``analysis`` and ``recommender`` (no Qt here).

Every function opens its own store connections, so it can run in a worker thread of
:func:`desktop_app.gui.tasks.run_task` without sharing a SQLite connection across threads, and
takes the task context (``ctx.report``, ``ctx.cancel``) where the work is long. Heavy modules
(librosa, torch, scikit-learn) are imported inside the functions that need them, never at
window start-up.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.catalog import Catalog
from analysis.errors import DeepCutsError


def open_catalog(data_dir: Path) -> Catalog:
    return Catalog(data_dir)


# -- library ------------------------------------------------------------------------------------


def scan(data_dir: Path, paths: list[str] | None, ctx: Any, *, workers: int | None = None) -> Any:
    """Add ``paths`` as roots and scan every root (``analysis.scanner.scan``)."""
    from analysis.scanner import scan as run_scan

    with Catalog(data_dir) as catalog:
        return run_scan(
            catalog, paths or None, progress=ctx.report, workers=workers, cancel=ctx.cancel
        )


def remove_root(data_dir: Path, path: str) -> int:
    with Catalog(data_dir) as catalog:
        return catalog.remove_root(path)


def roots(data_dir: Path) -> list[Any]:
    with Catalog(data_dir) as catalog:
        return catalog.roots()


def descriptors(catalog: Catalog) -> dict[int, Any]:
    """``track id -> Descriptors`` (BPM, key, energy ...) of analysed tracks."""
    from analysis.feature_store import load_descriptors

    return load_descriptors(catalog)


# -- history ------------------------------------------------------------------------------------


def history_available() -> bool:
    return _has("recommender.history")


def play_counts(data_dir: Path, catalog: Catalog) -> dict[int, tuple[int, float | None]]:
    """``track id -> (plays, last played)``: own plays plus imported play counts."""
    store = open_history(data_dir)
    if store is None:
        return {}
    try:
        counts: dict[int, list[Any]] = {}
        for play in store.plays(catalog, include_excluded=True):
            if play.track_id is None:
                continue
            entry = counts.setdefault(play.track_id, [0, None])
            entry[0] += 1
            if entry[1] is None or play.played_at > entry[1]:
                entry[1] = play.played_at
        for track_id, agg in store.aggregates(catalog, rematch=False).items():
            entry = counts.setdefault(track_id, [0, None])
            entry[0] += int(agg.play_count or 0)
            if agg.last_played and (entry[1] is None or agg.last_played > entry[1]):
                entry[1] = agg.last_played
        return {k: (v[0], v[1]) for k, v in counts.items()}
    finally:
        store.close()


def _track(catalog: Catalog, track_id: int) -> Any:
    track = catalog.track(int(track_id))
    if track is None:
        raise DeepCutsError(f"track {track_id} is no longer in the library")
    return track


def record_play(data_dir: Path, record: Any) -> int:
    """Write one play of the built-in player to history (position reached, skip/complete)."""
    with Catalog(data_dir, readonly=True) as catalog:
        track = _track(catalog, record.track_id)
    with _history(data_dir) as store:
        return store.add_play(
            track=track,
            played_at=record.started_at,
            ms_played=int(record.ms_played),
            skipped=bool(record.skipped),
            source="deepcuts",
            context=record.context,
            end_reason="trackdone" if record.completed else "fwdbtn",
        )


def _history(data_dir: Path) -> Any:
    store = open_history(data_dir)
    if store is None:
        raise DeepCutsError("play history is not available in this build")
    return store


def set_feedback(data_dir: Path, track_ids: list[int], kind: str) -> int:
    with Catalog(data_dir, readonly=True) as catalog:
        tracks = [_track(catalog, i) for i in track_ids]
    with _history(data_dir) as store:
        for track in tracks:
            store.set_feedback(track=track, kind=kind)
    return len(tracks)


def ban_artist(data_dir: Path, artist: str) -> None:
    with _history(data_dir) as store:
        store.set_feedback(artist=artist, kind="ban")


def _outcome(play: Any) -> str:
    if play.completed:
        return "complete"
    if play.skipped:
        return "skipped"
    return "partial"


def recent_plays(data_dir: Path, *, limit: int = 500) -> list[dict[str, Any]]:
    """The newest plays first, excluded ones included (marked)."""
    with Catalog(data_dir, readonly=True) as catalog, _history(data_dir) as store:
        plays = store.plays(catalog, include_excluded=True)
    out = []
    for play in reversed(plays[-limit:]):
        out.append(
            {
                "id": play.track_id,
                "play_id": play.id,
                "session_id": play.session_id,
                "played_at": play.played_at,
                "title": play.title,
                "artist": play.artist,
                "ms_played": play.ms_played,
                "outcome": _outcome(play),
                "skipped": play.skipped,
                "completed": play.completed,
                "source": play.source,
                "excluded": play.excluded,
                "context": play.context,
            }
        )
    return out


def feedback_list(data_dir: Path) -> list[dict[str, Any]]:
    with Catalog(data_dir, readonly=True) as catalog, _history(data_dir) as store:
        fb = store.feedback(catalog)
    items = sorted(fb.items, key=lambda f: -f.created_at)
    return [
        {
            "id": f.track_id,
            "kind": f.kind,
            "target": f.target,
            "title": f.title if f.target == "track" else "(every track)",
            "artist": f.artist,
            "at": f.created_at,
        }
        for f in items
    ]


def clear_feedback(data_dir: Path, item: dict[str, Any]) -> None:
    with _history(data_dir) as store:
        if item.get("target") == "artist":
            store.set_feedback(artist=item["artist"], kind="clear")
            return
        if item.get("id") is None:
            raise DeepCutsError("that track is not in the library now; its feedback stays")
        with Catalog(data_dir, readonly=True) as catalog:
            track = _track(catalog, item["id"])
        store.set_feedback(track=track, kind="clear")


def history_summary(data_dir: Path) -> str:
    with Catalog(data_dir, readonly=True) as catalog, _history(data_dir) as store:
        st = store.stats(catalog)
    if not st["plays"]:
        return "No plays yet: play some music, or import a history."
    first = (st["first_play"] or "")[:10]
    last = (st["last_play"] or "")[:10]
    text = (
        f"{st['plays']:,} plays · {st['matched_share']:.0%} in your library · "
        f"{st['sessions']:,} sessions · {first} to {last}"
    )
    if st["excluded"]:
        text += f" · {st['excluded']:,} excluded from taste"
    return text


def exclude(data_dir: Path, item: dict[str, Any], *, session: bool, excluded: bool) -> int:
    with _history(data_dir) as store:
        if session:
            return store.exclude_session(int(item["session_id"]), excluded)
        store.exclude_play(int(item["play_id"]), excluded)
        return 1


@dataclass
class HistoryPreview:
    """What an import would add; ``parsed`` is kept so committing does not parse twice."""

    path: str
    format: str
    events: int
    matched: int
    unmatched: int
    aggregates: int
    feedback: int
    top_unmatched_artists: list[tuple[str, int]]
    parsed: Any = None


def preview_history(data_dir: Path, path: str, ctx: Any) -> HistoryPreview:
    """Parse a history export and match it against the library, writing nothing."""
    from collections import Counter

    from recommender.history.importers import parse_history
    from recommender.history.matching import CatalogIndex

    ctx.report("reading the file")
    parsed = parse_history(path)
    with Catalog(data_dir, readonly=True) as catalog:
        store = open_history(data_dir)
        min_conf = float(store.setting("min_match_confidence")) if store is not None else None
        if store is not None:
            store.close()
        ctx.report("indexing the library")
        index = (
            CatalogIndex.from_catalog(catalog, min_confidence=min_conf)
            if min_conf is not None
            else CatalogIndex.from_catalog(catalog)
        )
    results: dict[tuple[Any, ...], bool] = {}
    unmatched: Counter[str] = Counter()
    matched = 0
    total = len(parsed.events)
    for n, ev in enumerate(parsed.events, start=1):
        key = (ev.artist, ev.title, ev.album, ev.mb_recording_id, ev.isrc, ev.identity)
        hit = results.get(key)
        if hit is None:
            if ev.identity and index.track_for_identity(ev.identity) is not None:
                hit = True
            else:
                hit = (
                    index.match(
                        artist=ev.artist,
                        title=ev.title,
                        album=ev.album,
                        duration_ms=ev.duration_ms,
                        mb_recording_id=ev.mb_recording_id,
                        isrc=ev.isrc,
                    )
                    is not None
                )
            results[key] = hit
        if hit:
            matched += 1
        else:
            unmatched[ev.artist or "(no artist)"] += 1
        if n % 500 == 0:
            ctx.report({"done": n, "total": total})
            if ctx.cancel.is_set():
                raise DeepCutsError("import cancelled; nothing was written")
    return HistoryPreview(
        path=str(path),
        format=parsed.format,
        events=total,
        matched=matched,
        unmatched=total - matched,
        aggregates=len(getattr(parsed, "aggregates", []) or []),
        feedback=len(getattr(parsed, "feedback", []) or []),
        top_unmatched_artists=unmatched.most_common(10),
        parsed=parsed,
    )


def import_history(data_dir: Path, path: str, ctx: Any, *, parsed: Any = None) -> dict[str, Any]:
    """Import a history export in one transaction; returns the ``history import`` JSON."""

    def progress(done: int, total: int) -> None:
        ctx.report({"done": done, "total": total})

    with Catalog(data_dir, readonly=True) as catalog, _history(data_dir) as store:
        if parsed is not None:
            report = store.import_parsed(parsed, catalog, path=str(path), progress=progress)
        else:
            report = store.import_path(path, catalog, progress=progress)
    return report.to_json()


# -- saved playlists -----------------------------------------------------------------------------


@dataclass
class SavedPlaylist:
    id: int
    name: str
    kind: str | None
    track_ids: list[int]
    missing: int


def saved_playlists(data_dir: Path) -> list[SavedPlaylist]:
    store = open_history(data_dir)
    if store is None:
        return []
    with Catalog(data_dir, readonly=True) as catalog, store:
        out = []
        for pl in store.playlists():
            ids = store.playlist_track_ids(pl.id, catalog)
            found = [i for i in ids if i is not None]
            out.append(SavedPlaylist(pl.id, pl.name, pl.kind, found, len(ids) - len(found)))
    return out


def track_items(data_dir: Path, track_ids: list[int]) -> list[dict[str, Any]]:
    with Catalog(data_dir, readonly=True) as catalog:
        by_id = {t.id: t for t in catalog.tracks(ids=track_ids)}
    return [
        {
            "id": t.id,
            "path": t.path,
            "title": t.display_title,
            "artist": t.artist,
            "album": t.album,
            "duration": t.duration,
        }
        for t in (by_id.get(i) for i in track_ids)
        if t is not None
    ]


def _unique_name(existing: set[str], name: str) -> str:
    if name not in existing:
        return name
    n = 2
    while f"{name} ({n})" in existing:
        n += 1
    return f"{name} ({n})"


def save_playlist(
    data_dir: Path, name: str, track_ids: list[int], *, kind: str = "deepcuts"
) -> str:
    """Save a new playlist; an existing name gets a number rather than being replaced."""
    with Catalog(data_dir, readonly=True) as catalog:
        by_id = {t.id: t for t in catalog.tracks(ids=track_ids)}
    tracks = [by_id[i] for i in track_ids if i in by_id]
    with _history(data_dir) as store:
        name = _unique_name({pl.name for pl in store.playlists()}, name.strip())
        store.save_playlist(name, tracks, kind=kind)
    return name


def append_to_playlist(data_dir: Path, name: str, track_ids: list[int]) -> str:
    with Catalog(data_dir, readonly=True) as catalog, _history(data_dir) as store:
        existing = next((pl for pl in store.playlists() if pl.name == name), None)
        current = (
            [i for i in store.playlist_track_ids(existing.id, catalog) if i is not None]
            if existing is not None
            else []
        )
        ids = current + [i for i in track_ids if i not in set(current)]
        by_id = {t.id: t for t in catalog.tracks(ids=ids)}
        store.save_playlist(
            name,
            [by_id[i] for i in ids if i in by_id],
            kind=existing.kind if existing is not None else "deepcuts",
        )
    return name


def delete_playlist(data_dir: Path, name: str) -> None:
    with _history(data_dir) as store:
        for pl in store.playlists():
            if pl.name == name:
                store.delete_playlist(pl.id)
                return
    raise DeepCutsError(f"no saved playlist called {name!r}")


def import_playlist_file(data_dir: Path, path: str) -> tuple[str, int, int]:
    """Read an M3U/M3U8/XSPF/PLS file into a saved playlist: (name, matched, unmatched)."""
    from recommender.playlists.files import match_entries, read_playlist

    playlist = read_playlist(path)
    with Catalog(data_dir, readonly=True) as catalog:
        result = match_entries(catalog, playlist)
    if not result.track_ids:
        raise DeepCutsError(
            f"{path}: none of its {len(playlist.entries)} entries is in your library"
        )
    name = save_playlist(data_dir, playlist.name, result.track_ids, kind=playlist.format)
    return name, len(result.track_ids), len(result.unmatched)


# -- the taste model and the discover lists ------------------------------------------------------


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


@dataclass
class Overview:
    mixes: list[Mix]
    has_history: bool
    analysed: int
    tracks: int
    message: str


_CONTEXT_LOCK = threading.Lock()
_CONTEXT_CACHE: dict[str, Any] = {}


def _stores_fingerprint(data_dir: Path) -> tuple[Any, ...]:
    """Changes whenever the catalog, the history or a model file changes."""
    from analysis.datadir import CATALOG_FILE, HISTORY_FILE, MODELS_DIR

    parts: list[Any] = [str(data_dir)]
    for name in (CATALOG_FILE, CATALOG_FILE + "-wal", HISTORY_FILE, HISTORY_FILE + "-wal"):
        try:
            st = os.stat(data_dir / name)
            parts.append((name, st.st_mtime_ns, st.st_size))
        except OSError:
            parts.append((name, None))
    models = data_dir / MODELS_DIR
    if models.is_dir():
        for path in sorted(models.rglob("*")):
            try:
                parts.append((str(path), path.stat().st_mtime_ns))
            except OSError:
                pass
    return tuple(parts)


def playlist_context(data_dir: Path) -> Any:
    """The :class:`recommender.playlists.PlaylistContext` of the current stores (cached)."""
    key = _stores_fingerprint(data_dir)
    with _CONTEXT_LOCK:
        cached = _CONTEXT_CACHE.get(str(data_dir))
        if cached is not None and cached[0] == key:
            return cached[1]
    ctx = _build_context(data_dir)
    with _CONTEXT_LOCK:
        _CONTEXT_CACHE[str(data_dir)] = (key, ctx)
    return ctx


def _build_context(data_dir: Path) -> Any:
    """Library, history, model and descriptors, as ``deepcuts-cli discover`` builds them."""
    from analysis.feature_store import load_descriptors
    from recommender.models.training_data import build_training_data
    from recommender.playlists.context import LibraryMeta, PlaylistContext

    with Catalog(data_dir) as catalog:
        if catalog.count(missing=False) == 0:
            raise DeepCutsError("the library is empty: add a music folder in Settings")
        store = open_history(data_dir)
        try:
            data = build_training_data(catalog, store)
            model = saved_model(data_dir, data)
            meta = LibraryMeta.from_catalog(catalog, data.track_ids)
            descriptors = load_descriptors(catalog)
            ctx = PlaylistContext(data, meta, model=model, descriptors=descriptors)
            if store is not None:
                ctx.apply_feedback(store.feedback(catalog, rematch=False))
        finally:
            if store is not None:
                store.close()
    return ctx


def saved_model(data_dir: Path, data: Any) -> Any:
    """The saved taste model when it is valid for ``data``, else ``None``.

    Never trains: the lists are built at once with the generators' content-and-affinity
    fallback, and the window's training task (with progress and the status bar) refreshes
    them when a model is ready.
    """
    if not training_available():
        return None
    from recommender.models import training

    meta = training.saved_metadata(data_dir)
    if meta is None or training.staleness(meta, data) is not None:
        return None
    try:
        model = training._model_class(training.MODEL_NAME).load(training.model_dir(data_dir))
    except (OSError, ValueError, KeyError):
        return None
    return model if model.update(data) else None


def _picks_to_items(ctx: Any, picks: list[Any]) -> list[dict[str, Any]]:
    from recommender.playlists.generate import pick_to_json

    items = []
    for pick in picks:
        item = pick_to_json(ctx, pick)
        item["duration"] = float(ctx.meta.durations[pick.item])
        items.append(item)
    return items


MOOD_CARDS = (
    ("calm", "Calm", "Soft, slow and quiet tracks from your library."),
    ("energetic", "Energetic", "Fast, loud and driving."),
    ("focus", "Focus", "Steady tracks that stay out of the way."),
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
        raise DeepCutsError("that track is not in the library any more")
    result = run(ctx, kind, opts, seeds=item_seeds, mood_name=mood)
    if kind == "daily":
        opts = _daily_opts(opts)
        result = run(ctx, kind, opts)
        return _picks_to_items(ctx, result[mix_index].picks) if mix_index < len(result) else []
    return _picks_to_items(ctx, result)


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
        "Favourites and new finds from one corner of your taste"
        if has_history
        else "A corner of your library, grouped by sound and tags"
    )
    daily_mixes = attempt("daily", options=_daily_opts(opts))
    if has_history:
        add(
            "discover",
            "discover",
            "Discover",
            "Tracks you have hardly played that you will probably love.",
            attempt("discover"),
        )
    for i, mix in enumerate(daily_mixes):
        add(
            f"daily:{i}",
            "daily",
            f"{'Daily mix' if has_history else 'Explore'} {i + 1}",
            _mix_blurb(mix.name, daily_lead),
            mix.picks,
        )
    if has_history:
        add(
            "deep-cuts",
            "deep-cuts",
            "Deep cuts",
            "The lesser-played tracks of the artists you play most.",
            attempt("deep-cuts"),
        )
        add(
            "forgotten",
            "forgotten",
            "Forgotten favourites",
            "Tracks and albums you loved once and have not played for a long time.",
            attempt("forgotten"),
        )
    else:
        add(
            "discover",
            "discover",
            "Explore everything",
            "A tour across the whole library, from how each track sounds and its tags.",
            attempt("discover"),
        )
    add("fresh", "fresh", "Fresh", "Recently added tracks, best first.", attempt("fresh"))
    for name, title, blurb in MOOD_CARDS:
        add(f"mood:{name}", "mood", title, blurb, attempt("mood", mood_name=name), mood=name)
    n = ctx.n
    if has_history:
        message = f"From your listening history and how {n:,} tracks sound."
    else:
        message = (
            "No listening history yet: these explore mixes come from how your music "
            "sounds and its tags. Import a history from Last.fm, ListenBrainz, Spotify "
            "or your old player to make them yours."
        )
    if analysed < n:
        failed = _undecodable_count(data_dir)
        if analysed + failed < n:
            message += f" {analysed:,} of {n:,} tracks analysed so far; mixes improve as it goes."
        else:  # the analysis is done: say so rather than promise more
            message += f" {analysed:,} of {n:,} tracks analysed; {failed:,} could not be decoded."
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
    return f"{lead}: {who} and more." if who else f"{lead}."


def _daily_opts(opts: Any) -> Any:
    from recommender.playlists.context import Options

    return Options(count=25, adventure=opts.adventure, seed=opts.seed)


def similar(data_dir: Path, track_id: int, *, count: int = 50) -> list[dict[str, Any]]:
    """The closest tracks to one track, by the model (or content before there is one)."""
    import numpy as np

    ctx = playlist_context(data_dir)
    i = ctx.data.index_of(track_id)
    if i is None:
        raise DeepCutsError("that track is not in the library any more")
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


@dataclass
class MapData:
    ids: Any  # int64 [n]
    xy: Any  # float32 [n, 2]
    labels: list[str]
    cluster_codes: Any  # int [n]
    genre_codes: Any  # int [n]
    genre_names: list[str]
    cluster_names: list[str]
    source: str


def map_points(data_dir: Path, *, clusters: int = 8, genres: int = 11) -> MapData:
    """2-D positions of every track: PCA of the model's (or the content) embedding."""
    import numpy as np

    ctx = playlist_context(data_dir)
    emb = np.asarray(ctx.embeddings, dtype=np.float32)
    n = emb.shape[0]
    if n == 0:
        raise DeepCutsError("the library is empty")
    centred = emb - emb.mean(axis=0)
    if n >= 3 and emb.shape[1] >= 2:
        _u, _s, vt = np.linalg.svd(centred[:: max(1, n // 20000)], full_matrices=False)
        xy = centred @ vt[:2].T
    else:
        xy = np.zeros((n, 2), dtype=np.float32)
        xy[:, 0] = np.arange(n)
    k = max(1, min(clusters, n))
    if n > k:
        from sklearn.cluster import MiniBatchKMeans

        codes = MiniBatchKMeans(
            n_clusters=k, random_state=0, n_init=3, batch_size=4096
        ).fit_predict(emb)
    else:
        codes = np.arange(n)
    genre_list = [g[0] if g else "" for g in ctx.data.genres]
    counts: dict[str, int] = {}
    for g in genre_list:
        if g:
            counts[g] = counts.get(g, 0) + 1
    top = sorted(counts, key=lambda g: -counts[g])[:genres]
    index = {g: i for i, g in enumerate(top)}
    genre_codes = np.array([index.get(g, len(top)) for g in genre_list], dtype=np.int32)
    labels = [f"{t} — {a}" if a else t for t, a in zip(ctx.meta.titles, ctx.meta.artists)]
    source = "taste model" if ctx.model is not None else "sound and tags"
    cluster_names = []
    for c in range(int(codes.max()) + 1 if n else 0):
        members = np.flatnonzero(codes == c)
        artists: dict[str, int] = {}
        for i in members.tolist():
            name = ctx.meta.artists[i]
            if name:
                artists[name] = artists.get(name, 0) + 1
        best = sorted(artists, key=lambda a: -artists[a])[:2]
        cluster_names.append(" & ".join(best) if best else f"group {c + 1}")
    return MapData(
        ids=np.asarray(ctx.data.track_ids),
        xy=xy.astype(np.float32),
        labels=labels,
        cluster_codes=np.asarray(codes, dtype=np.int32),
        genre_codes=genre_codes,
        genre_names=[*top, "other"],
        cluster_names=cluster_names,
        source=source,
    )


# -- availability of the pieces built in parallel --------------------------------------------------


def _has(module: str) -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def analysis_available() -> bool:
    return _has("analysis.analyzer")


def training_available() -> bool:
    return _has("recommender.models.training")


def open_history(data_dir: Path) -> Any:
    """The history store, or ``None`` when this build has none."""
    if not history_available():
        return None
    from recommender.history import HistoryStore

    return HistoryStore(data_dir)


# -- analysis and training -------------------------------------------------------------------------


def analyze(data_dir: Path, ctx: Any, *, workers: int | None = None) -> Any:
    from analysis.analyzer import analyze as run

    with Catalog(data_dir) as catalog:
        return run(catalog, workers=workers, progress=ctx.report, cancel=ctx.cancel)


def train_here(data_dir: Path, *, force: bool = False, log: Any = None) -> dict[str, Any]:
    """Train the taste model when it is missing or stale (always with ``force``), in this process.

    The learned audio embedding is trained first when it is due (after an analysis that grew
    the library; ``docs/analysis.md``), so the taste model is trained on the content space it
    will be used with. Returns a small summary (the model itself is saved under ``models/``).
    """
    from analysis.embedding_train import train as train_embedding
    from recommender.models.training import load_or_train

    with Catalog(data_dir) as catalog:
        embedded = train_embedding(catalog)
        if embedded.trained and log is not None:
            log(f"learned audio embedding trained on {embedded.tracks} tracks")
        store = open_history(data_dir)
        try:
            model, data = load_or_train(
                catalog, store, data_dir=data_dir, as_of=None, force=force, log=log
            )
        finally:
            if store is not None:
                store.close()
    return {"model": type(model).__name__, "tracks": int(data.n_items)}


def _train_process(data_dir: str, force: bool, queue: Any) -> None:  # runs in the child
    try:
        summary = train_here(
            Path(data_dir), force=force, log=lambda message: queue.put(("log", str(message)))
        )
        queue.put(("done", summary))
    except DeepCutsError as exc:
        queue.put(("expected", str(exc)))
    except BaseException as exc:  # reported to the window, which logs it
        import traceback

        queue.put(("error", f"{type(exc).__name__}: {exc}", traceback.format_exc()))


class TrainingFailed(Exception):
    """Training crashed in its process; carries the child's traceback text."""


def train(data_dir: Path, ctx: Any, *, force: bool = False) -> dict[str, Any] | None:
    """Train in a separate process, so torch's import and the training never hold the
    window's GIL; the trainer's log lines are the progress. Cancel ends the process (the
    saved model is only replaced when training finishes). ``None`` when cancelled.
    """
    import multiprocessing
    import queue as queue_module

    mp = multiprocessing.get_context("spawn")
    messages = mp.Queue()
    proc = mp.Process(
        target=_train_process,
        args=(str(data_dir), force, messages),
        name="deepcuts-training",
        daemon=True,
    )
    proc.start()
    try:
        while True:
            if ctx.cancel.is_set():
                proc.terminate()
                proc.join(10)
                return None
            try:
                kind, *payload = messages.get(timeout=0.1)
            except queue_module.Empty:
                if not proc.is_alive() and messages.empty():
                    raise TrainingFailed(
                        f"the training process ended unexpectedly (exit code {proc.exitcode})"
                    ) from None
                continue
            if kind == "log":
                ctx.report(payload[0])
            elif kind == "done":
                return payload[0]
            elif kind == "expected":
                raise DeepCutsError(payload[0])
            else:
                raise TrainingFailed(f"{payload[0]}\n{payload[1]}")
    finally:
        proc.join(10)
        if proc.is_alive():
            proc.kill()


# -- playlist files --------------------------------------------------------------------------------


def export_playlist(
    data_dir: Path,
    track_ids: list[int],
    dest: str,
    *,
    name: str | None = None,
    relative: bool = False,
) -> Path:
    """Write the tracks to a playlist file (format from the extension), atomically."""
    from recommender.playlists.files import PlaylistItem, write_playlist

    with Catalog(data_dir, readonly=True) as catalog:
        by_id = {t.id: t for t in catalog.tracks(ids=track_ids)}
    items = [PlaylistItem.from_track(by_id[i]) for i in track_ids if i in by_id]
    if not items:
        raise DeepCutsError("nothing to export: the list is empty")
    return write_playlist(dest, items, name=name, relative=relative)
