"""Cover art: embedded pictures read with mutagen, and the mosaics on Discover cards.

Everything here may run in a worker thread: :func:`embedded_cover` is plain Python and
:class:`QImage` (unlike ``QPixmap``) is safe outside the GUI thread, so cards and the player bar
receive finished images and the GUI thread only wraps them in pixmaps.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QLinearGradient, QPainter

log = logging.getLogger("deepcuts.gui.covers")


def embedded_cover(path: str | bytes) -> bytes | None:
    """The first embedded picture of an audio file (front cover preferred), or ``None``."""
    try:
        import mutagen
        from mutagen.flac import Picture

        audio = mutagen.File(path)
    except Exception:  # unreadable file: no cover, never an error for the window
        return None
    if audio is None:
        return None
    pictures = getattr(audio, "pictures", None)  # FLAC
    if pictures:
        front = [p for p in pictures if p.type == 3]
        return (front or pictures)[0].data
    tags = audio.tags
    if tags is None:
        return None
    try:
        if hasattr(tags, "getall"):  # ID3
            apics = tags.getall("APIC")
            if apics:
                front = [p for p in apics if p.type == 3]
                return (front or apics)[0].data
        if "covr" in tags:  # MP4
            covers = tags["covr"]
            if covers:
                return bytes(covers[0])
        for key in ("metadata_block_picture", "METADATA_BLOCK_PICTURE"):  # Ogg
            if key in tags:
                import base64

                values = tags[key]
                if values:
                    return Picture(base64.b64decode(values[0])).data
    except Exception:
        log.debug("cover unreadable in %r", path, exc_info=True)
    return None


def _placeholder(seed: str, size: int, text: str = "") -> QImage:
    digest = hashlib.blake2b(seed.encode("utf-8", "replace"), digest_size=6).digest()
    hue = digest[0] / 255.0
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    grad = QLinearGradient(0, 0, size, size)
    grad.setColorAt(0, QColor.fromHslF(hue, 0.45, 0.42))
    grad.setColorAt(1, QColor.fromHslF((hue + 0.12) % 1.0, 0.55, 0.22))
    painter.fillRect(0, 0, size, size, grad)
    if text:
        painter.setPen(QColor(255, 255, 255, 210))
        font = QFont()
        font.setPixelSize(max(10, size // 3))
        font.setBold(True)
        painter.setFont(font)
        painter.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return image


def initials(text: str) -> str:
    words = [w for w in text.replace("-", " ").split() if w[:1].isalnum()]
    return "".join(w[0] for w in words[:2]).upper()


def cover_image(path: str | bytes | None, size: int, *, seed: str = "") -> QImage:
    """The embedded cover scaled to ``size``, or a placeholder coloured from ``seed``."""
    data = embedded_cover(path) if path else None
    if data:
        image = QImage()
        if image.loadFromData(data):
            return image.scaled(
                size,
                size,
                Qt.AspectRatioMode.KeepAspectRatioByExpanding,
                Qt.TransformationMode.SmoothTransformation,
            ).copy(0, 0, size, size)
    return _placeholder(seed or str(path), size, initials(seed))


def mosaic_image(paths: Sequence[str], size: int, *, title: str) -> QImage:
    """A 2x2 mosaic of distinct embedded covers (one big cover when fewer than four)."""
    covers: list[QImage] = []
    seen: set[bytes] = set()
    for path in paths:
        data = embedded_cover(path)
        if not data:
            continue
        key = hashlib.blake2b(data, digest_size=8).digest()
        if key in seen:
            continue
        image = QImage()
        if image.loadFromData(data):
            seen.add(key)
            covers.append(image)
        if len(covers) == 4:
            break
    if not covers:
        return _placeholder(title, size, initials(title))
    out = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    out.fill(QColor(30, 30, 30))
    painter = QPainter(out)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    if len(covers) < 4:
        painter.drawImage(QRectF(0, 0, size, size), covers[0])
    else:
        half = size / 2
        for i, image in enumerate(covers):
            painter.drawImage(QRectF((i % 2) * half, (i // 2) * half, half, half), image)
    painter.end()
    return out


def mosaic_from(images: Sequence[QImage], size: int, *, title: str) -> QImage:
    """A 2x2 mosaic of up to four distinct album thumbnails (one cover when fewer than four;
    the title's letters on a colour only when there is no art at all)."""
    covers = [image for image in images if image is not None and not image.isNull()][:4]
    if not covers:
        return _placeholder(title, size, initials(title))
    out = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    out.fill(QColor(30, 30, 30))
    painter = QPainter(out)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    if len(covers) == 1:
        painter.drawImage(QRectF(0, 0, size, size), covers[0])
    else:
        # two covers sit diagonally, three repeat the first in the last corner
        tiles = {2: [0, 1, 1, 0], 3: [0, 1, 2, 0]}.get(len(covers), [0, 1, 2, 3])
        half = size / 2
        for i, which in enumerate(tiles):
            painter.drawImage(QRectF((i % 2) * half, (i // 2) * half, half, half), covers[which])
    painter.end()
    return out


def mix_mosaic(tracks: Sequence[dict], size: int, *, title: str, cache: object) -> QImage:
    """The card picture of a mix: the first four distinct album covers among its tracks."""
    from desktop_app.gui.cover_cache import album_key

    images: list[QImage] = []
    seen: set[str] = set()
    for track in tracks:
        path = track.get("path")
        if not path:
            continue
        key = album_key(path, track.get("album"))
        if key in seen:
            continue
        seen.add(key)
        image = cache.get(path, track.get("album"))  # type: ignore[attr-defined]
        if image is not None:
            images.append(image)
        if len(images) == 4 or len(seen) >= 40:
            break
    return mosaic_from(images, size, title=title)
