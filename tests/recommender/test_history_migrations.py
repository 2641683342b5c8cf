"""One test per history.db migration, each building the old state; plus a kill mid-import."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.errors import DeepCutsError
from analysis.sqlite_store import connect, migrate
from recommender.history import MIGRATIONS, HistoryStore

REPO = Path(__file__).resolve().parents[2]


def test_migration_0_to_current_on_a_new_store(data_dir):
    with HistoryStore(data_dir) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS) == 2
        tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master")}
        assert {
            "plays",
            "feedback",
            "aggregates",
            "imports",
            "settings",
            "playlists",
            "playlist_items",
        } <= tables
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert not (data_dir / "backups").exists()  # nothing to back up in a new store


def test_migration_1_to_2_keeps_data_and_backs_up_first(data_dir):
    conn = connect(data_dir / "history.db")
    migrate(conn, MIGRATIONS[:1], name="history", backup_dir=None)
    conn.execute(
        "INSERT INTO plays(played_at, identity, artist, title, source, match_key) "
        "VALUES (1700000000.5, 'meta:a|t||', 'A', 'T', 'lastfm', 'a|t')"
    )
    conn.execute(
        "INSERT INTO feedback(key, target, kind, artist, created_at, source) "
        "VALUES ('artist:a', 'artist', 'ban', 'A', 1, 'deepcuts')"
    )
    conn.execute("INSERT INTO settings(key, value) VALUES ('session_gap_minutes', '20')")
    conn.close()
    with HistoryStore(data_dir) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == 2
        assert store.stats()["plays"] == 1
        assert store.setting("session_gap_minutes") == 20
        assert store.save_playlist("new in v2", ["meta:a|t||"]) == 1
    (backup,) = (data_dir / "backups").glob("history-v1-*.db")
    with sqlite3.connect(backup) as old:
        assert old.execute("PRAGMA user_version").fetchone()[0] == 1
        assert old.execute("SELECT title FROM plays").fetchone()[0] == "T"


def test_a_newer_store_is_refused_not_touched(data_dir):
    with HistoryStore(data_dir):
        pass
    with sqlite3.connect(data_dir / "history.db") as conn:
        conn.execute("PRAGMA user_version = 99")
    with pytest.raises(DeepCutsError, match="newer"):
        HistoryStore(data_dir)
    with sqlite3.connect(data_dir / "history.db") as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 99


def _big_csv(path: Path, n: int, start: int = 1600000000) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("artist,album,track,uts\n")
        for i in range(n):
            fh.write(f"Artist {i % 997},Album {i % 71},Song {i},{start + i * 240}\n")
    return path


# The child imports through a connection that stops, inside the import's write transaction,
# right after all the plays are inserted, and says so: the kill then always lands mid-import.
# (Waiting for the WAL to grow instead raced the commit: with a 64 MB page cache the pages reach
# the WAL only while committing, and the kill sometimes came after it.)
_KILLABLE_IMPORT = """
import sys, time
from pathlib import Path
from recommender.history import HistoryStore

class Paused:
    def __init__(self, conn):
        self._conn = conn
    def __getattr__(self, name):
        return getattr(self._conn, name)
    def executemany(self, sql, rows):
        out = self._conn.executemany(sql, rows)
        if sql.startswith("INSERT INTO plays"):
            assert self._conn.in_transaction
            print("plays inserted, not committed", flush=True)
            time.sleep(120)
        return out

store = HistoryStore(Path(sys.argv[1]))
store.conn = Paused(store.conn)
store.import_path(sys.argv[2], None)
"""


@pytest.mark.slow
def test_kill_during_import_leaves_nothing_half_written(data_dir, tmp_path):
    n = 60_000
    src = _big_csv(tmp_path / "big.csv", n)
    with HistoryStore(data_dir) as store:  # some earlier data that must survive
        store.import_path(_big_csv(tmp_path / "small.csv", 10, start=1500000000), None)
    proc = subprocess.Popen(
        [sys.executable, "-c", _KILLABLE_IMPORT, str(data_dir), str(src)],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "plays inserted, not committed"
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    with HistoryStore(data_dir) as store:
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert store.stats()["plays"] == 10  # all of the killed import rolled back
        assert len(store.imports()) == 1
        again = store.import_path(src, None)
        assert store.stats()["plays"] == n + 10
        assert again.duplicates == 0
