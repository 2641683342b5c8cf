"""The history store's connection, its one write transaction and its settings."""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Self

from analysis.datadir import BACKUPS_DIR, HISTORY_FILE
from analysis.errors import DeepCutsError, StoreBusyError
from analysis.sqlite_store import connect, is_locked, migrate, transaction
from recommender.history.schema import (
    _INTERNAL_SETTINGS,
    DEFAULT_SETTINGS,
    MIGRATIONS,
)

log = logging.getLogger(__name__)


class StoreCore:
    """One writer connection to ``history.db``, opened and migrated; settings read and written.

    Parameters
    ----------
    data_dir : Path
        The Deep Cuts data directory; the database is ``data_dir / "history.db"``, backups go
        to ``data_dir / "backups"``.
    """

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / HISTORY_FILE
        self.backup_dir = self.data_dir / BACKUPS_DIR
        self._lock = threading.RLock()
        hint = (
            f"restore the newest copy from {self.backup_dir} or import your last "
            "'history export' file"
        )
        try:
            self.conn = connect(self.path)
            self.conn.execute("PRAGMA cache_size = -65536")  # 64 MB: large imports stay fast
        except StoreBusyError:
            raise  # held by another window or command: nothing is damaged
        except DeepCutsError as exc:
            raise DeepCutsError(f"history {self.path} is damaged ({exc}); {hint}") from exc
        try:
            migrate(self.conn, MIGRATIONS, name="history", backup_dir=self.backup_dir)
            self.conn.execute("SELECT COUNT(*) FROM settings").fetchone()
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            if is_locked(exc):
                raise StoreBusyError(
                    f"history {self.path} stayed locked by another Deep Cuts window or "
                    "command; close it or wait for it to finish, then try again"
                ) from exc
            raise DeepCutsError(f"history {self.path} is damaged ({exc}); {hint}") from exc
        self._settings_cache: dict[str, Any] | None = None

    def close(self) -> None:
        """Close the connection (pending work is already committed)."""
        self.conn.close()

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; SQLite failures become one-line explanations (and roll back)."""
        try:
            with transaction(self.conn):
                yield self.conn
        except sqlite3.OperationalError as exc:
            text = str(exc)
            if "locked" in text or "busy" in text:
                why = "another Deep Cuts process is writing to it; try again in a moment"
            elif "full" in text:
                why = "the disk is full"
            else:
                why = text
            raise DeepCutsError(
                f"cannot write history {self.path}: {why}; nothing was changed"
            ) from exc

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- settings ------------------------------------------------------------------------------

    def settings(self) -> dict[str, Any]:
        """Every user setting with its current value (defaults filled in)."""
        if self._settings_cache is None:
            values = dict(DEFAULT_SETTINGS)
            for row in self.conn.execute("SELECT key, value FROM settings"):
                if row["key"] not in _INTERNAL_SETTINGS:
                    values[row["key"]] = json.loads(row["value"])
            self._settings_cache = values
        return dict(self._settings_cache)

    def setting(self, key: str) -> Any:
        """One setting's value (its default when never set)."""
        return self.settings().get(key, DEFAULT_SETTINGS.get(key))

    def _set_setting(self, key: str, value: Any) -> None:
        if key == "session_gap_minutes" and not (isinstance(value, int | float) and value > 0):
            raise DeepCutsError(f"session_gap_minutes must be a positive number, not {value!r}")
        self.conn.execute(
            "INSERT INTO settings(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, json.dumps(value)),
        )
        self._settings_cache = None

    def _internal(self, key: str) -> Any:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return json.loads(row["value"]) if row else None
