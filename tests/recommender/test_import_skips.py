"""Real exports with a few bad rows import whole (issue 12, part 1): rows that are not plays are
skipped and counted, files are refused only when they are not the format or mostly bad, folders
of mixed formats import every history in them, and a CSV nobody standardised is read by the names
of its columns (or the columns a person names)."""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from recommender.history import HistoryStore
from recommender.history.importers import ImportFormatError, parse_history
from recommender.history.importers.csvcolumns import parse_column_map

PLACEHOLDER = "Last.fm placeholder date 13 Feb 2005 10:20 (time unknown)"


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding=encoding, newline="")
    return path


def _good_rows(n: int, start: int = 1720000000) -> list[str]:
    return [f"Artist {i},Album,Song {i},{start + 300 * i}" for i in range(n)]


def _skips(h) -> dict[str, tuple[int, list[int]]]:
    return {s["reason"]: (s["count"], s["lines"]) for s in h.skipped_json()}


# -- skipped and counted -----------------------------------------------------------------------


def test_bad_rows_are_skipped_and_counted_with_their_lines(tmp_path):
    rows = ["artist,album,track,uts", *_good_rows(20)]
    rows[3] = " ,Album,Song,1720000600"  # artist a blank space (the row of the bug report)
    rows[5] = "Artist,Album,\t,1720001200"  # whitespace-only title
    rows[7] = "Artist,Album,Song,yesterday"
    rows[9] = "Artist,Album,Song,1999-12-31 23:00"  # before 2000
    rows[11] = "Artist,Album,Song,2101-01-01T00:00:00Z"  # after 2100
    rows[13] = "Artist,Album,Song,"  # the "now playing" row
    rows[15] = "Artist,Album,Song,13 Feb 2005 10:20"  # Last.fm's unknown time
    rows[16] = "Artist,Album"  # too short
    h = parse_history(_write(tmp_path / "s.csv", "\n".join(rows) + "\n"))
    assert len(h.events) == 12
    assert _skips(h) == {
        "empty artist or title": (2, [4, 6]),
        "unreadable time": (1, [8]),
        "time outside 2000-2100": (2, [10, 12]),
        "now playing row without a date": (1, [14]),
        PLACEHOLDER: (1, [16]),
        "wrong number of columns": (1, [17]),
    }
    assert not any(datetime.fromtimestamp(e.played_at, UTC).year == 2005 for e in h.events)
    (summary,) = h.summaries
    assert summary.plays == 12 and summary.bad == 8


def test_only_the_first_ten_lines_are_kept():
    from recommender.history.importers.rows import FileSummary

    s = FileSummary(file="f", format="lastfm")
    for line in range(2, 40):
        s.skip("unreadable time", line)
    assert s.to_json()["skipped"] == [
        {"reason": "unreadable time", "count": 38, "lines": list(range(2, 12))}
    ]


def test_placeholder_and_now_playing_in_a_headerless_export(tmp_path):
    # lastfm-to-csv without a header, the first row being the "now playing" row
    text = (
        "Billie Marten,Writing,Milk & Honey,\n"
        "Billie Marten,Writing,Emily,15 Aug 2017 21:19\n"
        "Billie Marten,Writing,Bird,13 Feb 2005 10:20\n"
        "Billie Marten,Writing,La Lune,15 Aug 2017 20:38\n"
        "Billie Marten,Writing,Milk & Honey,\n"
        "Billie Marten,Writing,Lionhearted,15 Aug 2017 21:14\n"
    )
    h = parse_history(_write(tmp_path / "scrobbles.csv", text))
    assert h.format == "lastfm" and [e.title for e in h.events] == [
        "Emily",
        "La Lune",
        "Lionhearted",
    ]
    assert _skips(h) == {
        "now playing row without a date": (2, [1, 5]),
        PLACEHOLDER: (1, [3]),
    }


