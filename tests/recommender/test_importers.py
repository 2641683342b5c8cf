"""Every import format: real samples from ../shared/data and generated files in each layout."""

from __future__ import annotations

import json
import plistlib
import sqlite3
import zipfile
import zlib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from recommender.history.importers import ImportFormatError, parse_history

# -- real samples ------------------------------------------------------------------------------


def test_real_lastfm_csv(shared_data):
    h = parse_history(shared_data / "histories/lastfm-ghan-csv/scrobbles.csv")
    assert h.format == "lastfm" and len(h.events) == 11622
    first = h.events[0]
    assert (first.artist, first.title, first.album) == ("The Cure", "Primary", "Faith")
    assert first.played_at == 1720688852 and first.mb_recording_id.startswith("58900088")
    assert sum(1 for e in h.events if e.mb_recording_id) == 9462


def test_real_lastfm_1k(shared_data):
    h = parse_history(shared_data / "histories/lastfm-1k-tsv")
    assert h.format == "lastfm-1k" and len(h.events) == 5000
    assert h.events[0].played_at == datetime(2009, 5, 4, 23, 8, 57, tzinfo=UTC).timestamp()
    assert h.events[1].artist == "坂本龍一"


def test_real_spotify_account(shared_data):
    h = parse_history(shared_data / "histories/spotify-account-json")
    # 33,489 entries; 245 of them played for 0 ms are not plays (skipped, counted)
    assert h.format == "spotify" and len(h.events) == 33244 and len(h.files) == 4
    assert h.skipped_json() == [
        {
            "reason": "zero duration",
            "count": 245,
            "lines": [29, 964, 968, 1693, 1780, 1996, 2090, 2226, 2238, 2313],
        }
    ]
    e = h.events[0]
    end = datetime(2020, 1, 5, 21, 44, tzinfo=UTC).timestamp()
    assert e.played_at == pytest.approx(end - 109.737)  # start = end - msPlayed
    assert e.ms_played == 109737 and e.skipped is None and e.album is None


def test_real_spotify_extended_skips_video_and_podcasts(shared_data):
    h = parse_history(shared_data / "histories/spotify-extended-json")
    assert h.format == "spotify"
    # 6978 audio entries minus 49 without track metadata and 25 played for 0 ms
    assert len(h.events) == 6904
    assert h.skipped_entries == 16 + 49  # the video file, and podcast/audiobook entries
    assert {s["reason"]: s["count"] for s in h.skipped_json()} == {
        "not music (podcast, audiobook or video)": 16 + 49,
        "zero duration": 25,
    }
    assert {e.skipped for e in h.events} == {True, False}
    assert any(e.end_reason == "trackdone" for e in h.events)


def test_real_itunes_and_rhythmbox(shared_data):
    it = parse_history(shared_data / "player-libraries/itunes-xml")
    assert it.format == "itunes" and len(it.aggregates) == 8 and not it.events
    assert all(a.play_count > 0 and a.location.startswith("/") for a in it.aggregates)
    rb = parse_history(shared_data / "player-libraries/rhythmbox-xml/rhythmdb.xml")
    assert rb.format == "rhythmbox" and len(rb.aggregates) == 12
    assert rb.skipped_entries == 6  # 4 ignore + 2 iradio entries


# -- generated files in every layout -----------------------------------------------------------


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding)
    return path


LASTFM_LAYOUTS = {
    "web": (
        "uts,utc_time,artist,artist_mbid,album,album_mbid,track,track_mbid\n"
        '"1720688852","11 Jul 2024, 09:07","The Cure","","Faith","","Primary",""\n'
        '"1720688656","11 Jul 2024, 09:04","Sigur Rós","","","","Hoppípolla",""\n'
    ),
    "to-csv": (
        "artist,album,track,uts\nThe Cure,Faith,Primary,1720688852\n"
        "Sigur Rós,,Hoppípolla,1720688656\n"
    ),
    "raw": (
        'The Cure,Faith,Primary,"11 Jul 2024 09:07"\nSigur Rós,,Hoppípolla,"11 Jul 2024 09:04"\n'
    ),
    "utc_time": (
        'utc_time,artist,album,track\n"11 Jul 2024, 09:07",The Cure,Faith,Primary\n'
        '"11 Jul 2024, 09:04",Sigur Rós,,Hoppípolla\n'
    ),
    "pandas": (
        ",artist,album,track,timestamp,datetime\n"
        "0,The Cure,Faith,Primary,1720688852,2024-07-11 09:07:32\n"
        "1,Sigur Rós,NA,Hoppípolla,1720688656,2024-07-11 09:04:16\n"
    ),
    "pandas-date": (
        ",artist,album,track,date\n0,The Cure,Faith,Primary,2024-07-11 09:07:00\n"
        "1,Sigur Rós,NA,Hoppípolla,2024-07-11 09:04:00\n"
    ),
}


