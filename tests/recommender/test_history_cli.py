"""``deepcuts-cli history ...``: the stable command-line contract of issue 4.

Run as a real process (``python -m desktop_app.cli``), as outside scripts do; this also keeps the
recommender tests from importing ``desktop_app`` (the layering rule).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.catalog import Catalog

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def cli(data_dir):
    def run(*argv: str) -> tuple[int, str, str]:
        proc = subprocess.run(
            [sys.executable, "-m", "desktop_app.cli", "--data-dir", str(data_dir), *argv],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "PYTHONPATH": str(REPO)},
        )
        return proc.returncode, proc.stdout, proc.stderr

    return run


@pytest.fixture
def catalog(data_dir):
    cat = Catalog(data_dir)
    ids = cat.insert_tracks(
        [
            {
                "path": "/music/cure/primary.flac",
                "artist": "The Cure",
                "title": "Primary",
                "album": "Faith",
                "duration": 222.0,
            },
            {"path": "/music/other.flac", "artist": "Other", "title": "Song", "duration": 100.0},
        ]
    )
    yield cat, ids
    cat.close()


def test_import_json_contract_and_reimport(cli, catalog, tmp_path):
    src = tmp_path / "scrobbles.csv"
    src.write_text(
        "artist,album,track,uts\nThe Cure,Faith,Primary - 2005 Remaster,1720688852\n"
        "Nobody,,Nothing,1720688000\n",
        encoding="utf-8",
    )
    code, out, err = cli("history", "import", str(src), "--json")
    assert code == 0, err
    doc = json.loads(out)
    for key in ("format", "events", "matched", "unmatched", "duplicates", "aggregates", "seconds"):
        assert key in doc
    assert (
        doc["format"],
        doc["events"],
        doc["matched"],
        doc["unmatched"],
        doc["duplicates"],
        doc["aggregates"],
    ) == ("lastfm", 2, 1, 1, 0, 0)
    assert isinstance(doc["seconds"], float)
    assert doc["top_unmatched_artists"] == [{"artist": "Nobody", "plays": 1}]
    code, out, _ = cli("history", "import", str(src), "--format", "lastfm", "--json")
    assert json.loads(out)["duplicates"] == 2
    code, out, _ = cli("history", "import", str(src))  # text mode: one readable line
    assert code == 0 and "already known" in out


def test_add_like_ban_export_stats(cli, catalog, tmp_path):
    _, ids = catalog
    code, out, err = cli(
        "history",
        "add",
        str(ids[0]),
        "--at",
        "2024-05-01T12:00:00Z",
        "--played-ms",
        "200000",
        "--json",
    )
    assert code == 0, err
    play = json.loads(out)
    assert play["track_id"] == ids[0] and play["played_at"] == 1714564800.0
    assert play["skipped"] is False and play["completed"] is True
    code, out, _ = cli(
        "history",
        "add",
        "/music/other.flac",
        "--at",
        "1714564900",
        "--played-ms",
        "5000",
        "--skipped",
        "--json",
    )
    assert json.loads(out)["skipped"] is True
    assert cli("history", "like", str(ids[0]), "--json")[0] == 0
    assert cli("history", "dislike", "/music/other.flac")[0] == 0
    code, out, _ = cli("history", "ban", "--artist", "Nickelback", "--json")
    assert json.loads(out) == {"kind": "ban", "target": "artist", "artist": "Nickelback"}
    code, out, _ = cli("history", "stats", "--json")
    stats = json.loads(out)
    assert (stats["plays"], stats["matched"], stats["matched_share"], stats["sessions"]) == (
        2,
        2,
        1.0,
        1,
    )
    assert stats["first_play"] == "2024-05-01T12:00:00Z"
    assert stats["last_play"] == "2024-05-01T12:01:40Z"
    assert stats["feedback"] == {"artist:ban": 1, "track:dislike": 1, "track:like": 1}
    code, out, _ = cli("history", "exclude", str(play["session_id"]), "--session", "--json")
    assert json.loads(out) == {
        "target": "session",
        "id": play["session_id"],
        "excluded": True,
        "plays": 2,
    }
    assert cli("history", "exclude", str(play["id"]), "--undo")[0] == 0
    assert json.loads(cli("history", "stats", "--json")[1])["excluded"] == 1
    assert cli("history", "exclude", "12345")[0] == 1  # no such play: one line, status 1
    dest = tmp_path / "history.jsonl"
    code, out, _ = cli("history", "export", str(dest), "--json")
    assert code == 0 and json.loads(out)["plays"] == 2
    assert dest.read_text(encoding="utf-8").startswith('{"type":"header"')


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["history", "add", "999", "--at", "2024-05-01T12:00:00Z", "--played-ms", "1"],
            "no track with id 999",
        ),
        (["history", "add", "1", "--at", "yesterday", "--played-ms", "1"], "not a time"),
        (["history", "add", "1", "--at", "1714564800", "--played-ms", "-5"], "negative"),
        (["history", "ban"], "give a TRACK or --artist"),
        (["history", "import", "/nonexistent/export.zip"], "no such file"),
    ],
)
def test_failures_are_one_line(cli, catalog, argv, message):
    code, out, err = cli(*argv)
    assert code == 1 and out == ""
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_bad_export_is_one_line_naming_file_and_line(cli, tmp_path):
    bad = tmp_path / "StreamingHistory0.json"
    entry = {"endTime": "2021-10-06 01:44", "artistName": "A", "trackName": "T", "msPlayed": 1}
    text = json.dumps([entry] * 4)
    bad.write_text(text[: len(text) - 30], "utf-8")  # the download was cut short
    code, out, err = cli("history", "import", str(bad), "--json")
    assert code == 1 and out == ""
    assert "StreamingHistory0.json: line 1: truncated JSON" in err and err.count("\n") == 1


def test_bad_usage_exits_2(cli):
    code, _out, err = cli("history", "import", "x", "--format", "napster")
    assert code == 2 and "invalid choice" in err


def test_import_reports_skipped_rows_files_and_ignored(cli, tmp_path):
    folder = tmp_path / "export"
    folder.mkdir()
    rows = ["artist,album,track,uts"]
    rows += [f"Artist {i},Album,Song {i},{1720000000 + 300 * i}" for i in range(8)]
    rows += ["Artist,Album,Song,", "  ,Album,Song,1720000000"]
    (folder / "scrobbles.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    archive = [
        {
            "timestamp": {"unixtimestamp": 1261336343 + 60 * i},
            "track": {"name": f"T{i}", "mbid": "", "artist": {"name": "A"}},
            "album": {"name": "B"},
        }
        for i in range(3)
    ]
    (folder / "scrobbles-2009-12.json").write_text(json.dumps(archive), encoding="utf-8")
    (folder / "notes.txt").write_text("hello\n", encoding="utf-8")
    code, out, err = cli("--json", "history", "import", str(folder))
    assert code == 0, err
    doc = json.loads(out)
    assert doc["events"] == 11
    assert doc["skipped"] == [
        {"reason": "empty artist or title", "count": 1, "lines": [11]},
        {"reason": "now playing row without a date", "count": 1, "lines": [10]},
    ]
    files = {Path(f["file"]).name: f for f in doc["files"]}
    assert files["scrobbles.csv"]["format"] == "lastfm" and files["scrobbles.csv"]["plays"] == 8
    assert files["scrobbles.csv"]["columns"]["time"] == "uts"
    assert files["scrobbles-2009-12.json"]["format"] == "lastfm-archive"
    assert files["scrobbles-2009-12.json"]["plays"] == 3
    assert [Path(i["file"]).name for i in doc["ignored"]] == ["notes.txt"]
    # the archive alone, by its format name
    code, out, err = cli("--json", "history", "import", str(folder), "--format", "lastfm-archive")
    assert code == 0, err
    assert json.loads(out)["duplicates"] == 3


def test_import_with_a_column_map(cli, tmp_path):
    src = tmp_path / "odd.csv"
    src.write_text("wann,wer,was\n2021-05-10 12:59:22+03:00,Tool,Parabola\n", encoding="utf-8")
    code, out, err = cli("--json", "history", "import", str(src))
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1
    code, out, err = cli(
        "--json", "history", "import", str(src), "--map", "time=wann,artist=wer,track=was"
    )
    assert code == 0, err
    doc = json.loads(out)
    assert doc["events"] == 1
    assert doc["files"][0]["columns"] == {"time": "wann", "artist": "wer", "track": "was"}
    code, out, err = cli("history", "import", str(src), "--map", "time=wann,artist=nobody")
    assert code == 1 and "no column named 'nobody'" in err and len(err.strip().splitlines()) == 1
