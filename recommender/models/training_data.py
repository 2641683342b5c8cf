"""Turning the catalog and the history store into :class:`~recommender.models.base.TrainingData`.

Four steps, each a function: the catalog's tracks become items, the analysed audio features
are laid out on the item axis, the plays become columns, and feedback and imported aggregates
are folded into the items.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from recommender.models.base import SKIP_UNKNOWN, Plays, TrainingData, infer_skip


def build_training_data(
    catalog: Any, history_store: Any | None, *, as_of: float | None = None
) -> TrainingData:
    """Collect the library, the audio features and the person's history for training.

    Parameters
    ----------
    catalog : analysis.catalog.Catalog
        Items are its present, readable tracks, ordered by id.
    history_store : recommender.history.HistoryStore or None
        Source of plays, feedback and imported aggregates; ``None`` (or a store with no data)
        gives a content-only model. Records are read by attribute name: plays have
        ``track_id`` (None when unmatched), ``played_at``, ``ms_played``, ``skipped``
        (True/False/None), ``excluded``, and optionally ``duration_ms``; feedback records have
        ``track_id``, ``artist`` and ``kind`` (``"like"``, ``"dislike"``, ``"ban"``); aggregates
        have ``track_id``, ``play_count``, ``skip_count``, ``rating`` (0..1), ``last_played``.
    as_of : float, optional
        "Now" (unix seconds); plays after it are ignored. Defaults to the current time.

    Returns
    -------
    TrainingData
    """
    now = time.time() if as_of is None else float(as_of)
    rows = catalog.track_columns(_ITEM_COLUMNS)
    items = [_item(row) for row in rows]
    index = {item["id"]: i for i, item in enumerate(items)}
    durations = np.array([row[-1] or np.nan for row in rows], dtype=np.float64)
    _drop_in_slices(rows)
    features, version = _features(catalog, index, len(items))

    # plays, feedback, aggregates: the store's order
    if history_store is not None and hasattr(history_store, "play_columns"):  # no object per play
        plays = _plays_from_columns(history_store.play_columns(catalog, as_of=now), index)
    else:
        records = history_store.plays(catalog, as_of=now) if history_store is not None else []
        plays = _plays(records, index, durations)
        _drop_in_slices(records)
    feedback = _feedback(
        history_store.feedback(catalog) if history_store is not None else [], index
    )
    for a in history_store.aggregates(catalog) if history_store is not None else []:
        _add_aggregate(items, index, a, now)
    return TrainingData.from_items(
        items,
        plays=plays,
        features=features,
        feature_version=version,
        as_of=now,
        likes=feedback.likes,
        dislikes=feedback.dislikes,
        bans=feedback.bans,
        banned_artists=feedback.banned_artists,
    )


def _drop_in_slices(items: list[Any], size: int = 20_000) -> None:
    """Empty ``items`` a slice at a time.

    Freeing a million play records at once is one C loop that holds the GIL for 0.1-0.3 s, and
    a window building its lists in a worker thread stalls that long
    (benchmarks/bench_gui.py); between two slices another thread can run.
    """
    while items:
        del items[-size:]


#: The catalog columns a training item is made of (:func:`_item`), the length last.
_ITEM_COLUMNS = (
    "id",
    "title",
    "artist",
    "album",
    "album_artist",
    "composer",
    "genres",
    "genre",
    "original_year",
    "year",
    "added_at",
    "tag_play_count",
    "tag_rating",
    "duration",
)


def _item(row: tuple[Any, ...]) -> dict[str, Any]:
    """One catalog track (a row of :data:`_ITEM_COLUMNS`) as a training item (tag ratings
    0..100 scaled to 0..1)."""
    (tid, title, artist, album, album_artist, composer, genres, genre, original_year, year,
     added_at, play_count, rating, _duration) = row  # fmt: skip
    return {
        "id": tid,
        "title": title,
        "artist": artist,
        "album": album,
        "album_artist": album_artist,
        "composer": composer,
        "genres": genres or ([genre] if genre else []),
        "year": original_year or year,
        "added_at": added_at,
        "play_count": play_count,
        "rating": rating if rating is None or rating <= 1 else rating / 100,
    }


def _features(catalog: Any, index: dict[int, int], n: int) -> tuple[np.ndarray | None, str]:
    """The audio content vectors on the item axis (zeros for unanalysed items) and their
    version; ``(None, "")`` when nothing is analysed.

    The vectors come from :func:`analysis.similarity.content_space`, the one content space of
    the application: the learned embedding (with the hand-built vector appended) once the
    library has one, the hand-built vector before. Its version names the space, so a model
    trained on one is retrained when the other arrives or the embedding is retrained.
    """
    if not n:
        return None, ""
    from analysis.features import FEATURE_VERSION
    from analysis.similarity import LEARNED, content_space

    space = content_space(catalog)
    if not len(space.track_ids):
        return None, ""
    features = np.zeros((n, space.vectors.shape[1]), np.float32)
    for row, tid in enumerate(space.track_ids):
        i = index.get(int(tid))
        if i is not None:
            features[i] = space.vectors[row]
    version = str(FEATURE_VERSION)
    if space.kind == LEARNED:
        version += f"+embedding@{space.trained_at:.0f}"
    return features, version


def _plays(records: Any, index: dict[int, int], durations: np.ndarray) -> Plays:
    """Play records as columns; an unmatched play has item -1, a missing skip flag is inferred
    from the time played when the length is known."""
    cols: dict[str, list[Any]] = {k: [] for k in ("item", "played_at", "ms", "skipped", "ex")}
    for p in records:
        tid = getattr(p, "track_id", None)
        i = index.get(int(tid), -1) if tid is not None else -1
        ms = getattr(p, "ms_played", None)
        skipped = getattr(p, "skipped", None)
        if skipped is None and ms is not None and i >= 0:
            skipped = infer_skip(ms, durations[i] * 1000.0)
        cols["item"].append(i)
        cols["played_at"].append(float(p.played_at))
        cols["ms"].append(np.nan if ms is None else float(ms))
        cols["skipped"].append(SKIP_UNKNOWN if skipped is None else int(bool(skipped)))
        cols["ex"].append(bool(getattr(p, "excluded", False)))
    return Plays.build(
        item=cols["item"],
        played_at=cols["played_at"],
        ms_played=cols["ms"],
        skipped=cols["skipped"],
        excluded=cols["ex"],
    )


def _plays_from_columns(columns: Any, index: dict[int, int]) -> Plays:
    """:class:`~recommender.history.play_columns.PlayColumns` on the item axis (item -1 for a
    play of no present track); the store has judged every skip."""
    tid = columns.track_id
    size = max(int(tid.max()) if len(tid) else 0, max(index, default=0)) + 1
    position = np.full(size, -1, np.int64)
    if index:
        position[np.fromiter(index.keys(), np.int64, len(index))] = np.fromiter(
            index.values(), np.int64, len(index)
        )
    item = np.where(tid >= 0, position[np.maximum(tid, 0)], -1)
    return Plays.build(
        item=item,
        played_at=columns.played_at,
        ms_played=columns.ms_played,
        skipped=columns.skipped.astype(np.int8),
        excluded=columns.excluded,
    )


class _Feedback:
    """Likes, dislikes and bans as item indices, and the banned artists."""

    def __init__(self) -> None:
        self.likes: list[int] = []
        self.dislikes: list[int] = []
        self.bans: list[int] = []
        self.banned_artists: list[str] = []


def _feedback(records: Any, index: dict[int, int]) -> _Feedback:
    """Feedback records by kind; an artist ban (no title) that matches no track is kept by
    name, other unmatched feedback is dropped."""
    out = _Feedback()
    by_kind = {"like": out.likes, "dislike": out.dislikes, "ban": out.bans}
    for f in records:
        kind = getattr(f, "kind", "")
        tid = getattr(f, "track_id", None)
        i = index.get(int(tid)) if tid is not None else None
        if i is None:
            if kind == "ban" and getattr(f, "artist", None) and not getattr(f, "title", None):
                out.banned_artists.append(f.artist)
            continue
        by_kind.get(kind, []).append(i)
    return out


def _add_aggregate(items: list[dict[str, Any]], index: dict[int, int], a: Any, now: float) -> None:
    """Fold one imported per-track aggregate (play and skip counts, rating, last played before
    ``now``) into its item."""
    tid = getattr(a, "track_id", None)
    i = index.get(int(tid)) if tid is not None else None
    if i is None:
        return
    item = items[i]
    item["play_count"] = (item.get("play_count") or 0) + (getattr(a, "play_count", 0) or 0)
    item["skip_count"] = (item.get("skip_count") or 0) + (getattr(a, "skip_count", 0) or 0)
    if getattr(a, "rating", None) is not None:
        item["rating"] = float(a.rating)
    last = getattr(a, "last_played", None)
    if last is not None and last <= now:
        prev = item.get("last_played")
        item["last_played"] = max(prev, last) if prev is not None else last
