"""Audio analysis commands: ``analyze``, ``features``, ``similar`` (issue 3's stable contract) and
``embed`` (issue 13: train the learned embedding).

Heavy modules (numpy, librosa, PyAV) load inside the handlers, never at CLI start-up.
"""

from __future__ import annotations

import argparse
import logging
from typing import Any

log = logging.getLogger("deepcuts.analysis")

#: How many recent plays decide which new tracks are analysed first.
RECENT_PLAYS = 2000


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    """Add ``analyze``, ``features`` and ``similar``."""
    p = sub.add_parser(
        "analyze",
        parents=[parent],
        help="analyse the audio of tracks that need it",
        description="Decode an excerpt of every track without an up-to-date analysis and "
        "compute its features (resumable: run it again to continue).",
    )
    p.add_argument(
        "--workers",
        type=_non_negative,
        default=None,
        metavar="N",
        help="worker processes (default: number of cores; 0 = in this process)",
    )
    p.add_argument(
        "--limit", type=_non_negative, default=None, metavar="N", help="analyse at most N tracks"
    )
    p.add_argument(
        "--no-embed",
        action="store_true",
        help="do not train the learned embedding afterwards (see `embed`)",
    )
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser(
        "embed",
        parents=[parent],
        help="train the learned audio embedding on the library",
        description="Train the audio embedding on the analysed tracks of the library when it "
        "is due (none yet, or the library changed by more than 10 %%); resumes an interrupted "
        "training. Libraries under 200 analysed tracks keep the hand-built vector. `analyze` "
        "runs this at its end.",
    )
    p.add_argument("--force", action="store_true", help="train even when up to date")
    p.add_argument("--seed", type=_non_negative, default=0, metavar="N", help="random seed")
    p.add_argument(
        "--steps",
        type=_positive,
        default=None,
        metavar="N",
        help="optimiser steps (default: 40 passes over the library, at least 400)",
    )
    p.set_defaults(func=cmd_embed)

    p = sub.add_parser(
        "features",
        parents=[parent],
        help="descriptors and feature vector of one track",
        description="Show BPM, key, energy... and the feature vector of TRACK (a catalog id or "
        "a path), analysing it first if needed.",
    )
    p.add_argument("track", metavar="TRACK", help="catalog id or file path")
    p.set_defaults(func=cmd_features)

    p = sub.add_parser(
        "similar",
        parents=[parent],
        help="tracks that sound like TRACK",
        description="The N most similar-sounding tracks to TRACK by audio content.",
    )
    p.add_argument("track", metavar="TRACK", help="catalog id or file path")
    p.add_argument("--count", type=_positive, default=10, metavar="N", help="how many (default 10)")
    p.add_argument(
        "--content-only",
        action="store_true",
        help="audio content only, ignoring listening history",
    )
    p.set_defaults(func=cmd_similar)


def _non_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more: {text}")
    return value


def _positive(text: str) -> int:
    value = _non_negative(text)
    if value == 0:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _open_catalog(ctx: Any):
    from analysis.catalog import Catalog

    return Catalog(ctx.data_dir)


def _recently_played(ctx: Any, catalog: Any) -> list[int]:
    """Catalog ids by most recent play, so those tracks are analysed first (best effort)."""
    from analysis.datadir import HISTORY_FILE

    if not (ctx.data_dir / HISTORY_FILE).exists():
        return []
    try:
        from recommender.history import HistoryStore

        with HistoryStore(ctx.data_dir) as store:
            plays = store.plays(catalog, rematch=False)
    except Exception as exc:  # history is optional here: never block analysis on it
        log.info("no play history for analysis order: %s", exc)
        return []
    seen: dict[int, None] = {}
    for play in reversed(plays):
        if play.track_id is not None and play.track_id not in seen:
            seen[play.track_id] = None
            if len(seen) >= RECENT_PLAYS:
                break
    return list(seen)


