"""Where Deep Cuts keeps its state: one data directory (docs/architecture.md, "The two stores").

Order of precedence: an explicit ``--data-dir`` argument, then the environment variable
``DEEPCUTS_DATA_DIR``, then the folder the data was moved to from the window's Settings (kept in
``location.json`` in the platform's config directory), then the platform's user data directory
(platformdirs).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import platformdirs

from analysis.errors import DeepCutsError

APP_NAME = "deepcuts"
ENV_VAR = "DEEPCUTS_DATA_DIR"

CATALOG_FILE = "catalog.db"
HISTORY_FILE = "history.db"
MODELS_DIR = "models"
BACKUPS_DIR = "backups"
LOGS_DIR = "logs"
LOCATION_FILE = "location.json"


def location_file() -> Path:
    """Where a moved data folder is recorded (the platform's config directory)."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / LOCATION_FILE


def read_location() -> dict[str, str]:
    """The recorded move: ``{"data_dir": …, "previous": …}`` (empty when none or unreadable).

    Returns
    -------
    dict
        Only string values are kept.
    """
    try:
        raw = json.loads(location_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(raw, dict):
        return {}
    return {k: v for k, v in raw.items() if isinstance(v, str) and v}


def record_location(data_dir: Path, previous: Path | None) -> Path:
    """Make ``data_dir`` the default data folder from now on (written atomically).

    Parameters
    ----------
    data_dir : Path
        The new data folder.
    previous : Path, optional
        The folder it was copied from, kept until the person deletes it.

    Returns
    -------
    Path
        The location file written.
    """
    target = location_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    data = {"data_dir": str(Path(data_dir).absolute())}
    if previous is not None:
        data["previous"] = str(Path(previous).absolute())
    fd, tmp = tempfile.mkstemp(prefix=".location-", dir=target.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=2)
    os.replace(tmp, target)
    return target


def resolve_data_dir(
    explicit: str | os.PathLike[str] | None = None, *, create: bool = True
) -> Path:
    """Return the data directory, creating it when asked.

    Parameters
    ----------
    explicit : path-like, optional
        The value of ``--data-dir``; wins over everything else.
    create : bool
        Create the directory (and parents) if it does not exist.

    Raises
    ------
    DeepCutsError
        If the directory cannot be created or is not a directory.
    """
    if explicit:
        path = Path(explicit).expanduser()
    elif os.environ.get(ENV_VAR):
        path = Path(os.environ[ENV_VAR]).expanduser()
    elif read_location().get("data_dir"):
        path = Path(read_location()["data_dir"]).expanduser()
    else:
        path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path = path.absolute()
    if create:
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DeepCutsError(
                f"cannot create data directory {path}: {exc.strerror or exc}"
            ) from exc
    if path.exists() and not path.is_dir():
        raise DeepCutsError(f"data directory {path} exists and is not a directory")
    return path


def default_music_dir() -> Path:
    """The platform's Music folder, proposed on first run."""
    return Path(platformdirs.user_music_dir())
