"""A description becomes a :class:`Query`: constraints, each with the words that made it.

The tokens are read left to right; at each place the longest phrase known to the vocabulary or
to the library (its artist names and genre tags) wins, the vocabulary first on a tie. Numbers
are read as decades ("90s", "1990s", "90年代"), years ("1994") and tempos ("120 bpm").
Connectors act on what follows: "very" strengthens the next wish, "not" turns it around ("not
fast" is a wish for slower, "no metal" excludes metal), "like X" / "像 X" seeds the list with X
(an artist or title of the library, fuzzy matched), "but more X" after it shifts the seed's
neighbourhood, "by X" keeps X's tracks. Stop words are skipped; every other word nobody
understood is reported in :attr:`Query.unknown`, never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from analysis.errors import DeepCutsError
from analysis.identity import fold
from recommender.words.lexicon import Lexicon, NameMatch
from recommender.words.tokenizer import check_text, tokenize
from recommender.words.vocabulary import Entry, Preference, Vocabulary, load_vocabulary

_DECADE = re.compile(r"^(\d{2}|\d{3}0) ?s$")
_BPM = re.compile(r"^(\d{2,3}) ?bpm$")
_RANGE = re.compile(r"^(\d{2,3}) (\d{2,3})$")  # "120-130" (the hyphen folds to a space)
_NUMBER = re.compile(r"^\d+$")
_BPM_WORDS = ("bpm", "拍", "beats per minute")
_SUBJECTS = ("i", "we", "you", "they", "she", "he", "would", "d", "'d", "我", "我们")

_SCALE_WORDS = {
    "tempo": ("faster", "slower", "tempo near {:.0%} of the range"),
    "energy": ("more energy", "less energy", "energy near {:.0%}"),
    "brightness": ("brighter", "darker", "brightness near {:.0%}"),
    "acousticness": ("more acoustic", "more electronic", "acousticness near {:.0%}"),
    "loudness": ("louder", "quieter", "loudness near {:.0%}"),
}


@dataclass(frozen=True, slots=True)
class Constraint:
    """One understood part of a description.

    ``kind``: ``prefer`` (descriptor wishes), ``bpm``, ``genre``, ``era``, ``artist``, ``like``
    (a seed) or ``familiarity``. ``words`` quotes the description; ``label`` is what it was
    understood as.
    """

    kind: str
    words: str
    label: str
    prefer: tuple[Preference, ...] = ()
    require_mode: str | None = None
    name: str = ""
    tags: frozenset[str] = frozenset()
    exclude: bool = False
    year_from: int = 0
    year_to: int = 0
    relative: str = ""
    items: tuple[int, ...] = ()
    rule: str = ""
    days: float = 0.0
    bpm: float = 0.0
    shift: bool = False


@dataclass
class Query:
    """The understanding of one description."""

    text: str
    constraints: list[Constraint] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    def understood(self) -> list[dict[str, str]]:
        """``[{"words": ..., "as": ...}]`` in the order of the text (the JSON contract)."""
        return [{"words": c.words, "as": c.label} for c in self.constraints]

    def without(self, index: int) -> Query:
        """The same query with one understood part removed (a chip closed in the window)."""
        kept = [c for n, c in enumerate(self.constraints) if n != index]
        return Query(self.text, kept, list(self.unknown))


def tracks(count: int) -> str:
    """ "1 track", "12 tracks"."""
    return f"{count} track" if count == 1 else f"{count} tracks"


def describe_preferences(prefs: tuple[Preference, ...], require_mode: str | None = None) -> str:
    """ "minor key, less energy, darker" for a tuple of preferences."""
    parts = []
    for p in sorted(prefs, key=lambda p: -p.weight):
        if p.scale == "mode":
            text = f"{p.target} key"
        elif isinstance(p.target, float):
            text = _SCALE_WORDS[p.scale][2].format(p.target)
        else:
            text = _SCALE_WORDS[p.scale][0 if p.target == "high" else 1]
        if text not in parts:
            parts.append(text)
    if require_mode and f"{require_mode} key" not in parts:
        parts.insert(0, f"{require_mode} key")
    if require_mode:
        parts[parts.index(f"{require_mode} key")] = f"{require_mode} key only"
    return ", ".join(parts)


def genre_tags(vocab: Vocabulary, lex: Lexicon, name: str) -> frozenset[str]:
    """The library's genre tags that are ``name`` or one of its synonyms or sub-genres."""
    out = set()
    for tag in lex.genre_tags:
        entry = vocab.phrases.get(tag)
        own = entry.label if entry is not None and entry.kind == "genre" else tag
        if name in vocab.ancestors(own) or f" {name} " in f" {tag} ":
            out.add(tag)
    return frozenset(out)


