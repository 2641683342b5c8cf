"""Reading M3U8, M3U, PLS and XSPF files into entries with resolved paths."""

from __future__ import annotations

import os
import re
import urllib.parse
from pathlib import Path
from typing import Any

from analysis.errors import DeepCutsError
from recommender.playlists.files.records import (
    _URL_SCHEME,
    _UTF8_BOM,
    _WINDOWS_DRIVE,
    PlaylistEntry,
    PlaylistFile,
    playlist_format,
)

# -- reading -----------------------------------------------------------------------------------


def read_playlist(path: str | os.PathLike[str]) -> PlaylistFile:
    """Parse a playlist file of any supported format.

    Parameters
    ----------
    path : path-like
        An ``.m3u8``, ``.m3u``, ``.xspf`` or ``.pls`` file. The format follows the extension; an
        ``.m3u`` that turns out to be XSPF or PLS inside is read as what it is.

    Returns
    -------
    PlaylistFile
        Entries in order, paths absolute (resolved against the playlist's folder).

    Raises
    ------
    DeepCutsError
        One line naming the file (and line or entry) when it cannot be read or parsed.
    """
    file_path = Path(os.path.abspath(os.fspath(path)))
    fmt = playlist_format(file_path)
    try:
        data = file_path.read_bytes()
    except FileNotFoundError:
        raise DeepCutsError(f"{file_path}: no such file") from None
    except IsADirectoryError:
        raise DeepCutsError(f"{file_path} is a folder, not a playlist file") from None
    except OSError as exc:
        raise DeepCutsError(f"{file_path}: cannot read ({exc.strerror or exc})") from exc
    head = data.lstrip(_UTF8_BOM).lstrip()[:200].lower()
    if fmt != "xspf" and (head.startswith(b"<?xml") or head.startswith(b"<playlist")):
        fmt = "xspf"
    elif fmt != "pls" and head.startswith(b"[playlist]"):
        fmt = "pls"
    if fmt == "xspf":
        return _read_xspf(file_path, data)
    text, encoding = _decode(data)
    if fmt == "pls":
        return _read_pls(file_path, text, data, encoding)
    return _read_m3u(file_path, text, data, encoding, fmt)


def _decode(data: bytes) -> tuple[str, str]:
    """UTF-8 when valid; else cp1252, else Latin-1 (which decodes any byte)."""
    if data.startswith(_UTF8_BOM):
        data = data[len(_UTF8_BOM) :]
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def _resolve(
    location: str, folder: Path, raw: bytes | None = None
) -> tuple[bytes | None, bytes | None]:
    """Absolute path bytes for a location written in a playlist, plus an alternative reading.

    ``file://`` URIs are percent-decoded to bytes; other URLs give ``None``; Windows-style
    backslashes are read as separators; relative paths are joined to ``folder``.
    """
    base = os.fsencode(folder)
    if location.lower().startswith("file:"):
        parsed = urllib.parse.urlsplit(location)
        if parsed.netloc not in ("", "localhost"):
            return None, None
        return os.path.normpath(urllib.parse.unquote_to_bytes(parsed.path)), None
    if _URL_SCHEME.match(location):
        return None, None
    text = location
    if os.sep == "/" and "\\" in text and "/" not in text:
        text = text.replace("\\", "/")
    path = os.fsencode(text)
    if _WINDOWS_DRIVE.match(text) and os.sep == "/":
        return path, None  # cannot exist here; metadata may still find the track
    alt = None
    if raw is not None and raw != path:
        alt = os.path.normpath(os.path.join(base, raw))
    return os.path.normpath(os.path.join(base, os.path.expanduser(path))), alt


def _split_display(text: str) -> tuple[str | None, str | None]:
    """``"Artist - Title"`` into its parts; a string without the separator is a title."""
    text = text.strip()
    if not text:
        return None, None
    if " - " in text:
        artist, title = text.split(" - ", 1)
        return artist.strip() or None, title.strip() or None
    return None, text


