"""Library commands: ``scan``, ``roots``, ``tracks``, ``stats`` (issue 2's stable contract)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

#: ``scan --tag-encoding`` values (analysis.tag_encoding.MODES, spelled here so that building
#: the parser imports nothing; a test keeps the two equal).
TAG_ENCODINGS = ("auto", "off", "gbk", "big5", "shift_jis", "euc_kr", "cp1251")


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    p = sub.add_parser(
        "scan",
        parents=[parent],
        help="add folders and scan every library root",
        description="Add PATHs as library roots (when given) and scan every root.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="music folders to add")
    p.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="processes reading tags (default: number of cores)",
    )
    p.add_argument(
        "--tag-encoding",
        choices=TAG_ENCODINGS,
        default=None,
        help="how tag text stored as Latin-1 by old rippers is read: auto (default: repair "
        "GBK, Big5, Shift-JIS, EUC-KR, CP1251 when clearly so), off, or one code page; "
        "remembered for later scans, and files it changes are read again",
    )
    p.set_defaults(func=cmd_scan)

    p = sub.add_parser(
        "roots",
        parents=[parent],
        help="list or remove library roots",
        description="`roots` lists roots; `roots remove PATH` removes one "
        "(its tracks leave the catalog; history stays).",
    )
    p.add_argument("action", nargs="?", choices=["list", "remove"], default="list")
    p.add_argument("path", nargs="?", metavar="PATH")
    p.set_defaults(func=cmd_roots)

    p = sub.add_parser("tracks", parents=[parent], help="list catalogued tracks")
    p.add_argument("--missing", action="store_true", help="only tracks whose file is missing")
    p.add_argument("--errors", action="store_true", help="only files that could not be read")
    p.set_defaults(func=cmd_tracks)

    p = sub.add_parser("stats", parents=[parent], help="counts per format, duration, errors")
    p.set_defaults(func=cmd_stats)


def _open_catalog(ctx: Any):
    from analysis.catalog import Catalog

    return Catalog(ctx.data_dir)


def cmd_scan(args: argparse.Namespace, ctx: Any) -> int:
    from analysis.scanner import scan

    catalog = _open_catalog(ctx)
    if not args.paths and not catalog.roots():
        from analysis.errors import DeepCutsError

        raise DeepCutsError("no library roots yet: give a folder, e.g. `deepcuts-cli scan ~/Music`")
    if args.tag_encoding:
        catalog.set_tag_encoding(args.tag_encoding)  # remembered: later scans read the same way
    bar = None
    callback = None
    if ctx.show_progress and not ctx.json:
        from desktop_app.commands.arguments import progress_bar

        bar = progress_bar(unit="file", desc="scanning")

        def callback(p: Any) -> None:
            if p.phase == "walking":
                bar.set_description(f"finding files ({p.files_seen})")
            elif p.phase == "reading":
                bar.set_description("reading tags")
                bar.total = p.to_read
                bar.n = p.done
                bar.set_postfix(errors=p.errors, refresh=False)
                bar.refresh()

    try:
        result = scan(catalog, args.paths or None, progress=callback, workers=args.workers)
    finally:
        if bar is not None:
            bar.close()
    payload = result.to_json()
    lines = [
        f"{len(result.roots)} root(s): {result.added} added, {result.updated} updated, "
        f"{result.unchanged} unchanged, {result.moved} moved, {result.missing} newly missing, "
        f"{result.restored} back again ({result.seconds:.2f} s)"
    ]
    for err in result.errors[:20]:
        lines.append(f"  error: {err['path']}: {err['reason']}")
    if len(result.errors) > 20:
        lines.append(f"  ... and {len(result.errors) - 20} more errors (see `tracks --errors`)")
    ctx.emit(payload, "\n".join(lines))
    return 0


def cmd_roots(args: argparse.Namespace, ctx: Any) -> int:
    from analysis.errors import DeepCutsError

    catalog = _open_catalog(ctx)
    if args.action == "remove":
        if not args.path:
            raise DeepCutsError("roots remove needs a PATH")
        removed = catalog.remove_root(args.path)
        ctx.emit(
            {"removed": args.path, "tracks_removed": removed},
            f"removed {args.path} ({removed} tracks left the catalog; history is kept)",
        )
        return 0
    roots = [r.to_json() for r in catalog.roots()]
    ctx.emit(
        roots,
        "\n".join(f"{r['path']}{'' if r['available'] else '  (not available)'}" for r in roots)
        or "no library roots",
    )
    return 0


TRACK_FIELDS = (
    "id",
    "path",
    "title",
    "artist",
    "artists",
    "album",
    "album_artist",
    "genre",
    "genres",
    "year",
    "track_number",
    "disc_number",
    "duration",
    "format",
    "codec",
    "missing",
    "identity",
)


def cmd_tracks(args: argparse.Namespace, ctx: Any) -> int:
    catalog = _open_catalog(ctx)
    if args.errors:
        rows = catalog.errors()
        ctx.emit(rows, "\n".join(f"{r['path']}: {r['reason']}" for r in rows))
        return 0
    tracks = catalog.tracks(missing=True if args.missing else None)
    if ctx.json:
        out = []
        for t in tracks:
            full = t.to_json()
            out.append(
                {k: full[k] for k in TRACK_FIELDS}
                | {k: v for k, v in full.items() if k not in TRACK_FIELDS}
            )
        ctx.emit(out)
        return 0
    for t in tracks:
        flag = "  [missing]" if t.missing else ""
        sys.stdout.write(f"{t.id}\t{t.artist or '?'} - {t.display_title}\t{t.path}{flag}\n")
    return 0


def cmd_stats(args: argparse.Namespace, ctx: Any) -> int:
    catalog = _open_catalog(ctx)
    stats = catalog.stats()
    text = [
        f"{stats['tracks']} tracks ({stats['total_duration'] / 3600:.1f} h), "
        f"{stats['missing']} missing, {stats['errors']} unreadable, {stats['roots']} roots"
    ]
    text += [f"  {fmt}: {n}" for fmt, n in stats["formats"].items()]
    ctx.emit(stats, "\n".join(text))
    return 0
