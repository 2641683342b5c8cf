"""Scan speed and memory (issue 2), as ratios against a reference measured in the same run.

Builds a library of tiny real audio files (MP3, FLAC, Ogg Vorbis, M4A, Opus) with varied tags,
then prints:

- first scan time / time of a bare single-process ``mutagen.File`` loop over the same files
  (target <= 0.8: parallel parsing on two cores beats the bare loop);
- unchanged rescan time / first scan time (target <= 0.05);
- peak memory (RSS of the scan process plus its workers) of a first scan of 100,000 files
  (hard links of the small library; target < 400 MB).

Usage: ``.venv/bin/python benchmarks/bench_scan.py [--files 10000] [--big 100000] [--rounds 3]``.
The library is cached under ``bench-data/scan`` (git-ignored).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import mutagen  # noqa: E402
import psutil  # noqa: E402

from analysis.catalog import Catalog  # noqa: E402
from analysis.scanner import scan  # noqa: E402
from tests.media import tag_file, write_audio  # noqa: E402

EXTS = [".mp3", ".flac", ".ogg", ".m4a", ".opus"]


def build_library(root: Path, count: int) -> list[Path]:
    marker = root / f".complete-v2-{count}"
    if marker.exists():
        return sorted(p for p in root.rglob("*") if p.suffix in EXTS)
    shutil.rmtree(root, ignore_errors=True)
    seeds = []
    for i, ext in enumerate(EXTS):
        p = root / "_seeds" / f"seed{i}{ext}"
        write_audio(p, seconds=2.0, freq=200 + 50 * i)
        seeds.append(p)
    files = []
    for n in range(count):
        seed = seeds[n % len(seeds)]
        # like a real collection: albums of 10 tracks, several albums per artist
        artist = f"Artist {(n // 10) % 397}"
        album = f"Album {n // 10}"
        dest = root / artist / album / f"{n:06d} Track {n}{seed.suffix}"
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(seed, dest)
        tag_file(
            dest,
            title=f"Track {n} – ñ",
            artist=artist,
            album=album,
            genre=["Rock", "Jazz", "Ambient"][n % 3],
            track=f"{n % 12 + 1}/12",
            date=str(1960 + n % 60),
        )
        files.append(dest)
        if n % 1000 == 0:
            print(f"  built {n}/{count} files", file=sys.stderr)
    marker.write_text("ok")
    return files


def bare_loop(files: list[Path]) -> float:
    start = time.perf_counter()
    for p in files:
        mutagen.File(p)
    return time.perf_counter() - start


def timed_scan(root: Path, data: Path) -> tuple[float, float]:
    cat = Catalog(data)
    start = time.perf_counter()
    result = scan(cat, [root])
    first = time.perf_counter() - start
    assert result.errors == [], result.errors[:3]
    start = time.perf_counter()
    again = scan(cat)
    rescan = time.perf_counter() - start
    assert again.unchanged == result.added
    cat.close()
    return first, rescan


def peak_memory_scan(root: Path, data: Path) -> tuple[float, float, int]:
    """Run a first scan in a child process; sample RSS of it and its workers every 20 ms."""
    code = (
        f"import sys, time; sys.path.insert(0, {str(REPO)!r})\n"
        "from analysis.catalog import Catalog\n"
        "from analysis.scanner import scan\n"
        f"t = time.perf_counter(); r = scan(Catalog({str(data)!r}), [{str(root)!r}])\n"
        "print(r.added, time.perf_counter() - t)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    peak = 0
    ps = psutil.Process(proc.pid)
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            try:
                total = ps.memory_info().rss + sum(
                    c.memory_info().rss for c in ps.children(recursive=True)
                )
                peak = max(peak, total)
            except psutil.Error:
                pass
            time.sleep(0.02)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    out, _ = proc.communicate()
    stop.set()
    t.join()
    added, seconds = out.split()
    return peak / 2**20, float(seconds), int(added)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--big", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    base = REPO / "bench-data" / "scan"
    lib = base / f"lib{args.files}"
    files = build_library(lib, args.files)
    print(f"library: {len(files)} files in {lib}")
    bare_loop(files)  # warm the page cache and imports

    ratios, rescans, firsts, bares = [], [], [], []
    for _ in range(args.rounds):
        tmp = Path(tempfile.mkdtemp(prefix="bench-scan-"))
        try:
            bare = bare_loop(files)
            first, rescan = timed_scan(lib, tmp / "data")
        finally:
            shutil.rmtree(tmp)
        bares.append(bare)
        firsts.append(first)
        ratios.append(first / bare)
        rescans.append(rescan / first)
    print(
        f"bare mutagen loop:     {statistics.median(bares):.2f} s "
        f"({len(files) / statistics.median(bares):.0f} files/s)"
    )
    print(
        f"first scan:            {statistics.median(firsts):.2f} s "
        f"({len(files) / statistics.median(firsts):.0f} files/s, {os.cpu_count()} cores)"
    )
    print(
        f"first scan / bare loop: {statistics.median(ratios):.2f}  (target <= 0.80; "
        f"rounds: {', '.join(f'{r:.2f}' for r in ratios)})"
    )
    print(f"unchanged rescan / first scan: {statistics.median(rescans):.3f}  (target <= 0.05)")

    if args.big:
        big = base / f"big{args.big}"
        if not (big / ".complete").exists():
            shutil.rmtree(big, ignore_errors=True)
            copies = -(-args.big // len(files))
            n = 0
            for c in range(copies):
                for f in files:
                    if n >= args.big:
                        break
                    dest = big / f"copy{c:02d}" / f.relative_to(lib)
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    os.link(f, dest)
                    n += 1
            (big / ".complete").write_text("ok")
        tmp = Path(tempfile.mkdtemp(prefix="bench-scan-big-"))
        try:
            peak, seconds, added = peak_memory_scan(big, tmp / "data")
        finally:
            shutil.rmtree(tmp)
        print(
            f"scan of {added} files: {seconds:.1f} s, peak memory {peak:.0f} MB "
            f"(scan process + workers; target < 400 MB)"
        )


if __name__ == "__main__":
    main()
