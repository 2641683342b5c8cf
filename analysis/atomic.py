"""Atomic file writes: a file is either the old one or the whole new one, never half-written.

The new content goes to a temporary file in the destination's own folder (so the final rename
never crosses file systems), is flushed and fsync-ed, and then ``os.replace`` puts it in place in
one step. If anything fails, or the process is interrupted, the temporary file is removed and the
destination is untouched. Every module that writes a file the person keeps (playlists, history
exports, settings, models, the desktop entry) goes through here.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

__all__ = ["atomic_open", "write_atomic"]


@contextlib.contextmanager
def atomic_open(
    dest: str | os.PathLike[str],
    mode: str = "wb",
    *,
    encoding: str | None = None,
    newline: str | None = None,
    permissions: int | None = None,
) -> Iterator[IO[Any]]:
    """Open a temporary file that replaces ``dest`` when the ``with`` block ends without error.

    Parameters
    ----------
    dest : path-like
        The file to write. Its folder must exist.
    mode : {"wb", "w"}
        Binary or text.
    encoding, newline : str, optional
        As for :func:`open`, in text mode.
    permissions : int, optional
        Mode bits of the new file. By default an existing ``dest`` keeps its own and a new file
        gets what the umask allows (as :func:`open` would create it).

    Yields
    ------
    file object
        Write to it; do not close it.

    Raises
    ------
    OSError
        When the folder cannot be written or the disk is full; ``dest`` is then unchanged and
        no temporary file is left behind.
    """
    if mode not in ("wb", "w"):
        raise ValueError(f"atomic_open writes whole files: mode 'wb' or 'w', not {mode!r}")
    dest = Path(dest)
    if permissions is None:
        with contextlib.suppress(OSError):
            permissions = dest.stat().st_mode & 0o7777
    fd, tmp = _create_temporary(dest)
    try:
        with os.fdopen(fd, mode, encoding=encoding, newline=newline) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        if permissions is not None:
            os.chmod(tmp, permissions)
        os.replace(tmp, dest)
    except BaseException:  # a failure or an interruption: the destination stays as it was
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_atomic(
    dest: str | os.PathLike[str], data: bytes | str, *, permissions: int | None = None
) -> None:
    """Replace ``dest`` with ``data`` (``str`` is written as UTF-8) in one step.

    Parameters
    ----------
    dest : path-like
        The file to write. Its folder must exist.
    data : bytes or str
        The whole new content.
    permissions : int, optional
        Mode bits of the new file; see :func:`atomic_open`.

    Raises
    ------
    OSError
        As :func:`atomic_open`.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    with atomic_open(dest, "wb", permissions=permissions) as fh:
        fh.write(data)


def _create_temporary(dest: Path) -> tuple[int, Path]:
    """Create a new hidden file beside ``dest``; mode 0o666 less the umask, like ``open``."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        tmp = dest.with_name(f".{dest.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {dest}")
