"""Synthetic test signals with known answers, and writers for every format we can encode.

All signals are float32 mono at ``SR`` unless said otherwise; random ones take a seeded
``numpy.random.Generator`` so every run sees the same audio.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

SR = 22_050

# Pitch classes (C = 0) and note helpers.
_NOTE = {
    "C": 0,
    "C#": 1,
    "D": 2,
    "Eb": 3,
    "E": 4,
    "F": 5,
    "F#": 6,
    "G": 7,
    "Ab": 8,
    "A": 9,
    "Bb": 10,
    "B": 11,
}


def midi_hz(note: int) -> float:
    return 440.0 * 2.0 ** ((note - 69) / 12.0)


def click_track(
    bpm: float, seconds: float = 20.0, *, sr: int = SR, amplitude: float = 0.8
) -> np.ndarray:
    """Short decaying 1.5 kHz clicks every beat: the tempo is ``bpm`` exactly."""
    y = np.zeros(int(seconds * sr), np.float32)
    n = int(0.03 * sr)
    t = np.arange(n) / sr
    click = (np.sin(2 * np.pi * 1500 * t) * np.exp(-t / 0.005)).astype(np.float32) * amplitude
    period = 60.0 / bpm
    k = 0
    while True:
        start = round(k * period * sr)
        if start + n >= len(y):
            break
        y[start : start + n] += click
        k += 1
    return y


def tone(
    freqs: list[float], seconds: float, *, sr: int = SR, harmonics: int = 4, amplitude: float = 0.2
) -> np.ndarray:
    """A sum of harmonic tones (1/h amplitude per harmonic) with a short fade in and out."""
    t = np.arange(int(seconds * sr)) / sr
    y = np.zeros_like(t)
    for f in freqs:
        for h in range(1, harmonics + 1):
            if f * h < sr / 2:
                y += np.sin(2 * np.pi * f * h * t) / h
    fade = min(len(t) // 10, int(0.02 * sr))
    if fade:
        ramp = np.linspace(0, 1, fade)
        y[:fade] *= ramp
        y[-fade:] *= ramp[::-1]
    return (amplitude * y / max(len(freqs), 1)).astype(np.float32)


def chord(root: str, quality: str, *, octave: int = 4) -> list[int]:
    """MIDI notes of a triad with the bass note an octave lower (``"maj"`` or ``"min"``)."""
    base = 12 * (octave + 1) + _NOTE[root]
    third = 4 if quality == "maj" else 3
    return [base - 12, base, base + third, base + 7]


def progression(
    chords: list[tuple[str, str]], *, seconds_per_chord: float = 2.0, repeats: int = 3, sr: int = SR
) -> np.ndarray:
    """Chords played one after the other, ``repeats`` times."""
    parts = []
    for _ in range(repeats):
        for root, quality in chords:
            parts.append(tone([midi_hz(n) for n in chord(root, quality)], seconds_per_chord, sr=sr))
    return np.concatenate(parts)


def c_major_progression(**kw) -> np.ndarray:
    """I - IV - V - I in C major (C, F, G, C)."""
    return progression([("C", "maj"), ("F", "maj"), ("G", "maj"), ("C", "maj")], **kw)


def a_minor_progression(**kw) -> np.ndarray:
    """i - iv - V - i in A minor (Am, Dm, E, Am): the G# of E major marks the minor key."""
    return progression([("A", "min"), ("D", "min"), ("E", "maj"), ("A", "min")], **kw)


def noise(
    rng: np.random.Generator,
    seconds: float = 10.0,
    *,
    sr: int = SR,
    amplitude: float = 0.3,
    colour: float = 0.0,
) -> np.ndarray:
    """Gaussian noise; ``colour`` > 0 tilts the spectrum down (1 = pink-ish, 2 = brown-ish)."""
    n = int(seconds * sr)
    white = rng.standard_normal(n)
    if colour:
        spec = np.fft.rfft(white)
        f = np.fft.rfftfreq(n, 1 / sr)
        f[0] = f[1]
        spec /= f ** (colour / 2)
        white = np.fft.irfft(spec, n)
    white /= np.max(np.abs(white)) + 1e-9
    return (amplitude * white).astype(np.float32)


