"""Repair of tags written in a legacy code page and stored as if they were Latin-1.

Old rippers in China, Taiwan, Japan, Korea and Russia wrote tags in the code page of the
machine (GBK, Big5, Shift-JIS, EUC-KR, CP1251) into ID3v1 or into ID3v2 frames declared Latin-1.
Read as declared, ``月亮代表我的心`` comes out as ``ÔÂÁÁ´ú±íÎÒµÄÐÄ``. The rules (docs/encodings.md):

1. Only text read as Latin-1 is looked at, and only when it has a byte above 0x7F: pure ASCII
   costs one ``str.isascii`` call.
2. A value whose bytes are valid UTF-8 is UTF-8 (an old, separate repair).
3. All remaining 8-bit values of one file are decided together, as the ripper wrote them: each
   code page whose strict decoding succeeds for every value is a candidate, and so is the Western
   reading (CP1252, else Latin-1).
4. Each reading gets a plausibility score per byte: for Chinese the rank of each character in a
   frequency list, for Japanese kana and JIS level-1 kanji, for Korean KS X 1001 syllables
   weighted by how common their final consonant is, for Cyrillic whole words of Cyrillic letters;
   for the Western reading accented letters that sit beside ASCII letters, as in ``Björk``.
5. A legacy reading wins only when it is plausible on its own (score >= 0.5) and clearly better
   than the Western one (by 0.3); otherwise the text stays as Latin-1 read it. CP1250 text such
   as ``Dvořák`` is never guessed: its Latin-1 reading (``Dvoøák``) stays.

The mode comes from the catalog's "Legacy tag encoding" setting: ``auto``, ``off`` or one fixed
code page (then every 8-bit value that decodes in it is decoded so).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from analysis.hanzi_frequency import SIMPLIFIED, TRADITIONAL

#: The setting's values: ``auto``, ``off`` and the fixed code pages.
MODES = ("auto", "off", "gbk", "big5", "shift_jis", "euc_kr", "cp1251")
DEFAULT_MODE = "auto"

#: Code page name (as shown and stored) -> the Python codec that decodes it. The Windows
#: supersets are used: rippers ran on Windows, and each reads every byte its standard form does.
CODECS = {
    "gbk": "gbk",
    "big5": "cp950",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
    "cp1251": "cp1251",
}
#: Order of preference when two readings score the same.
_LEGACY_ORDER = ("gbk", "big5", "shift_jis", "euc_kr", "cp1251")

#: A legacy reading must score at least this (per 8-bit byte; about 1 for clean text) ...
MIN_SCORE = 0.5
#: ... and beat the Western reading by this much.
MARGIN = 0.3

Encodings = dict[str, str]


def check_mode(mode: str) -> str:
    """``mode`` lower-cased if it is one of :data:`MODES`; else ``ValueError`` naming them."""
    value = (mode or "").strip().lower().replace("-", "_")
    if value not in MODES:
        raise ValueError(f"unknown tag encoding {mode!r}; use one of {', '.join(MODES)}")
    return value


def repair_values(
    values: dict[str, list[str]], mode: str = DEFAULT_MODE
) -> tuple[dict[str, list[str]], Encodings]:
    """Repair the Latin-1-declared text values of one file.

    Parameters
    ----------
    values : dict of str to list of str
        Field name -> the values as Latin-1 decoded them (only values from Latin-1 frames).
    mode : str
        ``auto``, ``off`` or a code page of :data:`CODECS`.

    Returns
    -------
    tuple
        The values with 8-bit text decoded by the chosen code page, and field -> code page for
        every field that held 8-bit text (``latin-1``, ``cp1252``, ``utf-8`` or a legacy name).
        Fields of pure ASCII are absent from the second item.

    Examples
    --------
    >>> repair_values({"artist": ["µËÀö¾ý"], "title": ["ÔÂÁÁ´ú±íÎÒµÄÐÄ"]})[0]
    {'artist': ['邓丽君'], 'title': ['月亮代表我的心']}
    """
    eight_bit = [
        (field, i, text)
        for field, texts in values.items()
        for i, text in enumerate(texts)
        if not text.isascii()
    ]
    if not eight_bit:
        return values, {}
    out = {field: list(texts) for field, texts in values.items()}
    encodings: Encodings = {}
    pending: list[tuple[str, int, bytes]] = []
    for field, i, text in eight_bit:
        raw = _latin1_bytes(text)
        if raw is None:  # not a Latin-1 string after all: leave it
            continue
        utf8 = _utf8(raw)
        if utf8 is not None:
            out[field][i] = utf8
            encodings.setdefault(field, "utf-8")
        else:
            pending.append((field, i, raw))
    if pending:
        name = _choose(tuple(raw for _, _, raw in pending), mode)
        for field, i, raw in pending:
            text, used = decode_as(raw, name)
            out[field][i] = text
            if encodings.get(field) in (None, "utf-8", "latin-1"):
                encodings[field] = used
    return out, encodings


def decode_as(raw: bytes, name: str) -> tuple[str, str]:
    """``raw`` decoded as code page ``name`` (or the Western reading); the name actually used."""
    codec = CODECS.get(name)
    if codec is not None:
        try:
            return codec_decode(raw, codec), name
        except UnicodeDecodeError:
            pass
    return western(raw)


def western(raw: bytes) -> tuple[str, str]:
    """The Western reading: CP1252 where it decodes (curly quotes, dashes, ellipsis), else Latin-1."""
    if any(0x80 <= b <= 0x9F for b in raw):
        try:
            return raw.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass
    return raw.decode("latin-1"), "latin-1"


def codec_decode(raw: bytes, codec: str) -> str:
    """Strict decoding that also refuses private-use and control characters (never real text).

    One exception: a double-byte code page's lead byte alone at the very end is dropped. ID3v1
    fields hold 30 bytes, and rippers cut there, through the middle of a character.
    """
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError as exc:
        if codec == "cp1251" or exc.start != len(raw) - 1 or raw[-1] < 0x81:
            raise
        text = raw[:-1].decode(codec)
    if _NOT_TEXT.search(text):
        raise UnicodeDecodeError(codec, raw, 0, len(raw), "not text")
    return text


_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ufffd]")


def _latin1_bytes(text: str) -> bytes | None:
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError:
        return None


def _utf8(raw: bytes) -> str | None:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


# -- choosing a code page ---------------------------------------------------------------------


def _choose(raws: tuple[bytes, ...], mode: str) -> str:
    """The code page for all 8-bit values of one file (``latin-1`` for the Western reading)."""
    if mode == "off":
        return "latin-1"
    if mode in CODECS:
        return mode
    return choose_encoding(raws)


def choose_encoding(raws: tuple[bytes, ...]) -> str:
    """Automatic choice over the values of one file; ``latin-1`` keeps the Western reading.

    Parameters
    ----------
    raws : tuple of bytes
        Every 8-bit value of the file (not valid UTF-8).

    Returns
    -------
    str
        A key of :data:`CODECS`, or ``latin-1``.
    """
    high = sum(1 for raw in raws for b in raw if b >= 0x80)
    if high < MIN_HIGH_BYTES:  # "Ángeles", "¡Corre!", "80°E": too little to go on
        return "latin-1"
    western_score = sum(score_western(western(raw)[0]) for raw in raws) / high
    if western_score > 1.0 - MARGIN:  # no legacy reading scores above 1: none could win
        return "latin-1"
    scores = legacy_scores(raws)
    if not scores:
        return "latin-1"
    ranked = sorted(scores, key=lambda name: -scores[name])  # stable: ties keep _LEGACY_ORDER
    best = ranked[0]
    close = [
        name for name in ranked if scores[best] - scores[name] < TIE and scores[name] >= MIN_SCORE
    ]
    if len(close) > 1:
        best = _detector_pick(raws, close) or best
    if scores[best] >= MIN_SCORE and scores[best] - western_score >= MARGIN:
        return best
    return "latin-1"


def legacy_scores(raws: tuple[bytes, ...]) -> dict[str, float]:
    """Plausibility of every legacy code page that decodes all ``raws`` cleanly, per byte of
    its non-ASCII characters (a double-byte character whose second byte is an ASCII letter
    counts both bytes: ``Án`` read as the one character 聲 must beat ``Án`` read as Latin)."""
    scores: dict[str, float] = {}
    for name in _LEGACY_ORDER:
        total = 0.0
        covered = 0
        try:
            for raw in raws:
                text = codec_decode(raw, CODECS[name])
                total += _SCORERS[name](text)
                covered += len(raw) - sum(1 for ch in text if ch.isascii())
        except UnicodeDecodeError:
            continue
        scores[name] = total / max(covered, 1)
    return scores


#: A file with fewer 8-bit bytes than this keeps the Western reading: one or two odd bytes
#: in Latin text ("Los Ángeles", "<|°_°|>") decode as one or two Chinese characters too often.
MIN_HIGH_BYTES = 3

#: Readings closer than this are a tie, settled by the detector (chardet).
TIE = 0.1

_DETECTOR_NAMES = {
    "gb2312": "gbk",
    "gbk": "gbk",
    "gb18030": "gbk",
    "big5": "big5",
    "cp950": "big5",
    "big5hkscs": "big5",
    "shift_jis": "shift_jis",
    "cp932": "shift_jis",
    "euc-jp": "shift_jis",
    "euc-kr": "euc_kr",
    "cp949": "euc_kr",
    "johab": "euc_kr",
    "windows-1251": "cp1251",
}


def _detector_pick(raws: tuple[bytes, ...], close: list[str]) -> str | None:
    """chardet's guess over all values together, if it is one of the close readings.

    chardet was measured against charset-normalizer on the test corpus (docs/encodings.md):
    alone neither is safe on tags this short, as a tie-breaker chardet fixed the most cases.
    """
    import chardet  # only files whose readings tie pay for the import and the call

    guess = chardet.detect(b" ".join(raws)).get("encoding") or ""
    name = _DETECTOR_NAMES.get(guess.lower().replace("_", "-").replace("shift-jis", "shift_jis"))
    return name if name in close else None


# -- plausibility of each reading: a sum over the non-ASCII characters, weighted per byte -------

_WESTERN_PUNCT = frozenset("…–—‘’‚“”„«»¡¿°©®™•·´`¨€‹›")
_SINGLE_LETTER_WORDS = frozenset("àÀéÉóÓòèìùáíúýÁÍÚåÅöÖ")


def score_western(text: str) -> float:
    """Plausibility of a Western (Latin-1/CP1252) reading: per 8-bit byte, at most 1 each.

    An accented letter beside an ASCII letter scores 1 (``Björk``, ``Coração``); a punctuation
    mark between plain characters 0.5; letters in runs of three or more, letters alone between
    symbols, other symbols and control characters score below zero (``Íõ·Æ``).
    """
    total = 0.0
    n = len(text)
    for i, ch in enumerate(text):
        if ch.isascii():
            continue
        prev = text[i - 1] if i > 0 else " "
        nxt = text[i + 1] if i + 1 < n else " "
        total += _western_char(ch, prev, nxt)
    return total


def _western_char(ch: str, prev: str, nxt: str) -> float:
    if ch.isalpha() and ch not in "ªºµƒ":  # ƒ (0x83, the florin sign) is in no word
        return _western_letter(ch, prev, nxt)
    if unicodedata.category(ch) == "Cc":
        return -2.0
    inside_word = _ascii_letter(prev) and _ascii_letter(nxt)
    if ch in _WESTERN_PUNCT:
        if inside_word and ch not in _APOSTROPHES:
            return -0.5  # "‚r‚l": Shift-JIS full-width letters; but "l’amour" is French
        return 0.5 if prev.isascii() and nxt.isascii() else -1.0
    if inside_word:
        return -0.5  # a symbol inside a word ("R§g"): the second byte of a character
    return 0.3 if prev.isascii() and nxt.isascii() else -1.0


def _western_letter(ch: str, prev: str, nxt: str) -> float:
    """An accented letter: 1 beside an ASCII letter or as a word of its own, else -1."""
    if _ascii_letter(prev) or _ascii_letter(nxt):
        return 1.0
    if ch in _SINGLE_LETTER_WORDS and not prev.isalnum() and not nxt.isalnum():
        return 1.0  # "à", "é", "ó": whole words in French, Portuguese, Spanish
    return -1.0


_APOSTROPHES = frozenset("’‘´`")


def _ascii_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


@lru_cache(maxsize=1)
def _ranks() -> tuple[dict[str, int], dict[str, int]]:
    return (
        {ch: i for i, ch in enumerate(SIMPLIFIED)},
        {ch: i for i, ch in enumerate(TRADITIONAL)},
    )


def _hanzi_weight(rank: int | None, common: bool) -> float:
    """A character's rank in the frequency list (and whether the code page counts it among its
    frequent characters) -> its score per byte."""
    if rank is not None:
        return 1.0 if rank < 1000 else 0.8 if rank < 2000 else 0.6
    return 0.3 if common else -0.5


def _cjk_common(ch: str) -> float | None:
    """Scores shared by the CJK readings: ideographic punctuation and full-width forms."""
    code = ord(ch)
    if 0x3000 <= code <= 0x303F or 0xFF01 <= code <= 0xFF5E:
        return 0.5 * _width(ch)
    if ch in "·—…“”‘’《》【】":
        return 0.5 * _width(ch)
    return None


def _width(ch: str) -> int:
    """Bytes per character in the double-byte code pages (all non-ASCII text there is 2)."""
    return 1 if ch.isascii() else 2


def _score_hanzi(text: str, char_score: Callable[[str], float]) -> float:
    total = 0.0
    for i, ch in enumerate(text):
        if ch.isascii():
            # Chinese puts no space between characters; Korean read as Chinese does
            if (
                ch == " "
                and 0 < i < len(text) - 1
                and _is_hanzi(text[i - 1])
                and _is_hanzi(text[i + 1])
            ):
                total -= 2.0
            continue
        if _is_hanzi(ch) and _inside_latin_word(text, i):  # "Czes豉w": CP1250 read as Chinese
            total -= 2.0
        else:
            total += char_score(ch)
    return total


@lru_cache(maxsize=65536)
def _gbk_char(ch: str) -> float:
    return _hanzi_char(ch, _ranks()[0], _gb2312_level1)


@lru_cache(maxsize=65536)
def _big5_char(ch: str) -> float:
    return _hanzi_char(ch, _ranks()[1], _big5_frequent)


def _hanzi_char(ch: str, ranks: dict[str, int], tier: Callable[[str], bool]) -> float:
    """The score of one non-ASCII character of a Chinese reading (both of its bytes)."""
    common = _cjk_common(ch)
    if common is not None:
        return common
    if _is_hanzi(ch):
        return 2 * _hanzi_weight(ranks.get(ch), tier(ch))
    return -1.0  # kana, Greek, box drawing or a rare symbol from the code page's tables


def _inside_latin_word(text: str, i: int) -> bool:
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    return prev.isascii() and prev.isalpha() and nxt.isascii() and nxt.isalpha()


def _is_hanzi(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _gb2312_level1(ch: str) -> bool:
    """GB2312 level 1: the 3,755 most frequent characters of its day (rows 0xB0-0xD7)."""
    raw = ch.encode("gbk")
    return 0xB0 <= raw[0] <= 0xD7 and raw[1] >= 0xA1


def _big5_frequent(ch: str) -> bool:
    """Big5's frequently used characters, 0xA440-0xC67E (the rest are less frequent)."""
    raw = ch.encode("cp950")
    return 0xA440 <= int.from_bytes(raw, "big") <= 0xC67E


