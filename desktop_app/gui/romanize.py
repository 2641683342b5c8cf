"""Latin-letter search forms of Chinese and Japanese text, for the Library search.

A person looking for 邓丽君 on an English keyboard types ``denglijun``, ``deng li jun`` or just
``dlj``; for スピッツ, ``supittsu``. :func:`search_forms` gives those forms for one tag value:
the pinyin of its Chinese characters (pypinyin's table, simplified and traditional alike) run together
and as initials, kana in Hepburn romaji, and the simplified form of traditional characters
(OpenCC) so that 鄧麗君 is found by 邓丽君. Text without CJK characters costs one ``isascii``
call or one regular-expression search. Results are cached: artists and albums repeat.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_KANA = re.compile(r"[\u3040-\u30ff]+")

# Unicode names spell kana in Nihon-shiki; the search uses Hepburn, as people type it.
_HEPBURN = {"si": "shi", "ti": "chi", "tu": "tsu", "hu": "fu", "zi": "ji", "di": "ji", "du": "zu"}
_SMALL_Y = {"ya", "yu", "yo"}
_VOWELS = "aiueo"


def search_forms(text: str | None) -> str:
    """Extra words to search ``text`` by (empty for text without CJK characters).

    Examples
    --------
    >>> search_forms("邓丽君")
    'denglijun dlj'
    >>> search_forms("スピッツ")
    'supittsu'
    """
    if not text or text.isascii() or _CJK.search(text) is None:
        return ""
    return _forms(text)


@lru_cache(maxsize=100_000)
def _forms(text: str) -> str:
    words: list[str] = []
    if _HAN.search(text):
        joined, initials = _pinyin(text)
        words += [joined, initials]
        simplified = _simplified(text)
        if simplified != text:
            words.append(simplified)
    elif _KANA.search(text):
        words.append(_KANA.sub(lambda m: kana_to_romaji(m.group()), text).replace(" ", ""))
    return " ".join(w for w in words if w)


def _pinyin(text: str) -> tuple[str, str]:
    """Pinyin without tones, run together (``denglijun``), and the initials of the Chinese
    syllables (``dlj``); kana in the text are romanised, other characters kept.

    Each character gets its most common reading from pypinyin's character table: the phrase
    segmentation of ``pypinyin.lazy_pinyin`` gets heteronyms right in context but costs about
    0.2 ms per title (20 s for 100,000 Chinese titles); the table costs a dictionary look-up.
    """
    joined: list[str] = []
    initials: list[str] = []
    for ch in text:
        syllable = _SYLLABLES.get(ch)
        if syllable is None:
            syllable = _syllable(ch) if _HAN.match(ch) else ""
            _SYLLABLES[ch] = syllable
        if syllable:
            joined.append(syllable)
            initials.append(syllable[0])
        else:
            joined.append(ch)
    rest = "".join(joined)
    if not rest.isascii():  # kana, full-width or accented letters beside the Chinese
        rest = _fold_ascii(_KANA.sub(lambda m: kana_to_romaji(m.group()), rest))
    return rest.lower(), "".join(initials)


#: Character -> toneless syllable ("" for characters that are not Chinese); filled as met.
_SYLLABLES: dict[str, str] = {}


def _syllable(ch: str) -> str:
    """The first (most common) reading of one Chinese character, without tone marks."""
    from pypinyin.pinyin_dict import pinyin_dict

    readings = pinyin_dict.get(ord(ch))
    if not readings:
        return ""
    first = readings.split(",")[0]
    decomposed = unicodedata.normalize("NFKD", first).replace("u\u0308", "v")  # ü -> v
    return "".join(c for c in decomposed if c.isascii() and c.isalpha())


def _fold_ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if ch.isalnum() and ch.isascii())


def _simplified(text: str) -> str:
    from analysis.chinese import to_simplified

    return to_simplified(text)


def kana_to_romaji(text: str) -> str:
    """Hiragana and katakana in Hepburn romaji (``ロビンソン`` -> ``robinson``); anything else
    is kept. Long-vowel marks are dropped, as people type them."""
    out: list[str] = []
    double_next = False
    for ch in text:
        syllable = _kana_syllable(ch)
        if syllable is None:
            out.append(ch)
            continue
        if syllable == "xtu":  # small tsu: the next consonant doubles
            double_next = True
            continue
        if syllable.startswith("x") and syllable[1:] in _SMALL_Y and out and out[-1].endswith("i"):
            prev = out.pop()[:-1]  # ki + small ya -> kya; shi + small ya -> sha
            syllable = syllable[1:] if prev[-1:] not in ("h", "j") else syllable[2:]
            syllable = prev + syllable
        elif (
            syllable.startswith("x") and syllable[1:] in _VOWELS and out and out[-1][-1:] in _VOWELS
        ):
            prev = out.pop()  # te + small i -> ti, fu + small a -> fa, ve + small a -> va
            stem = prev[:-1] if prev not in ("fu", "tsu", "vu") else prev[:-1].rstrip("u")
            syllable = stem + syllable[1:]
        elif syllable.startswith("x"):
            syllable = syllable[1:]
        if double_next and syllable[:1].isalpha() and syllable[0] not in "aiueon":
            syllable = ("t" if syllable.startswith("ch") else syllable[0]) + syllable
        double_next = False
        out.append(syllable)
    return "".join(out)


@lru_cache(maxsize=512)
def _kana_syllable(ch: str) -> str | None:
    """One kana as romaji from its Unicode name (``KATAKANA LETTER SMALL YA`` -> ``xya``);
    ``""`` for the long-vowel mark and the middle dot, ``None`` for anything else."""
    if ch in "ーゝゞヽヾ・":
        return ""
    name = unicodedata.name(ch, "")
    for prefix in ("HIRAGANA LETTER ", "KATAKANA LETTER "):
        if name.startswith(prefix):
            rest = name[len(prefix) :].lower()
            if rest.startswith("small "):
                return "x" + rest[6:]
            return _HEPBURN.get(rest, rest)
    return None
