"""Known answers for the per-window summaries the learned embedding reads (analysis/windows.py)."""

from __future__ import annotations

import numpy as np
import pytest

from analysis import windows as W
from analysis.features import compute_features
from tests.analysis import signals as S


def part(row: np.ndarray, name: str) -> np.ndarray:
    return row[W.WINDOW_PARTS[name]]


def test_layout_is_consistent():
    assert W.WINDOW_DIM == len(W.WINDOW_NAMES) == len(set(W.WINDOW_NAMES)) == 130
    covered = sorted(i for sl in W.WINDOW_PARTS.values() for i in range(sl.start, sl.stop))
    assert covered == list(range(W.WINDOW_DIM))


def test_three_20s_windows_give_twelve_segments_within_8_kb():
    feats = compute_features([S.tone([440.0], 20.0)] * 3)
    assert feats.windows is not None
    assert feats.windows.shape == (12, W.WINDOW_DIM)
    assert feats.windows.dtype == np.float32
    blob = W.encode(feats.windows)
    assert len(blob) == 12 * W.WINDOW_DIM * 2 <= 8192
    back = W.decode(blob)
    assert back is not None
    np.testing.assert_allclose(back, feats.windows, rtol=2e-3, atol=2e-2)


def test_long_audio_is_capped_and_short_audio_gives_one_segment():
    long = compute_features([S.tone([220.0], 100.0)])
    assert long.windows is not None and len(long.windows) == W.MAX_SEGMENTS
    assert len(W.encode(long.windows)) <= 8192
    short = compute_features([S.tone([220.0], 2.0)])
    assert short.windows is not None and short.windows.shape == (1, W.WINDOW_DIM)


def test_silence_sits_at_the_floor_with_no_activity():
    feats = compute_features([np.zeros(22_050 * 10, np.float32)])
    assert feats.windows is not None
    for row in feats.windows:
        np.testing.assert_allclose(part(row, "mel_mean"), -100.0, atol=1e-3)
        np.testing.assert_allclose(part(row, "mel_std"), 0.0, atol=1e-3)
        np.testing.assert_allclose(part(row, "mel_flux"), 0.0, atol=1e-3)
        np.testing.assert_allclose(part(row, "rhythm"), 0.0, atol=1e-6)
        np.testing.assert_allclose(part(row, "onset"), 0.0, atol=1e-6)
        assert part(row, "dynamics")[0] == pytest.approx(-100.0, abs=0.01)  # 1e-5 RMS floor


@pytest.mark.parametrize(("hz", "pitch_class"), [(440.0, 9), (261.63, 0), (392.0, 7)])
def test_a_tone_shows_its_pitch_class_and_band(hz, pitch_class):
    feats = compute_features([S.tone([hz], 10.0, harmonics=1)])
    assert feats.windows is not None
    row = feats.windows[0]
    assert int(np.argmax(part(row, "chroma"))) == pitch_class
    # The loudest mel band pair is the one containing the tone.
    from analysis.features import _hz_to_mel, _mel_to_hz

    edges = _mel_to_hz(np.linspace(0, _hz_to_mel(np.array([11_025.0]))[0], 66))
    band = int(np.searchsorted(edges, hz)) - 1
    assert abs(int(np.argmax(part(row, "mel_mean"))) - band // 2) <= 1
    # A steady tone: level barely moves, no onsets after the fade-in.
    assert part(row, "dynamics")[1] < 3.0
    assert part(row, "dynamics")[0] == pytest.approx(20 * np.log10(0.2 / np.sqrt(2)), abs=1.0)


def _band_of(bpm: float) -> int:
    edges = np.geomspace(240.0, 40.0, W.N_TEMPO_BANDS + 1)
    return int(np.flatnonzero((edges[:-1] >= bpm) & (edges[1:] < bpm))[0])


@pytest.mark.parametrize("bpm", [60.0, 120.0])
def test_clicks_show_their_tempo_band_and_onsets(bpm):
    clicks = compute_features([S.click_track(bpm, 20.0)])
    tone = compute_features([S.tone([440.0], 20.0)])
    assert clicks.windows is not None and tone.windows is not None
    for row in clicks.windows:
        rhythm = part(row, "rhythm")
        # The beat period autocorrelates strongly (less than 1: the (n - lag) / n bias of a 5 s
        # segment, and a period between two whole frame lags), and so does twice the period;
        # a period one and a half times as fast does not.
        assert rhythm[_band_of(bpm)] > 0.5
        halves = {_band_of(bpm)} | ({_band_of(bpm / 2)} if bpm / 2 > 40 else set())
        assert int(np.argmax(rhythm)) in halves
        assert rhythm[_band_of(bpm * 1.5)] < 0.3
        assert part(row, "onset")[0] > 3 * part(tone.windows[0], "onset")[0]


def test_decode_rejects_a_wrong_size():
    assert W.decode(None) is None
    assert W.decode(b"") is None
    assert W.decode(b"\x00" * 6) is None
