"""Training the learned embedding (:mod:`analysis.embedding`) with torch, on the library itself.

torch is imported inside the functions that train, never when this module is imported (the
command line and the window load it lazily; inference needs numpy only).

The loss is a weighted supervised-contrastive (InfoNCE) loss over a batch of ``2 b`` views (two
different segments of each of ``b`` tracks): for every view, the other view of its track is a
positive of weight 1, views of other tracks of the same album (when albums are tagged) are
positives of weight ``album_weight``, and every other view of the batch is a negative. Batches
pair half of their tracks with an album mate where one exists, so album positives occur in
large libraries too. Every random choice comes from ``numpy.random.default_rng([seed,
step])`` or torch's generator seeded once (its state is checkpointed), so a training is
deterministic for a seed, and a resumed one continues exactly where the checkpoint was taken.
"""

from __future__ import annotations

import io
import math
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from analysis.embedding import (
    MIN_TRACKS,
    EmbeddingConfig,
    EmbeddingModel,
    StoredModel,
    fingerprint,
    load_checkpoint,
    save_checkpoint,
    save_model,
    segment_stats,
    status,
)
from analysis.features import FEATURE_VERSION

if TYPE_CHECKING:
    import threading

    from analysis.catalog import Catalog

#: Called with (step, state bytes) to store a checkpoint.
CheckpointFn = Callable[[int, bytes], None]


class _Data:
    """Standardised segments of every track, flat, with per-track offsets and album ids."""

    def __init__(
        self,
        windows: Sequence[np.ndarray],
        albums: Sequence[int] | np.ndarray | None,
        columns: np.ndarray,
    ) -> None:
        self.columns = columns
        picked = [w[:, columns] for w in windows]
        self.mean, self.std = segment_stats(picked)
        flat = np.concatenate(picked).astype(np.float32)
        self.segments = np.clip((flat - self.mean) / self.std, -8.0, 8.0).astype(np.float32)
        self.counts = np.array([len(w) for w in windows], np.int64)
        self.offsets = np.concatenate([[0], np.cumsum(self.counts)[:-1]])
        self.n = len(windows)
        album = np.full(self.n, -1, np.int64) if albums is None else np.asarray(albums, np.int64)
        self.album = album
        self.mates: dict[int, np.ndarray] = {}
        for a in np.unique(album[album >= 0]):
            members = np.flatnonzero(album == a)
            if len(members) > 1:
                self.mates[int(a)] = members

    def batch(
        self, rng: np.random.Generator, size: int, k: int = 1
    ) -> tuple[np.ndarray, np.ndarray]:
        """Track indices of one batch and the segment rows of its two views ``[2, b, k]``."""
        b = min(size, self.n)
        tracks = rng.permutation(self.n)[:b]
        half = b // 2
        for i in range(half):
            mates = self.mates.get(int(self.album[tracks[i]]))
            if mates is not None:
                tracks[half + i] = mates[rng.integers(len(mates))]
        counts = self.counts[tracks]
        # Views of one track use different segments whenever it has enough: a random rotation
        # of its segments, the first view taking every other one from the start.
        start = rng.integers(0, counts)
        steps = np.arange(2 * k)
        picks = (start[:, None] + steps[None, :]) % counts[:, None]
        rows = self.offsets[tracks][:, None] + picks
        return tracks, np.stack([rows[:, 0::2], rows[:, 1::2]])


def _network(config: EmbeddingConfig, in_dim: int) -> Any:
    import torch

    return torch.nn.Sequential(
        torch.nn.Linear(in_dim, config.hidden),
        torch.nn.ReLU(),
        torch.nn.Dropout(config.dropout),
        torch.nn.Linear(config.hidden, config.hidden),
        torch.nn.ReLU(),
        torch.nn.Linear(config.hidden, config.dim),
    )


def _loss(z: Any, tracks: Any, albums: Any, config: EmbeddingConfig) -> Any:
    """Weighted supervised-contrastive loss of unit rows ``z`` ``[2b, dim]``."""
    import torch

    sim = z @ z.T / config.temperature
    eye = torch.eye(len(z), dtype=torch.bool)
    sim = sim.masked_fill(eye, -1e9)
    same_track = (tracks[:, None] == tracks[None, :]) & ~eye
    same_album = (albums[:, None] == albums[None, :]) & (albums[:, None] >= 0) & ~same_track & ~eye
    weights = same_track.float() + config.album_weight * same_album.float()
    log_p = torch.log_softmax(sim, dim=1)
    per_row = -(weights * log_p).sum(dim=1) / weights.sum(dim=1).clamp_min(1e-9)
    return per_row.mean()


