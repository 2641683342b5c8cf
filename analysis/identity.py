"""The stable identity of a track, which history uses to stay attached to it.

The MusicBrainz recording id where the file is tagged with one, else a normalised
``artist + title + album + rounded duration`` key. The key survives renames, moves and a rebuilt
catalog; the history store also keeps each play's artist and title so that a retagged file can be
matched again (recommender/history/matching.py; docs/architecture.md, "The two stores").
"""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def nfc(text: str) -> str:
    """NFC-normalise and strip NUL and surrounding whitespace, as stored in the catalog."""
    return unicodedata.normalize("NFC", text).replace("\x00", "").strip()


def fold(text: str | None) -> str:
    """A comparison form: NFKD, accents removed, casefolded, punctuation dropped, spaces collapsed.

    ``fold("Beyoncé & Jay‐Z")`` is ``"beyonce and jay z"``. Used for identity keys and as the
    first stage of history matching.
    """
    if not text:
        return ""
    if text.isascii():  # the common case needs no Unicode decomposition
        lowered = text.lower().replace("&", " and ")
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        lowered = stripped.casefold().replace("&", " and ")
    lowered = _PUNCT.sub(" ", lowered)
    return _SPACE.sub(" ", lowered).strip()


def normalize_mbid(value: str | None) -> str | None:
    """Return a lower-case MusicBrainz id, or ``None`` if ``value`` is not a UUID."""
    if not value:
        return None
    value = value.strip().lower()
    return value if _UUID.match(value) else None


def identity_key(
    *,
    mb_recording_id: str | None,
    artist: str | None,
    title: str | None,
    album: str | None,
    duration: float | None,
    fallback: str | None = None,
) -> str:
    """The identity key of a track.

    Parameters
    ----------
    mb_recording_id : str, optional
        MusicBrainz recording id; wins when it is a valid UUID.
    artist, title, album : str, optional
        Tags; folded with :func:`fold`.
    duration : float, optional
        Seconds; rounded to whole seconds so re-encodes of one file keep their key.
    fallback : str, optional
        Used in place of the title when the file has none (normally the file name stem), so that
        untagged files still get distinct keys.

    Returns
    -------
    str
        ``"mbid:<uuid>"`` or ``"meta:<artist>|<title>|<album>|<seconds>"``.
    """
    mbid = normalize_mbid(mb_recording_id)
    if mbid:
        return f"mbid:{mbid}"
    seconds = "" if duration is None else str(round(duration))
    name = fold(title) or fold(fallback) or ""
    return f"meta:{fold(artist)}|{name}|{fold(album)}|{seconds}"
