"""The scanner: incremental, moves, missing and restored files, robustness, kills."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

import pytest

from analysis.catalog import Catalog
from analysis.scanner import ScanProgress, scan
from tests.media import tag_file, write_audio

REPO = Path(__file__).resolve().parents[2]

# The real CLI, with reading slowed to ~4 ms a file, so that a kill or a Ctrl-C lands mid-scan on
# any machine (on a fast idle one the whole scan would otherwise finish first). Forked workers
# inherit the patch.
SLOW_CLI = [
    sys.executable,
    "-c",
    "import signal, sys, time\n"
    # As from a terminal: Ctrl-C raises KeyboardInterrupt. (The test process may have SIGINT
    # ignored at the C level by a library loaded by earlier tests, and exec keeps "ignored".)
    "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
    "import analysis.scanner as s\n"
    "real = s.read_audio_file\n"
    "def slow(path, size=None, **options):\n"
    "    time.sleep(0.004)\n"
    "    return real(path, size, **options)\n"
    "s.read_audio_file = slow\n"
    "from desktop_app.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n",
]


def make_library(root: Path, n: int = 6) -> list[Path]:
    paths = []
    for i in range(n):
        ext = [".flac", ".mp3", ".ogg", ".m4a", ".opus", ".wav"][i % 6]
        path = root / f"Artist {i % 3}" / f"Album {i % 2}" / f"{i:02d} Track{ext}"
        write_audio(path, seconds=0.3, freq=220 + 40 * i)
        tag_file(
            path,
            title=f"Song {i}",
            artist=f"Artist {i % 3}",
            album=f"Album {i % 2}",
            track=f"{i + 1}/{n}",
        )
        paths.append(path)
    (root / "cover.jpg").write_bytes(b"\xff\xd8 not really")
    (root / "notes.txt").write_text("liner notes")
    (root / "album.cue").write_text("FILE x.wav WAVE")
    return paths


def linked_library(music: Path, *, copies: int) -> tuple[Path, int]:
    """Six real files plus ``copies`` folders of hard links to them (a large library, cheaply)."""
    src = make_library(music / "src", 6)
    for n in range(copies):
        for p in src:
            link = music / f"c{n:03d}" / p.name
            link.parent.mkdir(parents=True, exist_ok=True)
            os.link(p, link)
    return music, 6 * (copies + 1)


@pytest.fixture
def catalog(data_dir):
    cat = Catalog(data_dir)
    yield cat
    cat.close()


def ids_by_title(cat: Catalog) -> dict[str, int]:
    return {t.title: t.id for t in cat.tracks(missing=None)}


def test_first_scan_then_rescan_is_idempotent(tmp_path, catalog):
    music = tmp_path / "music"
    make_library(music)
    first = scan(catalog, [music], workers=1)
    assert (first.added, first.updated, first.unchanged, first.errors) == (6, 0, 0, [])
    titles = {t.title for t in catalog.tracks()}
    assert titles == {f"Song {i}" for i in range(6)}
    before = [t.to_json() for t in catalog.tracks()]
    second = scan(catalog, workers=1)
    assert (second.added, second.updated, second.unchanged, second.missing) == (0, 0, 6, 0)
    assert [t.to_json() for t in catalog.tracks()] == before


def test_unchanged_files_are_not_opened(tmp_path, catalog, monkeypatch):
    music = tmp_path / "music"
    make_library(music)
    scan(catalog, [music], workers=1)
    opened = []
    import analysis.scanner as scanner_mod

    real = scanner_mod.read_chunk
    monkeypatch.setattr(
        scanner_mod, "read_chunk", lambda items: opened.extend(items) or real(items)
    )
    scan(catalog, workers=1)
    assert opened == []


def test_changed_file_is_reread(tmp_path, catalog):
    music = tmp_path / "music"
    paths = make_library(music)
    scan(catalog, [music], workers=1)
    tid = ids_by_title(catalog)["Song 0"]
    tag_file(paths[0], title="Song 0 (new title)")
    os.utime(paths[0], ns=(time.time_ns(), time.time_ns() + 10_000_000))
    result = scan(catalog, workers=1)
    assert result.updated == 1
    assert catalog.track(tid).title == "Song 0 (new title)"


def test_move_and_rename_keep_the_id(tmp_path, catalog):
    music = tmp_path / "music"
    paths = make_library(music)
    scan(catalog, [music], workers=1)
    ids = ids_by_title(catalog)
    (music / "Elsewhere").mkdir()
    paths[1].rename(music / "Elsewhere" / "renamed.mp3")
    paths[2].rename(music / "Artist 2" / "Album 0" / "other name.ogg")
    result = scan(catalog, workers=1)
    assert (result.moved, result.added, result.missing) == (2, 0, 0)
    assert catalog.track(ids["Song 1"]).path.endswith("Elsewhere/renamed.mp3")
    assert catalog.track(ids["Song 2"]).path.endswith("other name.ogg")
    assert ids_by_title(catalog) == ids


def test_missing_then_restored(tmp_path, catalog):
    music = tmp_path / "music"
    paths = make_library(music)
    scan(catalog, [music], workers=1)
    tid = ids_by_title(catalog)["Song 3"]
    stash = tmp_path / "stash.m4a"
    shutil.move(paths[3], stash)
    result = scan(catalog, workers=1)
    assert result.missing == 1
    track = catalog.track(tid)
    assert track.missing and track.missing_since
    assert [t.id for t in catalog.tracks(missing=True)] == [tid]
    shutil.move(stash, paths[3])
    result = scan(catalog, workers=1)
    assert result.restored == 1 and result.missing == 0
    assert not catalog.track(tid).missing


def test_missing_file_coming_back_elsewhere_is_a_move(tmp_path, catalog):
    music = tmp_path / "music"
    paths = make_library(music)
    scan(catalog, [music], workers=1)
    tid = ids_by_title(catalog)["Song 4"]
    stash = tmp_path / "stash.opus"
    shutil.move(paths[4], stash)
    scan(catalog, workers=1)
    shutil.move(stash, music / "back.opus")
    result = scan(catalog, workers=1)
    assert result.moved == 1
    assert catalog.track(tid).path.endswith("back.opus") and not catalog.track(tid).missing


def test_unmounted_root_marks_missing_never_deletes(tmp_path, catalog):
    music = tmp_path / "music"
    make_library(music)
    scan(catalog, [music], workers=1)
    music.rename(tmp_path / "unplugged")
    result = scan(catalog, workers=1)
    assert result.missing == 6
    assert any("not found" in e["reason"] for e in result.errors)
    assert catalog.count(missing=True) == 6 and catalog.count(missing=False) == 0
    (tmp_path / "unplugged").rename(music)
    result = scan(catalog, workers=1)
    assert result.restored == 6 and catalog.count(missing=True) == 0


def test_remove_root_forgets_its_tracks(tmp_path, catalog):
    a, b = tmp_path / "a", tmp_path / "b"
    make_library(a, 3)
    make_library(b, 2)
    scan(catalog, [a, b], workers=1)
    assert catalog.count() == 5
    assert catalog.remove_root(a) == 3
    assert catalog.count() == 2 and [r.path for r in catalog.roots()] == [str(b)]


def test_bad_files_are_error_rows_and_others_ignored(tmp_path, catalog):
    music = tmp_path / "music"
    make_library(music, 2)
    (music / "zero.mp3").write_bytes(b"")
    (music / "junk.ogg").write_bytes(b"garbage" * 50)
    good = music / "good.flac"
    write_audio(good, seconds=1.0)
    (music / "truncated.flac").write_bytes(good.read_bytes()[:40])
    result = scan(catalog, [music], workers=1)
    reasons = {Path(e["path"]).name: e["reason"] for e in result.errors}
    assert set(reasons) == {"zero.mp3", "junk.ogg", "truncated.flac"}
    assert "empty" in reasons["zero.mp3"]
    assert result.added == 3 + 3  # error rows are kept so the file is not reopened until it changes
    assert catalog.count() == 3
    assert {Path(e["path"]).name for e in catalog.errors()} == set(reasons)
    # an unchanged bad file is reported again without being reopened
    again = scan(catalog, workers=1)
    assert {Path(e["path"]).name for e in again.errors} == set(reasons)


def test_symlink_loop_and_each_real_directory_once(tmp_path, catalog):
    music = tmp_path / "music"
    make_library(music, 3)
    os.symlink(music, music / "Artist 0" / "loop")
    os.symlink(music / "Artist 1", music / "alias-of-artist-1")
    result = scan(catalog, [music], workers=1)
    assert result.added == 3 and result.errors == []


def test_undecodable_file_name(tmp_path, catalog):
    music = tmp_path / "music"
    music.mkdir()
    raw = os.fsencode(music) + b"/caf\xe9-latin1.flac"
    write_audio(raw)
    tag_file(raw, title="Latin-1 name")
    result = scan(catalog, [music], workers=1)
    assert result.added == 1 and result.errors == []
    track = next(catalog.tracks())
    assert track.path_raw == raw and track.title == "Latin-1 name"
    assert "\ufffd" in track.path
    assert scan(catalog, workers=1).unchanged == 1


def test_very_long_path(tmp_path, catalog):
    music = tmp_path / "music"
    deep = music
    for i in range(12):
        deep = deep / (f"{i:02d}-" + "x" * 200)
    write_audio(deep / ("y" * 200 + ".flac"))
    assert len(os.fsencode(deep)) > 2400
    result = scan(catalog, [music], workers=1)
    assert result.added == 1 and result.errors == []


def test_file_vanishing_during_scan(tmp_path, catalog, monkeypatch):
    music = tmp_path / "music"
    paths = make_library(music)
    import analysis.scanner as scanner_mod

    real = scanner_mod.read_chunk

    def vanish_then_read(items, *options):
        paths[0].unlink(missing_ok=True)
        return real(items, *options)

    monkeypatch.setattr(scanner_mod, "read_chunk", vanish_then_read)
    result = scan(catalog, [music], workers=1)
    assert result.added == 5 and result.errors == []


def test_permission_denied(tmp_path):
    # Under /tmp directly: pytest's own tmp folders are private to root, and when the tests run as
    # root the scan has to run as an unprivileged user to meet a permission error at all.
    base = Path(tempfile.mkdtemp(prefix="deepcuts-perm-"))
    try:
        _permission_denied(base)
    finally:
        for p in base.rglob("*"):
            os.chmod(p, 0o755)
        shutil.rmtree(base)


def _permission_denied(base: Path) -> None:
    os.chmod(base, 0o755)
    music = base / "music"
    data = base / "data"
    make_library(music, 2)
    secret = music / "secret.flac"
    write_audio(secret)
    locked_dir = music / "locked"
    write_audio(locked_dir / "inside.flac")
    Catalog(data).close()
    for p in (music, *music.rglob("*"), data, *data.iterdir()):
        os.chmod(p, 0o777 if p.is_dir() else 0o666)
    os.chmod(secret, 0)
    os.chmod(locked_dir, 0)
    if os.geteuid() == 0:
        code = textwrap.dedent(f"""
            import os, json, sys
            sys.path.insert(0, {str(REPO)!r})
            from analysis.catalog import Catalog
            from analysis.scanner import scan
            import analysis.tags, mutagen.flac, mutagen.mp3, mutagen.oggvorbis, mutagen.mp4
            os.setgid(65534); os.setuid(65534)  # imports first: the interpreter is root's
            r = scan(Catalog({str(data)!r}), [{str(music)!r}], workers=1)
            print(json.dumps(r.to_json()))
        """)
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
        )
        assert out.returncode == 0, out.stderr
        result = json.loads(out.stdout)
    else:
        result = scan(Catalog(data), [music], workers=1).to_json()
    reasons = {Path(e["path"]).name: e["reason"] for e in result["errors"]}
    assert reasons == {"secret.flac": "permission denied", "locked": "permission denied (folder)"}
    assert result["added"] == 3  # two good files and the error row


def test_progress_callback_and_cancel(tmp_path, catalog):
    music = tmp_path / "music"
    make_library(music, 6)
    seen: list[ScanProgress] = []
    scan(catalog, [music], workers=1, progress=seen.append)
    assert seen[-1].phase == "done" and seen[-1].files_seen == 6
    assert any(p.phase == "reading" and p.to_read == 6 for p in seen)
    cancel = threading.Event()
    cancel.set()
    other = tmp_path / "other"
    make_library(other, 2)
    result = scan(catalog, [other], workers=1, cancel=cancel)
    assert result.cancelled and result.missing == 0


def test_parallel_scan_equals_inline_scan(tmp_path, data_dir):
    music = tmp_path / "music"
    src = make_library(music / "src", 6)
    for n in range(80):  # enough files for the process pool (hard links are cheap)
        for p in src:
            link = music / f"copy{n:03d}" / p.name
            link.parent.mkdir(parents=True, exist_ok=True)
            os.link(p, link)
    a = Catalog(data_dir / "a")
    b = Catalog(data_dir / "b")
    ra = scan(a, [music], workers=1)
    rb = scan(b, [music], workers=2)
    assert ra.added == rb.added == 486

    def strip(t):
        return {k: v for k, v in t.to_json().items() if k not in ("id", "added_at", "updated_at")}

    assert sorted(map(str, map(strip, a.tracks()))) == sorted(map(str, map(strip, b.tracks())))


@pytest.mark.slow
def test_kill_during_scan_then_rescan_finishes(tmp_path, data_dir):
    music, total = linked_library(tmp_path / "music", copies=200)
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.Popen(
        [*SLOW_CLI, "--data-dir", str(data_dir), "scan", str(music), "--workers", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    db = data_dir / "catalog.db"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # wait until some batches are committed, then kill
        time.sleep(0.05)
        try:
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as c:
                n = c.execute("SELECT COUNT(*) FROM tracks").fetchone()[0]
            if n >= 200:
                break
        except sqlite3.Error:
            continue
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    # the workers notice that their parent is gone and leave
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _scan_processes(str(data_dir)):
        time.sleep(0.2)
    assert _scan_processes(str(data_dir)) == []
    with sqlite3.connect(db) as c:
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        partial = c.execute("SELECT COUNT(*) FROM tracks").fetchone()[0]
    assert 0 < partial < total
    cat = Catalog(data_dir)
    result = scan(cat, workers=2)
    assert result.added == total - partial and result.unchanged == partial
    assert cat.count() == total and cat.count(missing=True) == 0
    assert cat.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _scan_processes(data_dir: str) -> list[int]:
    """Live processes (the CLI or its forked workers) scanning into ``data_dir``."""
    import psutil

    found = []
    for proc in psutil.process_iter(["pid", "cmdline"]):
        cmd = proc.info["cmdline"] or []
        if "--data-dir" in cmd and data_dir in cmd:
            try:
                if proc.status() != psutil.STATUS_ZOMBIE:
                    found.append(proc.info["pid"])
            except psutil.Error:
                continue
    return found


def test_corpora_every_file_catalogued_or_reported(shared_data, data_dir):
    corpora = shared_data / "corpora"
    cat = Catalog(data_dir)
    result = scan(cat, [corpora], workers=2)
    from analysis.tags import is_audio_name

    audio_files = {
        os.path.join(d, f) for d, _, fs in os.walk(corpora) for f in fs if is_audio_name(f)
    }
    catalogued = {t.path for t in cat.tracks()}
    reported = {e["path"] for e in result.errors}
    assert audio_files == catalogued | reported
    assert not catalogued & reported
    assert all(e["reason"] and "\n" not in e["reason"] for e in result.errors)
    assert len(catalogued) > 100


def test_ctrl_c_during_cli_scan_is_clean_and_resumable(tmp_path, data_dir):
    music, total = linked_library(tmp_path / "music", copies=200)
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.Popen(
        # inline reading: the slowed reader then runs in this very process whatever the pool's
        # start method (the kill test above covers the worker pool)
        [*SLOW_CLI, "--data-dir", str(data_dir), "scan", str(music), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    db = data_dir / "catalog.db"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        time.sleep(0.05)
        try:
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as c:
                if c.execute("SELECT COUNT(*) FROM tracks").fetchone()[0] >= 200:
                    break
        except sqlite3.Error:
            continue
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the whole process group
    out, err = proc.communicate(timeout=60)
    # Ctrl-C while a file is being read once became that file's error row ("cannot read tags:
    # KeyboardInterrupt") and the scan went on to the end.
    assert "KeyboardInterrupt" not in out
    assert proc.returncode == 130, (out, err)
    assert "Traceback" not in err and "interrupted" in err
    cat = Catalog(data_dir)
    assert cat.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    partial = cat.count()
    result = scan(cat, workers=2)
    assert result.unchanged == partial and result.added == total - partial
