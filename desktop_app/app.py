"""``deepcuts``: open the Deep Cuts window.

``deepcuts [--data-dir DIR]`` (also ``DEEPCUTS_DATA_DIR``). Start-up stays light: only QtCore,
QtGui, QtWidgets and numpy (whose C core would otherwise freeze the first frames) are imported
before the window shows; the library loads in the background,
QtMultimedia with the player bar right after the first paint, pyqtgraph with the Map, and
librosa/torch only inside the analysis and training tasks.

Two flags serve CI and tests: ``--smoke-test`` opens the window, waits until it is shown and
exits 0; ``--screenshot FILE`` waits for the library to load, saves a picture of the window and
exits.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from typing import Any, cast

_STARTED = time.perf_counter()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="deepcuts", description="Deep Cuts: discover the music already on your disk."
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=None,
        help="where Deep Cuts keeps its state (also DEEPCUTS_DATA_DIR)",
    )
    parser.add_argument(
        "--page",
        choices=(
            "discover",
            "now",
            "library",
            "playlists",
            "history",
            "stats",
            "map",
            "settings",
        ),
        help="open this page",
    )
    parser.add_argument(
        "--no-background",
        action="store_true",
        help="do not start analysis or training on their own",
    )
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="open the window, wait until it is shown, print the start-up time and exit 0 (CI)",
    )
    parser.add_argument(
        "--self-check",
        action="store_true",
        help="check that this build can scan, decode, analyse (in worker processes) and run "
        "torch, then exit",
    )
    parser.add_argument(
        "--screenshot",
        metavar="FILE",
        help="save a picture of the window once the library is shown, then exit",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        help="seconds --smoke-test/--screenshot wait before giving up",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log details on stderr")
    return parser


def _give_up(status: dict[str, int], app: object, timeout: float) -> None:
    """--smoke-test/--screenshot: the window was not ready in time; say so and exit 1."""
    sys.stderr.write(f"deepcuts: the window was not ready within {timeout:g} s (--timeout)\n")
    import faulthandler

    faulthandler.dump_traceback(file=sys.stderr, all_threads=True)  # where it is stuck
    status["code"] = 1
    app.quit()  # type: ignore[attr-defined]


def main(argv: list[str] | None = None) -> int:
    if getattr(sys, "frozen", False):  # a PyInstaller build: analysis workers are spawned
        import multiprocessing

        multiprocessing.freeze_support()
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    headless = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if (args.smoke_test or args.screenshot) and headless:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from analysis.datadir import resolve_data_dir
    from analysis.errors import DeepCutsError

    if args.self_check:
        return self_check()

    try:
        data_dir = resolve_data_dir(args.data_dir)
    except DeepCutsError as exc:
        sys.stderr.write(f"deepcuts: {exc}\n")
        return 1

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    # instance() is typed as the QCoreApplication base; here it is always a QApplication.
    app = cast(QApplication, QApplication.instance() or QApplication(sys.argv[:1]))
    app.setApplicationName("Deep Cuts")
    app.setOrganizationName("deepcuts")
    app.setDesktopFileName("deepcuts")

    from desktop_app.gui import i18n
    from desktop_app.gui.gui_settings import GuiSettings

    # the language of Settings (default: the system locale), before any widget exists
    i18n.install(GuiSettings.load(data_dir).language, app)
    from desktop_app.gui.error_reporter import ErrorReporter, install_excepthook

    reporter = ErrorReporter(data_dir)
    install_excepthook(reporter)
    from desktop_app.gui.main_window import MainWindow

    # The window applies its theme (resources/deepcuts.qss filled from desktop_app/gui/theme.py).
    try:
        window = MainWindow(
            data_dir,
            reporter=reporter,
            auto_pipeline=False
            if (args.no_background or args.smoke_test or args.screenshot)
            else None,
        )
    except DeepCutsError as exc:
        QMessageBox.critical(None, "Deep Cuts", str(exc))
        sys.stderr.write(f"deepcuts: {exc}\n")
        return 1
    if args.page and not window.side.isHidden():
        window.set_nav(args.page)
    status = {"code": 0}

    if args.smoke_test:

        def shown() -> None:
            elapsed = time.perf_counter() - _STARTED
            visible = window.isVisible()
            sys.stdout.write(
                f"deepcuts: window shown in {elapsed:.2f} s "
                f"(visible={visible}, data dir {data_dir})\n"
            )
            sys.stdout.flush()
            status["code"] = 0 if visible else 1
            app.quit()

        window.shown.connect(shown)
        QTimer.singleShot(int(args.timeout * 1000), lambda: _give_up(status, app, args.timeout))

    if args.screenshot:
        target = args.screenshot

        def capture() -> None:
            from PySide6.QtGui import QFontDatabase, QFontInfo

            window.grab().save(target)
            families = QFontDatabase.families()
            font = QFontInfo(window.font())
            sys.stdout.write(
                f"deepcuts: screenshot saved to {target} "
                f"({app.platformName()}, {len(families)} font families, "
                f"window font {font.family()!r})\n"
            )
            sys.stdout.flush()
            app.quit()

        def when_ready() -> None:
            QTimer.singleShot(300, capture)  # let the table paint its rows

        if not window.side.isHidden() and window.current_page() == "discover":
            window.discover.ready.connect(when_ready)
        elif not window.side.isHidden():
            window.library_loaded.connect(when_ready)
        else:
            window.shown.connect(when_ready)
        QTimer.singleShot(int(args.timeout * 1000), lambda: _give_up(status, app, args.timeout))

    window.show()
    code = app.exec()
    from desktop_app.gui import tasks

    tasks.shutdown()
    return status["code"] if (args.smoke_test or args.screenshot) else code


def self_check() -> int:
    """Exercise what a packaged build must carry: decoders, features, worker processes, torch."""
    import tempfile
    import wave
    from pathlib import Path

    import numpy as np

    from analysis.analyzer import analyze
    from analysis.catalog import Catalog
    from analysis.scanner import scan

    with tempfile.TemporaryDirectory(prefix="deepcuts-check-") as tmp:
        root = Path(tmp)
        music = root / "music"
        music.mkdir()
        sr = 22050
        for i, freq in enumerate((220.0, 330.0, 440.0)):
            t = np.arange(3 * sr) / sr
            pcm = (0.3 * np.sin(2 * np.pi * freq * t) * 32767).astype("<i2")
            with wave.open(str(music / f"tone{i}.wav"), "wb") as fh:
                fh.setnchannels(1)
                fh.setsampwidth(2)
                fh.setframerate(sr)
                fh.writeframes(pcm.tobytes())
        with Catalog(root / "data") as catalog:
            scanned = scan(catalog, [str(music)], workers=1)
            result = analyze(catalog, workers=2)  # forked worker processes
        import threading
        from types import SimpleNamespace

        # The window scans and analyses from a worker thread, where the pools start their
        # workers from a fork server instead (analysis/workers.py): check that path too.
        from_thread: dict[str, Any] = {}

        def in_thread() -> None:
            try:
                with Catalog(root / "data-thread") as catalog:
                    from_thread["scanned"] = scan(catalog, [str(music)], workers=2)
                    from_thread["analysed"] = analyze(catalog, workers=2)
            except Exception as exc:  # reported below, not raised in the thread
                from_thread["error"] = exc

        worker = threading.Thread(target=in_thread)
        worker.start()
        worker.join(timeout=240)
        thread_ok = (
            "error" not in from_thread
            and getattr(from_thread.get("scanned"), "added", 0) == 3
            and getattr(from_thread.get("analysed"), "analyzed", 0) == 3
        )

        import torch

        from desktop_app.gui import backend

        weights = torch.nn.Linear(4, 1)
        weights(torch.ones(2, 4)).pow(2).mean().backward()
        # the window's training path: a spawned process that imports torch and saves a model
        ctx = SimpleNamespace(cancel=threading.Event(), report=lambda _message: None)
        trained = backend.pipeline.train(root / "data", ctx, force=True)
    ok = (
        scanned.added == 3
        and result.analyzed == 3
        and not result.failed
        and thread_ok
        and trained is not None
        and trained["tracks"] == 3
    )
    threaded = from_thread.get("error") or (
        f"scanned {getattr(from_thread.get('scanned'), 'added', None)}, analysed "
        f"{getattr(from_thread.get('analysed'), 'analyzed', None)}"
    )
    sys.stdout.write(
        f"deepcuts: self-check {'passed' if ok else 'FAILED'}: scanned {scanned.added}, "
        f"analysed {result.analyzed} with {result.workers} worker processes, failed "
        f"{result.failed}; from a thread: {threaded}; trained {trained}, "
        f"torch {torch.__version__}\n"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
