"""Times as exports spell them, converted to unix seconds UTC.

Exports write times as unix seconds (sometimes milliseconds), ISO 8601 with or without a zone
(``Z`` = UTC; no zone is taken as UTC, as every format in docs/history.md writes UTC), or Last.fm's
``"11 Jul 2024, 09:07"`` / ``"05 Jan 2020 12:34"``. :func:`parse_time` accepts all of them.
"""

from __future__ import annotations

import calendar
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
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%d %b %Y",
    "%d/%m/%Y",
    "%d.%m.%Y",
    "%Y/%m/%d",
)
_CLOCK = re.compile(r"\d{1,2}:\d{2}(:\d{2})?")
#: Unix times above this are milliseconds (year 5138 in seconds).
_MS_THRESHOLD = 1e11
#: Plausible range for a play: 1990 to 2100.
_MIN, _MAX = 631152000.0, 4102444800.0
#: The range an imported play must lie in (docs/history.md, "Rows that are not plays"):
#: 2000-01-01 to 2100-01-01 UTC.
PLAY_MIN, PLAY_MAX = 946684800.0, 4102444800.0
#: Last.fm's placeholder for plays of unknown time, 13 Feb 2005 10:20 UTC (the whole minute).
LASTFM_PLACEHOLDER = 1108290000.0
_EMPTY = {"NA", "NAN", "NONE", "NULL", "NAT", "<NA>"}


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
        if not text or text.upper() in _EMPTY:
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


def read_time(value: object) -> tuple[float | None, str | None]:
    """A play's start time, or why there is none.

    Parameters
    ----------
    value : object
        As :func:`parse_time` accepts it.

    Returns
    -------
    tuple
        ``(seconds, None)`` for a time within 2000-2100; ``(None, reason)`` otherwise, where the
        reason is ``"no time"`` (empty or ``NA``), ``"unreadable time"`` or
        ``"time outside 2000-2100"``.
    """
    if value is None or isinstance(value, bool):
        return None, "no time"
    if isinstance(value, int | float):
        seconds: float | None = float(value)
    else:
        text = str(value).strip()
        if not text or text.upper() in _EMPTY:
            return None, "no time"
        seconds = float(text) if _NUMBER.match(text) else _parse_text(text)
    if seconds is None:
        return None, "unreadable time"
    if seconds > _MS_THRESHOLD:
        seconds /= 1000.0
    if not PLAY_MIN <= seconds < PLAY_MAX:
        return None, "time outside 2000-2100"
    return seconds, None


def is_lastfm_placeholder(seconds: float) -> bool:
    """Whether a time falls in Last.fm's placeholder minute for plays of unknown time."""
    return LASTFM_PLACEHOLDER <= seconds < LASTFM_PLACEHOLDER + 60.0


_LASTFM_TEXT = re.compile(r"^(\d{1,2}) ([A-Za-z]{3}) (\d{4}),? (\d{1,2}):(\d{2})(?::(\d{2}))?$")
_MONTHS = {m: n for n, m in enumerate(calendar.month_abbr) if m}


def _parse_lastfm(text: str) -> float | None:
    """``"05 Jan 2020 12:34"`` / ``"11 Jul 2024, 09:07"`` without strptime (a CSV of a decade
    holds tens of thousands of them)."""
    m = _LASTFM_TEXT.match(text)
    if m is None:
        return None
    day, mon, year, hour, minute, sec = m.groups()
    month = _MONTHS.get(mon.title())
    if month is None:
        return None
    try:
        datetime(int(year), month, int(day), int(hour), int(minute), int(sec or 0))
    except ValueError:
        return None
    return float(
        calendar.timegm((int(year), month, int(day), int(hour), int(minute), int(sec or 0)))
    )


def _parse_text(text: str) -> float | None:
    if " " in text[1:3]:
        fast = _parse_lastfm(text)
        if fast is not None:
            return fast
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


def time_precision(value: str) -> int:
    """How finely a text time places a play: 3 seconds, 2 minutes, 1 a day, 0 not a time.

    Used to choose among several time columns (the finest wins, so plays are never collapsed to
    a day when a column with the hour is there).
    """
    text = value.strip()
    seconds, _reason = read_time(text)
    if seconds is None:
        return 0
    if _NUMBER.match(text):
        return 3
    clock = _CLOCK.search(text)
    if clock is None:
        return 1
    return 3 if clock.group(1) else 2


def iso_utc(seconds: float) -> str:
    """``2024-05-01T12:00:00Z`` (milliseconds kept when present)."""
    dt = datetime.fromtimestamp(seconds, tz=UTC)
    if dt.microsecond:
        return dt.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")
