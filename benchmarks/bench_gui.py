"""How responsive the window is (issues 6 and 15). Prints each figure with a same-run reference.

Sections (``--only startup,search,stats,grid,stalls``; all by default):

1. ``startup``: ``python -m desktop_app.app --smoke-test`` on a 100,000-track synthetic catalog,
   to a visible window (target < 1.5 s); reference: a bare PySide6 script showing an empty
   QMainWindow, in the same run. Then the same with a ``cover.jpg`` in every album folder and an
   empty thumbnail cache, and, per round, the worst GUI-thread stall from ``show()`` until the
   Discover cards, the table and the album grid are filled while their covers load
   (target < 100 ms).
2. ``search``: ``LibraryTableModel.set_filter`` on 100,000 rows shown in a QTableView (target
   < 100 ms); reference: a bare list comprehension of ``in`` tests over the same haystack.
3. ``stats``: the Stats page on a history of 1,000,000 plays (``--plays``): time from opening the
   page to its first chart drawn with data (target < 500 ms; each of three opens, the first
   while the window's start-up work still runs) and to every chart, against one ``COUNT(*)``
   over the plays in the same process; and the one-time build of the rollups.
4. ``grid``: the Library's album grid on the 100,000-track catalog with a ``cover.jpg`` in every
   album folder, scrolled from top to bottom while the thumbnails are read, scaled and cached
   (a cold thumbnail cache each round): the worst gap of a 10 ms heartbeat (target < 100 ms)
   against the same heartbeat before scrolling.
5. ``stalls``: the heartbeat while the real window scans a folder of audio files and then
   analyses it (run_long, the status-bar machinery), against the window idle.

The grid, start-up and stall figures are the median (and range) of ``--rounds`` rounds; the
1-minute load average is printed with each (the machine may be shared). ``--work-dir DIR`` keeps
the synthetic catalog, covers, history and music between runs (writing 78,000 covers takes
minutes). ``--profile`` prints, for each late beat, where the GUI thread's time went (running,
waiting for a CPU, blocked on the GIL), its sampled Python stacks, the other threads' frames and
the garbage collections in the gap (``benchmarks/gui_stalls.py``).

Run: ``.venv/bin/python benchmarks/bench_gui.py [--only grid] [--rounds 3] [--work-dir DIR]
[--tracks 100000] [--files 6000] [--analysis-seconds 15] [--profile]``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

BARE_WINDOW = """
import time, sys
t0 = time.perf_counter()
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.setCentralWidget(QLabel("hello")); w.resize(1200, 760)
def shown():
    print(f"{time.perf_counter() - t0:.4f}"); app.quit()
