"""The files of an import: a single file, every file under a folder, or every member of a ZIP.

Members of a ZIP are read into memory (never extracted to paths named by the archive), with a cap
on the declared size so a hostile archive cannot exhaust memory. Text is decoded strictly: UTF-8
(with or without BOM) or UTF-16 with a BOM; anything else is an error naming the file and line.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from analysis.errors import DeepCutsError


class ImportFormatError(DeepCutsError):
    """An export that cannot be read; the message names the file and the line or entry."""


#: Largest single file or ZIP member read (bytes); real exports are far smaller.
MAX_FILE_BYTES = 1 << 30
_HEAD = 65536


@dataclass
class InputFile:
    """One file of an import, on disk or inside a ZIP.

    Attributes
    ----------
    name : str
        What messages call it: the path, or ``archive.zip:member/path``.
    basename : str
        The last component of the member or file name.
    path : Path or None
        The real file on disk (``None`` for a ZIP member).
    """

    name: str
    basename: str
    path: Path | None
    in_archive: bool
    _reader: Callable[[], bytes] = field(repr=False)
    _cache: bytes | None = field(default=None, repr=False)
    _head: bytes | None = field(default=None, repr=False)

    def read(self) -> bytes:
        """The whole content (cached)."""
        if self._cache is None:
            try:
                self._cache = self._reader()
            except OSError as exc:
                raise ImportFormatError(f"{self.name}: cannot read: {exc.strerror or exc}") from exc
        return self._cache

    def head(self, size: int = _HEAD) -> bytes:
        """The first bytes, without reading a large file on disk completely."""
        if self._cache is not None:
            return self._cache[:size]
        if self._head is None or len(self._head) < size:
            if self.path is not None:
                try:
                    with open(self.path, "rb") as fh:
                        self._head = fh.read(size)
                except OSError as exc:
                    raise ImportFormatError(
                        f"{self.name}: cannot read: {exc.strerror or exc}"
                    ) from exc
            else:
                self._head = self.read()[:size]
        return self._head[:size]

    def head_text(self, size: int = _HEAD) -> str:
        """The first bytes as text for detection (lenient: undecodable bytes replaced)."""
        data = self.head(size)
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16", errors="replace")
        return data.decode("utf-8-sig", errors="replace")

    def text(self) -> str:
        """The whole content decoded strictly; a bad byte is an error naming file and line."""
        data = self.read()
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            try:
                return data.decode("utf-16")
            except UnicodeDecodeError as exc:
                raise ImportFormatError(
                    f"{self.name}: not valid UTF-16 text ({exc.reason})"
                ) from exc
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            raise ImportFormatError(
                f"{self.name}: line {line}: not UTF-8 text (byte 0x{data[exc.start]:02x}); "
                "save the file as UTF-8 and import it again"
            ) from exc

    def sqlite_path(self, stack: contextlib.ExitStack) -> Path:
        """A path SQLite can open read-only (a ZIP member is copied to a temporary file)."""
        if self.path is not None:
            return self.path
        with tempfile.NamedTemporaryFile(
            prefix="deepcuts-import-", suffix=".db", delete=False
        ) as tmp:
            tmp.write(self.read())
        stack.callback(os.unlink, tmp.name)
        return Path(tmp.name)


def open_sqlite_readonly(path: Path, name: str) -> sqlite3.Connection:
    """Open a player's database without any chance of writing to it."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
        conn.row_factory = sqlite3.Row
        conn.execute("SELECT name FROM sqlite_master LIMIT 1").fetchall()
    except sqlite3.DatabaseError as exc:
        raise ImportFormatError(f"{name}: not a readable SQLite database ({exc})") from exc
    return conn


def _disk_file(path: Path) -> InputFile:
    def reader() -> bytes:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ImportFormatError(f"{path}: larger than {MAX_FILE_BYTES >> 20} MB; not an export")
        return path.read_bytes()

    return InputFile(
        name=str(path), basename=path.name, path=path, in_archive=False, _reader=reader
    )


def _zip_files(path: Path) -> Iterator[InputFile]:
    try:
        archive = zipfile.ZipFile(path)
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise ImportFormatError(f"{path}: not a readable ZIP archive ({exc})") from exc
    for info in sorted(infos, key=lambda i: i.filename):
        if info.is_dir():
            continue
        member = info.filename
        base = member.rsplit("/", 1)[-1]
        if not base or base.startswith(".") or member.startswith("__MACOSX/"):
            continue
        if info.file_size > MAX_FILE_BYTES:
            raise ImportFormatError(f"{path}:{member}: larger than {MAX_FILE_BYTES >> 20} MB")

        def reader(info: zipfile.ZipInfo = info) -> bytes:
            try:
                return archive.read(info)
            except (zipfile.BadZipFile, OSError, EOFError) as exc:
                raise ImportFormatError(
                    f"{path}:{info.filename}: damaged ZIP member ({exc})"
                ) from exc

        yield InputFile(
            name=f"{path}:{member}", basename=base, path=None, in_archive=True, _reader=reader
        )


def iter_input_files(path: Path) -> Iterator[InputFile]:
    """Every file of an import, in a stable (sorted) order.

    Raises
    ------
    DeepCutsError
        If ``path`` does not exist or cannot be read.
    """
    if not path.exists():
        raise ImportFormatError(f"{path}: no such file or folder")
    if path.is_dir():
        for dirpath, dirnames, filenames in os.walk(path):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for fname in sorted(filenames):
                if fname.startswith("."):
                    continue
                full = Path(dirpath) / fname
                if zipfile.is_zipfile(full):
                    yield from _zip_files(full)
                else:
                    yield _disk_file(full)
        return
    try:
        is_zip = zipfile.is_zipfile(path)
    except OSError as exc:
        raise ImportFormatError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if is_zip:
        yield from _zip_files(path)
    else:
        yield _disk_file(path)
