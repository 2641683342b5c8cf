"""The evaluation protocol on tiny synthetic histories whose answers are known."""

from __future__ import annotations

import numpy as np
import pytest

from recommender.history.importers import PlayEvent
from recommender.models.base import DAY, Recommender, TrainingData
from recommender.models.evaluation import (
    ANSWER_WINDOW_DAYS,
    artist_level_ceiling,
    auc,
    choose_cutoffs,
    evaluate_cutoff,
    evaluate_replay,
    expected_hits,
    first_plays,
    virtual_replay,
)
from recommender.models.registry import registry

T0 = 1_600_000_000.0


def _event(t: float, artist: str, title: str, album: str | None = None, **kw) -> PlayEvent:
    return PlayEvent(
        played_at=t,
        artist=artist,
        title=title,
        album=album,
        ms_played=kw.get("ms_played"),
        duration_ms=None,
        skipped=kw.get("skipped"),
        source="test",
    )


def _history(days: int = 200, per_day: int = 2) -> list[PlayEvent]:
    """One artist; a new track every 2 days, each new track replayed in later sessions.

    Sessions play the same 3-track cycle (X, Y, Z) then the day's new track, so the next track
    after X is always Y and after Y always Z.
    """
    events = []
    for d in range(days):
        t = T0 + d * DAY
        for k, title in enumerate(("x", "y", "z")):
            events.append(_event(t + k * 200, "Alpha", title, "Loop"))
        events.append(_event(t + 700, "Alpha", f"new {d // per_day}", "Fresh"))
    return events


def _others() -> list[list[PlayEvent]]:
    return [[_event(T0 + i * 600, "Beta", f"b{i}", "Other") for i in range(400)]]


class Oracle(Recommender):
    """Knows the future: scores the tracks first played in the 30 days after ``as_of``."""

    name = "oracle-test"
    first: np.ndarray = np.zeros(0)

    def _fit(self, data: TrainingData, rng, seed) -> None:
        t = data.as_of
        win = (self.first > t) & (self.first <= t + ANSWER_WINDOW_DAYS * DAY)
        self._s = win.astype(np.float32)

    def _score_taste(self):
        return self._s

    def _score_next(self, context):
        return self._s

    def _state(self):
        return {"s": self._s}, {}

    def _restore(self, arrays, extra):
        self._s = arrays["s"]


def test_virtual_library_has_own_tracks_plus_as_many_distractors():
    replay = virtual_replay(_history(), _others(), seed=1)
    assert replay.own_tracks == 3 + 100
    assert replay.distractors == 103
    assert replay.data.n_items == 206
    assert replay.unmatched_plays == 0
    assert replay.data.features is None  # no audio in a virtual library: tags only
    artists = set(replay.data.artists)
    assert artists == {"alpha", "beta"}


def test_distractors_carry_albums_only_when_the_history_does():
    # A history without albums (Spotify account export, Last.fm-1K) must not get distractors
    # that an album token alone tells apart from the person's own tracks.
    without = [_event(T0 + i * 600, "Alpha", f"a{i}") for i in range(50)]
    replay = virtual_replay(without, _others(), seed=1)
    assert replay.distractors == 50
    assert all(album == "" for album in replay.data.albums)
    content_tokens = {t for toks in _tokens(replay.data) for t in toks}
    assert not any(t.startswith("album:") for t in content_tokens)

    with_albums = virtual_replay(_history(), _others(), seed=1)
    beta = [a for a, b in zip(with_albums.data.albums, with_albums.data.artists) if b == "beta"]
    assert len(beta) == 103 and set(beta) == {"beta|other"}


def _tokens(data: TrainingData) -> list[list[str]]:
    from recommender.models.signals import item_tokens

    matrix, vocab = item_tokens(data)
    names = np.array(vocab)
    return [list(names[matrix[i].indices]) for i in range(matrix.shape[0])]


def test_precision_counts_tied_scores_at_their_expected_share():
    answers = np.array([0, 1, 2, 3])
    # a flat score earns chance: 4 answers among 10 tied items, 5 places
    assert expected_hits(np.zeros(10), answers, 5) == pytest.approx(2.0)
    # a strict order earns exactly its hits
    assert expected_hits(-np.arange(10.0), answers, 5) == pytest.approx(4.0)
    assert expected_hits(np.arange(10.0), answers, 5) == pytest.approx(0.0)
    # two items above, the other three places among a tie of 4 holding 2 answers
    scores = np.array([5.0, 1, 1, 9, 1, 1, 0, 0, 0, 0])
    assert expected_hits(scores, answers, 5) == pytest.approx(2 + 3 * 2 / 4)
    # played items (-inf) never count, and a short candidate list is fine
    played = np.array([-np.inf, -np.inf, 3.0, 2.0])
    assert expected_hits(played, answers, 2) == pytest.approx(2.0)
    assert expected_hits(np.zeros(3), answers, 0) == 0.0


def test_artist_level_ceiling_fills_the_list_by_each_artists_share_of_answers():
    # artist 0: 10 unplayed, 5 answers; artist 1: 4 unplayed, all answers; artists 2 and 3
    # never played: one group of 110 tracks holding 10 answers
    artists = np.array([0] * 10 + [1] * 4 + [2] * 100 + [3] * 10)
    candidates = np.arange(artists.size)
    answers = np.array([0, 1, 2, 3, 4, 10, 11, 12, 13, *range(14, 114, 10)])
    played = np.array([0, 1])
    assert artist_level_ceiling(artists, candidates, answers, played, k=10) == pytest.approx(
        (4 + 6 * 0.5) / 10
    )
    assert artist_level_ceiling(artists, candidates, answers, played, k=20) == pytest.approx(
        (4 + 5 + 6 * 10 / 110) / 20
    )
    # knowing artist 2 had been played would lift it: its 100 tracks hold the 10 answers
    assert artist_level_ceiling(artists, candidates, answers, np.array([0, 1, 2]), k=20) > (
        artist_level_ceiling(artists, candidates, answers, played, k=20)
    )