def score_gbk(text: str) -> float:
    """Plausibility of a GBK reading (simplified Chinese ranks)."""
    return _score_hanzi(text, _gbk_char)


def score_big5(text: str) -> float:
    """Plausibility of a Big5 reading (traditional Chinese ranks)."""
    return _score_hanzi(text, _big5_char)


def score_shift_jis(text: str) -> float:
    """Plausibility of a Shift-JIS reading: kana, JIS level-1 kanji; half-width kana are odd."""
    return sum(_shift_jis_char(ch) for ch in text if not ch.isascii())


@lru_cache(maxsize=65536)
def _shift_jis_char(ch: str) -> float:
    code = ord(ch)
    common = _cjk_common(ch)
    if common is not None:
        return common
    if 0x3041 <= code <= 0x30FF:  # hiragana, katakana, the long-vowel mark
        return 2.0
    if 0xFF61 <= code <= 0xFF9F:  # half-width katakana: one byte each, rare in tags
        return -1.0
    if _is_hanzi(ch) and _jis_level1(ch):
        simplified, traditional = _ranks()
        return 2.0 if ch in simplified or ch in traditional else 1.2
    return -1.0


def _jis_level1(ch: str) -> bool:
    raw = ch.encode("cp932")
    return len(raw) == 2 and 0x889F <= int.from_bytes(raw, "big") <= 0x9872