def cmd_analyze(args: argparse.Namespace, ctx: Any) -> int:
    from analysis.analyzer import analyze

    catalog = _open_catalog(ctx)
    recent = _recently_played(ctx, catalog)
    bar = None
    callback = None
    if ctx.show_progress and not ctx.json:
        from desktop_app.commands.arguments import progress_bar

        bar = progress_bar(unit="track", desc="analysing")

        def callback(p: Any) -> None:
            bar.total = p.total
            bar.n = p.done
            bar.set_postfix(failed=p.failed, refresh=False)
            bar.refresh()

    try:
        result = analyze(
            catalog,
            workers=args.workers,
            limit=args.limit,
            progress=callback,
            recently_played=recent,
        )
    finally:
        if bar is not None:
            bar.close()
    embedded = None
    if not args.no_embed and not result.cancelled and not result.remaining:
        embedded = _train_embedding(catalog, seed=0, force=False, steps=None)
    lines = [
        f"analysed {result.analyzed} track(s) in {result.seconds:.1f} s "
        f"({result.tracks_per_second:.1f} tracks/s); {result.skipped} missing file(s) skipped, "
        f"{len(result.failed)} failed"
    ]
    if result.remaining:
        lines.append(f"{result.remaining} left to analyse (run `analyze` again to continue)")
    if embedded is not None and embedded.trained:
        lines.append(
            f"learned audio embedding trained on {embedded.tracks} tracks "
            f"in {embedded.seconds:.1f} s"
        )
    for err in result.failed[:20]:
        lines.append(f"  error: {err['path']}: {err['reason']}")
    if len(result.failed) > 20:
        lines.append(f"  ... and {len(result.failed) - 20} more")
    ctx.emit(result.to_json(), "\n".join(lines))
    return 0


def _train_embedding(catalog: Any, *, seed: int, force: bool, steps: int | None) -> Any:
    from analysis.embedding import EmbeddingConfig
    from analysis.embedding_train import train

    config = EmbeddingConfig() if steps is None else EmbeddingConfig(epochs=0, min_steps=steps)
    return train(catalog, seed=seed, force=force, config=config)


def cmd_embed(args: argparse.Namespace, ctx: Any) -> int:
    catalog = _open_catalog(ctx)
    result = _train_embedding(catalog, seed=args.seed, force=args.force, steps=args.steps)
    if result.trained:
        text = f"embedding trained on {result.tracks} tracks in {result.seconds:.1f} s"
        if result.resumed_from:
            text += f" (resumed at step {result.resumed_from} of {result.steps})"
    else:
        text = f"embedding not trained: {result.reason}"
    ctx.emit(result.to_json(), text)
    return 0


def _ensure_analysed(catalog: Any, track: Any) -> Any:
    """The stored analysis of ``track``, analysing it now (in this process) when needed."""
    from analysis import feature_store
    from analysis.analyzer import analyze
    from analysis.errors import DeepCutsError

    if track.missing:
        raise DeepCutsError(f"{track.path}: the file is missing, so it cannot be analysed")
    analyze(catalog, workers=0, track_ids=[track.id])
    stored = feature_store.track_analysis(catalog, track.id)
    if stored is None or not stored.current:
        reason = feature_store.analysis_error(catalog, track.id) or "not analysed"
        raise DeepCutsError(f"{track.path}: cannot analyse: {reason}")
    return stored


def cmd_features(args: argparse.Namespace, ctx: Any) -> int:
    catalog = _open_catalog(ctx)
    track = catalog.resolve(args.track)
    stored = _ensure_analysed(catalog, track)
    desc = stored.descriptors.to_json()
    payload = {
        "id": track.id,
        "path": track.path,
        "title": track.title,
        "artist": track.artist,
        **desc,
        "descriptors": desc,
        "version": stored.version,
        "vector": [round(float(v), 6) for v in stored.vector],
        "names": stored.names,
        "excerpt_seconds": round(stored.excerpt_seconds, 3),
        "decoder": stored.decoder,
        "analysed_at": stored.analysed_at,
    }
    text = [
        f"{track.artist or '?'} - {track.display_title}",
        f"  BPM {desc['bpm']:.1f}",
        f"  key {desc['key'] or 'unknown'} (strength {desc['key_strength']:.2f})",
        f"  energy {desc['energy']:.2f}, brightness {desc['brightness']:.2f}, "
        f"acousticness {desc['acousticness']:.2f}",
        f"  feature vector v{stored.version}: {len(stored.vector)} values "
        f"from {stored.excerpt_seconds:.0f} s of audio ({stored.decoder})",
    ]
    ctx.emit(payload, "\n".join(text))
    return 0


