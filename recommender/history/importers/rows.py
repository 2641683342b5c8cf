"""Rows that cannot be plays: skipped, counted by reason, and the rule that refuses a whole file.

Real exports carry rows that are not plays (deleted tracks with a blank name, Last.fm's "now
playing" row without a date, its placeholder date for plays of unknown time, podcasts). Such a row
is skipped and counted under its reason with the first ten line numbers (or JSON entry numbers);
the import goes on. A file is still refused whole when none of its rows is a play or when more
than half of them are bad, because then it is more likely the wrong file or a damaged one than a
history with a few broken rows (docs/history.md, "Rows that are not plays").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Reasons a row is skipped (the ``reason`` strings of ``history import --json``).
EMPTY_NAME = "empty artist or title"
NO_TIME = "no time"
UNREADABLE_TIME = "unreadable time"
OUT_OF_RANGE = "time outside 2000-2100"
NOW_PLAYING = "now playing row without a date"
PLACEHOLDER = "Last.fm placeholder date 13 Feb 2005 10:20 (time unknown)"
ZERO_DURATION = "zero duration"
WRONG_COLUMNS = "wrong number of columns"
NOT_MUSIC = "not music (podcast, audiobook or video)"

#: Reasons that do not make a file look broken: entries that are something else than a song.
NOT_BAD = frozenset({NOT_MUSIC})
#: How many line numbers are kept per reason.
LINES_KEPT = 10


@dataclass(slots=True)
class SkipCount:
    """How many rows were skipped for one reason, and where the first ones are."""

    reason: str
    count: int = 0
    lines: list[int] = field(default_factory=list)

    def add(self, where: int, n: int = 1) -> None:
        """Count ``n`` rows starting at line (or entry) ``where``."""
        self.count += n
        if len(self.lines) < LINES_KEPT:
            self.lines.append(where)

    def merge(self, other: SkipCount) -> None:
        """Add another tally of the same reason (its lines after this one's)."""
        self.count += other.count
        self.lines.extend(other.lines[: LINES_KEPT - len(self.lines)])

    def to_json(self) -> dict[str, Any]:
        """``{"reason", "count", "lines"}``."""
        return {"reason": self.reason, "count": self.count, "lines": list(self.lines)}


@dataclass
class FileSummary:
    """What one file of an import held: its format, plays read and rows skipped by reason.

    ``columns`` is the column mapping a CSV was read with (role -> header name), ``header`` the
    CSV's column names, so a person can see and change the mapping.
    """

    file: str
    format: str
    plays: int = 0
    aggregates: int = 0
    feedback: int = 0
    skipped: dict[str, SkipCount] = field(default_factory=dict)
    columns: dict[str, str] | None = None
    header: list[str] | None = None

    def skip(self, reason: str, where: int, n: int = 1) -> None:
        """Count a skipped row (or ``n`` rows) of this file."""
        tally = self.skipped.get(reason)
        if tally is None:
            tally = self.skipped[reason] = SkipCount(reason)
        tally.add(where, n)

    @property
    def bad(self) -> int:
        """Rows skipped because they are broken or junk (not merely something else than music)."""
        return sum(t.count for r, t in self.skipped.items() if r not in NOT_BAD)

    def first_bad(self) -> tuple[int, str] | None:
        """The earliest bad row: ``(line, reason)``."""
        firsts = [(t.lines[0], r) for r, t in self.skipped.items() if r not in NOT_BAD and t.lines]
        return min(firsts) if firsts else None

    def to_json(self) -> dict[str, Any]:
        """The per-file entry of ``history import --json``."""
        out: dict[str, Any] = {
            "file": self.file,
            "format": self.format,
            "plays": self.plays,
            "aggregates": self.aggregates,
            "feedback": self.feedback,
            "skipped": skipped_json(self.skipped),
        }
        if self.columns is not None:
            out["columns"] = dict(self.columns)
        return out


def skipped_json(tallies: dict[str, SkipCount]) -> list[dict[str, Any]]:
    """Tallies as the ``skipped`` list, the most frequent reason first."""
    return [t.to_json() for t in sorted(tallies.values(), key=lambda t: (-t.count, t.reason))]


def merge_skips(summaries: list[FileSummary]) -> dict[str, SkipCount]:
    """The tallies of several files added up (lines in file order)."""
    total: dict[str, SkipCount] = {}
    for summary in summaries:
        for reason, tally in summary.skipped.items():
            total.setdefault(reason, SkipCount(reason)).merge(tally)
    return total


def refusal(summary: FileSummary) -> str | None:
    """Why a file must be refused whole, or ``None``.

    A file of plays is refused when it had bad rows and no play, or when more than half of its
    rows (plays plus bad rows) are bad. Files without plays and without bad rows (a library, a
    feedback file, an empty month) are never refused here.
    """
    bad = summary.bad
    if not bad:
        return None
    line, reason = summary.first_bad() or (0, "")
    rows = bad + summary.plays
    if summary.plays == 0 and (summary.aggregates or summary.feedback):
        return None
    if summary.plays == 0:
        return (
            f"{summary.file}: line {line}: {reason}; none of its {rows:,} rows is a play, "
            "nothing was imported"
        )
    if bad * 2 > rows:
        return (
            f"{summary.file}: line {line}: {reason}; {bad:,} of its {rows:,} rows are not "
            "plays, so this is probably not a history export; nothing was imported"
        )
    return None
