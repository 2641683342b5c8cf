"""Describe it in words: vocabulary, tokenizer, parser and answers (issue 14)."""

from __future__ import annotations

import itertools
import tomllib
from importlib import resources

import numpy as np
import pytest

from analysis.errors import DeepCutsError
from analysis.identity import fold
from recommender.playlists.context import Options, PlaylistContext
from recommender.words import Lexicon, understand
from recommender.words.answer import answer, describe, lexicon
from recommender.words.tokenizer import MAX_CHARS, tokenize
from recommender.words.vocabulary import (
    SCALES,
    VocabularyError,
    load_vocabulary,
    parse_vocabulary,
)
from tests.recommender import words_library
from tests.recommender.playlist_library import build_library


def _doc() -> dict:
    text = resources.files("recommender.words").joinpath("vocabulary.toml").read_text("utf-8")
    return tomllib.loads(text)


EMPTY = Lexicon.build([], [], [])


# -- the vocabulary ------------------------------------------------------------------------------


def test_every_vocabulary_entry_maps_to_something_valid():
    vocab = load_vocabulary()
    doc = _doc()
    for table in ("descriptor", "preset", "genre", "era", "familiarity", "duration"):
        for raw in doc[table]:
            for word in raw["words"]:
                entry = vocab.phrases[fold(word)]
                assert entry.kind == table, (word, entry)
    for entry in vocab.phrases.values():
        for pref in entry.prefer:
            assert pref.scale in SCALES
    for genre in vocab.genres.values():
        for p in genre.fallback:
            assert p.scale in SCALES
        assert not genre.parent or genre.parent in vocab.genres


def test_every_feeling_genre_and_era_word_is_understood_alone():
    """Read through the parser, each word of those tables becomes exactly its own meaning."""
    vocab = load_vocabulary()
    lex = Lexicon.build(["x"], ["y"], [[g for g in vocab.genres]])  # every genre present once
    doc = _doc()
    for table in ("descriptor", "preset", "genre", "era"):
        for raw in doc[table]:
            for word in raw["words"]:
                query = understand(word, lex)
                assert len(query.constraints) == 1 and not query.unknown, (word, query)
                assert query.constraints[0].words.lower() == word.lower()


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d["descriptor"][0]["prefer"].append(["tempoo", "high", 1.0]), "unknown scale"),
        (lambda d: d["descriptor"][0]["prefer"].append(["tempo", "up", 1.0]), "target"),
        (lambda d: d["descriptor"][0]["prefer"].append(["mode", "dorian", 1.0]), "mode"),
        (lambda d: d["genre"][1].update(parent="nonexistent"), "parent"),
        (lambda d: d["descriptor"][1]["words"].append("fast"), "one meaning"),
        (lambda d: d["stop"]["words"].append("calm"), "stop word"),
        (lambda d: d["era"][0].update({"from": 1990, "to": 1980}), "years"),
        (lambda d: d["familiarity"][0].update(rule="sometimes"), "rule"),
    ],
)
def test_a_broken_vocabulary_is_refused_with_the_entry_named(change, message):
    doc = _doc()
    change(doc)
    with pytest.raises(VocabularyError, match=message):
        parse_vocabulary(doc)


# -- tokens ------------------------------------------------------------------------------------


def test_tokens_keep_apostrophes_hyphens_and_offsets():
    text = "I haven't heard hip-hop, 8-bit"
    tokens = tokenize(text)
    assert [t.text for t in tokens] == ["I", "haven't", "heard", "hip-hop", ",", "8-bit"]
    assert all(text[t.start : t.end] == t.text for t in tokens)
    assert tokens[4].sort == "punct"


def test_chinese_is_cut_by_longest_match_and_unknown_runs_stay_whole():
    tokens = tokenize("我想听安静的周杰伦音乐", {"我想", "听", "安静", "的", "音乐", "安"})
    assert [t.text for t in tokens] == ["我想", "听", "安静", "的", "周杰伦", "音乐"]
    assert tokens[4].sort == "cjk-unknown"


# -- understanding -----------------------------------------------------------------------------


def test_a_sentence_becomes_traceable_constraints():
    q = understand("calm piano for a rainy evening", EMPTY)
    words = [u["words"] for u in q.understood()]
    assert words == ["calm", "piano", "rainy evening"]
    assert "no track in your library is tagged piano" in q.understood()[1]["as"]
    assert q.unknown == []


def test_unknown_words_are_reported_and_stop_words_ignored():
    q = understand("some calm flibbertigibbet wobble music please", EMPTY)
    assert [u["words"] for u in q.understood()] == ["calm"]
    assert q.unknown == ["flibbertigibbet wobble"]
    assert understand("the some a", EMPTY).constraints == []
    assert understand("the some a", EMPTY).unknown == []


def test_eras_numbers_and_negation():
    q = understand("not too fast 90s, 1994, 120 bpm, 八十年代, 2000年代", EMPTY)
    labels = [u["as"] for u in q.understood()]
    assert labels[0].startswith("not fast: slower")
    assert labels[1:] == [
        "years 1990-1999",
        "year 1994",
        "tempo near 120 BPM",
        "years 1980-1989",
        "years 2000-2009",
    ]


