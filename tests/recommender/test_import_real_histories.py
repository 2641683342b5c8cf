"""Every real history in ../shared/data/histories through the importers (issue 12, part 1): the
plays read, the rows skipped by reason, the formats of the files and the dates they span; the
mixed Last.fm folder through the store, twice."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from recommender.history import HistoryStore
from recommender.history.importers import parse_history

PLACEHOLDER = "Last.fm placeholder date 13 Feb 2005 10:20 (time unknown)"

#: history -> (files, formats, plays read, skipped by reason, first and last day of a play, UTC)
EXPECTED = {
    "lastfm-1k-tsv": (1, {"lastfm-1k"}, 5000, {}, "2008-12-08", "2009-05-04"),
    "lastfm-csv-noheader": (1, {"lastfm"}, 63124, {PLACEHOLDER: 1083}, "2006-01-05", "2017-10-19"),
    "lastfm-custom-csv": (1, {"lastfm"}, 25078, {}, "2019-06-03", "2021-05-10"),
    "lastfm-ghan-csv": (1, {"lastfm"}, 11622, {}, "2024-01-12", "2024-07-11"),
    "lastfm-mixed-folder": (
        50,
        {"lastfm", "lastfm-archive"},
        70408,
        {"now playing row without a date": 98},
        "2009-12-20",
        "2021-02-08",
    ),
    "spotify-account-json": (
        4,
        {"spotify"},
        33244,
        {"zero duration": 245},
        "2020-01-05",
        "2021-01-06",
    ),
    "spotify-account-json-2": (
        4,
        {"spotify"},
        31917,
        {"zero duration": 133},
        "2021-05-25",
        "2022-05-25",
    ),
    "spotify-extended-json": (
        5,
        {"spotify"},
        6904,
        {"not music (podcast, audiobook or video)": 65, "zero duration": 25},
        "2022-05-22",
        "2026-05-31",
    ),
}


def _day(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%d")


def test_all_eight_histories_are_covered(shared_data):
    assert sorted(p.name for p in (shared_data / "histories").iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_history_counts(shared_data, name):
    files, formats, plays, skipped, first, last = EXPECTED[name]
    h = parse_history(shared_data / "histories" / name)
    assert len(h.summaries) == files and not h.ignored
    assert {s.format for s in h.summaries} == formats
    assert len(h.events) == plays == sum(s.plays for s in h.summaries)
    assert {s["reason"]: s["count"] for s in h.skipped_json()} == skipped
    times = [e.played_at for e in h.events]
    assert (_day(min(times)), _day(max(times))) == (first, last)
    assert all(e.artist.strip() == e.artist and e.artist and e.title for e in h.events)
    if name == "lastfm-csv-noheader":
        # the 1,083 plays of unknown time are not placed in 2005, nor anywhere else
        assert not any(_day(t).startswith("2005") for t in times)
        assert len(h.events) + 1083 == 64207


def test_real_custom_csv_columns_and_offsets(shared_data):
    h = parse_history(shared_data / "histories/lastfm-custom-csv")
    assert h.summaries[0].columns == {
        "time": "ts",
        "artist": "artist",
        "track": "track",
        "album": "album",
    }
    first = h.events[0]  # 2021-05-10 12:59:22+03:00,Parabola,Tool,Lateralus
    assert (first.artist, first.title, first.album) == ("Tool", "Parabola", "Lateralus")
    assert first.played_at == datetime(2021, 5, 10, 9, 59, 22, tzinfo=UTC).timestamp()


def test_real_mixed_folder_through_the_store_twice(shared_data, data_dir):
    folder = shared_data / "histories/lastfm-mixed-folder"
    with HistoryStore(data_dir) as store:
        report = store.import_path(folder, None)
        doc = report.to_json()
        assert doc["events"] == 70408
        formats = [f["format"] for f in doc["files"]]
        assert formats.count("lastfm") == 2 and formats.count("lastfm-archive") == 48
        assert sum(f["plays"] for f in doc["files"] if f["format"] == "lastfm-archive") == 41355
        assert doc["skipped"][0]["reason"] == "now playing row without a date"
        assert doc["skipped"][0]["count"] == 98 and len(doc["skipped"][0]["lines"]) == 10
        # the archive repeats some scrobbles itself (same second, same track): stored once
        stored = store.conn.execute("SELECT COUNT(*), MIN(played_at) FROM plays").fetchone()
        assert stored[0] == 70408 - report.duplicates > 60000
        assert _day(stored[1]) == "2009-12-20"
        years = {
            row[0]
            for row in store.conn.execute(
                "SELECT DISTINCT strftime('%Y', played_at, 'unixepoch') FROM plays"
            )
        }
        assert years == {str(y) for y in range(2009, 2022)}
        again = store.import_path(folder, None).to_json()
        assert again["duplicates"] == again["events"] == 70408
        assert again["skipped"] == doc["skipped"]
        assert store.conn.execute("SELECT COUNT(*) FROM plays").fetchone()[0] == stored[0]