# -- refused whole -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.csv", "one,two,three\n1,2,3\n", r"notes\.csv: not a listening history"),
        ("s.csv", "artist,album,track,uts\nA,B,,x\n , ,C,\n", r"s\.csv: line 2: .*none of"),
        (
            "s.csv",
            "artist,album,track,uts\n" + "A,B,C,never\n" * 6 + "A,B,C,1720000000\n" * 5,
            r"s\.csv: line 2: unreadable time; 6 of its 11 rows are not plays",
        ),
        (
            "s.csv",
            "artist,album,track,uts\nA,B,C,1720000000\nA,B,C,1720000300\nA,B,",
            r"s\.csv: line 4: the file ends in the middle of a row",
        ),
        (
            "StreamingHistory0.json",
            '[{"endTime": "2021-10-06 01:44", "artistName": "A", "trackName": "T", '
            '"msPlayed": 9000},\n {"endTime": "2021-10-06 01:50", "artistN',
            r"StreamingHistory0\.json: line 2: truncated JSON",
        ),
        ("StreamingHistory0.json", "this is not json {", "not a listening history"),
    ],
)
def test_files_that_are_not_the_format_or_mostly_bad_are_refused(
    tmp_path, data_dir, name, content, message
):
    p = _write(tmp_path / name, content)
    with pytest.raises(ImportFormatError, match=message):
        parse_history(p)
    with HistoryStore(data_dir) as store, pytest.raises(ImportFormatError):
        store.import_path(p, None)
    with HistoryStore(data_dir) as store:
        assert store.conn.execute("SELECT COUNT(*) FROM plays").fetchone()[0] == 0
        assert store.conn.execute("SELECT COUNT(*) FROM imports").fetchone()[0] == 0


def test_one_bad_file_in_a_folder_refuses_the_whole_import(tmp_path, data_dir):
    folder = tmp_path / "export"
    _write(folder / "a.csv", "\n".join(["artist,album,track,uts", *_good_rows(5)]) + "\n")
    _write(folder / "b.csv", "artist,album,track,uts\nA,B,,1720000000\n")
    with HistoryStore(data_dir) as store:
        with pytest.raises(ImportFormatError, match=r"b\.csv: line 2: empty artist or title"):
            store.import_path(folder, None)
        assert store.conn.execute("SELECT COUNT(*) FROM plays").fetchone()[0] == 0


def test_broken_encoding_is_refused_naming_the_line(tmp_path):
    p = tmp_path / "s.csv"
    p.write_bytes(b"artist,album,track,uts\nA,B,C,1720000000\nMot\xf6rhead,,Ace,1720000300\n")
    with pytest.raises(ImportFormatError, match=r"s\.csv: line 3: not UTF-8"):
        parse_history(p)


# -- re-import ---------------------------------------------------------------------------------


def test_reimport_adds_nothing_and_reports_the_skipped_rows_again(tmp_path, data_dir):
    rows = ["artist,album,track,uts", *_good_rows(10), "X,Y,Z,", " ,Y,Z,1720000000"]
    p = _write(tmp_path / "s.csv", "\n".join(rows) + "\n")
    with HistoryStore(data_dir) as store:
        first = store.import_path(p, None)
        again = store.import_path(p, None)
        assert first.events == 10 and first.duplicates == 0
        assert again.events == 10 and again.duplicates == 10
        assert store.conn.execute("SELECT COUNT(*) FROM plays").fetchone()[0] == 10
    expected = [
        {"reason": "empty artist or title", "count": 1, "lines": [13]},
        {"reason": "now playing row without a date", "count": 1, "lines": [12]},
    ]
    assert first.to_json()["skipped"] == expected == again.to_json()["skipped"]


# -- folders and archives of several formats ---------------------------------------------------


