"""Training, saving and reusing the hybrid model (``<data_dir>/models/hybrid/``).

A saved model is reused only when it was trained on the same library (catalog fingerprint: ids,
artists and albums in item order), the same audio feature version and the same model layout;
otherwise it is retrained, never misused. When the library matches but the history moved on (new
plays, likes, bans), the model absorbs them with :meth:`Recommender.update` (milliseconds: the
learned weights stay, the signals and scores are recomputed) instead of a full retrain; a full
retrain happens when the model is older than :data:`RETRAIN_AFTER_DAYS` of history or on demand
(``train`` command, the GUI's background retrain).
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path
from typing import Any

from analysis.datadir import MODELS_DIR
from recommender.models.base import DAY, Recommender, TrainingData
from recommender.models.training_data import build_training_data

MODEL_NAME = "hybrid"
#: After this much new history since the last full training, retrain instead of updating.
RETRAIN_AFTER_DAYS = 14.0


def model_dir(data_dir: Path, name: str = MODEL_NAME) -> Path:
    """Where model ``name`` is saved."""
    return Path(data_dir) / MODELS_DIR / name


def _model_class(name: str) -> type[Recommender]:
    from recommender.models.registry import registry

    try:
        return registry()[name]
    except KeyError:
        from analysis.errors import DeepCutsError

        raise DeepCutsError(f"unknown model {name!r}") from None


def train_model(
    data: TrainingData, *, data_dir: Path, seed: int = 0, name: str = MODEL_NAME
) -> Recommender:
    """Fully train model ``name`` on ``data`` and save it with its metadata.

    The save is atomic at directory level: the model is written to a temporary folder that then
    replaces the previous one, so a crash never leaves half a model behind.

    Parameters
    ----------
    data : TrainingData
    data_dir : Path
        The Deep Cuts data directory.
    seed : int
        Training is reproducible for a given seed.
    """
    started = time.perf_counter()
    model = _model_class(name)().fit(data, seed=seed)
    target = model_dir(data_dir, name)
    tmp = target.with_name(target.name + ".tmp")
    if tmp.exists():
        shutil.rmtree(tmp)
    model.save(tmp)
    meta_path = tmp / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.update(
        created=time.time(),
        trained_as_of=data.as_of,
        training_seconds=round(time.perf_counter() - started, 3),
        tracks=data.n_items,
        plays=len(data.taste_plays()),
    )
    meta_path.write_text(json.dumps(meta, indent=2), encoding="utf-8")
    old = target.with_name(target.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    tmp.rename(target)
    if old.exists():
        shutil.rmtree(old)
    return model


def saved_metadata(data_dir: Path, name: str = MODEL_NAME) -> dict[str, Any] | None:
    """The ``meta.json`` of the saved model, or ``None`` when there is none readable."""
    path = model_dir(data_dir, name) / "meta.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def staleness(
    meta: dict[str, Any] | None, data: TrainingData, name: str = MODEL_NAME
) -> str | None:
    """Why the saved model cannot be reused for ``data`` (a short reason), or ``None`` if it can."""
    if meta is None:
        return "no saved model"
    cls = _model_class(name)
    if meta.get("model") != cls.name or meta.get("model_version") != cls.version:
        return "model layout changed"
    if meta.get("fingerprint") != data.fingerprint():
        return "the library changed"
    if str(meta.get("feature_version") or "") != str(data.feature_version or ""):
        return "audio features changed"
    trained = float(meta.get("trained_as_of", meta.get("as_of", 0.0)))
    if data.as_of < trained:
        return "asked for an earlier moment than the model has seen"
    if data.as_of - trained > RETRAIN_AFTER_DAYS * DAY:
        return "more than two weeks of new history"
    return None


def load_or_train(
    catalog: Any,
    history_store: Any | None,
    *,
    data_dir: Path,
    as_of: float | None = None,
    seed: int = 0,
    force: bool = False,
    log: Any = None,
    name: str = MODEL_NAME,
) -> tuple[Recommender, TrainingData]:
    """The model for the library and history as of ``as_of``, reused when still valid.

    Parameters
    ----------
    catalog : analysis.catalog.Catalog
    history_store : recommender.history.HistoryStore or None
    data_dir : Path
        The Deep Cuts data directory (models live in ``models/``).
    as_of : float, optional
        "Now" (unix seconds); defaults to the current time. Plays after it are ignored.
    seed : int
        Seed of a full training.
    force : bool
        Retrain even when the saved model is valid.
    log : callable, optional
        Receives one-line progress messages (``"training: the library changed"``).

    Returns
    -------
    (model, data)
        The fitted model and the :class:`TrainingData` it scores (same item order).
    """
    say = log if callable(log) else (lambda _msg: None)
    data = build_training_data(catalog, history_store, as_of=as_of)
    meta = None if force else saved_metadata(data_dir, name)
    reason = "forced" if force else staleness(meta, data, name)
    if reason is None:
        try:
            model = _model_class(name).load(model_dir(data_dir, name))
            if model.update(data):
                return model, data
            reason = "the model cannot absorb new plays"
        except (OSError, ValueError, KeyError) as exc:
            reason = f"saved model unreadable ({exc})"
    say(f"training {name} model: {reason}")
    return train_model(data, data_dir=data_dir, seed=seed, name=name), data
