"""Playlist files: export checked by a real player (mpv) and xmllint, import of every format."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import numpy as np
import pytest

from analysis.catalog import Catalog
from analysis.errors import DeepCutsError
from recommender.playlists.files import (
    PlaylistItem,
    match_entries,
    playlist_format,
    read_playlist,
    write_playlist,
)
from tests.conftest import require_tool

REPO = Path(__file__).resolve().parents[2]
XSD = REPO / "resources" / "xspf-1.xsd"

# Names a playlist must survive: spaces, "#" (a comment in M3U), "%" (an escape in URIs),
# accents and CJK, "&" and "<" (XML), a name starting with "#".
NAMES = [
    "01 plain.wav",
    "02 with space #hash 100%.flac",
    "03 Beyoncé – Déjà vu.wav",
    "04 日本語の歌.flac",
    "05 rock & roll <live>.wav",
    "#06 starts with hash.flac",
]


@pytest.fixture
def library(tmp_path: Path, data_dir: Path):
    """Tiny real audio files in folders with awkward names, and a catalog that holds them."""
    import soundfile as sf

    music = tmp_path / "Music" / "Artist ünïcode" / "Album #1 (50%)"
    music.mkdir(parents=True)
    tone = (0.1 * np.sin(np.linspace(0, 200, 4000))).astype("float32")
    paths = []
    for name in NAMES:
        path = music / name
        sf.write(path, tone, 8000, format="WAV" if name.endswith(".wav") else "FLAC")
        paths.append(path)
    catalog = Catalog(data_dir)
    records = [
        {
            "path": p,
            "title": f"Title {i} · {p.stem}",
            "artist": f"Artist {i % 3}",
            "album": "Album #1",
            "duration": 0.5 + i,
        }
        for i, p in enumerate(paths)
    ]
    ids = catalog.insert_tracks(records)
    yield catalog, ids, paths
    catalog.close()


def _items(catalog: Catalog, ids: list[int]) -> list[PlaylistItem]:
    return [PlaylistItem.from_track(catalog.track(i)) for i in ids]


def _mpv(playlist: Path) -> tuple[int, int, str]:
    """Run mpv over a playlist; return (entries opened with audio, entries failed, output)."""
    require_tool("mpv", "mpv")
    proc = subprocess.run(
        [
            "mpv",
            f"--playlist={playlist}",
            "--frames=0",
            "--ao=null",
            "--vo=null",
            "--no-config",
            "--msg-level=all=info",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        cwd="/",
    )
    out = proc.stdout + proc.stderr
    opened = len(re.findall(r"^\s*\(\+\) Audio", out, re.MULTILINE))
    failed = len(re.findall(r"^Failed to open", out, re.MULTILINE))
    return opened, failed, out


@pytest.mark.parametrize("ext", [".m3u8", ".m3u", ".pls"])
@pytest.mark.parametrize("relative", [False, True])
def test_mpv_opens_every_entry(library, tmp_path: Path, ext: str, relative: bool) -> None:
    catalog, ids, _paths = library
    folder = tmp_path / "lists with space" / "ünï"
    folder.mkdir(parents=True)
    dest = write_playlist(folder / f"mix #1{ext}", _items(catalog, ids), relative=relative)
    opened, failed, out = _mpv(dest)
    assert failed == 0, out
    assert opened == len(ids), out


def test_xspf_is_valid_and_its_uris_open_in_mpv(library, tmp_path: Path) -> None:
    catalog, ids, _paths = library
    require_tool("xmllint", "libxml2-utils")
    dest = write_playlist(tmp_path / "mix.xspf", _items(catalog, ids), name="Mix & <more>")
    check = subprocess.run(
        ["xmllint", "--noout", "--schema", str(XSD), str(dest)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert check.returncode == 0, check.stderr
    text = dest.read_text(encoding="utf-8")
    locations = re.findall(r"<location>(.*?)</location>", text)
    assert len(locations) == len(ids)
    for loc in locations:
        assert loc.startswith("file:///")
        assert re.fullmatch(r"file://[A-Za-z0-9/%._~\-]+", loc), loc  # percent-encoded
    assert "%23" in text and "%25" in text and "%20" in text
    assert "<duration>500</duration>" in text and "<creator>Artist 0</creator>" in text
    # mpv decodes the URIs itself: a plain list of them must open every file
    uri_list = tmp_path / "uris.txt"
    uri_list.write_text("\n".join(locations) + "\n", encoding="utf-8")
    opened, failed, out = _mpv(uri_list)
    assert (opened, failed) == (len(ids), 0), out


def test_xspf_relative_is_valid(library, tmp_path: Path) -> None:
    catalog, ids, _ = library
    dest = write_playlist(tmp_path / "Music" / "rel.xspf", _items(catalog, ids), relative=True)
    check = subprocess.run(
        ["xmllint", "--noout", "--schema", str(XSD), str(dest)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert check.returncode == 0, check.stderr
    assert "file://" not in dest.read_text(encoding="utf-8")
    assert match_entries(catalog, read_playlist(dest)).track_ids == ids


@pytest.mark.parametrize("ext", [".m3u8", ".m3u", ".xspf", ".pls"])
@pytest.mark.parametrize("relative", [False, True])
def test_round_trip(library, tmp_path: Path, ext: str, relative: bool) -> None:
    catalog, ids, _ = library
    order = ids[::-1]
    dest = write_playlist(
        tmp_path / f"out{ext}", _items(catalog, order), name="Round trip", relative=relative
    )
    assert playlist_format(dest) == ext[1:]
    parsed = read_playlist(dest)
    result = match_entries(catalog, parsed)
    assert result.track_ids == order
    assert result.unmatched == []
    assert result.by_metadata == 0
    first = catalog.track(order[0])
    assert parsed.entries[0].title == first.title
    if ext != ".pls":
        assert parsed.name == "Round trip"
    assert parsed.entries[0].artist == first.artist
    assert parsed.entries[0].duration == pytest.approx(first.duration, abs=0.5)
    raw = dest.read_bytes()
    raw.decode("utf-8")  # UTF-8 throughout
    if ext in (".m3u8", ".m3u"):
        assert raw.startswith(b"#EXTM3U\n")
        assert f"#EXTINF:{round(first.duration)},{first.artist} - {first.title}".encode() in raw
    if ext == ".pls":
        text = raw.decode()
        assert text.startswith("[playlist]\n") and "Version=2" in text
        assert f"NumberOfEntries={len(ids)}" in text and "Length1=" in text


def test_reexport_overwrites_atomically(library, tmp_path: Path, monkeypatch) -> None:
    catalog, ids, _ = library
    dest = tmp_path / "living.m3u8"
    write_playlist(dest, _items(catalog, ids[:2]))
    os.chmod(dest, 0o640)
    write_playlist(dest, _items(catalog, ids[2:]))
    assert match_entries(catalog, read_playlist(dest)).track_ids == ids[2:]
    assert oct(dest.stat().st_mode & 0o777) == oct(0o640)  # mode kept
    before = dest.read_bytes()

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(DeepCutsError, match=r"living\.m3u8"):
        write_playlist(dest, _items(catalog, ids[:1]))
    assert dest.read_bytes() == before  # the old list is intact
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_export_errors(tmp_path: Path) -> None:
    with pytest.raises(DeepCutsError, match=r"unknown playlist format '\.txt'"):
        write_playlist(tmp_path / "a.txt", [])
    with pytest.raises(DeepCutsError, match="does not exist"):
        write_playlist(tmp_path / "nope" / "a.m3u8", [])


def test_import_m3u_relative_uris_missing_and_urls(library, tmp_path: Path) -> None:
    catalog, ids, paths = library
    lists = tmp_path / "Music" / "lists"
    lists.mkdir()
    uri = "file://" + "/".join(
        __import__("urllib.parse").parse.quote(part) for part in str(paths[1]).split("/")
    )
    text = (
        "\n".join(
            [
                "#EXTM3U",
                "#PLAYLIST:Hand made",
                "#EXTINF:1,Artist 0 - first",
                f"../Artist ünïcode/Album #1 (50%)/{paths[0].name}",  # relative to the list's folder
                uri,  # file:// URI
                "",
                "# a comment",
                "/no/such/file.flac",  # missing
                "http://radio.example/stream",  # not local
                str(paths[3]),  # absolute
            ]
        )
        + "\n"
    )
    dest = lists / "hand.m3u"
    dest.write_text(text, encoding="utf-8")
    parsed = read_playlist(dest)
    assert parsed.name == "Hand made"
    result = match_entries(catalog, parsed)
    assert result.track_ids == [ids[0], ids[1], ids[3]]
    assert [(u.position, u.reason) for u in result.unmatched] == [
        (8, "file not found"),
        (9, "not a local file"),
    ]


def test_import_non_utf8_m3u(library, tmp_path: Path) -> None:
    catalog, ids, paths = library
    dest = paths[2].parent / "windows.m3u"
    # cp1252: "é" is one byte 0xE9, "–" is 0x96; the list names a file with both
    dest.write_bytes(
        b"#EXTM3U\r\n#EXTINF:2,Beyonc\xe9 - D\xe9j\xe0 vu\r\n"
        + paths[2].name.encode("cp1252")
        + b"\r\n"
    )
    parsed = read_playlist(dest)
    assert parsed.encoding == "cp1252"
    assert parsed.entries[0].artist == "Beyoncé"
    assert match_entries(catalog, parsed).track_ids == [ids[2]]


def test_import_latin1_bytes_not_in_cp1252(tmp_path: Path, data_dir: Path) -> None:
    dest = tmp_path / "odd.m3u"
    dest.write_bytes(b"caf\xe9 \x81.mp3\n")  # 0x81 is undefined in cp1252
    parsed = read_playlist(dest)
    assert parsed.encoding == "latin-1"
    assert parsed.entries[0].text == "café \x81.mp3"
    with Catalog(data_dir) as catalog:
        result = match_entries(catalog, parsed)
    assert result.track_ids == [] and result.unmatched[0].reason == "file not found"


def test_import_pls_and_xspf_hand_written(library, tmp_path: Path) -> None:
    catalog, ids, paths = library
    folder = paths[0].parent
    pls = folder / "list.pls"
    pls.write_text(
        "[playlist]\nfile2=" + paths[4].name + "\nFile1=" + str(paths[5]) + "\nTitle1=x\n"
        "Length1=-1\nFile3=missing.wav\nNumberOfEntries=3\nVersion=2\n",
        encoding="utf-8",
    )
    result = match_entries(catalog, read_playlist(pls))
    assert result.track_ids == [ids[5], ids[4]]
    assert [u.position for u in result.unmatched] == [3]

    xspf = folder / "list.xspf"
    xspf.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<playlist version="1" xmlns="http://xspf.org/ns/0/"><title>Hand</title><trackList>'
        "<track><location>http://example.org/a.mp3</location>"
        "<location>02%20with%20space%20%23hash%20100%25.flac</location></track>"
        "<track><creator>Artist 2</creator><title>Title 5 · #06 starts with hash</title></track>"
        "<track><location>file:///nowhere/x.flac</location><title>x</title></track>"
        "</trackList></playlist>",
        encoding="utf-8",
    )
    parsed = read_playlist(xspf)
    assert parsed.name == "Hand"
    result = match_entries(catalog, parsed)
    assert result.track_ids == [ids[1], ids[5]]  # the second by artist + title
    assert result.by_metadata == 1
    assert [(u.position, u.reason) for u in result.unmatched] == [(3, "file not found")]


def test_metadata_match_when_files_moved(library, tmp_path: Path) -> None:
    catalog, ids, _ = library
    dest = tmp_path / "elsewhere.m3u8"
    dest.write_text(
        "#EXTM3U\n#EXTINF:1,Artist 1 - Title 1 · 02 with space #hash 100%\n"
        "C:\\Users\\me\\Music\\02.flac\n#EXTINF:1,Nobody - Nothing\nD:\\x.mp3\n",
        encoding="utf-8",
    )
    result = match_entries(catalog, read_playlist(dest))
    assert result.track_ids == [ids[1]]
    assert len(result.unmatched) == 1 and result.unmatched[0].position == 5


@pytest.mark.parametrize(
    "content, message",
    [
        (
            b'<?xml version="1.0"?><playlist version="1"><trackList><track>',
            r"bad\.xspf: not valid XML \(line 1",
        ),
        (b"<foo/>", r"bad\.xspf: not an XSPF playlist \(root element is <foo>"),
        (b'<playlist version="1"/>', r"bad\.xspf: not an XSPF playlist \(no <trackList>\)"),
        (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><playlist>&a;</playlist>',
            r"bad\.xspf: refused unsafe XML",
        ),
    ],
)
def test_broken_xspf_is_one_line(tmp_path: Path, content: bytes, message: str) -> None:
    bad = tmp_path / "bad.xspf"
    bad.write_bytes(content)
    with pytest.raises(DeepCutsError, match=message) as err:
        read_playlist(bad)
    assert "\n" not in str(err.value)


def test_broken_pls_and_missing_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pls"
    bad.write_text("File1=a.mp3\n", encoding="utf-8")
    with pytest.raises(DeepCutsError, match=r"bad\.pls: not a PLS playlist"):
        read_playlist(bad)
    bad.write_text("[playlist]\nthis line has no equals sign\n", encoding="utf-8")
    with pytest.raises(DeepCutsError, match=r"bad\.pls: line 2: not a PLS entry"):
        read_playlist(bad)
    with pytest.raises(DeepCutsError, match=r"gone\.m3u8: no such file"):
        read_playlist(tmp_path / "gone.m3u8")
