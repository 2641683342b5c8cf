"""The query set (tests/recommender/words_queries.py) on a synthetic library: >= 90 % of checks.

The real-music run of the same set is ``benchmarks/bench_words_real.py`` (it downloads the
soundtracks); docs/words.md has both results.
"""

from __future__ import annotations

import pytest

from analysis.errors import DeepCutsError
from recommender.playlists.context import Options
from recommender.words.answer import describe
from tests.recommender import words_library
from tests.recommender.words_queries import QUERIES, fill, run_check


@pytest.fixture(scope="module")
def ctx():
    return words_library.context()


def _answer(ctx, text):
    try:
        query, picks = describe(ctx, text, Options(count=20))
    except DeepCutsError:
        return None, []
    if not query.constraints:
        return None, []
    return query, picks


def test_query_set_is_large_and_bilingual():
    assert len(QUERIES) >= 60
    chinese = [q for q, _ in QUERIES if any("\u4e00" <= ch <= "\u9fff" for ch in q)]
    assert len(chinese) >= 10


def test_query_set_passes_on_the_synthetic_library(ctx):
    results = []
    for text, checks in QUERIES:
        query, picks = _answer(ctx, fill(text, words_library.NAMES))
        for check in checks:
            results.append((text, check, run_check(check, ctx, query, picks, words_library.NAMES)))
    failed = [r for r in results if r[2]]
    rate = 1 - len(failed) / len(results)
    assert rate >= 0.9, "\n".join(f"{t[:40]!r} {c}: {why}" for t, c, why in failed)


def test_a_check_can_fail(ctx):
    """The checks are not vacuous: a "slow" list fails the "fast" check and vice versa."""
    query, picks = _answer(ctx, "slow")
    assert run_check(("bpm", ">", 0.65), ctx, query, picks, {})
    query, picks = _answer(ctx, "90s")
    assert not run_check(("year", 1990, 1999), ctx, query, picks, {})
    assert run_check(("year", 2000, 2009), ctx, query, picks, {})
