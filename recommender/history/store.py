"""The history store, ``history.db``: the person's own listening data (docs/history.md).

Plays (time in UTC, track identity, time played, track length, skip flag, source, session,
context), feedback (like, dislike, ban of a track or an artist), per-track aggregates imported from
player libraries, a log of imports, saved playlists and settings. Unlike the catalog this store is
never rebuilt: it is backed up before every migration and before every import (rotating automatic
backups), and ``export`` writes a JSON Lines file from which an import restores everything.

A play refers to its track by the stable identity (:func:`analysis.identity.identity_key`) AND
keeps the artist, title, album, length and ids the source reported, so a play whose identity no
longer resolves (the file was retagged, the catalog rebuilt) is matched again by
:meth:`HistoryStore.rematch`, and an imported play that matched nothing is matched when a scan
adds its file. One connection per store object writes; a lock serialises threads.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from recommender.history.importing import Importing

log = logging.getLogger(__name__)


class HistoryStore(Importing):
    """``history.db`` in a data directory. One instance holds one writer connection.

    The methods live in one class per concern (``core`` -> ``matchstate`` -> ``writing`` ->
    ``queries`` -> ``backups`` -> ``importing``, each building on the one before).

    Parameters
    ----------
    data_dir : Path
        The Deep Cuts data directory; the database is ``data_dir / "history.db"``, backups go
        to ``data_dir / "backups"``.
    """

    def __init__(self, data_dir: Path) -> None:
        super().__init__(data_dir)
        try:
            self.maybe_backup()  # a daily rotating copy, taken when the store is first opened
        except (OSError, sqlite3.Error) as exc:
            log.warning("history: automatic backup to %s failed: %s", self.backup_dir, exc)