#: About 300 of the most frequent Hangul syllables of Korean text (particles, verb endings,
#: the common family names, the words of song titles). Real Korean tags are mostly made of them;
#: Chinese or Japanese bytes read as Korean give syllables from all over the 2,350 of KS X 1001.
_COMMON_HANGUL = frozenset(
    "이다의는에하고을가지기리사한자로대서도어나수인시를아정일보게들과전해주상우제만장성부라그"
    "적요마국소스치신구동원세생오여무면경비문미유위중화내며공연진선조발관거개있것했었않되모니학"
    "방물식실저안말명계히회데분영현심단체입러람간각당결민금행용불날음운노두너더통님년때후김박최"
    "강윤임권황송류홍양손배백허남곽차엄채천함변염추석설길표반왕옥육맹탁은편예봉복태목형피감빈"
    "온호범좌승갈견창랑늘꿈밤별눈래름울빛꽃녕억간복친집네럼없같좋싶까잘못알말걸떠났났눈물바보"
    "잊그리움웃울림밖산강촌길역곳처음끝새벽달빛아침저녁오늘내일언제어디누구왜너무정말다시또함께"
    "혼자둘셋하나여자남자소년소녀엄마아빠형누나오빠언니동생가족집문창나무숲바다섬파도비구름노을"
    "추억약속기다림만남헤어짐첫키스미소눈빛손편지꽃잎향기봄여름가을겨울노래춤악기음반집곡판"
)
# Final consonants (jongseong index 0-27) common in real Korean text: none, ㄴ, ㄹ, ㅇ, ㅁ, ㄱ.
_COMMON_FINALS = {0: 0.6, 4: 0.5, 8: 0.5, 21: 0.5, 16: 0.4, 1: 0.4}


