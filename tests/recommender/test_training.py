"""Training, saving and reuse: a model that does not match the library or features is retrained."""

from __future__ import annotations

import json

import numpy as np
import pytest

from analysis.catalog import Catalog
from recommender.history import HistoryStore
from recommender.models.training import load_or_train, model_dir, train_model

T0 = 1_700_000_000.0


def _tracks(n: int, start: int = 0) -> list[dict]:
    return [
        {
            "path": f"/music/a{i % 5}/t{i}.flac",
            "title": f"song {i}",
            "artist": f"artist {i % 5}",
            "album": f"album {i % 10}",
            "duration": 200.0,
            "year": 1990 + i % 20,
        }
        for i in range(start, start + n)
    ]


@pytest.fixture
def stores(data_dir):
    catalog = Catalog(data_dir)
    catalog.insert_tracks(_tracks(60), now=T0 - 1000)
    store = HistoryStore(data_dir)
    tracks = list(catalog.tracks())
    rng = np.random.default_rng(0)
    for k in range(300):
        t = tracks[int(rng.integers(0, 25))]
        store.add_play(track=t, played_at=T0 - 40 * 86400 + k * 9000, ms_played=190_000)
    yield catalog, store
    store.close()
    catalog.close()


class Log(list):
    def __call__(self, message: str) -> None:
        self.append(message)


def test_first_call_trains_and_saves_with_metadata(stores, data_dir):
    catalog, store = stores
    log = Log()
    model, data = load_or_train(catalog, store, data_dir=data_dir, as_of=T0, log=log)
    assert log and log[0].startswith("training hybrid model: no saved model")
    meta = json.loads((model_dir(data_dir) / "meta.json").read_text())
    for key in ("fingerprint", "feature_version", "as_of", "seed", "created", "model_version"):
        assert key in meta
    assert meta["fingerprint"] == data.fingerprint()
    assert meta["as_of"] == T0
    assert (model_dir(data_dir) / "arrays.npz").exists()
    assert data.n_items == 60 and len(data.taste_plays()) == 300
    np.testing.assert_array_equal(model.track_ids, data.track_ids)


def test_valid_model_is_reused_and_new_plays_are_absorbed(stores, data_dir):
    catalog, store = stores
    first, _ = load_or_train(catalog, store, data_dir=data_dir, as_of=T0)
    log = Log()
    again, _ = load_or_train(catalog, store, data_dir=data_dir, as_of=T0, log=log)
    assert log == []
    np.testing.assert_array_equal(again.score(), first.score())
    # a play of a never-played track's artist moves scores without a retrain
    fresh = catalog.track(50)
    for k in range(5):
        store.add_play(track=fresh, played_at=T0 + 60 + k * 300, ms_played=190_000)
    updated, data = load_or_train(catalog, store, data_dir=data_dir, as_of=T0 + 3600, log=log)
    assert log == []
    assert len(data.taste_plays()) == 305
    assert not np.array_equal(updated.score(), first.score())


def test_changed_library_forces_a_retrain(stores, data_dir):
    catalog, store = stores
    load_or_train(catalog, store, data_dir=data_dir, as_of=T0)
    catalog.insert_tracks(_tracks(3, start=100), now=T0)
    log = Log()
    model, data = load_or_train(catalog, store, data_dir=data_dir, as_of=T0, log=log)
    assert log == ["training hybrid model: the library changed"]
    assert model.n_items == data.n_items == 63


def test_changed_feature_version_forces_a_retrain(stores, data_dir, monkeypatch):
    # The content space changes (here: a learned embedding arrives, issue 13): the audio
    # features the model was trained on are stale.
    import analysis.similarity as sim
    from analysis.features import FEATURE_VERSION

    catalog, store = stores
    load_or_train(catalog, store, data_dir=data_dir, as_of=T0)
    ids = np.array([t.id for t in catalog.tracks()], np.int64)
    rng = np.random.default_rng(1)
    vectors = rng.normal(size=(ids.size, 8)).astype(np.float32)
    fake = sim.ContentSpace(ids, vectors, sim.LEARNED, trained_at=1234.0)
    monkeypatch.setattr(sim, "content_space", lambda catalog, **kw: fake)
    log = Log()
    model, data = load_or_train(catalog, store, data_dir=data_dir, as_of=T0, log=log)
    assert log == ["training hybrid model: audio features changed"]
    expected = f"{FEATURE_VERSION}+embedding@1234"
    assert data.feature_version == expected and model.feature_version == expected
    np.testing.assert_array_equal(data.features[data.index_of(int(ids[0]))], vectors[0])


def test_unreadable_model_files_are_replaced(stores, data_dir):
    catalog, store = stores
    load_or_train(catalog, store, data_dir=data_dir, as_of=T0)
    (model_dir(data_dir) / "arrays.npz").write_bytes(b"not a zip")
    log = Log()
    model, _ = load_or_train(catalog, store, data_dir=data_dir, as_of=T0, log=log)
    assert len(log) == 1 and "unreadable" in log[0]
    assert np.isfinite(model.score()).all()
    (model_dir(data_dir) / "meta.json").write_text("{broken")
    log.clear()
    load_or_train(catalog, store, data_dir=data_dir, as_of=T0, log=log)
    assert log == ["training hybrid model: no saved model"]


def test_an_earlier_as_of_is_not_served_by_a_later_model(stores, data_dir):
    catalog, store = stores
    load_or_train(catalog, store, data_dir=data_dir, as_of=T0)
    log = Log()
    _, data = load_or_train(catalog, store, data_dir=data_dir, as_of=T0 - 20 * 86400, log=log)
    assert log and "earlier moment" in log[0]
    assert data.plays.played_at.max() <= T0 - 20 * 86400


def test_full_training_is_reproducible(stores, data_dir, tmp_path):
    catalog, store = stores
    from recommender.models.training_data import build_training_data

    data = build_training_data(catalog, store, as_of=T0)
    a = train_model(data, data_dir=tmp_path / "a", seed=3)
    b = train_model(data, data_dir=tmp_path / "b", seed=3)
    np.testing.assert_array_equal(a.score(), b.score())
    np.testing.assert_array_equal(a.embeddings(), b.embeddings())


def test_feedback_from_the_history_store_reaches_the_model(stores, data_dir):
    catalog, store = stores
    liked, banned = catalog.track(40), catalog.track(41)
    store.set_feedback(track=liked, kind="like", created_at=T0 - 10)
    store.set_feedback(track=banned, kind="ban", created_at=T0 - 10)
    store.set_feedback(artist="artist 3", kind="ban", created_at=T0 - 10)
    model, data = load_or_train(catalog, store, data_dir=data_dir, as_of=T0)
    like_i, ban_i = data.index_of(liked.id), data.index_of(banned.id)
    assert like_i in data.likes.tolist() and ban_i in data.bans.tolist()
    assert "artist 3" in data.banned_artists
    scores = model.score()
    assert scores[ban_i] <= scores.min()
    by_artist_3 = [i for i, a in enumerate(data.artists) if a == "artist 3"]
    assert by_artist_3 and all(scores[i] <= scores.min() for i in by_artist_3)
