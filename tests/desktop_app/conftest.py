"""Fixtures for the window's tests: a synchronous task pool, tiny real audio files, a window."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest


@pytest.fixture(autouse=True)
def english_plural_forms(request):
    """What the app sets up at start for English: its translator ("1 track", "2 tracks"), for
    tests that build widgets themselves, and digits grouped in %Ln ("1,234"); a C locale stays
    C otherwise (ISO dates, as before)."""
    from PySide6.QtCore import QLocale

    before = QLocale()
    if before.language() == QLocale.Language.C:
        grouped = QLocale.c()
        grouped.setNumberOptions(QLocale.NumberOption.DefaultNumberOptions)
        QLocale.setDefault(grouped)
    if "qapp" in request.fixturenames:
        from desktop_app.gui import i18n

        i18n.install("en", request.getfixturevalue("qapp"), set_locale=False)
    yield
    QLocale.setDefault(before)


#: (artist, album, title, seconds, frequency) of the generated test library.
LIBRARY = (
    ("Aurora Lane", "Night Drive", "Neon River", 2.0, 220.0),
    ("Aurora Lane", "Night Drive", "Glass Harbour", 2.0, 247.0),
    ("Aurora Lane", "Night Drive", "Slow Comet", 2.0, 262.0),
    ("Björk Quartet", "Café Sessions", "Naïve Morning", 2.0, 330.0),
    ("Björk Quartet", "Café Sessions", "Paper Boats", 2.0, 349.0),
    ("The Static Hum", "Signals", "Radio Ghost", 2.0, 440.0),
    ("The Static Hum", "Signals", "Copper Wire", 2.0, 494.0),
    ("Mila Sørensen", "Fjord", "Cold Light", 2.0, 523.0),
)


def write_tagged_flac(
    path: Path,
    *,
    artist: str,
    album: str,
    title: str,
    seconds: float,
    freq: float,
    track_number: int,
    cover: bytes | None = None,
) -> Path:
    """A short real FLAC (sine with a fade) tagged with mutagen."""
    import soundfile as sf
    from mutagen.flac import FLAC, Picture

    sr = 22050
    t = np.arange(int(seconds * sr)) / sr
    signal = 0.25 * np.sin(2 * np.pi * freq * t) * np.minimum(1.0, (seconds - t) * 4)
    path.parent.mkdir(parents=True, exist_ok=True)
    sf.write(path, signal.astype(np.float32), sr, format="FLAC", subtype="PCM_16")
    audio = FLAC(path)
    audio["artist"] = artist
    audio["album"] = album
    audio["title"] = title
    audio["tracknumber"] = str(track_number)
    audio["genre"] = "Electronic" if "Aurora" in artist else "Jazz"
    audio["date"] = "2021"
    if cover:
        pic = Picture()
        pic.type = 3
        pic.mime = "image/png"
        pic.data = cover
        audio.add_picture(pic)
    audio.save()
    return path


def _png_cover(color: str) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QColor, QImage

    image = QImage(32, 32, QImage.Format.Format_RGB32)
    image.fill(QColor(color))
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    return bytes(data.data())


@pytest.fixture
def music_dir(tmp_path: Path, qapp) -> Path:
    """A folder of tagged FLAC files (two albums with embedded covers)."""
    root = tmp_path / "Music"
    covers = {"Night Drive": _png_cover("#d04040"), "Café Sessions": _png_cover("#4060d0")}
    for n, (artist, album, title, seconds, freq) in enumerate(LIBRARY, start=1):
        write_tagged_flac(
            root / artist / album / f"{n:02d} {title}.flac",
            artist=artist,
            album=album,
            title=title,
            seconds=seconds,
            freq=freq,
            track_number=n,
            cover=covers.get(album),
        )
    return root


@pytest.fixture
def sync_tasks():
    """Run every background task at once in the calling thread (picard's test approach)."""
    from desktop_app.gui import tasks

    previous = tasks.set_pool(tasks.SynchronousPool())
    yield
    tasks.set_pool(previous)


@pytest.fixture
def make_window(qtbot, data_dir):
    """Build a main window on ``data_dir`` (no background analysis), closed at the end."""
    from desktop_app.gui.error_reporter import ErrorReporter
    from desktop_app.gui.main_window import MainWindow

    windows = []

    def make(path: Path | None = None) -> MainWindow:
        target = path or data_dir
        reporter = ErrorReporter(target)
        window = MainWindow(target, reporter=reporter, auto_pipeline=False)
        qtbot.addWidget(window)
        windows.append(window)
        return window

    yield make
    from desktop_app.gui import tasks

    for window in windows:
        if window._player is not None:
            window._player.media.stop()
    tasks.wait_idle(10)
    for window in windows:
        assert window.reporter.unexpected_count == 0, window.reporter.last_message