def _archive_entry(ts: int, artist: str, title: str, album: str | None = "Album") -> dict:
    entry: dict = {
        "timestamp": {"iso": datetime.fromtimestamp(ts, UTC).isoformat(), "unixtimestamp": ts},
        "track": {"name": title, "mbid": "", "artist": {"name": artist, "mbid": ""}},
        "uncorrectedTrack": {"name": title, "artist": {"name": artist}},
    }
    if album is not None:
        entry["album"] = {"name": album, "artist": {"name": artist}}
    return entry


def _mixed_folder(root: Path) -> Path:
    _write(
        root / "scrobbles-2014.csv",
        "Now,Playing,Row,\n"
        + "".join(f"Artist {i},Album,Song {i},0{i + 1} May 2014 12:3{i}\n" for i in range(4)),
    )
    month = [_archive_entry(1261336343 + 600 * i, "Cash Cash", f"Song {i}") for i in range(3)]
    month[1]["track"]["mbid"] = "046A2946-00DF-462F-9806-AE4C81ADE862"
    month.append(_archive_entry(1108290000, "Cash Cash", "Unknown time"))
    month.append(_archive_entry(1261340000, "Cash Cash", "No album", album=None))
    _write(root / "archive/scrobbles-2009-12.json", json.dumps(month))
    _write(root / "archive/scrobbles-2010-01.json", json.dumps([]))
    _write(root / "README.txt", "my Last.fm history\n")
    _write(
        root / "StreamingHistory0.json",
        json.dumps(
            [{"endTime": "2021-10-06 01:44", "artistName": "A", "trackName": "T", "msPlayed": 9000}]
        ),
    )
    return root


def _check_mixed(h) -> None:
    by_file = {Path(s.file.split(":")[-1]).name: s for s in h.summaries}
    assert {n: (s.format, s.plays) for n, s in by_file.items()} == {
        "scrobbles-2014.csv": ("lastfm", 4),
        "scrobbles-2009-12.json": ("lastfm-archive", 4),
        "StreamingHistory0.json": ("spotify", 1),
    }
    # an empty month says nothing of its format; a README is no history
    ignored = {Path(i["file"].split(":")[-1]).name: i["reason"] for i in h.ignored}
    assert ignored == {
        "README.txt": "not a history export",
        "scrobbles-2010-01.json": "not a history export",
    }
    assert _skips(h) == {"now playing row without a date": (1, [1]), PLACEHOLDER: (1, [4])}
    archive = [e for e in h.events if e.artist == "Cash Cash"]
    assert [e.album for e in archive] == ["Album", "Album", "Album", None]
    assert archive[1].mb_recording_id == "046a2946-00df-462f-9806-ae4c81ade862"
    assert {e.source for e in archive} == {"lastfm"}  # the same scrobbles as a CSV of them
    assert archive[0].played_at == 1261336343


def test_a_folder_of_several_formats_imports_every_history(tmp_path):
    folder = _mixed_folder(tmp_path / "history")
    _check_mixed(parse_history(folder))
    archive = tmp_path / "history.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for p in sorted(folder.rglob("*")):
            if p.is_file():
                zf.write(p, p.relative_to(folder).as_posix())
    _check_mixed(parse_history(archive))


def test_format_option_keeps_one_format_and_lists_the_rest_as_ignored(tmp_path):
    h = parse_history(_mixed_folder(tmp_path / "history"), format="lastfm-archive")
    assert {s.format for s in h.summaries} == {"lastfm-archive"} and len(h.events) == 4
    reasons = {Path(i["file"]).name: i["reason"] for i in h.ignored}
    assert reasons["scrobbles-2014.csv"] == "a lastfm export (only lastfm-archive was asked for)"


def test_archive_entries_without_names_are_skipped(tmp_path):
    entries = [_archive_entry(1261336343 + 600 * i, "A", f"S{i}") for i in range(5)]
    entries[2]["track"]["name"] = "  "
    entries[3]["track"]["artist"] = {"name": None}
    h = parse_history(_write(tmp_path / "scrobbles.json", json.dumps(entries)))
    assert h.format == "lastfm-archive" and len(h.events) == 3
    assert _skips(h) == {"empty artist or title": (2, [3, 4])}


