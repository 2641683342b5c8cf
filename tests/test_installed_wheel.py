"""``pip install .`` gives a complete Deep Cuts: the wheel carries the icon, desktop entry and
style sheet as package data, and an installed copy that cannot see the checkout installs its
desktop entry and opens its window without a missing file.

The wheel is built from a copy of the sources and installed (not editable) into a fresh venv.
That venv reaches the heavy dependencies (torch, PySide6, ...) of the project's own venv through
a ``.pth`` line naming its site-packages directory: a path line only extends ``sys.path``, so the
editable install's finder in that directory is never run and the checkout stays invisible.
"""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO, require_tool

pytestmark = pytest.mark.slow

SOURCES = ("pyproject.toml", "setup.py", "README.md", "analysis", "recommender", "desktop_app")
RESOURCES = REPO / "resources"


def _resource_files() -> list[str]:
    return sorted(p.name for p in RESOURCES.iterdir() if p.is_file() and p.name != "__init__.py")


def _copy_sources(dest: Path) -> Path:
    dest.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in (*SOURCES, "resources"):
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=ignore)
        else:
            shutil.copy2(src, dest / name)
    return dest


def _run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=300, **kwargs)
    assert result.returncode == 0, f"{cmd}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("wheel")
    src = _copy_sources(tmp / "src")
    _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp / "dist"), str(src)],
        cwd=tmp,
    )  # fmt: skip
    (found,) = (tmp / "dist").glob("deepcuts-*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> dict[str, Path]:
    """A fresh venv holding the wheel (not editable) and a clean environment to run it in."""
    tmp = tmp_path_factory.mktemp("installed")
    venv = tmp / "venv"
    base_python = getattr(sys, "_base_executable", sys.executable)
    _run([base_python, "-m", "venv", "--without-pip", str(venv)])
    python = venv / "bin" / "python"
    _run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
         "--no-index", "-q", str(wheel)],
        cwd=tmp,
    )  # fmt: skip
    purelib = _run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]
    ).stdout.strip()
    deps = {sysconfig.get_paths()["purelib"], *site.getsitepackages()}
    (Path(purelib) / "deepcuts-test-deps.pth").write_text(
        "".join(f"{d}\n" for d in sorted(deps) if Path(d).is_dir())
    )
    home = tmp / "home"
    home.mkdir()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTHON", "VIRTUAL_ENV", "XDG_", "DEEPCUTS_"))
    }
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(tmp / "share"),
        XDG_CONFIG_HOME=str(home / ".config"),
        QT_QPA_PLATFORM="offscreen",
        PATH=f"{venv / 'bin'}:{env.get('PATH', '/usr/bin:/bin')}",
    )
    return {"tmp": tmp, "venv": venv, "python": python, "env": env}  # type: ignore[dict-item]


def test_the_wheel_carries_the_resources_inside_the_app_package(wheel):
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        top_level = next(n for n in names if n.endswith(".dist-info/top_level.txt"))
        tops = set(zf.read(top_level).decode().split())
    for name in _resource_files():
        assert f"desktop_app/resources/{name}" in names, name
    # the compiled translations the window loads and their .ts sources (to rebuild or extend them)
    translations = sorted(p for p in (RESOURCES / "i18n").iterdir() if p.suffix in {".qm", ".ts"})
    assert len(translations) >= 4
    for file in translations:
        assert f"desktop_app/resources/i18n/{file.name}" in names, file.name
    assert not any(n.startswith("resources/") for n in names)
    assert tops == {"analysis", "desktop_app", "recommender"}


def test_the_installed_copy_reads_its_resources_and_not_the_checkout(installed):
    probe = (
        "import json, desktop_app, importlib.util\n"
        "from desktop_app.resource_files import resource_path\n"
        "print(json.dumps({'pkg': desktop_app.__file__, 'icon': str(resource_path('deepcuts.svg')),"
        " 'top_resources': importlib.util.find_spec('resources') is not None}))\n"
    )
    result = _run(
        [str(installed["python"]), "-c", probe], cwd=installed["tmp"], env=installed["env"]
    )
    found = json.loads(result.stdout)
    venv = str(installed["venv"])
    assert found["pkg"].startswith(venv) and found["icon"].startswith(venv), found
    assert Path(found["icon"]).read_bytes() == (RESOURCES / "deepcuts.svg").read_bytes()
    assert found["top_resources"] is False  # no top-level package named "resources"


def test_installed_desktop_entry_validates_and_points_at_the_installed_app(installed):
    validate = require_tool("desktop-file-validate", "desktop-file-utils")
    result = _run(
        [str(installed["venv"] / "bin" / "deepcuts-cli"), "install-desktop-entry", "--json"],
        cwd=installed["tmp"],
        env=installed["env"],
    )
    report = json.loads(result.stdout)
    share = installed["tmp"] / "share"
    desktop = share / "applications" / "deepcuts.desktop"
    icon = share / "icons" / "hicolor" / "scalable" / "apps" / "deepcuts.svg"
    assert report["desktop_file"] == str(desktop) and report["icon"] == str(icon)
    assert icon.read_bytes() == (RESOURCES / "deepcuts.svg").read_bytes()
    program = installed["venv"] / "bin" / "deepcuts"
    assert f"Exec={program}\n" in desktop.read_text(encoding="utf-8")
    checked = subprocess.run([validate, str(desktop)], capture_output=True, text=True)
    assert checked.returncode == 0 and checked.stdout.strip() == "", checked.stdout


def test_installed_window_opens_without_a_missing_file(installed):
    data = installed["tmp"] / "data"
    result = subprocess.run(
        [str(installed["venv"] / "bin" / "deepcuts"), "--smoke-test", "--verbose",
         "--data-dir", str(data), "--timeout", "120"],
        cwd=installed["tmp"],
        env=installed["env"],
        capture_output=True,
        text=True,
        timeout=240,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "window shown" in result.stdout
    logs = result.stderr + "".join(
        p.read_text(errors="replace") for p in (data / "logs").glob("*") if p.is_file()
    )
    for sign in ("Cannot open file", "missing from this installation", "No such file"):
        assert sign not in logs, logs
