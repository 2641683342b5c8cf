"""Model commands (issue 5): ``train`` and ``evaluate``.

- ``train [--as-of TIME] [--seed N] [--json]``: full training of the hybrid model on the catalog
  and the history; JSON ``{"seconds", "tracks", "plays", "model", "version"}``.
- ``evaluate HISTORY [--format F] [--library auto|catalog|virtual] [--distractors DIR]
  [--models a,b] [--seed N] [--json]``: replay a real history at several cutoffs and report
  every recommender and baseline (recommender/models/evaluation.py, docs/evaluation.md).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from desktop_app.commands.arguments import HISTORY_FORMAT_CHOICES, parse_time


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "train",
        parents=[parent],
        help="train the taste model on the library and the play history",
        description="Fully retrain the hybrid model and save it under models/.",
    )
    p.add_argument("--as-of", metavar="TIME", help="train as if now were TIME (ISO 8601 or unix s)")
    p.add_argument("--seed", type=int, default=0, metavar="N", help="training seed (default 0)")
    p.set_defaults(func=cmd_train)

    p = sub.add_parser(
        "evaluate",
        parents=[parent],
        help="replay a real listening history and measure every recommender",
        description="Replay HISTORY at several cutoffs: plays before a cutoff are the history, "
        "tracks first played in the 30 days after it are the answers.",
    )
    p.add_argument("history", metavar="HISTORY", help="history export: file, folder or ZIP")
    p.add_argument(
        "--format", default="auto", choices=HISTORY_FORMAT_CHOICES, help="history format"
    )
    p.add_argument(
        "--library",
        default="auto",
        choices=["auto", "catalog", "virtual"],
        help="the current catalog, or a virtual library of the history's tracks plus as many "
        "distractors (auto: the catalog when it has tracks)",
    )
    p.add_argument(
        "--distractors",
        metavar="DIR",
        help="folder of other histories for distractor tracks (default: HISTORY's siblings)",
    )
    p.add_argument("--models", metavar="A,B", help="only these recommenders (default: all)")
    p.add_argument("--seed", type=int, default=0, metavar="N", help="seed (default 0)")
    p.set_defaults(func=cmd_evaluate)


def _say(ctx: Any, message: str) -> None:
    if not ctx.json or ctx.show_progress:
        sys.stderr.write(message + "\n")
        sys.stderr.flush()


def cmd_train(args: argparse.Namespace, ctx: Any) -> int:
    from analysis.catalog import Catalog
    from analysis.datadir import HISTORY_FILE
    from recommender.models.training import MODEL_NAME, train_model
    from recommender.models.training_data import build_training_data

    as_of = parse_time(args.as_of, option="--as-of") if args.as_of else None
    started = time.perf_counter()
    catalog = Catalog(ctx.data_dir)
    store = None
    if (ctx.data_dir / HISTORY_FILE).exists():
        from recommender.history import HistoryStore

        store = HistoryStore(ctx.data_dir)
    try:
        data = build_training_data(catalog, store, as_of=as_of)
        model = train_model(data, data_dir=ctx.data_dir, seed=args.seed)
    finally:
        if store is not None:
            store.close()
        catalog.close()
    seconds = time.perf_counter() - started
    payload = {
        "seconds": round(seconds, 3),
        "tracks": data.n_items,
        "plays": len(data.taste_plays()),
        "model": MODEL_NAME,
        "version": f"{model.version}",
    }
    text = (
        f"trained the {MODEL_NAME} model on {data.n_items} tracks and "
        f"{payload['plays']} plays in {seconds:.1f} s"
    )
    ctx.emit(payload, text)
    return 0


def cmd_evaluate(args: argparse.Namespace, ctx: Any) -> int:
    from analysis.errors import DeepCutsError
    from recommender.history.importers import parse_history
    from recommender.models.evaluation import (
        catalog_replay,
        default_factories,
        evaluate_replay,
        load_other_histories,
        virtual_replay,
    )

    path = Path(args.history)
    if not path.exists():
        raise DeepCutsError(f"{path}: no such file or folder")
    parsed = parse_history(path, format=args.format)
    if not parsed.events:
        raise DeepCutsError(f"{path}: no individual plays to replay (only totals or feedback)")
    factories = default_factories()
    if args.models:
        wanted = [m.strip() for m in args.models.split(",") if m.strip()]
        unknown = [m for m in wanted if m not in factories]
        if unknown:
            raise DeepCutsError(
                f"unknown model(s) {', '.join(unknown)}; choose from {', '.join(factories)}"
            )
        factories = {m: factories[m] for m in wanted}
    library = args.library
    catalog = None
    if library in ("auto", "catalog"):
        from analysis.catalog import Catalog
        from analysis.datadir import CATALOG_FILE

        if (ctx.data_dir / CATALOG_FILE).exists():
            catalog = Catalog(ctx.data_dir, readonly=True)
            if catalog.count(missing=False) == 0:
                catalog.close()
                catalog = None
        if catalog is None and library == "catalog":
            raise DeepCutsError(f"no catalog with tracks in {ctx.data_dir}; scan a folder first")
    name = path.name or str(path)
    if catalog is not None:  # the library is the catalog (asked for, or found by "auto")
        try:
            replay = catalog_replay(parsed.events, catalog, name=name)
        finally:
            catalog.close()
    else:
        folder = Path(args.distractors) if args.distractors else path.resolve().parent
        others = load_other_histories(folder, exclude=path, parse=parse_history)
        replay = virtual_replay(parsed.events, others, name=name, seed=args.seed)
    result = evaluate_replay(replay, factories, seed=args.seed, progress=lambda m: _say(ctx, m))
    result["format"] = parsed.format
    ctx.emit(result, format_table(result))
    return 0


def format_table(result: dict[str, Any]) -> str:
    """A plain-text table of an evaluation result."""
    cols = [
        ("precision_at_50", "P@50"),
        ("recall_at_50", "R@50"),
        ("next_hit_at_10", "next@10"),
        ("skip_auc", "skipAUC"),
        ("diversity", "ILD"),
        ("artist_repetition", "artist rep"),
    ]
    lines = [
        f"{result['history']}: {result['library']} library of {result['tracks']} tracks "
        f"({result['own_tracks']} own, {result['distractors']} distractors), "
        f"{result['plays']} plays, cutoffs "
        + ", ".join(f"{c['as_of'][:10]} ({c['answers']} answers)" for c in result["cutoffs"]),
        f"{'model':14s}" + "".join(f"{label:>11s}" for _, label in cols),
    ]
    for name, m in result["models"].items():
        cells = "".join(f"{'-':>11s}" if m.get(k) is None else f"{m[k]:11.3f}" for k, _ in cols)
        lines.append(f"{name:14s}{cells}")
    ceilings = [c["artist_level_ceiling"] for c in result["cutoffs"]]
    lines.append(
        f"best P@50 of any ranking that sees only the artist: {sum(ceilings) / len(ceilings):.3f}"
    )
    return "\n".join(lines)
