"""The "describe it in words" query set on real music (issue 14; results in docs/words.md).

Music: the Debian game soundtrack packages below, fetched with ``apt-get download`` into
``bench-data/`` (gitignored) and unpacked with ``dpkg -x``; only their music folders are used.
The files are COPIED into ``bench-data/words-music/`` and tags are written into the copies only
where the package's own file lacks them, per soundtrack, never per track:

- genre: every copy gets ``Video Game Music`` (what all of them are) and, for the soundtracks
  whose style is clear from the game, one style genre for the whole soundtrack (``STYLE``); a
  genre the file already carries is kept;
- year: a file without a date gets the year most common among the dated files of the same
  soundtrack, or, when none is dated, the year the game was first released (``FIRST_RELEASE``);
- artist and album: a file without them gets "<game> soundtrack" (the composer is not guessed).

Then the copies are scanned and analysed into a fresh data folder, a made-up history is added
(300 plays, seeded, of a third of the Wesnoth and Widelands tracks: the "person" plays
orchestral fantasy scores, so taste and "favourites" have something to work with), and every
sentence of ``tests/recommender/words_queries.py`` is answered (top 20) and checked.

Run: ``.venv/bin/python benchmarks/bench_words_real.py [--cache bench-data] [--show]``.
"""

from __future__ import annotations

import argparse
import collections
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

# package: (music folder inside the package, game, style genre or "", first release year)
SOUNDTRACKS = {
    "wesnoth-1.16-music": (
        "usr/share/games/wesnoth/1.16/data/core/music",
        "Wesnoth",
        "Orchestral",
        2003,
    ),
    "hyperrogue-music": ("usr/share/hyperrogue/music", "HyperRogue", "Electronic", 2011),
    "planetblupi-music-ogg": ("usr/share/planetblupi/music", "Planet Blupi", "Children's", 1997),
    "freedroidrpg-data": (
        "usr/share/freedroidrpg/data/sound/music",
        "FreedroidRPG",
        "Ambient",
        2003,
    ),
    "megaglest-data": ("usr/share/games/megaglest", "MegaGlest", "Orchestral", 2010),
    "extremetuxracer-data": ("usr/share/games/etr/music", "Extreme Tux Racer", "", 2007),
    "hedgewars-data": ("usr/share/games/hedgewars/Data/Music", "Hedgewars", "", 2007),
    "supertuxkart-data": ("usr/share/games/supertuxkart/data/music", "SuperTuxKart", "", 2007),
    "lincity-ng-data": ("usr/share/games/lincity-ng/music", "LinCity-NG", "Ambient", 2005),
    "supertux-data": ("usr/share/games/supertux2/music", "SuperTux", "", 2003),
    "widelands-data": ("usr/share/games/widelands/data/music", "Widelands", "Orchestral", 2002),
    "xmoto-data": ("usr/share/games/xmoto/Textures/Musics", "X-Moto", "", 2005),
    # tracker modules (.xm, .it) the decoder cannot read, or no music files: fetched, not used
    "fb-music-high": ("", "Frozen Bubble", "", 2002),
    "pingus-data": ("", "Pingus", "", 1998),
    "xblast-tnt-musics": ("", "XBlast TNT", "", 1993),
    "neverball-data": ("", "Neverball", "", 2003),
}
NAMES = {"A": "Mattias Westlund", "B": "NeonCorridor"}


def fetch(cache: Path) -> Path:
    debs, unpacked = cache / "debs", cache / "unpacked"
    debs.mkdir(parents=True, exist_ok=True)
    missing = [p for p in SOUNDTRACKS if not list(debs.glob(f"{p}_*.deb"))]
    if missing:
        print(f"downloading {' '.join(missing)} ...", file=sys.stderr)
        subprocess.run(["apt-get", "download", *missing], cwd=debs, check=True)
    for package in SOUNDTRACKS:
        target = unpacked / package
        if not target.is_dir():
            deb = next(debs.glob(f"{package}_*.deb"))
            subprocess.run(["dpkg", "-x", str(deb), str(target)], check=True)
    return unpacked


def _year(value: object) -> int | None:
    text = str(value or "")[:4]
    return int(text) if text.isdigit() else None


