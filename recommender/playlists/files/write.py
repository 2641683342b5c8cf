"""Writing M3U8, M3U, PLS and XSPF files atomically (a temporary file, flushed, then renamed)."""

from __future__ import annotations

import os
import re
import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from pathlib import Path

from analysis.atomic import write_atomic
from analysis.errors import DeepCutsError
from recommender.playlists.files.records import (
    XSPF_NS,
    PlaylistItem,
    playlist_format,
)

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
    """Replace ``dest`` with ``data`` in one step (:mod:`analysis.atomic`); a new file gets the
    umask's mode, an existing one keeps its own."""
    try:
        write_atomic(dest, data)
    except OSError as exc:
        raise DeepCutsError(f"cannot write playlist {dest}: {exc.strerror or exc}") from exc
