"""Feature storage in catalog.db: migration v1 -> v2, round trips, versions never mixed."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest

from analysis import feature_store
from analysis.catalog import MIGRATIONS, Catalog
from analysis.feature_store import (
    AnalysisRecord,
    ErrorRecord,
    load_descriptors,
    load_features,
    pending_tracks,
    write_results,
)
from analysis.features import (
    FEATURE_DIM,
    FEATURE_VERSION,
    KEY_NAMES,
    TrackFeatures,
    feature_names,
)
from analysis.sqlite_store import connect, migrate


def fake_features(rng, *, bpm=120.0, key_index=9, mode="minor", energy=0.5) -> TrackFeatures:
    return TrackFeatures(
        vector=rng.standard_normal(FEATURE_DIM).astype(np.float32),
        bpm=bpm,
        key=f"{KEY_NAMES[key_index]} {mode}",
        key_index=key_index,
        mode=mode,
        key_strength=0.7,
        energy=energy,
        brightness=0.4,
        acousticness=0.6,
        seconds=60.0,
    )


def add_tracks(catalog, n, *, missing=()):
    ids = catalog.insert_tracks(
        [
            {"path": f"/music/t{i}.ogg", "size": 100 + i, "mtime_ns": 10 + i, "added_at": float(i)}
            for i in range(n)
        ]
    )
    for i in missing:
        catalog.conn.execute("UPDATE tracks SET missing = 1 WHERE id = ?", (ids[i],))
    return ids


def store(catalog, ids, rng, **kw):
    recs = []
    for tid in ids:
        row = catalog.conn.execute(
            "SELECT size, mtime_ns FROM tracks WHERE id = ?", (tid,)
        ).fetchone()
        recs.append(AnalysisRecord(tid, fake_features(rng, **kw), row[0], row[1], "pyav"))
    write_results(catalog, recs)
    return recs


def test_migration_v1_to_v2_keeps_tracks_and_adds_tables(data_dir):
    # Build the v1 state exactly as a v1 Deep Cuts left it.
    path = data_dir / "catalog.db"
    conn = connect(path)
    migrate(conn, MIGRATIONS[:1], name="catalog", backup_dir=None)
    conn.execute(
        "INSERT INTO tracks(path_raw, path, size, mtime_ns, title, added_at, "
        "updated_at) VALUES (?, ?, 1, 2, 'Old Song', 0, 0)",
        (b"/m/a.ogg", "/m/a.ogg"),
    )
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()

    catalog = Catalog(data_dir)
    assert catalog.conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS) >= 2
    tables = {r[0] for r in catalog.conn.execute("SELECT name FROM sqlite_master")}
    assert {"track_features", "analysis_errors", "feature_stats"} <= tables
    assert catalog.track(1).title == "Old Song"
    assert list((data_dir / "backups").glob("catalog-v1-*.db"))  # backed up first
    assert [p.track_id for p in pending_tracks(catalog)] == [1]
    assert catalog.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_round_trip_and_descriptors(data_dir, rng):
    catalog = Catalog(data_dir)
    ids = add_tracks(catalog, 5)
    recs = store(catalog, ids, rng)
    raw = load_features(catalog, standardized=False)
    assert raw.version == FEATURE_VERSION and raw.names == feature_names()
    assert raw.track_ids.dtype == np.int64 and list(raw.track_ids) == ids
    assert raw.vectors.dtype == np.float32 and raw.vectors.shape == (5, FEATURE_DIM)
    np.testing.assert_array_equal(raw.vectors[2], recs[2].features.vector)
    desc = load_descriptors(catalog)
    assert set(desc) == set(ids)
    d = desc[ids[0]]
    assert d.key == "A minor" and d.key_index == 9 and d.mode == "minor" and d.bpm == 120.0
    assert pending_tracks(catalog) == []


def test_standardised_with_library_wide_stats(data_dir, rng):
    catalog = Catalog(data_dir)
    ids = add_tracks(catalog, 40)
    store(catalog, ids, rng)
    z = load_features(catalog).vectors
    raw = load_features(catalog, standardized=False).vectors
    # Rank standardisation: each value is the normal score of its rank in the library, so the
    # order within a column is kept, columns are centred, and no value passes +-2.33.
    for j in range(FEATURE_DIM):
        assert (np.argsort(z[:, j], kind="stable") == np.argsort(raw[:, j], kind="stable")).all()
    assert np.allclose(np.median(z, axis=0), 0.0, atol=0.05)
    assert np.abs(z).max() == pytest.approx(2.3263, abs=1e-3)
    assert (z.std(axis=0) > 0.8).all() and (z.std(axis=0) < 1.1).all()
    stats = feature_store.load_stats(catalog)
    assert stats is not None and stats.count == 40 and len(stats.names) == FEATURE_DIM
    assert stats.quantiles is not None and stats.quantiles.shape == (201, FEATURE_DIM)


def test_rank_standardisation_ignores_an_outlier(data_dir, rng):
    # One extreme track (say, silence) moves a z-score's mean and deviation for everyone; the
    # ranks of the others do not change.
    catalog = Catalog(data_dir)
    ids = add_tracks(catalog, 30)
    recs = store(catalog, ids, rng)
    before = load_features(catalog).vectors[1:].copy()
    recs[0].features.vector[:] = 1e6
    write_results(catalog, recs[:1])
    feature_store.compute_stats(catalog)
    after = load_features(catalog).vectors
    assert (after[0] == after.max(axis=0)).all()
    # The others keep their spread (a z-score would squash them all to about 0.03 standard
    # deviations of the new column) and their order.
    assert (after[1:].std(axis=0) > 0.7).all()
    for j in range(FEATURE_DIM):
        assert np.corrcoef(after[1:, j], before[:, j])[0, 1] > 0.95


def test_statistics_stored_without_quantiles_fall_back_to_z_scores(rng):
    stats = feature_store.FeatureStats(5, 3, np.zeros(2), np.full(2, 2.0), ["a", "b"])
    np.testing.assert_allclose(stats.standardize(np.array([[2.0, -100.0]])), [[1.0, -6.0]])


def test_constant_column_does_not_divide_by_zero(data_dir, rng):
    catalog = Catalog(data_dir)
    ids = add_tracks(catalog, 3)
    recs = store(catalog, ids, rng)
    for r in recs:
        r.features.vector[:] = 1.0
    write_results(catalog, recs)
    feature_store.compute_stats(catalog)
    assert np.isfinite(load_features(catalog).vectors).all()


def test_missing_tracks_are_left_out(data_dir, rng):
    catalog = Catalog(data_dir)
    ids = add_tracks(catalog, 4, missing=[1])
    store(catalog, ids, rng)
    assert ids[1] not in set(load_features(catalog).track_ids.tolist())
    assert ids[1] not in load_descriptors(catalog)
    assert ids[1] not in [p.track_id for p in pending_tracks(catalog)]


def test_two_versions_are_never_mixed(data_dir, rng, monkeypatch):
    catalog = Catalog(data_dir)
    ids = add_tracks(catalog, 4)
    store(catalog, ids, rng)
    monkeypatch.setattr(feature_store, "FEATURE_VERSION", FEATURE_VERSION + 1)
    # The old vectors are not served as the new version, and every track needs analysis again.
    assert len(load_features(catalog)) == 0
    assert load_descriptors(catalog) == {}
    pend = pending_tracks(catalog)
    assert [p.track_id for p in pend] == sorted(ids, reverse=True)  # newest added first
    assert not any(p.never_analysed for p in pend)
    store(catalog, ids[:2], rng)  # two re-analysed with the new version
    fm = load_features(catalog)
    assert fm.version == FEATURE_VERSION + 1 and sorted(fm.track_ids.tolist()) == ids[:2]
    versions = {r[0] for r in catalog.conn.execute("SELECT version FROM track_features")}
    assert versions == {FEATURE_VERSION, FEATURE_VERSION + 1}  # one row per track, though
    assert catalog.conn.execute("SELECT COUNT(*) FROM track_features").fetchone()[0] == 4


def test_pending_order_and_staleness(data_dir, rng):
    catalog = Catalog(data_dir)
    ids = add_tracks(catalog, 6)
    store(catalog, ids[:2], rng)  # 0 and 1 analysed
    # Track 0's file changed since: stale, so pending again, but after never-analysed ones.
    catalog.conn.execute("UPDATE tracks SET size = 999 WHERE id = ?", (ids[0],))
    order = [p.track_id for p in pending_tracks(catalog, recently_played=[ids[3]])]
    assert order == [ids[3], ids[5], ids[4], ids[2], ids[0]]
    assert [p.track_id for p in pending_tracks(catalog, limit=2)] == [ids[5], ids[4]]
    assert [p.track_id for p in pending_tracks(catalog, track_ids=[ids[2], ids[1]])] == [ids[2]]


def test_errors_are_recorded_and_not_retried_until_the_file_changes(data_dir, rng):
    catalog = Catalog(data_dir)
    ids = add_tracks(catalog, 2)
    write_results(catalog, [], [ErrorRecord(ids[0], "cannot decode audio (x)", 100, 10)])
    assert feature_store.analysis_error(catalog, ids[0]) == "cannot decode audio (x)"
    assert [e["reason"] for e in feature_store.analysis_errors(catalog)] == [
        "cannot decode audio (x)"
    ]
    assert [p.track_id for p in pending_tracks(catalog)] == [ids[1]]
    catalog.conn.execute("UPDATE tracks SET mtime_ns = 77 WHERE id = ?", (ids[0],))
    assert ids[0] in [p.track_id for p in pending_tracks(catalog)]
    # A later success clears the error.
    store(catalog, [ids[0]], rng)
    assert feature_store.analysis_error(catalog, ids[0]) is None


def test_deleting_a_track_cascades(data_dir, rng):
    catalog = Catalog(data_dir)
    ids = add_tracks(catalog, 2)
    store(catalog, ids, rng)
    write_results(catalog, [], [ErrorRecord(ids[1], "bad", 0, 0)])
    catalog.conn.execute("DELETE FROM tracks WHERE id = ?", (ids[1],))
    catalog.conn.execute("DELETE FROM tracks WHERE id = ?", (ids[0],))
    for table in ("track_features", "analysis_errors"):
        assert catalog.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 0


def test_results_for_deleted_tracks_are_dropped(data_dir, rng):
    catalog = Catalog(data_dir)
    ids = add_tracks(catalog, 1)
    write_results(catalog, [AnalysisRecord(ids[0] + 50, fake_features(rng), 1, 1, "pyav")])
    assert len(load_features(catalog)) == 0


def test_readonly_catalog_can_load_features(data_dir, rng):
    catalog = Catalog(data_dir)
    store(catalog, add_tracks(catalog, 3), rng)
    catalog.conn.execute("DELETE FROM feature_stats")  # stats never computed
    ro = Catalog(data_dir, readonly=True)
    fm = load_features(ro)
    assert fm.vectors.shape == (3, FEATURE_DIM)
    with pytest.raises(sqlite3.OperationalError):
        ro.conn.execute("DELETE FROM tracks")
