"""Reading one audio file: stream properties and normalised tags, for every format mutagen knows.

Tag readers sit behind a small registry keyed by the kind of tag container mutagen returns
(ID3, Vorbis comments, APEv2, MP4 atoms, ASF attributes), so that formats sharing a container
(FLAC, Ogg Vorbis, Opus and Speex all carry Vorbis comments; WAV, AIFF and DSF carry ID3) share one
reader (CONVENTIONS.md item 8). MP3 files may carry APEv2 beside or instead of ID3; both are read
and ID3 wins where both have a value.

Everything here is robust by contract: :func:`read_audio_file` never raises for a bad file; it
returns a record with ``error`` set to a one-line reason.
"""

from __future__ import annotations

import hashlib
import os
import re
import struct
from collections.abc import Callable, Iterable
from typing import Any

import mutagen
from mutagen.apev2 import APEv2, APEv2File
from mutagen.asf import ASFTags
from mutagen.id3 import ID3
from mutagen.mp4 import MP4Tags

from analysis.identity import identity_key, nfc, normalize_mbid

#: File extensions treated as audio (lower case, without the dot). Anything else is ignored.
AUDIO_EXTENSIONS = frozenset(
    [
        "mp3",
        "mp2",
        "mpga",
        "flac",
        "ogg",
        "oga",
        "ogx",
        "opus",
        "spx",
        "m4a",
        "m4b",
        "m4p",
        "mp4",
        "3gp",
        "3g2",
        "aac",
        "adts",
        "wav",
        "wave",
        "aif",
        "aiff",
        "aifc",
        "wma",
        "asf",
        "ape",
        "wv",
        "mpc",
        "mp+",
        "mpp",
        "tta",
        "tak",
        "ofr",
        "ofs",
        "dsf",
        "dff",
        "ac3",
        "eac3",
    ]
)

#: Longest text kept per tag value; longer values are cut (a tag is not a place for a book).
MAX_TAG_CHARS = 2000

#: Bytes of audio data hashed to recognise a moved file (taken from the middle of the file).
SAMPLE_BYTES = 4 * 1024

_NUMBER = re.compile(r"\s*(\d+)\s*(?:/\s*(\d+))?")
_YEAR = re.compile(r"(\d{4})")


def is_audio_name(name: bytes | str) -> bool:
    """True when a file name has an audio extension."""
    if isinstance(name, bytes):
        dot = name.rfind(b".")
        if dot < 0:
            return False
        ext = name[dot + 1 :].decode("ascii", errors="ignore").lower()
    else:
        ext = name.rpartition(".")[2].lower() if "." in name else ""
    return ext in AUDIO_EXTENSIONS


# -- value cleaning ---------------------------------------------------------------------------


def clean_text(value: Any) -> str | None:
    """One tag value as clean NFC text, or ``None`` when empty.

    Bytes are decoded as UTF-8, else cp1252, else Latin-1 (never fails). Latin-1 text that is
    really UTF-8 read the wrong way ("BeyoncÃ©") is repaired.
    """
    if value is None:
        return None
    if isinstance(value, bytes):
        for encoding in ("utf-8", "cp1252", "latin-1"):
            try:
                value = value.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    text = str(value)
    text = _repair_mojibake(text)
    text = nfc(text)
    if len(text) > MAX_TAG_CHARS:
        text = text[:MAX_TAG_CHARS]
    return text or None


_HIGH_LATIN1 = re.compile("[\x80-\xff]")


def _repair_mojibake(text: str) -> str:
    if not _HIGH_LATIN1.search(text):
        return text
    try:
        fixed = text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text
    return fixed


def clean_list(values: Iterable[Any]) -> list[str]:
    """Every non-empty value, cleaned, in order, without repeats."""
    out: list[str] = []
    for value in values:
        text = clean_text(value)
        if text and text not in out:
            out.append(text)
    return out


def parse_number_pair(value: Any) -> tuple[int | None, int | None]:
    """``"3/12"`` -> ``(3, 12)``; ``"03"`` -> ``(3, None)``; junk -> ``(None, None)``."""
    if value is None:
        return None, None
    if isinstance(value, tuple):
        n = value[0] if len(value) > 0 else None
        t = value[1] if len(value) > 1 else None
        return (int(n) or None) if n else None, (int(t) or None) if t else None
    match = _NUMBER.match(str(value))
    if not match:
        return None, None
    number = int(match.group(1)) if match.group(1) else None
    total = int(match.group(2)) if match.group(2) else None
    return (
        number if number and number < 100000 else None,
        total if total and total < 100000 else None,
    )