QTimer.singleShot(0, shown)
w.show()
app.exec()
"""


def _median_run(cmd: list[str], parse, runs: int) -> float:
    values = []
    for _ in range(runs):
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        # An installed app has its bytecode cached; without this every run would compile
        # each module again (this environment sets PYTHONDONTWRITEBYTECODE).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        out = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=REPO, timeout=120)
        if out.returncode != 0:
            raise SystemExit(f"failed: {' '.join(cmd)}\n{out.stdout}\n{out.stderr}")
        values.append(parse(out.stdout))
    return statistics.median(values)


def bench_startup(data_dir: Path, runs: int) -> None:
    py = sys.executable

    def app_time(stdout: str) -> float:
        line = next(line for line in stdout.splitlines() if "window shown in" in line)
        return float(line.split("window shown in ")[1].split(" s")[0])

    # the interpreter start is part of both figures (the app measures from its first line;
    # the bare script likewise), so the ratio compares like with like.
    app = _median_run(
        [py, "-m", "desktop_app.app", "--data-dir", str(data_dir), "--smoke-test"], app_time, runs
    )
    bare = _median_run([py, "-c", BARE_WINDOW], lambda s: float(s.strip().splitlines()[-1]), runs)
    print(
        f"start-up to a visible window, 100k-track catalog: {app:.3f} s "
        f"(target < 1.5 s); bare PySide6 window {bare:.3f} s; ratio {app / bare:.2f}"
    )


def bench_startup_covers(data_dir: Path, runs: int, rounds: int) -> None:
    """Start-up with covers loading: a ``cover.jpg`` in every album folder and an empty
    thumbnail cache, so the Discover cards' mosaics and the album grid read them cold.

    First the ``--smoke-test`` start-up (as :func:`bench_startup`), then, in this process, a
    new window per round with the heartbeat running from ``show()`` until the Discover cards,
    the library table and the album grid are all filled: the worst GUI-thread stall of
    start-up."""
    from PySide6.QtWidgets import QApplication

    from desktop_app.gui.main_window import MainWindow

    covers_in(data_dir)
    py = sys.executable

    def app_time(stdout: str) -> float:
        line = next(line for line in stdout.splitlines() if "window shown in" in line)
        return float(line.split("window shown in ")[1].split(" s")[0])

    def cold_smoke(stdout: str) -> float:
        shutil.rmtree(data_dir / "covers", ignore_errors=True)
        return app_time(stdout)

    shutil.rmtree(data_dir / "covers", ignore_errors=True)
    load = load_average()
    shown = _median_run(
        [py, "-m", "desktop_app.app", "--data-dir", str(data_dir), "--smoke-test"],
        cold_smoke,
        runs,
    )
    print(
        f"start-up to a visible window, 100k-track catalog with a cover.jpg per album and an "
        f"empty thumbnail cache: {shown:.3f} s (median of {runs}; target < 1.5 s); load {load}"
    )
    app = QApplication.instance() or QApplication([])
    worsts, readies, loads = [], [], []
    for round_ in range(rounds):
        shutil.rmtree(data_dir / "covers", ignore_errors=True)
        loads.append(load_average())
        watch = _watch()
        window = MainWindow(data_dir, auto_pipeline=False)
        window.resize(1366, 768)
        t0 = time.perf_counter()
        watch.start()
        window.show()

        def filled(w=window) -> bool:
            return bool(w.discover.mixes) and w.library.albums.rowCount() > 0

        _spin(app, 120, until=filled)
        ready = time.perf_counter() - t0
        _spin(app, 2.0)  # the covers the cards asked for keep arriving
        watch.stop()
        worsts.append(watch.worst())
        readies.append(ready)
        _end_round(
            app,
            window,
            watch,
            f"  round {round_ + 1}: worst stall {worsts[-1]:.1f} ms, cards and album grid filled "
            f"{ready:.1f} s after show(), load {loads[-1]}",
        )
    print(
        f"start-up with covers loading (show() until the Discover cards, the table and the album "
        f"grid are filled, + 2 s): worst GUI-thread stall {_spread(worsts)} beyond the 10 ms beat "
        f"(target < 100 ms); filled after {_spread(readies, 's', '.1f')}; load average "
        f"{', '.join(loads)}"
    )


def bench_filter(data_dir: Path) -> None:
    from PySide6.QtWidgets import QApplication, QTableView

    from desktop_app.gui.library_model import (
        LibrarySortFilterProxyModel,
        LibraryTableModel,
        load_library,
    )

    app = QApplication.instance() or QApplication([])
    t0 = time.perf_counter()
    rows = load_library(data_dir)
    load = time.perf_counter() - t0
    model = LibraryTableModel()
    proxy = LibrarySortFilterProxyModel()
    proxy.setSourceModel(model)
    view = QTableView()
    view.setModel(proxy)
    view.resize(1000, 700)
    view.show()
    model.set_rows(rows)
    app.processEvents()
    queries = [
        "r",
        "ri",
        "riv",
        "rive",
        "river",
        "river blue",
        "",
        "café",
        "zzz",
        "night 12",
        "",
        "metal",
        "blu",
        "",
    ]
    times, bare_times = [], []
    for q in queries:
        start = time.perf_counter()
        model.set_filter(q)
        app.processEvents()  # the view repaints with the new rows
        times.append(time.perf_counter() - start)
        start = time.perf_counter()
        terms = q.split()
        hay = rows.haystack
        _ = [i for i in range(len(hay)) if all(t in hay[i] for t in terms)]
        bare_times.append(time.perf_counter() - start)
    sort_t = []
    for column in (0, 1, 4, 5):
        start = time.perf_counter()
        proxy.sort(column)
        app.processEvents()
        sort_t.append(time.perf_counter() - start)
    worst, median = max(times), statistics.median(times)
    bare = statistics.median(bare_times)
    print(f"library rows loaded off the GUI thread: {len(rows):,} in {load:.2f} s")
    print(
        f"search on {len(rows):,} rows incl. repaint: median {median * 1000:.1f} ms, worst "
        f"{worst * 1000:.1f} ms (target < 100 ms); bare list comprehension "
        f"{bare * 1000:.1f} ms; ratio {median / bare:.2f}"
    )
    print(
        f"sort by a column on {len(rows):,} rows: median {statistics.median(sort_t) * 1000:.0f}"
        f" ms, worst {max(sort_t) * 1000:.0f} ms"
    )


def _make_music(folder: Path, files: int) -> None:
    """``files`` audio files: 24 real 20-second FLACs, hard-linked under many names."""
    import numpy as np
    import soundfile as sf
    from mutagen.flac import FLAC

    src = folder / "_src"
    src.mkdir(parents=True, exist_ok=True)
    sr = 22050
    rng = np.random.default_rng(3)
    originals = []
    for i in range(24):
        t = np.arange(20 * sr) / sr
        y = 0.2 * np.sin(2 * np.pi * (110 * (i + 2)) * t) + 0.02 * rng.standard_normal(t.size)
        beats = (np.sin(2 * np.pi * (1.5 + i * 0.1) * t) > 0.95) * 0.3
        path = src / f"orig{i:02d}.flac"
        sf.write(path, (y + beats).astype(np.float32), sr, format="FLAC")
        audio = FLAC(path)
        audio["artist"] = f"Artist {i % 7}"
        audio["title"] = f"Song {i}"
        audio["album"] = f"Album {i % 5}"
        audio.save()
        originals.append(path)
    for n in range(files):
        d = folder / f"Artist {n % 97}" / f"Album {n % 13}"
        d.mkdir(parents=True, exist_ok=True)
        os.link(originals[n % len(originals)], d / f"{n:05d} track.flac")
    shutil.rmtree(src)


def bench_stalls(work: Path, files: int, analysis_seconds: float, rounds: int) -> None:
    """The real window scans ``files`` audio files and then analyses them for
    ``analysis_seconds``, with the heartbeat running; ``rounds`` times, each on a new data
    folder."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    music = work / "music"
    marker = work / f"music-{files}.done"
    if not marker.exists():
        shutil.rmtree(music, ignore_errors=True)
        _make_music(music, files)
        marker.touch()
    worsts, p99s, idles, loads = [], [], [], []
    for round_ in range(rounds):
        loads.append(load_average())
        worst, p99, idle, summary = _stall_round(
            app, work / "stall-data", music, files, analysis_seconds
        )
        worsts.append(worst)
        p99s.append(p99)
        idles.append(idle)
        print(
            f"  round {round_ + 1}: worst {worst:.1f} ms, p99 {p99:.1f} ms, idle {idle:.1f} ms, "
            f"load {loads[-1]}; {summary}"
        )
    worst = statistics.median(worsts)
    print(
        f"GUI-thread stall during a scan of {files:,} files + {analysis_seconds:.0f} s of "
        f"analysis: worst {_spread(worsts)} beyond the 10 ms beat (target < 100 ms), p99 "
        f"{statistics.median(p99s):.1f} ms; idle worst {_spread(idles)}; ratio "
        f"{worst / max(statistics.median(idles), 1.0):.1f}; load average {', '.join(loads)}"
    )