@pytest.mark.parametrize("layout", sorted(LASTFM_LAYOUTS))
def test_lastfm_every_csv_layout(tmp_path, layout):
    h = parse_history(_write(tmp_path / "scrobbles.csv", LASTFM_LAYOUTS[layout]))
    assert h.format == "lastfm"
    assert [(e.artist, e.title, e.album) for e in h.events] == [
        ("The Cure", "Primary", "Faith"),
        ("Sigur Rós", "Hoppípolla", None),
    ]
    minute = datetime(2024, 7, 11, 9, 7, tzinfo=UTC).timestamp()
    assert minute <= h.events[0].played_at < minute + 60


def test_lastfm_utf8_bom_and_crlf(tmp_path):
    p = tmp_path / "s.csv"
    p.write_bytes(("\ufeff" + LASTFM_LAYOUTS["to-csv"]).replace("\n", "\r\n").encode())
    assert len(parse_history(p).events) == 2


def _listen(ts: int, artist: str, title: str, **extra) -> dict:
    info = {"duration_ms": 215000, "media_player": "mpv"}
    if title == "Army of Me":
        info["isrc"] = "GBAYE0601690"
    return {
        "listened_at": ts,
        "inserted_at": ts + 5,
        "recording_msid": f"msid-{title}",
        "track_metadata": {
            "artist_name": artist,
            "track_name": title,
            "release_name": "Album",
            "additional_info": info,
            "mbid_mapping": {
                "recording_mbid": f"0d1a3f3e-0000-4000-8000-{zlib.crc32(title.encode()):012d}",
                "artist_mbids": [],
            },
        },
        **extra,
    }


def make_listenbrainz_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("user.json", json.dumps({"user_id": 1, "user_name": "me"}))
        zf.writestr(
            "listens/2024/1.jsonl",
            "\n".join(json.dumps(_listen(1704100000 + i, "Björk", f"Song {i}")) for i in range(3))
            + "\n",
        )
        zf.writestr(
            "listens/2024/2.jsonl", json.dumps(_listen(1706800000, "Björk", "Army of Me")) + "\n"
        )
        zf.writestr(
            "feedback.jsonl",
            "\n".join(
                json.dumps(x)
                for x in [
                    {"recording_msid": "msid-Army of Me", "score": 1, "created": 1706800100},
                    {
                        "recording_msid": "msid-Song 0",
                        "recording_mbid": None,
                        "score": -1,
                        "created": 1706800200,
                    },
                    {
                        "recording_mbid": "0d1a3f3e-0000-4000-8000-0000000000ff",
                        "score": 1,
                        "created": 1706800300,
                    },
                    {"recording_msid": "never-heard", "score": 0, "created": 1706800400},
                ]
            )
            + "\n",
        )
        zf.writestr(
            "pinned_recording.jsonl",
            json.dumps({"recording_msid": "x", "blurb_content": "hi"}) + "\n",
        )
    return path


def test_listenbrainz_zip_with_feedback(tmp_path):
    h = parse_history(make_listenbrainz_zip(tmp_path / "lb.zip"))
    assert h.format == "listenbrainz" and len(h.events) == 4
    e = h.events[-1]
    assert (e.artist, e.title, e.album, e.duration_ms, e.isrc) == (
        "Björk",
        "Army of Me",
        "Album",
        215000,
        "GBAYE0601690",
    )
    assert e.mb_recording_id and e.played_at == 1706800000
    kinds = sorted((f.kind, f.title or "") for f in h.feedback)
    assert kinds == [("ban", "Song 0"), ("like", ""), ("like", "Army of Me")]


