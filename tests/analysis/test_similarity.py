"""Content similarity: each kind of signal finds its own kind; the CLI contract of `similar`."""

from __future__ import annotations

import json

import numpy as np
import pytest

from analysis.analyzer import analyze
from analysis.catalog import Catalog
from analysis.feature_store import FeatureMatrix, load_features
from analysis.features import FEATURE_DIM, FEATURE_GROUPS
from analysis.similarity import (
    SimilarityIndex,
    column_weights,
    nearest,
    precision_at_k,
)
from tests.analysis import signals as S
from tests.analysis.test_analyzer import run_cli

KINDS = ("noise", "sines", "rhythmic")


@pytest.fixture
def kinds_library(data_dir, tmp_path, rng):
    """Four tracks each of noise, sines and drums, in mixed formats and levels."""
    catalog = Catalog(data_dir)
    makers = {
        "noise": lambda: S.noise(rng, 8.0, colour=rng.uniform(0, 1)),
        "sines": lambda: S.sines(rng, 8.0),
        "rhythmic": lambda: S.rhythmic(rng, 8.0),
    }
    tracks = {}
    for i in range(4):
        for kind in KINDS:
            ext = ("wav", "flac", "ogg", "wav")[i]
            tracks[f"{kind}-{i}.{ext}"] = makers[kind]() * rng.uniform(0.5, 1.0)
    ids = S.library(catalog, tmp_path / "m", tracks)
    result = analyze(catalog, workers=0)
    assert result.analyzed == 12
    labels = {tid: name.split("-")[0] for name, tid in ids.items()}
    return catalog, labels


def test_each_kind_finds_its_own_kind(kinds_library):
    catalog, labels = kinds_library
    index = SimilarityIndex.from_catalog(catalog)  # the default: group-balanced weights
    for tid, kind in labels.items():
        nn = index.neighbours(tid, count=3)
        assert [labels[n] for n, _ in nn] == [kind] * 3, (kind, nn)
    assert precision_at_k(index, labels, k=3) == 1.0


def test_group_weighting_is_not_worse_than_plain_distance(kinds_library):
    catalog, labels = kinds_library
    grouped = precision_at_k(SimilarityIndex.from_catalog(catalog, weighting="groups"), labels)
    plain = precision_at_k(SimilarityIndex.from_catalog(catalog, weighting="none"), labels)
    assert grouped >= plain


def test_neighbours_are_sorted_and_exclude_the_seed(kinds_library):
    catalog, labels = kinds_library
    seed = next(iter(labels))
    result = nearest(catalog, seed, count=20)
    assert len(result) == 11 and seed not in [t for t, _ in result]
    dists = [d for _, d in result]
    assert dists == sorted(dists) and all(d >= 0 for d in dists)
    index = SimilarityIndex.from_catalog(catalog)
    assert index.neighbours(seed, count=0) == []
    with pytest.raises(KeyError):
        index.neighbours(99_999)


def test_distance_matches_a_direct_computation(rng):
    vectors = rng.standard_normal((30, FEATURE_DIM)).astype(np.float32)
    fm = FeatureMatrix(np.arange(1, 31, dtype=np.int64), vectors, 1, [])
    index = SimilarityIndex.from_matrix(fm, weighting="groups")
    w = column_weights("groups")
    nn = index.neighbours(5, count=4)
    direct = np.sqrt((((vectors - vectors[4]) * w) ** 2).sum(axis=1))
    direct[4] = np.inf
    assert [t for t, _ in nn] == [int(i) + 1 for i in np.argsort(direct)[:4]]
    assert nn[0][1] == pytest.approx(float(np.sort(direct)[0]), rel=1e-4)


def test_group_weights_balance_the_groups():
    w = column_weights("groups")
    for sl in FEATURE_GROUPS.values():
        assert float((w[sl] ** 2).sum()) == pytest.approx(1.0)
    assert (column_weights("none") == 1).all()
    with pytest.raises(ValueError):
        column_weights("learned-by-magic")


def test_cli_similar_and_features_json(kinds_library, data_dir):
    catalog, labels = kinds_library
    seed = next(t for t, k in labels.items() if k == "rhythmic")
    proc = run_cli(data_dir, "similar", str(seed), "--count", "3", "--json")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert isinstance(rows, list) and len(rows) == 3
    for row in rows:
        assert list(row) == ["id", "path", "title", "artist", "distance"]
        assert labels[row["id"]] == "rhythmic"
    by_path = run_cli(data_dir, "similar", catalog.track(seed).path, "--content-only", "--json")
    assert [r["id"] for r in json.loads(by_path.stdout)][:3] == [r["id"] for r in rows]

    proc = run_cli(data_dir, "features", str(seed), "--json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    for key in ("bpm", "key", "energy", "brightness", "acousticness", "vector", "descriptors"):
        assert key in doc
    assert len(doc["vector"]) == FEATURE_DIM == len(doc["names"])
    assert abs(doc["bpm"] - 120) < 25  # the drum pattern's tempo is drawn from 100-140


def test_features_analyses_an_unanalysed_track_on_demand(data_dir, tmp_path):
    catalog = Catalog(data_dir)
    ids = S.library(catalog, tmp_path / "m", {"c.flac": S.c_major_progression()})
    proc = run_cli(data_dir, "features", str(ids["c.flac"]), "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["key"] == "C major"
    assert len(load_features(catalog)) == 1


def test_similar_without_any_analysis_explains(data_dir, tmp_path):
    catalog = Catalog(data_dir)
    ids = S.library(catalog, tmp_path / "m", {"c.wav": S.click_track(100, 3.0)})
    proc = run_cli(data_dir, "similar", str(ids["c.wav"]))
    assert proc.returncode == 1 and "analyze" in proc.stderr