def _stall_round(app, data_dir: Path, music: Path, files: int, analysis_seconds: float):
    from desktop_app.gui.main_window import MainWindow

    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir()
    window = MainWindow(data_dir, auto_pipeline=False)
    window.show()
    _spin(app, 1.0)  # the window's one-time post-show work (player bar)
    watch = _watch()
    watch.start()
    _spin(app, 3.0)
    idle = watch.worst()
    watch.reset()
    t0 = time.monotonic()
    window.rescan([str(music)])
    _spin(app, 300, until=lambda: "scan" not in window.running)
    scan_s = time.monotonic() - t0
    _spin(app, 1.5, until=lambda: window.library.model.total >= files)  # table reload
    t1 = time.monotonic()
    window.start_analysis(then_train=False)
    _spin(app, analysis_seconds, until=lambda: "analysis" not in window.running)
    task = window.running.get("analysis")
    if task is not None:
        task.cancel()
        _spin(app, 60, until=lambda: "analysis" not in window.running)
    analysis_s = time.monotonic() - t1
    watch.stop()
    gaps = sorted(watch.gaps)
    p99 = gaps[int(len(gaps) * 0.99)] if gaps else 0.0
    summary = (
        f"scan {scan_s:.1f} s ({window.library.model.total:,} tracks in the table), analysis "
        f"{analysis_s:.1f} s: {window.status_label.text() or 'no message'}"
    )
    if PROFILE and watch.stalls:
        print(watch.report())
    window.close()
    window.deleteLater()
    _spin(app, 0.5)
    shutil.rmtree(data_dir, ignore_errors=True)
    return watch.worst(), p99, idle, summary