def test_listenbrainz_old_json_array(tmp_path):
    listens = [_listen(1704100000 + i, "Björk", f"Song {i}", user_name="me") for i in range(2)]
    h = parse_history(_write(tmp_path / "old.json", json.dumps(listens)))
    assert h.format == "listenbrainz" and [e.title for e in h.events] == ["Song 0", "Song 1"]


def test_spotify_layouts(tmp_path):
    folder = tmp_path / "my_spotify_data"
    (folder / "Spotify Account Data").mkdir(parents=True)
    (folder / "Spotify Extended Streaming History").mkdir()
    _write(
        folder / "Spotify Account Data/StreamingHistory0.json",
        json.dumps(
            [
                {
                    "endTime": "2021-10-06 01:44",
                    "artistName": "A",
                    "trackName": "T",
                    "msPlayed": 60000,
                },
                {
                    "endTime": "2021-10-06 01:45",
                    "artistName": "Unknown Artist",
                    "trackName": "Unknown Track",
                    "msPlayed": 1000,
                },
            ]
        ),
    )
    _write(
        folder / "Spotify Account Data/StreamingHistory_podcast_0.json",
        json.dumps(
            [
                {
                    "endTime": "2021-10-06 01:44",
                    "podcastName": "P",
                    "episodeName": "E",
                    "msPlayed": 60000,
                }
            ]
        ),
    )
    _write(folder / "Spotify Account Data/Userdata.json", json.dumps({"username": "x"}))
    base = {
        "platform": "linux",
        "conn_country": "DE",
        "spotify_track_uri": "spotify:track:x",
        "reason_start": "clickrow",
        "shuffle": False,
        "offline": False,
        "incognito_mode": False,
    }
    _write(
        folder / "Spotify Extended Streaming History/endsong_0.json",
        json.dumps(
            [
                {
                    **base,
                    "ts": "2022-01-01T10:00:00Z",
                    "username": "u",
                    "ms_played": 10000,
                    "master_metadata_track_name": "B1",
                    "master_metadata_album_artist_name": "B",
                    "master_metadata_album_album_name": "BA",
                    "reason_end": "fwdbtn",
                    "skipped": None,
                    "offline_timestamp": 1641031190000,
                },
                {
                    **base,
                    "ts": "2022-01-01T10:05:00Z",
                    "username": "u",
                    "ms_played": 3000,
                    "master_metadata_track_name": None,
                    "master_metadata_album_artist_name": None,
                    "master_metadata_album_album_name": None,
                    "episode_name": "Ep",
                    "reason_end": "endplay",
                    "skipped": None,
                },
            ]
        ),
    )
    _write(
        folder / "Spotify Extended Streaming History/Streaming_History_Audio_2023.json",
        json.dumps(
            [
                {
                    **base,
                    "ts": "2023-01-01T10:00:00Z",
                    "ms_played": 200000,
                    "master_metadata_track_name": "C1",
                    "master_metadata_album_artist_name": "C",
                    "master_metadata_album_album_name": "CA",
                    "reason_end": "trackdone",
                    "skipped": False,
                    "audiobook_title": None,
                    "offline_timestamp": 1672567000,
                }
            ]
        ),
    )
    _write(
        folder / "Spotify Extended Streaming History/Streaming_History_Video_2023.json",
        json.dumps(
            [
                {
                    **base,
                    "ts": "2023-01-01T11:00:00Z",
                    "ms_played": 5000,
                    "master_metadata_track_name": "V",
                    "reason_end": "endplay",
                    "master_metadata_album_artist_name": "V",
                    "skipped": True,
                }
            ]
        ),
    )
    for source in (folder, _zip_folder(folder, tmp_path / "my_spotify_data.zip")):
        h = parse_history(source)
        assert h.format == "spotify"
        got = [(e.artist, e.title, e.album, e.skipped, e.end_reason) for e in h.events]
        assert got == [
            ("A", "T", None, None, None),
            ("C", "C1", "CA", False, "trackdone"),
            ("B", "B1", "BA", True, "fwdbtn"),
        ]
        assert h.events[0].played_at == datetime(2021, 10, 6, 1, 43, tzinfo=UTC).timestamp()
        assert h.skipped_entries == 4  # unknown placeholder, podcast file, episode, video file


def _zip_folder(folder: Path, dest: Path) -> Path:
    with zipfile.ZipFile(dest, "w") as zf:
        for p in sorted(folder.rglob("*")):
            if p.is_file():
                zf.write(p, p.relative_to(folder.parent).as_posix())
    return dest


