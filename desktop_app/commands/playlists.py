"""``deepcuts-cli discover`` and ``deepcuts-cli playlist ...`` (issue 5, playlists).

- ``discover [--kind KIND] [--seed TRACK ...] [--mood NAME] [--count N] [--as-of TIME]
  [--random-seed N] [--adventure 0..1] [--export FILE] [--json]``: JSON is a list of
  ``{"id", "path", "title", "artist", "album", "score", "reason"}``; for ``daily`` a list of
  ``{"name", "tracks": [...]}``.
- ``playlist import FILE [--name NAME]``, ``playlist export NAME FILE``, ``playlist list``.

The export format follows the file's extension (.m3u8, .m3u, .xspf, .pls).
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from desktop_app.commands.arguments import parse_time

KIND_CHOICES = ("discover", "daily", "forgotten", "deep-cuts", "radio", "mood", "fresh")


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    """Add ``discover`` and ``playlist``."""
    p = sub.add_parser(
        "discover",
        parents=[parent],
        help="generate a playlist from your taste",
        description="Generate a playlist: tracks you will probably love (discover), daily "
        "mixes, forgotten favourites, deep cuts of your top artists, a radio from seed tracks, "
        "a mood, or fresh additions. Every pick comes with a reason.",
    )
    p.add_argument(
        "--kind",
        choices=KIND_CHOICES,
        default=None,
        help="which generator (default: discover; radio when --seed is given, "
        "mood when --mood is given)",
    )
    p.add_argument(
        "--seed",
        metavar="TRACK",
        nargs="+",
        action="extend",
        default=[],
        help="seed tracks for a radio (catalog id or file path)",
    )
    p.add_argument(
        "--mood",
        metavar="NAME",
        help="calm, energetic, focus, happy, melancholy (or bright, sad, chill, ...)",
    )
    p.add_argument(
        "--count",
        type=_positive_int,
        default=50,
        metavar="N",
        help="tracks in the list (per mix for daily; default 50)",
    )
    p.add_argument(
        "--as-of",
        metavar="TIME",
        default=None,
        help="make 'now' this time (ISO 8601 or unix seconds): later plays ignored",
    )
    p.add_argument(
        "--random-seed",
        type=int,
        default=0,
        metavar="N",
        help="the same seed gives the same list (default 0)",
    )
    p.add_argument(
        "--adventure",
        type=_unit_float,
        default=0.3,
        metavar="0..1",
        help="0 = familiar, 1 = adventurous (default 0.3)",
    )
    p.add_argument(
        "--export",
        metavar="FILE",
        default=None,
        help="also write the list to FILE (.m3u8, .m3u, .xspf or .pls)",
    )
    p.add_argument(
        "--relative", action="store_true", help="write paths relative to the exported file's folder"
    )
    p.add_argument(
        "--describe",
        metavar="TEXT",
        default=None,
        help="a list from a sentence, e.g. 'calm piano for a rainy evening' or '快节奏的摇滚' "
        "(docs/words.md)",
    )
    p.set_defaults(func=_discover)

    pl = sub.add_parser(
        "playlist",
        parents=[parent],
        help="import, export and list playlists",
        description="Saved playlists: import M3U, M3U8, XSPF and PLS files, "
        "export them to any of those formats, list them.",
    )
    psub = pl.add_subparsers(dest="playlist_command", metavar="SUBCOMMAND")
    psub.required = True

    p = psub.add_parser(
        "import",
        parents=[parent],
        help="import a playlist file",
        description="Import an M3U, M3U8, XSPF or PLS file as a saved playlist; "
        "entries not in the catalog are reported.",
    )
    p.add_argument("file", metavar="FILE")
    p.add_argument("--name", default=None, help="name to save it under (default: from the file)")
    p.set_defaults(func=_import)

    p = psub.add_parser(
        "export",
        parents=[parent],
        help="write a saved playlist to a file",
        description="Write a saved playlist; the format follows the extension. "
        "Re-exporting overwrites the file in place (atomically).",
    )
    p.add_argument("name", metavar="NAME")
    p.add_argument("file", metavar="FILE")
    p.add_argument(
        "--relative", action="store_true", help="write paths relative to the file's folder"
    )
    p.set_defaults(func=_export)

    p = psub.add_parser("list", parents=[parent], help="list saved playlists")
    p.set_defaults(func=_list)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _unit_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError("must be between 0 and 1")
    return value


def _log(ctx: Any, message: str) -> None:
    if ctx.show_progress and not ctx.json:
        sys.stderr.write(message + "\n")
        sys.stderr.flush()


def load_model(
    catalog: Any, store: Any, *, data_dir: Any, as_of: float | None, log: Any = None
) -> tuple[Any, Any]:
    """The training data at ``as_of`` and the model for it (trained when stale or missing).

    Returns ``(data, model)``; ``model`` is ``None`` when no trainer is available, in which
    case the generators rank with their content-and-affinity fallback.
    """
    from recommender.models import base

    trainer = getattr(base, "load_or_train", None)
    if trainer is None:
        try:
            from recommender.models import training  # type: ignore[attr-defined]

            trainer = getattr(training, "load_or_train", None)
        except ImportError:
            trainer = None
    if trainer is None:
        return _training_data(catalog, store, as_of), None
    result = trainer(catalog, store, data_dir=data_dir, as_of=as_of, log=log)
    if isinstance(result, tuple):
        model, data = result[0], result[1]
        if not isinstance(data, base.TrainingData):
            model, data = data, model
        return data, model
    return _training_data(catalog, store, as_of), result


def _training_data(catalog: Any, store: Any, as_of: float | None) -> Any:
    from recommender.models.training_data import build_training_data

    try:
        return build_training_data(catalog, store, as_of=as_of)
    except TypeError:
        # The history store returns a FeedbackSet and a dict of aggregates where
        # build_training_data iterates records; give it the records until the two agree.
        return build_training_data(catalog, _RecordView(store), as_of=as_of)


class _RecordView:
    """The history store with ``feedback`` and ``aggregates`` as plain record lists."""

    def __init__(self, store: Any) -> None:
        self._store = store

    def plays(self, catalog: Any, **kwargs: Any) -> Any:
        return self._store.plays(catalog, **kwargs)

    def feedback(self, catalog: Any) -> list[Any]:
        result = self._store.feedback(catalog)
        return list(getattr(result, "items", result))

    def aggregates(self, catalog: Any) -> list[Any]:
        result = self._store.aggregates(catalog)
        return list(result.values()) if isinstance(result, dict) else list(result)


def _discover(args: argparse.Namespace, ctx: Any) -> int:
    from analysis.catalog import Catalog
    from analysis.errors import DeepCutsError
    from recommender.history import HistoryStore
    from recommender.playlists.context import LibraryMeta, Mix, Options, Pick, PlaylistContext
    from recommender.playlists.generate import generate, pick_to_json

    if getattr(args, "describe", None) is not None:
        from desktop_app.commands.describe import run_describe

        return run_describe(args, ctx)
    kind = args.kind or ("radio" if args.seed else "mood" if args.mood else "discover")
    if args.seed and kind != "radio":
        raise DeepCutsError(f"--seed is for --kind radio, not {kind}")
    if args.mood and kind != "mood":
        raise DeepCutsError(f"--mood is for --kind mood, not {kind}")
    as_of = parse_time(args.as_of, option="--as-of") if args.as_of else None
    if args.export:
        from recommender.playlists.files import playlist_format

        playlist_format(args.export)  # fail before any work on a bad extension
    data_dir = ctx.data_dir
    with Catalog(data_dir) as catalog, HistoryStore(data_dir) as store:
        if catalog.count(missing=False) == 0:
            raise DeepCutsError(
                "the catalog is empty: scan your music first (deepcuts-cli scan FOLDER)"
            )
        seed_tracks = [catalog.resolve(ref) for ref in args.seed]
        data, model = load_model(
            catalog, store, data_dir=data_dir, as_of=as_of, log=lambda m: _log(ctx, m)
        )
        seeds = []
        for ref, track in zip(args.seed, seed_tracks):
            index = data.index_of(track.id)
            if index is None:
                raise DeepCutsError(f"seed {ref}: {track.path} is missing or unreadable")
            seeds.append(index)
        try:
            from analysis.feature_store import load_descriptors

            descriptors = load_descriptors(catalog)
        except ImportError:
            descriptors = {}
        meta = LibraryMeta.from_catalog(catalog, data.track_ids)
        pctx = PlaylistContext(data, meta, model=model, descriptors=descriptors)
        pctx.apply_feedback(store.feedback(catalog, rematch=False))
        opts = Options(count=args.count, adventure=args.adventure, seed=args.random_seed)
        result = generate(pctx, kind, opts, seeds=seeds, mood_name=args.mood)
        exported = _export_result(pctx, kind, result, args) if args.export else []

    if kind == "daily":
        payload: Any = [
            {"name": m.name, "tracks": [pick_to_json(pctx, p) for p in m.picks]}
            for m in result
            if isinstance(m, Mix)
        ]
        lines = []
        for mix in payload:
            lines.append(f"{mix['name']} ({len(mix['tracks'])} tracks)")
            lines.extend(_pick_line(n, rec) for n, rec in enumerate(mix["tracks"], start=1))
            lines.append("")
    else:
        payload = [pick_to_json(pctx, p) for p in result if isinstance(p, Pick)]
        lines = [_pick_line(n, rec) for n, rec in enumerate(payload, start=1)]
        if not payload:
            lines = [f"no tracks for {kind} (see docs/playlists.md for what each one needs)"]
    ctx.emit(payload, "\n".join(lines).rstrip("\n"))
    if kind != "daily" and 0 < len(payload) < opts.count:
        sys.stderr.write(_short_list(kind, len(payload), opts) + "\n")
    for path in exported:
        sys.stderr.write(f"wrote {path}\n")
    return 0


def _short_list(kind: str, got: int, opts: Any) -> str:
    """One line on why a list came out shorter than asked (stderr; the list itself is fine)."""
    return (
        f"{kind}: {got} of {opts.count} tracks; no more candidates fit the rules (at most "
        f"{opts.per_artist()} songs by one artist, never two in a row, one version of a song)"
    )


def _pick_line(n: int, rec: dict[str, Any]) -> str:
    who = f"{rec['artist']} - " if rec["artist"] else ""
    return f"{n:3d}. {who}{rec['title']}  [{rec['score']:.2f}]  {rec['reason']}"


def _export_result(pctx: Any, kind: str, result: list[Any], args: argparse.Namespace) -> list[str]:
    """Write the list (each daily mix to its own file: ``NAME-1.m3u8``, ``NAME-2.m3u8``...)."""
    from recommender.playlists.context import Mix
    from recommender.playlists.files import PlaylistItem, write_playlist

    def items(picks: list[Any]) -> list[PlaylistItem]:
        m = pctx.meta
        return [
            PlaylistItem(
                path=m.path_raw[p.item] if m.path_raw else m.paths[p.item],
                title=m.titles[p.item],
                artist=m.artists[p.item] or None,
                album=m.albums[p.item] or None,
                duration=None
                if m.durations[p.item] != m.durations[p.item]
                else float(m.durations[p.item]),
            )
            for p in picks
        ]

    if kind == "daily":
        stem, ext = os.path.splitext(args.export)
        out = []
        for n, mix in enumerate((m for m in result if isinstance(m, Mix)), start=1):
            out.append(
                str(
                    write_playlist(
                        f"{stem}-{n}{ext}", items(mix.picks), name=mix.name, relative=args.relative
                    )
                )
            )
        return out
    title = getattr(args, "kind_title", None) or (
        f"Deep Cuts: {kind}" + (f" ({args.mood})" if kind == "mood" and args.mood else "")
    )
    return [str(write_playlist(args.export, items(result), name=title, relative=args.relative))]


def _import(args: argparse.Namespace, ctx: Any) -> int:
    from analysis.catalog import Catalog
    from recommender.history import HistoryStore
    from recommender.playlists.files import import_playlist

    with Catalog(ctx.data_dir) as catalog, HistoryStore(ctx.data_dir) as store:
        report = import_playlist(args.file, catalog=catalog, store=store, name=args.name)
    lines = [
        f"saved playlist {report.name!r}: {report.matched} of {report.entries} entries "
        f"found in the catalog"
    ]
    for u in report.unmatched[:20]:
        lines.append(f"  entry {u.position}: {u.location}: {u.reason}")
    if len(report.unmatched) > 20:
        lines.append(f"  ... and {len(report.unmatched) - 20} more")
    if report.kept_for_later:
        lines.append(
            f"  {report.kept_for_later} missing entries kept by artist and title; "
            "they will appear when their files are scanned"
        )
    ctx.emit(report.to_json(), "\n".join(lines))
    return 0


def _export(args: argparse.Namespace, ctx: Any) -> int:
    from analysis.catalog import Catalog
    from recommender.history import HistoryStore
    from recommender.playlists.files import export_saved_playlist

    with Catalog(ctx.data_dir) as catalog, HistoryStore(ctx.data_dir) as store:
        path, written, skipped = export_saved_playlist(
            args.name, args.file, catalog=catalog, store=store, relative=args.relative
        )
    payload = {"path": str(path), "tracks": written, "skipped": skipped}
    text = f"wrote {written} tracks to {path}"
    if skipped:
        text += f" ({skipped} not in the catalog now, left out)"
    ctx.emit(payload, text)
    return 0


def _list(args: argparse.Namespace, ctx: Any) -> int:
    from recommender.history import HistoryStore

    with HistoryStore(ctx.data_dir) as store:
        infos = store.playlists()
    payload = [
        {
            "id": p.id,
            "name": p.name,
            "kind": p.kind,
            "created_at": p.created_at,
            "tracks": len(p.items),
        }
        for p in infos
    ]
    text = (
        "\n".join(
            f"{p['id']:4d}  {p['name']}  ({p['tracks']} tracks, {p['kind'] or 'saved'})"
            for p in payload
        )
        or "no saved playlists"
    )
    ctx.emit(payload, text)
    return 0
