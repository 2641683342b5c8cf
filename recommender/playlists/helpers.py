"""Small shared steps of the generators: scaling scores and wording reasons."""

from __future__ import annotations

import math
import time
from typing import Any

import numpy as np

from recommender.playlists import reasons as r
from recommender.playlists.reasons import Reason


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
        return Reason(r.ONCE)
    if count == 2:
        return Reason(r.TWICE)
    return Reason(r.TIMES, count=count)


def _span(days: float) -> str:
    """A readable duration: "nine months", "two years", "three weeks", "five days"."""
    if not math.isfinite(days):
        return Reason(r.A_LONG_TIME)
    if days < 1:
        return Reason(r.TODAY)
    if days < 14:
        n, one, many = round(days), r.DAY, r.DAYS
    elif days < 60:
        n, one, many = round(days / 7), r.WEEK, r.WEEKS
    elif days < 548:
        n, one, many = round(days / 30.44), r.MONTH, r.MONTHS
    else:
        n, one, many = round(days / 365.25), r.YEAR, r.YEARS
    word = Reason(r.NUMBER_WORDS[n]) if n < len(r.NUMBER_WORDS) else n
    return Reason(one if n == 1 else many, n=word)


def _month(ts: float) -> str:
    if not math.isfinite(ts):
        return Reason(r.UNKNOWN_DATE)
    when = time.gmtime(ts)
    return Reason(r.MONTH_YEAR[when.tm_mon - 1], year=when.tm_year)


def _describe(d: Any) -> str:
    """ "72 BPM, low energy, A minor" from descriptors."""
    parts: list[Any] = []
    if d.bpm and d.bpm > 0:
        parts.append(Reason(r.BPM, bpm=f"{d.bpm:.0f}"))
    level = (
        r.LOW_ENERGY if d.energy < 0.35 else (r.HIGH_ENERGY if d.energy > 0.65 else r.MEDIUM_ENERGY)
    )
    parts.append(Reason(level))
    if d.key:
        note, _, mode = d.key.rpartition(" ")
        known = {"major": r.MAJOR, "minor": r.MINOR}.get(mode)
        parts.append(Reason(known, note=note) if known and note else d.key)
    if d.brightness > 0.65:
        parts.append(Reason(r.BRIGHT))
    elif d.brightness < 0.3:
        parts.append(Reason(r.DARK))
    if d.acousticness > 0.7:
        parts.append(Reason(r.ACOUSTIC))
    return r.join(parts)
