"""The history store: plays, skip rule, identity through renames and rebuilds, feedback,
aggregates, playlists, idempotent imports, all-or-nothing imports, export round trip."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import pytest

from analysis.catalog import Catalog
from analysis.errors import DeepCutsError
from recommender.history import HistoryStore, judge_play
from recommender.history.importers import ImportFormatError, parse_history
from tests.recommender.test_importers import make_listenbrainz_zip, make_strawberry_db

T0 = 1_700_000_000.0


def _catalog(data_dir: Path, rows: list[dict]) -> tuple[Catalog, list[int]]:
    cat = Catalog(data_dir)
    return cat, cat.insert_tracks(rows)


def _csv(path: Path, rows: list[tuple[int, str, str, str]]) -> Path:
    lines = ["artist,album,track,uts"] + [f"{a},{al},{t},{ts}" for ts, a, t, al in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# -- skip rule ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ms", "dur", "flag", "reason", "expected"),
    [
        (10_000, 200_000, None, None, (True, False)),  # < 30 s
        (40_000, 200_000, None, None, (False, False)),  # not a skip, not complete
        (25_000, 40_000, None, None, (False, False)),  # >= half of a 40 s track
        (15_000, 40_000, None, None, (True, False)),
        (190_000, 200_000, None, None, (False, True)),  # >= 90 %
        (100_000, 200_000, None, "trackdone", (False, True)),
        (190_000, 200_000, True, None, (True, False)),  # the source's flag wins
        (5_000, 200_000, False, None, (False, False)),
        (None, None, False, None, (False, True)),  # a scrobble is a full listen
        (20_000, None, None, None, (True, False)),  # length unknown: 30 s
    ],
)
def test_skip_rule(ms, dur, flag, reason, expected):
    assert judge_play(ms_played=ms, duration_ms=dur, flag=flag, end_reason=reason) == expected


def test_skip_rule_is_configurable(data_dir):
    cat, (tid,) = _catalog(
        data_dir, [{"path": "/m/a.flac", "artist": "A", "title": "T", "duration": 300.0}]
    )
    with HistoryStore(data_dir) as store:
        store.add_play(track=cat.track(tid), played_at=T0, ms_played=20_000)
        assert store.plays(cat)[0].skipped
        store.set_setting("skip_min_ms", 10_000)
        assert not store.plays(cat)[0].skipped


# -- plays stay attached -----------------------------------------------------------------------


def test_add_play_and_read_back(data_dir):
    cat, (tid,) = _catalog(
        data_dir,
        [{"path": "/m/a.flac", "artist": "A", "title": "T", "album": "Al", "duration": 200.0}],
    )
    with HistoryStore(data_dir) as store:
        pid = store.add_play(
            track=cat.track(tid), played_at=T0, ms_played=195_000, context="discover list"
        )
        (play,) = store.plays(cat)
        assert (play.id, play.track_id, play.artist, play.title, play.album) == (
            pid,
            tid,
            "A",
            "T",
            "Al",
        )
        assert play.completed and not play.skipped and play.context == "discover list"
        assert play.duration_ms == 200_000 and play.session_id == pid
        assert store.plays(cat, as_of=T0) == []
        with pytest.raises(DeepCutsError):
            store.add_play(track=cat.track(tid), played_at=T0, ms_played=-1)


def test_play_survives_move_retag_and_rebuilt_catalog(data_dir):
    row = {
        "path": "/m/old/a.flac",
        "artist": "Massive Attack",
        "title": "Teardrop",
        "album": "Mezzanine",
        "duration": 331.0,
    }
    cat, (tid,) = _catalog(data_dir, [row])
    with HistoryStore(data_dir) as store:
        store.add_play(track=cat.track(tid), played_at=T0, ms_played=300_000)
        # moved: the scanner gives the new path a new row with the same identity
        cat.conn.execute("UPDATE tracks SET missing = 1 WHERE id = ?", (tid,))
        (new_id,) = cat.insert_tracks([dict(row, path="/m/new/teardrop.flac")], now=1.0)
        assert store.plays(cat)[0].track_id == new_id
        # retagged: identity changes (title fixed); the play is matched again by its names
        cat.conn.execute(
            "UPDATE tracks SET title = 'Teardrop (Remastered)', identity = "
            "'meta:massive attack|teardrop remastered|mezzanine|331', "
            "updated_at = 2 WHERE id = ?",
            (new_id,),
        )
        (play,) = store.plays(cat)
        assert play.track_id == new_id and play.identity.startswith("meta:massive attack|tear")
        # the catalog is deleted and rebuilt by a rescan
        cat.close()
        for f in data_dir.glob("catalog.db*"):
            f.unlink()
        cat2, (rebuilt,) = _catalog(
            data_dir, [dict(row, path="/m/new/teardrop.flac", title="Teardrop (Remastered)")]
        )
        assert store.plays(cat2)[0].track_id == rebuilt


def test_unmatched_imported_plays_match_when_the_file_arrives(data_dir, tmp_path):
    src = _csv(
        tmp_path / "s.csv",
        [(1700000000, "Portishead", "Roads", "Dummy"), (1700000300, "Nobody", "Nothing", "")],
    )
    cat = Catalog(data_dir)
    with HistoryStore(data_dir) as store:
        report = store.import_path(src, cat)
        assert (report.events, report.matched, report.unmatched) == (2, 0, 2)
        assert (
            report.top_unmatched_artists[0] == {"artist": "Nobody", "plays": 1}
            or report.top_unmatched_artists[0]["plays"] == 1
        )
        assert [p.track_id for p in store.plays(cat)] == [None, None]
        (tid,) = cat.insert_tracks(
            [{"path": "/m/roads.flac", "artist": "PORTISHEAD", "title": "Roads", "album": "Dummy"}],
            now=5.0,
        )
        assert [p.track_id for p in store.plays(cat)] == [tid, None]
        assert store.stats(cat)["matched"] == 1


# -- imports -----------------------------------------------------------------------------------


def test_reimport_and_overlapping_newer_export_add_nothing_twice(data_dir, tmp_path):
    rows = [(1700000000 + 300 * i, "A", f"Song {i}", "Al") for i in range(6)]
    old = _csv(tmp_path / "old.csv", rows[:4])
    new = _csv(tmp_path / "new.csv", rows[2:])
    cat = Catalog(data_dir)
    with HistoryStore(data_dir) as store:
        assert store.import_path(old, cat).duplicates == 0
        again = store.import_path(old, cat)
        assert (again.events, again.duplicates) == (4, 4)
        newer = store.import_path(new, cat)
        assert (newer.events, newer.duplicates) == (4, 2)
        assert len(store.plays(cat)) == 6
        assert [i["format"] for i in store.imports()] == ["lastfm"] * 3


def test_double_scrobbles_and_cross_source_duplicates(data_dir, tmp_path):
    src = _csv(
        tmp_path / "s.csv",
        [(1700000000, "A", "T", ""), (1700000004, "A", "T", ""), (1700000000, "A", "T", "")],
    )
    spotify = tmp_path / "StreamingHistory0.json"
    # Spotify saw the same listen (end time, minute precision) and one more a day later
    spotify.write_text(
        json.dumps(
            [
                {
                    "endTime": "2023-11-14 22:16",
                    "artistName": "A",
                    "trackName": "T",
                    "msPlayed": 200000,
                },
                {
                    "endTime": "2023-11-15 22:16",
                    "artistName": "A",
                    "trackName": "T",
                    "msPlayed": 200000,
                },
            ]
        )
    )
    with HistoryStore(data_dir) as store:
        r = store.import_path(src, None)
        assert (r.events, r.duplicates) == (3, 2)
        r = store.import_path(spotify, None)
        assert (r.events, r.duplicates) == (2, 1)


def test_each_import_is_all_or_nothing(data_dir, tmp_path):
    folder = tmp_path / "export"
    folder.mkdir()
    _csv(folder / "a.csv", [(1700000000, "A", "T", "")])
    (folder / "b.csv").write_text("artist,album,track,uts\nA,B,C,notatime\n")
    with HistoryStore(data_dir) as store:
        with pytest.raises(ImportFormatError, match=r"b\.csv: line 2"):
            store.import_path(folder, None)
        assert store.stats()["plays"] == 0 and store.imports() == []


def test_feedback_and_artist_bans(data_dir, tmp_path):
    cat, ids = _catalog(
        data_dir,
        [
            {"path": "/m/1.flac", "artist": "Björk", "title": "Army of Me"},
            {"path": "/m/2.flac", "artist": "Björk", "title": "Song 0"},
            {
                "path": "/m/3.flac",
                "artist": "Other",
                "title": "X",
                "mb_recording_id": "0d1a3f3e-0000-4000-8000-0000000000ff",
            },
            {"path": "/m/4.flac", "artist": "Spam Band", "title": "Y", "artists": ["Spam Band"]},
        ],
    )
    with HistoryStore(data_dir) as store:
        store.set_feedback(track=cat.track(ids[3]), kind="like")
        store.set_feedback(track=cat.track(ids[3]), kind="dislike")  # newest word wins
        store.set_feedback(artist="The Spam Band", kind="ban")
        r = store.import_path(make_listenbrainz_zip(tmp_path / "lb.zip"), cat)
        assert r.feedback == 3
        fb = store.feedback(cat)
        assert fb.liked == {ids[0], ids[2]} and fb.banned == {ids[1]}
        assert fb.disliked == {ids[3]}
        assert fb.banned_artists == {"spam band"} and fb.is_banned(cat.track(ids[3]))
        store.set_feedback(track=cat.track(ids[0]), kind="unlike")
        assert store.feedback(cat).liked == {ids[2]}
        with pytest.raises(DeepCutsError):
            store.set_feedback(kind="like")
        with pytest.raises(DeepCutsError):
            store.set_feedback(track=cat.track(ids[0]), kind="love")


def test_aggregates_from_player_libraries_and_tags(data_dir, tmp_path, shared_data):
    cat, ids = _catalog(
        data_dir,
        [
            {"path": "/music/Massive Attack/Teardrop.flac", "artist": "X", "title": "Y"},
            {
                "path": "/music/elsewhere/roads.flac",
                "artist": "Portishead",
                "title": "Unrated Played",
            },
            {
                "path": "/music/tagged.flac",
                "artist": "T",
                "title": "Tagged",
                "tag_rating": 0.6,
                "tag_play_count": 9,
            },
        ],
    )
    db = make_strawberry_db(tmp_path / "strawberry.db", shared_data)
    with HistoryStore(data_dir) as store:
        r = store.import_path(db, cat)
        assert (r.format, r.aggregates) == ("strawberry", 2)
        store.import_path(db, cat)  # re-import replaces, never doubles
        # tag counts arrive by themselves when the catalog changes (rematch after a scan)
        aggs = store.aggregates(cat)
        assert aggs[ids[0]].play_count == 12 and aggs[ids[0]].rating == 0.8  # same file path
        assert aggs[ids[1]].play_count == 3  # by names
        assert (aggs[ids[2]].play_count, aggs[ids[2]].rating, aggs[ids[2]].sources) == (
            9,
            0.6,
            ["tags"],
        )
        assert store.stats()["aggregates"] == 3
        cat.conn.execute(
            "UPDATE tracks SET tag_play_count = 10, updated_at = 9 WHERE id = ?", (ids[2],)
        )  # the file was played elsewhere and rescanned
        assert store.aggregates(cat)[ids[2]].play_count == 10
        assert store.import_catalog_tags(cat) == 1 and store.stats()["aggregates"] == 3


def test_exclusions_and_playlists(data_dir):
    cat, ids = _catalog(
        data_dir, [{"path": f"/m/{i}.flac", "artist": "A", "title": f"T{i}"} for i in range(3)]
    )
    with HistoryStore(data_dir) as store:
        pids = [
            store.add_play(track=cat.track(t), played_at=T0 + 200 * i, ms_played=100_000)
            for i, t in enumerate(ids)
        ]
        store.exclude_play(pids[0])
        assert [p.id for p in store.plays(cat)] == pids[1:]
        assert len(store.plays(cat, include_excluded=True)) == 3
        assert store.exclude_session(pids[0]) == 3
        assert store.plays(cat) == []
        store.exclude_session(pids[0], excluded=False)
        assert len(store.plays(cat)) == 3
        pl = store.save_playlist("Mix", [cat.track(ids[2]), cat.track(ids[0])], kind="discover")
        assert store.save_playlist("Mix", [cat.track(ids[1])], kind="discover") == pl
        (info,) = store.playlists()
        assert (info.name, info.kind, [i["title"] for i in info.items]) == (
            "Mix",
            "discover",
            ["T1"],
        )
        assert store.playlist_track_ids(pl, cat) == [ids[1]]


# -- export and restore ------------------------------------------------------------------------


def _fill(
    store: HistoryStore, cat: Catalog, ids: list[int], tmp_path: Path, shared_data: Path
) -> None:
    store.add_play(
        track=cat.track(ids[0]),
        played_at=T0,
        ms_played=12_000,
        skipped=True,
        context="radio from X",
    )
    store.add_play(track=cat.track(ids[1]), played_at=T0 + 0.125, ms_played=200_000)
    store.import_path(make_listenbrainz_zip(tmp_path / "lb.zip"), cat)
    store.import_path(make_strawberry_db(tmp_path / "sb.db", shared_data), cat)
    store.set_feedback(track=cat.track(ids[0]), kind="ban")
    store.set_feedback(artist="Nickelback", kind="ban")
    store.exclude_play(store.plays(cat)[0].id)
    store.save_playlist("Discover 1", [cat.track(ids[1]), "mbid:missing"], kind="discover")
    store.set_setting("session_gap_minutes", 45)


def test_export_import_round_trip_restores_everything(data_dir, tmp_path, shared_data):
    cat, ids = _catalog(
        data_dir,
        [
            {"path": "/m/a.flac", "artist": "Björk", "title": "Army of Me"},
            {"path": "/m/b.flac", "artist": "Ünïcödé", "title": "T 🎵"},
        ],
    )
    first = tmp_path / "first.jsonl"
    with HistoryStore(data_dir) as store:
        _fill(store, cat, ids, tmp_path, shared_data)
        counts = store.export(first)
        before = store.plays(cat, include_excluded=True)
    assert counts["play"] == 6 and counts["feedback"] >= 4 and counts["playlist"] == 1
    restored_dir = tmp_path / "restored"
    restored_dir.mkdir()
    cat2, _ = _catalog(
        restored_dir,
        [
            {"path": "/m/a.flac", "artist": "Björk", "title": "Army of Me"},
            {"path": "/m/b.flac", "artist": "Ünïcödé", "title": "T 🎵"},
        ],
    )
    second = tmp_path / "second.jsonl"
    with HistoryStore(restored_dir) as store2:
        r = store2.import_path(first, cat2)
        assert r.format == "deepcuts" and r.events == 6 and r.duplicates == 0
        store2.export(second)
        after = store2.plays(cat2, include_excluded=True)
        assert store2.import_path(first, cat2).duplicates == 6  # restoring twice adds nothing
    a = first.read_text(encoding="utf-8").splitlines()[1:]
    b = second.read_text(encoding="utf-8").splitlines()[1:]
    extra = [line for line in b if line not in a]
    assert len(extra) == 1 and json.loads(extra[0])["format"] == "deepcuts"  # the restore log
    assert [line for line in b if line in a] == a

    def strip(plays):
        return [
            (
                p.played_at,
                p.identity,
                p.artist,
                p.title,
                p.ms_played,
                p.skipped,
                p.completed,
                p.excluded,
                p.context,
                p.source,
                p.track_id,
            )
            for p in plays
        ]

    assert strip(after) == strip(before)


def test_export_format_is_documented_json_lines(data_dir, tmp_path, shared_data):
    cat, ids = _catalog(
        data_dir,
        [
            {"path": "/m/a.flac", "artist": "A", "title": "T"},
            {"path": "/m/b.flac", "artist": "B", "title": "U"},
        ],
    )
    with HistoryStore(data_dir) as store:
        _fill(store, cat, ids, tmp_path, shared_data)
        store.export(tmp_path / "x.jsonl")
    records = [json.loads(line) for line in (tmp_path / "x.jsonl").read_text().splitlines()]
    assert records[0]["type"] == "header" and records[0]["format"] == "deepcuts-history"
    docs = (Path(__file__).resolve().parents[2] / "docs/history.md").read_text()
    for rec in records:
        for key in rec:
            assert f"`{key}`" in docs, f"export field {key!r} of {rec['type']} not documented"


def test_restore_rejects_a_newer_export(data_dir, tmp_path):
    p = tmp_path / "x.jsonl"
    p.write_text('{"type":"header","format":"deepcuts-history","version":99}\n')
    with HistoryStore(data_dir) as store, pytest.raises(ImportFormatError, match="newer"):
        store.import_path(p, None)


# -- robustness --------------------------------------------------------------------------------


def test_backups_before_imports_rotate(data_dir, tmp_path):
    with HistoryStore(data_dir) as store:
        store.set_setting("backup_keep", 2)
        for i in range(5):
            store.import_path(
                _csv(tmp_path / f"{i}.csv", [(1700000000 + i * 500, "A", "T", "")]), None
            )
        backups = store.backups()
        assert len(backups) == 2
        with sqlite3.connect(backups[-1]) as conn:
            assert conn.execute("SELECT COUNT(*) FROM plays").fetchone()[0] == 4


def test_damaged_history_is_explained(data_dir):
    (data_dir / "history.db").write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(DeepCutsError, match=r"history .* is damaged"):
        HistoryStore(data_dir)


def test_history_held_by_another_program_is_busy_not_damaged(data_dir, monkeypatch):
    # Another process is still creating the file (rollback journal, exclusive lock).
    import functools

    from analysis import sqlite_store
    from analysis.errors import StoreBusyError
    from recommender.history import core as history_mod

    monkeypatch.setattr(
        history_mod, "connect", functools.partial(sqlite_store.connect, timeout=0.2)
    )
    other = sqlite3.connect(data_dir / "history.db", isolation_level=None)
    other.execute("CREATE TABLE placeholder(x)")
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreBusyError) as info:
            HistoryStore(data_dir)
        assert "damaged" not in str(info.value) and "locked" in str(info.value)
    finally:
        other.execute("ROLLBACK")
        other.close()
    HistoryStore(data_dir).close()  # once released, the same folder opens


def test_import_from_zip_of_a_folder(data_dir, tmp_path):
    folder = tmp_path / "scrobbles"
    folder.mkdir()
    _csv(folder / "2023.csv", [(1700000000, "A", "T", "")])
    _csv(folder / "2024.csv", [(1710000000, "A", "U", "")])
    with zipfile.ZipFile(tmp_path / "s.zip", "w") as zf:
        for p in folder.iterdir():
            zf.write(p, f"scrobbles/{p.name}")
    assert len(parse_history(tmp_path / "s.zip").events) == 2
    with HistoryStore(data_dir) as store:
        assert store.import_path(tmp_path / "s.zip", None).events == 2


def test_feedback_and_aggregates_iterate_as_records(data_dir, tmp_path, shared_data):
    """Consumers may loop over ``feedback()`` and ``aggregates()`` and read ``track_id``."""
    cat, ids = _catalog(
        data_dir,
        [
            {"path": "/music/Angel.flac", "artist": "A", "title": "T"},
            {"path": "/music/Roads.flac", "artist": "P", "title": "Unrated played"},
        ],
    )
    with HistoryStore(data_dir) as store:
        store.set_feedback(track=cat.track(ids[0]), kind="like", created_at=1.0)
        store.set_feedback(track=cat.track(ids[0]), kind="ban", created_at=2.0)
        store.set_feedback(artist="Somebody", kind="ban")
        fb = list(store.feedback(cat))
        assert sorted((f.kind, f.target, f.track_id) for f in fb) == [
            ("ban", "artist", None),
            ("ban", "track", ids[0]),
        ]
        store.import_path(make_strawberry_db(tmp_path / "sb.db", shared_data), cat)
        aggs = store.aggregates(cat)
        assert [(a.track_id, a.play_count) for a in aggs] == [(ids[1], 3)]
        assert ids[1] in aggs and aggs.get(ids[0]) is None and len(aggs) == 1
        assert dict(aggs.items())[ids[1]].sources == ["strawberry"]


def test_daily_backup_when_opened(data_dir, tmp_path):
    with HistoryStore(data_dir) as store:
        store.import_path(_csv(tmp_path / "a.csv", [(1700000000, "A", "T", "")]), None)
    with HistoryStore(data_dir) as store:  # first open of a store with data: a daily copy
        daily = [p.name for p in store.backups() if "-daily-" in p.name]
        assert len(daily) == 1
    with HistoryStore(data_dir) as store:  # not again within backup_interval_hours
        assert [p.name for p in store.backups() if "-daily-" in p.name] == daily


def test_distinct_short_plays_in_one_minute_are_not_duplicates(data_dir, tmp_path):
    """Spotify's account export has minute precision: two short plays of a track ending in the
    same minute get starts within a second of each other, yet they are two plays."""
    p = tmp_path / "StreamingHistory0.json"
    p.write_text(
        json.dumps(
            [
                {
                    "endTime": "2020-11-10 03:03",
                    "artistName": "AC/DC",
                    "trackName": "Beating Around the Bush",
                    "msPlayed": 5631,
                },
                {
                    "endTime": "2020-11-10 03:03",
                    "artistName": "AC/DC",
                    "trackName": "Beating Around the Bush",
                    "msPlayed": 4800,
                },
            ]
        )
    )
    with HistoryStore(data_dir) as store:
        assert store.import_path(p, None).duplicates == 0
        assert store.import_path(p, None).duplicates == 2


def test_a_busy_store_is_explained_and_left_unchanged(data_dir, tmp_path):
    src = _csv(tmp_path / "s.csv", [(1700000000, "A", "T", "")])
    with HistoryStore(data_dir) as store:
        store.conn.execute("PRAGMA busy_timeout = 100")
        other = sqlite3.connect(data_dir / "history.db", isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
        try:
            with pytest.raises(DeepCutsError, match="another Deep Cuts process is writing"):
                store.import_path(src, None)
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert store.stats()["plays"] == 0
        assert store.import_path(src, None).events == 1


def test_identity_map_is_built_once_while_the_catalog_is_unchanged(data_dir, monkeypatch):
    """Plays, feedback and aggregates share one identity → track map; a changed catalog (here
    an identity rewritten without touching ``updated_at``) builds it again."""
    from recommender.history.matchstate import MatchState

    cat, (tid,) = _catalog(
        data_dir, [{"path": "/m/a.flac", "artist": "A", "title": "T", "duration": 200.0}]
    )
    builds = []
    real = MatchState._read_identity_map

    def counting(catalog, *, present_only):
        builds.append(present_only)
        return real(catalog, present_only=present_only)

    monkeypatch.setattr(MatchState, "_read_identity_map", staticmethod(counting))
    with HistoryStore(data_dir) as store:
        store.add_play(track=cat.track(tid), played_at=T0, ms_played=190_000)
        store.plays(cat)
        store.feedback(cat)
        store.aggregates(cat)
        assert builds.count(False) == 1
        cat.conn.execute(
            "UPDATE tracks SET identity = 'meta:someone else|x||200' WHERE id = ?", (tid,)
        )
        (play,) = store.plays(cat, rematch=False)
        assert builds.count(False) == 2 and play.track_id is None  # no longer resolves


def test_play_columns_equal_the_plays_read_one_by_one(data_dir):
    """Training reads the plays as columns judged in numpy; they must be exactly the plays,
    track ids and skip verdicts that ``plays()`` gives one object at a time."""
    import random

    import numpy as np

    from recommender.models.training_data import _plays, _plays_from_columns

    rng = random.Random(5)
    rows = [
        {
            "path": f"/m/{i}.flac",
            "artist": f"A{i % 7}",
            "title": f"T{i}",
            "duration": rng.choice([None, 0.0, 0.4, 95.5, 240.25, 1800.0]),
        }
        for i in range(40)
    ]
    cat, ids = _catalog(data_dir, rows)
    with HistoryStore(data_dir) as store:
        for k in range(400):
            store.add_play(
                track=cat.track(rng.choice(ids)),
                played_at=T0 + k * 37.5 + rng.choice([0, 0, 0.25]),
                ms_played=rng.choice([None, 0, 500, 29_999, 30_000, 47_000, 120_000, 3_000_000]),
                skipped=rng.choice([None, None, True, False]),
                end_reason=rng.choice([None, "trackdone", "fwdbtn"]),
            )
        pids = [r[0] for r in store.conn.execute("SELECT id FROM plays")]
        for pid in rng.sample(pids, 120):
            change = rng.choice(
                ["duration_ms = NULL", "duration_ms = 0", "duration_ms = 61000", "excluded = 1",
                 "identity = 'meta:nobody|nothing||0'", "skipped = NULL"]
            )  # fmt: skip
            store.conn.execute(f"UPDATE plays SET {change} WHERE id = ?", (pid,))
        store.conn.commit()
        present = [t.id for t in cat.tracks(missing=False)]
        index = {tid: i for i, tid in enumerate(present)}
        lengths = np.array([t.duration or np.nan for t in cat.tracks(missing=False)])
        for kwargs in ({}, {"as_of": T0 + 7000.0}, {"include_excluded": True}):
            records = store.plays(cat, **kwargs)
            columns = store.play_columns(cat, **kwargs)
            assert len(columns) == len(records) > 0
            assert columns.track_id.tolist() == [p.track_id or -1 for p in records]
            assert columns.skipped.tolist() == [p.skipped for p in records]
            assert columns.excluded.tolist() == [p.excluded for p in records]
            one_by_one = _plays(records, index, lengths)
            as_columns = _plays_from_columns(columns, index)
            for name in ("item", "played_at", "skipped", "excluded", "session"):
                assert np.array_equal(getattr(one_by_one, name), getattr(as_columns, name)), name
            assert np.array_equal(one_by_one.ms_played, as_columns.ms_played, equal_nan=True)
        assert sum(p.skipped for p in records) > 50 and sum(not p.skipped for p in records) > 50
