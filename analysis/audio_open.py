"""Opening an audio file with mutagen and reading its stream properties.

:func:`open_audio` picks the container from the file name's extension first (one direct open,
the common case) and falls back to detection by content, so a FLAC named ``.mp3`` still reads.
:func:`stream_properties` turns mutagen's stream info into catalog columns. Split from
:mod:`analysis.tags`, which reads the tags.
"""

from __future__ import annotations

from typing import Any

import mutagen

from analysis.identity import nfc

# -- stream properties ------------------------------------------------------------------------

_FORMAT_NAMES = {
    "MP3": "mp3",
    "EasyMP3": "mp3",
    "FLAC": "flac",
    "OggVorbis": "ogg-vorbis",
    "OggOpus": "ogg-opus",
    "OggSpeex": "ogg-speex",
    "OggFLAC": "ogg-flac",
    "OggTheora": "ogg-theora",
    "MP4": "mp4",
    "EasyMP4": "mp4",
    "WAVE": "wav",
    "AIFF": "aiff",
    "ASF": "asf",
    "MonkeysAudio": "ape",
    "WavPack": "wavpack",
    "Musepack": "musepack",
    "TrueAudio": "tta",
    "EasyTrueAudio": "tta",
    "TAK": "tak",
    "OptimFROG": "optimfrog",
    "DSF": "dsf",
    "DSDIFF": "dff",
    "AAC": "aac",
    "AC3": "ac3",
    "SMF": "midi",
}


def _codec(audio: Any, fmt: str) -> str | None:
    info = audio.info
    for attr in ("codec", "codec_name"):
        value = getattr(info, attr, None)
        if value:
            return nfc(str(value)) or None
    if fmt == "mp3":
        return f"MPEG-{info.version:g} Layer {info.layer}" if hasattr(info, "layer") else "mp3"
    if fmt == "ac3":
        return getattr(info, "codec", None) or "ac3"
    return {
        "ogg-vorbis": "vorbis",
        "ogg-opus": "opus",
        "ogg-speex": "speex",
        "ogg-flac": "flac",
        "flac": "flac",
        "wav": "pcm",
        "aiff": "pcm",
        "ape": "monkeys-audio",
        "wavpack": "wavpack",
        "musepack": "musepack",
        "tta": "tta",
        "tak": "tak",
        "optimfrog": "optimfrog",
        "dsf": "dsd",
        "dff": "dsd",
        "aac": "aac",
    }.get(fmt)


def stream_properties(audio: Any) -> dict[str, Any]:
    """Format, codec, duration, bit rate, sample rate, channels and bit depth of ``audio``."""
    info = audio.info
    fmt = _FORMAT_NAMES.get(type(audio).__name__, type(audio).__name__.lower())

    def number(name: str) -> Any:
        value = getattr(info, name, None)
        if value is None or isinstance(value, bool):
            return None
        try:
            return value if value == value and value >= 0 else None  # drop NaN and negatives
        except TypeError:
            return None

    length = number("length")
    bitrate = number("bitrate")
    return {
        "format": fmt,
        "codec": _codec(audio, fmt),
        "duration": float(length) if length is not None else None,
        "bitrate": int(bitrate) if bitrate else None,
        # Opus always decodes at 48 kHz; mutagen reports no rate for it
        "sample_rate": int(number("sample_rate") or 0) or (48000 if fmt == "ogg-opus" else None),
        "channels": int(number("channels") or 0) or None,
        "bits_per_sample": int(number("bits_per_sample") or 0) or None,
    }


_KIND_BY_EXT: dict[bytes, Any] | None = None


