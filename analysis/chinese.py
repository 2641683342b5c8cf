"""Traditional and simplified Chinese as one: the simplified form of a text, for comparisons.

A play from a Taiwanese streaming history spells 鄧麗君 where the file's tag says 邓丽君; the
history matcher and the Library search compare both in simplified form. OpenCC's ``t2s``
conversion (phrase-aware, a compiled library with its own dictionaries) does the work; text
without Chinese characters is returned at the cost of one ``isascii`` call or one regular
expression search.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def has_han(text: str) -> bool:
    """True when ``text`` holds a Chinese character (CJK unified or compatibility ideograph)."""
    return not text.isascii() and _HAN.search(text) is not None


@lru_cache(maxsize=1)
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """``text`` with traditional Chinese characters in their simplified form.

    Examples
    --------
    >>> to_simplified("鄧麗君 - 月亮代表我的心")
    '邓丽君 - 月亮代表我的心'
    >>> to_simplified("Björk")
    'Björk'
    """
    if not has_han(text):
        return text
    return str(_converter().convert(text))
