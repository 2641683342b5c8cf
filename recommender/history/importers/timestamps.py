"""Times as exports spell them, converted to unix seconds UTC.

Exports write times as unix seconds (sometimes milliseconds), ISO 8601 with or without a zone
(``Z`` = UTC; no zone is taken as UTC, as every format in docs/history.md writes UTC), or Last.fm's
``"11 Jul 2024, 09:07"`` / ``"05 Jan 2020 12:34"``. :func:`parse_time` accepts all of them.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_TEXT_FORMATS = (
    "%d %b %Y, %H:%M",
    "%d %b %Y %H:%M",
    "%d %b %Y, %H:%M:%S",
    "%d %b %Y %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
)
#: Unix times above this are milliseconds (year 5138 in seconds).
_MS_THRESHOLD = 1e11
#: Plausible range for a play: 1990 to 2100.
_MIN, _MAX = 631152000.0, 4102444800.0


def parse_time(value: object) -> float | None:
    """Unix seconds UTC from a number or a text time; ``None`` if empty or unreadable.

    Parameters
    ----------
    value : object
        ``int``/``float`` (seconds, or milliseconds when above 1e11) or a string in any form
        listed in the module docstring.

    Returns
    -------
    float or None
        ``None`` for empty values, ``NA`` and times outside 1990-2100 (clearly not a play time).
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        seconds = float(value)
    else:
        text = str(value).strip()
        if not text or text.upper() in {"NA", "NAN", "NONE", "NULL", "NAT"}:
            return None
        if _NUMBER.match(text):
            seconds = float(text)
        else:
            parsed = _parse_text(text)
            if parsed is None:
                return None
            seconds = parsed
    if seconds > _MS_THRESHOLD:
        seconds /= 1000.0
    if not _MIN <= seconds <= _MAX:
        return None
    return seconds


def _parse_text(text: str) -> float | None:
    iso = text.replace("Z", "+00:00") if text.endswith("Z") else text
    try:
        dt = datetime.fromisoformat(iso)
    except ValueError:
        dt = None
        for fmt in _TEXT_FORMATS:
            try:
                dt = datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.timestamp()


def iso_utc(seconds: float) -> str:
    """``2024-05-01T12:00:00Z`` (milliseconds kept when present)."""
    dt = datetime.fromtimestamp(seconds, tz=UTC)
    if dt.microsecond:
        return dt.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")
