"""Content features of one track: a versioned float32 vector and readable descriptors.

Everything is computed from one short-time Fourier transform per excerpt window (``N_FFT`` =
2048, ``HOP`` = 512 at 22,050 Hz: 93 ms windows every 23 ms). Frame-level features of the windows
are concatenated along time before their statistics are taken, so the three windows of
:mod:`analysis.decode` count as one excerpt without the joins adding fake onsets.

The layout of the vector is given by :func:`feature_names` and :data:`FEATURE_GROUPS`; any change
to the layout or to how a value is computed must bump :data:`FEATURE_VERSION`, which makes the
analyser re-analyse the library lazily and keeps vectors of two versions from being mixed.
See ``docs/analysis.md`` for how each descriptor is computed and its limits.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from analysis.windows import window_summaries

#: Bump on any change to the vector's layout or computation.
FEATURE_VERSION: int = 5

SAMPLE_RATE = 22_050
N_FFT = 2048
HOP = 512
N_MELS = 64
N_MFCC = 20
N_CONTRAST_BANDS = 6  # librosa returns n_bands + 1 rows
_STFT_BLOCK = 128  # frames per FFT batch (see _stft_magnitude)
_SPARSE_STEP = 4  # rolloff on every 4th frame, contrast on every 8th (see _frames)

KEY_NAMES = ("C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")

# Krumhansl-Kessler key profiles (probe-tone ratings), tonic first.
_MAJOR_PROFILE = np.array([6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88])
_MINOR_PROFILE = np.array([6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17])

# Tempo search range and prior (log-normal around 120 BPM, one octave wide, as librosa's).
_MIN_BPM = 40.0
_MAX_BPM = 240.0
_PRIOR_BPM = 120.0
_PRIOR_OCTAVES = 1.0


def _build_layout() -> tuple[list[str], dict[str, slice]]:
    names: list[str] = []
    groups: dict[str, slice] = {}

    def add(group: str, items: list[str]) -> None:
        start = len(names)
        names.extend(items)
        groups[group] = slice(start, len(names))

    add(
        "timbre",
        [f"mfcc{i}_mean" for i in range(N_MFCC)]
        + [f"mfcc{i}_std" for i in range(N_MFCC)]
        + [f"mfcc{i}_delta_std" for i in range(N_MFCC)],
    )
    shape = []
    for name in ("centroid", "bandwidth", "rolloff", "flatness"):
        shape += [f"{name}_mean", f"{name}_std"]
    shape += [f"contrast{i}_mean" for i in range(N_CONTRAST_BANDS + 1)]
    shape += [f"contrast{i}_std" for i in range(N_CONTRAST_BANDS + 1)]
    add("spectral_shape", shape)
    add(
        "rhythm",
        [
            "tempo_log2",
            "pulse_clarity",
            "onset_rate",
            "onset_strength_mean",
            "onset_strength_std",
            "tempo_stability",
        ],
    )
    add(
        "tonality",
        [f"chroma_{k}_mean" for k in KEY_NAMES]
        + [f"chroma_{k}_std" for k in KEY_NAMES]
        + ["key_strength", "major_minor_balance", "chroma_entropy"],
    )
    add(
        "dynamics",
        [
            "loudness_db",
            "rms_db_std",
            "rms_db_p10",
            "rms_db_p95",
            "dynamic_range_db",
            "crest_db",
            "low_energy_ratio",
            "zcr_mean",
            "zcr_std",
        ],
    )
    return names, groups


_NAMES, FEATURE_GROUPS = _build_layout()
#: Length of the feature vector of :data:`FEATURE_VERSION`.
FEATURE_DIM = len(_NAMES)


def feature_names() -> list[str]:
    """Names of the vector's columns for :data:`FEATURE_VERSION`, in order."""
    return list(_NAMES)


@dataclass(slots=True)
class TrackFeatures:
    """The result of :func:`compute_features` for one track."""

    vector: np.ndarray  # float32 [FEATURE_DIM]
    bpm: float
    key: str
    key_index: int
    mode: str
    key_strength: float
    energy: float
    brightness: float
    acousticness: float
    seconds: float
    #: float32 [segments, WINDOW_DIM]: per-window summaries (:mod:`analysis.windows`).
    windows: np.ndarray | None = None