def _parse_float(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value >= 0 else None


def _read_m3u(path: Path, text: str, data: bytes, encoding: str, fmt: str) -> PlaylistFile:
    name = path.stem
    entries: list[PlaylistEntry] = []
    raw_lines = data.lstrip(_UTF8_BOM).splitlines() if encoding != "utf-8" else None
    pending: dict[str, Any] = {}
    for lineno, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            upper = stripped.upper()
            if upper.startswith("#EXTINF:"):
                info = stripped[len("#EXTINF:") :]
                length, _, display = info.partition(",")
                pending["duration"] = _parse_float(length.split()[0] if length.split() else "")
                pending["artist"], pending["title"] = _split_display(display)
            elif upper.startswith("#PLAYLIST:"):
                name = stripped[len("#PLAYLIST:") :].strip() or name
            elif upper.startswith("#EXTALB:"):
                pending["album"] = stripped[len("#EXTALB:") :].strip() or None
            continue
        raw = (
            raw_lines[lineno - 1].strip()
            if raw_lines is not None and lineno <= len(raw_lines)
            else None
        )
        resolved, alt = _resolve(stripped, path.parent, raw)
        entries.append(
            PlaylistEntry(
                position=lineno,
                text=stripped,
                path=resolved,
                alt_path=alt,
                title=pending.get("title"),
                artist=pending.get("artist"),
                album=pending.get("album"),
                duration=pending.get("duration"),
            )
        )
        pending = {}
    return PlaylistFile(path=path, format=fmt, name=name, entries=entries, encoding=encoding)


def _read_pls(path: Path, text: str, data: bytes, encoding: str) -> PlaylistFile:
    files: dict[int, tuple[int, str]] = {}
    titles: dict[int, str] = {}
    lengths: dict[int, float | None] = {}
    seen_header = False
    key_re = re.compile(r"^(file|title|length)(\d+)$", re.IGNORECASE)
    for lineno, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith((";", "#")):
            continue
        if stripped.lower() == "[playlist]":
            seen_header = True
            continue
        if "=" not in stripped:
            raise DeepCutsError(
                f"{path}: line {lineno}: not a PLS entry (expected KEY=VALUE): {stripped[:60]!r}"
            )
        key, value = (part.strip() for part in stripped.split("=", 1))
        match = key_re.match(key)
        if not match:
            continue  # NumberOfEntries, Version and anything unknown
        kind, number = match.group(1).lower(), int(match.group(2))
        if kind == "file":
            files[number] = (lineno, value)
        elif kind == "title":
            titles[number] = value
        else:
            lengths[number] = _parse_float(value)
    if not seen_header:
        raise DeepCutsError(f"{path}: not a PLS playlist (no [playlist] line)")
    entries = []
    for number in sorted(files):
        _lineno, location = files[number]
        resolved, _ = _resolve(location, path.parent)
        artist, title = _split_display(titles.get(number, ""))
        entries.append(
            PlaylistEntry(
                position=number,
                text=location,
                path=resolved,
                title=title,
                artist=artist,
                duration=lengths.get(number),
            )
        )
    return PlaylistFile(path=path, format="pls", name=path.stem, entries=entries, encoding=encoding)


def _read_xspf(path: Path, data: bytes) -> PlaylistFile:
    root = _xml_root(path, data)
    if _local(root.tag) != "playlist":
        raise DeepCutsError(
            f"{path}: not an XSPF playlist (root element is "
            f"<{_local(root.tag)}>, expected <playlist>)"
        )
    name = path.stem
    track_list = None
    for child in root:
        tag = _local(child.tag)
        if tag == "title" and (child.text or "").strip():
            name = child.text.strip()
        elif tag == "trackList":
            track_list = child
    if track_list is None:
        raise DeepCutsError(f"{path}: not an XSPF playlist (no <trackList>)")
    tracks = (t for t in track_list if _local(t.tag) == "track")
    entries = [_xspf_entry(track, ordinal, path.parent) for ordinal, track in enumerate(tracks, 1)]
    return PlaylistFile(path=path, format="xspf", name=name, entries=entries)


def _xml_root(path: Path, data: bytes) -> Any:
    """The root element, parsed with defusedxml (no entities, no external references)."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        return fromstring(data)
    except ParseError as exc:
        line, col = getattr(exc, "position", (0, 0))
        reason = str(exc).split(":")[0]
        raise DeepCutsError(
            f"{path}: not valid XML (line {line}, column {col + 1}: {reason})"
        ) from None
    except DefusedXmlException as exc:
        raise DeepCutsError(f"{path}: refused unsafe XML ({type(exc).__name__})") from None


def _local(tag: Any) -> str:
    """An element's tag without its namespace."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _xspf_entry(track: Any, ordinal: int, base_folder: Path) -> PlaylistEntry:
    """One ``<track>``: its first local location, title, creator, album and duration."""
    fields: dict[str, str] = {}
    locations: list[str] = []
    for child in track:
        tag = _local(child.tag)
        value = (child.text or "").strip()
        if tag == "location" and value:
            locations.append(value)
        elif tag in ("title", "creator", "album", "duration") and value:
            fields.setdefault(tag, value)
    duration = None
    if "duration" in fields:
        ms = _parse_float(fields["duration"])
        duration = ms / 1000.0 if ms is not None else None
    text, resolved = _xspf_location(locations, base_folder)
    return PlaylistEntry(
        position=ordinal,
        text=text,
        path=resolved,
        title=fields.get("title"),
        artist=fields.get("creator"),
        album=fields.get("album"),
        duration=duration,
    )


def _xspf_location(locations: list[str], base_folder: Path) -> tuple[str, bytes | None]:
    """The text and resolved path of the first location that is a local file (the first
    location's text and no path when none is)."""
    for loc in locations:
        if loc.lower().startswith("file:"):
            resolved, _ = _resolve(loc, base_folder)
            return loc, resolved
        if _URL_SCHEME.match(loc):
            continue
        # a URI reference: percent-decoded, relative ones joined to the folder
        rel = urllib.parse.unquote_to_bytes(loc)
        return loc, os.path.normpath(os.path.join(os.fsencode(base_folder), rel))
    return (locations[0] if locations else ""), None
