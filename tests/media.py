"""Tiny real audio files for tests, generated on the fly (no binary test files in the repo).

``write_audio(path, ...)`` encodes a short signal in the format the extension names, with the
encoders this machine has (libsndfile for WAV/FLAC/AIFF/Ogg Vorbis, FFmpeg through PyAV for MP3,
AAC and ALAC in MP4, Opus, WMA, WavPack, TTA, MP2, AC-3). ``tag_file`` writes tags with mutagen
in the container's own vocabulary. Tests call these in their tmp dirs; nothing is committed.
"""

from __future__ import annotations

import os
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np

SOUNDFILE_FORMATS = {".wav": "WAV", ".flac": "FLAC", ".aiff": "AIFF", ".aif": "AIFF", ".ogg": "OGG"}
# extension -> (container format, codec, sample format, rate)
PYAV_FORMATS = {
    ".mp3": ("mp3", "libmp3lame", "s16p", 44100),
    ".m4a": ("ipod", "aac", "fltp", 44100),
    ".m4b": ("ipod", "aac", "fltp", 44100),
    ".opus": ("ogg", "libopus", "s16", 48000),
    ".wma": ("asf", "wmav2", "fltp", 44100),
    ".wv": ("wv", "wavpack", "fltp", 44100),
    ".tta": ("tta", "tta", "s16", 44100),
    ".mp2": ("mp2", "mp2", "s16", 44100),
    ".ac3": ("ac3", "ac3", "fltp", 44100),
}
#: Every extension :func:`write_audio` can produce here.
WRITABLE = tuple(SOUNDFILE_FORMATS) + tuple(PYAV_FORMATS)
#: Those whose container carries tags (raw AC-3 has none).
TAGGABLE = tuple(ext for ext in WRITABLE if ext != ".ac3")


