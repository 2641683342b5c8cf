"""The catalog store: schema versions, migrations with backups, lookups, data dir resolution."""

from __future__ import annotations

import sqlite3

import pytest

from analysis import catalog as catalog_mod
from analysis.catalog import MIGRATIONS, Catalog
from analysis.datadir import ENV_VAR, resolve_data_dir
from analysis.errors import DeepCutsError, NotFoundError
from analysis.identity import fold, identity_key
from analysis.sqlite_store import connect, migrate, schema_version


def test_new_catalog_is_current_and_wal(data_dir):
    cat = Catalog(data_dir)
    assert schema_version(cat.conn) == len(MIGRATIONS)
    assert cat.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert not (data_dir / "backups").exists()  # nothing to back up in a new store


def test_migration_v0_to_v1_creates_the_tables(tmp_path):
    conn = connect(tmp_path / "c.db")
    migrate(conn, MIGRATIONS[:1], name="catalog", backup_dir=tmp_path / "b")
    assert schema_version(conn) == 1
    cols = {r[1] for r in conn.execute("PRAGMA table_info(tracks)")}
    assert {
        "path_raw",
        "size",
        "mtime_ns",
        "identity",
        "missing",
        "error",
        "sample_hash",
        "mb_recording_id",
        "tag_rating",
        "tag_play_count",
        "has_cover",
    } <= cols


