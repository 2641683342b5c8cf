"""Import speed of the history store: 100,000 scrobbles against a 50,000-track catalog.

Builds a synthetic catalog with ``Catalog.insert_tracks`` and a Last.fm web-exporter CSV in which
75 % of the plays are of catalog tracks under realistic variants of their names (case, remaster
suffixes, "feat.", a leading "The", accents) and 25 % are of artists not in the library, then
times ``HistoryStore.import_path`` (parse, match, write, sessions, in one transaction).

Reference measured in the same run: a bare ``csv.reader`` pass over the same file, so the figure
that matters is the ratio (machines are noisy). Target (issue 4): the import under 10 s.

    .venv/bin/python benchmarks/bench_history.py [--tracks 50000] [--plays 100000]
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.catalog import Catalog
from recommender.history import HistoryStore
from recommender.history.importers import parse_history

SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ra",
    "ven",
    "tor",
    "sil",
    "ba",
    "qu",
    "el",
    "dra",
    "no",
    "fe",
    "zu",
    "pan",
    "rim",
    "os",
    "ta",
    "lu",
    "gre",
    "shi",
    "mon",
    "vé",
    "ñа",
    "ström",
]


def word(rnd: random.Random, n: int) -> str:
    return "".join(rnd.choice(SYLLABLES) for _ in range(n)).capitalize()


def name(rnd: random.Random, words: int) -> str:
    return " ".join(word(rnd, rnd.randint(1, 3)) for _ in range(words))


def build(tmp: Path, n_tracks: int, n_plays: int, seed: int = 1) -> tuple[Catalog, Path]:
    rnd = random.Random(seed)
    artists = [
        ("The " if rnd.random() < 0.1 else "") + name(rnd, rnd.randint(1, 3))
        for _ in range(n_tracks // 10)
    ]
    rows = []
    for i in range(n_tracks):
        artist = artists[i % len(artists)]
        rows.append(
            {
                "path": f"/music/{i // 1000}/{i}.flac",
                "artist": artist,
                "title": name(rnd, rnd.randint(1, 5)),
                "album": name(rnd, 2),
                "duration": rnd.uniform(120, 420),
            }
        )
    catalog = Catalog(tmp)
    catalog.insert_tracks(rows)
    strangers = [name(rnd, 2) for _ in range(3000)]
    csv_path = tmp / "scrobbles.csv"
    t = 1_700_000_000
    with open(csv_path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, quoting=csv.QUOTE_ALL)
        w.writerow(
            [
                "uts",
                "utc_time",
                "artist",
                "artist_mbid",
                "album",
                "album_mbid",
                "track",
                "track_mbid",
            ]
        )
        for _ in range(n_plays):
            t -= rnd.randint(60, 400)
            if rnd.random() < 0.75:
                r = rows[
                    min(int(rnd.paretovariate(1.2)) - 1, n_tracks - 1)
                    if rnd.random() < 0.3
                    else rnd.randrange(n_tracks)
                ]
                artist, title = r["artist"], r["title"]
                v = rnd.random()
                if v < 0.15:
                    artist, title = artist.upper(), title.lower()
                elif v < 0.25:
                    title += rnd.choice(
                        [" - Remastered 2009", " (2011 Remaster)", " [Bonus Track]"]
                    )
                elif v < 0.3:
                    title += " (feat. " + rnd.choice(strangers) + ")"
                elif v < 0.35 and artist.startswith("The "):
                    artist = artist[4:]
                album = r["album"] if rnd.random() < 0.8 else ""
            else:
                artist, title, album = rnd.choice(strangers), name(rnd, 3), name(rnd, 2)
            when = time.strftime("%d %b %Y, %H:%M", time.gmtime(t))
            w.writerow([t, when, artist, "", album, "", title, ""])
    return catalog, csv_path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--tracks", type=int, default=50_000)
    ap.add_argument("--plays", type=int, default=100_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="deepcuts-bench-history-") as tmp_name:
        tmp = Path(tmp_name)
        t0 = time.perf_counter()
        catalog, csv_path = build(tmp, args.tracks, args.plays)
        print(
            f"setup: {args.tracks} tracks, {args.plays} scrobbles "
            f"({time.perf_counter() - t0:.1f} s)"
        )

        t0, c0 = time.perf_counter(), time.process_time()
        with open(csv_path, newline="", encoding="utf-8") as fh:
            ref_rows = sum(1 for _ in csv.reader(fh))
        reference, reference_cpu = time.perf_counter() - t0, time.process_time() - c0

        t0 = time.perf_counter()
        parsed = parse_history(csv_path)
        parse_s = time.perf_counter() - t0

        store = HistoryStore(tmp)
        t0, c0 = time.perf_counter(), time.process_time()
        report = store.import_path(csv_path, catalog)
        import_s, import_cpu = time.perf_counter() - t0, time.process_time() - c0

        t0 = time.perf_counter()
        again = store.import_path(csv_path, catalog)
        reimport_s = time.perf_counter() - t0

        t0 = time.perf_counter()
        plays = store.plays(catalog)
        read_s = time.perf_counter() - t0
        store.close()

    assert ref_rows == args.plays + 1 and len(parsed.events) == args.plays
    rate = report.matched / report.events
    print(
        f"reference (bare csv.reader):   {reference:7.3f} s  ({args.plays / reference:,.0f} rows/s)"
    )
    print(f"parse_history:                 {parse_s:7.3f} s  ratio {parse_s / reference:5.1f}x")
    print(
        f"import (parse+match+write):    {import_s:7.3f} s  ratio {import_s / reference:5.1f}x  "
        f"{report.events / import_s:,.0f} plays/s  target < 10 s: "
        f"{'OK' if import_s < 10 else 'MISSED'}"
    )
    print(
        f"import CPU time:               {import_cpu:7.3f} s  ratio "
        f"{import_cpu / max(reference_cpu, 1e-9):5.1f}x against the reference's CPU time "
        f"(wall time suffers when other processes share the cores)"
    )
    print("import stages (s): " + ", ".join(f"{k} {v:.2f}" for k, v in report.phases.items()))
    print(f"match rate: {rate:.3f} (generated: 0.75 of plays are of catalog tracks)")
    print(
        f"re-import (all duplicates):    {reimport_s:7.3f} s  ratio {reimport_s / reference:5.1f}x  "
        f"duplicates {again.duplicates}"
    )
    print(
        f"plays(catalog) read back:      {read_s:7.3f} s  ratio {read_s / reference:5.1f}x  "
        f"{len(plays)} plays"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
