"""Playlist files that any player opens: M3U8, M3U, XSPF and PLS, written and read.

Writing
    The format follows the file's extension (:func:`playlist_format`). Every file is UTF-8 and is
    written atomically (a temporary file in the same folder, flushed, then ``os.replace``), so a
    player that reads the file while Deep Cuts rewrites it sees the old or the new list, never half
    of one, and re-exporting to the same name keeps a "living" playlist current. Paths are absolute,
    or relative to the playlist's folder when asked.

Reading
    :func:`read_playlist` parses any of the four formats (XSPF with ``defusedxml``) into
    :class:`PlaylistEntry` records whose paths are resolved against the playlist's folder and whose
    ``file://`` URIs are decoded. An M3U that is not valid UTF-8 is decoded as cp1252 (Latin-1 where
    cp1252 has no character), which is what Windows players write. :func:`match_entries` finds the
    catalog track of every entry and reports the ones it cannot find; :func:`import_playlist` saves
    the result as a playlist in the history store.

Paths in a playlist are data: nothing is executed or fetched, and URLs other than ``file://`` are
reported as not in the catalog.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.errors import DeepCutsError

XSPF_NS = "http://xspf.org/ns/0/"

#: Extension (lower case, with the dot) to format name.
FORMATS = {".m3u8": "m3u8", ".m3u": "m3u", ".xspf": "xspf", ".pls": "pls"}

_UTF8_BOM = b"\xef\xbb\xbf"
_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")
_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")


# -- records ------------------------------------------------------------------------------------


@dataclass(slots=True)
class PlaylistItem:
    """One track to write into a playlist file.

    ``path`` is the file's absolute path, as bytes (exactly as the file system spells it, the
    catalog's ``path_raw``) or text. ``duration`` is in seconds.
    """

    path: bytes | str
    title: str | None = None
    artist: str | None = None
    album: str | None = None
    duration: float | None = None

    @classmethod
    def from_track(cls, track: Any) -> PlaylistItem:
        """Build an item from a catalog :class:`analysis.catalog.Track`."""
        return cls(
            path=track.path_raw,
            title=track.display_title,
            artist=track.artist,
            album=track.album,
            duration=track.duration,
        )


@dataclass(slots=True)
class PlaylistEntry:
    """One entry read from a playlist file.

    Attributes
    ----------
    position : int
        Where the entry is in the file: the line number for M3U, the ``FileN`` number for PLS, the
        track's ordinal (from 1) for XSPF.
    text : str
        The location as written in the file (for messages).
    path : bytes or None
        The absolute file-system path it names, or ``None`` for a non-file URL.
    alt_path : bytes or None
        Another reading of the same path (the raw bytes of a non-UTF-8 M3U line), tried when
        ``path`` is not found.
    """

    position: int
    text: str
    path: bytes | None
    alt_path: bytes | None = None
    title: str | None = None
    artist: str | None = None
    album: str | None = None
    duration: float | None = None


@dataclass(slots=True)
class PlaylistFile:
    """The contents of a playlist file: its name (from the file or its stem) and its entries."""

    path: Path
    format: str
    name: str
    entries: list[PlaylistEntry] = field(default_factory=list)
    encoding: str = "utf-8"


@dataclass(slots=True)
class UnmatchedEntry:
    """An entry of an imported playlist that names no track of the catalog."""

    position: int
    location: str
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {"position": self.position, "location": self.location, "reason": self.reason}


@dataclass(slots=True)
class MatchResult:
    """Catalog ids of the entries found, in playlist order, and the entries not found."""

    track_ids: list[int]
    unmatched: list[UnmatchedEntry]
    by_metadata: int = 0


# -- format ------------------------------------------------------------------------------------


def playlist_format(path: str | os.PathLike[str]) -> str:
    """The playlist format named by a file's extension.

    Parameters
    ----------
    path : path-like
        The playlist file.

    Returns
    -------
    str
        ``"m3u8"``, ``"m3u"``, ``"xspf"`` or ``"pls"``.

    Raises
    ------
    DeepCutsError
        When the extension is none of ``.m3u8``, ``.m3u``, ``.xspf``, ``.pls``.
    """
    ext = os.path.splitext(os.fspath(path))[1].lower()
    try:
        return FORMATS[ext]
    except KeyError:
        raise DeepCutsError(
            f"{os.fspath(path)}: unknown playlist format {ext or '(no extension)'!r}; "
            "use .m3u8, .m3u, .xspf or .pls"
        ) from None


# -- writing ------------------------------------------------------------------------------------


def write_playlist(
    dest: str | os.PathLike[str],
    items: Iterable[PlaylistItem],
    *,
    name: str | None = None,
    relative: bool = False,
) -> Path:
    """Write a playlist file atomically; the format follows the extension.

    Parameters
    ----------
    dest : path-like
        The playlist file to create or replace. Its folder must exist.
    items : iterable of PlaylistItem
        The tracks, in order.
    name : str, optional
        The playlist's title (XSPF ``<title>``, M3U ``#PLAYLIST:``); defaults to the file's stem.
    relative : bool
        Write paths relative to the playlist's folder instead of absolute ones (a track on another
        drive keeps its absolute path).

    Returns
    -------
    Path
        The absolute path of the file written.

    Raises
    ------
    DeepCutsError
        Unknown extension, missing folder, or the file cannot be written; the previous file, if
        any, is left untouched.
    """
    dest_path = Path(os.path.abspath(os.fspath(dest)))
    fmt = playlist_format(dest_path)
    folder = dest_path.parent
    if not folder.is_dir():
        raise DeepCutsError(f"{dest_path}: folder {folder} does not exist")
    if dest_path.is_dir():
        raise DeepCutsError(f"{dest_path} is a folder, not a playlist file")
    title = name if name is not None else dest_path.stem
    rows = list(items)
    base = os.fsencode(folder) if relative else None
    if fmt in ("m3u8", "m3u"):
        data = _m3u_bytes(rows, title=title, base=base)
    elif fmt == "pls":
        data = _pls_bytes(rows, base=base)
    else:
        data = _xspf_bytes(rows, title=title, base=base)
    _atomic_write(dest_path, data)
    return dest_path


def _abs_bytes(path: bytes | str) -> bytes:
    raw = os.fsencode(path)
    return os.path.normpath(os.path.abspath(raw))


def _location_bytes(path: bytes | str, base: bytes | None) -> bytes:
    """The path as it goes into the file: absolute, or relative to ``base`` when possible."""
    absolute = _abs_bytes(path)
    if base is None:
        return absolute
    try:
        return os.path.relpath(absolute, base)
    except ValueError:  # another drive (Windows): only an absolute path can reach it
        return absolute


def _file_uri(path: bytes) -> str:
    """``file://`` URI of an absolute path, every byte outside the unreserved set escaped."""
    return "file://" + urllib.parse.quote(path, safe="/")


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def _display_name(item: PlaylistItem) -> str:
    title = _one_line(item.title)
    if not title:
        title = os.fsdecode(os.path.splitext(os.path.basename(os.fsencode(item.path)))[0])
        title = _one_line(title.encode("utf-8", "surrogateescape").decode("utf-8", "replace"))
    artist = _one_line(item.artist)
    return f"{artist} - {title}" if artist else title


