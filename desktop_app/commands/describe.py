"""``deepcuts-cli discover --describe TEXT`` (issue 14): a playlist from a sentence.

JSON: ``{"query": TEXT, "understood": [{"words", "as"}], "unknown": [...], "tracks": [picks as
in discover]}``. A sentence with nothing understood exits 1 with one line naming the words not
understood; bad text (empty, too long, control characters) and "like X" with X not in the
library are one-line errors before anything is written. See docs/words.md.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from desktop_app.commands.arguments import parse_time


def nothing_understood(query: Any) -> str:
    """The one line for a sentence of which nothing was understood."""
    if query.unknown:
        words = ", ".join(f"“{w}”" for w in query.unknown)
        return f"not understood: {words} (docs/words.md lists the words Deep Cuts knows)"
    return (
        f"nothing to go on in “{query.text}”: only common words; "
        "say what you want to hear, e.g. “calm piano” or “fast 90s rock”"
    )


def run_describe(args: argparse.Namespace, ctx: Any) -> int:
    """Answer ``args.describe`` from the catalog, the history and the taste model."""
    from analysis.catalog import Catalog
    from analysis.errors import DeepCutsError
    from desktop_app.commands.playlists import _export_result, _log, _pick_line, load_model
    from recommender.history import HistoryStore
    from recommender.playlists.context import LibraryMeta, Options, PlaylistContext
    from recommender.playlists.generate import pick_to_json
    from recommender.words.answer import answer, lexicon
    from recommender.words.parser import understand
    from recommender.words.tokenizer import check_text

    if args.kind or args.seed or args.mood:
        raise DeepCutsError("--describe makes its own list: leave out --kind, --seed and --mood")
    check_text(args.describe)  # bad text fails before any work
    as_of = parse_time(args.as_of, option="--as-of") if args.as_of else None
    if args.export:
        from recommender.playlists.files import playlist_format

        playlist_format(args.export)
    with Catalog(ctx.data_dir) as catalog, HistoryStore(ctx.data_dir) as store:
        if catalog.count(missing=False) == 0:
            raise DeepCutsError(
                "the catalog is empty: scan your music first (deepcuts-cli scan FOLDER)"
            )
        data, model = load_model(
            catalog, store, data_dir=ctx.data_dir, as_of=as_of, log=lambda m: _log(ctx, m)
        )
        from analysis.feature_store import load_descriptors

        meta = LibraryMeta.from_catalog(catalog, data.track_ids)
        pctx = PlaylistContext(data, meta, model=model, descriptors=load_descriptors(catalog))
        pctx.apply_feedback(store.feedback(catalog, rematch=False))
        query = understand(args.describe, lexicon(pctx))
        if not query.constraints:
            raise DeepCutsError(nothing_understood(query))
        opts = Options(count=args.count, adventure=args.adventure, seed=args.random_seed)
        picks = answer(pctx, query, opts)
        if args.export and picks:
            args.kind_title = f"Deep Cuts: {args.describe}"
            exported = _export_result(pctx, "describe", picks, args)
        else:
            exported = []
    tracks = [pick_to_json(pctx, p) for p in picks]
    payload = {
        "query": args.describe,
        "understood": query.understood(),
        "unknown": query.unknown,
        "tracks": tracks,
    }
    lines = ["understood: " + "; ".join(f"{u['words']} = {u['as']}" for u in payload["understood"])]
    if query.unknown:
        lines.append("not understood: " + ", ".join(f"“{w}”" for w in query.unknown))
    lines += [_pick_line(n, rec) for n, rec in enumerate(tracks, start=1)]
    if not tracks:
        lines.append("no track fits every part of the description")
    ctx.emit(payload, "\n".join(lines))
    for path in exported:
        sys.stderr.write(f"wrote {path}\n")
    return 0
