"""SQLite plumbing shared by both stores: connections, WAL, versioned migrations, backups.

The schema version is SQLite's ``PRAGMA user_version``: the number of migrations applied. Each
migration runs in its own transaction (DDL is transactional in SQLite), so a kill during a
migration leaves the previous version intact. Before migrating a database that already holds
data, a copy is written next to it with the SQLite backup API.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from analysis.errors import DeepCutsError, StoreBusyError

Migration = Callable[[sqlite3.Connection], None] | str


def connect(path: Path, *, readonly: bool = False, timeout: float = 30.0) -> sqlite3.Connection:
    """Open a connection in autocommit mode with WAL, foreign keys and a busy timeout.

    Transactions are explicit (see :func:`transaction`), which keeps batch commits obvious.
    """
    try:
        if readonly:
            uri = f"file:{path}?mode=ro"
            conn = sqlite3.connect(
                uri, uri=True, timeout=timeout, isolation_level=None, check_same_thread=False
            )
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(
                path, timeout=timeout, isolation_level=None, check_same_thread=False
            )
            _enable_wal(conn, timeout)
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
    except sqlite3.OperationalError as exc:
        if is_locked(exc):
            raise StoreBusyError(
                f"{path} stayed locked by another Deep Cuts window or command for "
                f"{timeout:.0f} s; close it or wait for it to finish, then try again"
            ) from exc
        raise DeepCutsError(f"cannot open database {path}: {exc}") from exc
    except sqlite3.DatabaseError as exc:
        raise DeepCutsError(f"cannot open database {path}: {exc}") from exc
    conn.row_factory = sqlite3.Row
    return conn


def is_locked(exc: BaseException) -> bool:
    """True for SQLite's "database is locked" / "database table is locked" (busy, not broken)."""
    return isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc)


def _enable_wal(conn: sqlite3.Connection, timeout: float) -> None:
    """Switch the file to WAL (persistent), retrying while another connection holds a lock.

    Changing the journal mode needs an exclusive lock, and SQLite answers "database is locked"
    at once instead of calling the busy handler when several connections open a new file
    together (the window's first background tasks on a new data folder). The retry keeps to
    the same ``timeout`` the busy handler would have used.
    """
    deadline = time.monotonic() + timeout
    delay = 0.005
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if not is_locked(exc) or time.monotonic() >= deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 0.1)


class transaction:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``, or ``ROLLBACK`` on any exception."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> sqlite3.Connection:
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.conn.execute("COMMIT")
        else:
            self.conn.execute("ROLLBACK")


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def backup(conn: sqlite3.Connection, dest: Path) -> Path:
    """Copy the whole database to ``dest`` consistently (SQLite online backup)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    target = sqlite3.connect(dest)
    try:
        conn.backup(target)
    finally:
        target.close()
    return dest


def migrate(
    conn: sqlite3.Connection,
    migrations: Sequence[Migration],
    *,
    name: str,
    backup_dir: Path | None,
) -> list[Path]:
    """Bring the database to ``len(migrations)``, one transaction per migration.

    Parameters
    ----------
    migrations : sequence
        Ordered; item ``i`` takes the schema from version ``i`` to ``i + 1``. An item is SQL text
        (several statements allowed) or a callable that receives the connection inside the
        transaction.
    name : str
        Store name used in backup file names and messages (``catalog``, ``history``).
    backup_dir : Path, optional
        Where the pre-migration copy goes. ``None`` disables backups (tests of fresh stores).

    Returns
    -------
    list of Path
        Backups written (empty for a new database or one already current).
    """
    current = schema_version(conn)
    target = len(migrations)
    if current > target:
        raise DeepCutsError(
            f"the {name} database has schema version {current}, newer than this Deep Cuts "
            f"understands ({target}); update Deep Cuts"
        )
    backups: list[Path] = []
    if current == target:
        return backups
    has_data = current > 0
    if has_data and backup_dir is not None:
        stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
        backups.append(backup(conn, backup_dir / f"{name}-v{current}-{stamp}.db"))
    for version in range(current, target):
        step = migrations[version]
        with transaction(conn):
            # Another connection (a second thread or process opening the same store at the
            # same time, as the window's first background tasks do on a new data folder) may
            # have applied this step since the version was read: re-read it under the write
            # lock, or the step runs twice ("table ... already exists").
            if schema_version(conn) > version:
                continue
            if callable(step):
                step(conn)
            else:
                for statement in _split_sql(step):
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version={version + 1}")
    return backups


def _split_sql(script: str) -> list[str]:
    """Split a migration script into statements (``executescript`` would commit on its own).

    Splits at semicolons, joining pieces until SQLite says the statement is complete, so
    semicolons inside strings and triggers stay where they belong.
    """
    statements: list[str] = []
    buf = ""
    for piece in script.split(";"):
        buf += piece + ";"
        if sqlite3.complete_statement(buf):
            if buf.strip(" \n\t;"):
                statements.append(buf.strip())
            buf = ""
    if buf.strip(" \n\t;"):
        statements.append(buf.strip())
    return statements
