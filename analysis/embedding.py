"""The learned track embedding: a small network over per-window summaries, trained on the library.

Why: the hand-built vector (:mod:`analysis.features`) and its weights were fitted to three
soundtracks and generalise poorly to others. No pretrained music model can be installed, so
the representation is learned on the device from the person's own library, with no outside
labels (``docs/analysis.md``, "The learned embedding").

* **Input**: the per-window summaries the analyser stores (:mod:`analysis.windows`, up to 16
  segments of ~5 s per track), standardised with the mean and deviation of the library's own
  segments (learned, not constants).
* **Network**: a multi-layer perceptron (ReLU) mapping one segment to :data:`EMBED_DIM`
  numbers; a track's embedding is the L2-normalised mean over its segments.
* **Training** (:mod:`analysis.embedding_train`, torch): contrastive. Two different segments of
  one track are a positive pair, the other tracks of the batch negatives; tracks of the same
  album (where tagged) are weaker positives. Seeded and deterministic; resumable from a
  checkpoint; run after analysis.
* **Use**: inference is plain numpy (no torch at query time): tracks analysed after the
  training are embedded when loaded. A library under :data:`MIN_TRACKS` tracks, or a catalog
  with no trained model of the current feature version, uses the hand-built vector.
* **Storage** (catalog migration v4): the model's weights and the track embeddings are replaced
  together in one transaction, so a killed training leaves the previous pair usable.
"""

from __future__ import annotations

import hashlib
import io
import json
import time
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from analysis.features import FEATURE_VERSION
from analysis.sqlite_store import transaction
from analysis.windows import WINDOW_DIM, WINDOW_PARTS

if TYPE_CHECKING:
    from analysis.catalog import Catalog

#: Libraries with fewer analysed tracks than this keep the hand-built vector: too few tracks
#: to learn from. The embedding was measured to help from the benchmark's 176 development
#: tracks up (docs/analysis.md); 200 leaves a margin.
MIN_TRACKS = 200
#: Retrain when the number of analysed tracks moved by more than this fraction since training.
RETRAIN_GROWTH = 0.1
EMBED_DIM = 32


