"""Small shared steps of the generators: scaling scores and wording reasons."""

from __future__ import annotations

import math
import time
from typing import Any

import numpy as np

_NUMBER_WORDS = (
    "no",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
)


def _unit(values: np.ndarray) -> np.ndarray:
    """Min-max to [0, 1]; NaN becomes 0; a constant array becomes all zeros."""
    v = np.asarray(values, dtype=np.float64)
    finite = np.isfinite(v)
    if not finite.any():
        return np.zeros_like(v)
    lo, hi = float(v[finite].min()), float(v[finite].max())
    if hi - lo < 1e-12:
        return np.zeros_like(v)
    return np.where(finite, (v - lo) / (hi - lo), 0.0)


def _scale(values: np.ndarray) -> np.ndarray:
    """Half absolute (min-max over 0..max) and half rank within the library, in [0, 1]."""
    if values.size == 0:
        return values
    ranks = (np.argsort(np.argsort(values, kind="stable"), kind="stable") + 0.5) / values.size
    hi = float(values.max())
    lo = min(0.0, float(values.min()))
    absolute = (values - lo) / (hi - lo) if hi > lo else np.zeros_like(values)
    return 0.5 * absolute + 0.5 * ranks


def _interleave(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Merge two ordered lists evenly, in proportion to their lengths."""
    total = first.size + second.size
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    pos_a = (np.arange(first.size) + 0.5) / max(first.size, 1)
    pos_b = (np.arange(second.size) + 0.5) / max(second.size, 1)
    keys = np.concatenate([pos_a, pos_b + 1e-9])
    items = np.concatenate([first, second]).astype(np.int64)
    return items[np.argsort(keys, kind="stable")]


def _times(count: int) -> str:
    if count == 1:
        return "once"
    if count == 2:
        return "twice"
    return f"{count} times"


def _span(days: float) -> str:
    """A readable duration: "nine months", "two years", "three weeks", "five days"."""
    if not math.isfinite(days):
        return "a long time"
    if days < 1:
        return "today"
    if days < 14:
        n, unit = round(days), "day"
    elif days < 60:
        n, unit = round(days / 7), "week"
    elif days < 548:
        n, unit = round(days / 30.44), "month"
    else:
        n, unit = round(days / 365.25), "year"
    word = _NUMBER_WORDS[n] if n < len(_NUMBER_WORDS) else str(n)
    return f"{word} {unit}{'s' if n != 1 else ''}"


def _month(ts: float) -> str:
    if not math.isfinite(ts):
        return "an unknown date"
    return time.strftime("%B %Y", time.gmtime(ts))


def _describe(d: Any) -> str:
    """ "72 BPM, low energy, A minor" from descriptors."""
    parts = []
    if d.bpm and d.bpm > 0:
        parts.append(f"{d.bpm:.0f} BPM")
    level = "low" if d.energy < 0.35 else ("high" if d.energy > 0.65 else "medium")
    parts.append(f"{level} energy")
    if d.key:
        parts.append(d.key)
    if d.brightness > 0.65:
        parts.append("bright")
    elif d.brightness < 0.3:
        parts.append("dark")
    if d.acousticness > 0.7:
        parts.append("acoustic")
    return ", ".join(parts)
