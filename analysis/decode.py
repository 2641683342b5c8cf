"""Decode a bounded excerpt of an audio file to mono float32 at one fixed sample rate.

PyAV (FFmpeg's decoders in-process) reads nearly every format the scanner catalogs: MP3, Ogg
Vorbis and Opus, FLAC, AAC and ALAC in MP4, WMA, Monkey's Audio, WavPack, AIFF, WAV, DSD...
soundfile (libsndfile) is the fallback, because FFmpeg rejects a few real Vorbis files that
libsndfile reads (docs/analysis.md, "Decoding"). Resampling and down-mixing happen in the decoder library
(libswresample, or soxr after soundfile), never in Python loops.

Work per track is bounded: tracks longer than :data:`WHOLE_TRACK_BELOW` seconds are read as
:data:`WINDOWS` windows spread over the track (centred at 20 %, 50 % and 80 % of it) adding up to
``excerpt_seconds``, by seeking rather than decoding everything before them; shorter tracks are
read whole.
"""

from __future__ import annotations

import itertools
import os
import re
from dataclasses import dataclass, field

import numpy as np

from analysis.errors import DeepCutsError

SAMPLE_RATE = 22_050
#: Seconds of audio analysed per track (split over the windows).
EXCERPT_SECONDS = 60.0
WINDOWS = 3
#: Tracks up to this long are decoded whole.
WHOLE_TRACK_BELOW = 75.0
#: Less decoded audio than this is a failure, not a description.
MIN_SECONDS = 0.1
# When the duration is unknown, only the start is read.
_WINDOW_CENTRES = (0.2, 0.5, 0.8)


class DecodeError(DeepCutsError):
    """A file could not be decoded; the message is the reason, one line."""


@dataclass
class DecodedAudio:
    """Excerpt windows of one file, mono float32 at ``sample_rate``."""

    segments: list[np.ndarray]
    sample_rate: int
    duration: float | None  # of the whole file, when known
    decoder: str  # "pyav" or "soundfile"
    notes: list[str] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        """Seconds of audio decoded (the sum over the windows)."""
        return sum(len(s) for s in self.segments) / float(self.sample_rate)


def excerpt_windows(
    duration: float | None,
    *,
    excerpt_seconds: float = EXCERPT_SECONDS,
    windows: int = WINDOWS,
    whole_below: float = WHOLE_TRACK_BELOW,
) -> list[tuple[float, float | None]]:
    """Where to read: a list of ``(start_seconds, length_seconds or None for "to the end")``.

    Parameters
    ----------
    duration : float or None
        Length of the track in seconds; ``None`` or 0 when unknown (then the first
        ``excerpt_seconds`` are read).
    excerpt_seconds : float
        Total audio to read from a long track.
    windows : int
        Number of windows for a long track, centred evenly between 20 % and 80 % of it.
    whole_below : float
        Tracks at most this long are read whole.
    """
    if not duration or duration <= 0 or not np.isfinite(duration):
        return [(0.0, excerpt_seconds)]
    if duration <= max(whole_below, excerpt_seconds):
        return [(0.0, None)]
    length = excerpt_seconds / windows
    if windows == len(_WINDOW_CENTRES):
        centres = list(_WINDOW_CENTRES)
    else:
        centres = list(np.linspace(0.2, 0.8, windows)) if windows > 1 else [0.5]
    out: list[tuple[float, float | None]] = []
    for c in centres:
        start = min(max(0.0, c * duration - length / 2), max(0.0, duration - length))
        out.append((float(start), float(length)))
    return out


def decode(
    path: str | bytes | os.PathLike,
    *,
    sample_rate: int = SAMPLE_RATE,
    excerpt_seconds: float = EXCERPT_SECONDS,
    windows: int = WINDOWS,
    duration_hint: float | None = None,
) -> DecodedAudio:
    """Decode the excerpt windows of one file: PyAV first, soundfile as the fallback.

    Parameters
    ----------
    path : str, bytes or path-like
        The file; bytes are used as the exact file-system name (a catalog ``path_raw``).
    sample_rate : int
        Output rate in Hz.
    excerpt_seconds, windows : float, int
        See :func:`excerpt_windows`.
    duration_hint : float, optional
        Duration from the tags, used when the container does not state one.

    Returns
    -------
    DecodedAudio

    Raises
    ------
    DecodeError
        With the reason of each decoder, when neither produced at least :data:`MIN_SECONDS`.
    """
    raw = os.fsencode(path)
    if not os.path.exists(raw):
        raise DecodeError("file not found")
    if os.path.isdir(raw):
        raise DecodeError("is a folder, not a file")
    reasons = []
    try:
        return _decode_pyav(raw, sample_rate, excerpt_seconds, windows, duration_hint)
    except DecodeError as exc:
        reasons.append(f"FFmpeg: {exc}")
    except Exception as exc:  # any decoder failure is a reason, not a crash
        reasons.append(f"FFmpeg: {_one_line(exc)}")
    try:
        return _decode_soundfile(raw, sample_rate, excerpt_seconds, windows)
    except DecodeError as exc:
        reasons.append(f"libsndfile: {exc}")
    except Exception as exc:
        reasons.append(f"libsndfile: {_one_line(exc)}")
    raise DecodeError("cannot decode audio (" + "; ".join(reasons) + ")")