def _end_round(app, window, watch, line: str) -> None:
    """Close a round's window, let Qt delete it, print the round's line and, with
    ``--profile``, its late beats."""
    window.close()
    window.deleteLater()
    _spin(app, 0.2)
    print(line)
    if PROFILE and watch.stalls:
        print(watch.report())


def _spin(app, seconds: float, until=None) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end and not (until and until()):
        app.processEvents()
        time.sleep(0.001)


def _watch():
    from gui_stalls import StallWatch  # beside this script

    return StallWatch(sample=bool(PROFILE), native_after=150.0 if PROFILE == "native" else None)


def _spread(values: list[float], unit: str = "ms", fmt: str = ".1f") -> str:
    """``median M (min-max over N rounds)`` of per-round figures."""
    if len(values) == 1:
        return f"{values[0]:{fmt}} {unit}"
    return (
        f"median {statistics.median(values):{fmt}} {unit} ({min(values):{fmt}}-"
        f"{max(values):{fmt}} over {len(values)} rounds)"
    )


def bench_covers(data_dir: Path, seconds: float, rounds: int) -> None:
    """Scroll the album grid of a 100,000-track catalog while its covers load (cover.jpg in
    every album folder, read, scaled and cached in the background): the worst GUI-thread gap.

    Each round starts a new window on an empty thumbnail cache, so every tile is read cold."""
    from PySide6.QtWidgets import QApplication

    from desktop_app.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    covers_in(data_dir)
    worsts, idles, p99s, cached_counts, loads = [], [], [], [], []
    albums = 0
    for round_ in range(rounds):
        shutil.rmtree(data_dir / "covers", ignore_errors=True)
        loads.append(load_average())
        window = MainWindow(data_dir, auto_pipeline=False)
        window.resize(1366, 768)
        window.show()
        _spin(app, 120, until=lambda w=window: w.library.albums.rowCount() > 0)
        _spin(app, 0.5)  # the start-up work (Discover cards, rollups) is under way
        window.set_nav("library")
        window.library.show_view("albums")
        watch = _watch()
        watch.start()
        _spin(app, 1.0)
        idles.append(watch.worst())
        watch.reset()
        bar = window.library.grid.verticalScrollBar()
        steps = int(seconds / 0.05)
        for i in range(steps):  # scroll top to bottom, a page every 50 ms
            bar.setValue(int(bar.maximum() * i / max(steps - 1, 1)))
            _spin(app, 0.05)
        watch.stop()
        gaps = sorted(watch.gaps)
        worsts.append(watch.worst())
        p99s.append(gaps[int(len(gaps) * 0.99)] if gaps else 0.0)
        cached_counts.append(len(list((data_dir / "covers").rglob("*.jpg"))))
        albums = window.library.albums.rowCount()
        _end_round(
            app,
            window,
            watch,
            f"  round {round_ + 1}: worst {worsts[-1]:.1f} ms, p99 {p99s[-1]:.1f} ms, idle "
            f"{idles[-1]:.1f} ms, {cached_counts[-1]:,} thumbnails cached, load {loads[-1]}",
        )
    worst, idle = statistics.median(worsts), statistics.median(idles)
    print(
        f"album grid of {albums:,} albums scrolled for {seconds:.0f} s while covers load "
        f"(cold thumbnail cache, {statistics.median(cached_counts):,.0f} thumbnails cached per "
        f"round): worst GUI-thread stall {_spread(worsts)} beyond the 10 ms beat (target "
        f"< 100 ms), p99 {statistics.median(p99s):.1f} ms; same heartbeat before scrolling "
        f"{_spread(idles)}; ratio {worst / max(idle, 1.0):.1f}; load average {', '.join(loads)}"
    )