@dataclass(frozen=True)
class EmbeddingConfig:
    """Hyper-parameters of the network and its training.

    Chosen on the development soundtracks only (docs/analysis.md lists every variant tried):
    a softer temperature (0.5 rather than 0.1), input noise, and leaving chroma and the rhythm
    profile out of the input each helped tracks of unseen albums find their own. Chroma and
    the rhythm profile tell one track from another (its key, its tempo) far better than they
    tell what a soundtrack sounds like, so with them the network learns track identity.
    """

    hidden: int = 256
    dim: int = EMBED_DIM
    temperature: float = 0.5
    album_weight: float = 0.5
    batch_tracks: int = 128
    epochs: int = 40
    min_steps: int = 400
    lr: float = 2e-3
    weight_decay: float = 1e-4
    dropout: float = 0.1
    checkpoint_every: int = 100
    #: Segments averaged into one view (a track's embedding averages all of its segments).
    view_segments: int = 1
    #: Parts of the window summary the network sees (:data:`analysis.windows.WINDOW_PARTS`).
    parts: tuple[str, ...] = (
        "mel_mean",
        "mel_std",
        "mel_flux",
        "onset",
        "dynamics",
        "shape",
        "contrast",
    )
    #: Standard deviation of the Gaussian noise added to standardised inputs while training.
    noise: float = 0.2

    def columns(self) -> np.ndarray:
        """Indices of the summary columns in :attr:`parts`."""
        return np.concatenate([np.arange(WINDOW_DIM)[WINDOW_PARTS[p]] for p in self.parts]).astype(
            np.int64
        )

    def steps(self, n_tracks: int) -> int:
        """Optimiser steps for a library of ``n_tracks`` (``epochs`` passes, at least
        ``min_steps``: small libraries need more passes over the same tracks)."""
        per_epoch = max(1, -(-n_tracks // self.batch_tracks))
        return max(self.min_steps, self.epochs * per_epoch)


@dataclass
class EmbeddingModel:
    """Trained weights and the input standardisation, evaluated with numpy.

    Attributes
    ----------
    mean, std : ndarray
        float32, one per input column: the library's segment statistics (std never 0).
    columns : ndarray
        Which columns of the window summary are the input.
    weights : list of (ndarray, ndarray)
        ``(W, b)`` per linear layer, ``W`` of shape ``[in, out]``; ReLU between layers.
    meta : dict
        Seed, config, training figures.
    """

    mean: np.ndarray
    std: np.ndarray
    columns: np.ndarray
    weights: list[tuple[np.ndarray, np.ndarray]]
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def dim(self) -> int:
        return int(self.weights[-1][0].shape[1])

    def embed_segments(self, segments: np.ndarray) -> np.ndarray:
        """Unnormalised embeddings of segment rows ``[m, WINDOW_DIM]`` -> ``[m, dim]``."""
        h = (np.asarray(segments, np.float32)[:, self.columns] - self.mean) / self.std
        h = np.clip(h, -8.0, 8.0)
        for i, (w, b) in enumerate(self.weights):
            h = h @ w + b
            if i < len(self.weights) - 1:
                np.maximum(h, 0.0, out=h)
        return h

    def embed_tracks(self, windows: list[np.ndarray]) -> np.ndarray:
        """L2-normalised track embeddings (mean of segment embeddings), float32 ``[n, dim]``."""
        if not windows:
            return np.zeros((0, self.dim), np.float32)
        counts = np.array([len(w) for w in windows])
        seg = self.embed_segments(np.concatenate(windows))
        seg /= np.maximum(np.linalg.norm(seg, axis=1, keepdims=True), 1e-9)
        owner = np.repeat(np.arange(len(windows)), counts)
        out = np.zeros((len(windows), seg.shape[1]), np.float64)
        np.add.at(out, owner, seg)
        out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)
        return out.astype(np.float32)

    def to_bytes(self) -> bytes:
        arrays: dict[str, Any] = {"mean": self.mean, "std": self.std, "columns": self.columns}
        for i, (w, b) in enumerate(self.weights):
            arrays[f"w{i}"] = w
            arrays[f"b{i}"] = b
        buf = io.BytesIO()
        np.savez(buf, **arrays)
        return buf.getvalue()

    @classmethod
    def from_bytes(cls, blob: bytes, meta: dict[str, Any] | None = None) -> EmbeddingModel:
        with np.load(io.BytesIO(blob)) as data:
            n = sum(1 for k in data.files if k.startswith("w"))
            weights = [
                (data[f"w{i}"].astype(np.float32), data[f"b{i}"].astype(np.float32))
                for i in range(n)
            ]
            return cls(
                data["mean"].astype(np.float32),
                data["std"].astype(np.float32),
                data["columns"].astype(np.int64),
                weights,
                meta or {},
            )


def segment_stats(windows: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Mean and standard deviation of every summary column over the library's segments."""
    allseg = np.concatenate(windows).astype(np.float64)
    mean = allseg.mean(axis=0)
    std = allseg.std(axis=0)
    std = np.where(std > 1e-6, std, 1.0)
    return mean.astype(np.float32), std.astype(np.float32)


def fingerprint(track_ids: np.ndarray, config: EmbeddingConfig, seed: int) -> str:
    """Identifies one training job (its tracks, settings, seed, feature version): a checkpoint
    is only resumed by the same job."""
    h = hashlib.sha256()
    h.update(np.ascontiguousarray(track_ids, dtype="<i8").tobytes())
    h.update(json.dumps([asdict(config), seed, FEATURE_VERSION, WINDOW_DIM]).encode())
    return h.hexdigest()[:32]


# -- storage ----------------------------------------------------------------------------------


@dataclass
class StoredModel:
    """The current model row of ``catalog.db``."""

    model: EmbeddingModel
    feature_version: int
    n_tracks: int
    seed: int
    fingerprint: str
    trained_at: float


def load_model(catalog: Catalog) -> StoredModel | None:
    """The stored model, or ``None`` (never trained, or the schema predates it)."""
    try:
        row = catalog.conn.execute(
            "SELECT feature_version, n_tracks, seed, fingerprint, meta, weights, trained_at "
            "FROM embedding_model WHERE id = 1"
        ).fetchone()
    except Exception:  # an older schema opened read-only: no embedding
        return None
    if row is None:
        return None
    meta = json.loads(row[4])
    return StoredModel(
        EmbeddingModel.from_bytes(row[5], meta),
        int(row[0]),
        int(row[1]),
        int(row[2]),
        row[3],
        float(row[6]),
    )


def save_model(
    catalog: Catalog,
    stored: StoredModel,
    track_ids: np.ndarray,
    embeddings: np.ndarray,
) -> None:
    """Replace the model and every track embedding in one transaction; drop the checkpoint."""
    conn = catalog.conn
    with transaction(conn):
        conn.execute("DELETE FROM track_embeddings")
        conn.executemany(
            "INSERT INTO track_embeddings(track_id, vector) "
            "SELECT ?, ? WHERE EXISTS (SELECT 1 FROM tracks WHERE id = ?)",
            (
                (int(t), np.ascontiguousarray(e, "<f4").tobytes(), int(t))
                for t, e in zip(track_ids, embeddings)
            ),
        )
        conn.execute(
            "INSERT OR REPLACE INTO embedding_model(id, feature_version, dim, n_tracks, seed, "
            "fingerprint, meta, weights, trained_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                stored.feature_version,
                stored.model.dim,
                stored.n_tracks,
                stored.seed,
                stored.fingerprint,
                json.dumps(stored.model.meta),
                stored.model.to_bytes(),
                stored.trained_at,
            ),
        )
        conn.execute("DELETE FROM embedding_checkpoint")


def load_stored_embeddings(catalog: Catalog) -> tuple[np.ndarray, np.ndarray]:
    """``(track_ids, vectors)`` as the last training stored them (ascending ids)."""
    rows = catalog.conn.execute(
        "SELECT track_id, vector FROM track_embeddings ORDER BY track_id"
    ).fetchall()
    if not rows:
        return np.zeros(0, np.int64), np.zeros((0, EMBED_DIM), np.float32)
    ids = np.fromiter((r[0] for r in rows), np.int64, len(rows))
    vecs = np.frombuffer(b"".join(r[1] for r in rows), "<f4").reshape(len(rows), -1)
    return ids, vecs.astype(np.float32)


def save_checkpoint(catalog: Catalog, fp: str, step: int, state: bytes) -> None:
    """Store the training state after ``step`` steps (replacing the previous checkpoint)."""
    with transaction(catalog.conn):
        catalog.conn.execute(
            "INSERT OR REPLACE INTO embedding_checkpoint(id, fingerprint, epoch, state, saved_at) "
            "VALUES (1, ?, ?, ?, ?)",
            (fp, int(step), state, time.time()),
        )


def load_checkpoint(catalog: Catalog, fp: str) -> tuple[int, bytes] | None:
    """``(step, state)`` of the checkpoint of job ``fp``, or ``None``."""
    row = catalog.conn.execute(
        "SELECT epoch, state FROM embedding_checkpoint WHERE id = 1 AND fingerprint = ?", (fp,)
    ).fetchone()
    return None if row is None else (int(row[0]), bytes(row[1]))


# -- reading: the space similarity uses -------------------------------------------------------


@dataclass
class EmbeddingMatrix:
    """Learned embeddings of the library's analysed tracks (unit rows, ascending ids)."""

    track_ids: np.ndarray
    vectors: np.ndarray
    trained_at: float


def load_embeddings(catalog: Catalog, *, min_tracks: int = MIN_TRACKS) -> EmbeddingMatrix | None:
    """Embeddings of every present track with window summaries, or ``None`` to use the
    hand-built vector (no model of the current feature version, or a library under
    ``min_tracks`` analysed tracks).

    Tracks the stored model has not embedded yet (analysed after it was trained) are embedded
    here with its weights; stored rows of tracks no longer analysed are left out.
    """
    from analysis import feature_store

    stored = load_model(catalog)
    if stored is None or stored.feature_version != FEATURE_VERSION:
        return None
    ids = _ids_with_windows(catalog)
    if len(ids) < min_tracks:
        return None
    saved_ids, saved = load_stored_embeddings(catalog)
    vectors = np.zeros((len(ids), stored.model.dim), np.float32)
    known = np.isin(ids, saved_ids)
    vectors[known] = saved[np.searchsorted(saved_ids, ids[known])]
    fresh = ids[~known]
    if len(fresh):
        # Only the tracks the model has not embedded yet are read and run through it.
        fresh_ids, windows = feature_store.load_windows(catalog, ids=fresh.tolist())
        vectors[np.searchsorted(ids, fresh_ids)] = stored.model.embed_tracks(windows)
        keep = np.isin(ids, np.concatenate([ids[known], fresh_ids]))
        ids, vectors = ids[keep], vectors[keep]
    return EmbeddingMatrix(ids, vectors, stored.trained_at)


def _ids_with_windows(catalog: Catalog) -> np.ndarray:
    rows = catalog.conn.execute(
        "SELECT f.track_id FROM track_features f JOIN tracks t ON t.id = f.track_id "
        "WHERE f.version = ? AND t.missing = 0 AND t.error IS NULL AND f.windows IS NOT NULL "
        "ORDER BY f.track_id",
        (FEATURE_VERSION,),
    ).fetchall()
    return np.fromiter((r[0] for r in rows), np.int64, len(rows))


@dataclass
class EmbeddingStatus:
    """Whether the learned embedding is in use and whether it needs (re)training."""

    analysed: int
    trained_tracks: int
    trained_at: float | None
    due: bool
    reason: str


def status(catalog: Catalog, *, min_tracks: int = MIN_TRACKS) -> EmbeddingStatus:
    """Is a training due? When there is no model of the current version, or the library moved
    by more than :data:`RETRAIN_GROWTH` since training; never under ``min_tracks`` tracks."""
    n = len(_ids_with_windows(catalog))
    stored = load_model(catalog)
    trained = stored.n_tracks if stored else 0
    when = stored.trained_at if stored else None
    if n < min_tracks:
        return EmbeddingStatus(
            n,
            trained,
            when,
            False,
            f"{n} analysed tracks: the hand-built vector is used below {min_tracks}",
        )
    if stored is None or stored.feature_version != FEATURE_VERSION:
        return EmbeddingStatus(n, trained, when, True, "no embedding trained yet")
    if abs(n - trained) > RETRAIN_GROWTH * trained:
        return EmbeddingStatus(
            n, trained, when, True, f"the library changed: {trained} -> {n} tracks"
        )
    return EmbeddingStatus(n, trained, when, False, "up to date")
