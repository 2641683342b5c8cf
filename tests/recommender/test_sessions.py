"""Sessions: plays less than the gap apart (measured from the end of a play) share a session."""

from __future__ import annotations

import pytest

from analysis.catalog import Catalog
from recommender.history import HistoryStore
from recommender.history.sessions import PlaySpan, assign_sessions, group_sessions, play_end

T0 = 1_700_000_000.0


def test_gap_is_measured_from_the_end_of_the_previous_play():
    spans = [
        PlaySpan(1, T0, T0 + 3600),  # a one-hour piece
        PlaySpan(2, T0 + 3600 + 60, T0 + 3600 + 300),  # starts a minute after it ended
        PlaySpan(3, T0 + 3600 + 300 + 30 * 60, T0 + 3600 + 300 + 30 * 60 + 200),
    ]
    assert assign_sessions(spans) == {1: 1, 2: 1, 3: 3}  # exactly 30 min gap: new session


def test_order_and_configurable_gap():
    spans = [PlaySpan(5, T0 + 600, T0 + 700), PlaySpan(4, T0, T0 + 100)]
    sessions = group_sessions(spans, gap_minutes=10)
    assert [(s.id, s.play_ids) for s in sessions] == [(4, [4, 5])]
    assert [s.id for s in group_sessions(spans, gap_minutes=5)] == [4, 5]
    with pytest.raises(ValueError):
        group_sessions(spans, gap_minutes=0)


def test_play_end():
    assert play_end(T0, 30_000, 200_000) == T0 + 30
    assert play_end(T0, None, 200_000) == T0 + 200  # a scrobble: assume the whole track
    assert play_end(T0, None, None) == T0


def test_store_assigns_sessions_and_follows_the_setting(data_dir):
    cat = Catalog(data_dir)
    (tid,) = cat.insert_tracks(
        [{"path": "/m/a.flac", "artist": "A", "title": "T", "duration": 180.0}]
    )
    track = cat.track(tid)
    with HistoryStore(data_dir) as store:
        ids = [
            store.add_play(track=track, played_at=T0 + off, ms_played=180_000)
            for off in (0, 200, 200 + 180 + 20 * 60, 5000)
        ]
        # one inserted in the past re-assigns the sessions around it
        past = store.add_play(track=track, played_at=T0 - 1000, ms_played=180_000)
        by_id = {p.id: p.session_id for p in store.plays(cat)}
        assert by_id[ids[0]] == by_id[ids[1]] == by_id[ids[2]] == past
        assert by_id[ids[3]] == ids[3]
        store.set_setting("session_gap_minutes", 10)
        by_id = {p.id: p.session_id for p in store.plays(cat)}
        assert by_id[ids[2]] == ids[2] and by_id[ids[0]] == by_id[ids[1]] == ids[0]
        assert by_id[past] == past  # ended 13.7 min before the next play
        assert store.setting("session_gap_minutes") == 10