def key_name(key_index: int, mode: str) -> str:
    """``"A minor"`` from a pitch class (0 = C) and a mode; ``""`` when the key is unknown."""
    if key_index < 0 or not mode:
        return ""
    return f"{KEY_NAMES[key_index % 12]} {mode}"


# The filter banks, onset envelope, peak picking and spectral contrast are written out in numpy
# rather than taken from librosa: its first call compiles numba code and loads its core modules,
# about 8 s per fresh process (every worker, every `deepcuts-cli features`), for arithmetic
# that costs milliseconds. The formulas follow librosa's defaults; tests pin the results.


def _hz_to_mel(f: np.ndarray) -> np.ndarray:
    """Slaney's mel scale (librosa's default, ``htk=False``): linear below 1 kHz, log above."""
    f = np.asarray(f, dtype=np.float64)
    mel = f / (200.0 / 3)
    log_region = f >= 1000.0
    mel[log_region] = 15.0 + np.log(f[log_region] / 1000.0) / (np.log(6.4) / 27.0)
    return mel


def _mel_to_hz(m: np.ndarray) -> np.ndarray:
    m = np.asarray(m, dtype=np.float64)
    f = m * (200.0 / 3)
    log_region = m >= 15.0
    f[log_region] = 1000.0 * np.exp((np.log(6.4) / 27.0) * (m[log_region] - 15.0))
    return f


