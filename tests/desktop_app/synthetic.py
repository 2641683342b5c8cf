"""Synthetic catalogs for GUI tests and ``benchmarks/bench_gui.py`` (no audio files needed)."""

from __future__ import annotations

import math
import random
from pathlib import Path

GENRES = (
    "Rock",
    "Jazz",
    "Ambient",
    "Techno",
    "Folk",
    "Classical",
    "Hip-Hop",
    "Metal",
    "Pop",
    "Soundtrack",
    "Blues",
    "Reggae",
)
WORDS = (
    "night",
    "river",
    "blue",
    "fire",
    "quiet",
    "electric",
    "golden",
    "rain",
    "city",
    "ghost",
    "summer",
    "heart",
    "echo",
    "velvet",
    "storm",
    "paper",
    "silver",
    "dream",
    "north",
    "glass",
    "Ångström",
    "café",
    "naïve",
    "Björk",
)


def synthetic_records(n: int, *, seed: int = 7, root: str = "/music") -> list[dict]:
    """``n`` catalog rows with varied tags; about one artist per 100 tracks."""
    rng = random.Random(seed)
    n_artists = max(1, n // 100)
    records = []
    for i in range(n):
        artist_i = rng.randrange(n_artists)
        album_i = rng.randrange(8)
        artist = f"{rng.choice(WORDS).title()} {WORDS[artist_i % len(WORDS)]} {artist_i}"
        album = f"{WORDS[(artist_i + album_i) % len(WORDS)].title()} Album {album_i}"
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4))).capitalize()
        records.append(
            {
                "path": f"{root}/{artist}/{album}/{i:06d} {title}.flac",
                "title": f"{title} {i}",
                "artist": artist,
                "artists": [artist],
                "album": album,
                "genre": GENRES[artist_i % len(GENRES)],
                "genres": [GENRES[artist_i % len(GENRES)]],
                "year": 1960 + (artist_i * 7 + album_i) % 64,
                "duration": 90.0 + rng.random() * 300,
                "track_number": i % 12 + 1,
                "format": "flac",
                "size": 1000 + i,
                "mtime_ns": i,
            }
        )
    return records


def build_catalog(data_dir: Path, n: int, *, seed: int = 7) -> Path:
    """A catalog of ``n`` synthetic tracks (one root) in ``data_dir``."""
    from analysis.catalog import Catalog

    data_dir.mkdir(parents=True, exist_ok=True)
    music = data_dir.parent / "music-root"
    music.mkdir(exist_ok=True)
    with Catalog(data_dir) as catalog:
        root = catalog.add_root(music, now=1.0)
        records = synthetic_records(n, seed=seed, root=str(music))
        for rec in records:
            rec["root_id"] = root.id
        catalog.insert_tracks(records, now=1.0)
    return data_dir


def build_history(data_dir: Path, n_plays: int, *, seed: int = 11, years: float = 3.0) -> Path:
    """``history.db`` with ``n_plays`` synthetic plays over ``years`` (the Stats page's input).

    The schema comes from the real store; the rows are inserted in one transaction (a million
    plays take a few seconds). Artists follow a long tail, hours a daily rhythm, and about one
    play in six is a skip with its time played.
    """
    import sqlite3
    import time as _time

    from recommender.history import HistoryStore

    data_dir.mkdir(parents=True, exist_ok=True)
    HistoryStore(data_dir).close()
    rng = random.Random(seed)
    end = _time.time()
    start = end - years * 365 * 86400
    n_artists = max(20, n_plays // 400)
    # more music in the evening and at weekends, a slow seasonal swing, a few busy weeks
    hour_weight = (
        2,
        1,
        0.5,
        0.2,
        0.2,
        0.5,
        3,
        8,
        10,
        9,
        7,
        7,
        9,
        8,
        7,
        7,
        8,
        10,
        12,
        13,
        14,
        13,
        10,
        5,
    )
    times = []
    while len(times) < n_plays:
        t = start + (end - start) * rng.random()
        day = int(t // 86400)
        weekday = (day + 3) % 7
        weight = hour_weight[int(t // 3600) % 24] / 14
        weight *= 1.3 if weekday >= 5 else 0.85
        weight *= 0.7 + 0.3 * math.sin(2 * math.pi * t / (365 * 86400))
        weight *= 1.6 if (day // 7) % 11 == 0 else 1.0
        if rng.random() * 2.2 < weight:
            times.append(t)
    times.sort()

    def rows():
        for i, t in enumerate(times):
            artist_i = min(int(rng.paretovariate(1.1)) - 1, n_artists - 1)
            artist_i = (artist_i + i // max(1, n_plays // 40)) % n_artists  # new artists arrive
            artist = f"{WORDS[artist_i % len(WORDS)].title()} Artist {artist_i}"
            album = f"{WORDS[(artist_i * 3) % len(WORDS)].title()} Album {artist_i % 5}"
            title = f"{WORDS[rng.randrange(len(WORDS))].title()} {rng.randrange(12)}"
            duration = 180000 + (artist_i % 7) * 20000
            skipped = rng.random() < 0.12 + 0.08 * math.sin(t / 5e6)
            ms = rng.randrange(2000, 25000) if skipped else duration
            yield (t, artist, title, album, duration, ms, int(skipped), "deepcuts", f"k{i}")

    conn = sqlite3.connect(data_dir / "history.db")
    try:
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO plays (played_at, artist, title, album, duration_ms, ms_played, "
            "skipped, source, match_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows(),
        )
        conn.execute("COMMIT")
    finally:
        conn.close()
    return data_dir


def write_folder_covers(data_dir: Path, *, size: int = 300, limit: int | None = None) -> int:
    """A generated ``cover.jpg`` in every album folder of a synthetic catalog (the tracks
    themselves do not exist; the cover cache looks for art beside them). Returns the count."""
    import sqlite3

    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QImage, QLinearGradient, QPainter

    conn = sqlite3.connect(data_dir / "catalog.db")
    try:
        folders = sorted({p.rsplit("/", 1)[0] for (p,) in conn.execute("SELECT path FROM tracks")})
    finally:
        conn.close()
    written = 0
    for n, folder in enumerate(folders[:limit]):
        rng = random.Random(folder)
        hue = rng.random()
        image = QImage(size, size, QImage.Format.Format_RGB32)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        grad = QLinearGradient(0, 0, size * rng.random(), size)
        grad.setColorAt(0, QColor.fromHslF(hue, 0.55, 0.55))
        grad.setColorAt(1, QColor.fromHslF((hue + 0.3 * rng.random()) % 1, 0.6, 0.18))
        painter.fillRect(0, 0, size, size, grad)
        painter.setPen(Qt.PenStyle.NoPen)
        style = n % 3
        for _shape in range(rng.randint(2, 6)):
            painter.setBrush(QColor.fromHslF((hue + 0.5) % 1, 0.5, 0.5 + 0.3 * rng.random(), 0.55))
            r = size * (0.08 + 0.3 * rng.random())
            x, y = size * rng.random(), size * rng.random()
            if style == 0:
                painter.drawEllipse(QPointF(x, y), r, r)
            elif style == 1:
                painter.drawRect(QRectF(0, y, size, r / 3))
            else:
                painter.drawRect(QRectF(x - r / 2, y - r / 2, r, r))
        painter.end()
        Path(folder).mkdir(parents=True, exist_ok=True)
        image.save(str(Path(folder) / "cover.jpg"), "JPEG", 85)
        written += 1
    return written