def test_itunes_generated(tmp_path):
    lib = {
        "Major Version": 1,
        "Tracks": {
            "1": {
                "Track ID": 1,
                "Name": "Voyager",
                "Artist": "Daft Punk",
                "Album": "Discovery",
                "Total Time": 227918,
                "Play Count": 7,
                "Skip Count": 2,
                "Rating": 80,
                "Loved": True,
                "Play Date UTC": datetime(2020, 1, 1, 12, 0),
                "Location": "file://localhost/Music/Daft%20Punk/Voyager.mp3",
            },
            "2": {"Track ID": 2, "Name": "Ep 1", "Artist": "Pod", "Podcast": True, "Play Count": 3},
            "3": {"Track ID": 3, "Name": "Unplayed", "Artist": "X"},
            "4": {
                "Track ID": 4,
                "Name": "Computed",
                "Artist": "X",
                "Rating": 60,
                "Rating Computed": True,
                "Play Count": 1,
                "Disliked": True,
            },
        },
        "Playlists": [],
    }
    h = parse_history(_write(tmp_path / "Library.xml", plistlib.dumps(lib).decode()))
    assert h.format == "itunes"
    a = h.aggregates[0]
    assert (a.title, a.play_count, a.skip_count, a.rating, a.loved, a.location) == (
        "Voyager",
        7,
        2,
        0.8,
        True,
        "/Music/Daft Punk/Voyager.mp3",
    )
    assert a.last_played == datetime(2020, 1, 1, 12, 0, tzinfo=UTC).timestamp()
    assert h.aggregates[1].rating is None  # album-computed rating ignored
    assert sorted(f.kind for f in h.feedback) == ["dislike", "like"]
    assert h.skipped_entries == 1


def test_itunes_refuses_entities(tmp_path):
    evil = (
        '<?xml version="1.0"?><!DOCTYPE plist [<!ENTITY a "aaaa">]>'
        '<plist version="1.0"><dict><key>Tracks</key><dict></dict></dict></plist>'
    )
    with pytest.raises(ImportFormatError, match="entity"):
        parse_history(_write(tmp_path / "evil.xml", evil), format="itunes")


def test_rhythmbox_generated(tmp_path):
    xml = (
        '<?xml version="1.0" standalone="yes"?>\n<rhythmdb version="2.0">\n'
        '<entry type="song"><title>A &amp; B</title><artist>X</artist><album>Y</album>'
        "<duration>200</duration><location>file:///m/A%20B.mp3</location>"
        "<play-count>4</play-count><rating>3</rating><last-played>1470592955</last-played>"
        '</entry>\n<entry type="iradio"><title>Radio</title></entry>\n</rhythmdb>\n'
    )
    h = parse_history(_write(tmp_path / "rhythmdb.xml", xml))
    a = h.aggregates[0]
    assert (a.title, a.play_count, a.rating, a.duration_ms, a.location, a.last_played) == (
        "A & B",
        4,
        0.6,
        200000,
        "/m/A B.mp3",
        1470592955.0,
    )


def test_rhythmbox_refuses_billion_laughs(tmp_path):
    xml = (
        '<?xml version="1.0"?><!DOCTYPE rhythmdb [<!ENTITY a "x"><!ENTITY b "&a;&a;">]>'
        '<rhythmdb version="2.0"><entry type="song"><title>&b;</title></entry></rhythmdb>'
    )
    with pytest.raises(ImportFormatError, match="unsafe XML"):
        parse_history(_write(tmp_path / "rhythmdb.xml", xml))


