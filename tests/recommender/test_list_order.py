"""The order of never-heard songs in discover and daily's new finds: the model's order fused
with the person's artist plays and recent artist affinity (recommender/playlists/order.py)."""

from __future__ import annotations

import numpy as np
import pytest

from recommender.models.baselines import ContentRecommender
from recommender.playlists import order
from recommender.playlists.context import Options, PlaylistContext
from recommender.playlists.discovery import discover
from recommender.playlists.order import artist_signals, list_relevance
from tests.recommender.playlist_library import build_library


@pytest.fixture(scope="module")
def lib():
    return build_library()


class PlantedModel(ContentRecommender):
    """Content model whose taste scores are planted by the test."""

    planted: np.ndarray | None = None

    def score(self, *, context_items=None):
        if context_items is None and self.planted is not None:
            return self.planted.astype(np.float32)
        return super().score(context_items=context_items)


def _context(lib, demote_top_artist: bool):
    """A context whose model ranks the most played artist's never-heard songs last."""
    data = lib.data()
    model = PlantedModel().fit(data, seed=0)
    ctx = PlaylistContext(data, lib.meta(), model=model)
    cand = np.flatnonzero(~ctx.heard & ~ctx.blocked)
    codes = ctx.artist_codes
    with_cand = np.unique(codes[cand][codes[cand] >= 0])
    top = with_cand[np.argmax(ctx.artist_plays[with_cand])]
    planted = np.linspace(1.0, 2.0, ctx.n)  # a strict order, later items first
    if demote_top_artist:
        planted[codes == top] -= 10.0
    model.planted = planted
    return PlaylistContext(data, lib.meta(), model=model), cand, top


def test_the_most_played_artist_comes_early_even_when_the_model_ranks_it_last(lib, monkeypatch):
    ctx, cand, top = _context(lib, demote_top_artist=True)
    tops = cand[ctx.artist_codes[cand] == top]
    assert tops.size and cand.size > 20  # the check means something
    monkeypatch.setattr(order, "LIST_ORDER", "model")
    by_model = cand[np.argsort(-list_relevance(ctx, cand), kind="stable")]
    assert set(by_model[-tops.size :].tolist()) == set(tops.tolist())  # last, as planted
    monkeypatch.setattr(order, "LIST_ORDER", "fusion")
    fused = cand[np.argsort(-list_relevance(ctx, cand), kind="stable")]
    place = int(np.flatnonzero(np.isin(fused, tops))[0])
    assert place < 5, place  # its artist signals are the best: among the first
    listed = {p.item for p in discover(ctx, Options(count=10, seed=0))}
    assert listed & set(tops.tolist())
    monkeypatch.setattr(order, "LIST_ORDER", "model")
    assert not {p.item for p in discover(ctx, Options(count=10, seed=0))} & set(tops.tolist())


def test_within_an_artist_the_model_orders_the_songs(lib):
    ctx, cand, _ = _context(lib, demote_top_artist=False)
    rel = list_relevance(ctx, cand)
    assert np.unique(rel).size == rel.size  # a strict order
    checked = 0
    for code in np.unique(ctx.artist_codes[cand]):
        mine = ctx.artist_codes[cand] == code
        if mine.sum() < 2 or code < 0:
            continue
        np.testing.assert_array_equal(
            np.argsort(-rel[mine], kind="stable"), np.argsort(-ctx.taste[cand][mine], kind="stable")
        )
        checked += 1
    assert checked >= 3


def test_artist_signals_follow_the_history(lib):
    ctx, _, _top = _context(lib, demote_top_artist=False)
    artist_all, artist_recent = artist_signals(ctx)
    codes = ctx.artist_codes
    played = ctx.artist_plays[np.maximum(codes, 0)] > 0
    assert np.all(artist_all[played & (codes >= 0)] > 0)
    assert np.all(artist_all[~played | (codes < 0)] == 0)
    assert artist_recent.max() > 0 and np.all(artist_recent >= 0)


class SeedLedModel(ContentRecommender):
    """Next-track scores planted per context: one order after the seed alone, the reverse after
    any context holding another track."""

    seed_item = -1

    def score(self, *, context_items=None):
        base = super().score(context_items=context_items)
        if context_items is None:
            return base
        ramp = np.arange(base.size, dtype=np.float32)
        alone = {int(i) for i in context_items} == {self.seed_item}  # or the seed filling it
        return ramp if alone else -ramp


def test_the_first_radio_tracks_follow_the_seed_alone(lib, monkeypatch):
    from recommender.playlists import radio as radio_module

    data = lib.data()
    model = SeedLedModel().fit(data, seed=0)
    ctx = PlaylistContext(data, lib.meta(), model=model)
    seed = int(np.flatnonzero(~ctx.blocked)[0])
    model.seed_item = seed
    half = ctx.n // 2  # after the seed alone the later half leads, after another track the first
    monkeypatch.setattr(radio_module, "SEED_RUN", False)  # no artist run, no rotation here
    monkeypatch.setattr(radio_module, "ROTATION", False)
    monkeypatch.setattr(radio_module, "SEED_ALONE", True)
    picks = [p.item for p in radio_module.radio(ctx, [seed], Options(count=8, seed=0))]
    assert len(picks) == 8
    assert all(p >= half for p in picks), picks
    monkeypatch.setattr(radio_module, "SEED_ALONE", False)
    drifted = [p.item for p in radio_module.radio(ctx, [seed], Options(count=8, seed=0))]
    assert drifted[0] == picks[0]  # the first pick has only the seed before it either way
    assert all(p < half for p in drifted[1:]), drifted  # then the picks in the context lead
