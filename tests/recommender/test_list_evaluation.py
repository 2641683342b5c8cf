"""Lists as the person sees them: discover never repeats a heard song, and the list evaluation
runs the generators the command line runs (recommender/playlists/evaluation.py)."""

from __future__ import annotations

import numpy as np
import pytest

from recommender.models.base import Plays
from recommender.models.baselines import ContentRecommender
from recommender.models.evaluation import virtual_replay
from recommender.models.registry import registry
from recommender.playlists.context import Options, PlaylistContext
from recommender.playlists.daily import daily
from recommender.playlists.discovery import discover, new_artist_share
from recommender.playlists.diversity import rank_scale
from recommender.playlists.evaluation import (
    evaluate_lists_at,
    evaluate_with_lists,
    list_context,
    make_list,
    replay_meta,
)
from tests.recommender.playlist_library import build_library
from tests.recommender.test_evaluation import _event, _history


@pytest.fixture(scope="module")
def lib():
    return build_library()


def _heard_versions(ctx: PlaylistContext) -> set[str]:
    p = ctx.data.plays
    items = set(p.item[(p.item >= 0) & (p.played_at <= ctx.now)].tolist())
    return {ctx.version_keys[i] for i in items}


def _with_extra_plays(data, items: list[int], *, skipped: bool, excluded: bool):
    """``data`` with one more play of each item, just before now (skipped or excluded)."""
    p = data.plays
    n = len(items)
    data.plays = Plays.build(
        item=np.concatenate([p.item, items]),
        played_at=np.concatenate([p.played_at, np.full(n, data.as_of - 3600.0)]),
        ms_played=np.concatenate([p.ms_played, np.full(n, 5_000.0)]),
        skipped=np.concatenate([p.skipped, np.full(n, int(skipped))]),
        excluded=np.concatenate([p.excluded, np.full(n, excluded)]),
    )
    return data


@pytest.mark.parametrize("adventure", [0.0, 0.3, 1.0])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_discover_never_returns_a_song_played_before_as_of(lib, adventure: float, seed: int):
    data = lib.data()
    ctx = PlaylistContext(data, lib.meta(), model=ContentRecommender().fit(data, seed=0))
    picks = discover(ctx, Options(count=20, adventure=adventure, seed=seed))
    assert len(picks) == 20
    heard = _heard_versions(ctx)
    assert heard  # the library has a history: the check means something
    assert not heard & {ctx.version_keys[p.item] for p in picks}
    assert all(p.reason.endswith("(never played)") for p in picks)
    for mix in daily(ctx, Options(count=12, adventure=adventure, seed=seed)):
        new = [p.item for p in mix.picks if p.reason.startswith("new to you")]
        assert not heard & {ctx.version_keys[i] for i in new}


def test_a_skipped_or_excluded_play_is_enough_to_leave_discover(lib):
    data = lib.data()
    model = ContentRecommender().fit(data, seed=0)
    first = discover(PlaylistContext(data, lib.meta(), model=model), Options(count=10))
    top, second = first[0].item, first[1].item
    data = _with_extra_plays(lib.data(), [top], skipped=True, excluded=False)
    data = _with_extra_plays(data, [second], skipped=False, excluded=True)
    ctx = PlaylistContext(data, lib.meta(), model=model)
    again = [p.item for p in discover(ctx, Options(count=10))]
    assert top not in again and second not in again
    assert ctx.heard[top] and ctx.heard[second]


def test_rank_scale_keeps_order_not_distance():
    # one outlier used to squash the rest within 1e-3 of each other on a min-max scale
    values = np.array([100.0, 0.003, 0.002, 0.001, 0.001, -np.inf])
    scaled = rank_scale(values)
    assert scaled[0] == 1.0 and scaled[-1] == 0.0
    assert scaled[1] > scaled[2] > scaled[3] == scaled[4]
    assert scaled[1] - scaled[2] == pytest.approx(1.0 / 3.0)
    assert np.all(rank_scale(np.full(3, 2.0)) == 1.0)


def test_new_artist_share_counts_first_plays_that_opened_an_artist(lib):
    ctx = PlaylistContext(lib.data(), lib.meta())
    share = new_artist_share(ctx, days=10_000)
    p = ctx.data.plays
    items = np.unique(p.item[p.item >= 0])
    artists = np.unique(ctx.artist_codes[items])
    # every artist was opened by exactly one first play of a track
    assert share == pytest.approx(artists.size / items.size)


