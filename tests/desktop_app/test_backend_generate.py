"""One generated list for the Discover page: a daily mix is built once, as its card shows it."""

from __future__ import annotations

from desktop_app.gui import backend
from tests.desktop_app.synthetic import build_catalog


def test_a_daily_mix_is_the_one_on_its_card_and_is_built_once(data_dir, monkeypatch):
    import recommender.playlists.generate as generate_module

    build_catalog(data_dir, 300)
    overview = backend.discover.discover_overview(data_dir)
    cards = {m.key: m for m in overview.mixes}
    assert {"daily:0", "daily:1"} <= set(cards)

    real = generate_module.generate
    calls: list[str] = []

    def counting(ctx, kind, *args, **kwargs):
        calls.append(kind)
        return real(ctx, kind, *args, **kwargs)

    monkeypatch.setattr(generate_module, "generate", counting)
    for index in (0, 1):
        calls.clear()
        items = backend.discover.generate(data_dir, "daily", mix_index=index)
        assert calls == ["daily"]  # not a first list thrown away, then the daily mixes
        assert [i["id"] for i in items] == [t["id"] for t in cards[f"daily:{index}"].tracks]
    assert backend.discover.generate(data_dir, "daily", mix_index=99) == []


def test_a_recorded_play_is_taken_into_the_cached_context_without_a_rebuild(data_dir):
    """After a play Discover is current at once: the cached context takes the play in place."""
    import time
    from types import SimpleNamespace

    from recommender.playlists.discovery import discover

    build_catalog(data_dir, 300)
    ctx = backend.context.playlist_context(data_dir)
    first = discover(ctx)[0]
    record = SimpleNamespace(
        track_id=first.track_id,
        started_at=max(ctx.now, time.time()) + 1.0,
        ms_played=200_000,
        duration_ms=200_000,
        completed=True,
        skipped=False,
        context=None,
    )
    backend.history.record_play(data_dir, record)
    again = backend.context.playlist_context(data_dir)
    assert again is ctx  # not built anew
    assert ctx.heard[first.item] and ctx.play_count[first.item] >= 1
    assert first.track_id not in {p.track_id for p in discover(ctx)}