# -- CSV columns by name, in any order and language --------------------------------------------


@pytest.mark.parametrize(
    "header",
    [
        "ts,track,artist,album",
        "played_at,title,artist_name,album_name",
        "Zeitstempel,Titel,Künstler,Album",
        "horodatage,titre,artiste,album",
        "fecha_hora,canción,artista,álbum",
        "播放时间,歌曲,歌手,专辑",
        "Timestamp,Song,Artist,Album",
    ],
)
def test_header_spellings_and_languages(tmp_path, header):
    text = (
        f"{header}\n"
        "2021-05-10 12:59:22+03:00,Parabola,Tool,Lateralus\n"
        '2021-05-10T12:49:34Z,"Schism, Part 1",Tool,"10,000 Days"\n'
    )
    h = parse_history(_write(tmp_path / "s.csv", text))
    assert h.format == "lastfm"
    assert [(e.artist, e.title, e.album) for e in h.events] == [
        ("Tool", "Parabola", "Lateralus"),
        ("Tool", "Schism, Part 1", "10,000 Days"),
    ]
    # the offset is honoured: 12:59:22 at +03:00 is 09:59:22 UTC
    assert h.events[0].played_at == datetime(2021, 5, 10, 9, 59, 22, tzinfo=UTC).timestamp()
    assert h.summaries[0].columns["artist"] == header.split(",")[2]


def test_the_finest_time_column_wins(tmp_path):
    # a date beside a played_at: never collapse plays to a day
    text = (
        "date,artist,track,played_at\n"
        "2021-05-10,Tool,Parabola,2021-05-10 12:59:22\n"
        "2021-05-10,Tool,Schism,2021-05-10 12:49:34\n"
    )
    h = parse_history(_write(tmp_path / "a.csv", text))
    assert [e.played_at % 86400 for e in h.events] == [46762, 46174]
    assert h.summaries[0].columns["time"] == "played_at"
    # a date and a time-of-day column are read together
    text = "Datum,Uhrzeit,Interpret,Titel\n10.05.2021,12:59,Tool,Parabola\n"
    h = parse_history(_write(tmp_path / "b.csv", text))
    assert h.events[0].played_at == datetime(2021, 5, 10, 12, 59, tzinfo=UTC).timestamp()
    assert h.summaries[0].columns["time"] == "Datum + Uhrzeit"


def test_real_export_shapes(tmp_path):
    """A BOM, CRLF, quoted commas and quotes, a leading index column, very long fields, blank
    and whitespace-only fields and mixed time formats in one file."""
    long_title = "Very " * 40000  # 200 KB, beyond the csv module's default field limit
    rows = [
        '\ufeff"",artist,album,track,date',
        '0,The Cure,Faith,"Primary, ""live""",2024-07-11 09:07:32',
        "1,Sigur Rós,NA,Hoppípolla,11 Jul 2024 09:04",
        f'2,Long,,"{long_title}",1720688000',
        "3,   ,,Blank artist,1720687000",
        "4,Björk,Post,Army of Me,2024-07-10T20:00:00+02:00",
        '5,Björk,Post,Hyperballad,"11 Jul 2024, 08:00"',
        "6,Björk,Post,Unquoted,11 Jul 2024, 08:00",  # an unquoted comma: a column too many
    ]
    p = tmp_path / "pandas.csv"
    p.write_bytes("\r\n".join(rows).encode("utf-8") + b"\r\n")
    h = parse_history(p)
    got = [(e.artist, e.title[:20], e.album) for e in h.events]
    assert got == [
        ("The Cure", 'Primary, "live"', "Faith"),
        ("Sigur Rós", "Hoppípolla", None),
        ("Long", long_title.strip()[:20], None),
        ("Björk", "Army of Me", "Post"),
        ("Björk", "Hyperballad", "Post"),
    ]
    assert h.events[2].title == long_title.strip()
    assert h.events[3].played_at == datetime(2024, 7, 10, 18, tzinfo=UTC).timestamp()
    assert h.events[4].played_at == datetime(2024, 7, 11, 8, tzinfo=UTC).timestamp()
    assert _skips(h) == {"empty artist or title": (1, [5]), "wrong number of columns": (1, [8])}