def test_familiarity_takes_a_duration():
    q = understand("sad songs I haven't heard in a year", EMPTY)
    c = q.constraints[1]
    assert (c.rule, c.days, c.words) == ("not recently", 365.0, "haven't heard in a year")


def test_like_seeds_from_the_library_fuzzily_and_but_more_shifts():
    lex = Lexicon.build(
        ["nick drake", "metallica"], ["pink moon", "one"], [[], []], ["Nick Drake", "Metallica"]
    )
    q = understand("something like Nick Drak but more upbeat", lex)
    like, shift = q.constraints
    assert like.kind == "like" and like.items == (0,) and like.words == "like Nick Drak"
    assert shift.shift and "more than Nick Drake" in shift.label
    assert understand("像 metallica 一样", lex).constraints[0].items == (1,)
    assert understand("I like calm music", lex).constraints[0].label.startswith("calm")
    with pytest.raises(DeepCutsError, match="“Zyxxon Quartet” is not an artist or a title"):
        understand("like Zyxxon Quartet", lex)
    with pytest.raises(DeepCutsError, match="“Zyxxon Quartet” is not an artist in your library"):
        understand("calm songs by Zyxxon Quartet", lex)
    assert understand("songs by metalica", lex).constraints[0].items == (1,)
    assert [c.label for c in understand("from the 70s, from 2007", lex).constraints] == [
        "years 1970-1979",
        "year 2007",
    ]


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "empty"),
        ("   \n ", "empty"),
        ("x" * 10_000, "too long"),
        ("calm\x00music", "control characters"),
        ("fast\x1b[31m", "control characters"),
        (None, "must be text"),
    ],
)
def test_bad_text_is_refused_with_one_clear_line(text, message):
    with pytest.raises(DeepCutsError, match=message) as info:
        understand(text, EMPTY)
    assert "\n" not in str(info.value)
    assert MAX_CHARS < 10_000


# -- answers -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def planted():
    lib = build_library()
    ctx = PlaylistContext(lib.data(), lib.meta(), descriptors=lib.descriptors)
    return lib, ctx


def test_answers_follow_the_list_rules(planted):
    lib, ctx = planted
    for text in ("calm", "fast", "my favourites", "electronic", "like Folk Artist 1"):
        _query, picks = describe(ctx, text, Options(count=12))
        items = [p.item for p in picks]
        assert items, text
        assert lib.banned_item not in items and lib.disliked_item not in items
        assert not any(ctx.blocked[i] for i in items)
        assert not any(set(lib.recent_items) & set(items))
        versions = [ctx.version_keys[i] for i in items]
        assert len(versions) == len(set(versions)), text
        artists = [ctx.artist_keys[i] for i in items]
        assert all(a != b for a, b in itertools.pairwise(artists)), text
        assert max(artists.count(a) for a in artists) <= max(2, 12 // 10), text


def test_reasons_name_the_words_with_the_tracks_values(planted):
    _, ctx = planted
    _, picks = describe(ctx, "slow acoustic minor key", Options(count=5))
    d = ctx.descriptor(picks[0].item)
    assert f"slow ({d.bpm:.0f} BPM" in picks[0].reason
    assert f"acoustic (acousticness {d.acousticness:.2f})" in picks[0].reason
    assert "minor key" in picks[0].reason
    assert "you play" in " ".join(p.reason for p in picks)  # taste joins in with history


def test_taste_breaks_ties_within_a_genre(planted):
    _, ctx = planted
    _, picks = describe(ctx, "electronic", Options(count=6))
    # the planted person loves the first tracks of each electronic artist's albums
    assert np.mean([ctx.taste[p.item] for p in picks]) > np.mean(
        ctx.taste[[i for i, g in enumerate(ctx.data.genres) if "electronic" in g]]
    )


def test_a_part_nothing_answers_is_named(planted):
    _, ctx = planted
    with pytest.raises(DeepCutsError, match="“jazz”"):
        describe(ctx, "jazz", Options(count=5))
    with pytest.raises(DeepCutsError, match="“90s”"):
        describe(ctx, "90s", Options(count=5))


def test_nothing_understood_gives_no_list_and_an_empty_library_none(planted):
    _, ctx = planted
    query, picks = describe(ctx, "zzyzx", Options(count=5))
    assert query.constraints == [] and query.unknown == ["zzyzx"] and picks == []


def test_a_removed_chip_changes_the_answer():
    ctx = words_library.context()
    query, picks = describe(ctx, "fast orchestral", Options(count=10))
    without = answer(ctx, query.without(1), Options(count=10))
    genres = [set(ctx.data.genres[p.item]) for p in without]
    assert any("orchestral" not in g for g in genres)
    assert all("orchestral" in set(ctx.data.genres[p.item]) for p in picks)


def test_without_history_the_description_still_ranks():
    ctx = words_library.context(with_history=False)
    _query, picks = describe(ctx, "calm", Options(count=10))
    assert len(picks) == 10 and "you play" not in picks[0].reason
    with pytest.raises(DeepCutsError, match="listening history"):
        describe(ctx, "my favourites", Options(count=10))
    assert lexicon(ctx) is lexicon(ctx)  # built once per context
