"""Where Deep Cuts keeps its state: one data directory (docs/architecture.md, "The two stores").

Order of precedence: an explicit ``--data-dir`` argument, then the environment variable
``DEEPCUTS_DATA_DIR``, then the platform's user data directory (platformdirs).
"""

from __future__ import annotations

import os
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
