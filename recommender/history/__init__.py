"""The person's own data: play history, feedback, saved playlists, and how it is read in.

Lives here: :class:`HistoryStore` (``history.sqlite``, split by concern into ``schema``,
``records``, ``core``, ``matchstate``, ``writing``, ``queries``, ``backups`` and ``importing``), the
history importers (``importers/``), matching imported rows to catalog tracks (``matching``)
and listening sessions (``sessions``).

May import: ``analysis`` and the standard library/third-party packages only. Never
``recommender.models``, ``recommender.playlists`` or ``desktop_app`` (arrows point down:
playlists -> models -> history -> analysis; ``tests/test_layering.py`` checks it).
"""

from recommender.history.records import (
    FeedbackItem,
    FeedbackSet,
    ImportReport,
    Play,
    PlaylistInfo,
    TrackAggregate,
    TrackAggregates,
    judge_play,
)
from recommender.history.schema import FEEDBACK_KINDS, MIGRATIONS
from recommender.history.store import HistoryStore

__all__ = [
    "FEEDBACK_KINDS",
    "MIGRATIONS",
    "FeedbackItem",
    "FeedbackSet",
    "HistoryStore",
    "ImportReport",
    "Play",
    "PlaylistInfo",
    "TrackAggregate",
    "TrackAggregates",
    "judge_play",
]