class _Reader:
    """One pass over the tokens (state: position, pending modifiers, the seed)."""

    def __init__(self, text: str, vocab: Vocabulary, lex: Lexicon) -> None:
        self.text, self.vocab, self.lex = text, vocab, lex
        self.tokens = tokenize(text, vocab.cjk_words | lex.cjk_words | {"年代", "拍"})
        self.i = 0
        self.query = Query(text)
        self.unknown: list[tuple[int, int]] = []  # token index ranges
        self.mod_start: int | None = None  # token index of a pending "very" / "not"
        self.intensity = 1.0
        self.negated = False
        self.shift = False
        self.seed = ""

    # -- helpers ---------------------------------------------------------------------------

    def quote(self, first: int, last: int) -> str:
        return self.text[self.tokens[first].start : self.tokens[last].end]

    def add(self, constraint: Constraint) -> None:
        self.query.constraints.append(constraint)
        self.mod_start, self.intensity, self.negated = None, 1.0, False

    def span_start(self) -> int:
        return self.i if self.mod_start is None else self.mod_start

    def longest(self) -> tuple[int, Entry | None]:
        """The longest known phrase at the current token: (length in tokens, meaning)."""
        limit = max(self.vocab.max_words, self.lex.max_words)
        end = self.i
        while end < len(self.tokens) and end - self.i < limit and self.tokens[end].sort != "punct":
            end += 1
        for stop in range(end, self.i, -1):
            key = " ".join(t.key for t in self.tokens[self.i : stop])
            entry = self.vocab.phrases.get(key)
            if entry is None and key in self.lex.genre_tags:
                entry = Entry("library genre", key)
            if entry is None and key in self.lex.artists and len(key) > 1:
                entry = Entry("artist", key)
            if entry is not None:
                return stop - self.i, entry
        return 0, None

    # -- the pass ----------------------------------------------------------------------------

    def run(self) -> Query:
        while self.i < len(self.tokens):
            token = self.tokens[self.i]
            if token.sort == "punct":
                self.shift = self.shift and token.text.strip() not in ".;。；!?！？"
                self.i += 1
                continue
            if self.number():
                continue
            n, entry = self.longest()
            if entry is None:
                self.unknown.append((self.i, self.i))
                self.i += 1
                continue
            self.dispatch(entry, n)
        if self.mod_start is not None:  # "very" or "not" with nothing after it
            self.unknown.append((self.mod_start, self.mod_start))
        self.query.unknown = self.unknown_words()
        return self.query

    def dispatch(self, entry: Entry, n: int) -> None:
        kind = entry.kind
        if kind in ("stop", "end_like"):
            self.i += n
        elif kind in ("intensify", "negate", "shift"):
            self.modifier(kind, n)
        elif kind == "like":
            self.like(n)
        elif kind == "by":
            self.by(n)
        elif kind in ("descriptor", "preset"):
            self.feeling(entry, n)
        elif kind in ("genre", "library genre"):
            self.genre(entry, n)
        elif kind == "artist":
            self.artist(entry.label, n)
        elif kind == "era":
            self.era(entry, n)
        elif kind == "familiarity":
            self.familiarity(entry, n)
        else:  # a duration with no "haven't heard" before it
            self.duration(entry, n)

    def modifier(self, kind: str, n: int) -> None:
        if kind == "shift" and not self.seed:
            self.i += n  # "but" with no "like X" before it means nothing here
            return
        if self.mod_start is None:
            self.mod_start = self.i
        if kind == "intensify":
            self.intensity *= 1.5
        elif kind == "negate":
            self.negated = not self.negated
        else:
            self.shift = True
        self.i += n

    def feeling(self, entry: Entry, n: int) -> None:
        first, last = self.span_start(), self.i + n - 1
        prefs = tuple(replace(p, weight=round(p.weight * self.intensity, 3)) for p in entry.prefer)
        mode = entry.require_mode
        label = entry.label
        if self.negated:
            prefs = tuple(p.flipped() for p in prefs)
            mode = {"major": "minor", "minor": "major"}.get(mode or "")
            label = f"not {label}"
        detail = describe_preferences(prefs, mode)
        if detail == f"{label} only":
            text = detail
        elif entry.kind == "preset":
            text = f"{label} (preset: {detail})"
        elif self.shift:
            text = f"{label}, more than {self.seed}: {detail}"
        else:
            text = f"{label}: {detail}"
        if self.intensity > 1.0:
            text += " (strongly)"
        short = f"more {label}" if self.shift else label
        if entry.kind == "preset":
            short = f"for {label}"
        self.add(
            Constraint(
                "prefer", self.quote(first, last), text, prefs, mode, name=short, shift=self.shift
            )
        )
        self.i += n

    def genre(self, entry: Entry, n: int) -> None:
        first, last = self.span_start(), self.i + n - 1
        name = entry.label
        if entry.kind == "library genre":
            tags = frozenset({name})
        else:
            tags = genre_tags(self.vocab, self.lex, name)
        fallback = self.vocab.genres[name].fallback if name in self.vocab.genres else ()
        words = self.quote(first, last)
        if not tags and fallback and not self.negated:
            detail = describe_preferences(fallback)
            label = f"{name} sound: {detail} (no track in your library is tagged {name})"
            self.add(Constraint("prefer", words, label, fallback, name=f"{name} sound"))
        else:
            count = sum(self.lex.genre_tags[t] for t in tags)
            shown = ", ".join(sorted(tags)[:4]) + (" ..." if len(tags) > 4 else "")
            where = f"{tracks(count)} tagged {shown}" if tags else "no track has this tag"
            verb = "not genre" if self.negated else "genre"
            label = f"{verb} {name} ({where})"
            self.add(Constraint("genre", words, label, name=name, tags=tags, exclude=self.negated))
        self.i += n

    def artist(self, key: str, n: int) -> None:
        first, last = self.span_start(), self.i + n - 1
        items = tuple(self.lex.artists[key])
        name = self.lex.artist_names[key]
        verb = "not by" if self.negated else "by"
        label = f"{verb} {name} ({tracks(len(items))})"
        self.add(
            Constraint(
                "artist",
                self.quote(first, last),
                label,
                name=name,
                items=items,
                exclude=self.negated,
            )
        )
        self.i += n

    def era(self, entry: Entry, n: int) -> None:
        first, last = self.span_start(), self.i + n - 1
        if entry.relative:
            which = "oldest" if entry.relative == "oldest" else "newest"
            label = f"{entry.label}: the {which} quarter of your library by year"
            c = Constraint("era", self.quote(first, last), label, relative=entry.relative)
        else:
            c = self.years(first, last, entry.year_from, entry.year_to)
        self.add(c)
        self.i += n

    def years(self, first: int, last: int, lo: int, hi: int) -> Constraint:
        label = f"year {lo}" if lo == hi else f"years {lo}-{hi}"
        if self.negated:
            label = f"not {label}"
        return Constraint(
            "era", self.quote(first, last), label, year_from=lo, year_to=hi, exclude=self.negated
        )

    def familiarity(self, entry: Entry, n: int) -> None:
        first = self.span_start()
        self.i += n
        rule, days, last = entry.rule, entry.days, self.i - 1
        # "haven't heard ... in a year": a duration after it (stop words between) sets the days
        j = self.i
        while j < len(self.tokens) and self.tokens[j].sort != "punct":
            self.i, saved = j, self.i
            m, nxt = self.longest()
            self.i = saved
            if nxt is None or nxt.kind not in ("stop", "duration"):
                break
            if nxt.kind == "duration" and rule in ("unheard", "not recently"):
                rule, days, last = "not recently", nxt.days, j + m - 1
                self.i = j + m
                break
            j += m
        label = _familiarity_label(rule, days, entry.label)
        self.add(Constraint("familiarity", self.quote(first, last), label, rule=rule, days=days))

    def duration(self, entry: Entry, n: int) -> None:
        for k, c in enumerate(self.query.constraints):
            if c.kind == "familiarity" and c.rule in ("unheard", "not recently"):
                words = f"{c.words} … {self.quote(self.i, self.i + n - 1)}"
                label = _familiarity_label("not recently", entry.days, c.label)
                self.query.constraints[k] = replace(
                    c, rule="not recently", days=entry.days, words=words, label=label
                )
                self.i += n
                return
        self.unknown.append((self.i, self.i + n - 1))
        self.i += n

    def number(self) -> bool:
        """Decades, years and tempos written with digits."""
        return self.decade() or self.tempo() or self.year()

    def _next_key(self) -> str:
        return self.tokens[self.i + 1].key if self.i + 1 < len(self.tokens) else ""

    def decade(self) -> bool:
        """ "90s", "1990s", "90年代", "1990年代"."""
        key = self.tokens[self.i].key
        m = _DECADE.match(key)
        chinese = not m and _NUMBER.match(key) is not None and self._next_key() == "年代"
        if not (m or chinese):
            return False
        decade = int(m.group(1) if m else key)
        start = decade if decade >= 1000 else (1900 + decade if decade >= 20 else 2000 + decade)
        if start % 10 or not 1900 <= start <= 2090:
            return False
        last = self.i + (1 if chinese else 0)
        self.add(self.years(self.span_start(), last, start, start + 9))
        self.i = last + 1
        return True

    def tempo(self) -> bool:
        """ "120 bpm", "120bpm", "120拍"."""
        key = self.tokens[self.i].key
        m = _BPM.match(key)
        span = _RANGE.match(key)
        number = _NUMBER.match(key) is not None or span is not None
        spelled = not m and number and self._next_key() in _BPM_WORDS
        if not (m or spelled):
            return False
        if span:  # a range: its middle
            value = (float(span.group(1)) + float(span.group(2))) / 2
        else:
            value = float(m.group(1) if m else key)
        if not 30 <= value <= 300:
            return False
        last = self.i + (1 if spelled else 0)
        label = f"tempo near {value:.0f} BPM"
        self.add(Constraint("bpm", self.quote(self.span_start(), last), label, bpm=value))
        self.i = last + 1
        return True

    def year(self) -> bool:
        """ "1994"."""
        key = self.tokens[self.i].key
        if not (_NUMBER.match(key) and len(key) == 4 and 1900 <= int(key) <= 2099):
            return False
        self.add(self.years(self.span_start(), self.i, int(key), int(key)))
        self.i += 1
        return True

    # -- names of the library ------------------------------------------------------------------

    def name_span(self, start: int) -> list[int]:
        """Token indices after a "like"/"by" up to a boundary (at most 8)."""
        out: list[int] = []
        j = start
        while j < len(self.tokens) and len(out) < 8:
            tok = self.tokens[j]
            entry = self.vocab.phrases.get(tok.key)
            if tok.sort == "punct" or (
                entry is not None and entry.kind in ("shift", "end_like", "like", "by")
            ):
                break
            out.append(j)
            j += 1
        return out

    def find(self, span: list[int], *, titles: bool) -> tuple[NameMatch | None, int]:
        """The longest prefix of ``span`` naming an artist (or title): (match, tokens used)."""
        for fuzzy in (False, True):  # an exact name anywhere in the span beats a fuzzy one
            for k in range(len(span), 0, -1):
                words = self.quote(span[0], span[k - 1])
                match = self.lex.find_name(words, titles=titles, fuzzy=fuzzy)
                if match is not None:
                    return match, k
        return None, 0

    def like(self, n: int) -> None:
        first = self.span_start()
        after_subject = self.i > 0 and self.tokens[self.i - 1].key in _SUBJECTS
        span = self.name_span(self.i + n)
        match, used = self.find(span, titles=True) if span and not after_subject else (None, 0)
        if match is None:
            head = self.vocab.phrases.get(self.tokens[span[0]].key) if span else None
            if after_subject or not span or head is not None:
                self.i += n  # "I like calm music": "like" is just a verb here
                return
            words = self.quote(span[0], span[-1])
            raise DeepCutsError(
                f"“{words}” is not an artist or a title in your library (after “{self.tokens[self.i].text}”)"
            )
        last = span[used - 1]
        end = last + 1
        if (
            end < len(self.tokens)
            and self.vocab.phrases.get(self.tokens[end].key, Entry("", "")).kind == "end_like"
        ):
            last = end
        what = f"the artist {match.name}" if match.kind == "artist" else f"“{match.name}”"
        self.seed = match.name if match.kind == "artist" else f"“{match.name}”"
        label = f"like {what} ({tracks(len(match.items))} as the seed)"
        self.add(
            Constraint("like", self.quote(first, last), label, name=self.seed, items=match.items)
        )
        self.i = last + 1

    def by(self, n: int) -> None:
        span = self.name_span(self.i + n)
        match, used = self.find(span, titles=False) if span else (None, 0)
        if match is None:
            head = self.tokens[span[0]] if span else None
            if head is None or head.key in self.vocab.phrases or head.key[:1].isdigit():
                self.i += n  # "from the 70s", "from 2007": not a name; read on
                return
            words = self.quote(span[0], span[-1])
            raise DeepCutsError(
                f"“{words}” is not an artist in your library (after “{self.tokens[self.i].text}”)"
            )
        first, last = self.span_start(), span[used - 1]
        label = f"by {match.name} ({tracks(len(match.items))})"
        self.add(
            Constraint("artist", self.quote(first, last), label, name=match.name, items=match.items)
        )
        self.i = last + 1

    def unknown_words(self) -> list[str]:
        """Adjacent unknown tokens grouped into one phrase each."""
        groups: list[list[int]] = []
        for first, last in sorted(self.unknown):
            if groups and first <= groups[-1][1] + 1:
                groups[-1][1] = max(groups[-1][1], last)
            else:
                groups.append([first, last])
        return [self.quote(first, last) for first, last in groups]


def _familiarity_label(rule: str, days: float, label: str) -> str:
    if rule == "not recently":
        return f"not played for {days:g} days or more (never played included)"
    if rule == "unheard":
        return "never played (any version)"
    if rule == "favourite":
        return "your favourites (most loved first)"
    return f"{label}: loved once, not played for 180 days"


def understand(text: object, lexicon: Lexicon, vocab: Vocabulary | None = None) -> Query:
    """Read a description against the vocabulary and the library.

    Parameters
    ----------
    text : str
        What the person typed.
    lexicon : Lexicon
        The library's names (:meth:`Lexicon.build`).
    vocab : Vocabulary, optional
        Defaults to the shipped ``vocabulary.toml``.

    Raises
    ------
    DeepCutsError
        Bad text (empty, too long, control characters) or "like X" where X is in no artist or
        title of the library.
    """
    clean = check_text(text)
    reader = _Reader(clean, vocab or load_vocabulary(), lexicon)
    return reader.run()


def folded_words(query: Query) -> set[str]:
    """The folded words of the query's understood parts (tests and reasons)."""
    return {fold(c.words) for c in query.constraints}
