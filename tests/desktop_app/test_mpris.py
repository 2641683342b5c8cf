"""MPRIS 2 against the real running app: a session bus of its own (dbus-run-session), the app
started offscreen in a subprocess on a small library, and ``gdbus`` calls as a desktop would."""

from __future__ import annotations

import json
import os
import re
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
gdbus monitor --session --dest org.mpris.MediaPlayer2.deepcuts >"$MONITOR" 2>&1 &
MON=$!
sleep 0.3
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
echo "@@rate"; get org.mpris.MediaPlayer2.Player Rate
echo "@@position"; get org.mpris.MediaPlayer2.Player Position
echo "@@seek"; gdbus call --session --dest org.mpris.MediaPlayer2.deepcuts \
    --object-path /org/mpris/MediaPlayer2 --method org.mpris.MediaPlayer2.Player.Seek 2000000
sleep 0.5
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
kill $MON 2>/dev/null
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
        MONITOR=str(tmp_path / "monitor.log"),
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
    monitor = (tmp_path / "monitor.log").read_text(errors="replace")
    detail = (
        f"{result.stdout}\n{result.stderr}\napp log:\n{log}\nsignals:\n{monitor}\n"
        f"({time.monotonic() - started:.1f} s)"
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
    # the types of the MPRIS specification: gdbus writes an int64 as "int64 N", a plain
    # "N" is an int32; a double always has a decimal point
    assert "'mpris:length': <int64 20" in meta, detail  # 20 s in microseconds, as x
    assert re.search(r"^\(<int64 \d+>,\)$", s["position"].strip()), detail
    assert re.search(r"^\(<\d+\.\d+>,\)$", s["volume"].strip()), detail
    assert s["rate"].strip() == "(<1.0>,)", detail
    # announcements carry the same types: the Metadata of PropertiesChanged, and one Seeked
    # (x) per seek
    changed = [line for line in monitor.splitlines() if "PropertiesChanged" in line]
    assert any("'mpris:length': <int64 " in line for line in changed), detail
    assert not any(re.search(r"'mpris:length': <\d", line) for line in changed), detail
    seeked = [line for line in monitor.splitlines() if ".Seeked" in line]
    assert len(seeked) == 1 and "(int64 " in seeked[0], detail
    assert "true" in s["cangonext"], detail
    assert "'Glass Harbour'" in s["metadata2"], detail
    assert "'Paused'" in s["paused"], detail
    for member in ("PlayPause", "Seek", "SetPosition", "Previous", "Stop", "Volume", "Raise"):
        assert member in s["introspect"], member
    assert "@@end" in result.stdout
    if os.environ.get("MPRIS_DEBUG"):
        print(detail)