def make_strawberry_db(path: Path, shared_data: Path) -> Path:
    schema = (shared_data / "formats/player-db-schemas/strawberry-schema.sql").read_text()
    conn = sqlite3.connect(path)
    conn.executescript(schema)
    rows = [
        (
            "Teardrop",
            "Massive Attack",
            "Mezzanine",
            331_000_000_000,
            12,
            1,
            1700000000,
            0.8,
            "file:///music/Massive%20Attack/Teardrop.flac",
        ),
        (
            "Angel",
            "Massive Attack",
            "Mezzanine",
            379_000_000_000,
            0,
            0,
            -1,
            -1,
            "file:///music/Angel.flac",
        ),
        (
            "Unrated played",
            "Portishead",
            "Dummy",
            240_000_000_000,
            3,
            0,
            1600000000,
            -1,
            "file:///music/Roads.flac",
        ),
    ]
    conn.executemany(
        "INSERT INTO songs(title, artist, album, length, playcount, skipcount, "
        "lastplayed, rating, url) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    conn.commit()
    conn.close()
    return path


def make_clementine_db(path: Path, shared_data: Path) -> Path:
    schema = (shared_data / "formats/player-db-schemas/clementine-schema.sql").read_text()
    conn = sqlite3.connect(path)
    conn.executescript(schema)
    # later Clementine schema versions added the counters to the v0 table
    for col in (
        "playcount INTEGER NOT NULL DEFAULT 0",
        "skipcount INTEGER NOT NULL DEFAULT 0",
        "lastplayed INTEGER",
        "rating INTEGER DEFAULT -1",
    ):
        conn.execute(f"ALTER TABLE songs ADD COLUMN {col}")
    conn.executemany(
        "INSERT INTO songs(title, artist, album, length, directory, filename, mtime, ctime, "
        "filesize, playcount, skipcount, lastplayed, rating) "
        "VALUES (?, ?, ?, ?, 1, ?, 0, 0, 0, ?, ?, ?, ?)",
        [
            (
                "Windowlicker",
                "Aphex Twin",
                "Windowlicker",
                367_000_000_000,
                "file:///music/Windowlicker.flac",
                5,
                2,
                1650000000,
                1.0,
            ),
            ("Nothing", "Aphex Twin", "X", 100_000_000_000, "/music/n.flac", 0, 0, -1, -1),
        ],
    )
    conn.commit()
    conn.close()
    return path


def test_strawberry_and_clementine(tmp_path, shared_data):
    sb = parse_history(make_strawberry_db(tmp_path / "strawberry.db", shared_data))
    assert sb.format == "strawberry"
    assert [
        (a.title, a.play_count, a.skip_count, a.rating, a.duration_ms) for a in sb.aggregates
    ] == [("Teardrop", 12, 1, 0.8, 331000), ("Unrated played", 3, 0, None, 240000)]
    assert sb.aggregates[0].location == "/music/Massive Attack/Teardrop.flac"
    cl = parse_history(make_clementine_db(tmp_path / "clementine.db", shared_data))
    assert cl.format == "clementine"
    assert [
        (a.title, a.play_count, a.skip_count, a.rating, a.last_played) for a in cl.aggregates
    ] == [("Windowlicker", 5, 2, 1.0, 1650000000.0)]


def test_clementine_too_old_for_counts(tmp_path, shared_data):
    schema = (shared_data / "formats/player-db-schemas/clementine-schema.sql").read_text()
    conn = sqlite3.connect(tmp_path / "old.db")
    conn.executescript(schema)
    conn.close()
    with pytest.raises(ImportFormatError, match="too old"):
        parse_history(tmp_path / "old.db")


# -- bad input ---------------------------------------------------------------------------------


def test_not_an_export(tmp_path):
    p = _write(tmp_path / "notes.txt", "just some notes\n")
    with pytest.raises(ImportFormatError, match=r"notes\.txt: not a listening history"):
        parse_history(p)
    with pytest.raises(ImportFormatError, match="no such file"):
        parse_history(tmp_path / "missing.csv")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ImportFormatError, match="found no file"):
        parse_history(tmp_path / "empty")


def test_wrong_format_named(tmp_path):
    p = _write(tmp_path / "s.csv", LASTFM_LAYOUTS["web"])
    with pytest.raises(
        ImportFormatError,
        match=r"s\.csv: this looks like a lastfm export, "
        r"not spotify",
    ):
        parse_history(p, format="spotify")