def tag_copies(unpacked: Path, music: Path) -> dict[str, int]:
    """Copy each soundtrack's music and fill missing tags per soundtrack (module docstring)."""
    import mutagen

    counts = {}
    for package, (folder, game, style, first) in SOUNDTRACKS.items():
        if not folder:
            continue
        files = sorted(
            f for f in (unpacked / package / folder).rglob("*.ogg") if "music" in str(f).lower()
        )
        years = collections.Counter(
            y for f in files if (y := _year((mutagen.File(f).tags or {}).get("date", [""])[0]))
        )
        year = years.most_common(1)[0][0] if years else first
        for f in files:
            dest = music / package / f.relative_to(unpacked / package / folder)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(f, dest)
            audio = mutagen.File(dest)
            if audio.tags is None:
                audio.add_tags()
            tags = audio.tags
            genres = list(tags.get("genre", []))
            for genre in (style, "Video Game Music"):
                if genre and genre not in genres:
                    genres.append(genre)
            tags["genre"] = genres
            if not _year((tags.get("date") or [""])[0]):
                tags["date"] = [str(year)]
            for key in ("artist", "album"):
                if not tags.get(key):
                    tags[key] = [f"{game} soundtrack"]
            audio.save()
        counts[package] = len(files)
    return counts


def build_library(cache: Path) -> Path:
    from analysis.analyzer import analyze
    from analysis.catalog import Catalog
    from analysis.scanner import scan

    data_dir = cache / "words-data"
    music = cache / "words-music"
    if (data_dir / "done").exists():
        return data_dir
    shutil.rmtree(data_dir, ignore_errors=True)
    shutil.rmtree(music, ignore_errors=True)
    counts = tag_copies(fetch(cache), music)
    print(f"copied {sum(counts.values())} tracks: {counts}", file=sys.stderr)
    catalog = Catalog(data_dir)
    scan(catalog, [str(music)], workers=1)
    started = time.perf_counter()
    result = analyze(catalog, workers=2)
    print(
        f"analysed {result.analyzed} in {time.perf_counter() - started:.0f} s "
        f"({len(result.failed)} failed)",
        file=sys.stderr,
    )
    catalog.close()
    (data_dir / "done").write_text("ok")
    return data_dir


def context(data_dir: Path):
    import dataclasses

    import numpy as np

    from analysis.catalog import Catalog
    from analysis.feature_store import load_descriptors
    from recommender.models.base import DAY, Plays
    from recommender.models.training_data import build_training_data
    from recommender.playlists.context import LibraryMeta, PlaylistContext

    with Catalog(data_dir) as catalog:
        data = build_training_data(catalog, None)
        meta = LibraryMeta.from_catalog(catalog, data.track_ids)
        descriptors = load_descriptors(catalog)
    rng = np.random.default_rng(14)
    loved = [i for i, p in enumerate(meta.paths) if "/wesnoth" in p or "/widelands" in p]
    loved = sorted(rng.choice(loved, size=max(1, len(loved) // 3), replace=False).tolist())
    now = 1_765_000_000.0
    item = rng.choice(loved, size=300).tolist()
    at = sorted((now - rng.random(300) * 200 * DAY).tolist())
    plays = Plays.build(item=item, played_at=at, skipped=[0] * 300, ms_played=[150_000.0] * 300)
    data = dataclasses.replace(data, plays=plays, as_of=now)
    return PlaylistContext(data, meta, descriptors=descriptors)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cache", type=Path, default=REPO / "bench-data")
    parser.add_argument("--show", action="store_true", help="print the top 5 of each sentence")
    args = parser.parse_args()
    from analysis.errors import DeepCutsError
    from recommender.playlists.context import Options
    from recommender.words.answer import describe
    from tests.recommender.words_queries import QUERIES, fill, run_check

    ctx = context(build_library(args.cache))
    print(f"library: {ctx.n} tracks, {int(ctx.descriptor_arrays()[0].sum())} analysed")
    total = passed = 0
    for text, checks in QUERIES:
        sentence = fill(text, NAMES)
        try:
            query, picks = describe(ctx, sentence, Options(count=20))
            if not query.constraints:
                query, picks = None, []
        except DeepCutsError as exc:
            query, picks, error = None, [], str(exc)
        else:
            error = ""
        results = [run_check(c, ctx, query, picks, NAMES) for c in checks]
        total += len(results)
        passed += sum(not r for r in results)
        mark = "ok  " if not any(results) else "FAIL"
        shown = sentence if len(sentence) < 50 else sentence[:47] + "..."
        print(f"{mark} {shown!r:52} {len(picks):2d} picks  {'; '.join(r for r in results if r)}")
        if args.show and picks:
            for p in picks[:5]:
                print(f"       {ctx.meta.artists[p.item]} - {ctx.meta.titles[p.item]}: {p.reason}")
        elif args.show and error:
            print(f"       error: {error}")
    print(
        f"checks passed: {passed} of {total} ({passed / total:.1%}) over {len(QUERIES)} sentences"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