def _seconds(duration: float | None) -> int:
    return round(duration) if duration is not None and duration >= 0 else -1


def _line_location(item: PlaylistItem, base: bytes | None) -> bytes:
    """A location for a line-based format. A path with a line break can only be a URI."""
    loc = _location_bytes(item.path, base)
    if b"\n" in loc or b"\r" in loc:
        return _file_uri(_abs_bytes(item.path)).encode("ascii")
    return loc


def _m3u_bytes(items: Sequence[PlaylistItem], *, title: str, base: bytes | None) -> bytes:
    out = [b"#EXTM3U", f"#PLAYLIST:{_one_line(title)}".encode()]
    for item in items:
        out.append(f"#EXTINF:{_seconds(item.duration)},{_display_name(item)}".encode())
        if item.album:
            out.append(f"#EXTALB:{_one_line(item.album)}".encode())
        out.append(_line_location(item, base))
    return b"\n".join(out) + b"\n"


def _pls_bytes(items: Sequence[PlaylistItem], *, base: bytes | None) -> bytes:
    out = [b"[playlist]"]
    for n, item in enumerate(items, start=1):
        out.append(b"File%d=" % n + _line_location(item, base))
        out.append(f"Title{n}={_display_name(item)}".encode())
        out.append(f"Length{n}={_seconds(item.duration)}".encode())
    out.append(f"NumberOfEntries={len(items)}".encode())
    out.append(b"Version=2")
    return b"\n".join(out) + b"\n"