def test_truncated_json_names_line(tmp_path):
    good = json.dumps(
        [{"endTime": "2021-10-06 01:44", "artistName": "A", "trackName": "T", "msPlayed": 1}] * 3,
        indent=1,
    )
    p = _write(tmp_path / "StreamingHistory0.json", good[: len(good) // 2])
    with pytest.raises(ImportFormatError, match=r"StreamingHistory0\.json: line \d+: truncated"):
        parse_history(p)


def test_bad_encoding_names_line(tmp_path):
    p = tmp_path / "s.csv"
    p.write_bytes(
        LASTFM_LAYOUTS["to-csv"].encode("utf-8") + "Motörhead,,Ace,1720688000\n".encode("latin-1")
    )
    with pytest.raises(ImportFormatError, match=r"s\.csv: line 4: not UTF-8"):
        parse_history(p)


@pytest.mark.parametrize(
    ("text", "where"),
    [
        # every row bad: the file is refused, naming the first bad line
        ("artist,album,track,uts\nA,B,C,yesterday\n", "line 2: unreadable time; none of"),
        ("artist,album,track,uts\nA,B,,1720688852\n", "line 2: empty artist or title; none"),
        # more than half bad
        (
            "artist,album,track,uts\nA,B,C,1720688852\nA,B\nA,B,C,1999-01-01\n",
            "line 3: wrong number of columns; 2 of its 3 rows are not plays",
        ),
    ],
)
def test_bad_rows_refuse_the_file_when_mostly_bad(tmp_path, text, where):
    with pytest.raises(ImportFormatError, match=where):
        parse_history(_write(tmp_path / "bad.csv", text))


def test_bad_entry_names_entry(tmp_path):
    p = _write(
        tmp_path / "StreamingHistory0.json",
        json.dumps(
            [
                {"endTime": "2021-10-06 01:44", "artistName": "A", "trackName": "T", "msPlayed": 1},
                {
                    "endTime": "2021-10-06 01:44",
                    "artistName": "A",
                    "trackName": "T",
                    "msPlayed": "x",
                },
            ]
        ),
    )
    with pytest.raises(ImportFormatError, match="entry 2: ms_played"):
        parse_history(p)
    p = _write(tmp_path / "1.jsonl", json.dumps(_listen(1704100000, "A", "B")) + "\n{oops\n")
    with pytest.raises(ImportFormatError, match=r"1\.jsonl: line 2: invalid JSON"):
        parse_history(p)


def test_damaged_zip(tmp_path):
    p = tmp_path / "export.zip"
    make_listenbrainz_zip(p)
    data = p.read_bytes()
    p.write_bytes(data[: len(data) // 2])
    with pytest.raises(ImportFormatError):
        parse_history(p)


def test_spotify_offline_plays_start_at_offline_timestamp(tmp_path):
    base = {
        "ms_played": 100_000,
        "master_metadata_track_name": "T",
        "master_metadata_album_artist_name": "A",
        "master_metadata_album_album_name": "L",
        "reason_end": "trackdone",
        "skipped": False,
    }
    start = 1_700_000_000
    older = [
        {
            **base,
            "ts": "2024-01-01T00:00:00Z",
            "username": "u",
            "offline": True,
            "offline_timestamp": start * 1000,
        }
    ]  # endsong_*: milliseconds
    newer = [
        {
            **base,
            "ts": "2024-01-01T00:00:00Z",
            "offline": True,
            "offline_timestamp": start + 600,
        },  # Streaming_History_Audio_*: seconds
        {**base, "ts": "2024-01-01T00:00:00Z", "offline": False, "offline_timestamp": 1},
    ]
    _write(tmp_path / "endsong_0.json", json.dumps(older))
    _write(tmp_path / "Streaming_History_Audio_2024.json", json.dumps(newer))
    got = [e.played_at for e in parse_history(tmp_path).events]
    synced = datetime(2024, 1, 1, tzinfo=UTC).timestamp()
    assert got == [start + 600, synced - 100, start]


def test_lastfm_spreadsheet_separators_and_utf16(tmp_path):
    text = LASTFM_LAYOUTS["pandas"]
    for name, sep, enc in (("semi.csv", ";", "utf-8"), ("excel.txt", "\t", "utf-16")):
        p = tmp_path / name
        p.write_text(text.replace(",", sep), encoding=enc)  # utf-16 writes a BOM
        h = parse_history(p)
        assert h.format == "lastfm" and [e.title for e in h.events] == ["Primary", "Hoppípolla"]
    # the Last.fm-1K TSV (no header) is still told apart
    one_k = tmp_path / "1k.tsv"
    one_k.write_text("user_000001\t2009-05-04T23:08:57Z\t\tDeep Dish\t\tFlashdance\n")
    assert parse_history(one_k).format == "lastfm-1k"