def test_no_artist_level_model_beats_the_ceiling_on_a_history_without_albums():
    # Without albums (and without audio) a virtual library describes a track by its artist
    # only, so the ceiling bounds the hybrid and the tag-based baselines.
    events = []
    for d in range(120):
        t = T0 + d * DAY
        for k in range(3):
            artist = ("Alpha", "Gamma", "Delta")[(d // 30 + k) % 3]
            events.append(_event(t + k * 300, artist, f"{artist} {d // 2} {k}"))
    replay = virtual_replay(events, _others(), seed=2)
    reg = registry()
    for t in choose_cutoffs(replay.data.plays):
        result = evaluate_cutoff(replay, t, {n: reg[n] for n in ("hybrid", "artist", "content")})
        assert 0 < result.artist_ceiling <= 1
        for name, m in result.metrics.items():
            assert m["precision_at_50"] <= result.artist_ceiling + 1e-9, name
    summary = evaluate_replay(replay, {"artist": reg["artist"]})
    assert all(0 < c["artist_level_ceiling"] <= 1 for c in summary["cutoffs"])


def test_cutoffs_leave_a_full_answer_window():
    replay = virtual_replay(_history(), _others())
    cutoffs = choose_cutoffs(replay.data.plays)
    last = replay.data.plays.played_at.max()
    assert len(cutoffs) == 3  # the 87.5% quantile (day 175) has no full window left
    assert all(t + ANSWER_WINDOW_DAYS * DAY <= last for t in cutoffs)


def test_known_answers_give_known_precision_and_recall():
    replay = virtual_replay(_history(), _others())
    Oracle.first = first_plays(replay.data.plays, replay.data.n_items)
    t = choose_cutoffs(replay.data.plays)[0]
    result = evaluate_cutoff(replay, t, {"oracle": Oracle, "random": registry()["random"]})
    # one new track every two days: 15 (or 16) answers in 30 days
    assert result.answers in (15, 16)
    oracle = result.metrics["oracle"]
    assert oracle["precision_at_50"] == pytest.approx(result.answers / 50)
    assert oracle["recall_at_50"] == pytest.approx(1.0)
    assert oracle["artist_repetition"] == pytest.approx(1 - 2 / 50)  # answers + one filler artist
    rnd = result.metrics["random"]
    assert rnd["precision_at_50"] < oracle["precision_at_50"]
    assert rnd["skip_auc"] is None  # scrobbles carry no skips


def test_sequence_models_find_the_fixed_next_track():
    replay = virtual_replay(_history(), _others())
    t = choose_cutoffs(replay.data.plays)[-1]
    reg = registry()
    result = evaluate_cutoff(
        replay, t, {n: reg[n] for n in ("cooccurrence", "hybrid", "popularity", "random")}
    )
    # next after x is y, after y is z; after z comes a never-seen new track (a miss for all)
    assert result.metrics["cooccurrence"]["next_hit_at_10"] >= 0.6
    assert result.metrics["hybrid"]["next_hit_at_10"] >= 0.6
    assert result.metrics["random"]["next_hit_at_10"] < 0.2
    assert result.metrics["hybrid"]["precision_at_50"] > result.metrics["random"]["precision_at_50"]


def test_skip_auc_rewards_scores_that_separate_skips():
    assert auc(np.array([0.9, 0.8, 0.1, 0.2]), np.array([True, True, False, False])) == 1.0
    assert auc(np.array([0.1, 0.2, 0.9]), np.array([True, True, False])) == 0.0
    assert auc(np.array([0.5, 0.5]), np.array([True, False])) == 0.5
    assert auc(np.array([0.5]), np.array([True])) is None


def test_skips_are_measured_when_the_history_has_them():
    events = _history(120)
    for e in events:
        if e.title == "z":
            e.skipped = True
        elif e.title in ("x", "y"):
            e.skipped = False
    replay = virtual_replay(events, _others())
    result = evaluate_replay(replay, {"cooccurrence": registry()["cooccurrence"]})
    assert result["models"]["cooccurrence"]["skip_auc"] is not None
    assert len(result["cutoffs"]) >= 2


def test_catalog_library_matches_plays_by_artist_and_title(data_dir):
    from analysis.catalog import Catalog
    from recommender.models.evaluation import catalog_replay

    events = _history(100)
    titles = sorted({e.title for e in events})
    catalog = Catalog(data_dir)
    try:
        catalog.insert_tracks(
            [{"path": f"/m/{t}.flac", "artist": "ALPHA", "title": t.upper()} for t in titles]
            + [
                {"path": f"/m/other{i}.flac", "artist": "Gamma", "title": f"g{i}"}
                for i in range(30)
            ]
        )
        replay = catalog_replay(events, catalog, name="me")
        assert replay.library == "catalog"
        assert replay.data.n_items == len(titles) + 30
        assert replay.unmatched_plays == 0
        result = evaluate_replay(replay, {"artist": registry()["artist"]})
        assert result["library"] == "catalog"
        assert result["models"]["artist"]["precision_at_50"] > 0
    finally:
        catalog.close()
