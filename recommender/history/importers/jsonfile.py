"""Loading JSON and JSON Lines exports with errors that name the file and line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from recommender.history.importers import ImportFormatError
from recommender.history.importers.sources import InputFile


def load_json(file: InputFile) -> Any:
    """The whole document; truncated or invalid JSON is an error naming the line."""
    text = file.text()
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        tail = text.rstrip()[-1:]
        opened = text.lstrip()[:1]
        truncated = exc.pos >= len(text.rstrip()) or (opened, tail) not in {("[", "]"), ("{", "}")}
        what = "truncated JSON" if truncated else "invalid JSON"
        raise ImportFormatError(
            f"{file.name}: line {exc.lineno}: {what} ({exc.msg}, column {exc.colno})"
        ) from exc
    except RecursionError as exc:
        raise ImportFormatError(f"{file.name}: JSON nested too deeply") from exc


def load_json_array(file: InputFile) -> list[Any]:
    """A document that must be a JSON array of objects."""
    data = load_json(file)
    if not isinstance(data, list):
        raise ImportFormatError(
            f"{file.name}: expected a JSON array of plays, found {type(data).__name__}"
        )
    return data


def iter_json_lines(file: InputFile) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line number, object)`` for every non-empty line of a JSON Lines file."""
    text = file.text()
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ImportFormatError(
                f"{file.name}: line {number}: invalid JSON ({exc.msg}, column {exc.colno})"
            ) from exc
        if not isinstance(obj, dict):
            raise ImportFormatError(f"{file.name}: line {number}: expected a JSON object")
        yield number, obj


def head_has_keys(file: InputFile, *keys: str) -> bool:
    """Whether the first 64 KB mention every key (``"key":``), for cheap detection."""
    head = file.head_text()
    stripped = head.lstrip()
    if not stripped.startswith(("[", "{")):
        return False
    return all(f'"{k}"' in head for k in keys)
