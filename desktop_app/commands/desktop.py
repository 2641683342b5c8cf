"""``deepcuts-cli install-desktop-entry``: put Deep Cuts in the desktop's application menu.

Copies the packaged ``deepcuts.desktop`` (``resources/`` of the checkout, read with
``importlib.resources``: :mod:`desktop_app.resource_files`) to ``$XDG_DATA_HOME/applications/`` (default
``~/.local/share``) with ``Exec=`` and ``TryExec=`` set to the absolute path of the installed
``deepcuts`` script, and the icon to ``$XDG_DATA_HOME/icons/hicolor/scalable/apps/deepcuts.svg``.
A double click on the menu entry then starts the window. Both files are written atomically.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path
from typing import Any

from analysis.atomic import write_atomic
from analysis.errors import DeepCutsError

DESKTOP_FILE = "deepcuts.desktop"
ICON_FILE = "deepcuts.svg"


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    """Add ``install-desktop-entry`` to the parser."""
    p = sub.add_parser(
        "install-desktop-entry",
        parents=[parent],
        help="add Deep Cuts to the desktop's application menu (XDG)",
        description="Install the .desktop file and the icon into the user's XDG data folders.",
    )
    p.add_argument(
        "--exec",
        dest="exec_path",
        metavar="PATH",
        help="the program the entry starts (default: the installed deepcuts script)",
    )
    p.set_defaults(func=_install)


def xdg_data_home() -> Path:
    value = os.environ.get("XDG_DATA_HOME")
    if value and os.path.isabs(value):
        return Path(value)
    return Path.home() / ".local" / "share"


def find_gui_script() -> Path:
    """The absolute path of the ``deepcuts`` launcher: beside this Python, else on PATH."""
    if getattr(sys, "frozen", False):  # a PyInstaller build: the executable itself
        return Path(sys.executable).resolve()
    beside = Path(sys.executable).parent / "deepcuts"
    if beside.is_file() and os.access(beside, os.X_OK):
        return beside.absolute()
    found = shutil.which("deepcuts")
    if found:
        return Path(found).absolute()
    raise DeepCutsError(
        "cannot find the deepcuts program (install the package with pip, or pass --exec PATH)"
    )


def _quote_exec(path: str) -> str:
    """Quote a path for the Exec key (Desktop Entry Specification, "The Exec key")."""
    if not any(c in path for c in " \t\n\"'\\><~|&;$*?#()`%"):
        return path
    escaped = path.replace("\\", "\\\\").replace('"', '\\"').replace("`", "\\`")
    escaped = escaped.replace("$", "\\$").replace("%", "%%")
    return f'"{escaped}"'


def desktop_entry_text(template: str, exec_path: str) -> str:
    lines = []
    for line in template.splitlines():
        if line.startswith("Exec="):
            line = f"Exec={_quote_exec(exec_path)}"
        elif line.startswith("TryExec="):
            line = f"TryExec={exec_path}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def _atomic_write(dest: Path, data: bytes, mode: int = 0o644) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(dest, data, permissions=mode)


def install(exec_path: str | None = None, *, data_home: Path | None = None) -> dict[str, Any]:
    """Install the desktop entry and the icon; returns where they went."""
    from desktop_app import resource_files

    try:
        template = resource_files.read_text(DESKTOP_FILE)
        icon = resource_files.read_bytes(ICON_FILE)
    except FileNotFoundError as exc:
        raise DeepCutsError(
            f"this installation of Deep Cuts lacks its desktop resources ({exc.filename or exc})"
        ) from exc
    program = str(Path(exec_path).absolute()) if exec_path else str(find_gui_script())
    home = data_home or xdg_data_home()
    desktop_dest = home / "applications" / DESKTOP_FILE
    icon_dest = home / "icons" / "hicolor" / "scalable" / "apps" / ICON_FILE
    try:
        text = desktop_entry_text(template, program)
        _atomic_write(desktop_dest, text.encode("utf-8"))
        _atomic_write(icon_dest, icon)
    except OSError as exc:
        raise DeepCutsError(
            f"cannot install the desktop entry: {exc.strerror or exc} ({exc.filename or home})"
        ) from exc
    return {"desktop_file": str(desktop_dest), "icon": str(icon_dest), "exec": program}


def _install(args: argparse.Namespace, ctx: Any) -> int:
    result = install(getattr(args, "exec_path", None))
    ctx.emit(
        result,
        f"Installed {result['desktop_file']}\n      and {result['icon']}\n"
        f"Deep Cuts now starts {result['exec']} from the application menu.",
    )
    return 0
