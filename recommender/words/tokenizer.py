"""Split a description into tokens, English and Simplified Chinese alike.

Latin-script words are runs of letters and digits (an apostrophe or hyphen inside a word keeps
it whole: "haven't", "hip-hop", "8-bit"). Chinese has no spaces, so each run of CJK characters
is cut by longest match against a dictionary (the vocabulary's Chinese phrases plus the
library's Chinese artist names and genre tags); characters no entry covers are grouped into one
unknown token, so "周杰伦" missing from a library is reported whole. Punctuation is kept as a
boundary token: a "like ..." span never crosses a comma. Every token keeps its offsets in the
(NFKC-normalised) text, so each understood part can quote the exact words that made it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass

from analysis.errors import DeepCutsError
from analysis.identity import fold

#: Longest description accepted, in characters.
MAX_CHARS = 500

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TOKEN = re.compile(
    rf"(?P<cjk>[{_CJK}]+)"
    rf"|(?P<word>[^\W_{_CJK}]+(?:['’\-][^\W_{_CJK}]+)*)"
    r"|(?P<amp>&)"
    r"|(?P<punct>[,.;:!?，。；：！？、()\[\]{}\"“”「」『』/|…]+)"
)


def is_cjk(ch: str) -> bool:
    """True for a CJK ideograph (the Chinese characters the segmenter handles)."""
    return bool(re.match(f"[{_CJK}]", ch))


@dataclass(frozen=True, slots=True)
class Token:
    """One token: its text as written, its folded form, offsets, and what sort it is.

    ``sort`` is ``word`` (Latin-script or digits), ``cjk`` (a dictionary entry),
    ``cjk-unknown`` (CJK characters no entry covers) or ``punct`` (a boundary).
    """

    text: str
    key: str
    start: int
    end: int
    sort: str


def check_text(text: object) -> str:
    """The description, NFKC-normalised and stripped, or a one-line error.

    Raises
    ------
    DeepCutsError
        Not text, empty, longer than :data:`MAX_CHARS`, or holding control characters.
    """
    if not isinstance(text, str):
        raise DeepCutsError("the description must be text")
    bad = sorted(
        {ch for ch in text if unicodedata.category(ch) in ("Cc", "Cf", "Cs")} - set("\t\n\r")
    )
    if bad:
        codes = ", ".join(f"U+{ord(ch):04X}" for ch in bad[:3])
        raise DeepCutsError(
            f"the description contains control characters ({codes}); type plain text"
        )
    clean = unicodedata.normalize("NFKC", text).strip()
    if not clean:
        raise DeepCutsError(
            "the description is empty: say what you want to hear, e.g. “calm piano”"
        )
    if len(clean) > MAX_CHARS:
        raise DeepCutsError(
            f"the description is too long ({len(clean):,} characters; at most {MAX_CHARS})"
        )
    return clean


def _segment(run: str, offset: int, dictionary: Collection[str], longest: int) -> list[Token]:
    """Longest-match segmentation of one CJK run; unmatched characters grouped."""
    out: list[Token] = []
    i, pending = 0, -1
    while i < len(run):
        hit = 0
        for j in range(min(len(run), i + longest), i, -1):
            if run[i:j] in dictionary:
                hit = j
                break
        if hit:
            if pending >= 0:
                out.append(
                    Token(
                        run[pending:i], run[pending:i], offset + pending, offset + i, "cjk-unknown"
                    )
                )
                pending = -1
            out.append(Token(run[i:hit], run[i:hit], offset + i, offset + hit, "cjk"))
            i = hit
        else:
            if pending < 0:
                pending = i
            i += 1
    if pending >= 0:
        out.append(
            Token(run[pending:], run[pending:], offset + pending, offset + len(run), "cjk-unknown")
        )
    return out


def tokenize(text: str, dictionary: Collection[str] = ()) -> list[Token]:
    """Tokens of ``text`` (already checked with :func:`check_text`).

    Parameters
    ----------
    text : str
        The description.
    dictionary : collection of str
        Chinese words for the longest-match segmentation.
    """
    longest = max((len(w) for w in dictionary), default=1)
    tokens: list[Token] = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind == "cjk":
            tokens.extend(_segment(m.group(), m.start(), dictionary, longest))
        elif kind == "word":
            word = m.group().replace("’", "'")
            tokens.append(
                Token(
                    m.group(),
                    fold(word.replace("-", " ")) or word.lower(),
                    m.start(),
                    m.end(),
                    "word",
                )
            )
        elif kind == "amp":
            tokens.append(Token("&", "and", m.start(), m.end(), "word"))
        else:
            tokens.append(Token(m.group(), "", m.start(), m.end(), "punct"))
    return tokens