def _one_line(exc: BaseException) -> str:
    """The library's reason without the file name, error number or call it came from."""
    text = str(exc).strip().splitlines()
    msg = text[0] if text else type(exc).__name__
    msg = re.sub(r"^\[Errno -?\d+\]\s*", "", msg)  # PyAV: "[Errno 1094995529] Invalid data..."
    msg = re.sub(r":\s*'[^']*'$", "", msg)  # PyAV: "...: 'avcodec_send_packet()'" or the file
    msg = re.sub(r"^Error opening .*?:\s*", "", msg)  # soundfile: "Error opening <file>: ..."
    msg = msg.replace("Error : ", "").strip()
    return (msg or type(exc).__name__)[:300]


# -- PyAV -------------------------------------------------------------------------------------


def _open_av(raw: bytes):
    import av

    try:
        name = raw.decode("utf-8")
    except UnicodeDecodeError:
        # Not valid UTF-8: FFmpeg takes a C string, but PyAV encodes str as UTF-8, so hand it
        # a Python file object instead (slower I/O, same result).
        fh = open(raw, "rb")  # noqa: SIM115 - closed with the container
        container = av.open(fh, mode="r", metadata_errors="ignore")
        return container, fh
    return av.open(name, mode="r", metadata_errors="ignore"), None


class _AvFile:
    """An open container and, for a path that is not UTF-8, the Python file object behind it."""

    def __init__(self, raw: bytes) -> None:
        self.raw = raw
        self.container, self.fh = _open_av(raw)

    @property
    def stream(self):
        return self.container.streams.audio[0]

    def reopen(self) -> None:
        """Start again from the beginning (a stream that cannot seek is read through)."""
        self.close()
        self.container, self.fh = _open_av(self.raw)

    def close(self) -> None:
        self.container.close()
        if self.fh is not None:
            self.fh.close()


def _decode_pyav(
    raw: bytes, sr: int, excerpt_seconds: float, windows: int, duration_hint: float | None
) -> DecodedAudio:
    av_file = _AvFile(raw)
    try:
        if not av_file.container.streams.audio:
            raise DecodeError("no audio stream")
        duration = _stated_duration(av_file.container, av_file.stream) or duration_hint
        plan = excerpt_windows(duration, excerpt_seconds=excerpt_seconds, windows=windows)
        if av_file.fh is None:  # the filter graph takes a file name only
            segments = _try_graph(raw.decode("utf-8"), av_file.stream.index, plan, sr, duration)
            if segments is not None:
                return DecodedAudio(segments, sr, duration, "pyav", [])
        notes: list[str] = []
        segments = _packet_windows(av_file, plan, sr, notes)
        total = sum(len(s) for s in segments) / sr
        if total < MIN_SECONDS and plan[0][0] > 0:
            # Seeking on a file with a wrong stated duration can land past the end: read the
            # start instead of failing.
            av_file.reopen()
            seg = _read_window(av_file.container, av_file.stream, sr, 0.0, excerpt_seconds)
            segments = [seg] if len(seg) else []
            notes.append("windows were empty: read the start")
            total = sum(len(s) for s in segments) / sr
        if total < MIN_SECONDS:
            raise DecodeError(_too_short(total))
        return DecodedAudio(segments, sr, duration, "pyav", notes)
    finally:
        av_file.close()


def _stated_duration(container, stream) -> float | None:
    """The duration the stream (else the container) states, when it is positive."""
    import av

    duration = None
    if stream.duration is not None and stream.time_base is not None:
        duration = float(stream.duration * stream.time_base)
    elif container.duration is not None:
        duration = container.duration / av.time_base
    return duration if duration and duration > 0 else None


def _try_graph(
    name: str,
    stream_index: int,
    plan: list[tuple[float, float | None]],
    sr: int,
    duration: float | None,
) -> list[np.ndarray] | None:
    """The windows through the filter graph, or None when it failed or came back short (the
    packet-by-packet path then decides)."""
    try:
        segments = _graph_windows(name, stream_index, plan, sr)
    except Exception:  # any surprise: the packet-by-packet path decides
        return None
    if sum(len(s) for s in segments) >= max(MIN_SECONDS * sr, _expected(plan, sr, duration) * 0.9):
        return segments
    return None


