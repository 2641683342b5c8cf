"""Per-window summaries: a compact description of every ~5 s of the analysed excerpt.

The track vector of :mod:`analysis.features` averages a whole minute of audio into one row.
The learned embedding (:mod:`analysis.embedding`) needs several views of each track instead
(different windows of one track are its positives), and it must not decode the file again. So
the analyser also keeps, for every segment of about :data:`SEGMENT_SECONDS` of each excerpt
window, :data:`WINDOW_DIM` numbers computed from the frame-level features it already has:

===================  =====  ==========================================================
part                 size   what
===================  =====  ==========================================================
``mel_mean``         32     log-mel level per band pair (dB, 64 bands pooled to 32)
``mel_std``          32     its standard deviation over the segment's frames (dB)
``mel_flux``         32     mean rise per frame in each band (dB): how busy each band is
``chroma``           12     mean chroma (pitch-class profile, max-normalised per frame)
``rhythm``           8      onset-envelope autocorrelation in 8 log-spaced tempo bands
``onset``            2      onset strength mean and std
``dynamics``         3      RMS dBFS mean and std; zero-crossing rate
``shape``            2      log2 spectral centroid (Hz); spectral flatness (dB)
``contrast``         7      spectral contrast per octave band (dB)
===================  =====  ==========================================================

At most :data:`MAX_SEGMENTS` segments per track are kept (evenly spaced), stored as float16:
130 x 2 bytes x 16 = 4,160 bytes at most, 3,120 bytes for the usual 12 segments (three 20 s
windows, four segments each).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from typing import Any

import numpy as np

#: Target length of one segment (each excerpt window is cut into equal parts about this long).
SEGMENT_SECONDS = 5.0
#: Segments kept per track, at most.
MAX_SEGMENTS = 16
N_BANDS = 32  # 64 mel bands pooled in pairs
N_TEMPO_BANDS = 8
_MIN_BPM, _MAX_BPM = 40.0, 240.0


def _layout() -> tuple[list[str], dict[str, slice]]:
    parts = [
        ("mel_mean", N_BANDS),
        ("mel_std", N_BANDS),
        ("mel_flux", N_BANDS),
        ("chroma", 12),
        ("rhythm", N_TEMPO_BANDS),
        ("onset", 2),
        ("dynamics", 3),
        ("shape", 2),
        ("contrast", 7),
    ]
    names: list[str] = []
    slices: dict[str, slice] = {}
    for part, size in parts:
        slices[part] = slice(len(names), len(names) + size)
        names += [f"{part}{i}" for i in range(size)]
    return names, slices


WINDOW_NAMES, WINDOW_PARTS = _layout()
#: Values per segment.
WINDOW_DIM = len(WINDOW_NAMES)


def _tempo_bands(fps: float, n: int) -> list[tuple[int, int]]:
    """Lag ranges (frames) of the log-spaced tempo bands that fit in ``n`` frames."""
    edges = np.geomspace(_MAX_BPM, _MIN_BPM, N_TEMPO_BANDS + 1)
    lags = [round(60.0 * fps / bpm) for bpm in edges]
    out = []
    for lo, hi in itertools.pairwise(lags):
        lo, hi = max(1, lo), max(lo + 1, hi)
        out.append((min(lo, n - 1), min(hi, n)))
    return out


def _rhythm_profile(env: np.ndarray, fps: float) -> np.ndarray:
    """Peak of the normalised onset autocorrelation in each tempo band (0 for a flat envelope)."""
    out = np.zeros(N_TEMPO_BANDS, np.float32)
    x = env.astype(np.float64) - float(env.mean())
    n = len(x)
    if n < 4:
        return out
    spec = np.fft.rfft(x, n=2 * n)
    ac = np.fft.irfft(spec * np.conj(spec))[:n]
    if ac[0] <= 1e-12:
        return out
    ac /= ac[0]
    for i, (lo, hi) in enumerate(_tempo_bands(fps, n)):
        if hi > lo:
            out[i] = max(0.0, float(ac[lo:hi].max()))
    return out


def _segment_row(f: Any, start: int, stop: int, fps: float, sparse: int) -> np.ndarray:
    """The :data:`WINDOW_DIM` values of frames ``start:stop`` of one window's frames ``f``."""
    mel = f.log_mel[:, start:stop]
    pooled = 0.5 * (mel[0::2] + mel[1::2])
    flux = (
        np.maximum(0.0, np.diff(pooled, axis=1)).mean(axis=1)
        if pooled.shape[1] > 1
        else np.zeros(N_BANDS, np.float32)
    )
    env = f.onset_env[start:stop]
    rms = f.rms[start:stop]
    rms_db = 20.0 * np.log10(np.maximum(rms, 1e-5))
    centroid = float(f.centroid[start:stop].mean())
    flat_db = 10.0 * np.log10(np.maximum(f.flatness[start:stop], 1e-10))
    c0, c1 = start // (2 * sparse), max(start // (2 * sparse) + 1, stop // (2 * sparse))
    contrast = f.contrast[:, c0:c1]
    row = np.concatenate(
        [
            pooled.mean(axis=1),
            pooled.std(axis=1),
            flux,
            f.chroma[:, start:stop].mean(axis=1),
            _rhythm_profile(env, fps),
            [float(env.mean()), float(env.std())],
            [float(rms_db.mean()), float(rms_db.std()), float(f.zcr[start:stop].mean())],
            [math.log2(max(centroid, 20.0)), float(flat_db.mean())],
            contrast.mean(axis=1) if contrast.shape[1] else np.zeros(7, np.float32),
        ]
    )
    return np.nan_to_num(row.astype(np.float32), nan=0.0, posinf=0.0, neginf=0.0)


def window_summaries(frames: Sequence[Any], *, fps: float, sparse: int) -> np.ndarray:
    """Per-segment summaries of the excerpt windows, float32 ``[segments, WINDOW_DIM]``.

    Parameters
    ----------
    frames : sequence
        Frame-level features of each excerpt window (``analysis.features._Frames``).
    fps : float
        Frames per second.
    sparse : int
        The step of the sparse per-frame features (contrast is on every ``2 * sparse``-th).

    Returns
    -------
    ndarray
        At least one row; at most :data:`MAX_SEGMENTS` rows, evenly spaced over the excerpt.
    """
    per_segment = SEGMENT_SECONDS * fps
    rows = []
    for f in frames:
        n = f.log_mel.shape[1]
        parts = max(1, round(n / per_segment))
        bounds = np.linspace(0, n, parts + 1).round().astype(int)
        for start, stop in itertools.pairwise(bounds):
            if stop > start:
                rows.append(_segment_row(f, int(start), int(stop), fps, sparse))
    out = np.stack(rows)
    if len(out) > MAX_SEGMENTS:
        keep = np.linspace(0, len(out) - 1, MAX_SEGMENTS).round().astype(int)
        out = out[keep]
    return out


def encode(windows: np.ndarray) -> bytes:
    """Little-endian float16 bytes of ``[segments, WINDOW_DIM]`` summaries (clipped to range)."""
    clipped = np.clip(np.asarray(windows, np.float32), -65000.0, 65000.0)
    return np.ascontiguousarray(clipped, dtype="<f2").tobytes()


def decode(blob: bytes | None) -> np.ndarray | None:
    """float32 ``[segments, WINDOW_DIM]`` from :func:`encode`'s bytes; ``None`` for none."""
    if not blob:
        return None
    data = np.frombuffer(blob, dtype="<f2")
    if data.size % WINDOW_DIM:
        return None
    return data.reshape(-1, WINDOW_DIM).astype(np.float32)