def sines(rng: np.random.Generator, seconds: float = 10.0, *, sr: int = SR) -> np.ndarray:
    """A slowly gliding pair of pure tones: steady, tonal, no onsets."""
    t = np.arange(int(seconds * sr)) / sr
    f1 = rng.uniform(200, 500)
    f2 = f1 * rng.uniform(1.2, 1.6)
    glide = 1 + 0.02 * np.sin(2 * np.pi * t / seconds)
    y = 0.25 * np.sin(2 * np.pi * f1 * glide * t) + 0.15 * np.sin(2 * np.pi * f2 * t)
    return y.astype(np.float32)


def rhythmic(rng: np.random.Generator, seconds: float = 10.0, *, sr: int = SR) -> np.ndarray:
    """A drum pattern: a low thump on every beat and noise hi-hats on the off-beats."""
    bpm = rng.uniform(100, 140)
    y = np.zeros(int(seconds * sr), np.float32)
    period = 60.0 / bpm
    n = int(0.12 * sr)
    t = np.arange(n) / sr
    kick = np.sin(2 * np.pi * 60 * t * (1 + 2 * np.exp(-t / 0.02))) * np.exp(-t / 0.05)
    hat = rng.standard_normal(n) * np.exp(-t / 0.01) * 0.3
    k = 0
    while True:
        start = int(k * period * sr)
        if start + n >= len(y):
            break
        y[start : start + n] += 0.8 * kick
        off = start + int(period * sr / 2)
        if off + n < len(y):
            y[off : off + n] += hat
        k += 1
    return y.astype(np.float32)


def timed_tones(seconds_each: float, freqs: list[float], *, sr: int = 44_100) -> np.ndarray:
    """Pure tones one after another: the frequency at time t says where t is (seek tests)."""
    parts = [0.3 * np.sin(2 * np.pi * f * np.arange(int(seconds_each * sr)) / sr) for f in freqs]
    return np.concatenate(parts).astype(np.float32)


def dominant_hz(y: np.ndarray, sr: int = SR) -> float:
    """Frequency of the strongest FFT bin."""
    spec = np.abs(np.fft.rfft(y * np.hanning(len(y))))
    return float(np.fft.rfftfreq(len(y), 1 / sr)[int(np.argmax(spec))])


# -- writing ----------------------------------------------------------------------------------

#: Formats written with libsndfile: label -> (extension, format, subtype).
SOUNDFILE_FORMATS = {
    "wav": ("wav", "WAV", "PCM_16"),
    "flac": ("flac", "FLAC", "PCM_16"),
    "ogg": ("ogg", "OGG", "VORBIS"),
    "aiff": ("aiff", "AIFF", "PCM_16"),
}
#: Formats written with PyAV: label -> (extension, container, codec, frame size or 0).
PYAV_FORMATS = {
    "mp3": ("mp3", "mp3", "libmp3lame", 1152),
    "m4a": ("m4a", "ipod", "aac", 1024),
    "alac": ("m4a", "ipod", "alac", 4096),
    "opus": ("opus", "ogg", "libopus", 960),
    "wma": ("wma", "asf", "wmav2", 2048),
    "wv": ("wv", "wv", "wavpack", 0),
}
ALL_FORMATS = tuple(SOUNDFILE_FORMATS) + tuple(PYAV_FORMATS)


def extension(label: str) -> str:
    """File extension of a format label (``"alac"`` -> ``"m4a"``)."""
    return (SOUNDFILE_FORMATS.get(label) or PYAV_FORMATS[label])[0]


