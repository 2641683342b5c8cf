"""The real program: a desktop entry that validates, its installer, the app under Xvfb."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import require_tool

REPO = Path(__file__).resolve().parents[2]


def test_desktop_file_validates():
    require_tool("desktop-file-validate", "desktop-file-utils")
    result = subprocess.run(
        ["desktop-file-validate", str(REPO / "resources" / "deepcuts.desktop")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == ""  # no warnings either


def test_install_desktop_entry_writes_both_files(tmp_path):
    from desktop_app.cli import main

    env_before = os.environ.get("XDG_DATA_HOME")
    os.environ["XDG_DATA_HOME"] = str(tmp_path / "share")
    try:
        fake = tmp_path / "bin" / "deep cuts"
        fake.parent.mkdir()
        fake.write_text("#!/bin/sh\n")
        fake.chmod(0o755)
        assert main(["install-desktop-entry", "--exec", str(fake), "--json"]) == 0
    finally:
        if env_before is None:
            os.environ.pop("XDG_DATA_HOME", None)
        else:
            os.environ["XDG_DATA_HOME"] = env_before
    desktop = tmp_path / "share" / "applications" / "deepcuts.desktop"
    icon = tmp_path / "share" / "icons" / "hicolor" / "scalable" / "apps" / "deepcuts.svg"
    text = desktop.read_text(encoding="utf-8")
    assert f'Exec="{fake}"' in text  # a path with a space is quoted
    assert f"TryExec={fake}\n" in text
    assert icon.read_bytes() == (REPO / "resources" / "deepcuts.svg").read_bytes()
    if shutil.which("desktop-file-validate"):
        result = subprocess.run(
            ["desktop-file-validate", str(desktop)], capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout


def test_the_default_exec_is_the_installed_deepcuts_script():
    from desktop_app.commands.desktop import find_gui_script

    script = find_gui_script()
    assert script.is_absolute() and script.name == "deepcuts"


def _start_xvfb(tmp_path: Path) -> tuple[subprocess.Popen, str]:
    for number in range(91, 140):
        if Path(f"/tmp/.X11-unix/X{number}").exists() or Path(f"/tmp/.X{number}-lock").exists():
            continue
        proc = subprocess.Popen(
            ["Xvfb", f":{number}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if Path(f"/tmp/.X11-unix/X{number}").exists():
                return proc, f":{number}"
            if proc.poll() is not None:
                break
            time.sleep(0.05)
        proc.kill()
    pytest.fail("could not start Xvfb")


@pytest.mark.xvfb
def test_real_app_under_xvfb_renders_text(tmp_path, qapp):
    require_tool("Xvfb", "xvfb")
    from PySide6.QtGui import QFontDatabase, QImage

    from tests.desktop_app.synthetic import build_catalog

    assert QFontDatabase.families(), "no font at all: every glyph would be a box"
    data_dir = build_catalog(tmp_path / "data", 2000)
    shot = tmp_path / "window.png"
    xvfb, display = _start_xvfb(tmp_path)
    try:
        env = dict(os.environ, DISPLAY=display)
        env.pop("QT_QPA_PLATFORM", None)  # the real xcb platform, not offscreen
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "desktop_app.app",
                "--data-dir",
                str(data_dir),
                "--screenshot",
                str(shot),
                "--page",
                "library",
                "--timeout",
                "120",  # a loaded CI machine can be slow to fill the table
            ],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=180,
        )
    finally:
        xvfb.terminate()
        xvfb.wait(10)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "(xcb," in result.stdout, result.stdout
    families = int(result.stdout.split(" font families")[0].rsplit(" ", 1)[-1])
    assert families > 0
    image = QImage(str(shot))
    assert image.width() >= 800 and image.height() >= 500

    def variance(x0: int, y0: int, w: int, h: int) -> float:
        values = [
            image.pixelColor(x, y).lightness() for x in range(x0, x0 + w) for y in range(y0, y0 + h)
        ]
        mean = sum(values) / len(values)
        return sum((v - mean) ** 2 for v in values) / len(values)

    # The brand "Deep Cuts" (top left) and the "Library" page title are drawn text: many light
    # and dark pixels. A missing font would leave blank areas or uniform boxes.
    assert variance(10, 10, 140, 40) > 200
    assert variance(180, 8, 110, 40) > 200
    # the table shows rows: text in the first data rows
    assert variance(180, 90, 400, 60) > 100