def tone(seconds: float, *, sr: int, freq: float = 440.0, amplitude: float = 0.3) -> np.ndarray:
    t = np.arange(int(seconds * sr)) / sr
    return (amplitude * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def write_audio(
    path: str | os.PathLike[str] | bytes,
    *,
    seconds: float = 0.5,
    freq: float = 440.0,
    signal: np.ndarray | None = None,
    sr: int | None = None,
    codec: str | None = None,
) -> Path | bytes:
    """Encode a short mono signal (a sine unless ``signal`` is given) to ``path``."""
    raw = os.fsencode(path)
    ext = os.path.splitext(raw)[1].decode().lower()
    os.makedirs(os.path.dirname(raw) or b".", exist_ok=True)
    if ext in SOUNDFILE_FORMATS and codec is None:
        import soundfile as sf

        rate = sr or 22050
        data = signal if signal is not None else tone(seconds, sr=rate, freq=freq)
        subtype = "VORBIS" if ext == ".ogg" else "PCM_16"
        with open(raw, "wb") as fh:
            sf.write(fh, data, rate, format=SOUNDFILE_FORMATS[ext], subtype=subtype)
        return path if isinstance(path, bytes) else Path(os.fsdecode(path))
    import av

    container_fmt, default_codec, sample_fmt, rate = PYAV_FORMATS.get(
        ext, ("ipod", codec, "s16p", 44100)
    )
    codec = codec or default_codec
    if codec == "alac":
        sample_fmt = "s16p"
    if sr:
        rate = sr
    data = signal if signal is not None else tone(seconds, sr=rate, freq=freq)
    with open(raw, "wb") as fh, av.open(fh, "w", format=container_fmt) as out:
        stream = out.add_stream(codec, rate=rate)
        stream.layout = "mono"
        if codec in ("wmav2", "ac3", "mp2"):
            stream.bit_rate = 64000 if codec != "ac3" else 96000
        stream.time_base = Fraction(1, rate)
        frame_size = stream.codec_context.frame_size or 1024
        pts = 0
        for start in range(0, len(data), frame_size):
            chunk = data[start : start + frame_size]
            if len(chunk) < frame_size and codec in (
                "aac",
                "libopus",
                "wmav2",
                "ac3",
                "mp2",
                "libmp3lame",
            ):
                chunk = np.pad(chunk, (0, frame_size - len(chunk)))
            if sample_fmt.startswith("s16"):
                samples = (np.clip(chunk, -1, 1) * 32767).astype(np.int16).reshape(1, -1)
            else:
                samples = chunk.astype(np.float32).reshape(1, -1)
            frame = av.AudioFrame.from_ndarray(samples, format=sample_fmt, layout="mono")
            frame.sample_rate = rate
            frame.pts = pts
            pts += samples.shape[1]
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return path if isinstance(path, bytes) else Path(os.fsdecode(path))


def tag_file(path: str | os.PathLike[str] | bytes, *, id3_version: int = 4, **tags: Any) -> None:
    """Write tags with mutagen. Keys: title, artist (str or list), album, album_artist, genre
    (str or list), date, track ("3/12"), disc, composer, label, isrc, mb_recording_id,
    mb_release_id, mb_artist_id, rg_track_gain, compilation, fmps_rating, fmps_playcount,
    popm (rating 0-255, count), pcnt, cover (bytes of a JPEG)."""
    import mutagen

    raw = os.fsencode(path)
    audio = mutagen.File(raw)
    if audio is None:
        raise ValueError(f"mutagen cannot open {path!r}")
    if audio.tags is None:
        audio.add_tags()
    from mutagen.apev2 import APEv2
    from mutagen.asf import ASFTags
    from mutagen.id3 import ID3
    from mutagen.mp4 import MP4Tags

    as_list = {k: (v if isinstance(v, list) else [v]) for k, v in tags.items()}
    t = audio.tags
    if isinstance(t, ID3):
        _tag_id3(t, tags, as_list)
        if hasattr(audio, "save"):
            audio.save(v2_version=id3_version) if id3_version != 4 else audio.save()
        return
    if isinstance(t, MP4Tags):
        names = {
            "title": "\xa9nam",
            "artist": "\xa9ART",
            "album": "\xa9alb",
            "album_artist": "aART",
            "genre": "\xa9gen",
            "date": "\xa9day",
            "composer": "\xa9wrt",
        }
        free = {
            "mb_recording_id": "MusicBrainz Track Id",
            "mb_release_id": "MusicBrainz Album Id",
            "mb_artist_id": "MusicBrainz Artist Id",
            "isrc": "ISRC",
            "label": "LABEL",
            "rg_track_gain": "replaygain_track_gain",
            "fmps_rating": "FMPS_Rating",
            "fmps_playcount": "FMPS_Playcount",
        }
        for key, values in as_list.items():
            if key in names:
                t[names[key]] = [str(v) for v in values]
            elif key in free:
                t[f"----:com.apple.iTunes:{free[key]}"] = [str(v).encode() for v in values]
            elif key in ("track", "disc"):
                n, _, total = str(values[0]).partition("/")
                t["trkn" if key == "track" else "disk"] = [(int(n), int(total or 0))]
            elif key == "compilation":
                t["cpil"] = bool(values[0])
            elif key == "cover":
                from mutagen.mp4 import MP4Cover

                t["covr"] = [MP4Cover(values[0], imageformat=MP4Cover.FORMAT_JPEG)]
        audio.save()
        return
    if isinstance(t, ASFTags):
        names = {
            "title": "Title",
            "artist": "Author",
            "album": "WM/AlbumTitle",
            "album_artist": "WM/AlbumArtist",
            "genre": "WM/Genre",
            "date": "WM/Year",
            "track": "WM/TrackNumber",
            "disc": "WM/PartOfSet",
            "composer": "WM/Composer",
            "label": "WM/Publisher",
            "isrc": "WM/ISRC",
            "mb_recording_id": "MusicBrainz/Track Id",
            "mb_release_id": "MusicBrainz/Album Id",
            "mb_artist_id": "MusicBrainz/Artist Id",
            "fmps_rating": "FMPS/Rating",
            "fmps_playcount": "FMPS/Playcount",
        }
        for key, values in as_list.items():
            if key in names:
                t[names[key]] = [str(v) for v in values]
        audio.save()
        return
    vorbis_names = {
        "title": "TITLE",
        "artist": "ARTIST",
        "album": "ALBUM",
        "album_artist": "ALBUMARTIST",
        "genre": "GENRE",
        "date": "DATE",
        "track": "TRACKNUMBER",
        "disc": "DISCNUMBER",
        "composer": "COMPOSER",
        "label": "LABEL",
        "isrc": "ISRC",
        "mb_recording_id": "MUSICBRAINZ_TRACKID",
        "mb_release_id": "MUSICBRAINZ_ALBUMID",
        "mb_artist_id": "MUSICBRAINZ_ARTISTID",
        "rg_track_gain": "REPLAYGAIN_TRACK_GAIN",
        "compilation": "COMPILATION",
        "fmps_rating": "FMPS_RATING",
        "fmps_playcount": "FMPS_PLAYCOUNT",
    }
    if isinstance(t, APEv2):
        vorbis_names.update(album_artist="Album Artist", date="Year", track="Track", disc="Disc")
    for key, values in as_list.items():
        if key == "cover":
            if hasattr(audio, "add_picture") or not isinstance(t, APEv2):
                from mutagen.flac import Picture

                pic = Picture()
                pic.type = 3
                pic.mime = "image/jpeg"
                pic.data = values[0]
                if hasattr(audio, "add_picture"):
                    audio.add_picture(pic)
                else:  # Ogg: a base64 METADATA_BLOCK_PICTURE comment
                    import base64

                    t["METADATA_BLOCK_PICTURE"] = [base64.b64encode(pic.write()).decode()]
            elif isinstance(t, APEv2):
                from mutagen.apev2 import BINARY, APEValue

                t["Cover Art (Front)"] = APEValue(b"cover.jpg\x00" + values[0], BINARY)
            continue
        if key in vorbis_names:
            t[vorbis_names[key]] = (
                [str(v) for v in values]
                if not isinstance(t, APEv2)
                else "\x00".join(str(v) for v in values)
            )
    audio.save()


def _tag_id3(t: Any, tags: dict[str, Any], as_list: dict[str, list[Any]]) -> None:
    from mutagen import id3

    text = {
        "title": id3.TIT2,
        "artist": id3.TPE1,
        "album": id3.TALB,
        "album_artist": id3.TPE2,
        "genre": id3.TCON,
        "date": id3.TDRC,
        "track": id3.TRCK,
        "disc": id3.TPOS,
        "composer": id3.TCOM,
        "label": id3.TPUB,
        "isrc": id3.TSRC,
        "compilation": id3.TCMP,
    }
    txxx = {
        "mb_release_id": "MusicBrainz Album Id",
        "mb_artist_id": "MusicBrainz Artist Id",
        "rg_track_gain": "REPLAYGAIN_TRACK_GAIN",
        "fmps_rating": "FMPS_Rating",
        "fmps_playcount": "FMPS_Playcount",
    }
    for key, values in as_list.items():
        if key in text:
            t.add(text[key](encoding=3, text=[str(v) for v in values]))
        elif key in txxx:
            t.add(id3.TXXX(encoding=3, desc=txxx[key], text=[str(v) for v in values]))
        elif key == "mb_recording_id":
            t.add(id3.UFID(owner="http://musicbrainz.org", data=str(values[0]).encode()))
        elif key == "popm":
            rating, count = tags["popm"]
            t.add(id3.POPM(email="no@email", rating=rating, count=count))
        elif key == "pcnt":
            t.add(id3.PCNT(count=int(values[0])))
        elif key == "cover":
            t.add(id3.APIC(encoding=3, mime="image/jpeg", type=3, desc="", data=values[0]))


#: A minimal valid JPEG (1x1 pixel) for cover-art tests.
TINY_JPEG = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000ffdb004300080606070605080707070909080a0c140d0c0b0b0c"
    "1912130f141d1a1f1e1d1a1c1c20242e2720222c231c1c2837292c30313434341f27393d38323c2e333432ffc0"
    "000b080001000101011100ffc4001f0000010501010101010100000000000000000102030405060708090a0bff"
    "c400b5100002010303020403050504040000017d01020300041105122131410613516107227114328191a10823"
    "42b1c11552d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a5354555657"
    "58595a636465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aa"
    "b2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8"
    "f9faffda0008010100003f00fbd3ffd9"
)