def content_similar(catalog: Any, track: Any, *, count: int = 10) -> list[dict[str, Any]]:
    """The ``count`` most similar-sounding tracks to ``track`` by audio content alone.

    Returns the ``similar`` command's JSON rows: ``{"id", "path", "title", "artist",
    "distance"}``, nearest first. The seed is analysed first if it has no current vector.
    """
    from analysis import feature_store
    from analysis.errors import DeepCutsError
    from analysis.similarity import SimilarityIndex

    if feature_store.analysed_count(catalog) == 0:
        raise DeepCutsError("no track has been analysed yet: run `deepcuts-cli analyze` first")
    index = SimilarityIndex.from_catalog(catalog)
    if index.row_of(track.id) is None:
        _ensure_analysed(catalog, track)
        index = SimilarityIndex.from_catalog(catalog)
    if index.row_of(track.id) is None:
        raise DeepCutsError(f"{track.path}: has no audio features")
    return _neighbour_rows(catalog, index.neighbours(track.id, count=count))


def _neighbour_rows(catalog: Any, neighbours: list[tuple[int, float]]) -> list[dict[str, Any]]:
    """``similar`` rows for ``(track id, distance)`` pairs, in order; vanished tracks dropped."""
    found = {t.id: t for t in catalog.tracks(ids=[tid for tid, _ in neighbours])}
    return [
        {
            "id": tid,
            "path": found[tid].path,
            "title": found[tid].title,
            "artist": found[tid].artist,
            "distance": round(float(dist), 4),
        }
        for tid, dist in neighbours
        if tid in found
    ]


def model_similar(
    catalog: Any, track: Any, *, data_dir: Any, count: int = 10
) -> list[dict[str, Any]] | None:
    """Neighbours of ``track`` in the trained hybrid model's space (history + content).

    Same rows as :func:`content_similar`, with ``distance = 1 - cosine``. ``None`` when no model
    has been trained yet or the track is not among its items (then the audio view answers). A
    saved model that no longer matches the library or the features is retrained first.
    """
    from recommender.models.training import load_or_train, saved_metadata

    if saved_metadata(data_dir) is None:
        return None
    store = None
    from analysis.datadir import HISTORY_FILE

    if (data_dir / HISTORY_FILE).exists():
        from recommender.history import HistoryStore

        store = HistoryStore(data_dir)
    try:
        model, data = load_or_train(
            catalog, store, data_dir=data_dir, log=lambda m: log.info("%s", m)
        )
    finally:
        if store is not None:
            store.close()
    item = data.index_of(track.id)
    if item is None:
        return None
    pairs = [(int(data.track_ids[i]), 1.0 - float(sim)) for i, sim in model.similar(item, count)]
    return _neighbour_rows(catalog, pairs)


def cmd_similar(args: argparse.Namespace, ctx: Any) -> int:
    catalog = _open_catalog(ctx)
    track = catalog.resolve(args.track)
    rows = None
    if not args.content_only:
        rows = model_similar(catalog, track, data_dir=ctx.data_dir, count=args.count)
    heading = "like" if rows is not None else "sounds like"
    if rows is None:
        rows = content_similar(catalog, track, count=args.count)
    text = [f"{heading} {track.artist or '?'} - {track.display_title}:"]
    text += [
        f"  {r['distance']:7.3f}  {r['id']}\t{r['artist'] or '?'} - {r['title'] or r['path']}"
        for r in rows
    ]
    if not rows:
        text.append("  (no other analysed track)")
    ctx.emit(rows, "\n".join(text))
    return 0