def parse_int(value: Any) -> int | None:
    try:
        return int(str(value).strip().split("/")[0])
    except (TypeError, ValueError):
        return None


def parse_year(value: Any) -> int | None:
    if value is None:
        return None
    match = _YEAR.search(str(value))
    if not match:
        return None
    year = int(match.group(1))
    return year if 1000 <= year <= 2999 else None


def parse_gain(value: Any) -> float | None:
    """``"-6.54 dB"`` -> ``-6.54``."""
    if value is None:
        return None
    text = str(value).strip().lower().replace("db", "").strip()
    try:
        number = float(text)
    except ValueError:
        return None
    return number if -100.0 < number < 100.0 else None


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in {"1", "true", "yes"}


def parse_fraction(value: Any) -> float | None:
    """FMPS-style 0.0-1.0 rating, clamped."""
    try:
        number = float(str(value).strip())
    except (TypeError, ValueError):
        return None
    if number != number:  # NaN
        return None
    return min(1.0, max(0.0, number))


# -- tag readers ------------------------------------------------------------------------------

Tags = dict[str, Any]


def _first(values: list[str]) -> str | None:
    return values[0] if values else None


def _apply_common(out: Tags, index: dict[str, list[Any]], keys: dict[str, str]) -> None:
    """Fill raw fields from a container index (key -> values) using a field -> key map."""
    for field, key in keys.items():
        values = index.get(key)
        if values:
            cleaned = clean_list(values)
            if cleaned:
                out[field] = cleaned


def _apply_fallbacks(
    out: Tags, index: dict[str, list[Any]], fallbacks: dict[str, tuple[str, ...]]
) -> None:
    for field, keys in fallbacks.items():
        if field in out:
            continue
        for key in keys:
            values = clean_list(index.get(key) or [])
            if values:
                out[field] = values
                break


def _finish(raw: dict[str, list[str]]) -> Tags:
    """Turn the per-container raw value lists into catalog columns."""
    out: Tags = {}
    artists = raw.get("artists") or raw.get("artist") or []
    out["artist"] = (
        _first(raw.get("artist", []))
        if len(raw.get("artist", [])) == 1
        else ("; ".join(raw["artist"]) if raw.get("artist") else None)
    )
    out["artists"] = list(dict.fromkeys(artists))  # values are clean already; drop repeats
    for field in ("title", "album", "album_artist", "composer", "label", "isrc"):
        values = raw.get(field, [])
        out[field] = (
            "; ".join(values) if field in ("composer",) and len(values) > 1 else _first(values)
        )
    genres = list(dict.fromkeys(raw.get("genre", [])))
    out["genres"] = genres
    out["genre"] = genres[0] if genres else None
    date = _first(raw.get("date", []))
    out["date"] = date
    out["year"] = parse_year(date)
    original = _first(raw.get("original_date", [])) or _first(raw.get("original_year", []))
    out["original_year"] = parse_year(original)
    number, total = parse_number_pair(_first(raw.get("track", [])))
    out["track_number"] = number
    out["track_total"] = total or parse_int(_first(raw.get("track_total", [])))
    number, total = parse_number_pair(_first(raw.get("disc", [])))
    out["disc_number"] = number
    out["disc_total"] = total or parse_int(_first(raw.get("disc_total", [])))
    out["mb_recording_id"] = normalize_mbid(_first(raw.get("mb_recording_id", [])))
    out["mb_track_id"] = normalize_mbid(_first(raw.get("mb_track_id", [])))
    out["mb_release_id"] = normalize_mbid(_first(raw.get("mb_release_id", [])))
    ids: list[str] = []
    for value in raw.get("mb_artist_ids", []):
        for part in re.split(r"[;/\s]+", value):
            mbid = normalize_mbid(part)
            if mbid and mbid not in ids:
                ids.append(mbid)
    out["mb_artist_ids"] = ids
    if out["isrc"]:
        out["isrc"] = out["isrc"].replace("-", "").replace(" ", "").upper()[:12] or None
    for field in ("rg_track_gain", "rg_album_gain"):
        out[field] = parse_gain(_first(raw.get(field, [])))
    for field in ("rg_track_peak", "rg_album_peak"):
        out[field] = parse_fraction_peak(_first(raw.get(field, [])))
    out["compilation"] = parse_bool(_first(raw.get("compilation", [])) or "")
    if raw.get("tag_rating"):
        out["tag_rating"] = parse_fraction(raw["tag_rating"][0])
    if raw.get("tag_play_count"):
        out["tag_play_count"] = parse_int(raw["tag_play_count"][0])
    return out