def write_audio(
    path: Path | bytes,
    y: np.ndarray,
    sr: int = SR,
    *,
    channels: int = 1,
    fmt: str | None = None,
) -> Path | bytes:
    """Write ``y`` (mono) to ``path``; ``fmt`` is a label of :data:`ALL_FORMATS`, by default the
    one named by the extension. ``channels=2`` duplicates the signal into stereo."""
    import os

    label = fmt or os.fsdecode(path).rsplit(".", 1)[-1].lower()
    data = np.asarray(y, dtype=np.float32)
    if channels == 2:
        data = np.stack([data, data], axis=1)
    if label in SOUNDFILE_FORMATS:
        import soundfile as sf

        _, sf_format, subtype = SOUNDFILE_FORMATS[label]
        with (
            open(path, "wb") as fh,
            sf.SoundFile(
                fh, "w", samplerate=sr, channels=channels, format=sf_format, subtype=subtype
            ) as out,
        ):
            # In blocks: libsndfile's Vorbis encoder crashes on one large write (~1M frames).
            for start in range(0, len(data), 65_536):
                out.write(data[start : start + 65_536])
        return path
    if label in PYAV_FORMATS:
        _, container_fmt, codec, frame_size = PYAV_FORMATS[label]
        _write_pyav(path, data, sr, container_fmt, codec, frame_size, channels=channels)
        return path
    raise ValueError(f"cannot write {label}")


def _write_pyav(
    path,
    data: np.ndarray,
    sr: int,
    container_fmt: str,
    codec: str,
    frame_size: int,
    *,
    channels: int,
) -> None:
    import av

    out_rate = 48_000 if codec == "libopus" else sr
    if out_rate != sr:
        import soxr

        data = soxr.resample(data, sr, out_rate).astype(np.float32)
    layout = "stereo" if channels == 2 else "mono"
    with open(path, "wb") as fh:
        container = av.open(fh, mode="w", format=container_fmt)
        stream = container.add_stream(codec, rate=out_rate, layout=layout)
        if codec == "wmav2":
            stream.bit_rate = 128_000  # the WMA encoder will not open without one
        planar = data.T if data.ndim == 2 else data[None, :]
        fixed = frame_size > 0
        frame_size = frame_size or 4096
        fmt = (
            stream.codec_context.codec.audio_formats[0].name
            if stream.codec_context.codec.audio_formats
            else "fltp"
        )
        for start in range(0, planar.shape[1], frame_size):
            chunk = np.ascontiguousarray(planar[:, start : start + frame_size])
            if chunk.shape[1] < frame_size and fixed:
                chunk = np.pad(chunk, ((0, 0), (0, frame_size - chunk.shape[1])))
            frame = av.AudioFrame.from_ndarray(chunk, format="fltp", layout=layout)
            frame.sample_rate = out_rate
            frame.pts = start
            if fmt != "fltp":
                frame = av.AudioResampler(format=fmt, layout=layout, rate=out_rate).resample(frame)[
                    0
                ]
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
        container.close()


def library(
    catalog, folder: Path, tracks: dict[str, np.ndarray], *, sr: int = SR, now: float = 1000.0
) -> dict[str, int]:
    """Write each ``name -> signal`` into ``folder`` and catalog it; returns name -> track id.

    Names carry the extension (``"noise-1.ogg"``); size and mtime come from the written file
    so the analyser's up-to-date check sees real values.
    """
    import os

    folder.mkdir(parents=True, exist_ok=True)
    records = []
    for i, (name, y) in enumerate(tracks.items()):
        path = folder / name
        write_audio(path, y, sr)
        st = os.stat(path)
        records.append(
            {
                "path": path,
                "size": st.st_size,
                "mtime_ns": st.st_mtime_ns,
                "title": name.rsplit(".", 1)[0],
                "artist": "Test Signals",
                "duration": len(y) / sr,
                "added_at": now + i,
            }
        )
    ids = catalog.insert_tracks(records, now=now)
    return dict(zip(tracks, ids))