def _xspf_bytes(items: Sequence[PlaylistItem], *, title: str, base: bytes | None) -> bytes:
    # Element order follows the XSPF 1 specification (resources/xspf-1.xsd checks it).
    ET.register_namespace("", XSPF_NS)
    root = ET.Element(f"{{{XSPF_NS}}}playlist", {"version": "1"})
    if title:
        ET.SubElement(root, f"{{{XSPF_NS}}}title").text = _xml_text(title)
    ET.SubElement(root, f"{{{XSPF_NS}}}creator").text = "Deep Cuts"
    track_list = ET.SubElement(root, f"{{{XSPF_NS}}}trackList")
    for item in items:
        track = ET.SubElement(track_list, f"{{{XSPF_NS}}}track")
        loc = _location_bytes(item.path, base)
        uri = _file_uri(loc) if os.path.isabs(loc) else urllib.parse.quote(loc, safe="/")
        ET.SubElement(track, f"{{{XSPF_NS}}}location").text = uri
        for tag, value in (("title", item.title), ("creator", item.artist), ("album", item.album)):
            if value:
                ET.SubElement(track, f"{{{XSPF_NS}}}{tag}").text = _xml_text(value)
        if item.duration is not None and item.duration >= 0:
            ms = str(round(item.duration * 1000))
            ET.SubElement(track, f"{{{XSPF_NS}}}duration").text = ms
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n").encode("utf-8")


_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml_text(text: str) -> str:
    """Drop characters XML 1.0 cannot carry (control characters, lone surrogates)."""
    return _XML_BAD.sub("", text)


