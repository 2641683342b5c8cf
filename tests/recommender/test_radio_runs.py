"""Radio follows how the person listens (issue 11, item 5; docs/model.md, "Lists", item 10).

Two people with the same library (playlist_library.py) and planted sessions: one plays whole
albums in track order, the other shuffles (no two songs of one artist in a row). A station from
the first song of an album opens with the rest of that album, in the order the first person
plays it, and follows the spacing rule from the first track for the second.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from recommender.models.base import DAY, Plays
from recommender.models.baselines import ContentRecommender
from recommender.playlists.context import Options, PlaylistContext
from recommender.playlists.diversity import check_rules
from recommender.playlists.radio import SEED_HELD, listening_runs, radio
from tests.recommender.playlist_library import AS_OF, Library, build_library

SEED_TITLE = "folk song 0.0.0"
ALBUM_REST = [f"folk song 0.0.{t}" for t in range(1, 8)]


def _albums(lib: Library) -> list[list[int]]:
    """The folk and electro albums (no banned artist), tracks in album order."""
    names = sorted(
        {
            it["album"]
            for i, it in enumerate(lib.items)
            if lib.style_of[i] != "metal"
            and it["artist"] != lib.banned_artist
            and it["album"].split()[-1][0].isdigit()
        }
    )
    out = []
    for name in names:
        tracks = [i for i, it in enumerate(lib.items) if it["album"] == name]
        out.append(sorted(tracks, key=lambda i: lib.items[i]["title"]))
    return out


def _person(lib: Library, sessions: list[list[int]]) -> Library:
    items, at = [], []
    start = AS_OF - (len(sessions) + 5) * DAY
    for s, tracks in enumerate(sessions):
        for k, i in enumerate(tracks):
            items.append(i)
            at.append(start + s * DAY + k * 240)
    plays = Plays.build(item=items, played_at=at, skipped=[0] * len(items))
    return dataclasses.replace(lib, plays=plays)


def _album_listener(lib: Library) -> Library:
    albums = _albums(lib)
    return _person(lib, [albums[s % len(albums)] for s in range(60)])


def _shuffler(lib: Library) -> Library:
    rng = np.random.default_rng(3)
    pool = [i for album in _albums(lib) for i in album]
    sessions = []
    for _ in range(60):
        session: list[int] = []
        while len(session) < 8:
            i = int(rng.choice(pool))
            if not session or lib.items[i]["artist"] != lib.items[session[-1]]["artist"]:
                session.append(i)
        sessions.append(session)
    return _person(lib, sessions)


def _ctx(lib: Library, with_model: bool) -> PlaylistContext:
    data = lib.data()
    model = ContentRecommender().fit(data, seed=0) if with_model else None
    return PlaylistContext(data, lib.meta(), model=model, descriptors=lib.descriptors)


def _seed(ctx: PlaylistContext) -> int:
    return next(i for i, t in enumerate(ctx.meta.titles) if t == SEED_TITLE)


@pytest.fixture(scope="module")
def lib() -> Library:
    return build_library()


def test_listening_runs_read_the_persons_sessions(lib):
    artist, album = listening_runs(_ctx(_album_listener(lib), False))
    assert artist == pytest.approx(1.0) and album == pytest.approx(1.0)
    assert listening_runs(_ctx(_shuffler(lib), False)) == (0.0, 0.0)


@pytest.mark.parametrize("with_model", [False, True])
def test_an_album_listener_gets_the_seeds_album_first_in_album_order(lib, with_model):
    ctx = _ctx(_album_listener(lib), with_model)
    picks = radio(ctx, [_seed(ctx)], Options(count=30))
    titles = [ctx.meta.titles[p.item] for p in picks]
    assert titles[:7] == ALBUM_REST
    # the rest of the run is the same artist's, then the station drifts under the rules again
    artists = [ctx.meta.artists[p.item] for p in picks]
    assert artists[:SEED_HELD] == ["Folk Artist 0"] * SEED_HELD
    after = picks[SEED_HELD:]
    assert "Folk Artist 0" not in {ctx.meta.artists[p.item] for p in after}  # past the cap
    keys = [ctx.artist_keys[p.item] for p in after], [ctx.version_keys[p.item] for p in after]
    assert check_rules(*keys, max_per_artist=Options(count=30).per_artist()) == []


@pytest.mark.parametrize("with_model", [False, True])
def test_a_shuffler_gets_no_run(lib, with_model):
    ctx = _ctx(_shuffler(lib), with_model)
    opts = Options(count=30)
    picks = radio(ctx, [_seed(ctx)], opts)
    artists = [ctx.artist_keys[p.item] for p in picks]
    versions = [ctx.version_keys[p.item] for p in picks]
    assert check_rules(artists, versions, max_per_artist=opts.per_artist()) == []
    titles = [ctx.meta.titles[p.item] for p in picks[:SEED_HELD]]
    assert len(set(titles) & set(ALBUM_REST)) <= opts.per_artist()
