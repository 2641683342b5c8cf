"""The one atomic-write helper: the destination is the old file or the whole new one."""

from __future__ import annotations

import os
import stat

import pytest

from analysis.atomic import atomic_open, write_atomic


def _leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def _mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def test_writes_the_whole_file_and_leaves_no_temporary(tmp_path):
    dest = tmp_path / "list.m3u8"
    write_atomic(dest, "#EXTM3U\nä.flac\n")
    assert dest.read_bytes() == "#EXTM3U\nä.flac\n".encode()
    write_atomic(dest, b"second")
    assert dest.read_bytes() == b"second"
    assert _leftovers(tmp_path) == []


def test_a_failure_while_writing_keeps_the_old_file(tmp_path):
    dest = tmp_path / "history.jsonl"
    dest.write_text("old\n", encoding="utf-8")
    with pytest.raises(RuntimeError, match="boom"), atomic_open(dest, "w", encoding="utf-8") as fh:
        fh.write("half of the new\n")
        raise RuntimeError("boom")
    assert dest.read_text(encoding="utf-8") == "old\n"
    assert _leftovers(tmp_path) == []


def test_an_interruption_keeps_the_old_file(tmp_path):
    dest = tmp_path / "settings.json"
    dest.write_bytes(b"{}")
    with pytest.raises(KeyboardInterrupt), atomic_open(dest) as fh:
        fh.write(b'{"half":')
        raise KeyboardInterrupt
    assert dest.read_bytes() == b"{}"
    assert _leftovers(tmp_path) == []


def test_the_rename_failing_removes_the_temporary(tmp_path):
    dest = tmp_path / "taken"
    dest.mkdir()
    (dest / "inside").write_text("x")  # a non-empty folder cannot be replaced by a file
    with pytest.raises(OSError):
        write_atomic(dest, b"data")
    assert dest.is_dir() and _leftovers(tmp_path) == []


def test_a_missing_folder_is_an_oserror(tmp_path):
    with pytest.raises(FileNotFoundError):
        write_atomic(tmp_path / "no" / "such" / "file", b"data")


def test_text_mode_honours_newline(tmp_path):
    dest = tmp_path / "export.jsonl"
    with atomic_open(dest, "w", encoding="utf-8", newline="\n") as fh:
        fh.write("a\nb\n")
    assert dest.read_bytes() == b"a\nb\n"


def test_only_whole_file_modes(tmp_path):
    with pytest.raises(ValueError, match="whole files"), atomic_open(tmp_path / "f", "ab"):
        pass


def test_permissions_new_file_follows_the_umask(tmp_path):
    old = os.umask(0o027)
    try:
        write_atomic(tmp_path / "new", b"x")
    finally:
        os.umask(old)
    assert _mode(tmp_path / "new") == 0o640


def test_permissions_existing_file_keeps_its_mode(tmp_path):
    dest = tmp_path / "kept"
    dest.write_bytes(b"old")
    dest.chmod(0o604)
    write_atomic(dest, b"new")
    assert _mode(dest) == 0o604


def test_permissions_asked_for_win(tmp_path):
    dest = tmp_path / "private"
    dest.write_bytes(b"old")
    dest.chmod(0o644)
    write_atomic(dest, b"new", permissions=0o600)
    assert _mode(dest) == 0o600