def _packet_windows(
    av_file: _AvFile, plan: list[tuple[float, float | None]], sr: int, notes: list[str]
) -> list[np.ndarray]:
    """Every window of ``plan`` decoded packet by packet, seeking when the stream allows."""
    segments = []
    seekable = True
    for start, length in plan:
        if start > 0 and seekable:
            seekable = _seek(av_file.container, start)
            if not seekable:
                notes.append("not seekable: decoded from the start")
        if start > 0 and not seekable:
            av_file.reopen()
        seg = _read_window(av_file.container, av_file.stream, sr, start, length)
        if len(seg):
            segments.append(seg)
    return segments


def _seek(container, start: float) -> bool:
    """Seek to the key frame before ``start``; False when the stream cannot seek."""
    import av

    try:
        container.seek(int(start * av.time_base), backward=True, any_frame=False)
    except Exception:  # some streams cannot seek: read through
        return False
    return True


def _expected(plan: list[tuple[float, float | None]], sr: int, duration: float | None) -> float:
    """Samples the plan asks for; a window "to the end" counts up to the stated duration."""
    total = 0.0
    for start, length in plan:
        if length is None:
            length = max(0.0, duration - start) if duration else 0.0
        total += length
    return total * sr


# The FFmpeg filter graph that decodes one window without Python in the loop: ``amovie``
# demuxes and decodes (seeking first), ``atrim`` keeps the window by timestamp, ``aresample``
# down-mixes and resamples, and ``asetnsamples`` hands back a few large frames. Per-packet
# decoding through PyAV costs a Python round trip per ~1,000-sample Vorbis packet plus a resampler
# call; this path needs about 30 % less CPU for the same samples (docs/analysis.md).
_GRAPH_FRAME = 131_072
_SEEK_MARGIN = 1.0


def _graph_windows(
    name: str, stream_index: int, plan: list[tuple[float, float | None]], sr: int
) -> list[np.ndarray]:
    """Decode every window of ``plan`` through an FFmpeg filter graph; raises on any failure."""
    import av

    segments = []
    for start, length in plan:
        graph = av.filter.Graph()
        movie = {"filename": name, "stream_index": str(stream_index)}
        if start > _SEEK_MARGIN:
            # Seek a little before the window: some demuxers (MP3) land after the point asked
            # for, and atrim cuts the window by timestamp anyway.
            movie["seek_point"] = f"{start - _SEEK_MARGIN:.6f}"
        chain = [graph.add("amovie", **movie)]
        if start > 0 or length is not None:
            trim = {"start": f"{start:.6f}"} if start > 0 else {}
            if length is not None:
                trim["duration"] = f"{length:.6f}"
            chain.append(graph.add("atrim", **trim))
        chain.append(graph.add("aresample", out_sample_rate=str(sr), **_SWR_OPTIONS))
        chain.append(graph.add("aformat", sample_fmts="flt", channel_layouts="mono"))
        chain.append(graph.add("asetnsamples", n=str(_GRAPH_FRAME), p="0"))
        sink = graph.add("abuffersink")
        chain.append(sink)
        for a, b in itertools.pairwise(chain):
            a.link_to(b)
        graph.configure()
        chunks = []
        while True:
            try:
                frame = sink.pull()
            except av.EOFError:
                break
            if not isinstance(frame, av.AudioFrame):  # an audio sink gives audio frames
                raise TypeError(f"unexpected {type(frame).__name__} from the filter graph")
            chunks.append(frame.to_ndarray().reshape(-1))
        if chunks:
            seg = np.concatenate(chunks).astype(np.float32, copy=False)
            if length is not None:
                seg = seg[: round(length * sr)]
            segments.append(seg)
    return segments


# Output frames of this many samples: fewer, larger frames cut the per-frame Python overhead
# (Vorbis decodes in ~3,000 small frames per minute).
_FRAME_SIZE = 8192


# A shorter interpolation filter than libswresample's default (32 taps, 1,024 phases): about a
# fifth less decoding CPU; the output differs from the default by less than 0.02 of full scale,
# near Nyquist, which the features (up to 11 kHz, 93 ms frames) do not resolve.
_SWR_OPTIONS = {"filter_size": "16", "phase_shift": "8"}


def _resampler(sr: int):
    import av

    try:
        return av.AudioResampler(
            format="flt",
            layout="mono",
            rate=sr,
            frame_size=_FRAME_SIZE,
            options={"osr": str(sr), **_SWR_OPTIONS},
        )
    except TypeError:  # PyAV before 14 takes no options
        return av.AudioResampler(format="flt", layout="mono", rate=sr, frame_size=_FRAME_SIZE)