def test_migration_backs_up_first_and_keeps_data(tmp_path, monkeypatch):
    data = tmp_path / "data"
    cat = Catalog(data)
    cat.insert_tracks([{"path": "/m/a.flac", "title": "Kept", "artist": "A"}])
    cat.close()
    extra = "ALTER TABLE tracks ADD COLUMN future_column TEXT"
    monkeypatch.setattr(catalog_mod, "MIGRATIONS", [*MIGRATIONS, extra])
    cat = Catalog(data)
    assert schema_version(cat.conn) == len(MIGRATIONS) + 1
    assert next(cat.tracks()).title == "Kept"
    backups = list((data / "backups").glob("catalog-v*.db"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    assert old.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert old.execute("SELECT title FROM tracks").fetchone()[0] == "Kept"


def test_failed_migration_rolls_back(tmp_path):
    conn = connect(tmp_path / "c.db")
    migrate(conn, MIGRATIONS[:1], name="catalog", backup_dir=None)
    bad = "CREATE TABLE half_done (x INTEGER); INSERT INTO no_such_table VALUES (1);"
    with pytest.raises(sqlite3.OperationalError):
        migrate(conn, [MIGRATIONS[0], bad], name="catalog", backup_dir=None)
    assert schema_version(conn) == 1
    assert conn.execute("SELECT name FROM sqlite_master WHERE name='half_done'").fetchone() is None


def test_migration_skips_steps_another_connection_applied_meanwhile(tmp_path, monkeypatch):
    # Connection b reads version 0, then a migrates everything before b takes the write lock
    # (two background tasks opening a new store at once): b must not run the steps again.
    a, b = connect(tmp_path / "c.db"), connect(tmp_path / "c.db")
    migrate(a, MIGRATIONS, name="catalog", backup_dir=None)
    from analysis import sqlite_store

    real = sqlite_store.schema_version
    calls = []

    def stale_first_read(conn):
        calls.append(conn)
        return 0 if len(calls) == 1 else real(conn)

    monkeypatch.setattr(sqlite_store, "schema_version", stale_first_read)
    migrate(b, MIGRATIONS, name="catalog", backup_dir=None)
    assert len(calls) > 1 and real(b) == len(MIGRATIONS)


def test_stores_opened_by_many_threads_at_once_on_a_new_folder(tmp_path):
    # The window starts several background tasks on first run; each opens the stores.
    import threading

    from recommender.history import HistoryStore

    for round_ in range(20):
        folder = tmp_path / f"round-{round_}"
        barrier = threading.Barrier(6)
        errors: list[BaseException] = []

        def open_both(folder=folder, barrier=barrier, errors=errors) -> None:
            barrier.wait()
            try:
                Catalog(folder).close()
                HistoryStore(folder).close()
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=open_both) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []


class _LockedConnection:
    """Answers ``PRAGMA journal_mode=WAL`` with the given errors first, as SQLite does when
    several connections create one file together (it skips the busy handler there)."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = list(errors)
        self.calls = 0

    def execute(self, sql: str):
        assert sql == "PRAGMA journal_mode=WAL"
        self.calls += 1
        if self.errors:
            raise sqlite3.OperationalError(self.errors.pop(0))
        return None


def test_wal_switch_waits_for_another_connections_lock():
    from analysis.sqlite_store import _enable_wal

    conn = _LockedConnection(["database is locked"] * 3)
    _enable_wal(conn, timeout=5.0)  # type: ignore[arg-type]
    assert conn.calls == 4


def test_wal_switch_gives_up_after_the_timeout_and_passes_other_errors_through():
    from analysis.sqlite_store import _enable_wal

    always = _LockedConnection(["database is locked"] * 10_000)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        _enable_wal(always, timeout=0.05)  # type: ignore[arg-type]
    assert 1 < always.calls < 10_000

    other = _LockedConnection(["disk I/O error"])
    with pytest.raises(sqlite3.OperationalError, match="disk I/O"):
        _enable_wal(other, timeout=5.0)  # type: ignore[arg-type]
    assert other.calls == 1


def test_newer_schema_is_refused_with_a_message(data_dir):
    Catalog(data_dir).close()
    conn = sqlite3.connect(data_dir / "catalog.db")
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    with pytest.raises(DeepCutsError, match="newer than this Deep Cuts"):
        Catalog(data_dir)


def test_damaged_catalog_is_a_clear_error(data_dir):
    (data_dir / "catalog.db").write_bytes(b"this is not a database" * 100)
    with pytest.raises(DeepCutsError, match="catalog"):
        Catalog(data_dir)


def test_resolve_by_id_and_path(data_dir):
    cat = Catalog(data_dir)
    [tid] = cat.insert_tracks([{"path": "/m/x.mp3", "title": "X"}])
    assert cat.resolve(str(tid)).title == "X"
    assert cat.resolve("/m/x.mp3").id == tid
    with pytest.raises(NotFoundError):
        cat.resolve("999")
    with pytest.raises(NotFoundError):
        cat.resolve("/nowhere.mp3")


def test_identity_keys():
    assert (
        identity_key(
            mb_recording_id="58900088-3E21-41D5-A2F6-44F3C34E056B",
            artist="x",
            title="y",
            album=None,
            duration=1,
        )
        == "mbid:58900088-3e21-41d5-a2f6-44f3c34e056b"
    )
    a = identity_key(
        mb_recording_id=None, artist="Beyoncé", title="Halo!", album="I Am", duration=261.4
    )
    b = identity_key(
        mb_recording_id="not-a-uuid", artist="BEYONCE", title="halo", album="i am", duration=260.6
    )
    assert a == b == "meta:beyonce|halo|i am|261"
    assert fold("Simon & Garfunkel") == "simon and garfunkel"


def test_data_dir_precedence(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "from-env"))
    assert resolve_data_dir() == tmp_path / "from-env"
    assert resolve_data_dir(tmp_path / "explicit") == tmp_path / "explicit"
    monkeypatch.delenv(ENV_VAR)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert resolve_data_dir() == tmp_path / "xdg" / "deepcuts"
    (tmp_path / "file").write_text("x")
    with pytest.raises(DeepCutsError):
        resolve_data_dir(tmp_path / "file")


def test_track_columns_read_the_same_rows_as_tracks(data_dir):
    cat = Catalog(data_dir)
    ids = cat.insert_tracks(
        [
            {"path": "/m/a.flac", "title": "A", "genres": ["Rock", "Pop"], "duration": 200.0},
            {"path": "/m/b.flac", "title": "B", "genres": [], "artist": "Ünïcode"},
            {"path": "/m/c.flac", "title": "Gone", "missing": 1},
            {"path": "/m/d.flac", "title": "Broken", "error": "unreadable"},
        ]
    )
    names = ("id", "title", "genres", "artist", "duration")
    for missing in (False, True, None):
        expected = [
            (t.id, t.title, t.genres, t.artist, t.duration) for t in cat.tracks(missing=missing)
        ]
        assert cat.track_columns(names, missing=missing) == expected
    assert [r[0] for r in cat.track_columns(["id"])] == ids[:2]  # no missing, no unreadable
    assert cat.track_columns(["genres"])[0] == (["Rock", "Pop"],)
    with pytest.raises(ValueError, match="not columns"):
        cat.track_columns(["id", "title; DROP TABLE tracks"])