def bench_stats(work: Path, plays: int, catalog_dir: Path) -> None:
    """The Stats page at ``plays`` plays: cold rollup build, then first chart and full page."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desktop_app.gui.main_window import MainWindow
    from recommender.history import stats_cache as sq
    from tests.desktop_app.synthetic import build_history

    app = QApplication.instance() or QApplication([])
    data_dir = work / "stats-data"
    marker = work / f"history-{plays}.done"
    if not marker.exists():
        shutil.rmtree(data_dir, ignore_errors=True)
        shutil.copytree(catalog_dir, data_dir, ignore=shutil.ignore_patterns("covers"))
        t0 = time.perf_counter()
        build_history(data_dir, plays, years=8.0)
        print(f"synthetic history of {plays:,} plays built in {time.perf_counter() - t0:.1f} s")
        marker.touch()
    for rollup in data_dir.glob("stats*.db*"):  # the rollups' first build is measured here
        rollup.unlink()
    t0 = time.perf_counter()
    with sq.open_rollups(data_dir):
        pass
    cold = time.perf_counter() - t0
    t0 = time.perf_counter()
    with sq.open_history(data_dir) as conn:
        conn.execute("SELECT COUNT(*) FROM plays").fetchone()
    count_ref = time.perf_counter() - t0

    window = MainWindow(data_dir, auto_pipeline=False)
    window.resize(1366, 768)
    window.show()
    deadline = time.monotonic() + 60
    while window.library.loaded_at is None and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.002)
    window.set_nav("library")
    page = window.stats
    firsts, charts, fulls = [], [], []
    watch = _watch()
    watch.start()
    load = load_average()
    for _ in range(3):
        window.set_nav("library")
        page._stale = True
        app.processEvents()
        marks: dict[str, float] = {}
        page.first_painted.connect(lambda m=marks: m.setdefault("first", time.perf_counter()))
        page.charts_ready.connect(lambda m=marks: m.setdefault("charts", time.perf_counter()))
        page.ready.connect(lambda m=marks: m.setdefault("ready", time.perf_counter()))
        t0 = time.perf_counter()
        window.set_nav("stats")
        deadline = time.monotonic() + 120
        while "ready" not in marks and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.001)
        page.first_painted.disconnect()
        page.ready.disconnect()
        page.charts_ready.disconnect()
        charts.append(marks.get("charts", float("nan")) - t0)
        firsts.append(marks.get("first", float("nan")) - t0)
        fulls.append(marks.get("ready", float("nan")) - t0)
    watch.stop()
    window.close()
    QTimer.singleShot(0, lambda: None)
    if PROFILE and watch.stalls:
        print(watch.report())
    first = statistics.median(firsts)
    print(
        f"Stats page at {plays:,} plays: first chart drawn {first * 1000:.0f} ms after opening "
        f"(median of 3; target < 500 ms), every chart {statistics.median(charts):.2f} s, "
        f"the top albums and tracks {statistics.median(fulls):.2f} s; "
        f"reference: one COUNT(*) over the plays {count_ref * 1000:.0f} ms, "
        f"ratio {first / max(count_ref, 1e-6):.1f}; the rollups' first build (once per data "
        f"folder, in the background at start) {cold:.1f} s; first chart in each of the 3 opens: "
        f"{', '.join(f'{f * 1000:.0f}' for f in firsts)} ms; worst GUI-thread stall while "
        f"the page fills {watch.worst():.0f} ms; load average {load}"
    )


SECTIONS = ("startup", "search", "stats", "grid", "stalls")


def load_average() -> str:
    """The 1-minute load average now (the machine is shared: every figure says it)."""
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except OSError:
        return "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tracks", type=int, default=100_000)
    parser.add_argument("--files", type=int, default=6000)
    parser.add_argument("--analysis-seconds", type=float, default=15.0)
    parser.add_argument("--runs", type=int, default=5, help="start-up runs (median)")
    parser.add_argument(
        "--rounds", type=int, default=3, help="rounds of the grid and stall figures (median/worst)"
    )
    parser.add_argument("--plays", type=int, default=1_000_000)
    parser.add_argument("--scroll-seconds", type=float, default=10.0)
    parser.add_argument(
        "--only",
        default=",".join(SECTIONS),
        help=f"comma-separated sections to run, of {', '.join(SECTIONS)} (default: all)",
    )
    parser.add_argument(
        "--work-dir",
        type=Path,
        default=None,
        help="keep the synthetic catalog, covers and history here and reuse them next time "
        "(default: a temporary folder, removed at the end)",
    )
    parser.add_argument(
        "--profile",
        nargs="?",
        const="python",
        choices=("python", "native"),
        help="for each late beat, print what the GUI thread was running (sampled Python "
        "stacks; 'native': also one py-spy dump of its C++ frames, which pauses the process)",
    )
    args = parser.parse_args()
    only = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(only) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown section(s): {', '.join(sorted(unknown))}")
    global PROFILE
    # as an installed app: modules imported later (the Discover build's) from bytecode caches,
    # not compiled from source while holding the GIL (this environment may forbid the caches)
    sys.dont_write_bytecode = False
    PROFILE = args.profile

    with tempfile.TemporaryDirectory(prefix="bench-gui-") as tmp:
        work = args.work_dir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        print(f"load average at start: {load_average()} (2 cores)")
        data_dir = catalog_in(work, args.tracks)
        if "startup" in only:
            bench_startup(data_dir, args.runs)
            bench_startup_covers(data_dir, args.runs, args.rounds)
        if "search" in only:
            bench_filter(data_dir)
        if "stats" in only:
            bench_stats(work, args.plays, data_dir)
        if "grid" in only:
            bench_covers(data_dir, args.scroll_seconds, args.rounds)
        if "stalls" in only:
            bench_stalls(work, args.files, args.analysis_seconds, args.rounds)
        print(f"load average at the end: {load_average()}")


def catalog_in(work: Path, tracks: int) -> Path:
    """The synthetic catalog of ``tracks`` tracks in ``work`` (built once per work folder)."""
    from tests.desktop_app.synthetic import build_catalog

    data_dir = work / "data"
    marker = work / f"catalog-{tracks}.done"
    if marker.exists():
        return data_dir
    if data_dir.exists():
        shutil.rmtree(data_dir)
    t0 = time.perf_counter()
    build_catalog(data_dir, tracks)
    marker.touch()
    print(f"synthetic catalog of {tracks:,} tracks built in {time.perf_counter() - t0:.1f} s")
    return data_dir


def covers_in(data_dir: Path) -> int:
    """A ``cover.jpg`` in every album folder of the catalog (written once per work folder)."""
    from tests.desktop_app.synthetic import write_folder_covers

    marker = data_dir.parent / "covers.done"
    if marker.exists():
        return int(marker.read_text())
    t0 = time.perf_counter()
    covers = write_folder_covers(data_dir, size=300)
    marker.write_text(str(covers))
    print(f"{covers:,} album covers written in {time.perf_counter() - t0:.1f} s")
    return covers


PROFILE: str | None = None


if __name__ == "__main__":
    main()