def score_euc_kr(text: str) -> float:
    """Plausibility of an EUC-KR reading: KS X 1001 syllables, by how common they are.

    A syllable among the most frequent ones scores 1 per byte; others score by their final
    consonant (real Korean has mostly open syllables or ones closing on ㄴ ㄹ ㅇ ㅁ ㄱ).
    """
    return sum(_euc_kr_char(ch) for ch in text if not ch.isascii())


@lru_cache(maxsize=65536)
def _euc_kr_char(ch: str) -> float:
    code = ord(ch)
    if 0xAC00 <= code <= 0xD7A3:
        if not _ks_x_1001(ch):
            return -2.0
        if ch in _COMMON_HANGUL:
            return 2.0
        return 2 * _COMMON_FINALS.get((code - 0xAC00) % 28, 0.1)
    common = _cjk_common(ch)
    return common if common is not None else -1.0  # hanja and symbols are rare in tags


def _ks_x_1001(ch: str) -> bool:
    try:
        ch.encode("euc_kr")
    except UnicodeEncodeError:
        return False
    return True


_CYRILLIC_VOWELS = frozenset("аеёиоуыэюяіїєАЕЁИОУЫЭЮЯІЇЄ")


def score_cp1251(text: str) -> float:
    """Plausibility of a CP1251 reading: words wholly of Cyrillic letters, with vowels.

    ``Bjцrk`` (Björk read as CP1251) mixes scripts inside a word and scores below zero.
    """
    total = 0.0
    for word in text.split():
        cyrillic = [ch for ch in word if "\u0400" <= ch <= "\u04ff"]
        others = [ch for ch in word if not ch.isascii() and not "\u0400" <= ch <= "\u04ff"]
        latin = any(ch.isascii() and ch.isalpha() for ch in word)
        if cyrillic:
            total += len(cyrillic) * _cyrillic_word(cyrillic, latin)
        for ch in others:  # punctuation opens or closes a word («Кино», Хочешь…), never inside
            edge = ch in (word[0], word[-1])
            total += 0.5 if edge and (ch in _WESTERN_PUNCT or ch == "№") else -1.0
    return total


