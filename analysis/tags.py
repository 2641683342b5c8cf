"""Reading one audio file: stream properties and normalised tags, for every format mutagen knows.

Tag readers sit behind a small registry keyed by the kind of tag container mutagen returns
(ID3, Vorbis comments, APEv2, MP4 atoms, ASF attributes), so that formats sharing a container
(FLAC, Ogg Vorbis, Opus and Speex all carry Vorbis comments; WAV, AIFF and DSF carry ID3) share one
reader (docs/catalog.md). MP3 files may carry APEv2 beside or instead of ID3; both are read
and ID3 wins where both have a value.

Everything here is robust by contract: :func:`read_audio_file` never raises for a bad file; it
returns a record with ``error`` set to a one-line reason.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import struct
from collections.abc import Callable
from typing import Any

from mutagen.apev2 import APEv2, APEv2File
from mutagen.asf import ASFTags
from mutagen.id3 import ID3, TCON, Encoding
from mutagen.mp4 import MP4Tags

from analysis.audio_open import open_audio, stream_properties
from analysis.identity import identity_key
from analysis.tag_encoding import DEFAULT_MODE, repair_values
from analysis.tag_values import (  # noqa: F401  (re-exported: the public names of tag reading)
    MAX_TAG_CHARS,
    Tags,
    apply_common,
    apply_fallbacks,
    clean_list,
    clean_text,
    finish,
    parse_bool,
    parse_fraction,
    parse_fraction_peak,
    parse_gain,
    parse_int,
    parse_number_pair,
    parse_year,
)

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

#: Bytes of audio data hashed to recognise a moved file (taken from the middle of the file).
SAMPLE_BYTES = 4 * 1024


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


# -- tag readers ------------------------------------------------------------------------------

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
    apply_common(raw, index, _VORBIS_KEYS)
    apply_fallbacks(raw, index, _VORBIS_FALLBACKS)
    has_cover = bool(getattr(audio, "pictures", None)) or bool(
        index.get("METADATA_BLOCK_PICTURE") or index.get("COVERART")
    )
    return finish(raw), has_cover


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
    apply_common(raw, index, _APE_KEYS)
    apply_fallbacks(raw, index, _APE_FALLBACKS)
    return finish(raw), has_cover


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


#: Catalog field of each text-bearing TXXX description (for the tag-encoding report).
_TXXX_TEXT_FIELDS = {"ARTISTS": "artists", "LABEL": "label"}


@dataclasses.dataclass
class _Id3Frames:
    """What one pass over an ID3 tag collects, before any cleaning."""

    text: dict[str, list[str]] = dataclasses.field(default_factory=dict)  # field -> frame text
    latin1: set[str] = dataclasses.field(
        default_factory=set
    )  # fields whose frame was declared Latin-1
    txxx: dict[str, list[str]] = dataclasses.field(default_factory=dict)  # description -> values
    txxx_latin1: set[str] = dataclasses.field(default_factory=set)
    ufid_recording: str | None = None
    rating: float | None = None
    popm_count: int | None = None
    pcnt: int | None = None
    has_cover: bool = False


def read_id3(tags: ID3, audio: Any, mode: str = DEFAULT_MODE) -> tuple[Tags, bool]:
    """Tags of an ID3 container (MP3, WAV, AIFF, DSF); Latin-1 frames go through the
    legacy-encoding repair of :mod:`analysis.tag_encoding` with ``mode``."""
    frames = _id3_text_frames(tags)
    _id3_other_frames(tags, frames)
    encodings = _id3_repair(frames, mode)
    out = finish(_id3_raw(frames))
    if out.get("tag_rating") is None and frames.rating is not None:
        out["tag_rating"] = round(frames.rating, 4)
    counts = [
        c for c in (out.get("tag_play_count"), frames.popm_count, frames.pcnt) if c is not None
    ]
    if counts:
        out["tag_play_count"] = max(counts)
    out["tag_encodings"] = encodings
    return out, frames.has_cover


def _id3_text_frames(tags: ID3) -> _Id3Frames:
    """The text frames of the catalog fields, as the frames hold them."""
    frames = _Id3Frames()
    for name, frame_id in (*_ID3_TEXT.items(), ("genre", "TCON")):
        frame = tags.get(frame_id)
        if frame is not None:
            frames.text[name] = [str(t) for t in getattr(frame, "text", [])]
            if getattr(frame, "encoding", None) == Encoding.LATIN1:
                frames.latin1.add(name)
    for name, frame_id in (("date", "TDRC"), ("original_date", "TDOR")):
        frame = tags.get(frame_id)
        if frame is not None:
            frames.text[name] = [str(t) for t in frame.text]
    if "date" not in frames.text and tags.get("TYER") is not None:
        frames.text["date"] = [str(t) for t in tags["TYER"].text]
    return frames


def _id3_other_frames(tags: ID3, frames: _Id3Frames) -> None:
    """User text (TXXX), MusicBrainz UFID, cover, rating and play counts."""
    for frame in tags.values():
        frame_id = frame.FrameID
        if frame_id == "TXXX":
            desc = str(frame.desc).upper()
            frames.txxx.setdefault(desc, []).extend(str(t) for t in frame.text)
            if frame.encoding == Encoding.LATIN1:
                frames.txxx_latin1.add(desc)
        elif frame_id == "UFID" and frame.owner == "http://musicbrainz.org":
            frames.ufid_recording = clean_text(frame.data)
        elif frame_id in ("APIC", "PIC"):
            frames.has_cover = True
        elif frame_id == "POPM":
            if frames.rating is None and getattr(frame, "rating", None) is not None:
                frames.rating = frame.rating / 255.0
            count = getattr(frame, "count", None)
            if count is not None:
                frames.popm_count = max(frames.popm_count or 0, int(count))
        elif frame_id == "PCNT":
            frames.pcnt = max(frames.pcnt or 0, int(getattr(frame, "count", 0) or 0))


def _id3_repair(frames: _Id3Frames, mode: str) -> dict[str, str]:
    """Decode the Latin-1 frames of one file together (docs/encodings.md); the code page used
    per catalog field that held 8-bit text."""
    values = {name: frames.text[name] for name in frames.latin1}
    for desc in frames.txxx_latin1:
        values["TXXX:" + desc] = frames.txxx[desc]
    repaired, used = repair_values(values, mode)
    for key, texts in repaired.items():
        if key.startswith("TXXX:"):
            frames.txxx[key[5:]] = texts
        else:
            frames.text[key] = texts
    encodings: dict[str, str] = {}
    for key, name in used.items():
        target = _TXXX_TEXT_FIELDS.get(key[5:]) if key.startswith("TXXX:") else key
        if target and target not in encodings:
            encodings[target] = name
    return encodings


def _id3_raw(frames: _Id3Frames) -> dict[str, list[str]]:
    """Cleaned value lists per field, TXXX values and the UFID filled in."""
    raw: dict[str, list[str]] = {}
    for name, texts in frames.text.items():
        values = _id3_genres(texts) if name == "genre" else clean_list(texts)
        if values:
            raw[name] = values
    txxx = {desc: clean_list(texts) for desc, texts in frames.txxx.items()}
    for name, desc in _ID3_TXXX.items():
        if txxx.get(desc):
            raw[name] = txxx[desc]
    if "label_txxx" in raw:
        raw.setdefault("label", raw.pop("label_txxx"))
    if "compilation" not in raw and txxx.get("COMPILATION"):
        raw["compilation"] = txxx["COMPILATION"]
    if frames.ufid_recording:
        raw["mb_recording_id"] = [frames.ufid_recording]
    elif txxx.get("MUSICBRAINZ TRACK ID"):
        raw["mb_recording_id"] = txxx["MUSICBRAINZ TRACK ID"]
    return raw


def _id3_genres(texts: list[str]) -> list[str]:
    """TCON text with ID3's numeric genres ("(17)", "17") spelled out."""
    try:
        return clean_list(TCON(encoding=Encoding.UTF8, text=texts).genres)
    except Exception:
        return clean_list(texts)


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
    """Tags of MP4 atoms (M4A, M4B, MP4): text atoms, freeform ``----`` atoms, number pairs."""
    out = finish(_mp4_raw(tags))
    if tags.get("trkn"):
        out["track_number"], out["track_total"] = parse_number_pair(tuple(tags["trkn"][0]))
    if tags.get("disk"):
        out["disc_number"], out["disc_total"] = parse_number_pair(tuple(tags["disk"][0]))
    if "cpil" in tags:
        out["compilation"] = bool(tags["cpil"])
    # "rate" is a 0-100 user rating some players write; "rtng" is the iTunes content advisory
    # (explicit/clean), not a rating, so it is never used as one.
    if out.get("tag_rating") is None and tags.get("rate"):
        value = parse_int(tags["rate"][0])
        if value is not None and 0 <= value <= 100:
            out["tag_rating"] = value / 100.0
    return out, bool(tags.get("covr"))


