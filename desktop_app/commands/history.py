"""``deepcuts-cli history ...``: import, record, export and inspect the play history (issue 4).

- ``history import PATH [--format FMT] [--map time=COL,artist=COL,track=COL,album=COL]``: JSON
  ``{"format", "events", "matched", "unmatched", "duplicates", "aggregates", "seconds",
  "skipped", "files", "ignored", ...}``.
- ``history add TRACK --at TIME --played-ms N [--skipped]``.
- ``history like|dislike TRACK``, ``history ban TRACK | --artist NAME``.
- ``history export FILE``; ``history stats``; ``history exclude ID [--session] [--undo]``.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from desktop_app.commands.arguments import HISTORY_FORMAT_CHOICES, parse_time


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    """Add ``history`` and its subcommands."""
    history = sub.add_parser(
        "history",
        parents=[parent],
        help="play history: import, record, export, statistics",
        description="Your play history: import it from other players "
        "and services, record plays and feedback, export it.",
    )
    # the sub-parsers inherit the CLI's parser class (one-line errors, exit status 2)
    hsub = history.add_subparsers(dest="history_command", metavar="SUBCOMMAND")
    hsub.required = True

    p = hsub.add_parser(
        "import",
        parents=[parent],
        help="import a history export or library",
        description="Import a file, a folder or a ZIP; the format is detected from the content.",
    )
    p.add_argument("path", metavar="PATH")
    p.add_argument("--format", choices=HISTORY_FORMAT_CHOICES, default="auto")
    p.add_argument(
        "--map",
        metavar="ROLE=COLUMN,...",
        default=None,
        help="the columns of a CSV to read, e.g. time=ts,artist=Artist,track=Title,album=Album "
        "(column names or 1-based numbers; roles left out are found from the header)",
    )
    p.add_argument(
        "--no-match",
        action="store_true",
        help="store the plays without matching them to the catalog now",
    )
    p.set_defaults(func=_import)

    p = hsub.add_parser("add", parents=[parent], help="record one play of a catalog track")
    p.add_argument("track", metavar="TRACK", help="catalog id or file path")
    p.add_argument("--at", required=True, metavar="TIME", help="ISO 8601 or unix seconds")
    p.add_argument("--played-ms", required=True, type=int, metavar="N")
    p.add_argument("--skipped", action="store_true", help="the play was skipped")
    p.add_argument("--context", default=None, help='e.g. "discover list"')
    p.set_defaults(func=_add)

    for kind in ("like", "dislike"):
        p = hsub.add_parser(kind, parents=[parent], help=f"{kind} a track")
        p.add_argument("track", metavar="TRACK", help="catalog id or file path")
        p.add_argument("--undo", action="store_true", help=f"remove the {kind}")
        p.set_defaults(func=_feedback, kind=kind)

    p = hsub.add_parser("ban", parents=[parent], help="never recommend a track or an artist")
    p.add_argument("track", metavar="TRACK", nargs="?", help="catalog id or file path")
    p.add_argument("--artist", metavar="NAME", help="ban every track of this artist")
    p.add_argument("--undo", action="store_true", help="remove the ban")
    p.set_defaults(func=_feedback, kind="ban")

    p = hsub.add_parser(
        "export", parents=[parent], help="write everything to a JSON Lines file (docs/history.md)"
    )
    p.add_argument("file", metavar="FILE")
    p.set_defaults(func=_export)

    p = hsub.add_parser(
        "exclude", parents=[parent], help="keep a play or a whole session out of your taste"
    )
    p.add_argument("id", type=int, metavar="ID", help="play id (or session id with --session)")
    p.add_argument("--session", action="store_true", help="ID is a session id")
    p.add_argument("--undo", action="store_true", help="count it in your taste again")
    p.set_defaults(func=_exclude)

    p = hsub.add_parser("stats", parents=[parent], help="plays, matched share, sessions")
    p.set_defaults(func=_stats)


def _open(ctx: Any) -> tuple[Any, Any]:
    from analysis.catalog import Catalog
    from recommender.history import HistoryStore

    data_dir = ctx.data_dir
    return HistoryStore(data_dir), Catalog(data_dir)


def _import(args: argparse.Namespace, ctx: Any) -> int:
    from recommender.history.importers.csvcolumns import parse_column_map

    columns = parse_column_map(args.map) if args.map else None
    store, catalog = _open(ctx)
    progress = None
    if ctx.show_progress and not ctx.json:

        def progress(done: int, total: int) -> None:
            sys.stderr.write(f"\rmatching {done}/{total} plays")
            if done == total:
                sys.stderr.write("\n")
            sys.stderr.flush()

    try:
        report = store.import_path(
            args.path,
            None if args.no_match else catalog,
            format=args.format,
            progress=progress,
            columns=columns,
        )
    finally:
        store.close()
        catalog.close()
    payload = report.to_json()
    text = (
        f"imported {report.format}: {report.events} plays read, {report.matched} matched, "
        f"{report.unmatched} not in the library, {report.duplicates} already known; "
        f"{report.aggregates} library counts, {report.feedback} likes/bans "
        f"({report.seconds:.1f} s)"
    )
    text += _import_details(report)
    if report.top_unmatched_artists:
        text += "\nmost played artists not in your library: " + ", ".join(
            f"{a['artist']} ({a['plays']})" for a in report.top_unmatched_artists[:5]
        )
    ctx.emit(payload, text)
    return 0


def _import_details(report: Any) -> str:
    """The files, skipped rows and ignored files of an import, for people."""
    lines = []
    if len(report.files) > 1:
        for f in report.files:
            lines.append(f"  {f['file']}: {f.get('format')}, {f.get('plays', 0)} plays")
    for s in report.skipped:
        where = ", ".join(str(n) for n in s["lines"][:5])
        lines.append(f"skipped {s['count']} rows: {s['reason']} (lines or entries {where}, ...)")
    for f in report.ignored:
        lines.append(f"ignored {f['file']}: {f['reason']}")
    for f in report.files:
        if f.get("columns"):
            cols = ", ".join(f"{k}={v}" for k, v in f["columns"].items())
            lines.append(f"columns of {f['file']}: {cols}")
    return "".join("\n" + line for line in lines)


def _add(args: argparse.Namespace, ctx: Any) -> int:
    from analysis.errors import DeepCutsError

    if args.played_ms < 0:
        raise DeepCutsError("--played-ms must not be negative")
    at = parse_time(args.at, option="--at")
    store, catalog = _open(ctx)
    try:
        track = catalog.resolve(args.track)
        play_id = store.add_play(
            track=track,
            played_at=at,
            ms_played=args.played_ms,
            skipped=True if args.skipped else None,
            context=args.context,
        )
        play = next(
            p for p in store.plays(catalog, include_excluded=True, rematch=False) if p.id == play_id
        )
    finally:
        store.close()
        catalog.close()
    ctx.emit(
        {
            "id": play.id,
            "track_id": track.id,
            "identity": play.identity,
            "played_at": play.played_at,
            "ms_played": play.ms_played,
            "skipped": play.skipped,
            "completed": play.completed,
            "session_id": play.session_id,
        },
        f"play {play_id} recorded: {track.artist or '?'} - {track.display_title}"
        + (" (skipped)" if play.skipped else ""),
    )
    return 0


def _feedback(args: argparse.Namespace, ctx: Any) -> int:
    from analysis.errors import DeepCutsError

    kind = ("un" + args.kind) if args.undo else args.kind
    artist = getattr(args, "artist", None)
    if (args.track is None) == (artist is None):
        raise DeepCutsError(f"history {args.kind}: give a TRACK or --artist NAME (one of them)")
    store, catalog = _open(ctx)
    try:
        if artist is not None:
            store.set_feedback(artist=artist, kind=kind)
            payload = {"kind": kind, "target": "artist", "artist": artist}
            text = f"{kind} artist {artist}"
        else:
            track = catalog.resolve(args.track)
            store.set_feedback(track=track, kind=kind)
            payload = {
                "kind": kind,
                "target": "track",
                "track_id": track.id,
                "identity": track.identity,
            }
            text = f"{kind}: {track.artist or '?'} - {track.display_title}"
    finally:
        store.close()
        catalog.close()
    ctx.emit(payload, text)
    return 0


def _export(args: argparse.Namespace, ctx: Any) -> int:
    from recommender.history import HistoryStore

    store = HistoryStore(ctx.data_dir)
    try:
        counts = store.export(args.file)
    finally:
        store.close()
    payload = {"file": str(args.file), **{f"{k}s": v for k, v in counts.items() if k != "header"}}
    ctx.emit(
        payload,
        f"exported to {args.file}: "
        + ", ".join(f"{v} {k}s" for k, v in counts.items() if k != "header"),
    )
    return 0


def _exclude(args: argparse.Namespace, ctx: Any) -> int:
    from recommender.history import HistoryStore

    store = HistoryStore(ctx.data_dir)
    try:
        if args.session:
            plays = store.exclude_session(args.id, excluded=not args.undo)
        else:
            store.exclude_play(args.id, excluded=not args.undo)
            plays = 1
    finally:
        store.close()
    what = "session" if args.session else "play"
    ctx.emit(
        {"target": what, "id": args.id, "excluded": not args.undo, "plays": plays},
        f"{what} {args.id}: {plays} play(s) {'included again' if args.undo else 'excluded'}",
    )
    return 0


def _stats(args: argparse.Namespace, ctx: Any) -> int:
    store, catalog = _open(ctx)
    try:
        stats = store.stats(catalog)
    finally:
        store.close()
        catalog.close()
    text = (
        f"{stats['plays']} plays ({stats['matched_share']:.0%} in the library), "
        f"{stats['sessions']} sessions, first {stats['first_play'] or '-'}, "
        f"last {stats['last_play'] or '-'}"
    )
    ctx.emit(stats, text)
    return 0