def _read_window(container, stream, sr: int, start: float, length: float | None) -> np.ndarray:
    """Decode from the current position, keep ``[start, start + length)`` resampled to mono."""
    reader = _WindowReader(sr, start, length)
    packets = container.demux(stream)
    while (frames := reader.decode_next(packets)) is not None:
        if reader.feed(frames):
            break
    else:
        reader.flush()
    return reader.samples()


class _WindowReader:
    """The state of one window being decoded: what was kept, what to drop, errors met."""

    def __init__(self, sr: int, start: float, length: float | None) -> None:
        self.sr = sr
        self.start = start
        self.resampler = _resampler(sr)
        self.need = None if length is None else round(length * sr)
        self.chunks: list[np.ndarray] = []
        self.got = 0
        self.errors = 0
        self.to_drop: int | None = None  # samples before ``start`` in the first frame kept

    def decode_next(self, packets) -> list | None:
        """The frames of the next packet that decodes; None at the end of the stream or after
        too many errors."""
        import av

        while True:
            try:
                packet = next(packets)
            except StopIteration:
                return None
            except av.FFmpegError:
                self.errors += 1
                if self.errors > 20:
                    return None
                continue
            try:
                return packet.decode()
            except av.FFmpegError:
                # A damaged packet: skip it as players do, but give up on a stream of them.
                self.errors += 1
                if self.errors > 20 or (self.got == 0 and self.errors > 5):
                    return None

    def feed(self, frames) -> bool:
        """Resample and keep the frames inside the window; True once the window is full."""
        for frame in frames:
            if self._before_start(frame):
                continue
            try:
                out = self.resampler.resample(frame)
            except ValueError:
                # The stream changed rate or channels mid-way (chained Ogg, broken MP3): keep
                # what was read with the first parameters.
                return True
            if self._take(out):
                return True
        return False

    def flush(self) -> None:
        """Keep what the resampler still holds (the stream ended before the window did)."""
        import av

        try:
            self._take(self.resampler.resample(None))
        except av.FFmpegError:
            pass

    def samples(self) -> np.ndarray:
        if not self.chunks:
            if self.errors:
                raise DecodeError("every packet failed to decode (damaged or unsupported stream)")
            return np.zeros(0, np.float32)
        return np.concatenate(self.chunks).astype(np.float32, copy=False)

    def _before_start(self, frame) -> bool:
        """True for pre-roll after a seek; the first frame kept sets how much to drop."""
        t = frame.time
        if self.start > 0 and t is not None:
            if t + frame.samples / float(frame.sample_rate or self.sr) <= self.start:
                return True
            if self.to_drop is None:
                self.to_drop = max(0, round((self.start - t) * self.sr))
        if self.to_drop is None:
            self.to_drop = 0
        return False

    def _take(self, frames) -> bool:
        need = self.need
        for rf in frames:
            data = rf.to_ndarray().reshape(-1)
            if self.to_drop:
                k = min(self.to_drop, len(data))
                data = data[k:]
                self.to_drop -= k
            if need is not None and self.got + len(data) > need:
                data = data[: need - self.got]
            if len(data):
                self.chunks.append(data)
                self.got += len(data)
            if need is not None and self.got >= need:
                return True
        return False


# -- soundfile --------------------------------------------------------------------------------


def _decode_soundfile(raw: bytes, sr: int, excerpt_seconds: float, windows: int) -> DecodedAudio:
    import soundfile as sf
    import soxr

    with open(raw, "rb") as fh:
        try:
            snd = sf.SoundFile(fh)
        except sf.LibsndfileError as exc:
            raise DecodeError(_one_line(exc)) from exc
        except RuntimeError as exc:
            raise DecodeError(_one_line(exc)) from exc
        with snd:
            native = snd.samplerate
            duration = snd.frames / native if snd.frames > 0 else None
            plan = excerpt_windows(duration, excerpt_seconds=excerpt_seconds, windows=windows)
            segments = []
            for start, length in plan:
                if start > 0:
                    if not snd.seekable():
                        raise DecodeError("cannot seek")
                    snd.seek(int(start * native))
                frames = -1 if length is None else int(length * native)
                data = snd.read(frames, dtype="float32", always_2d=True)
                if data.size == 0:
                    continue
                mono = data.mean(axis=1) if data.shape[1] > 1 else data[:, 0]
                if native != sr:
                    mono = soxr.resample(mono, native, sr, quality="HQ")
                segments.append(np.ascontiguousarray(mono, dtype=np.float32))
    total = sum(len(s) for s in segments) / sr
    if total < MIN_SECONDS:
        raise DecodeError(_too_short(total))
    return DecodedAudio(segments, sr, duration, "soundfile")


def _too_short(seconds: float) -> str:
    if seconds <= 0:
        return "no audio decoded"
    return f"only {seconds:.2f} s of audio (too short to describe)"
