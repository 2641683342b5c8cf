"""The real histories and libraries of ../shared/data through the whole store: import, match,
re-import (nothing twice), export and restore exactly."""

from __future__ import annotations

import json

import pytest

from analysis.catalog import Catalog
from recommender.history import HistoryStore
from recommender.history.importers import parse_history
from tests.recommender.test_history_helpers import build_perturbed_catalog

HISTORIES = {
    "lastfm-ghan-csv": "lastfm",
    "lastfm-1k-tsv": "lastfm-1k",
    "spotify-extended-json": "spotify",
}  # the 33,489-play Spotify account export is covered by the parser and matching tests


@pytest.mark.parametrize("name", sorted(HISTORIES))
def test_real_history_import_reimport_and_round_trip(shared_data, tmp_path, name):
    source = shared_data / "histories" / name
    parsed = parse_history(source)
    home = tmp_path / "home"
    home.mkdir()
    catalog, _origin, _present = build_perturbed_catalog(home, parsed.events, share=0.5)
    with HistoryStore(home) as store:
        report = store.import_path(source, catalog)
        assert report.format == HISTORIES[name] and report.events == len(parsed.events)
        assert report.matched + report.unmatched + report.duplicates == report.events
        assert report.duplicates <= report.events * 0.01  # real exports hold few true repeats
        assert report.matched >= 0.4 * report.events  # half the songs are in the catalog
        again = store.import_path(source, catalog)
        assert again.duplicates == again.events  # nothing twice
        plays = store.plays(catalog, include_excluded=True)
        assert len(plays) == report.events - report.duplicates
        assert sum(p.track_id is not None for p in plays) == report.matched
        if name == "spotify-extended-json":
            flagged = sum(1 for e in parsed.events if e.skipped)
            assert sum(p.skipped for p in plays) >= flagged - report.duplicates
        store.export(tmp_path / "a.jsonl")
    restored = tmp_path / "restored"
    restored.mkdir()
    with HistoryStore(restored) as store2:
        store2.import_path(tmp_path / "a.jsonl", Catalog(home))
        store2.export(tmp_path / "b.jsonl")
    a = (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()[1:]
    b = (tmp_path / "b.jsonl").read_text(encoding="utf-8").splitlines()[1:]
    assert [line for line in b if json.loads(line).get("format") != "deepcuts"] == a


def test_real_player_libraries_through_the_store(shared_data, data_dir):
    itunes = parse_history(shared_data / "player-libraries/itunes-xml")
    rhythmbox = parse_history(shared_data / "player-libraries/rhythmbox-xml")
    cat = Catalog(data_dir)
    # the Rhythmbox files are on this disk (same path); two iTunes tracks were retagged here
    rows = [
        {"path": a.location, "artist": "Someone Else", "title": f"Renamed {i}"}
        for i, a in enumerate(rhythmbox.aggregates[:5])
    ]
    rows += [
        {
            "path": f"/music/it/{i}.mp3",
            "artist": a.artist.upper(),
            "title": a.title,
            "album": a.album,
        }
        for i, a in enumerate(itunes.aggregates[:2])
    ]
    ids = cat.insert_tracks(rows)
    with HistoryStore(data_dir) as store:
        r1 = store.import_path(shared_data / "player-libraries/rhythmbox-xml", cat)
        r2 = store.import_path(shared_data / "player-libraries/itunes-xml", cat)
        assert (r1.aggregates, r2.aggregates) == (12, 8)
        aggs = store.aggregates(cat)
        assert set(aggs.keys()) == set(ids)
        for tid, agg in zip(ids[:5], rhythmbox.aggregates[:5]):
            assert aggs[tid].play_count == agg.play_count  # matched by the very same file
        assert store.import_path(shared_data / "player-libraries/itunes-xml", cat).aggregates == 8
        assert store.stats()["aggregates"] == 20  # re-import replaced, never doubled
