"""Listening sessions: runs of plays with less than a set gap between them (30 minutes).

The gap is measured from the END of one play (its start plus the time played, or plus the
reported track length when the time played is unknown, as for scrobbles) to the start of the
next, so one long track does not split a session. A session's id is the id of its first play.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

#: Default gap that ends a session, in minutes (setting ``session_gap_minutes``).
DEFAULT_GAP_MINUTES = 30.0


class PlaySpan(NamedTuple):
    """What session assignment needs of a play (a tuple: imports build 100,000 of them)."""

    play_id: int
    start: float  # unix seconds
    end: float  # unix seconds, >= start


@dataclass(slots=True)
class Session:
    """A run of plays; ``id`` is the id of its first play."""

    id: int
    start: float
    end: float
    play_ids: list[int]


def play_end(start: float, ms_played: int | None, duration_ms: int | None) -> float:
    """When a play ended: start plus time played, else plus the track length, else the start."""
    if ms_played is not None and ms_played > 0:
        return start + ms_played / 1000.0
    if duration_ms is not None and duration_ms > 0:
        return start + duration_ms / 1000.0
    return start


def group_sessions(
    spans: Iterable[PlaySpan], *, gap_minutes: float = DEFAULT_GAP_MINUTES
) -> list[Session]:
    """Split plays into sessions.

    Parameters
    ----------
    spans : iterable of PlaySpan
        Any order; sorted by (start, play_id) here.
    gap_minutes : float
        A new session starts when the previous play ended this long (or longer) before the next
        play started.

    Returns
    -------
    list of Session
        In time order.
    """
    if gap_minutes <= 0:
        raise ValueError("gap_minutes must be positive")
    gap = gap_minutes * 60.0
    ordered: Sequence[PlaySpan] = sorted(spans, key=lambda s: (s[1], s[0]))
    sessions: list[Session] = []
    current: Session | None = None
    for span in ordered:
        if current is None or span.start - current.end >= gap:
            current = Session(id=span.play_id, start=span.start, end=span.end, play_ids=[])
            sessions.append(current)
        current.play_ids.append(span.play_id)
        current.end = max(current.end, span.end)
    return sessions


def assign_sessions(
    spans: Iterable[PlaySpan], *, gap_minutes: float = DEFAULT_GAP_MINUTES
) -> dict[int, int]:
    """``{play_id: session_id}`` for every play (see :func:`group_sessions`)."""
    out: dict[int, int] = {}
    for session in group_sessions(spans, gap_minutes=gap_minutes):
        for pid in session.play_ids:
            out[pid] = session.id
    return out