def test_spotify_entries_with_null_names(tmp_path):
    base = {"ts": "2023-01-01T10:00:00Z", "ms_played": 200000, "reason_end": "trackdone"}
    music = {
        **base,
        "master_metadata_track_name": "Song",
        "master_metadata_album_artist_name": "Artist",
        "master_metadata_album_album_name": "Album",
    }
    podcast = {
        **base,
        "master_metadata_track_name": None,
        "master_metadata_album_artist_name": None,
        "episode_name": "Episode 1",
        "spotify_episode_uri": "spotify:episode:x",
    }
    local = {**base, "master_metadata_track_name": None, "master_metadata_album_artist_name": None}
    zero = {**music, "ms_played": 0}
    entries = [music, podcast, local, podcast, music, zero, music]
    h = parse_history(_write(tmp_path / "Streaming_History_Audio_2023.json", json.dumps(entries)))
    assert len(h.events) == 3
    assert _skips(h) == {
        "not music (podcast, audiobook or video)": (2, [2, 4]),
        "empty artist or title": (1, [3]),
        "zero duration": (1, [6]),
    }
    account = [
        {"endTime": "2021-10-06 01:44", "artistName": "A", "trackName": None, "msPlayed": 9},
        {"endTime": "2021-10-06 01:45", "artistName": "A", "trackName": "T", "msPlayed": 9},
    ]
    h = parse_history(_write(tmp_path / "StreamingHistory0.json", json.dumps(account)))
    assert len(h.events) == 1 and _skips(h) == {"empty artist or title": (1, [1])}


def test_columns_named_by_the_person(tmp_path):
    text = "wann,wer,was,platte\n2021-05-10 12:59:22Z,Tool,Parabola,Lateralus\n"
    p = _write(tmp_path / "odd.csv", text)
    with pytest.raises(ImportFormatError, match="not a listening history"):
        parse_history(p)
    columns = parse_column_map("time=wann,artist=wer,title=was,album=platte")
    assert columns == {"time": "wann", "artist": "wer", "track": "was", "album": "platte"}
    h = parse_history(p, columns=columns)
    assert [(e.artist, e.title, e.album) for e in h.events] == [("Tool", "Parabola", "Lateralus")]
    assert h.summaries[0].columns == {
        "time": "wann",
        "artist": "wer",
        "track": "was",
        "album": "platte",
    }
    # by number, and overriding what the header spelling would choose
    swapped = parse_history(p, columns={"artist": "3", "track": "2", "time": "1", "album": "none"})
    assert [(e.artist, e.title, e.album) for e in swapped.events] == [("Parabola", "Tool", None)]
    with pytest.raises(ImportFormatError, match=r"no column named 'who'"):
        parse_history(
            _write(tmp_path / "s.csv", "ts,track,artist\n2021-05-10,a,b\n"),
            columns={"artist": "who"},
        )
    with pytest.raises(ImportFormatError, match="--map"):
        parse_column_map("colour=red")


def test_a_last_row_of_junk_without_a_line_end_is_not_a_truncation(tmp_path):
    text = "\n".join(["artist,album,track,uts", *_good_rows(4), "A,B,C,"])  # no final newline
    h = parse_history(_write(tmp_path / "s.csv", text))
    assert len(h.events) == 4 and _skips(h) == {"now playing row without a date": (1, [6])}
    cut = "\n".join(["artist,album,track,uts", *_good_rows(4), "A,B,C,17200"])  # uts cut off
    with pytest.raises(ImportFormatError, match=r"line 6: the file ends in the middle of a row"):
        parse_history(_write(tmp_path / "t.csv", cut))
