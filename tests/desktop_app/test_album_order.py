"""The album grid's order: artist then title, case-folded, as the tuple sort it replaced."""

from __future__ import annotations

import random

from desktop_app.gui.album_grid import Album, _by_artist_then_title


def test_albums_sort_like_the_artist_title_tuples() -> None:
    rng = random.Random(7)
    names = ["ab", "Ab", "abc", "", "Zoë", "zoe", "Ärzte", "ßand", "b", "\udcff"]
    titles = [*(n for n in names if n and n != "\udcff"), "x"]
    albums = [Album(title=rng.choice(titles), artist=rng.choice(names)) for _ in range(500)]
    expected = sorted(albums, key=lambda a: (a.artist.casefold(), a.title.casefold()))
    got = _by_artist_then_title(albums)
    assert [id(a) for a in got] == [id(a) for a in expected]  # same order, ties kept in place


def test_shorter_artist_before_its_extension() -> None:
    albums = [Album(title="a", artist="abc"), Album(title="z", artist="ab")]
    assert [a.artist for a in _by_artist_then_title(albums)] == ["ab", "abc"]
    assert _by_artist_then_title([]) == []
