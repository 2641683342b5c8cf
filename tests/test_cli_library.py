"""The command-line contract of issue 2: commands, JSON fields, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.media import tag_file, write_audio

REPO = Path(__file__).resolve().parents[1]


def cli(*args: str, data_dir: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = dict(os.environ, PYTHONPATH=str(REPO), **(env or {}))
    return subprocess.run(
        [sys.executable, "-m", "desktop_app.cli", "--data-dir", str(data_dir), *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
    )


@pytest.fixture
def music(tmp_path):
    root = tmp_path / "music"
    for i, ext in enumerate([".flac", ".mp3", ".ogg"]):
        p = root / f"{i} song{ext}"
        write_audio(p)
        tag_file(
            p,
            title=f"Song {i}",
            artist="Artist",
            album="Album",
            track=str(i + 1),
            disc="1",
            date="1999",
            genre="Jazz",
            album_artist="AA",
        )
    (root / "broken.mp3").write_bytes(b"")
    return root


def test_scan_tracks_stats_roots_json(music, data_dir):
    out = cli("scan", str(music), "--json", data_dir=data_dir)
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert set(doc) >= {
        "roots",
        "added",
        "updated",
        "unchanged",
        "moved",
        "missing",
        "errors",
        "seconds",
    }
    assert doc["roots"] == [str(music)] and doc["added"] == 4
    assert doc["errors"] == [{"path": str(music / "broken.mp3"), "reason": "empty file (0 bytes)"}]

    out = cli("tracks", "--json", data_dir=data_dir)
    tracks = json.loads(out.stdout)
    assert len(tracks) == 3
    required = {
        "id",
        "path",
        "title",
        "artist",
        "album",
        "album_artist",
        "genre",
        "year",
        "track_number",
        "disc_number",
        "duration",
        "format",
        "missing",
    }
    for t in tracks:
        assert required <= set(t)
    first = min(tracks, key=lambda t: t["title"])
    assert (
        first["title"],
        first["artist"],
        first["album_artist"],
        first["genre"],
        first["year"],
        first["track_number"],
        first["disc_number"],
        first["format"],
        first["missing"],
    ) == ("Song 0", "Artist", "AA", "Jazz", 1999, 1, 1, "flac", False)

    out = cli("stats", "--json", data_dir=data_dir)
    stats = json.loads(out.stdout)
    assert stats["formats"] == {"flac": 1, "mp3": 1, "ogg-vorbis": 1}
    assert stats["errors"] == 1 and stats["total_duration"] > 1.0

    (music / "0 song.flac").unlink()
    doc = json.loads(cli("scan", "--json", data_dir=data_dir).stdout)
    assert doc["missing"] == 1 and doc["unchanged"] == 3
    missing = json.loads(cli("tracks", "--missing", "--json", data_dir=data_dir).stdout)
    assert [t["title"] for t in missing] == ["Song 0"] and missing[0]["missing"] is True

    roots = json.loads(cli("roots", "--json", data_dir=data_dir).stdout)
    assert [r["path"] for r in roots] == [str(music)]
    out = cli("roots", "remove", str(music), "--json", data_dir=data_dir)
    assert out.returncode == 0 and json.loads(out.stdout)["tracks_removed"] == 4
    assert json.loads(cli("tracks", "--json", data_dir=data_dir).stdout) == []


def test_data_dir_from_environment(music, tmp_path):
    env_dir = tmp_path / "envdata"
    full_env = dict(os.environ, PYTHONPATH=str(REPO), DEEPCUTS_DATA_DIR=str(env_dir))
    out = subprocess.run(
        [sys.executable, "-m", "desktop_app.cli", "scan", str(music), "--json"],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert (env_dir / "catalog.db").exists()


def test_explained_failures_exit_1_with_one_line(tmp_path, data_dir):
    out = cli("scan", str(tmp_path / "does-not-exist"), data_dir=data_dir)
    assert out.returncode == 1
    assert out.stderr.count("\n") == 1 and "not a folder" in out.stderr
    assert "Traceback" not in out.stderr
    out = cli("scan", data_dir=data_dir)
    assert out.returncode == 1 and "no library roots" in out.stderr
    out = cli("roots", "remove", str(tmp_path), data_dir=data_dir)
    assert out.returncode == 1 and "not a library root" in out.stderr


def test_bad_usage_exits_2(data_dir):
    assert cli("no-such-command", data_dir=data_dir).returncode == 2
    assert cli("scan", "--bogus-flag", data_dir=data_dir).returncode == 2


def test_json_flag_accepted_before_command_too(music, data_dir):
    full_env = dict(os.environ, PYTHONPATH=str(REPO))
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "desktop_app.cli",
            "--json",
            "--data-dir",
            str(data_dir),
            "scan",
            str(music),
        ],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
    )
    assert json.loads(out.stdout)["added"] == 4