@functools.lru_cache(maxsize=4)
def _mel_basis(sr: int) -> np.ndarray:
    """Triangular mel filters, Slaney-normalised (equal area), as ``librosa.filters.mel``."""
    fft_freqs = np.linspace(0.0, sr / 2.0, 1 + N_FFT // 2)
    mel_f = _mel_to_hz(
        np.linspace(_hz_to_mel(np.array([0.0]))[0], _hz_to_mel(np.array([sr / 2.0]))[0], N_MELS + 2)
    )
    fdiff = np.diff(mel_f)
    ramps = mel_f[:, None] - fft_freqs[None, :]
    lower = -ramps[:-2] / fdiff[:-1, None]
    upper = ramps[2:] / fdiff[1:, None]
    weights = np.maximum(0.0, np.minimum(lower, upper))
    weights *= (2.0 / (mel_f[2:] - mel_f[:-2]))[:, None]
    return weights.astype(np.float32)


@functools.lru_cache(maxsize=4)
def _chroma_basis(sr: int) -> np.ndarray:
    """Pitch-class filters over the FFT bins, tuned to A = 440 Hz (no tuning estimate).

    Each bin between 55 Hz and 5 kHz votes for the pitch classes near its frequency with a
    Gaussian of one semitone (or the bin's own width, if wider, at low frequencies), weighted by
    a Gaussian over octaves centred on C5 (two octaves wide), like ``librosa.filters.chroma``.
    """
    freqs = np.linspace(0.0, sr / 2.0, 1 + N_FFT // 2)
    basis = np.zeros((12, len(freqs)), np.float64)
    valid = (freqs >= 55.0) & (freqs <= 5000.0)
    f = freqs[valid]
    midi = 69.0 + 12.0 * np.log2(f / 440.0)
    bin_width = 12.0 * np.log2((f + sr / N_FFT / 2) / np.maximum(f - sr / N_FFT / 2, 1.0))
    width = np.maximum(1.0, bin_width) / 2.0
    dist = (midi[None, :] - np.arange(12)[:, None] + 6.0) % 12.0 - 6.0
    weights = np.exp(-0.5 * (dist / width[None, :]) ** 2)
    weights /= weights.sum(axis=0, keepdims=True)
    octave = np.exp(-0.5 * ((midi / 12.0 - 1.0 - 5.0) / 2.0) ** 2)
    basis[:, valid] = weights * octave[None, :]
    return basis.astype(np.float32)


def _onset_strength(log_mel: np.ndarray) -> np.ndarray:
    """Spectral flux: mean over mel bands of the rise in dB from the previous frame (lag 1),
    as ``librosa.onset.onset_strength`` on a log-mel spectrogram."""
    if log_mel.shape[1] < 2:
        return np.zeros(log_mel.shape[1], np.float32)
    flux = np.maximum(0.0, np.diff(log_mel, axis=1)).mean(axis=0)
    return np.concatenate([[0.0], flux]).astype(np.float32)


def _count_onsets(env: np.ndarray, sr: int) -> int:
    """Peaks of the onset envelope (librosa's ``onset_detect`` rules: a local maximum over
    +-30 ms, above the local mean over -100..+100 ms by 0.07 of the normalised envelope, at
    least 30 ms after the previous onset)."""
    if len(env) < 3 or float(env.max() - env.min()) <= 1e-9:
        return 0
    x = (env - env.min()) / (env.max() - env.min())
    fps = sr / HOP
    half_max = max(1, round(0.03 * fps))
    half_avg = max(1, round(0.10 * fps))
    windows = np.lib.stride_tricks.sliding_window_view
    local_max = windows(np.pad(x, half_max, mode="edge"), 2 * half_max + 1).max(axis=1)
    local_avg = windows(np.pad(x, half_avg, mode="edge"), 2 * half_avg + 1).mean(axis=1)
    peaks = np.flatnonzero((x == local_max) & (x >= local_avg + 0.07) & (x > 0))
    wait = max(1, round(0.03 * fps))
    count, last = 0, -(10**9)
    for p in peaks:
        if p - last > wait:
            count += 1
            last = int(p)
    return count


@functools.lru_cache(maxsize=4)
def _contrast_bands(sr: int) -> list[tuple[int, int]]:
    """FFT-bin ranges of the octave bands of spectral contrast (below 200 Hz, then octaves)."""
    freqs = np.linspace(0.0, sr / 2.0, 1 + N_FFT // 2)
    edges = [0.0] + [200.0 * 2.0**k for k in range(N_CONTRAST_BANDS)] + [sr / 2.0]
    edges = [min(e, sr / 2.0) for e in edges]
    bands = []
    for lo, hi in itertools.pairwise(edges):
        idx = np.flatnonzero((freqs >= lo) & (freqs <= hi))
        bands.append((int(idx[0]), int(idx[-1]) + 1) if len(idx) else (0, 1))
    return bands


def _spectral_contrast(spec_t: np.ndarray, sr: int, quantile: float = 0.02) -> np.ndarray:
    """Peak-to-valley level difference (dB of power) per octave band and frame, as librosa's
    ``spectral_contrast``: mean of the top and bottom ``quantile`` of each band's bins.

    ``spec_t`` is the magnitude spectrogram transposed, ``[frames, bins]`` (C order, so the
    per-frame partial sorts run over contiguous memory). Returns ``[bands, frames]``.
    """
    out = np.empty((N_CONTRAST_BANDS + 1, spec_t.shape[0]), np.float32)
    for i, (lo, hi) in enumerate(_contrast_bands(sr)):
        band = spec_t[:, lo:hi]
        n = band.shape[1]
        k = max(1, round(quantile * n))
        part = np.sort(band, axis=1) if n <= 2 * k else np.partition(band, (k - 1, n - k), axis=1)
        valley = part[:, :k].mean(axis=1)
        peak = part[:, n - k :].mean(axis=1)
        out[i] = 20.0 * (np.log10(np.maximum(peak, 1e-5)) - np.log10(np.maximum(valley, 1e-5)))
    return out


@dataclass(slots=True)
class _Frames:
    """Frame-level features of one window."""

    mfcc: np.ndarray
    mfcc_delta: np.ndarray
    centroid: np.ndarray
    bandwidth: np.ndarray
    rolloff: np.ndarray
    flatness: np.ndarray
    contrast: np.ndarray
    rms: np.ndarray
    zcr: np.ndarray
    onset_env: np.ndarray
    chroma: np.ndarray
    log_mel: np.ndarray


@functools.lru_cache(maxsize=1)
def _window() -> np.ndarray:
    """Periodic Hann window (``scipy.signal.get_window("hann", N_FFT)``)."""
    n = np.arange(N_FFT)
    return (0.5 - 0.5 * np.cos(2.0 * np.pi * n / N_FFT)).astype(np.float32)


def _stft_magnitude(y: np.ndarray) -> np.ndarray:
    """``|STFT|`` as float32 [1 + N_FFT/2, frames], centred frames like librosa's default.

    Written out (strided frames, batched real FFTs in single precision) because it is the hot
    spot of the whole analysis: about 3x faster than ``librosa.stft`` here. The frames go
    through the FFT in blocks of :data:`_STFT_BLOCK`, so the windowed block and its spectrum
    stay in the CPU cache (a 20 s window at once is 14 MB): about 30 % less time than one
    batch, with the same numbers.
    """
    import scipy.fft

    pad = N_FFT // 2
    y = np.pad(y, (pad, pad), mode="constant")
    n_frames = 1 + (len(y) - N_FFT) // HOP
    frames = np.lib.stride_tricks.as_strided(
        y, shape=(n_frames, N_FFT), strides=(y.strides[0] * HOP, y.strides[0]), writeable=False
    )
    window = _window()
    out = np.empty((n_frames, 1 + N_FFT // 2), np.float32)
    block = np.empty((min(_STFT_BLOCK, n_frames), N_FFT), np.float32)
    for start in range(0, n_frames, _STFT_BLOCK):
        stop = min(n_frames, start + _STFT_BLOCK)
        windowed = block[: stop - start]
        np.multiply(frames[start:stop], window, out=windowed)
        np.abs(scipy.fft.rfft(windowed, axis=1, overwrite_x=True), out=out[start:stop])
    return out.T


@functools.lru_cache(maxsize=1)
def _dct_matrix() -> np.ndarray:
    """The first ``N_MFCC`` rows of the orthonormal DCT-II over the mel bands (MFCCs)."""
    n = np.arange(N_MELS)
    k = np.arange(N_MFCC)[:, None]
    basis = np.cos(np.pi * k * (2 * n + 1) / (2 * N_MELS)) * np.sqrt(2.0 / N_MELS)
    basis[0] /= np.sqrt(2.0)
    return basis.astype(np.float32)


@functools.lru_cache(maxsize=4)
def _freqs(sr: int) -> np.ndarray:
    return np.linspace(0.0, sr / 2.0, 1 + N_FFT // 2, dtype=np.float32)


def _frames(y: np.ndarray, sr: int) -> _Frames:
    if len(y) < N_FFT:
        y = np.pad(y, (0, N_FFT - len(y)))
    y = np.ascontiguousarray(y, dtype=np.float32)
    spec = _stft_magnitude(y)
    power = spec * spec
    mel = _mel_basis(sr) @ power
    log_mel = 10.0 * np.log10(np.maximum(mel, 1e-10))
    # A fixed floor (not "80 dB under this excerpt's peak") keeps quiet tracks comparable.
    np.maximum(log_mel, -100.0, out=log_mel)
    mfcc = _dct_matrix() @ log_mel
    delta = np.diff(mfcc, axis=1) if mfcc.shape[1] > 1 else np.zeros((N_MFCC, 1), np.float32)

    freqs = _freqs(sr)
    total = spec.sum(axis=0)
    safe = np.maximum(total, 1e-10)
    centroid = (freqs @ spec) / safe
    second = ((freqs * freqs) @ spec) / safe
    bandwidth = np.sqrt(np.maximum(second - centroid * centroid, 0.0))
    # Rolloff and contrast accumulate or partially sort all 1,025 bins of a frame, the costliest
    # per-frame work here: take them on every 4th frame (hop 2,048: non-overlapping windows) and
    # every 8th, which leaves their means and deviations over a minute of audio practically
    # unchanged (hundreds of frames either way).
    sparse = spec[:, ::_SPARSE_STEP]
    cumulative = np.cumsum(sparse, axis=0)
    rolloff_bin = (cumulative < 0.85 * cumulative[-1][None, :]).sum(axis=0)
    rolloff = freqs[np.minimum(rolloff_bin, len(freqs) - 1)]
    # Flatness over the mel bands (geometric / arithmetic mean of band power): cheaper than
    # over 1,025 bins and less dominated by the empty top octave.
    flatness = np.exp(np.mean(np.log(np.maximum(mel, 1e-10)), axis=0)) / np.maximum(
        mel.mean(axis=0), 1e-10
    )
    contrast = _spectral_contrast(np.ascontiguousarray(spec[:, :: 2 * _SPARSE_STEP].T), sr)
    # RMS of each windowed frame from the spectrum (Parseval), as librosa.feature.rms(S=...).
    energy = 2.0 * power.sum(axis=0) - power[0] - power[-1]
    # Divided by the Hann window's mean square (0.375): the RMS of the unwindowed signal.
    rms = np.sqrt(np.maximum(energy, 0.0) / (N_FFT * N_FFT * 0.375))
    # Zero crossings counted per hop-sized block, then summed over the 4 blocks of each frame.
    signs = np.signbit(y)
    flips = np.zeros(len(rms) * HOP + N_FFT, np.float32)
    flips[N_FFT // 2 + 1 : N_FFT // 2 + len(y)] = signs[1:] != signs[:-1]
    blocks = flips[: (len(flips) // HOP) * HOP].reshape(-1, HOP).sum(axis=1)
    per_frame = N_FFT // HOP
    zcr = np.convolve(blocks, np.ones(per_frame, np.float32), mode="valid")[: len(rms)] / N_FFT
    onset_env = _onset_strength(log_mel)
    raw_chroma = _chroma_basis(sr) @ power
    norms = raw_chroma.max(axis=0, keepdims=True)
    chroma = np.divide(raw_chroma, norms, out=np.zeros_like(raw_chroma), where=norms > 1e-10)
    return _Frames(
        mfcc,
        delta,
        centroid,
        bandwidth,
        rolloff,
        flatness,
        contrast,
        rms,
        zcr.astype(np.float32),
        onset_env,
        chroma,
        log_mel,
    )


def _tempo(onset_envs: Sequence[np.ndarray], sr: int) -> tuple[float, float, float]:
    """Global tempo from the mean autocorrelation of the windows' onset envelopes.

    Returns ``(bpm, pulse_clarity, stability)``: the prior-weighted autocorrelation peak refined
    by parabolic interpolation (so the answer is not quantised to whole frame lags), its height
    (0-1, how periodic the onsets are) and the agreement of the windows' own peaks (0-1).
    """
    fps = sr / HOP
    min_lag = max(1, math.floor(60.0 * fps / _MAX_BPM))
    max_lag = math.ceil(60.0 * fps / _MIN_BPM)
    acs = []
    weights = []
    for env in onset_envs:
        env = env.astype(np.float64) - float(np.mean(env))
        n = len(env)
        if n < 2 * max_lag:
            continue
        spectrum = np.fft.rfft(env, n=2 * n)
        ac = np.fft.irfft(spectrum * np.conj(spectrum))[: max_lag + 2]
        if ac[0] <= 1e-12:
            continue
        acs.append(ac / ac[0])
        weights.append(n)
    if not acs:
        return 0.0, 0.0, 0.0
    ac = np.average(np.stack(acs), axis=0, weights=weights)
    lags = np.arange(len(ac), dtype=np.float64)
    bpms = np.zeros_like(lags)
    bpms[1:] = 60.0 * fps / lags[1:]
    prior = np.zeros_like(lags)
    valid = slice(min_lag, max_lag + 1)
    prior[valid] = np.exp(-0.5 * (np.log2(bpms[valid] / _PRIOR_BPM) / _PRIOR_OCTAVES) ** 2)
    score = np.clip(ac, 0.0, None) * prior
    peak = int(np.argmax(score))
    if score[peak] <= 0.0:
        return 0.0, 0.0, 0.0
    lag = float(peak)
    if 1 <= peak < len(ac) - 1:
        a, b, c = ac[peak - 1], ac[peak], ac[peak + 1]
        denom = a - 2 * b + c
        if denom < 0:
            lag += float(np.clip(0.5 * (a - c) / denom, -0.5, 0.5))
    bpm = 60.0 * fps / lag
    clarity = float(np.clip(ac[peak], 0.0, 1.0))
    if len(acs) > 1:
        peaks = [int(np.argmax(np.clip(a, 0, None) * prior)) for a in acs]
        stability = float(np.mean([abs(p - peak) <= 1 for p in peaks]))
    else:
        stability = 1.0
    return float(bpm), clarity, stability


def _key(chroma: np.ndarray, weights: np.ndarray) -> tuple[int, str, float, float]:
    """Key by correlating the energy-weighted mean chroma with the 24 rotated key profiles.

    Returns ``(key_index, mode, strength, major_minor_balance)``; ``(-1, "", 0, 0)`` for a
    signal without pitch content (silence).
    """
    total = float(weights.sum())
    if chroma.size == 0 or total <= 1e-12:
        return -1, "", 0.0, 0.0
    profile = (chroma * weights[None, :]).sum(axis=1) / total
    if float(np.std(profile)) < 1e-9:
        return -1, "", 0.0, 0.0
    scores = np.empty((2, 12))
    for mode_i, base in enumerate((_MAJOR_PROFILE, _MINOR_PROFILE)):
        for tonic in range(12):
            scores[mode_i, tonic] = np.corrcoef(profile, np.roll(base, tonic))[0, 1]
    best_mode, best_tonic = (int(i) for i in np.unravel_index(int(np.argmax(scores)), scores.shape))
    strength = float(np.clip(scores[best_mode, best_tonic], 0.0, 1.0))
    balance = float(scores[0].max() - scores[1].max())
    return best_tonic, ("major", "minor")[best_mode], strength, balance


def _stats(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return x.mean(axis=-1), x.std(axis=-1)


def compute_features(segments: Sequence[np.ndarray], *, sr: int = SAMPLE_RATE) -> TrackFeatures:
    """Compute the feature vector and descriptors of one track.

    Parameters
    ----------
    segments : sequence of ndarray
        Mono float32 excerpt windows at ``sr`` (as returned by :func:`analysis.decode.decode`).
    sr : int
        Their sample rate.

    Returns
    -------
    TrackFeatures
        ``vector`` is float32 of length :data:`FEATURE_DIM`, finite.

    Raises
    ------
    ValueError
        If no audio is given.
    """
    segments = [np.asarray(s, dtype=np.float32) for s in segments if len(s) > 0]
    if not segments:
        raise ValueError("no audio to analyse")
    frames = [_frames(s, sr) for s in segments]
    cat = {
        name: np.concatenate([getattr(f, name) for f in frames], axis=-1)
        for name in _Frames.__slots__
        if name not in ("onset_env", "log_mel")
    }
    seconds = float(sum(len(s) for s in segments)) / sr
    timbre, flatness_db = _timbre(cat)
    rhythm = _rhythm(frames, sr, seconds)
    tonal, (key_index, mode, key_strength) = _tonal(cat)
    dynamics = _dynamics(cat["rms"], cat["zcr"], segments)
    # The layout of FEATURE_GROUPS: timbre and spectral shape, rhythm, tonality, dynamics.
    vector = np.concatenate([*timbre, rhythm.values, *tonal, dynamics.values]).astype(np.float32)
    vector = np.nan_to_num(vector, nan=0.0, posinf=0.0, neginf=0.0)
    if vector.shape[0] != FEATURE_DIM:  # a layout bug, never a data problem
        raise AssertionError(f"feature vector has {vector.shape[0]} values, expected {FEATURE_DIM}")

    rms = cat["rms"]
    centroid_hz = float(np.average(cat["centroid"], weights=rms)) if rms.sum() > 0 else 0.0
    activity = float(np.clip(rhythm.onset_mean / 1.5, 0.0, 1.0))
    acousticness = _acousticness(dynamics.dynamic_range_db, flatness_db, rhythm.clarity)
    return TrackFeatures(
        vector=vector,
        bpm=round(rhythm.bpm, 2),
        key=key_name(key_index, mode),
        key_index=key_index,
        mode=mode,
        key_strength=round(key_strength, 4),
        energy=round(_energy(dynamics.loudness_db, activity), 4),
        brightness=round(_brightness(centroid_hz), 4),
        acousticness=round(acousticness, 4),
        seconds=seconds,
        windows=window_summaries(frames, fps=sr / HOP, sparse=_SPARSE_STEP),
    )


def _timbre(cat: dict[str, np.ndarray]) -> tuple[list[np.ndarray], float]:
    """The timbre and spectral-shape blocks; and the mean spectral flatness in dB."""
    mfcc_mean, mfcc_std = _stats(cat["mfcc"])
    delta_std = cat["mfcc_delta"].std(axis=-1)
    shape = []
    for name in ("centroid", "bandwidth", "rolloff"):
        m, s = _stats(cat[name])
        shape += [m, s]
    flat_db = 10.0 * np.log10(np.maximum(cat["flatness"], 1e-10))
    shape += list(_stats(flat_db))
    contrast_mean, contrast_std = _stats(cat["contrast"])
    parts = [
        mfcc_mean,
        mfcc_std,
        delta_std,
        np.array(shape, dtype=np.float64),
        contrast_mean,
        contrast_std,
    ]
    return parts, float(np.mean(flat_db))


class _Rhythm(NamedTuple):
    values: list[float]  # the rhythm block of the vector
    bpm: float
    clarity: float
    onset_mean: float


def _rhythm(frames: list[_Frames], sr: int, seconds: float) -> _Rhythm:
    """Tempo, pulse clarity and stability, and onset density."""
    bpm, clarity, stability = _tempo([f.onset_env for f in frames], sr)
    onset_env = np.concatenate([f.onset_env for f in frames])
    onset_count = sum(_count_onsets(f.onset_env, sr) for f in frames)
    onset_rate = onset_count / max(seconds, 1e-6)
    values = [
        math.log2(bpm) if bpm > 0 else 0.0,
        clarity,
        onset_rate,
        float(onset_env.mean()),
        float(onset_env.std()),
        stability,
    ]
    return _Rhythm(values, bpm, clarity, float(onset_env.mean()))


def _tonal(cat: dict[str, np.ndarray]) -> tuple[list[Any], tuple[int, str, float]]:
    """Chroma statistics, key strength, major/minor balance and chroma entropy; and the key
    ``(index, mode, strength)``."""
    key_index, mode, key_strength, balance = _key(cat["chroma"], cat["rms"])
    chroma_mean, chroma_std = _stats(cat["chroma"])
    p = chroma_mean / max(float(chroma_mean.sum()), 1e-12)
    chroma_entropy = float(-(p * np.log2(np.maximum(p, 1e-12))).sum()) if p.sum() > 0 else 0.0
    parts = [chroma_mean, chroma_std, [key_strength, balance, chroma_entropy]]
    return parts, (key_index, mode, key_strength)


class _Dynamics(NamedTuple):
    values: list[float]  # the dynamics block of the vector
    loudness_db: float
    dynamic_range_db: float


def _dynamics(rms: np.ndarray, zcr: np.ndarray, segments: list[np.ndarray]) -> _Dynamics:
    """Loudness, its spread, crest factor, low-energy share and zero-crossing rate."""
    rms_db = 20.0 * np.log10(np.maximum(rms, 1e-5))
    loudness_db = 10.0 * math.log10(max(float(np.mean(rms.astype(np.float64) ** 2)), 1e-10))
    p10, p95 = np.percentile(rms_db, [10, 95])
    peak = max(float(max(np.max(np.abs(s)) for s in segments)), 1e-5)
    crest_db = 20.0 * math.log10(peak) - loudness_db
    low_energy = float(np.mean(rms < rms.mean())) if rms.size else 0.0
    zcr_mean, zcr_std = _stats(zcr)
    values = [
        loudness_db,
        float(rms_db.std()),
        float(p10),
        float(p95),
        float(p95 - p10),
        crest_db,
        low_energy,
        float(zcr_mean),
        float(zcr_std),
    ]
    return _Dynamics(values, loudness_db, float(p95 - p10))


def _energy(loudness_db: float, activity: float) -> float:
    """0-1: mostly loudness (RMS dBFS mapped from -50..-8 dB), partly onset activity."""
    loud = float(np.clip((loudness_db + 50.0) / 42.0, 0.0, 1.0))
    return 0.7 * loud + 0.3 * activity if loudness_db > -60.0 else 0.0


def _brightness(centroid_hz: float) -> float:
    """0-1: energy-weighted spectral centroid on a log scale from 400 Hz to 5 kHz."""
    if centroid_hz <= 0:
        return 0.0
    return float(np.clip(math.log2(centroid_hz / 400.0) / math.log2(5000.0 / 400.0), 0.0, 1.0))


def _acousticness(dynamic_range_db: float, flatness_db: float, pulse_clarity: float) -> float:
    """0-1 heuristic: wide dynamics, tonal (not noise-like) spectra and loose pulse read acoustic."""
    dyn = float(np.clip((dynamic_range_db - 6.0) / 24.0, 0.0, 1.0))
    tonal = float(np.clip((-flatness_db - 10.0) / 30.0, 0.0, 1.0))
    loose = 1.0 - float(np.clip(pulse_clarity, 0.0, 1.0))
    return 0.5 * dyn + 0.25 * tonal + 0.25 * loose