def parse_fraction_peak(value: Any) -> float | None:
    try:
        number = float(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0.0 <= number < 100.0 else None


# Vorbis comments (FLAC, Ogg Vorbis/Opus/Speex/FLAC) and APEv2 share the key vocabulary, upper case.
_VORBIS_KEYS = {
    "title": "TITLE",
    "artist": "ARTIST",
    "artists": "ARTISTS",
    "album": "ALBUM",
    "album_artist": "ALBUMARTIST",
    "genre": "GENRE",
    "date": "DATE",
    "original_date": "ORIGINALDATE",
    "original_year": "ORIGINALYEAR",
    "track": "TRACKNUMBER",
    "track_total": "TRACKTOTAL",
    "disc": "DISCNUMBER",
    "disc_total": "DISCTOTAL",
    "composer": "COMPOSER",
    "label": "LABEL",
    "isrc": "ISRC",
    "mb_recording_id": "MUSICBRAINZ_TRACKID",
    "mb_track_id": "MUSICBRAINZ_RELEASETRACKID",
    "mb_release_id": "MUSICBRAINZ_ALBUMID",
    "mb_artist_ids": "MUSICBRAINZ_ARTISTID",
    "rg_track_gain": "REPLAYGAIN_TRACK_GAIN",
    "rg_track_peak": "REPLAYGAIN_TRACK_PEAK",
    "rg_album_gain": "REPLAYGAIN_ALBUM_GAIN",
    "rg_album_peak": "REPLAYGAIN_ALBUM_PEAK",
    "compilation": "COMPILATION",
    "tag_rating": "FMPS_RATING",
    "tag_play_count": "FMPS_PLAYCOUNT",
}
_VORBIS_FALLBACKS: dict[str, tuple[str, ...]] = {
    "album_artist": ("ALBUM ARTIST", "ALBUM_ARTIST"),
    "track_total": ("TOTALTRACKS",),
    "disc_total": ("TOTALDISCS",),
    "label": ("ORGANIZATION", "PUBLISHER"),
    "date": ("YEAR",),
}


def read_vorbis(tags: Any, audio: Any) -> tuple[Tags, bool]:
    index: dict[str, list[str]] = {}
    for key, value in tags:  # VComment is a list of (key, value) pairs; keep every value
        index.setdefault(key.upper(), []).append(value)
    raw: dict[str, list[str]] = {}
    _apply_common(raw, index, _VORBIS_KEYS)
    _apply_fallbacks(raw, index, _VORBIS_FALLBACKS)
    has_cover = bool(getattr(audio, "pictures", None)) or bool(
        index.get("METADATA_BLOCK_PICTURE") or index.get("COVERART")
    )
    return _finish(raw), has_cover


_APE_KEYS = dict(_VORBIS_KEYS, album_artist="ALBUM ARTIST", date="YEAR", track="TRACK", disc="DISC")
_APE_FALLBACKS: dict[str, tuple[str, ...]] = {
    "album_artist": ("ALBUMARTIST",),
    "label": ("PUBLISHER",),
    "date": ("DATE",),
    "track_total": ("TOTALTRACKS",),
}


def read_ape(tags: Any, audio: Any) -> tuple[Tags, bool]:
    index: dict[str, list[str]] = {}
    has_cover = False
    for key, value in tags.items():
        upper = key.upper()
        kind = getattr(value, "kind", 0)
        if upper.startswith("COVER ART"):
            has_cover = True
            continue
        if kind != 0:  # binary or external: not text
            continue
        try:
            index.setdefault(upper, []).extend(list(value))
        except Exception:
            continue
    raw: dict[str, list[str]] = {}
    _apply_common(raw, index, _APE_KEYS)
    _apply_fallbacks(raw, index, _APE_FALLBACKS)
    return _finish(raw), has_cover


_ID3_TEXT = {
    "title": "TIT2",
    "artist": "TPE1",
    "album": "TALB",
    "album_artist": "TPE2",
    "composer": "TCOM",
    "label": "TPUB",
    "isrc": "TSRC",
    "track": "TRCK",
    "disc": "TPOS",
    "compilation": "TCMP",
}
_ID3_TXXX = {
    "artists": "ARTISTS",
    "mb_track_id": "MUSICBRAINZ RELEASE TRACK ID",
    "mb_release_id": "MUSICBRAINZ ALBUM ID",
    "mb_artist_ids": "MUSICBRAINZ ARTIST ID",
    "rg_track_gain": "REPLAYGAIN_TRACK_GAIN",
    "rg_track_peak": "REPLAYGAIN_TRACK_PEAK",
    "rg_album_gain": "REPLAYGAIN_ALBUM_GAIN",
    "rg_album_peak": "REPLAYGAIN_ALBUM_PEAK",
    "tag_rating": "FMPS_RATING",
    "tag_play_count": "FMPS_PLAYCOUNT",
    "original_year": "ORIGINALYEAR",
    "label_txxx": "LABEL",
}


def read_id3(tags: ID3, audio: Any) -> tuple[Tags, bool]:
    raw: dict[str, list[str]] = {}
    for field, frame_id in _ID3_TEXT.items():
        frame = tags.get(frame_id)
        if frame is not None:
            values = clean_list(getattr(frame, "text", []))
            if values:
                raw[field] = values
    tcon = tags.get("TCON")
    if tcon is not None:
        try:
            raw["genre"] = clean_list(tcon.genres)
        except Exception:
            raw["genre"] = clean_list(getattr(tcon, "text", []))
    for field, frame_id in (("date", "TDRC"), ("original_date", "TDOR")):
        frame = tags.get(frame_id)
        if frame is not None:
            raw[field] = clean_list(str(t) for t in frame.text)
    if "date" not in raw and tags.get("TYER") is not None:
        raw["date"] = clean_list(tags["TYER"].text)
    txxx: dict[str, list[str]] = {}
    ufid_recording = None
    rating: float | None = None
    popm_count: int | None = None
    pcnt: int | None = None
    has_cover = False
    for frame in tags.values():
        frame_id = frame.FrameID
        if frame_id == "TXXX":
            txxx.setdefault(str(frame.desc).upper(), []).extend(clean_list(frame.text))
        elif frame_id == "UFID" and frame.owner == "http://musicbrainz.org":
            ufid_recording = clean_text(frame.data)
        elif frame_id in ("APIC", "PIC"):
            has_cover = True
        elif frame_id == "POPM":
            if rating is None and getattr(frame, "rating", None) is not None:
                rating = frame.rating / 255.0
            count = getattr(frame, "count", None)
            if count is not None:
                popm_count = max(popm_count or 0, int(count))
        elif frame_id == "PCNT":
            pcnt = max(pcnt or 0, int(getattr(frame, "count", 0) or 0))
    for field, desc in _ID3_TXXX.items():
        if txxx.get(desc):
            raw[field] = txxx[desc]
    if "label_txxx" in raw:
        raw.setdefault("label", raw.pop("label_txxx"))
    if "compilation" not in raw and txxx.get("COMPILATION"):
        raw["compilation"] = txxx["COMPILATION"]
    if ufid_recording:
        raw["mb_recording_id"] = [ufid_recording]
    elif txxx.get("MUSICBRAINZ TRACK ID"):
        raw["mb_recording_id"] = txxx["MUSICBRAINZ TRACK ID"]
    out = _finish(raw)
    if out.get("tag_rating") is None and rating is not None:
        out["tag_rating"] = round(rating, 4)
    counts = [c for c in (out.get("tag_play_count"), popm_count, pcnt) if c is not None]
    if counts:
        out["tag_play_count"] = max(counts)
    return out, has_cover


_MP4_TEXT = {
    "title": "\xa9nam",
    "artist": "\xa9ART",
    "album": "\xa9alb",
    "album_artist": "aART",
    "genre": "\xa9gen",
    "date": "\xa9day",
    "composer": "\xa9wrt",
}
_MP4_FREEFORM = {
    "artists": "ARTISTS",
    "mb_recording_id": "MUSICBRAINZ TRACK ID",
    "mb_track_id": "MUSICBRAINZ RELEASE TRACK ID",
    "mb_release_id": "MUSICBRAINZ ALBUM ID",
    "mb_artist_ids": "MUSICBRAINZ ARTIST ID",
    "isrc": "ISRC",
    "label": "LABEL",
    "rg_track_gain": "REPLAYGAIN_TRACK_GAIN",
    "rg_track_peak": "REPLAYGAIN_TRACK_PEAK",
    "rg_album_gain": "REPLAYGAIN_ALBUM_GAIN",
    "rg_album_peak": "REPLAYGAIN_ALBUM_PEAK",
    "tag_rating": "FMPS_RATING",
    "tag_play_count": "FMPS_PLAYCOUNT",
    "original_date": "ORIGINALDATE",
    "original_year": "ORIGINALYEAR",
}


def read_mp4(tags: MP4Tags, audio: Any) -> tuple[Tags, bool]:
    raw: dict[str, list[str]] = {}
    for field, key in _MP4_TEXT.items():
        if key in tags:
            values = clean_list(tags[key])
            if values:
                raw[field] = values
    if "genre" not in raw and "gnre" in tags:
        from mutagen.id3 import TCON

        raw["genre"] = clean_list(TCON(text=[f"({int(g)})" for g in tags["gnre"]]).genres)
    freeform: dict[str, list[str]] = {}
    for key, values in tags.items():
        if key.startswith("----:"):
            name = key.split(":", 2)[-1].upper()
            freeform.setdefault(name, []).extend(clean_list(bytes(v) for v in values))
    for field, name in _MP4_FREEFORM.items():
        if freeform.get(name):
            raw[field] = freeform[name]
    out = _finish(raw)
    if tags.get("trkn"):
        out["track_number"], out["track_total"] = parse_number_pair(tuple(tags["trkn"][0]))
    if tags.get("disk"):
        out["disc_number"], out["disc_total"] = parse_number_pair(tuple(tags["disk"][0]))
    if "cpil" in tags:
        out["compilation"] = bool(tags["cpil"])
    for atom in ("rate", "rtng"):
        # "rate" is a 0-100 user rating some players write; "rtng" is the iTunes content
        # advisory (explicit/clean) and not a rating, so it is only used when it looks like one.
        if out.get("tag_rating") is None and atom in tags and tags[atom]:
            value = parse_int(tags[atom][0])
            if atom == "rate" and value is not None and 0 <= value <= 100:
                out["tag_rating"] = value / 100.0
    return out, bool(tags.get("covr"))


_ASF_KEYS = {
    "title": "Title",
    "artist": "Author",
    "album": "WM/AlbumTitle",
    "album_artist": "WM/AlbumArtist",
    "genre": "WM/Genre",
    "date": "WM/Year",
    "original_year": "WM/OriginalReleaseYear",
    "track": "WM/TrackNumber",
    "disc": "WM/PartOfSet",
    "composer": "WM/Composer",
    "label": "WM/Publisher",
    "isrc": "WM/ISRC",
    "mb_recording_id": "MusicBrainz/Track Id",
    "mb_track_id": "MusicBrainz/Release Track Id",
    "mb_release_id": "MusicBrainz/Album Id",
    "mb_artist_ids": "MusicBrainz/Artist Id",
    "rg_track_gain": "replaygain_track_gain",
    "rg_track_peak": "replaygain_track_peak",
    "rg_album_gain": "replaygain_album_gain",
    "rg_album_peak": "replaygain_album_peak",
    "compilation": "WM/IsCompilation",
    "tag_rating": "FMPS/Rating",
    "tag_play_count": "FMPS/Playcount",
    "artists": "WM/ARTISTS",
}


def read_asf(tags: ASFTags, audio: Any) -> tuple[Tags, bool]:
    index: dict[str, list[Any]] = {}
    for key, value in tags:
        index.setdefault(key, []).append(value.value if hasattr(value, "value") else value)
    raw: dict[str, list[str]] = {}
    _apply_common(raw, index, _ASF_KEYS)
    if "track" not in raw and index.get("WM/Track"):
        # WM/Track is zero-based
        value = parse_int(index["WM/Track"][0])
        if value is not None:
            raw["track"] = [str(value + 1)]
    out = _finish(raw)
    if out.get("tag_rating") is None and index.get("WM/SharedUserRating"):
        value = parse_int(index["WM/SharedUserRating"][0])
        if value is not None and 0 <= value <= 99:
            out["tag_rating"] = round(value / 99.0, 4)
    return out, bool(index.get("WM/Picture"))


def _tag_reader(tags: Any) -> Callable[[Any, Any], tuple[Tags, bool]] | None:
    """The registry: the reader for a mutagen tag container."""
    if tags is None:
        return None
    if isinstance(tags, ID3):
        return read_id3
    if isinstance(tags, MP4Tags):
        return read_mp4
    if isinstance(tags, ASFTags):
        return read_asf
    if isinstance(tags, APEv2):
        return read_ape
    from mutagen._vorbis import VComment

    if isinstance(tags, VComment):
        return read_vorbis
    return None


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
            return clean_text(value)
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


def _stream(audio: Any) -> Tags:
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


# -- the entry point --------------------------------------------------------------------------


def sample_hash(path: bytes, size: int) -> str | None:
    """A hash of a small sample from the middle of the file, to recognise it after a move.

    The middle is past any tag block at the start or end, so it is the audio data itself.
    """
    offset = size // 2 - SAMPLE_BYTES // 2 if size > 2 * SAMPLE_BYTES else 0
    try:
        fd = os.open(path, os.O_RDONLY)
        try:
            data = os.pread(fd, SAMPLE_BYTES, offset)
        finally:
            os.close(fd)
    except OSError:
        return None
    return hashlib.blake2b(data + struct.pack("<Q", size), digest_size=12).hexdigest()


def describe_error(exc: BaseException, path: bytes | None = None) -> str:
    """A one-line reason for a file that cannot be read (without repeating the path)."""
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, FileNotFoundError):
        return "file vanished during the scan"
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    if isinstance(exc, OSError):
        return f"cannot read file: {exc.strerror or exc}"
    text = str(exc)
    if path is not None:
        for form in (repr(path), path.decode("utf-8", "replace")):
            text = text.replace(form, "")
    text = " ".join(text.split()).strip(" :") or type(exc).__name__
    if text.startswith(("not a recognised audio format", "corrupt or not audio")):
        return text
    return f"cannot read tags: {text[:300]}"


