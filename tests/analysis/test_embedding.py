"""The learned embedding (issue 13): determinism, resuming, kills, fallbacks, storage, migration v4.

Libraries here are synthetic: window summaries written straight into the catalog (no audio, no
download), with "albums" whose segments share a random spectral signature, so whether the
learned space groups an album together is checkable.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from analysis import embedding as E
from analysis import feature_store
from analysis.catalog import MIGRATIONS, Catalog
from analysis.embedding import EmbeddingConfig
from analysis.embedding_train import album_ids, train, train_model
from analysis.feature_store import AnalysisRecord, write_results
from analysis.features import FEATURE_DIM, TrackFeatures
from analysis.similarity import HAND_BUILT, LEARNED, SimilarityIndex, content_space
from analysis.sqlite_store import connect, migrate
from analysis.windows import WINDOW_DIM

REPO = Path(__file__).resolve().parents[2]
FAST = EmbeddingConfig(epochs=0, min_steps=60, batch_tracks=64, checkpoint_every=20, hidden=64)


def synthetic_windows(rng, n_tracks: int, n_albums: int) -> tuple[list[np.ndarray], np.ndarray]:
    """Segments = album signature + track offset + segment noise."""
    signatures = 3.0 * rng.standard_normal((n_albums, WINDOW_DIM))
    album = np.arange(n_tracks) % n_albums
    windows = []
    for i in range(n_tracks):
        track = signatures[album[i]] + rng.standard_normal(WINDOW_DIM)
        segs = track + 0.5 * rng.standard_normal((int(rng.integers(4, 13)), WINDOW_DIM))
        windows.append(segs.astype(np.float32))
    return windows, album


def library(
    catalog, rng, n_tracks: int, n_albums: int = 8, *, tag_albums: bool = True, prefix: str = "t"
):
    """Catalog rows with features and window summaries; returns (ids, album of each)."""
    windows, album = synthetic_windows(rng, n_tracks, n_albums)
    ids = catalog.insert_tracks(
        [
            {
                "path": f"/music/a{album[i]}/{prefix}{i}.ogg",
                "size": 100 + i,
                "mtime_ns": 7 + i,
                "album": f"Album {album[i]}" if tag_albums else None,
                "album_artist": "Someone" if tag_albums else None,
            }
            for i in range(n_tracks)
        ]
    )
    records = []
    for i, tid in enumerate(ids):
        feats = TrackFeatures(
            vector=rng.standard_normal(FEATURE_DIM).astype(np.float32),
            bpm=120.0,
            key="A minor",
            key_index=9,
            mode="minor",
            key_strength=0.5,
            energy=0.5,
            brightness=0.5,
            acousticness=0.5,
            seconds=60.0,
            windows=windows[i],
        )
        records.append(AnalysisRecord(tid, feats, 100 + i, 7 + i, "pyav"))
    write_results(catalog, records)
    return np.array(ids), album


def album_precision(vectors: np.ndarray, album: np.ndarray, k: int = 5) -> float:
    d = ((vectors[:, None, :] - vectors[None, :, :]) ** 2).sum(-1)
    np.fill_diagonal(d, np.inf)
    nn = np.argsort(d, axis=1)[:, :k]
    return float((album[nn] == album[:, None]).mean())


# -- training ---------------------------------------------------------------------------------


def test_training_is_deterministic_for_a_seed(rng):
    windows, album = synthetic_windows(rng, 60, 6)
    a = train_model(windows, album, config=FAST, seed=3)
    b = train_model(windows, album, config=FAST, seed=3)
    c = train_model(windows, album, config=FAST, seed=4)
    assert a is not None and b is not None and c is not None
    for (wa, ba), (wb, bb) in zip(a.weights, b.weights):
        np.testing.assert_array_equal(wa, wb)
        np.testing.assert_array_equal(ba, bb)
    np.testing.assert_array_equal(a.embed_tracks(windows), b.embed_tracks(windows))
    assert not np.array_equal(a.weights[0][0], c.weights[0][0])


def test_a_resumed_training_ends_where_an_uninterrupted_one_does(rng):
    windows, album = synthetic_windows(rng, 50, 5)
    states: dict[int, bytes] = {}
    full = train_model(
        windows, album, config=FAST, seed=1, checkpoint=lambda s, b: states.setdefault(s, b)
    )
    assert sorted(states) == [20, 40]
    resumed = train_model(windows, album, config=FAST, seed=1, resume=(20, states[20]))
    assert full is not None and resumed is not None
    for (wa, _), (wb, _) in zip(full.weights, resumed.weights):
        np.testing.assert_array_equal(wa, wb)


def test_the_embedding_groups_albums_and_works_without_album_tags(rng):
    windows, album = synthetic_windows(rng, 80, 8)
    # Random neighbours share the album 9/79 = 11 % of the time. With album tags, the album
    # mates are positives and come out nearest; without, the training only tells the tracks
    # apart, which keeps album mates closer than chance but no longer groups them tightly.
    for albums, floor in ((album, 0.8), (None, 0.3)):
        model = train_model(windows, albums, config=FAST, seed=0)
        assert model is not None
        emb = model.embed_tracks(windows)
        assert emb.shape == (80, E.EMBED_DIM)
        np.testing.assert_allclose(np.linalg.norm(emb, axis=1), 1.0, atol=1e-5)
        assert album_precision(emb, album) > floor


def test_model_bytes_round_trip(rng):
    windows, album = synthetic_windows(rng, 30, 3)
    model = train_model(windows, album, config=FAST, seed=0)
    assert model is not None
    back = E.EmbeddingModel.from_bytes(model.to_bytes())
    np.testing.assert_array_equal(back.embed_tracks(windows), model.embed_tracks(windows))


# -- the library job --------------------------------------------------------------------------


def test_library_with_no_album_tags_trains_and_switches_similarity(data_dir, rng):
    catalog = Catalog(data_dir)
    ids, _album = library(catalog, rng, 40, tag_albums=False)
    assert (album_ids(catalog, ids) == -1).all()
    result = train(catalog, config=FAST, min_tracks=30)
    assert result.trained and result.tracks == 40
    emb = E.load_embeddings(catalog, min_tracks=30)
    assert emb is not None and list(emb.track_ids) == sorted(ids)
    space = content_space(catalog, min_tracks=30)
    assert space.kind == LEARNED
    assert space.vectors.shape == (40, E.EMBED_DIM + FEATURE_DIM)
    # Up to date now: a second call does nothing.
    assert not train(catalog, config=FAST, min_tracks=30).trained


def test_small_library_keeps_the_hand_built_vector(data_dir, rng):
    catalog = Catalog(data_dir)
    library(catalog, rng, 20)
    assert E.MIN_TRACKS > 20
    state = E.status(catalog)
    assert not state.due and "hand-built" in state.reason
    result = train(catalog)
    assert not result.trained
    assert E.load_model(catalog) is None
    index = SimilarityIndex.from_catalog(catalog)
    assert index.kind == HAND_BUILT and len(index) == 20


def test_tracks_added_after_training_are_embedded_on_load(data_dir, rng):
    catalog = Catalog(data_dir)
    _ids, _ = library(catalog, rng, 40)
    assert train(catalog, config=FAST, min_tracks=30).trained
    more, _ = library(catalog, rng, 3, prefix="new")
    emb = E.load_embeddings(catalog, min_tracks=30)
    assert emb is not None and set(more) <= set(emb.track_ids.tolist())
    stored = E.load_model(catalog)
    assert stored is not None
    _, windows = feature_store.load_windows(catalog, ids=[int(more[0])])
    row = int(np.searchsorted(emb.track_ids, more[0]))
    np.testing.assert_allclose(emb.vectors[row], stored.model.embed_tracks(windows)[0], atol=1e-6)
    # The library grew by under 10 %: no retraining due yet.
    assert not E.status(catalog, min_tracks=30).due


def test_a_new_feature_version_falls_back_until_retrained(data_dir, rng, monkeypatch):
    catalog = Catalog(data_dir)
    library(catalog, rng, 40)
    assert train(catalog, config=FAST, min_tracks=30).trained
    catalog.conn.execute("UPDATE embedding_model SET feature_version = feature_version - 1")
    assert E.load_embeddings(catalog, min_tracks=30) is None
    assert content_space(catalog, min_tracks=30).kind == HAND_BUILT
    assert E.status(catalog, min_tracks=30).due


def test_migration_v3_to_v4_keeps_features_and_adds_the_tables(data_dir):
    path = data_dir / "catalog.db"
    conn = connect(path)
    migrate(conn, MIGRATIONS[:3], name="catalog", backup_dir=None)
    conn.execute(
        "INSERT INTO tracks(path_raw, path, size, mtime_ns, added_at, updated_at) "
        "VALUES (?, ?, 1, 2, 0, 0)",
        (b"/m/a.ogg", "/m/a.ogg"),
    )
    conn.execute(
        "INSERT INTO track_features(track_id, version, dim, vector, analysed_at, file_size, "
        "file_mtime_ns) VALUES (1, 4, 2, ?, 0, 1, 2)",
        (np.zeros(2, "<f4").tobytes(),),
    )
    conn.close()
    catalog = Catalog(data_dir)
    assert catalog.conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS) >= 4
    tables = {r[0] for r in catalog.conn.execute("SELECT name FROM sqlite_master")}
    assert {"embedding_model", "track_embeddings", "embedding_checkpoint"} <= tables
    row = catalog.conn.execute("SELECT version, windows FROM track_features").fetchone()
    assert tuple(row) == (4, None)  # kept; the version bump re-analyses it lazily
    assert [p.track_id for p in feature_store.pending_tracks(catalog)] == [1]
    assert list((data_dir / "backups").glob("catalog-v3-*.db"))
    assert E.load_model(catalog) is None


def test_windows_round_trip_through_the_catalog(data_dir, rng):
    catalog = Catalog(data_dir)
    ids, _ = library(catalog, rng, 5)
    got_ids, windows = feature_store.load_windows(catalog)
    assert list(got_ids) == sorted(ids)
    assert all(w.shape[1] == WINDOW_DIM and 4 <= len(w) <= 12 for w in windows)
    size = catalog.conn.execute("SELECT MAX(LENGTH(windows)) FROM track_features").fetchone()[0]
    assert size <= 8192


# -- a killed training ------------------------------------------------------------------------


def _cli(data_dir: Path, *args: str) -> subprocess.Popen:
    env = dict(os.environ, DEEPCUTS_DATA_DIR=str(data_dir))
    return subprocess.Popen(
        [sys.executable, "-m", "desktop_app.cli", *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.slow
def test_a_killed_training_leaves_the_previous_embedding_usable_and_resumes(data_dir, rng):
    catalog = Catalog(data_dir)
    library(catalog, rng, 210)
    first = _cli(data_dir, "embed", "--json", "--steps", "40")
    out, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    before_ids, before = E.load_stored_embeddings(catalog)
    model_before = E.load_model(catalog)
    assert model_before is not None and len(before_ids) == 210

    # A long forced training, killed once its first checkpoint (step 100) is stored.
    proc = _cli(data_dir, "embed", "--json", "--force", "--steps", "300")
    deadline = time.monotonic() + 300
    watcher = sqlite3.connect(data_dir / "catalog.db", timeout=30)
    try:
        while time.monotonic() < deadline:
            row = watcher.execute("SELECT epoch FROM embedding_checkpoint").fetchone()
            if row is not None:
                break
            assert proc.poll() is None, proc.communicate()[1]
            time.sleep(0.05)
        else:
            pytest.fail("no checkpoint within 300 s")
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        watcher.close()
    assert proc.returncode == -signal.SIGKILL

    fresh = Catalog(data_dir)
    assert fresh.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    after_ids, after = E.load_stored_embeddings(fresh)
    np.testing.assert_array_equal(after_ids, before_ids)
    np.testing.assert_array_equal(after, before)
    model_after = E.load_model(fresh)
    assert model_after is not None and model_after.trained_at == model_before.trained_at
    assert SimilarityIndex.from_catalog(fresh).kind == LEARNED

    # The same job again picks up the checkpoint.
    again = _cli(data_dir, "embed", "--json", "--force", "--steps", "300")
    out, err = again.communicate(timeout=600)
    assert again.returncode == 0, err
    import json

    doc = json.loads(out)
    assert doc["trained"] is True and doc["resumed_from_step"] == 100 and doc["steps"] == 300
    assert E.load_model(Catalog(data_dir)).trained_at > model_before.trained_at
