"""Command-line contract of ``train`` and ``evaluate`` (issue 5)."""

from __future__ import annotations

import csv
import json

from desktop_app.cli import main
from tests.recommender.test_evaluation import _history, _others
from tests.recommender.test_training import stores  # noqa: F401  (a fixture)


def _write_lastfm(path, events):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, quoting=csv.QUOTE_ALL)
        w.writerow(
            [
                "uts",
                "utc_time",
                "artist",
                "artist_mbid",
                "album",
                "album_mbid",
                "track",
                "track_mbid",
            ]
        )
        for e in sorted(events, key=lambda e: -e.played_at):
            w.writerow(
                [
                    int(e.played_at),
                    "01 Jan 2020, 00:00",
                    e.artist,
                    "",
                    e.album or "",
                    "",
                    e.title,
                    "",
                ]
            )


def test_train_command_json(stores, data_dir, capsys):  # noqa: F811
    status = main(
        ["train", "--as-of", "2023-11-14T22:13:20Z", "--data-dir", str(data_dir), "--json"]
    )
    out = json.loads(capsys.readouterr().out)
    assert status == 0
    assert set(out) == {"seconds", "tracks", "plays", "model", "version"}
    assert out["tracks"] == 60 and out["plays"] == 300 and out["model"] == "hybrid"


def test_train_command_bad_time_is_one_line(data_dir, capsys):
    status = main(["train", "--as-of", "yesterday-ish", "--data-dir", str(data_dir)])
    err = capsys.readouterr().err
    assert status == 1 and err.count("\n") == 1 and "--as-of" in err


def test_evaluate_command_json(tmp_path, data_dir, capsys):
    root = tmp_path / "histories"
    _write_lastfm(root / "me" / "scrobbles.csv", _history(100))
    _write_lastfm(root / "other" / "scrobbles.csv", _others()[0])
    status = main(
        [
            "evaluate",
            str(root / "me"),
            "--models",
            "artist,random",
            "--data-dir",
            str(data_dir),
            "--json",
        ]
    )
    out = json.loads(capsys.readouterr().out)
    assert status == 0
    assert out["library"] == "virtual" and out["format"] == "lastfm"
    assert out["own_tracks"] == 53 and out["distractors"] == 53
    assert set(out["models"]) == {"artist", "random"}
    keys = {
        "precision_at_50",
        "recall_at_50",
        "next_hit_at_10",
        "skip_auc",
        "diversity",
        "artist_repetition",
    }
    assert keys <= set(out["models"]["artist"])
    assert out["models"]["artist"]["precision_at_50"] > out["models"]["random"]["precision_at_50"]


def test_evaluate_command_errors_are_one_line(tmp_path, data_dir, capsys):
    assert main(["evaluate", str(tmp_path / "nope"), "--data-dir", str(data_dir)]) == 1
    bad = tmp_path / "h" / "bad.csv"
    bad.parent.mkdir()
    bad.write_text("this is not a history\n")
    capsys.readouterr()
    assert main(["evaluate", str(bad), "--data-dir", str(data_dir)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "bad.csv" in err
    _write_lastfm(tmp_path / "h2" / "s.csv", _history(100))
    assert (
        main(["evaluate", str(tmp_path / "h2"), "--models", "nosuch", "--data-dir", str(data_dir)])
        == 1
    )
    assert "unknown model" in capsys.readouterr().err


def test_similar_uses_the_trained_model_and_content_only_keeps_audio(
    stores,  # noqa: F811
    data_dir,
    capsys,
):
    catalog, _store = stores
    # before training: the audio view answers (nothing analysed here, so it says so)
    assert main(["similar", "1", "--data-dir", str(data_dir), "--json"]) == 1
    assert "analysed" in capsys.readouterr().err
    assert main(["train", "--data-dir", str(data_dir), "--json"]) == 0
    capsys.readouterr()
    assert main(["similar", "1", "--count", "5", "--data-dir", str(data_dir), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 5 and 1 not in [r["id"] for r in rows]
    assert {"id", "path", "title", "artist", "distance"} <= set(rows[0])
    distances = [r["distance"] for r in rows]
    assert distances == sorted(distances)
    # same artist ("artist 1" owns ids 2, 7, 12, ...) comes first in the model's space
    first = catalog.track(rows[0]["id"])
    assert first.artist == catalog.track(1).artist
    assert main(["similar", "1", "--content-only", "--data-dir", str(data_dir), "--json"]) == 1
    assert "analysed" in capsys.readouterr().err