def _lr(config: EmbeddingConfig, step: int, total: int) -> float:
    """Linear warm-up over the first 5 % of steps, then cosine decay to zero."""
    warm = max(1, total // 20)
    if step < warm:
        return config.lr * (step + 1) / warm
    return config.lr * 0.5 * (1.0 + math.cos(math.pi * (step - warm) / max(1, total - warm)))


def _export(net: Any, data: _Data, meta: dict[str, Any]) -> EmbeddingModel:
    layers = [m for m in net if hasattr(m, "weight")]
    weights = [
        (
            m.weight.detach().numpy().T.astype(np.float32).copy(),
            m.bias.detach().numpy().astype(np.float32).copy(),
        )
        for m in layers
    ]
    return EmbeddingModel(data.mean, data.std, data.columns, weights, meta)


def train_model(
    windows: Sequence[np.ndarray],
    albums: Sequence[int] | np.ndarray | None = None,
    *,
    config: EmbeddingConfig | None = None,
    seed: int = 0,
    resume: tuple[int, bytes] | None = None,
    checkpoint: CheckpointFn | None = None,
    cancel: threading.Event | None = None,
    threads: int = 1,
) -> EmbeddingModel | None:
    """Train the network on the segments of ``windows`` (one array per track).

    Parameters
    ----------
    windows : sequence of ndarray
        ``[segments, WINDOW_DIM]`` per track (at least two tracks).
    albums : sequence of int, optional
        Album id per track (``-1``: none); tracks of one album are weaker positives.
    config : EmbeddingConfig, optional
    seed : int
        Seeds the initial weights and every batch.
    resume : (int, bytes), optional
        A checkpoint (``step``, state) of the same job to continue from.
    checkpoint : callable, optional
        Receives ``(step, state)`` every ``config.checkpoint_every`` steps.
    cancel : threading.Event, optional
        Stops the training (``None`` is returned; the last checkpoint stays).
    threads : int
        torch threads. One: the work is small matrix products, which a second thread barely
        speeds up on an idle machine and slows several-fold on a busy one (measured: 25 against
        115 ms per step with other jobs running).

    Returns
    -------
    EmbeddingModel or None
        ``None`` when cancelled.
    """
    import torch

    config = config or EmbeddingConfig()
    data = _Data(windows, albums, config.columns())
    total = config.steps(data.n)
    saved_threads = torch.get_num_threads()
    torch.set_num_threads(max(1, min(threads, os.cpu_count() or 1)))
    try:
        torch.manual_seed(seed)
        net = _network(config, data.segments.shape[1])
        opt = torch.optim.AdamW(net.parameters(), lr=config.lr, weight_decay=config.weight_decay)
        start = 0
        if resume is not None:
            start = _restore(net, opt, resume)
        segments = torch.from_numpy(data.segments)
        albums_t = torch.from_numpy(data.album)
        net.train()
        for step in range(start, total):
            if cancel is not None and cancel.is_set():
                return None
            _train_step(net, opt, data, segments, albums_t, config, seed, step, total)
            done = step + 1
            if checkpoint is not None and done % config.checkpoint_every == 0 and done < total:
                checkpoint(done, _state(net, opt, done))
        net.eval()
        meta = {"seed": seed, "steps": total, "tracks": data.n, "config": config.__dict__}
        return _export(net, data, meta)
    finally:
        torch.set_num_threads(saved_threads)


def _train_step(
    net: Any,
    opt: Any,
    data: _Data,
    segments: Any,
    albums: Any,
    config: EmbeddingConfig,
    seed: int,
    step: int,
    total: int,
) -> None:
    import torch

    rng = np.random.default_rng([seed, step])
    tracks, rows = data.batch(rng, config.batch_tracks, config.view_segments)
    x = segments[torch.from_numpy(rows.reshape(-1))]
    if config.noise > 0:
        noise = rng.standard_normal(tuple(x.shape)).astype(np.float32)
        x = x + config.noise * torch.from_numpy(noise)
    out = net(x).reshape(2 * len(tracks), config.view_segments, -1)
    # A view is the mean of its segments' unit embeddings, as a track's embedding is.
    z = torch.nn.functional.normalize(torch.nn.functional.normalize(out, dim=2).mean(dim=1), dim=1)
    track_t = torch.from_numpy(np.concatenate([tracks, tracks]))
    loss = _loss(z, track_t, albums[track_t], config)
    for group in opt.param_groups:
        group["lr"] = _lr(config, step, total)
    opt.zero_grad(set_to_none=True)
    loss.backward()
    opt.step()


def _state(net: Any, opt: Any, step: int) -> bytes:
    import torch

    buf = io.BytesIO()
    torch.save(
        {
            "step": step,
            "model": net.state_dict(),
            "opt": opt.state_dict(),
            "rng": torch.get_rng_state(),
        },
        buf,
    )
    return buf.getvalue()


def _restore(net: Any, opt: Any, resume: tuple[int, bytes]) -> int:
    import torch

    state = torch.load(io.BytesIO(resume[1]), weights_only=True)
    net.load_state_dict(state["model"])
    opt.load_state_dict(state["opt"])
    torch.set_rng_state(state["rng"])
    return int(state["step"])


# -- the library-level job --------------------------------------------------------------------


@dataclass
class TrainResult:
    """What :func:`train` did (``deepcuts-cli embed --json``)."""

    trained: bool
    reason: str
    tracks: int
    seconds: float
    resumed_from: int = 0
    steps: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "trained": self.trained,
            "reason": self.reason,
            "tracks": self.tracks,
            "seconds": round(self.seconds, 3),
            "resumed_from_step": self.resumed_from,
            "steps": self.steps,
        }


