"""Tag values as the catalog stores them: cleaned text, parsed numbers, and the step that turns
the value lists every tag reader collects into catalog columns (:func:`finish`).

Split from :mod:`analysis.tags` (the readers per container), which re-exports these names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from analysis.identity import nfc, normalize_mbid

#: Longest text kept per tag value; longer values are cut (a tag is not a place for a book).
MAX_TAG_CHARS = 2000

_NUMBER = re.compile(r"\s*(\d+)\s*(?:/\s*(\d+))?")
_YEAR = re.compile(r"(\d{4})")


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
    if isinstance(value, tuple):  # MP4 trkn/disk atoms: (number, total), 0 for unknown
        n = value[0] if len(value) > 0 else None
        t = value[1] if len(value) > 1 else None
        return _positive(n), _positive(t)
    match = _NUMBER.match(str(value))
    if not match:
        return None, None
    return _plausible(match.group(1)), _plausible(match.group(2))


def _positive(value: Any) -> int | None:
    return (int(value) or None) if value else None


def _plausible(digits: str | None) -> int | None:
    """A track or disc number as written; 0 and absurd values are unknown."""
    number = int(digits) if digits else None
    return number if number and number < 100000 else None


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


Tags = dict[str, Any]


def first(values: list[str]) -> str | None:
    return values[0] if values else None


def apply_common(out: Tags, index: dict[str, list[Any]], keys: dict[str, str]) -> None:
    """Fill raw fields from a container index (key -> values) using a field -> key map."""
    for field, key in keys.items():
        values = index.get(key)
        if values:
            cleaned = clean_list(values)
            if cleaned:
                out[field] = cleaned


def apply_fallbacks(
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


def finish(raw: dict[str, list[str]]) -> Tags:
    """Turn the per-container raw value lists into catalog columns."""
    out: Tags = {}
    _finish_text(raw, out)
    _finish_numbers(raw, out)
    _finish_ids(raw, out)
    for name in ("rg_track_gain", "rg_album_gain"):
        out[name] = parse_gain(first(raw.get(name, [])))
    for name in ("rg_track_peak", "rg_album_peak"):
        out[name] = parse_fraction_peak(first(raw.get(name, [])))
    out["compilation"] = parse_bool(first(raw.get("compilation", [])) or "")
    if raw.get("tag_rating"):
        out["tag_rating"] = parse_fraction(raw["tag_rating"][0])
    if raw.get("tag_play_count"):
        out["tag_play_count"] = parse_int(raw["tag_play_count"][0])
    return out


def _finish_text(raw: dict[str, list[str]], out: Tags) -> None:
    """Artist(s), title, album, album artist, composer, label, genres."""
    artist = raw.get("artist", [])
    out["artist"] = artist[0] if len(artist) == 1 else ("; ".join(artist) if artist else None)
    artists = raw.get("artists") or artist
    out["artists"] = list(dict.fromkeys(artists))  # values are clean already; drop repeats
    for name in ("title", "album", "album_artist", "label", "isrc"):
        out[name] = first(raw.get(name, []))
    composers = raw.get("composer", [])
    out["composer"] = "; ".join(composers) if composers else None
    genres = list(dict.fromkeys(raw.get("genre", [])))
    out["genres"] = genres
    out["genre"] = genres[0] if genres else None


def _finish_numbers(raw: dict[str, list[str]], out: Tags) -> None:
    """Dates, years, track and disc numbers and totals."""
    date = first(raw.get("date", []))
    out["date"] = date
    out["year"] = parse_year(date)
    original = first(raw.get("original_date", [])) or first(raw.get("original_year", []))
    out["original_year"] = parse_year(original)
    number, total = parse_number_pair(first(raw.get("track", [])))
    out["track_number"] = number
    out["track_total"] = total or parse_int(first(raw.get("track_total", [])))
    number, total = parse_number_pair(first(raw.get("disc", [])))
    out["disc_number"] = number
    out["disc_total"] = total or parse_int(first(raw.get("disc_total", [])))


def _finish_ids(raw: dict[str, list[str]], out: Tags) -> None:
    """MusicBrainz ids and the ISRC, normalised."""
    out["mb_recording_id"] = normalize_mbid(first(raw.get("mb_recording_id", [])))
    out["mb_track_id"] = normalize_mbid(first(raw.get("mb_track_id", [])))
    out["mb_release_id"] = normalize_mbid(first(raw.get("mb_release_id", [])))
    ids: list[str] = []
    for value in raw.get("mb_artist_ids", []):
        for part in re.split(r"[;/\s]+", value):
            mbid = normalize_mbid(part)
            if mbid and mbid not in ids:
                ids.append(mbid)
    out["mb_artist_ids"] = ids
    if out["isrc"]:
        out["isrc"] = out["isrc"].replace("-", "").replace(" ", "").upper()[:12] or None


def parse_fraction_peak(value: Any) -> float | None:
    try:
        number = float(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0.0 <= number < 100.0 else None
