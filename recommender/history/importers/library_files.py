"""Helpers shared by the player-library readers (iTunes, Rhythmbox, Strawberry, Clementine)."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit


def location_to_path(location: str | None) -> str | None:
    """A file path from a ``file://`` URI (``file://localhost/...`` too), or the text itself."""
    if not location:
        return None
    location = location.strip()
    if location.startswith("file:"):
        parts = urlsplit(location)
        path = unquote(parts.path)
        if parts.netloc and parts.netloc != "localhost":
            path = f"//{parts.netloc}{path}"  # a network share
        return path or None
    if "://" in location:
        return None  # streams and remote items are not files
    return location


def normalise_rating(value: object) -> float | None:
    """A rating in 0..1 from the players' scales (0..1, 0..5 stars, 0..100); ``None`` if unrated."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if number < 0:
        return None
    if number <= 1:
        return number
    if number <= 5:
        return number / 5
    if number <= 100:
        return number / 100
    return None


def length_to_ms(value: object) -> int | None:
    """Milliseconds from a length stored in nanoseconds, milliseconds or seconds."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if number <= 0:
        return None
    if number > 1e8:  # nanoseconds (Strawberry, Clementine): 0.1 s and up
        return int(number / 1e6)
    if number > 1e5:  # milliseconds
        return int(number)
    return int(number * 1000)
