"""Audio analysis speed on real music (issue 3). Prints each figure with a same-run reference.

Music: the Debian game soundtrack packages ``wesnoth-1.16-music``, ``hyperrogue-music`` and
``planetblupi-music-ogg`` (68 Ogg Vorbis music tracks, freely licensed), fetched with
``apt-get download`` into a cache folder (default ``bench-data/`` in the checkout, gitignored) and
their music folders unpacked the first time (``benchmarks/soundtracks.py``); later runs reuse
them. Nothing is copied into the repo. The analysis includes the per-window summaries the
learned embedding reads (issue 13).

Figures, for the real ``analyze`` run (a fresh catalog each run, all tracks):

* tracks/s and audio-seconds analysed per wall-second, with 1 worker and with all cores;
  the ratio between them (parallel speed-up) is the same-run reference for the first;
* decode-only reference: a bare PyAV loop decoding the same excerpt windows in this process, in
  tracks/s, so the full analysis can be read as a fraction of "just decoding";
* the ratio of feature time to decode time inside the workers.

Target (issue 3): at least 10 tracks/s on this 2-core machine with about a minute per track.

Run: ``.venv/bin/python benchmarks/bench_analysis.py [--workers N] [--limit N] [--runs 3]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import soundtracks  # noqa: E402

PACKAGES = soundtracks.SPEED_PACKAGES
DEFAULT_CACHE = soundtracks.DEFAULT_CACHE


def fetch_music(cache: Path) -> list[Path]:
    """Download and unpack the three soundtracks once; return their folders of music.

    Only music folders are unpacked (``benchmarks/soundtracks.py``): ``hyperrogue-music`` also
    ships 84 short sound effects (``sounds/``), which are not tracks and would flatter a
    tracks-per-second figure.
    """
    return list(soundtracks.fetch(cache, PACKAGES).values())


def new_catalog(music: list[Path], data_dir: Path):
    from analysis.catalog import Catalog
    from analysis.scanner import scan

    catalog = Catalog(data_dir)
    scan(catalog, list(music), workers=1)
    return catalog


def decode_reference(catalog, limit: int | None) -> tuple[float, float]:
    """Bare decode of the same excerpt windows in this process: (tracks/s, audio s per s)."""
    from analysis.decode import decode

    tracks = [t for t in catalog.tracks(missing=False)][:limit]
    start = time.perf_counter()
    seconds = 0.0
    for t in tracks:
        seconds += decode(t.path_raw, duration_hint=t.duration).seconds
    wall = time.perf_counter() - start
    return len(tracks) / wall, seconds / wall


def analyse_once(music: list[Path], workers: int, limit: int | None) -> dict[str, float]:
    from analysis.analyzer import analyze

    with tempfile.TemporaryDirectory(prefix="deepcuts-bench-") as tmp:
        catalog = new_catalog(music, Path(tmp))
        result = analyze(catalog, workers=workers, limit=limit)
        catalog.close()
    if result.failed:
        print(f"  {len(result.failed)} failed, e.g. {result.failed[0]}", file=sys.stderr)
    decode_s = result.decode_seconds
    return {
        "tracks": result.analyzed,
        "tracks_per_second": result.tracks_per_second,
        "audio_per_second": result.audio_seconds / result.seconds,
        "feature_over_decode": result.feature_seconds / decode_s if decode_s else float("nan"),
        "audio_per_track": result.audio_seconds / max(result.analyzed, 1),
        "decode_ms": 1000 * decode_s / max(result.analyzed, 1),
        "feature_ms": 1000 * result.feature_seconds / max(result.analyzed, 1),
        "cpu_ms": 1000 * result.cpu_seconds / max(result.analyzed, 1),
    }


def main() -> int:
    from analysis.analyzer import default_workers

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--runs", type=int, default=3, help="runs per setting; medians shown")
    args = parser.parse_args()
    if shutil.which("apt-get") is None and not (args.cache / "soundtracks").is_dir():
        raise SystemExit("needs apt-get (Debian/Ubuntu) to fetch the soundtracks")
    music = fetch_music(args.cache)
    n_files = sum(len(soundtracks.audio_files(m)) for m in music)
    print(f"music: {n_files} Ogg Vorbis tracks from {', '.join(PACKAGES)}")
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")

    # Interleaved rounds (reference, then each setting) so that load drifting on a shared
    # machine hits reference and analysis alike; ratios are taken within a round.
    settings = sorted({1, args.workers})
    rounds: list[dict] = []
    for i in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="deepcuts-bench-") as tmp:
            catalog = new_catalog(music, Path(tmp))
            ref_tps, ref_aps = decode_reference(catalog, args.limit)
            catalog.close()
        row: dict = {"ref_tps": ref_tps, "ref_aps": ref_aps}
        for workers in settings:
            row[workers] = analyse_once(music, workers, args.limit)
        rounds.append(row)
        print(
            f"round {i + 1}: load {os.getloadavg()[0]:.1f}; reference {ref_tps:.1f} tracks/s; "
            + "; ".join(
                f"{w} worker(s) {row[w]['tracks_per_second']:.1f} tracks/s" for w in settings
            )
        )

    def med(values) -> float:
        return statistics.median(list(values))

    ref_tps = med(r["ref_tps"] for r in rounds)
    print(
        f"reference, bare decode of the same excerpts in 1 process, median: {ref_tps:.1f} "
        f"tracks/s, {med(r['ref_aps'] for r in rounds):.0f} audio-s per s"
    )
    for workers in settings:
        m = {k: med(r[workers][k] for r in rounds) for k in rounds[0][workers]}
        ratio = med(r[workers]["tracks_per_second"] / r["ref_tps"] for r in rounds)
        print(
            f"analyze, {workers} worker(s), median of {args.runs}: "
            f"{m['tracks_per_second']:.1f} tracks/s, {m['audio_per_second']:.0f} audio-s per s, "
            f"{m['audio_per_track']:.0f} s of audio per track; "
            f"decode {m['decode_ms']:.0f} ms + features {m['feature_ms']:.0f} ms per track "
            f"(feature/decode time ratio {m['feature_over_decode']:.2f}); "
            f"{ratio:.2f}x the bare 1-process decode rate of the same round; "
            f"{m['cpu_ms']:.0f} ms of CPU per track in the workers"
        )
    if len(settings) > 1:
        speedup = med(
            r[args.workers]["tracks_per_second"] / r[1]["tracks_per_second"] for r in rounds
        )
        print(f"speed-up of {args.workers} workers over 1 (median of rounds): {speedup:.2f}x")
    top = max(settings)
    cpu_ms = med(r[top]["cpu_ms"] for r in rounds)
    print(
        f"CPU-bound capacity of {top} idle cores (cores / CPU time per track): "
        f"{top * 1000 / cpu_ms:.1f} tracks/s"
    )
    best = med(r[top]["tracks_per_second"] for r in rounds)
    print(
        f"target >= 10 tracks/s with ~60 s per track: "
        f"{'met' if best >= 10 else 'NOT met'} ({best:.1f} tracks/s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