def _atomic_write(dest: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``dest``, fsync it, then rename over ``dest``."""
    folder = dest.parent
    try:
        mode = dest.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{dest.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, dest)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise DeepCutsError(f"cannot write playlist {dest}: {exc.strerror or exc}") from exc
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


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
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        root = fromstring(data)
    except ParseError as exc:
        line, col = getattr(exc, "position", (0, 0))
        reason = str(exc).split(":")[0]
        raise DeepCutsError(
            f"{path}: not valid XML (line {line}, column {col + 1}: {reason})"
        ) from None
    except DefusedXmlException as exc:
        raise DeepCutsError(f"{path}: refused unsafe XML ({type(exc).__name__})") from None

    def local(tag: Any) -> str:
        return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""

    if local(root.tag) != "playlist":
        raise DeepCutsError(
            f"{path}: not an XSPF playlist (root element is "
            f"<{local(root.tag)}>, expected <playlist>)"
        )
    name = path.stem
    base_folder = path.parent
    track_list = None
    for child in root:
        tag = local(child.tag)
        if tag == "title" and (child.text or "").strip():
            name = child.text.strip()
        elif tag == "trackList":
            track_list = child
    if track_list is None:
        raise DeepCutsError(f"{path}: not an XSPF playlist (no <trackList>)")
    entries = []
    for ordinal, track in enumerate((t for t in track_list if local(t.tag) == "track"), start=1):
        fields: dict[str, str] = {}
        locations: list[str] = []
        for child in track:
            tag = local(child.tag)
            value = (child.text or "").strip()
            if tag == "location" and value:
                locations.append(value)
            elif tag in ("title", "creator", "album", "duration") and value:
                fields.setdefault(tag, value)
        duration = None
        if "duration" in fields:
            ms = _parse_float(fields["duration"])
            duration = ms / 1000.0 if ms is not None else None
        resolved: bytes | None = None
        text = locations[0] if locations else ""
        for loc in locations:  # the first location that is a local file wins
            if loc.lower().startswith("file:"):
                resolved, _ = _resolve(loc, base_folder)
            elif _URL_SCHEME.match(loc):
                continue
            else:  # a URI reference: percent-decoded, relative ones joined to the folder
                rel = urllib.parse.unquote_to_bytes(loc)
                resolved = os.path.normpath(os.path.join(os.fsencode(base_folder), rel))
            text = loc
            break
        entries.append(
            PlaylistEntry(
                position=ordinal,
                text=text,
                path=resolved,
                title=fields.get("title"),
                artist=fields.get("creator"),
                album=fields.get("album"),
                duration=duration,
            )
        )
    return PlaylistFile(path=path, format="xspf", name=name, entries=entries)


# -- matching and import -----------------------------------------------------------------------


def match_entries(catalog: Any, playlist: PlaylistFile) -> MatchResult:
    """Find the catalog track of every entry of a playlist file.

    An entry matches by its path first (the exact file). When the path names no catalog track
    (a playlist made on another computer, a moved folder), the entry's artist and title, if the
    file gives them, must equal a catalog track's folded artist and title (no fuzzy matching: a
    wrong track is worse than a reported miss).

    Parameters
    ----------
    catalog : analysis.catalog.Catalog
        The library.
    playlist : PlaylistFile
        From :func:`read_playlist`.

    Returns
    -------
    MatchResult
        Track ids in playlist order and the entries not found, each with a reason.
    """
    ids: list[int] = []
    unmatched: list[UnmatchedEntry] = []
    by_meta = 0
    meta_index: dict[tuple[str, str], list[int]] | None = None
    for entry in playlist.entries:
        track = None
        for candidate in (entry.path, entry.alt_path):
            if candidate is not None:
                track = catalog.track_by_path(candidate)
                if track is not None:
                    break
        if track is not None and not track.error:
            ids.append(track.id)
            continue
        found = None
        if entry.title and entry.artist:
            if meta_index is None:
                meta_index = _metadata_index(catalog)
            hits = meta_index.get(_meta_key(entry.artist, entry.title), [])
            if hits:  # present files first, then the lowest id: copies of one recording
                found = hits[0]
        if found is not None:
            ids.append(found)
            by_meta += 1
            continue
        if entry.path is None:
            reason = "not a local file"
        elif not (
            os.path.exists(entry.path) or (entry.alt_path and os.path.exists(entry.alt_path))
        ):
            reason = "file not found"
        else:
            reason = "file not in the catalog (scan its folder first)"
        unmatched.append(UnmatchedEntry(entry.position, entry.text, reason))
    return MatchResult(track_ids=ids, unmatched=unmatched, by_metadata=by_meta)


def _meta_key(artist: str | None, title: str | None) -> tuple[str, str]:
    from analysis.identity import fold
    from recommender.playlists.diversity import artist_key

    return artist_key(artist), fold(title)


def _metadata_index(catalog: Any) -> dict[tuple[str, str], list[int]]:
    index: dict[tuple[str, str], list[int]] = {}
    rows = catalog.conn.execute(
        "SELECT id, artist, title FROM tracks WHERE error IS NULL AND title IS NOT NULL "
        "ORDER BY missing, id"
    )
    for row in rows:
        index.setdefault(_meta_key(row["artist"], row["title"]), []).append(int(row["id"]))
    return index


@dataclass(slots=True)
class PlaylistImport:
    """What ``playlist import`` did."""

    name: str
    playlist_id: int
    format: str
    entries: int
    matched: int
    unmatched: list[UnmatchedEntry]
    kept_for_later: int

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "id": self.playlist_id,
            "format": self.format,
            "entries": self.entries,
            "matched": self.matched,
            "unmatched": [u.to_json() for u in self.unmatched],
            "kept_for_later": self.kept_for_later,
        }


def import_playlist(
    path: str | os.PathLike[str], *, catalog: Any, store: Any, name: str | None = None
) -> PlaylistImport:
    """Read a playlist file and save it in the history store as a saved playlist.

    Matched entries are saved as their catalog tracks (so the playlist follows a file that is
    later moved or retagged). Unmatched entries that carry an artist and a title are kept in
    their place by those names, so they resolve when the file is scanned later; the others are
    only reported.

    Parameters
    ----------
    path : path-like
        The playlist file (any format of :func:`read_playlist`).
    catalog : analysis.catalog.Catalog
    store : recommender.history.HistoryStore
        Where the playlist is saved (``save_playlist``); saving under an existing name replaces it.
    name : str, optional
        The saved playlist's name; defaults to the name inside the file, else the file's stem.

    Raises
    ------
    DeepCutsError
        The file cannot be read, or none of its entries can be placed.
    """
    parsed = read_playlist(path)
    result = match_entries(catalog, parsed)
    matched = iter(result.track_ids)
    missing = {u.position: u for u in result.unmatched}
    tracks: list[Any] = []
    kept = 0
    for entry in parsed.entries:
        if entry.position in missing:
            if entry.title:
                tracks.append(
                    {
                        "artist": entry.artist,
                        "title": entry.title,
                        "album": entry.album,
                        "duration_ms": None
                        if entry.duration is None
                        else round(entry.duration * 1000),
                    }
                )
                kept += 1
            continue
        tracks.append(catalog.track(next(matched)))
    if not tracks:
        if parsed.entries:
            first = result.unmatched[0]
            raise DeepCutsError(
                f"{parsed.path}: none of its {len(parsed.entries)} entries is in the catalog "
                f"(entry {first.position}: {first.location}: {first.reason})"
            )
        raise DeepCutsError(f"{parsed.path}: the playlist is empty")
    final_name = (name or parsed.name or parsed.path.stem).strip()
    pid = store.save_playlist(final_name, tracks, kind=f"imported {parsed.format}")
    return PlaylistImport(
        name=final_name,
        playlist_id=int(pid),
        format=parsed.format,
        entries=len(parsed.entries),
        matched=len(result.track_ids),
        unmatched=result.unmatched,
        kept_for_later=kept,
    )


def export_saved_playlist(
    name: str, dest: str | os.PathLike[str], *, catalog: Any, store: Any, relative: bool = False
) -> tuple[Path, int, int]:
    """Write a saved playlist to a file; its items are resolved against the catalog now.

    Returns
    -------
    (Path, int, int)
        The file written, the tracks written, and the items skipped because no catalog track
        matches them (yet).

    Raises
    ------
    DeepCutsError
        No saved playlist has that name.
    """
    from analysis.errors import NotFoundError

    wanted = name.strip()
    info = next((p for p in store.playlists() if p.name == wanted), None)
    if info is None:
        folded = wanted.casefold()
        info = next((p for p in store.playlists() if p.name.casefold() == folded), None)
    if info is None:
        raise NotFoundError(f"no saved playlist named {name!r} (see: deepcuts-cli playlist list)")
    ids = store.playlist_track_ids(info.id, catalog)
    tracks = [catalog.track(i) for i in ids if i is not None]
    tracks = [t for t in tracks if t is not None]
    written = write_playlist(
        dest, [PlaylistItem.from_track(t) for t in tracks], name=info.name, relative=relative
    )
    return written, len(tracks), len(ids) - len(tracks)