def album_ids(catalog: Catalog, track_ids: np.ndarray) -> np.ndarray:
    """An album number per track (``-1`` when untagged).

    An album is its title with the album artist, or, without one, with the track's folder (so
    two "Greatest Hits" of different artists stay apart and a compilation whose track artists
    differ stays together).
    """
    rows = {
        int(r[0]): r[1:]
        for r in catalog.conn.execute(
            "SELECT id, album, album_artist, path FROM tracks WHERE id IN "
            "(SELECT value FROM json_each(?))",
            (str([int(t) for t in track_ids]),),
        )
    }
    keys: dict[tuple[str, str], int] = {}
    out = np.full(len(track_ids), -1, np.int64)
    for i, tid in enumerate(track_ids):
        album, album_artist, path = rows.get(int(tid), (None, None, ""))
        if not album or not album.strip():
            continue
        scope = (album_artist or "").strip().lower() or os.path.dirname(path)
        out[i] = keys.setdefault((album.strip().lower(), scope), len(keys))
    return out


def train(
    catalog: Catalog,
    *,
    seed: int = 0,
    config: EmbeddingConfig | None = None,
    force: bool = False,
    min_tracks: int = MIN_TRACKS,
    cancel: threading.Event | None = None,
) -> TrainResult:
    """Train the embedding on the library when due (see :func:`analysis.embedding.status`),
    resuming a checkpoint of the same job, and store it with the track embeddings atomically.

    Parameters
    ----------
    catalog : Catalog
        Writable.
    seed : int
    config : EmbeddingConfig, optional
    force : bool
        Train even when the stored model is up to date (never under ``min_tracks``).
    min_tracks : int
        Smallest library that gets an embedding.
    cancel : threading.Event, optional

    Returns
    -------
    TrainResult
    """
    from analysis import feature_store

    t0 = time.perf_counter()
    config = config or EmbeddingConfig()
    state = status(catalog, min_tracks=min_tracks)
    if state.analysed < min_tracks or not (state.due or force):
        return TrainResult(False, state.reason, state.analysed, time.perf_counter() - t0)
    ids, windows = feature_store.load_windows(catalog)
    fp = fingerprint(ids, config, seed)
    resume = load_checkpoint(catalog, fp)
    model = train_model(
        windows,
        album_ids(catalog, ids),
        config=config,
        seed=seed,
        resume=resume,
        checkpoint=lambda step, blob: save_checkpoint(catalog, fp, step, blob),
        cancel=cancel,
    )
    if model is None:
        return TrainResult(False, "cancelled", len(ids), time.perf_counter() - t0)
    stored = StoredModel(model, FEATURE_VERSION, len(ids), seed, fp, time.time())
    save_model(catalog, stored, ids, model.embed_tracks(windows))
    return TrainResult(
        True,
        state.reason if state.due else "forced",
        len(ids),
        time.perf_counter() - t0,
        resumed_from=resume[0] if resume else 0,
        steps=config.steps(len(ids)),
    )
