"""MPRIS 2 against the real running app: a session bus of its own (dbus-run-session), the app
started offscreen in a subprocess on a small library, and ``gdbus`` calls as a desktop would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import require_tool
from tests.desktop_app.conftest import LIBRARY, write_tagged_flac

REPO = Path(__file__).resolve().parents[2]
DEST = "org.mpris.MediaPlayer2.deepcuts"
PATH = "/org/mpris/MediaPlayer2"

# Runs inside dbus-run-session: starts the app, waits for its bus name, then runs the gdbus
# calls the test asks for and prints each answer between markers.
SESSION_SCRIPT = r"""
set -u
"$PYTHON" -m desktop_app.app --data-dir "$DATA" --no-background >"$LOG" 2>&1 &
APP=$!
for i in $(seq 1 600); do
    gdbus call --session --dest org.freedesktop.DBus --object-path /org/freedesktop/DBus \
        --method org.freedesktop.DBus.NameHasOwner org.mpris.MediaPlayer2.deepcuts 2>/dev/null \
        | grep -q true && break
    sleep 0.1
done
get() { gdbus call --session --dest org.mpris.MediaPlayer2.deepcuts \
    --object-path /org/mpris/MediaPlayer2 --method org.freedesktop.DBus.Properties.Get "$1" "$2"; }
echo "@@identity"; get org.mpris.MediaPlayer2 Identity
echo "@@desktop"; get org.mpris.MediaPlayer2 DesktopEntry
echo "@@before"; get org.mpris.MediaPlayer2.Player PlaybackStatus
echo "@@play"; gdbus call --session --dest org.mpris.MediaPlayer2.deepcuts \
    --object-path /org/mpris/MediaPlayer2 --method org.mpris.MediaPlayer2.Player.Play
for i in $(seq 1 100); do
    get org.mpris.MediaPlayer2.Player PlaybackStatus | grep -q Playing && break
    sleep 0.1
done
echo "@@status"; get org.mpris.MediaPlayer2.Player PlaybackStatus
echo "@@metadata"; get org.mpris.MediaPlayer2.Player Metadata
echo "@@cangonext"; get org.mpris.MediaPlayer2.Player CanGoNext
echo "@@volume"; get org.mpris.MediaPlayer2.Player Volume
echo "@@next"; gdbus call --session --dest org.mpris.MediaPlayer2.deepcuts \
    --object-path /org/mpris/MediaPlayer2 --method org.mpris.MediaPlayer2.Player.Next
sleep 0.5
echo "@@metadata2"; get org.mpris.MediaPlayer2.Player Metadata
echo "@@pause"; gdbus call --session --dest org.mpris.MediaPlayer2.deepcuts \
    --object-path /org/mpris/MediaPlayer2 --method org.mpris.MediaPlayer2.Player.Pause
sleep 0.3
echo "@@paused"; get org.mpris.MediaPlayer2.Player PlaybackStatus
echo "@@introspect"; gdbus introspect --session --dest org.mpris.MediaPlayer2.deepcuts \
    --object-path /org/mpris/MediaPlayer2
echo "@@quit"; gdbus call --session --dest org.mpris.MediaPlayer2.deepcuts \
    --object-path /org/mpris/MediaPlayer2 --method org.mpris.MediaPlayer2.Quit
for i in $(seq 1 100); do kill -0 $APP 2>/dev/null || break; sleep 0.1; done
kill $APP 2>/dev/null
echo "@@end"
"""


def _sections(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    key = None
    for line in text.splitlines():
        if line.startswith("@@"):
            key = line[2:].strip()
            out[key] = ""
        elif key is not None:
            out[key] += line + "\n"
    return out


@pytest.fixture
def small_library(tmp_path, qapp):
    from analysis.catalog import Catalog
    from analysis.scanner import scan

    music = tmp_path / "Music"
    for n, (artist, album, title, _seconds, freq) in enumerate(LIBRARY[:3], start=1):
        write_tagged_flac(
            music / f"{n:02d} {title}.flac",
            artist=artist,
            album=album,
            title=title,
            seconds=20.0,  # long enough to still be playing when asked
            freq=freq,
            track_number=n,
        )
    data = tmp_path / "data"
    with Catalog(data) as catalog:
        scan(catalog, [music], workers=1)
        ids = [t.id for t in sorted(catalog.tracks(), key=lambda t: t.path)]
    # the queue of the last session, which the window restores (paused) at start
    (data / "gui-settings.json").write_text(json.dumps({"queue": ids, "queue_index": 0}))
    return data


def test_mpris_identity_play_and_metadata_over_dbus(small_library, tmp_path):
    require_tool("dbus-run-session", "dbus")
    require_tool("gdbus", "libglib2.0-bin")
    env = dict(
        os.environ,
        PYTHON=sys.executable,
        DATA=str(small_library),
        LOG=str(tmp_path / "app.log"),
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=str(REPO),
    )
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    env.pop("DISPLAY", None)
    started = time.monotonic()
    result = subprocess.run(
        ["dbus-run-session", "--", "bash", "-c", SESSION_SCRIPT],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    log = (tmp_path / "app.log").read_text(errors="replace")
    detail = (
        f"{result.stdout}\n{result.stderr}\napp log:\n{log}\n({time.monotonic() - started:.1f} s)"
    )
    s = _sections(result.stdout)
    assert "'Deep Cuts'" in s.get("identity", ""), detail
    assert "'deepcuts'" in s.get("desktop", ""), detail
    assert "'Stopped'" in s["before"], detail
    assert "'Playing'" in s["status"], detail
    meta = s["metadata"]
    assert "'xesam:title': <'Neon River'>" in meta, detail
    assert "'xesam:artist': <['Aurora Lane']>" in meta, detail
    assert "'xesam:album': <'Night Drive'>" in meta, detail
    assert "'mpris:trackid': <objectpath '/org/deepcuts/track/" in meta, detail
    assert "'mpris:length': <" in meta, detail
    assert "true" in s["cangonext"], detail
    assert "'Glass Harbour'" in s["metadata2"], detail
    assert "'Paused'" in s["paused"], detail
    for member in ("PlayPause", "Seek", "SetPosition", "Previous", "Stop", "Volume", "Raise"):
        assert member in s["introspect"], member
    assert "@@end" in result.stdout
    if os.environ.get("MPRIS_DEBUG"):
        print(detail)
