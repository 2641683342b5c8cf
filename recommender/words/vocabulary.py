"""The vocabulary of descriptions: ``vocabulary.toml`` (package data) loaded and checked.

Every phrase of the file becomes an :class:`Entry` keyed by its folded form
(:func:`analysis.identity.fold`: lower case, accents and punctuation dropped), so "hip-hop",
"Hip Hop" and "hip hop" are one key. :func:`load_vocabulary` refuses a file whose entries do not
map to something valid (an unknown scale, a genre whose parent is missing, one phrase with two
meanings): the error names the entry. docs/words.md describes the tables.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from analysis.errors import DeepCutsError
from analysis.identity import fold

#: The descriptor scales a preference may name (0..1 over the analysed library; mode is 0/1).
SCALES = ("tempo", "energy", "brightness", "acousticness", "loudness", "mode")
MODES = ("major", "minor")
FAMILIARITY_RULES = ("unheard", "favourite", "forgotten", "not recently")
RELATIVE_ERAS = ("oldest", "newest")
CONNECTORS = ("like", "shift", "by", "intensify", "negate", "end_like")


class VocabularyError(DeepCutsError):
    """The vocabulary file has an entry that maps to nothing valid."""


@dataclass(frozen=True, slots=True)
class Preference:
    """Prefer tracks whose ``scale`` is high, low, or near a point of 0..1 (or in a mode)."""

    scale: str
    target: str | float  # "high", "low", a number in 0..1; "major"/"minor" for mode
    weight: float

    def flipped(self) -> Preference:
        """The opposite wish ("not fast" is a wish for slower)."""
        if isinstance(self.target, float):
            return Preference(self.scale, round(1.0 - self.target, 3), self.weight)
        opposite = {"high": "low", "low": "high", "major": "minor", "minor": "major"}
        return Preference(self.scale, opposite[self.target], self.weight)


@dataclass(frozen=True, slots=True)
class Entry:
    """What one phrase means.

    ``kind`` is ``descriptor``, ``preset``, ``genre``, ``era``, ``familiarity``, ``duration``,
    ``stop`` or one of :data:`CONNECTORS`; ``label`` is the readable meaning ("fast", "metal",
    "1990s"); the other fields are used by the kinds that need them.
    """

    kind: str
    label: str
    prefer: tuple[Preference, ...] = ()
    require_mode: str | None = None
    note: str = ""
    year_from: int = 0
    year_to: int = 0
    relative: str = ""
    rule: str = ""
    days: float = 0.0


@dataclass(frozen=True, slots=True)
class Genre:
    """A genre of the synonym table: its name, parent (or ``""``) and fallback preferences."""

    name: str
    parent: str
    fallback: tuple[Preference, ...]
    words: tuple[str, ...]


@dataclass
class Vocabulary:
    """All phrases (folded) and the genre table."""

    phrases: dict[str, Entry] = field(default_factory=dict)
    genres: dict[str, Genre] = field(default_factory=dict)
    max_words: int = 1  # longest phrase, in words (CJK phrases count as one)
    cjk_words: frozenset[str] = frozenset()  # phrases made of CJK characters, for segmentation

    def ancestors(self, name: str) -> list[str]:
        """``name`` and its parents, nearest first ("death metal", "metal", "rock")."""
        chain = []
        while name and name not in chain:
            chain.append(name)
            name = self.genres[name].parent if name in self.genres else ""
        return chain


def _preferences(raw: Any, where: str) -> tuple[Preference, ...]:
    if not isinstance(raw, list):
        raise VocabularyError(f"{where}: preferences must be a list of [scale, target, weight]")
    out = []
    for item in raw:
        if not (isinstance(item, list) and len(item) == 3):
            raise VocabularyError(f"{where}: {item!r} is not [scale, target, weight]")
        scale, target, weight = item
        if scale not in SCALES:
            raise VocabularyError(f"{where}: unknown scale {scale!r} (one of {', '.join(SCALES)})")
        if scale == "mode":
            if target not in MODES:
                raise VocabularyError(f"{where}: mode must be major or minor, not {target!r}")
        elif isinstance(target, int | float) and not isinstance(target, bool):
            if not 0.0 <= float(target) <= 1.0:
                raise VocabularyError(f"{where}: target {target} is outside 0..1")
            target = float(target)
        elif target not in ("high", "low"):
            raise VocabularyError(f"{where}: target must be high, low or 0..1, not {target!r}")
        if not isinstance(weight, int | float) or not 0.0 < float(weight) <= 3.0:
            raise VocabularyError(f"{where}: weight {weight!r} must be in (0, 3]")
        out.append(Preference(scale, target, float(weight)))
    return tuple(out)


def _add(vocab: Vocabulary, words: Any, entry: Entry, where: str) -> None:
    if not isinstance(words, list) or not words:
        raise VocabularyError(f"{where}: `words` must be a non-empty list")
    for word in words:
        if not isinstance(word, str) or not fold(word):
            raise VocabularyError(f"{where}: {word!r} is not a word")
        key = fold(word)
        old = vocab.phrases.get(key)
        if old is not None and (old.kind, old.label) != (entry.kind, entry.label):
            raise VocabularyError(
                f"{where}: {word!r} already means {old.kind} {old.label!r}; one meaning per phrase"
            )
        vocab.phrases[key] = entry


def _feelings(vocab: Vocabulary, doc: dict[str, Any]) -> None:
    for kind in ("descriptor", "preset"):
        for n, raw in enumerate(doc.get(kind, [])):
            where = f"{kind} {raw.get('as', n)!r}"
            prefer = _preferences(raw.get("prefer"), where)
            if not prefer:
                raise VocabularyError(f"{where}: no preference")
            mode = None
            if "require" in raw:
                req = raw["require"]
                if not (isinstance(req, list) and len(req) == 2 and req[0] == "mode"):
                    raise VocabularyError(f"{where}: require must be ['mode', 'major'|'minor']")
                if req[1] not in MODES:
                    raise VocabularyError(f"{where}: unknown mode {req[1]!r}")
                mode = req[1]
            if not raw.get("as"):
                raise VocabularyError(f"{where}: no `as` label")
            entry = Entry(kind, raw["as"], prefer, mode, note=str(raw.get("note", "")))
            _add(vocab, raw.get("words"), entry, where)


def _genres(vocab: Vocabulary, doc: dict[str, Any]) -> None:
    for raw in doc.get("genre", []):
        name = fold(raw.get("name", ""))
        where = f"genre {raw.get('name')!r}"
        if not name:
            raise VocabularyError(f"{where}: no name")
        fallback = _preferences(raw.get("fallback", []), where)
        words = tuple(raw.get("words") or ())
        vocab.genres[name] = Genre(name, fold(raw.get("parent", "")), fallback, words)
        _add(vocab, [name, *words], Entry("genre", name), where)
    for genre in vocab.genres.values():
        if genre.parent and genre.parent not in vocab.genres:
            raise VocabularyError(f"genre {genre.name!r}: parent {genre.parent!r} is not a genre")
        if len(vocab.ancestors(genre.name)) > 8:
            raise VocabularyError(f"genre {genre.name!r}: parent chain too long or circular")


def _eras_and_history(vocab: Vocabulary, doc: dict[str, Any]) -> None:
    for raw in doc.get("era", []):
        where = f"era {raw.get('as')!r}"
        rel = raw.get("relative", "")
        if rel:
            if rel not in RELATIVE_ERAS:
                raise VocabularyError(f"{where}: relative must be oldest or newest")
            entry = Entry("era", raw["as"], relative=rel)
        else:
            lo, hi = raw.get("from"), raw.get("to")
            if not (isinstance(lo, int) and isinstance(hi, int) and 1000 <= lo <= hi <= 2999):
                raise VocabularyError(f"{where}: needs years from <= to")
            entry = Entry("era", raw["as"], year_from=lo, year_to=hi)
        _add(vocab, raw.get("words"), entry, where)
    for raw in doc.get("familiarity", []):
        where = f"familiarity {raw.get('as')!r}"
        if raw.get("rule") not in FAMILIARITY_RULES:
            raise VocabularyError(f"{where}: rule must be one of {', '.join(FAMILIARITY_RULES)}")
        days = float(raw.get("days", 0))
        if raw["rule"] == "not recently" and days <= 0:
            raise VocabularyError(f"{where}: 'not recently' needs days > 0")
        _add(
            vocab,
            raw.get("words"),
            Entry("familiarity", raw["as"], rule=raw["rule"], days=days),
            where,
        )
    for n, raw in enumerate(doc.get("duration", [])):
        where = f"duration {n + 1}"
        days = raw.get("days")
        if not isinstance(days, int | float) or days <= 0:
            raise VocabularyError(f"{where}: days must be positive")
        _add(vocab, raw.get("words"), Entry("duration", f"{days:g} days", days=float(days)), where)


def _connectors(vocab: Vocabulary, doc: dict[str, Any]) -> None:
    table = doc.get("connectors", {})
    for name in CONNECTORS:
        _add(vocab, table.get(name), Entry(name, name), f"connectors.{name}")
    unknown = set(table) - set(CONNECTORS)
    if unknown:
        raise VocabularyError(f"connectors: unknown table {sorted(unknown)}")
    stop = doc.get("stop", {}).get("words")
    for word in stop or []:
        key = fold(word)
        if key in vocab.phrases:  # a stop word never hides a meaning
            raise VocabularyError(f"stop word {word!r} already means {vocab.phrases[key].label!r}")
    _add(vocab, stop, Entry("stop", "stop"), "stop")


def parse_vocabulary(doc: dict[str, Any]) -> Vocabulary:
    """Check a parsed vocabulary document and index its phrases.

    Raises
    ------
    VocabularyError
        An entry that maps to nothing valid; the message names it.
    """
    from recommender.words.tokenizer import is_cjk, tokenize

    if doc.get("version") != 1:
        raise VocabularyError("vocabulary version must be 1")
    vocab = Vocabulary()
    _feelings(vocab, doc)
    _genres(vocab, doc)
    _eras_and_history(vocab, doc)
    _connectors(vocab, doc)
    cjk: set[str] = set()
    longest = 1
    for key in vocab.phrases:
        parts = key.split()
        longest = max(longest, len(parts))
        cjk.update(p for p in parts if all(is_cjk(ch) for ch in p))
    vocab.max_words = longest
    vocab.cjk_words = frozenset(cjk)
    for key, entry in vocab.phrases.items():  # each phrase must read back as written
        tokens = tokenize(key, vocab.cjk_words)
        if " ".join(t.key for t in tokens) != key or any(t.sort == "punct" for t in tokens):
            raise VocabularyError(
                f"{entry.kind} {entry.label!r}: {key!r} cannot be read as one phrase"
            )
    return vocab


@functools.lru_cache(maxsize=4)
def load_vocabulary(path: str | None = None) -> Vocabulary:
    """The shipped vocabulary (or the file at ``path``), parsed and checked once."""
    if path is None:
        text = resources.files("recommender.words").joinpath("vocabulary.toml").read_text("utf-8")
    else:
        text = Path(path).read_text("utf-8")
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise VocabularyError(f"vocabulary: not valid TOML ({exc})") from None
    return parse_vocabulary(doc)