def _kind_for_extension(path: bytes) -> Any:
    global _KIND_BY_EXT
    if _KIND_BY_EXT is None:
        from mutagen.aiff import AIFF
        from mutagen.asf import ASF
        from mutagen.dsdiff import DSDIFF
        from mutagen.dsf import DSF
        from mutagen.flac import FLAC
        from mutagen.monkeysaudio import MonkeysAudio
        from mutagen.mp3 import MP3
        from mutagen.mp4 import MP4
        from mutagen.musepack import Musepack
        from mutagen.oggopus import OggOpus
        from mutagen.oggspeex import OggSpeex
        from mutagen.optimfrog import OptimFROG
        from mutagen.tak import TAK
        from mutagen.trueaudio import TrueAudio
        from mutagen.wave import WAVE
        from mutagen.wavpack import WavPack

        _KIND_BY_EXT = {
            b"mp3": MP3,
            b"flac": FLAC,
            b"m4a": MP4,
            b"m4b": MP4,
            b"m4p": MP4,
            b"mp4": MP4,
            b"opus": OggOpus,
            b"spx": OggSpeex,
            b"wav": WAVE,
            b"aif": AIFF,
            b"aiff": AIFF,
            b"aifc": AIFF,
            b"wma": ASF,
            b"asf": ASF,
            b"ape": MonkeysAudio,
            b"wv": WavPack,
            b"mpc": Musepack,
            b"tta": TrueAudio,
            b"tak": TAK,
            b"ofr": OptimFROG,
            b"ofs": OptimFROG,
            b"dsf": DSF,
            b"dff": DSDIFF,
        }  # .ogg/.oga hold Vorbis, Opus, FLAC or Speex: left to detection
    return _KIND_BY_EXT.get(path.rpartition(b".")[2].lower())


def open_audio(path: bytes) -> Any:
    """``mutagen.File``, then, if the type the extension suggested fails, every other type whose
    content matches, best score first (a FLAC that is really an MP3 still reads).

    Raises
    ------
    ValueError
        When no type reads the file; the message is the reason to show.
    """
    first_error: Exception | None = None
    kind = _kind_for_extension(path)
    if kind is not None:
        # The extension names one container: open it directly. mutagen.File would score every
        # known type first, which costs about as much as reading a small file's tags.
        try:
            return kind(path)
        except Exception:
            pass  # wrong extension or damaged: fall through to detection by content
    try:
        audio = mutagen.File(path)
        if audio is not None:
            return audio
    except Exception as exc:  # the extension's type failed; try the content
        first_error = exc
    audio = _open_by_content(path)
    if audio is not None:
        return audio
    if first_error is not None:
        detail = " ".join(str(first_error).replace(repr(path), "").split()).strip(" :")
        raise ValueError(f"corrupt or not audio: {detail or type(first_error).__name__}")
    raise ValueError("not a recognised audio format (unknown or wrong file type)")


def _open_by_content(path: bytes) -> Any:
    """Every type whose score for the file's first bytes is positive, best first; ``None``
    when none of them opens it."""
    with open(path, "rb") as fh:
        header = fh.read(128)
    with open(path, "rb") as fh:  # scorers get the file from its start
        scored = sorted(
            ((kind.score("", fh, header), kind.__name__, kind) for kind in _all_kinds()),
            key=lambda item: (item[0], item[1]),
            reverse=True,
        )
    for score, _name, kind in scored:
        if score <= 0:
            break
        try:
            return kind(path)
        except Exception:
            continue
    return None


def _all_kinds() -> list[Any]:
    """The types ``mutagen.File`` knows (mutagen/_file.py), in its order."""
    from mutagen.aac import AAC
    from mutagen.ac3 import AC3
    from mutagen.aiff import AIFF
    from mutagen.asf import ASF
    from mutagen.dsdiff import DSDIFF
    from mutagen.dsf import DSF
    from mutagen.flac import FLAC
    from mutagen.monkeysaudio import MonkeysAudio
    from mutagen.mp3 import MP3
    from mutagen.mp4 import MP4
    from mutagen.musepack import Musepack
    from mutagen.oggflac import OggFLAC
    from mutagen.oggopus import OggOpus
    from mutagen.oggspeex import OggSpeex
    from mutagen.oggvorbis import OggVorbis
    from mutagen.optimfrog import OptimFROG
    from mutagen.tak import TAK
    from mutagen.trueaudio import TrueAudio
    from mutagen.wave import WAVE
    from mutagen.wavpack import WavPack

    return [
        MP3,
        TrueAudio,
        OggSpeex,
        OggVorbis,
        OggFLAC,
        FLAC,
        AIFF,
        MP4,
        WavPack,
        Musepack,
        MonkeysAudio,
        OptimFROG,
        ASF,
        OggOpus,
        AAC,
        AC3,
        TAK,
        DSF,
        DSDIFF,
        WAVE,
    ]
