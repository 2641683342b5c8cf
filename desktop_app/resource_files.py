"""The files the app reads at run time: icon, desktop entry, style sheet, XSPF schema.

They live in the top-level ``resources/`` folder of the checkout, which the build maps into the
package ``desktop_app.resources`` (``[tool.setuptools.package-dir]`` in ``pyproject.toml``,
``deepcuts.spec`` for the stand-alone app). They are always read through
``importlib.resources``, never by a path relative to the checkout, so an installed wheel, an
editable install and the PyInstaller bundle find the same files.
"""

from __future__ import annotations

import atexit
import contextlib
import errno
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path

PACKAGE = "desktop_app.resources"

_extracted = contextlib.ExitStack()  # files copied out of a zip import, removed at exit
atexit.register(_extracted.close)


def resource(name: str) -> Traversable:
    """The resource ``name`` (``deepcuts.svg``, ``deepcuts.desktop``, ...); ``FileNotFoundError``
    when this installation lacks the resource package altogether."""
    try:
        base = files(PACKAGE)
    except ModuleNotFoundError as exc:
        raise FileNotFoundError(
            errno.ENOENT, "Deep Cuts was installed without its resources", f"{PACKAGE}/{name}"
        ) from exc
    return base.joinpath(name)


def read_bytes(name: str) -> bytes:
    """The content of a resource; ``FileNotFoundError`` when the installation lacks it."""
    return resource(name).read_bytes()


def read_text(name: str) -> str:
    """The text of a resource (UTF-8)."""
    return resource(name).read_text(encoding="utf-8")


def resource_path(name: str) -> Path | None:
    """A file-system path of the resource for APIs that want one (Qt icons load lazily from
    their path), or None when it is missing. Resources inside a zip are copied out once and
    kept until the process ends."""
    try:
        ref = resource(name)
    except FileNotFoundError:
        return None
    if not ref.is_file():
        return None
    if isinstance(ref, Path):
        return ref
    return Path(_extracted.enter_context(as_file(ref)))
