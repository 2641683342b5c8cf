"""The Discover page's summary line tells how far the analysis has come."""

from __future__ import annotations

from analysis.analyzer import analyze
from analysis.catalog import Catalog
from desktop_app.gui import backend
from tests.analysis import signals as S


def test_summary_says_so_far_while_tracks_wait_and_names_the_undecodable_ones(
    data_dir, tmp_path, rng
):
    catalog = Catalog(data_dir)
    ids = S.library(
        catalog,
        tmp_path / "m",
        {
            "noise.wav": S.noise(rng, 4.0),
            "chords.wav": S.noise(rng, 4.0) * 0.5,
            "pulse.wav": S.rhythmic(rng, 4.0),
        },
    )
    (tmp_path / "m" / "pulse.wav").write_bytes(b"RIFF but not really audio" * 40)
    analyze(catalog, workers=0, track_ids=[ids["noise.wav"]])
    waiting = backend.discover.discover_overview(data_dir)
    assert "1 of 3 tracks analysed so far" in waiting.message

    analyze(catalog, workers=0)  # the rest: one decodes, one cannot
    catalog.close()
    done = backend.discover.discover_overview(data_dir)
    assert "2 of 3 tracks analysed; 1 could not be decoded." in done.message
    assert "so far" not in done.message
