"""Matching across scripts: a play spelled correctly matches a file whose legacy-encoded tags
were repaired on reading; traditional and simplified Chinese match; full-width letters fold."""

from __future__ import annotations

from mutagen.id3 import ID3, TALB, TIT2, TPE1

from analysis.catalog import Catalog
from analysis.scanner import scan
from recommender.history.matching import CatalogIndex, artist_key, title_parts
from tests.media import write_audio


def _legacy_mp3(path) -> None:
    """An MP3 tagged by an old Chinese ripper: GBK bytes in ID3v2 frames declared Latin-1."""
    write_audio(path, seconds=0.3)
    tag = ID3()
    for frame, text in ((TIT2, "月亮代表我的心"), (TPE1, "邓丽君"), (TALB, "淡淡幽情")):
        tag.add(frame(encoding=0, text=text.encode("gbk").decode("latin-1")))
    tag.save(path, v2_version=3)


def test_play_matches_the_repaired_file_in_both_chinese_scripts(tmp_path):
    music = tmp_path / "music"
    _legacy_mp3(music / "moon.mp3")
    write_audio(music / "other.mp3", seconds=0.3)
    with Catalog(tmp_path / "data") as catalog:
        scan(catalog, [music], workers=1)
        track = catalog.track_by_path(music / "moon.mp3")
        assert track is not None
        index = CatalogIndex.from_catalog(catalog)
    simplified = index.match(artist="邓丽君", title="月亮代表我的心")
    assert simplified is not None and simplified.track_id == track.id
    assert simplified.method == "exact"
    traditional = index.match(artist="鄧麗君", title="月亮代表我的心", album="淡淡幽情")
    assert traditional is not None and traditional.track_id == track.id
    assert traditional.confidence >= 0.95
    # what a reader without the repair showed (and a scrobbler sent on) is repaired too
    mojibake = index.match(artist="µËÀö¾ý", title="ÔÂÁÁ´ú±íÎÒµÄÐÄ")
    assert mojibake is not None and mojibake.track_id == track.id


def test_full_width_and_traditional_forms_fold_to_one_key():
    assert artist_key("ＢＥＹＯＮＤ") == artist_key("Beyond") == "beyond"
    assert artist_key("張學友") == artist_key("张学友")
    assert title_parts("吻別") == title_parts("吻别")
    assert title_parts("ｌｏｖｅ　ｓｏｎｇ") == title_parts("Love Song")
    assert artist_key("王菲") != artist_key("王非")  # a different name stays different


def test_exported_playlists_carry_the_repaired_text(tmp_path):
    import xml.etree.ElementTree as ET

    from recommender.playlists.files.records import PlaylistItem
    from recommender.playlists.files.write import write_playlist

    music = tmp_path / "music"
    _legacy_mp3(music / "moon.mp3")
    with Catalog(tmp_path / "data") as catalog:
        scan(catalog, [music], workers=1)
        track = catalog.track_by_path(music / "moon.mp3")
    assert track is not None
    m3u = write_playlist(tmp_path / "out.m3u8", [PlaylistItem.from_track(track)])
    text = m3u.read_text(encoding="utf-8")
    assert "#EXTINF:" in text and "邓丽君 - 月亮代表我的心" in text
    xspf = write_playlist(tmp_path / "out.xspf", [PlaylistItem.from_track(track)])
    ns = {"x": "http://xspf.org/ns/0/"}
    node = ET.parse(xspf).getroot().find("x:trackList/x:track", ns)
    assert node is not None
    assert node.findtext("x:creator", namespaces=ns) == "邓丽君"
    assert node.findtext("x:title", namespaces=ns) == "月亮代表我的心"


def test_plays_reported_as_mojibake_match_the_repaired_file():
    """A scrobbler that read the old tag sent its Latin-1 reading to Last.fm."""
    rows = [
        {
            "id": 1,
            "identity": "id1",
            "artist": "邓丽君",
            "title": "月亮代表我的心",
            "album": "淡淡幽情",
        },
        {"id": 2, "identity": "id2", "artist": "Björk", "title": "Jóga", "album": "Homogenic"},
    ]
    base = {"artists": [], "album_artist": None, "isrc": None, "mb_recording_id": None}
    index = CatalogIndex(
        [dict(base, missing=0, path=f"/m/{r['id']}.mp3", duration=200.0, **r) for r in rows]
    )
    moon = [t.encode("gbk").decode("latin-1") for t in ("邓丽君", "月亮代表我的心", "淡淡幽情")]
    found = index.match(artist=moon[0], title=moon[1], album=moon[2])
    assert found is not None and found.track_id == 1
    bjork = index.match(artist="Björk", title="Jóga")
    assert bjork is not None and bjork.track_id == 2  # genuine Latin-1 untouched
