"""Radio follows how the person listens (issue 11, item 5; docs/model.md, "Lists", item 10).

Two people with the same library (playlist_library.py) and planted sessions: one plays whole
albums in track order, the other shuffles (no two songs of one artist in a row). A station from
the first song of an album opens with the rest of that album, in the order the first person
plays it, and follows the spacing rule from the first track for the second.
"""

from __future__ import annotations

import dataclasses
import re

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
    seed_title = ctx.meta.titles[_seed(ctx)]
    run_reason = (
        f"more Folk Artist 0 after “{seed_title}”: you often play several of their songs in a row"
    )
    assert [p.reason for p in picks[:SEED_HELD]] == [run_reason] * SEED_HELD
    assert not any("in a row" in p.reason for p in picks[SEED_HELD:])
    for p in picks:  # each reason names one track, once ("follows “A” by X: near “A”" was long)
        named = re.findall("“([^”]*)”", p.reason)
        assert len(named) == 1, p.reason
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
    assert not any("in a row" in p.reason for p in picks)


class PlantedHead(ContentRecommender):
    """Next-track scores planted by item (``planted``), whatever the context; records every
    context it is asked about."""

    planted: np.ndarray | None = None

    def score(self, *, context_items=None):
        base = super().score(context_items=context_items)
        if context_items is None or self.planted is None:
            return base
        self.contexts.append([int(i) for i in context_items])
        return self.planted.astype(np.float32)


def _interleaved(ctx: PlaylistContext) -> np.ndarray:
    """Planted next-track scores: each artist's first song, then each one's second, ..."""
    codes = ctx.artist_codes
    within = np.zeros(ctx.n)
    for code in np.unique(codes):
        mine = np.flatnonzero(codes == code)
        within[mine] = np.arange(mine.size)
    return -(within * (codes.max() + 2) + codes).astype(np.float64)


def _rotation_person(lib: Library, rotation: list[int] | None = None) -> tuple[Library, list[int]]:
    """Old shuffled sessions (no artist runs), and ``rotation`` (by default three songs of
    three artists) played again and again in the last week: the person's rotation."""
    albums = _albums(lib)
    rotation = rotation or [albums[k][3] for k in (5, 7, 9)]
    old = [[albums[(s + k) % len(albums)][s % 8] for k in range(0, 12, 2)] for s in range(30)]
    items, at = [], []
    for s, tracks in enumerate(old):
        for k, i in enumerate(tracks):
            items.append(i)
            at.append(AS_OF - (400 - s) * DAY + k * 240)
    for day in range(7):
        for k, i in enumerate(rotation):
            items.append(i)
            at.append(AS_OF - (7 - day) * DAY + k * 240)
    plays = Plays.build(item=items, played_at=at, skipped=[0] * len(items))
    return dataclasses.replace(lib, plays=plays), rotation


def _rotation_station(
    lib: Library, rotation: list[int] | None = None, *, from_place: int = 16
) -> tuple[PlaylistContext, list[int]]:
    """The rotation person (:func:`_rotation_person`) with a planted head: one artist after
    another, the rotation songs just after place ``from_place`` (in their order)."""
    person, rotation = _rotation_person(lib, rotation)
    data = person.data()
    model = PlantedHead().fit(data, seed=0)
    model.contexts = []
    ctx = PlaylistContext(data, person.meta(), model=model)
    model.planted = _interleaved(ctx)
    at = np.sort(model.planted)[::-1][from_place - 1]
    model.planted[rotation] = at - 0.2 - 0.1 * np.arange(len(rotation)) / len(rotation)
    return ctx, rotation


