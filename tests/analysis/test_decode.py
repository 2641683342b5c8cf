"""Decoding: every format we can write round-trips; long files are read as seeking windows;
bad files give one-line reasons."""

from __future__ import annotations

import os

import numpy as np
import pytest

from analysis import decode as decode_mod
from analysis.decode import DecodeError, decode, excerpt_windows
from tests.analysis import signals as S


@pytest.mark.parametrize("fmt", S.ALL_FORMATS)
def test_every_writable_format_decodes_to_mono_22050(tmp_path, fmt):
    # wav, flac, ogg, aiff (libsndfile); mp3, AAC and ALAC in m4a, opus, wma, wv (PyAV).
    y = S.tone([440.0], 3.0, sr=44_100, harmonics=1)
    path = tmp_path / f"tone-3s-{fmt}.{S.extension(fmt)}"
    S.write_audio(path, y, 44_100, channels=2, fmt=fmt)
    audio = decode(path)
    assert audio.sample_rate == 22_050
    assert audio.decoder == "pyav"
    assert len(audio.segments) == 1  # short track: read whole
    seg = audio.segments[0]
    assert seg.dtype == np.float32 and seg.ndim == 1
    assert audio.seconds == pytest.approx(3.0, abs=0.1)
    assert S.dominant_hz(seg) == pytest.approx(440.0, abs=3.0)


def test_excerpt_windows_plan():
    assert excerpt_windows(None) == [(0.0, 60.0)]
    assert excerpt_windows(50.0) == [(0.0, None)]  # short: whole
    plan = excerpt_windows(300.0)
    assert len(plan) == 3
    assert sum(length for _, length in plan) == pytest.approx(60.0)
    starts = [s for s, _ in plan]
    assert starts == sorted(starts)
    assert starts[0] == pytest.approx(0.2 * 300 - 10) and starts[1] == pytest.approx(140.0)
    for start, length in plan:
        assert start >= 0 and start + length <= 300.0


