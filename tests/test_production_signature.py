"""Known answers for the production signature of ``benchmarks/bench_embedding_variants.py``
(tried for issue 13, not shipped): tones, clicks, silence, a low-pass cutoff, stereo width,
determinism."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import bench_embedding_variants as bev

SR = 44_100


def _band_centres() -> np.ndarray:
    edges = bev.band_edges()
    return np.sqrt(edges[:-1] * edges[1:])


def _stereo(left: np.ndarray, right: np.ndarray | None = None) -> list[np.ndarray]:
    right = left if right is None else right
    return [np.stack([left, right]).astype(np.float32)]


def _noise(seconds: float = 4.0, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal(int(seconds * SR)).astype(np.float32) * 0.1


def test_a_tone_peaks_in_its_band():
    t = np.arange(4 * SR) / SR
    sig = bev.signature(_stereo(0.5 * np.sin(2 * np.pi * 1000.0 * t)), SR)
    centres = _band_centres()
    assert len(sig["ltas"]) == len(centres)
    peak = centres[int(np.argmax(sig["ltas"]))]
    assert 1000.0 / 2 ** (1 / 12) < peak < 1000.0 * 2 ** (1 / 12)


def test_mono_has_no_side_and_opposite_channels_no_mid():
    noise = _noise()
    # Bands narrower than an FFT bin (below ~100 Hz) hold no bin and read 0 dB everywhere.
    filled = _band_centres() > 150.0
    mono = bev.signature(_stereo(noise), SR)
    assert mono["side"][filled].max() < -100.0  # side/mid in dB: no side at all
    wide = bev.signature(_stereo(noise, _noise(seed=1)), SR)
    assert np.all(np.abs(wide["side"][filled]) < 3.0)  # independent channels: side ~ mid


def test_the_cutoff_of_low_passed_noise():
    from scipy.signal import butter, sosfilt

    sos = butter(12, 16_000.0, fs=SR, output="sos")
    sig = bev.signature(_stereo(sosfilt(sos, _noise()).astype(np.float32)), SR)
    assert 15_500.0 < sig["cutoff"][0] < 19_000.0
    full = bev.signature(_stereo(_noise()), SR)
    assert full["cutoff"][0] > 21_000.0


def test_clicks_have_a_high_crest_factor_and_silence_stays_finite():
    clicks = np.zeros(4 * SR, np.float32)
    clicks[:: SR // 2] = 0.9
    crest_clicks = bev.signature(_stereo(clicks), SR)["dynamics"][0]
    crest_noise = bev.signature(_stereo(_noise()), SR)["dynamics"][0]
    assert crest_clicks > crest_noise + 20.0
    silent = bev.signature(_stereo(np.zeros(4 * SR, np.float32)), SR)
    for values in silent.values():
        assert np.all(np.isfinite(values))


def test_deterministic_and_rank_standardised():
    a = bev.signature(_stereo(_noise()), SR)
    b = bev.signature(_stereo(_noise()), SR)
    for key in bev.GROUPS:
        np.testing.assert_array_equal(a[key], b[key])
    rng = np.random.default_rng(3)
    sig = {g: rng.standard_normal((20, 4)) for g in bev.GROUPS}
    v = bev.prod_vector(sig, np.arange(20))
    assert v.shape == (20, 20)
    assert np.sqrt((v**2).sum(1).mean()) == pytest.approx(1.0)
