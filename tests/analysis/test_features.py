"""Known answers for the feature extractor (synthetic signals whose answer is known)."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.features import (
    FEATURE_DIM,
    FEATURE_GROUPS,
    FEATURE_VERSION,
    compute_features,
    feature_names,
    key_name,
)
from tests.analysis import signals as S


@pytest.mark.parametrize("bpm", [90, 120, 150])
def test_click_track_tempo_within_two_bpm(bpm):
    # Three windows, as the decoder delivers them for a long track.
    feats = compute_features([S.click_track(bpm, 20.0)] * 3)
    assert abs(feats.bpm - bpm) <= 2.0, feats.bpm


def test_tempo_of_a_single_short_window():
    feats = compute_features([S.click_track(120, 12.0)])
    assert abs(feats.bpm - 120) <= 2.0


@pytest.mark.parametrize(
    ("make", "key", "mode"),
    [(S.c_major_progression, "C major", "major"), (S.a_minor_progression, "A minor", "minor")],
)
def test_chord_progressions_give_their_key(make, key, mode):
    feats = compute_features([make()])
    assert feats.key == key
    assert feats.mode == mode
    assert feats.key_strength > 0.5


def test_transposed_progression_moves_the_key():
    # D major I-IV-V-I: the same shape two semitones up.
    y = S.progression([("D", "maj"), ("G", "maj"), ("A", "maj"), ("D", "maj")])
    assert compute_features([y]).key == "D major"


def test_loud_copy_has_more_energy_than_quiet_copy(rng):
    y = S.rhythmic(rng, 15.0)
    loud = compute_features([y])
    quiet = compute_features([y * 0.1])
    assert loud.energy > quiet.energy
    names = feature_names()
    i = names.index("loudness_db")
    # A tenth of the amplitude is 20 dB quieter.
    assert loud.vector[i] - quiet.vector[i] == pytest.approx(20.0, abs=0.5)
    assert 0.0 <= quiet.energy <= 1.0 and 0.0 <= loud.energy <= 1.0


def test_brightness_orders_bright_and_dark_noise(rng):
    bright = compute_features([S.noise(rng, 8.0)])
    dark = compute_features([S.noise(rng, 8.0, colour=2.0)])
    assert bright.brightness > dark.brightness + 0.3


def test_vector_layout_is_stable():
    names = feature_names()
    assert len(names) == FEATURE_DIM == len(set(names))
    covered = sorted(i for sl in FEATURE_GROUPS.values() for i in range(sl.start, sl.stop))
    assert covered == list(range(FEATURE_DIM))
    assert set(FEATURE_GROUPS) == {"timbre", "spectral_shape", "rhythm", "tonality", "dynamics"}
    assert isinstance(FEATURE_VERSION, int) and FEATURE_VERSION >= 1


def test_vector_is_finite_float32_for_every_kind_of_signal(rng):
    for y in (
        S.noise(rng, 3.0),
        S.sines(rng, 3.0),
        S.rhythmic(rng, 3.0),
        np.zeros(22_050, np.float32),
        np.full(3000, 0.5, np.float32),
    ):
        feats = compute_features([y])
        assert feats.vector.dtype == np.float32
        assert feats.vector.shape == (FEATURE_DIM,)
        assert np.isfinite(feats.vector).all()
        for value in (feats.energy, feats.brightness, feats.acousticness, feats.key_strength):
            assert 0.0 <= value <= 1.0


def test_silence_has_no_key_and_no_energy():
    feats = compute_features([np.zeros(22_050 * 3, np.float32)])
    assert feats.key == "" and feats.key_index == -1
    assert feats.energy == 0.0
    assert feats.bpm == 0.0


def test_very_short_audio_is_padded_not_rejected():
    feats = compute_features([np.sin(np.arange(500) / 3.0).astype(np.float32)])
    assert np.isfinite(feats.vector).all()


def test_no_audio_is_an_error():
    with pytest.raises(ValueError):
        compute_features([np.zeros(0, np.float32)])


def test_key_names():
    assert key_name(9, "minor") == "A minor"
    assert key_name(0, "major") == "C major"
    assert key_name(-1, "") == ""


@pytest.mark.parametrize("seconds", [0.05, 1.0, 3.0, 20.0])
def test_stft_magnitude_matches_librosa(seconds, rng):
    # The hand-written STFT (blocked batches of frames) against librosa's, on lengths that give
    # fewer than one block of frames, a partial last block and many blocks.
    import librosa

    from analysis import features as F

    y = (0.3 * rng.standard_normal(int(seconds * 22_050))).astype(np.float32)
    y = np.pad(y, (0, max(0, F.N_FFT - len(y))))
    ours = F._stft_magnitude(y)
    ref = np.abs(
        librosa.stft(y, n_fft=F.N_FFT, hop_length=F.HOP, window="hann", pad_mode="constant")
    )
    assert ours.shape == ref.shape
    np.testing.assert_allclose(ours, ref, rtol=1e-3, atol=1e-3 * float(ref.max()))