def _cyrillic_word(letters: list[str], latin: bool) -> float:
    """Score per letter of one word's Cyrillic letters: 1 for a real word shape (no Latin letters
    beside them, a vowel, the case of ``кино``, ``Кино``; only the letters of Russian, Ukrainian
    and Belarusian), 0.7 for all capitals (``КИНО``, ``ДДТ``, but also what Chinese bytes give
    often enough), -1 otherwise (code-page bytes of Chinese give ``МрГЫГЫ``)."""
    if latin or any(ch not in _COMMON_CYRILLIC for ch in letters):
        return -1.0
    word = "".join(letters)
    if len(word) == 1:  # the prepositions and conjunctions that are words of one letter
        return 1.0 if word in "вВсСкКуУоОаАиИяЯ" else -1.0
    if word.isupper():
        return 0.7
    if not (word.islower() or (word[0].isupper() and word[1:].islower())):
        return -1.0
    return 1.0 if any(ch in _CYRILLIC_VOWELS for ch in word) else -1.0


_COMMON_CYRILLIC = frozenset(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґўАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯІЇЄҐЎ"
)

_SCORERS = {
    "gbk": score_gbk,
    "big5": score_big5,
    "shift_jis": score_shift_jis,
    "euc_kr": score_euc_kr,
    "cp1251": score_cp1251,
}