@pytest.mark.parametrize("ext", ["flac", "ogg", "mp3"])
def test_long_file_is_read_as_three_windows_at_the_right_places(tmp_path, ext):
    # 100 s made of ten 10 s tones: the tone heard in a window says where the decoder seeked.
    freqs = [300.0 + 100.0 * i for i in range(10)]
    y = S.timed_tones(10.0, freqs, sr=22_050)
    path = S.write_audio(tmp_path / f"timed-100s.{ext}", y, 22_050)
    audio = decode(path, excerpt_seconds=6.0)
    assert len(audio.segments) == 3
    assert audio.duration == pytest.approx(100.0, abs=0.5)
    for seg, centre in zip(audio.segments, (20.0, 50.0, 80.0)):
        assert len(seg) == pytest.approx(2.0 * 22_050, abs=50)
        expected = freqs[int(centre // 10)]
        # The window spans centre-1 .. centre+1 s; 20, 50, 80 s sit on tone boundaries, so
        # the window holds the tone before and after the boundary.
        got = S.dominant_hz(seg)
        assert min(abs(got - expected), abs(got - freqs[int(centre // 10) - 1])) < 5.0, got


def test_window_inside_one_tone_has_exactly_that_tone(tmp_path):
    freqs = [300.0 + 100.0 * i for i in range(7)]
    y = S.timed_tones(100.0 / 7, freqs, sr=22_050)  # 100 s; windows fall inside tones 1, 3, 5
    path = S.write_audio(tmp_path / "timed.flac", y, 22_050)
    audio = decode(path, excerpt_seconds=6.0)
    got = [S.dominant_hz(seg) for seg in audio.segments]
    assert got == pytest.approx([freqs[1], freqs[3], freqs[5]], abs=3.0)


def test_soundfile_fallback_when_ffmpeg_fails(tmp_path, monkeypatch):
    path = S.write_audio(tmp_path / "tone.flac", S.tone([330.0], 2.0), 22_050)

    def broken(*args, **kwargs):
        raise DecodeError("Invalid data found when processing input")

    monkeypatch.setattr(decode_mod, "_decode_pyav", broken)
    audio = decode(path)
    assert audio.decoder == "soundfile"
    assert audio.seconds == pytest.approx(2.0, abs=0.05)
    assert S.dominant_hz(audio.segments[0]) == pytest.approx(330.0, abs=3.0)


def test_soundfile_fallback_resamples_long_files_in_windows(tmp_path, monkeypatch):
    freqs = [300.0 + 100.0 * i for i in range(7)]
    y = S.timed_tones(100.0 / 7, freqs, sr=44_100)
    path = S.write_audio(tmp_path / "timed.wav", y, 44_100)
    monkeypatch.setattr(decode_mod, "_decode_pyav", lambda *a, **k: 1 / 0)
    audio = decode(path, excerpt_seconds=6.0)
    assert audio.decoder == "soundfile" and len(audio.segments) == 3
    got = [S.dominant_hz(seg) for seg in audio.segments]
    assert got == pytest.approx([freqs[1], freqs[3], freqs[5]], abs=3.0)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("empty.mp3", b""),
        ("garbage.flac", bytes(range(256)) * 40),
        ("notes.ogg", b"this is a text file, not audio\n" * 20),
    ],
)
def test_bad_files_give_a_one_line_reason(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DecodeError) as info:
        decode(path)
    message = str(info.value)
    assert message.startswith("cannot decode audio (")
    assert "\n" not in message and str(tmp_path) not in message


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(DecodeError, match="file not found"):
        decode(tmp_path / "nope.ogg")
    with pytest.raises(DecodeError, match="folder"):
        decode(tmp_path)


def test_truncated_file_still_decodes_what_is_there(tmp_path):
    path = S.write_audio(tmp_path / "full.flac", S.tone([440.0], 5.0), 22_050)
    data = path.read_bytes()
    cut = tmp_path / "truncated.flac"
    cut.write_bytes(data[: len(data) // 2])
    audio = decode(cut)
    assert 1.0 < audio.seconds < 5.0


def test_undecodable_file_name_bytes(tmp_path):
    raw = os.path.join(os.fsencode(tmp_path), b"caf\xe9-latin1.ogg")  # not valid UTF-8
    S.write_audio(raw, S.tone([440.0], 2.0), 22_050)
    audio = decode(raw)
    assert audio.decoder == "pyav" and audio.seconds == pytest.approx(2.0, abs=0.05)


def test_too_short_is_reported(tmp_path):
    path = S.write_audio(tmp_path / "blip.wav", np.ones(500, np.float32) * 0.1, 22_050)
    with pytest.raises(DecodeError, match="too short"):
        decode(path)


def _packet_path_forbidden(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the packet-by-packet path was used")

    monkeypatch.setattr(decode_mod, "_read_window", refuse)


@pytest.mark.parametrize("fmt", S.ALL_FORMATS)
def test_filter_graph_path_decodes_every_format_like_the_packet_path(tmp_path, fmt):
    y = S.tone([440.0], 3.0, sr=44_100, harmonics=1)
    path = S.write_audio(tmp_path / f"tone.{S.extension(fmt)}", y, 44_100, channels=2, fmt=fmt)
    reference = decode(path)  # whichever path; compared below with the graph alone
    got = decode_mod._graph_windows(str(path), 0, [(0.0, None)], 22_050)
    assert len(got) == 1 and got[0].dtype == np.float32
    assert len(got[0]) == pytest.approx(len(reference.segments[0]), abs=0.01 * 22_050)
    assert S.dominant_hz(got[0]) == pytest.approx(440.0, abs=3.0)


@pytest.mark.parametrize("ext", ["flac", "ogg", "mp3"])
def test_long_files_take_the_filter_graph_path(tmp_path, monkeypatch, ext):
    freqs = [300.0 + 100.0 * i for i in range(7)]
    y = S.timed_tones(100.0 / 7, freqs, sr=22_050)
    path = S.write_audio(tmp_path / f"timed.{ext}", y, 22_050)
    _packet_path_forbidden(monkeypatch)
    audio = decode(path, excerpt_seconds=6.0)
    assert audio.decoder == "pyav"
    assert [len(s) for s in audio.segments] == [2 * 22_050] * 3
    got = [S.dominant_hz(seg) for seg in audio.segments]
    assert got == pytest.approx([freqs[1], freqs[3], freqs[5]], abs=3.0)


def test_filter_graph_takes_file_names_with_filter_syntax(tmp_path, monkeypatch):
    # ':' ',' ';' '[' and quotes separate or quote filter options when written as text.
    path = S.write_audio(tmp_path / "a:b,c;d[e]'f\" g=h\\.flac", S.tone([440.0], 2.0), 22_050)
    _packet_path_forbidden(monkeypatch)
    audio = decode(path)
    assert audio.seconds == pytest.approx(2.0, abs=0.05)


def test_packet_path_takes_over_when_the_filter_graph_fails(tmp_path, monkeypatch):
    freqs = [300.0 + 100.0 * i for i in range(7)]
    path = S.write_audio(tmp_path / "timed.ogg", S.timed_tones(100.0 / 7, freqs, sr=22_050), 22_050)

    def broken(*args, **kwargs):
        raise RuntimeError("filter graph failed")

    monkeypatch.setattr(decode_mod, "_graph_windows", broken)
    audio = decode(path, excerpt_seconds=6.0)
    assert audio.decoder == "pyav" and len(audio.segments) == 3
    got = [S.dominant_hz(seg) for seg in audio.segments]
    assert got == pytest.approx([freqs[1], freqs[3], freqs[5]], abs=3.0)