def _replay(seed: int = 0):
    events = _history(days=200, per_day=3)
    others = [[_event(1_600_000_000.0 + i * 3600.0, f"Other {i % 7}", f"o{i}") for i in range(300)]]
    return virtual_replay(events, others, name="me", seed=seed)


def test_evaluation_lists_are_the_generators_lists():
    """The discover list the evaluation scores is the list generate() gives on that data."""
    replay = _replay()
    cutoff = float(np.quantile(replay.data.plays.played_at, 0.6))
    train = replay.data.with_as_of(cutoff)
    reg = registry()
    models = {name: reg[name]().fit(train, seed=0) for name in ("hybrid", "cooccurrence", "artist")}
    figures = evaluate_lists_at(replay, cutoff, models, seed=0)
    ctx = list_context(train, models["hybrid"])
    picks = make_list(ctx, "discover", seed=0, count=50)
    first = np.full(replay.data.n_items, np.inf)
    p = replay.data.plays
    np.minimum.at(first, p.item[p.item >= 0], p.played_at[p.item >= 0])
    hits = sum(cutoff < first[x.item] <= cutoff + 30 * 86_400.0 for x in picks)
    assert figures["discover"]["precision_at_50"] == pytest.approx(hits / 50)
    assert figures["discover"]["played_before"] == 0
    assert set(figures) == {"discover", "deep-cuts", "daily", "radio"}
    assert figures["radio"]["sessions"] > 0
    assert 0.0 <= figures["radio"]["hit_at_10"] <= figures["radio"]["hit_at_50"] <= 1.0
    assert replay_meta(train).titles == list(train.titles)


def test_evaluate_with_lists_reports_every_list_next_to_its_baselines():
    replay = _replay()
    reg = registry()
    factories = {name: reg[name] for name in ("hybrid", "artist")}
    result = evaluate_with_lists(replay, factories, seed=0)
    assert set(result["models"]) == {"hybrid", "artist"}  # model-level figures kept
    lists = result["lists"]
    for kind in ("discover", "deep-cuts"):
        assert {"precision_at_50", "artist", "artist_recency"} <= set(lists[kind])
    assert {"precision", "artist", "artist_recency", "new_picks"} <= set(lists["daily"])
    assert {
        "hit_at_10",
        "hit_at_50",
        "cooccurrence_hit_at_10",
        "same_artist_hit_at_10",
        "sessions",
    } <= set(lists["radio"])
    assert len(result["lists_per_cutoff"]["discover"]) == len(result["cutoffs"])


def test_a_play_taken_in_place_matches_a_context_built_anew(lib):
    """After one play the context is current without a rebuild (the window's Discover)."""
    data = lib.data()
    model = ContentRecommender().fit(data, seed=0)
    ctx = PlaylistContext(data, lib.meta(), model=model)
    top = discover(ctx, Options(count=10))[0].item
    when = ctx.now + 600.0
    ctx.add_play(top, when, ms_played=200_000.0)
    fresh_data = _with_extra_plays(lib.data(), [], skipped=False, excluded=False)
    p = fresh_data.plays
    fresh_data.plays = Plays.build(
        item=np.append(p.item, top),
        played_at=np.append(p.played_at, when),
        ms_played=np.append(p.ms_played, 200_000.0),
        skipped=np.append(p.skipped, 0),
        excluded=np.append(p.excluded, False),
    )
    fresh_data.as_of = when
    anew = PlaylistContext(fresh_data, lib.meta(), model=model)
    assert ctx.heard[top] and ctx.now == anew.now
    for name in ("play_count", "last_played", "song_count", "heard", "artist_plays", "affinity"):
        assert np.allclose(getattr(ctx, name), getattr(anew, name)), name
    assert np.array_equal(ctx.data.plays.session, anew.data.plays.session)
    again = [p.item for p in discover(ctx, Options(count=10))]
    assert top not in again
    assert again == [p.item for p in discover(anew, Options(count=10))]


def test_scoring_a_subset_of_next_tracks_gives_the_same_scores():
    """The radio scores only its pool (Recommender.score_next); the values are the full ones."""
    replay = _replay()
    train = replay.data.with_as_of(float(np.quantile(replay.data.plays.played_at, 0.6)))
    reg = registry()
    items = np.arange(0, train.n_items, 3)
    context = train.plays.item[train.plays.item >= 0][-3:]
    for name in ("hybrid", "cooccurrence", "artist"):
        model = reg[name]().fit(train, seed=0)
        full = model.score(context_items=context)
        assert np.allclose(model.score_next(context, items), full[items], atol=1e-5), name