def test_the_first_tracks_mix_in_the_persons_rotation(lib, monkeypatch):
    from recommender.playlists import radio as radio_module

    ctx, rotation = _rotation_station(lib)  # the rotation from place 16
    assert listening_runs(ctx)[0] == 0.0  # no artist run: the rotation is what differs
    seed = _seed(ctx)

    def first_ten() -> list[int]:
        return [p.item for p in radio(ctx, [seed], Options(count=30))[:SEED_HELD]]

    monkeypatch.setattr(radio_module, "ROTATION", False)
    assert not set(first_ten()) & set(rotation)
    monkeypatch.setattr(radio_module, "ROTATION", True)
    assert set(first_ten()) >= set(rotation)


def test_the_seed_fills_the_heads_context_for_the_first_tracks_then_tethers_it(lib):
    """The first tracks follow the seed alone; then the station's last two tracks join it in
    the head's context: the station drifts, but the seed stays (docs/model.md, "Lists",
    items 10 and 16)."""
    person = _shuffler(lib)
    data = person.data()
    model = PlantedHead().fit(data, seed=0)
    model.contexts = []
    model.planted = -np.arange(data.n_items, dtype=np.float64)
    ctx = PlaylistContext(data, person.meta(), model=model)
    seed = _seed(ctx)
    picks = [p.item for p in radio(ctx, [seed], Options(count=SEED_HELD + 3))]
    station = model.contexts[1:]  # the first one made the pool
    assert station[:SEED_HELD] == [[seed, seed, seed]] * SEED_HELD
    assert station[SEED_HELD] == [seed, *picks[SEED_HELD - 2 : SEED_HELD]]
    assert station[SEED_HELD + 2] == [seed, *picks[SEED_HELD : SEED_HELD + 2]]


def test_the_persons_rotation_stays_past_the_first_tracks(lib, monkeypatch):
    """A rotation longer than the first ten keeps coming after them, where the head alone
    would leave it out (docs/model.md, "Lists", item 16: the rest of a session keeps
    replaying the person's recent songs)."""
    from recommender.playlists import radio as radio_module

    albums = _albums(lib)
    rotation = [albums[k][t] for k in range(2, len(albums)) for t in (3, 5)]  # 24 songs
    ctx, rotation = _rotation_station(lib, rotation, from_place=40)
    seed = _seed(ctx)

    def rotation_after_the_first_tracks() -> int:
        picks = radio(ctx, [seed], Options(count=30))
        return sum(p.item in rotation for p in picks[SEED_HELD:])

    monkeypatch.setattr(radio_module, "ROTATION_THROUGHOUT", False)
    assert rotation_after_the_first_tracks() == 0
    monkeypatch.setattr(radio_module, "ROTATION_THROUGHOUT", True)
    assert rotation_after_the_first_tracks() >= 6


def test_the_persons_rotation_joins_a_small_pool(lib, monkeypatch):
    """A rotation song that neither neighbourhood holds still reaches the first ten: the
    fusion can only order what is in the pool (docs/model.md, "Lists", item 11)."""
    from recommender.playlists import radio as radio_module

    ctx, rotation = _rotation_station(lib)  # the head: the rotation from place 16 on
    seed = _seed(ctx)
    # a neighbourhood of 24 songs: 12 by the head, 12 by content (the library has 216)
    monkeypatch.setattr(radio_module, "POOL_SIZE", 24)
    monkeypatch.setattr(radio_module, "POOL_PER_PICK", 1)
    by_content = np.argsort(-ctx.embeddings @ ctx.embeddings[seed], kind="stable")
    far = by_content[by_content != seed][12:]
    # the rotation songs that only the rotation can bring: not the seed's artist (the pool
    # holds it whole), not among the seed's 12 content neighbours
    outside = {i for i in rotation if ctx.artist_codes[i] != ctx.artist_codes[seed]}
    assert len(outside) >= 2 and outside <= set(far.tolist())

    def first_ten() -> set[int]:
        return {p.item for p in radio(ctx, [seed], Options(count=12))[:SEED_HELD]}

    monkeypatch.setattr(radio_module, "ROTATION_POOL", 0)
    assert not first_ten() & outside
    monkeypatch.setattr(radio_module, "ROTATION_POOL", 1000)
    assert first_ten() >= outside
