"""``deepcuts-cli discover`` and ``playlist import/export/list`` end to end on a small library."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from analysis.catalog import Catalog
from desktop_app.cli import main
from recommender.history import HistoryStore

DAY = 86_400.0
NOW = 1_735_000_000.0


@pytest.fixture
def library(tmp_path: Path, data_dir: Path):
    """30 tiny real FLAC files by 5 artists, plays of artist 0 and 1, a ban and a disliked track."""
    import soundfile as sf

    music = tmp_path / "music"
    records = []
    for a in range(5):
        folder = music / f"Artist {a}"
        folder.mkdir(parents=True)
        for t in range(6):
            path = folder / f"{t:02d} song {a}.{t}.flac"
            sf.write(path, np.zeros(800, dtype="float32"), 8000)
            records.append(
                {
                    "path": path,
                    "title": f"Song {a}.{t}",
                    "artist": f"Artist {a}",
                    "album": f"Album {a}",
                    "genre": ["Folk", "Folk", "Rock", "Jazz", "Pop"][a],
                    "duration": 180.0 + t,
                    "added_at": NOW - (100 - t) * DAY,
                }
            )
    with Catalog(data_dir) as catalog:
        ids = catalog.insert_tracks(records, now=NOW - 100 * DAY)
        tracks = {t.id: t for t in catalog.tracks()}
        with HistoryStore(data_dir) as store:
            for day in range(60):
                for k, tid in enumerate(ids[0:3] + ids[6:9]):
                    store.add_play(
                        track=tracks[tid],
                        played_at=NOW - (90 - day) * DAY + k * 200,
                        ms_played=180_000,
                        skipped=False,
                    )
            # played 20 times after NOW: ignored with --as-of NOW
            for k in range(20):
                store.add_play(
                    track=tracks[ids[29]],
                    played_at=NOW + DAY + k * 200,
                    ms_played=180_000,
                    skipped=False,
                )
            store.set_feedback(artist="Artist 4", kind="ban")
            store.set_feedback(track=tracks[ids[3]], kind="dislike")
    return data_dir, ids, music


def run(capsys, *argv: str) -> tuple[int, object, str]:
    status = main(list(argv))
    out = capsys.readouterr()
    payload = json.loads(out.out) if "--json" in argv and status == 0 else out.out
    return status, payload, out.err


def test_discover_json(library, capsys):
    data_dir, ids, _ = library
    status, picks, err = run(
        capsys,
        "--data-dir",
        str(data_dir),
        "discover",
        "--count",
        "6",
        "--as-of",
        "2024-12-24T00:26:40Z",
        "--json",
    )
    assert status == 0, err
    assert isinstance(picks, list) and len(picks) == 6
    for rec in picks:
        assert set(rec) == {"id", "path", "title", "artist", "album", "score", "reason"}
        assert rec["artist"] != "Artist 4"  # banned artist
        assert rec["id"] != ids[3]  # disliked
        assert rec["id"] not in ids[0:3] + ids[6:9]  # played a lot: not a discovery
        assert rec["reason"]
    # same seed, same list; plays after --as-of ignored (the same list as the history without)
    status, again, err = run(
        capsys,
        "--data-dir",
        str(data_dir),
        "discover",
        "--count",
        "6",
        "--as-of",
        str(NOW),
        "--json",
    )
    assert status == 0, err  # the second run reuses the saved model
    assert [r["id"] for r in again] == [r["id"] for r in picks]


def test_daily_radio_mood_and_export(library, capsys, tmp_path: Path):
    data_dir, ids, _ = library
    base = ["--data-dir", str(data_dir)]
    status, mixes, err = run(
        capsys,
        *base,
        "discover",
        "--kind",
        "daily",
        "--count",
        "4",
        "--as-of",
        str(NOW),
        "--json",
        "--export",
        str(tmp_path / "daily.m3u8"),
    )
    assert status == 0, err
    assert mixes and all(set(m) == {"name", "tracks"} for m in mixes)
    assert (tmp_path / "daily-1.m3u8").read_text(encoding="utf-8").startswith("#EXTM3U")

    status, radio, err = run(
        capsys,
        *base,
        "discover",
        "--seed",
        str(ids[0]),
        "--count",
        "5",
        "--as-of",
        str(NOW),
        "--json",
        "--export",
        str(tmp_path / "radio.xspf"),
    )
    assert status == 0, err
    assert ids[0] not in [r["id"] for r in radio]
    assert len({r["id"] for r in radio}) == len(radio)
    assert "<trackList>" in (tmp_path / "radio.xspf").read_text(encoding="utf-8")

    status, calm, err = run(capsys, *base, "discover", "--mood", "calm", "--count", "3", "--json")
    assert status == 0, err
    assert calm and all("folk" in r["reason"] for r in calm)  # genre fallback: not analysed


@pytest.mark.parametrize(
    "argv, message",
    [
        (["discover", "--kind", "radio"], "radio needs at least one seed"),
        (["discover", "--seed", "99999"], "no track with id 99999"),
        (["discover", "--kind", "mood", "--mood", "sleepy"], "unknown mood 'sleepy'"),
        (["discover", "--as-of", "yesterday-ish"], "is not a time"),
        (["discover", "--export", "out.txt"], "unknown playlist format '.txt'"),
        (["playlist", "export", "Nope", "x.m3u8"], "no saved playlist named 'Nope'"),
        (["playlist", "import", "missing.m3u8"], "no such file"),
    ],
)
def test_errors_are_one_line(library, capsys, argv, message):
    data_dir, _, _ = library
    status = main(["--data-dir", str(data_dir), *argv])
    err = capsys.readouterr().err
    assert status == 1
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_bad_usage_is_status_2(library, capsys):
    data_dir, _, _ = library
    for argv in (
        ["discover", "--adventure", "2"],
        ["discover", "--count", "0"],
        ["discover", "--kind", "weekly"],
    ):
        with pytest.raises(SystemExit) as exc:
            main(["--data-dir", str(data_dir), *argv])
        assert exc.value.code == 2
    capsys.readouterr()


def test_playlist_import_export_list(library, capsys, tmp_path: Path):
    data_dir, _ids, music = library
    base = ["--data-dir", str(data_dir)]
    m3u = music / "mine.m3u"
    m3u.write_text(
        "#EXTM3U\nArtist 1/00 song 1.0.flac\n#EXTINF:10,Somebody - Not Here\n"
        "gone.flac\nArtist 2/01 song 2.1.flac\n",
        encoding="utf-8",
    )
    status, report, err = run(
        capsys, *base, "playlist", "import", str(m3u), "--name", "Mine", "--json"
    )
    assert status == 0, err
    assert report["matched"] == 2 and report["entries"] == 3
    assert report["unmatched"] == [
        {"position": 4, "location": "gone.flac", "reason": "file not found"}
    ]
    assert report["kept_for_later"] == 1

    status, listing, _ = run(capsys, *base, "playlist", "list", "--json")
    assert [(p["name"], p["tracks"]) for p in listing] == [("Mine", 3)]

    out = tmp_path / "Mine.pls"
    status, done, err = run(capsys, *base, "playlist", "export", "Mine", str(out), "--json")
    assert status == 0, err
    assert done["tracks"] == 2 and done["skipped"] == 1
    text = out.read_text(encoding="utf-8")
    assert "NumberOfEntries=2" in text and "00 song 1.0.flac" in text


def test_discover_without_any_history(tmp_path: Path, data_dir: Path, capsys):
    """A fresh install: a scanned library, no plays at all -> honest exploration picks."""
    with Catalog(data_dir) as catalog:
        catalog.insert_tracks(
            [
                {
                    "path": tmp_path / f"a{i}.flac",
                    "title": f"T{i}",
                    "artist": f"A{i % 4}",
                    "genre": "Folk" if i % 2 else "Rock",
                    "duration": 100.0,
                }
                for i in range(12)
            ]
        )
    status, picks, err = run(
        capsys, "--data-dir", str(data_dir), "discover", "--count", "4", "--json"
    )
    assert status == 0, err
    assert len(picks) == 4
    assert all("no listening history yet" in p["reason"] for p in picks)


def test_evaluation_builds_the_list_the_command_line_prints(library, capsys):
    """Same store, same seed: the list evaluation's path (recommender/playlists/evaluation.py)
    gives the ids ``discover --json`` prints, and none of them was played before --as-of."""
    from desktop_app.commands.playlists import load_model
    from recommender.playlists.context import LibraryMeta
    from recommender.playlists.evaluation import list_context, make_list

    data_dir, _, _ = library
    argv = ["--data-dir", str(data_dir), "discover", "--count", "8", "--random-seed", "2"]
    status, printed, err = run(capsys, *argv, "--as-of", str(NOW), "--json")
    assert status == 0, err
    with Catalog(data_dir) as catalog, HistoryStore(data_dir) as store:
        data, model = load_model(catalog, store, data_dir=data_dir, as_of=NOW)
        ctx = list_context(data, model, LibraryMeta.from_catalog(catalog, data.track_ids))
        ctx.apply_feedback(store.feedback(catalog, rematch=False))
        picks = make_list(ctx, "discover", seed=2, count=8)
    assert [p.track_id for p in picks] == [r["id"] for r in printed]
    played = {int(data.track_ids[i]) for i in data.plays.item[data.plays.item >= 0]}
    assert played and not played & {r["id"] for r in printed}


def test_a_short_list_says_why_on_stderr(library, capsys):
    """The person plays two artists: deep cuts of them, at most two songs an artist in a list of
    ten, make four. The list is printed as it is and one line on stderr says why it is short;
    a list as long as asked says nothing."""
    data_dir, _, _ = library
    base = ["--data-dir", str(data_dir), "discover", "--kind", "deep-cuts", "--as-of", str(NOW)]
    status, picks, err = run(capsys, *base, "--count", "10", "--json")
    assert status == 0, err
    assert 0 < len(picks) < 10
    assert {p["artist"] for p in picks} <= {"Artist 0", "Artist 1"}
    line = (
        f"deep-cuts: {len(picks)} of 10 tracks; no more candidates fit the rules (at most 2 songs "
        "by one artist, never two in a row, one version of a song)"
    )
    assert err.strip().splitlines()[-1] == line
    status, picks, err = run(capsys, *base, "--count", str(len(picks)), "--json")
    assert status == 0 and "no more candidates" not in err