def _mp4_raw(tags: MP4Tags) -> dict[str, list[str]]:
    """Cleaned value lists per field from the text and freeform atoms."""
    raw: dict[str, list[str]] = {}
    for name, key in _MP4_TEXT.items():
        values = clean_list(tags[key]) if key in tags else []
        if values:
            raw[name] = values
    if "genre" not in raw and "gnre" in tags:  # the old numeric genre atom
        raw["genre"] = clean_list(TCON(text=[f"({int(g)})" for g in tags["gnre"]]).genres)
    freeform: dict[str, list[str]] = {}
    for key, values in tags.items():
        if key.startswith("----:"):
            name = key.split(":", 2)[-1].upper()
            freeform.setdefault(name, []).extend(clean_list(bytes(v) for v in values))
    for name, desc in _MP4_FREEFORM.items():
        if freeform.get(desc):
            raw[name] = freeform[desc]
    return raw


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
    apply_common(raw, index, _ASF_KEYS)
    if "track" not in raw and index.get("WM/Track"):
        # WM/Track is zero-based
        value = parse_int(index["WM/Track"][0])
        if value is not None:
            raw["track"] = [str(value + 1)]
    out = finish(raw)
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


def read_audio_file(
    path: bytes, size: int | None = None, *, tag_encoding: str = DEFAULT_MODE
) -> Tags:
    """Read stream properties and normalised tags of one file. Never raises.

    Parameters
    ----------
    path : bytes
        File-system path.
    size : int, optional
        File size if already known (saves a stat).
    tag_encoding : str
        The "Legacy tag encoding" setting: ``auto``, ``off`` or a code page
        (:data:`analysis.tag_encoding.MODES`) for text stored as Latin-1.

    Returns
    -------
    dict
        Catalog columns (see :class:`analysis.catalog.Track`) plus ``sample_hash`` and
        ``identity``; on failure ``{"error": reason}`` and the stream fields that were known.
        ``tag_encodings`` maps each field that held 8-bit Latin-1 text to the code page read;
        ``tag_encoding_mode`` is ``tag_encoding`` when that choice mattered, else ``None``.
    """
    try:
        if size is None:
            size = os.stat(path).st_size
        if size == 0:
            return {"error": "empty file (0 bytes)"}
        audio = open_audio(path)
        record = stream_properties(audio)
        tags, has_cover = _read_tags(audio, path, tag_encoding)
        if record["format"] in ("ogg-theora", "midi"):
            return {"error": f"not an audio track ({record['format']})"}
    except Exception as exc:  # mutagen raises many types for corrupt files; all become a reason
        return {"error": describe_error(exc, path)}
    record.update(tags)
    record["has_cover"] = has_cover
    encodings = record.setdefault("tag_encodings", {})
    # A file whose reading depends on the setting is read again when the setting changes.
    mattered = any(name != "utf-8" for name in encodings.values())
    record["tag_encoding_mode"] = tag_encoding if mattered else None
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


def _read_tags(audio: Any, path: bytes, mode: str = DEFAULT_MODE) -> tuple[Tags, bool]:
    tags: Tags = {}
    has_cover = False
    reader = _tag_reader(audio.tags)
    if isinstance(audio.tags, ID3):
        tags, has_cover = read_id3(audio.tags, audio, mode)
    elif reader is not None:
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
