"""What the library itself can answer to: its artists, titles and genre tags.

Built once per library (linear in its size). Artist names and genre tags of the library are
phrases a description may contain as they are ("wesnoth", "chiptune"); "like X" and "by X" look X
up here, exactly first and then fuzzily (rapidfuzz, ``fuzz.ratio`` on folded text, at least
:data:`FUZZY_CUTOFF`), so "nick drak" still finds Nick Drake.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from analysis.identity import fold
from recommender.words.tokenizer import is_cjk

#: Lowest rapidfuzz ratio (0-100) at which a name counts as the one typed.
FUZZY_CUTOFF = 85.0


@dataclass(frozen=True, slots=True)
class NameMatch:
    """A name of the library found in the text: an artist or a track title."""

    kind: str  # "artist" or "title"
    name: str  # as displayed
    items: tuple[int, ...]
    score: float  # 100 for an exact (folded) match


@dataclass
class Lexicon:
    """Artists, titles and genre tags of one library, folded, with their items."""

    artists: dict[str, list[int]] = field(default_factory=dict)  # folded artist -> items
    artist_names: dict[str, str] = field(default_factory=dict)  # folded -> as displayed
    titles: dict[str, list[int]] = field(default_factory=dict)  # folded title -> items
    title_names: dict[str, str] = field(default_factory=dict)  # folded -> as displayed
    genre_tags: dict[str, int] = field(default_factory=dict)  # folded tag -> tracks
    cjk_words: frozenset[str] = frozenset()
    max_words: int = 1

    @classmethod
    def build(
        cls,
        artists: Sequence[str],
        titles: Sequence[str],
        genres: Sequence[Sequence[str]],
        display_artists: Sequence[str] | None = None,
        display_titles: Sequence[str] | None = None,
    ) -> Lexicon:
        """From the items' folded artists, titles and genres (``TrainingData`` fields)."""
        lex = cls()
        by_artist: dict[str, list[int]] = defaultdict(list)
        by_title: dict[str, list[int]] = defaultdict(list)
        tag_count: dict[str, int] = defaultdict(int)
        for i, (artist, title, tags) in enumerate(zip(artists, titles, genres)):
            if artist:
                by_artist[artist].append(i)
            if title:
                by_title[title].append(i)
            for tag in tags:
                tag_count[tag] += 1
        lex.artists = dict(by_artist)
        lex.titles = dict(by_title)
        lex.genre_tags = dict(tag_count)
        shown = display_artists or artists
        for key, items in lex.artists.items():
            lex.artist_names[key] = shown[items[0]] or key
        shown = display_titles or titles
        for key, items in lex.titles.items():
            lex.title_names[key] = shown[items[0]] or key
        cjk: set[str] = set()
        longest = 1
        for name in [*lex.artists, *lex.genre_tags]:
            parts = name.split()
            longest = max(longest, len(parts))
            cjk.update(p for p in parts if p and all(is_cjk(ch) for ch in p))
        lex.cjk_words = frozenset(cjk)
        lex.max_words = min(longest, 8)
        return lex

    def find_name(self, words: str, *, titles: bool = True, fuzzy: bool = True) -> NameMatch | None:
        """The artist (preferred on a tie) or title best matching ``words``, or ``None``."""
        key = fold(words)
        if len(key) < 2:
            return None
        if key in self.artists:
            return NameMatch("artist", self.artist_names[key], tuple(self.artists[key]), 100.0)
        if titles and key in self.titles:
            return NameMatch("title", self.title_names[key], tuple(self.titles[key]), 100.0)
        if len(key) < 4 or not fuzzy:  # fuzzy matching of very short words finds anything
            return None
        from rapidfuzz import fuzz, process

        best: NameMatch | None = None
        hit = process.extractOne(
            key, self.artists.keys(), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF
        )
        if hit is not None:
            best = NameMatch(
                "artist", self.artist_names[hit[0]], tuple(self.artists[hit[0]]), hit[1]
            )
        if titles:
            hit = process.extractOne(
                key, self.titles.keys(), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF
            )
            if hit is not None and (best is None or hit[1] > best.score):
                best = NameMatch(
                    "title", self.title_names[hit[0]], tuple(self.titles[hit[0]]), hit[1]
                )
        return best