def read_audio_file(path: bytes, size: int | None = None) -> Tags:
    """Read stream properties and normalised tags of one file. Never raises.

    Parameters
    ----------
    path : bytes
        File-system path.
    size : int, optional
        File size if already known (saves a stat).

    Returns
    -------
    dict
        Catalog columns (see :class:`analysis.catalog.Track`) plus ``sample_hash`` and
        ``identity``; on failure ``{"error": reason}`` and the stream fields that were known.
    """
    try:
        if size is None:
            size = os.stat(path).st_size
        if size == 0:
            return {"error": "empty file (0 bytes)"}
        audio = open_audio(path)
        record = _stream(audio)
        tags, has_cover = _read_tags(audio, path)
        if record["format"] in ("ogg-theora", "midi"):
            return {"error": f"not an audio track ({record['format']})"}
    except Exception as exc:  # mutagen raises many types for corrupt files; all become a reason
        return {"error": describe_error(exc, path)}
    record.update(tags)
    record["has_cover"] = has_cover
    record["sample_hash"] = sample_hash(path, size)
    stem = os.path.splitext(os.path.basename(path))[0].decode("utf-8", errors="replace")
    record["identity"] = identity_key(
        mb_recording_id=record.get("mb_recording_id"),
        artist=record.get("artist"),
        title=record.get("title"),
        album=record.get("album"),
        duration=record.get("duration"),
        fallback=stem,
    )
    return record


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
    with open(path, "rb") as fh:
        header = fh.read(128)
    from mutagen._file import File as _mutagen_file  # noqa: F401  (documents where the list is from)
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

    kinds = [
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
    with open(path, "rb") as fh:
        scored = sorted(
            ((kind.score("", fh, header), kind.__name__, kind) for kind in kinds),
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
    if first_error is not None:
        detail = " ".join(str(first_error).replace(repr(path), "").split()).strip(" :")
        raise ValueError(f"corrupt or not audio: {detail or type(first_error).__name__}")
    raise ValueError("not a recognised audio format (unknown or wrong file type)")


def _read_tags(audio: Any, path: bytes) -> tuple[Tags, bool]:
    tags: Tags = {}
    has_cover = False
    reader = _tag_reader(audio.tags)
    if reader is not None:
        tags, has_cover = reader(audio.tags, audio)
    # MP3 and friends may carry an APEv2 tag at the end beside (or instead of) ID3.
    if (
        (isinstance(audio.tags, ID3) or audio.tags is None)
        and path.lower().endswith((b".mp3", b".mp2", b".mpga", b".aac"))
        and not isinstance(audio, APEv2File)
    ):
        try:
            ape = APEv2(path)
        except Exception:
            ape = None
        if ape is not None and len(ape):
            ape_tags, ape_cover = read_ape(ape, audio)
            for key, value in ape_tags.items():
                if value not in (None, [], False) and tags.get(key) in (None, [], False):
                    tags[key] = value
            has_cover = has_cover or ape_cover
    return tags, has_cover
