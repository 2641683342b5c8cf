"""The one interface every recommender speaks, and the data they all learn from.

Orientation (docs/model.md, "One interface"): there is exactly one person, so there is no user axis.
Every array that has an item axis has it FIRST, and item ``i`` is always ``data.track_ids[i]``:
scores are ``[n_items]``, embeddings ``[n_items, k]``, audio features ``[n_items, d]``. A
recommender maps catalog ids to indices only through :attr:`TrainingData.track_ids` (kept in the
fitted model too, so a saved model knows which library it was trained on).

Life of a recommender::

    data = build_training_data(catalog, history_store, as_of=...)   # or TrainingData.from_...
    model = HybridRecommender().fit(data, seed=0)
    taste = model.score()                                   # one float per item, higher = better
    nxt = model.score(context_items=np.array([12, 40]))     # next-track scores after 12 then 40
    model.similar(12, 10)                                   # [(item, similarity), ...]
    model.save(path); model = HybridRecommender.load(path)

``score`` ranks *every* item, including ones already played; generators (recommender/playlists/)
filter played, banned and recently played items themselves and use :class:`TrainingData` for
artists, albums and play counts.
"""

from __future__ import annotations

import json
import math
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from analysis.atomic import atomic_open, write_atomic
from analysis.identity import fold

#: Two plays further apart than this belong to different listening sessions.
SESSION_GAP_SECONDS = 30 * 60
#: A play shorter than this fraction of the track (or 30 s when the length is unknown) is a skip
#: when the source does not say.
SKIP_FRACTION = 0.5
SKIP_MS_UNKNOWN_DURATION = 30_000
DAY = 86_400.0

# skipped flag values in Plays.skipped
SKIP_UNKNOWN, NOT_SKIPPED, SKIPPED = -1, 0, 1


@dataclass
class Plays:
    """Individual plays, one entry per play, ordered by ``played_at``.

    Attributes
    ----------
    item : int32 [n_plays]
        Item index, or -1 when the play matches no track of the library (kept for sessions).
    played_at : float64 [n_plays]
        Unix seconds when the play started.
    ms_played : float32 [n_plays]
        Milliseconds listened; NaN when unknown (scrobbles).
    skipped : int8 [n_plays]
        ``SKIPPED`` (1), ``NOT_SKIPPED`` (0) or ``SKIP_UNKNOWN`` (-1).
    session : int32 [n_plays]
        Listening-session number (consecutive plays less than :data:`SESSION_GAP_SECONDS` apart).
    excluded : bool [n_plays]
        "Exclude from taste": kept for display, ignored by every model.
    """

    item: np.ndarray
    played_at: np.ndarray
    ms_played: np.ndarray
    skipped: np.ndarray
    session: np.ndarray
    excluded: np.ndarray

    def __len__(self) -> int:
        return int(self.item.shape[0])

    @classmethod
    def empty(cls) -> Plays:
        return cls.build(item=[], played_at=[])

    @classmethod
    def build(
        cls,
        *,
        item: Sequence[int] | np.ndarray,
        played_at: Sequence[float] | np.ndarray,
        ms_played: Sequence[float] | np.ndarray | None = None,
        skipped: Sequence[int] | np.ndarray | None = None,
        excluded: Sequence[bool] | np.ndarray | None = None,
        session: Sequence[int] | np.ndarray | None = None,
    ) -> Plays:
        """Make a :class:`Plays` from columns, sorting by time and numbering sessions.

        Parameters
        ----------
        item, played_at : array-like
            Item index (-1 unmatched) and start time of every play.
        ms_played, skipped, excluded : array-like, optional
            Default to unknown / unknown / not excluded.
        session : array-like, optional
            Session numbers; computed with :func:`sessionize` when absent.
        """
        item_a = np.asarray(item, dtype=np.int32).reshape(-1)
        n = item_a.shape[0]
        at = np.asarray(played_at, dtype=np.float64).reshape(-1)
        ms = (
            np.full(n, np.nan, np.float32)
            if ms_played is None
            else np.asarray(ms_played, dtype=np.float32).reshape(-1)
        )
        sk = (
            np.full(n, SKIP_UNKNOWN, np.int8)
            if skipped is None
            else np.asarray(skipped, dtype=np.int8).reshape(-1)
        )
        ex = np.zeros(n, bool) if excluded is None else np.asarray(excluded, dtype=bool).reshape(-1)
        if not (at.shape[0] == ms.shape[0] == sk.shape[0] == ex.shape[0] == n):
            raise ValueError("play columns differ in length")
        order = np.argsort(at, kind="stable")
        item_a, at, ms, sk, ex = item_a[order], at[order], ms[order], sk[order], ex[order]
        if session is None:
            sess = sessionize(at)
        else:
            sess = np.asarray(session, dtype=np.int32).reshape(-1)[order]
        return cls(item_a, at, ms, sk, sess, ex)

    def select(self, mask: np.ndarray) -> Plays:
        """The plays where ``mask`` is true (order kept)."""
        return Plays(
            self.item[mask],
            self.played_at[mask],
            self.ms_played[mask],
            self.skipped[mask],
            self.session[mask],
            self.excluded[mask],
        )

    def taste(self) -> Plays:
        """Plays that count for taste: matched to an item and not excluded."""
        return self.select((self.item >= 0) & ~self.excluded)


def sessionize(played_at: np.ndarray, *, gap: float = SESSION_GAP_SECONDS) -> np.ndarray:
    """Session numbers for sorted start times: a new session starts after a gap > ``gap`` s.

    Parameters
    ----------
    played_at : float64 [n]
        Sorted unix seconds.
    gap : float
        Longest pause inside one session, in seconds.

    Returns
    -------
    int32 [n]
        0, 0, 0, 1, 1, 2, ...
    """
    at = np.asarray(played_at, dtype=np.float64)
    if at.size == 0:
        return np.zeros(0, np.int32)
    breaks = np.concatenate([[0], (np.diff(at) > gap).astype(np.int32)])
    return np.cumsum(breaks).astype(np.int32)


@dataclass
class TrainingData:
    """Everything a recommender may learn from, for one library and one moment ``as_of``.

    Items are the library's tracks in one fixed order; item ``i`` is catalog track
    ``track_ids[i]``. Text fields are folded (:func:`analysis.identity.fold`) so that "The
    Beatles" and "the beatles" are one artist; the empty string means unknown.

    Attributes
    ----------
    track_ids : int64 [n]
        Catalog ids (or synthetic ids for a virtual library).
    titles, artists, albums, album_artists, composers : list of str [n]
        Folded tags. ``albums`` holds the album key ``"<album artist or artist>|<album>"`` so that
        two different albums called "Greatest Hits" stay apart; "" when there is no album.
    genres : list of list of str [n]
        Folded genre tags, possibly several per item.
    years : int32 [n]
        Release year, 0 when unknown.
    added_at : float64 [n]
        When the track entered the library (unix seconds); 0 when unknown.
    features : float32 [n, d] or None
        Standardised audio feature vectors; rows of items without analysis are zeros and flagged
        False in ``has_features``. ``None`` when no item has features (e.g. a virtual library).
    has_features : bool [n]
    feature_version : str
        Version of the audio features ("" when there are none).
    plays : Plays
        Individual plays up to ``as_of``.
    likes, dislikes, bans : int array
        Item indices the person liked, disliked or banned (bans are never recommended).
    banned_artists : set of str
        Folded artist names the person banned.
    play_count, skip_count : float32 [n]
        Imported aggregate counts (player libraries), 0 when unknown; individual plays are NOT
        included here.
    rating : float32 [n]
        Imported rating in 0..1, NaN when unrated.
    last_played : float64 [n]
        Imported last-played time, NaN when unknown.
    as_of : float
        "Now" in unix seconds; nothing after it is in the data.
    """

    track_ids: np.ndarray
    titles: list[str]
    artists: list[str]
    albums: list[str]
    album_artists: list[str]
    composers: list[str]
    genres: list[list[str]]
    years: np.ndarray
    added_at: np.ndarray
    features: np.ndarray | None
    has_features: np.ndarray
    feature_version: str
    plays: Plays
    likes: np.ndarray
    dislikes: np.ndarray
    bans: np.ndarray
    banned_artists: set[str]
    play_count: np.ndarray
    skip_count: np.ndarray
    rating: np.ndarray
    last_played: np.ndarray
    as_of: float
    _index: dict[int, int] | None = field(default=None, repr=False, compare=False)

    @property
    def n_items(self) -> int:
        return int(self.track_ids.shape[0])

    def index_of(self, track_id: int) -> int | None:
        """Item index of a catalog id, or ``None`` when the id is not in this data."""
        if self._index is None:
            self._index = {int(t): i for i, t in enumerate(self.track_ids)}
        return self._index.get(int(track_id))

    def fingerprint(self) -> str:
        """A short hash of the library (ids and tags), to detect a model trained on another one."""
        return library_fingerprint(self.track_ids, self.artists, self.albums)

    def taste_plays(self) -> Plays:
        """Plays that count for taste (matched, not excluded)."""
        return self.plays.taste()

    def played_counts(self) -> np.ndarray:
        """float32 [n]: individual taste plays per item (imported aggregates not included)."""
        p = self.taste_plays()
        return np.bincount(p.item, minlength=self.n_items).astype(np.float32)

    def artist_codes(self) -> tuple[np.ndarray, list[str]]:
        """int32 [n] artist number per item (-1 unknown) and the artist names."""
        return factorize(self.artists)

    def album_codes(self) -> tuple[np.ndarray, list[str]]:
        """int32 [n] album number per item (-1 unknown) and the album keys."""
        return factorize(self.albums)

    def with_as_of(self, as_of: float) -> TrainingData:
        """A copy of this data seen from an earlier moment: plays after ``as_of`` dropped."""
        keep = self.plays.played_at <= as_of
        copy = TrainingData(**{k: getattr(self, k) for k in _FIELD_NAMES if k != "_index"})
        copy.plays = self.plays.select(keep)
        copy.last_played = np.where(self.last_played <= as_of, self.last_played, np.nan)
        copy.as_of = float(as_of)
        return copy

    @classmethod
    def from_items(
        cls,
        items: Sequence[dict[str, Any]],
        *,
        plays: Plays | None = None,
        features: np.ndarray | None = None,
        feature_version: str = "",
        as_of: float | None = None,
        likes: Iterable[int] = (),
        dislikes: Iterable[int] = (),
        bans: Iterable[int] = (),
        banned_artists: Iterable[str] = (),
    ) -> TrainingData:
        """Build data from plain item dicts (tests, benchmarks, the virtual evaluation library).

        Parameters
        ----------
        items : sequence of dict
            Keys ``id`` (required) and optionally ``title``, ``artist``, ``album``,
            ``album_artist``, ``composer``, ``genres`` (list) or ``genre``, ``year``,
            ``added_at``, ``play_count``, ``skip_count``, ``rating`` (0..1), ``last_played``.
            Text is folded here.
        plays : Plays, optional
            Plays with item indices into ``items``; plays after ``as_of`` are dropped.
        features : float32 [n, d], optional
            Audio vectors; all-zero or NaN rows count as "not analysed".
        as_of : float, optional
            "Now"; defaults to the last play (or 0 without plays).
        """
        n = len(items)
        folds = _Folds()  # artists, albums and genres repeat: each distinct text folded once
        track_ids = np.array([int(it["id"]) for it in items], dtype=np.int64)
        artists = [folds[it.get("artist")] for it in items]
        album_artists = [folds[it.get("album_artist")] for it in items]
        albums = [
            _album_key(folds, it.get("album"), it.get("album_artist") or it.get("artist"))
            for it in items
        ]
        genres = []
        for it in items:
            values = it.get("genres") or ([it["genre"]] if it.get("genre") else [])
            genres.append([g for g in (folds[v] for v in values) if g])
        plays = plays if plays is not None else Plays.empty()
        if as_of is None:
            as_of = float(plays.played_at[-1]) if len(plays) else 0.0
        plays = plays.select(plays.played_at <= as_of)
        feats, has = _clean_features(features, n)

        def col(key: str, default: float, dtype: Any) -> np.ndarray:
            return np.array(
                [default if it.get(key) is None else it[key] for it in items], dtype=dtype
            )

        return cls(
            track_ids=track_ids,
            titles=[fold(it.get("title")) for it in items],
            artists=artists,
            albums=albums,
            album_artists=album_artists,
            composers=[folds[it.get("composer")] for it in items],
            genres=genres,
            years=col("year", 0, np.int32),
            added_at=col("added_at", 0.0, np.float64),
            features=feats,
            has_features=has,
            feature_version=feature_version if feats is not None else "",
            plays=plays,
            likes=np.unique(np.asarray(list(likes), dtype=np.int64)),
            dislikes=np.unique(np.asarray(list(dislikes), dtype=np.int64)),
            bans=np.unique(np.asarray(list(bans), dtype=np.int64)),
            banned_artists={fold(a) for a in banned_artists if fold(a)},
            play_count=col("play_count", 0.0, np.float32),
            skip_count=col("skip_count", 0.0, np.float32),
            rating=col("rating", np.nan, np.float32),
            last_played=col("last_played", np.nan, np.float64),
            as_of=float(as_of),
        )


_FIELD_NAMES = [f for f in TrainingData.__dataclass_fields__]


def by_code(values: np.ndarray, codes: np.ndarray, default: Any = 0) -> np.ndarray:
    """``values[codes]``, with ``default`` where a code is -1 (no artist, no album).

    Safe when ``values`` is empty: a library without a single artist or album tag has no codes
    at all, where ``values[np.maximum(codes, 0)]`` fails.

    Parameters
    ----------
    values : ndarray
        One value per code (per artist, per album).
    codes : ndarray of int
        Codes into ``values``, -1 for none.
    default : scalar
        The value for code -1.
    """
    codes = np.asarray(codes)
    out = np.full(
        codes.shape, default, dtype=np.result_type(values.dtype, np.min_scalar_type(default))
    )
    known = codes >= 0
    if values.size and known.any():
        out[known] = values[codes[known]]
    return out


def album_key(album: str | None, artist: str | None) -> str:
    """The album identity used by every model: folded ``"artist|album"``, "" without album."""
    name = fold(album)
    return f"{fold(artist)}|{name}" if name else ""


class _Folds(dict[Any, str]):
    """:func:`~analysis.identity.fold` of each distinct text, computed on first lookup."""

    def __missing__(self, text: Any) -> str:
        value = self[text] = fold(text)
        return value


def _album_key(folds: _Folds, album: str | None, artist: str | None) -> str:
    """:func:`album_key` through a cache of folded texts."""
    name = folds[album]
    return f"{folds[artist]}|{name}" if name else ""


def library_fingerprint(
    track_ids: np.ndarray, artists: Sequence[str], albums: Sequence[str]
) -> str:
    """A 16-hex-digit hash of item ids and their artist/album keys, in item order."""
    import hashlib

    h = hashlib.blake2b(digest_size=8)
    h.update(np.ascontiguousarray(track_ids, dtype=np.int64).tobytes())
    for a, b in zip(artists, albums):
        h.update(a.encode("utf-8", "replace"))
        h.update(b"\x1f")
        h.update(b.encode("utf-8", "replace"))
        h.update(b"\x1e")
    return h.hexdigest()


def factorize(
    values: Sequence[str], *, dtype: type[np.integer] = np.int32
) -> tuple[np.ndarray, list[str]]:
    """Integer codes for string values in order of first appearance; "" becomes -1.

    Returns
    -------
    codes : np.ndarray
        One code per value.
    names : list of str
        ``names[code]`` is the value.
    """
    names: dict[str, int] = {}
    codes = np.empty(len(values), dtype=dtype)
    for i, v in enumerate(values):
        if not v:
            codes[i] = -1
            continue
        code = names.get(v)
        if code is None:
            code = names[v] = len(names)
        codes[i] = code
    return codes, list(names)


def _clean_features(features: np.ndarray | None, n: int) -> tuple[np.ndarray | None, np.ndarray]:
    if features is None:
        return None, np.zeros(n, bool)
    feats = np.asarray(features, dtype=np.float32)
    if feats.ndim != 2 or feats.shape[0] != n:
        raise ValueError(f"features must be [n_items={n}, d], got {feats.shape}")
    finite = np.isfinite(feats).all(axis=1)
    feats = np.where(np.isfinite(feats), feats, 0.0).astype(np.float32)
    has = finite & (np.abs(feats).sum(axis=1) > 0)
    if not has.any():
        return None, np.zeros(n, bool)
    return feats, has


# -- the interface ----------------------------------------------------------------------------


class Recommender(ABC):
    """Base class of every recommender (baselines and the hybrid model).

    Subclasses set :attr:`name`, implement :meth:`fit`, :meth:`_score_taste`,
    :meth:`_score_next`, :meth:`_state` / :meth:`_restore`, and may override :meth:`similar`
    and :meth:`embeddings`. Saving writes ``arrays.npz`` (numpy arrays only, loaded with
    ``allow_pickle=False``) and ``meta.json`` into one directory.
    """

    #: Registry name (``"random"``, ``"popularity"``, ``"hybrid"``, ...).
    name: ClassVar[str] = "base"
    #: Bump when the saved layout of a subclass changes; a mismatching file is retrained.
    version: ClassVar[int] = 1

    def __init__(self) -> None:
        self.track_ids: np.ndarray | None = None
        self.fingerprint: str = ""
        self.feature_version: str = ""
        self.as_of: float = 0.0
        self.seed: int = 0

    # public API

    def fit(self, data: TrainingData, *, seed: int = 0) -> Recommender:
        """Learn from ``data``; deterministic for a given ``seed``. Returns ``self``."""
        self.track_ids = data.track_ids.copy()
        self.fingerprint = data.fingerprint()
        self.feature_version = data.feature_version
        self.as_of = float(data.as_of)
        self.seed = int(seed)
        self._fit(data, np.random.default_rng(seed), seed)
        return self

    def score_next(
        self, context_items: np.ndarray | Sequence[int], items: np.ndarray
    ) -> np.ndarray:
        """Next-track scores of ``items`` only: ``score(context_items=...)[items]``.

        A radio asks this fifty times over its pool of a few thousand tracks; a model that can
        score a subset (the hybrid) does not score the whole library each time.

        Parameters
        ----------
        context_items : int array
            Item indices just played, oldest first (not empty).
        items : int array
            The items to score.

        Returns
        -------
        float32 [len(items)]
        """
        return self.score(context_items=context_items)[np.asarray(items, dtype=np.int64)]

    def score(self, *, context_items: np.ndarray | Sequence[int] | None = None) -> np.ndarray:
        """Scores for every item, higher is better.

        Parameters
        ----------
        context_items : int array, optional
            Item indices just played, oldest first. Without it: the person's overall taste (the
            discover ranking). With it: how likely each item is to be the NEXT one played.

        Returns
        -------
        float32 [n_items]
            Finite everywhere; banned items get the lowest value.
        """
        self._check_fitted()
        if context_items is None:
            out = self._score_taste()
        else:
            ctx = np.asarray(context_items, dtype=np.int64).reshape(-1)
            ctx = ctx[(ctx >= 0) & (ctx < self.n_items)]
            out = self._score_taste() if ctx.size == 0 else self._score_next(ctx)
        return np.nan_to_num(np.asarray(out, dtype=np.float32), nan=-1e9, neginf=-1e9, posinf=1e9)

    def similar(self, item: int, count: int) -> list[tuple[int, float]]:
        """The ``count`` items most similar to ``item`` (itself excluded), best first.

        The default uses next-track scores from ``item``; models with embeddings override it.
        """
        self._check_fitted()
        scores = self._score_next(np.array([item], dtype=np.int64)).astype(np.float32)
        return top_k(scores, count, exclude=[item])

    def update(self, data: TrainingData) -> bool:
        """Cheap refresh after new plays or feedback, without retraining.

        ``data`` must describe the same library (same :meth:`TrainingData.fingerprint`).
        Returns ``True`` when the model absorbed the new data, ``False`` when only a full
        :meth:`fit` can (the default).
        """
        return False

    def embeddings(self) -> np.ndarray | None:
        """float32 [n_items, k] item vectors for clustering and maps, or ``None``."""
        return None

    @property
    def n_items(self) -> int:
        return 0 if self.track_ids is None else int(self.track_ids.shape[0])

    def metadata(self) -> dict[str, Any]:
        """What ``meta.json`` holds: enough to decide whether the model may be reused."""
        return {
            "model": self.name,
            "model_version": self.version,
            "fingerprint": self.fingerprint,
            "feature_version": self.feature_version,
            "as_of": self.as_of,
            "seed": self.seed,
            "n_items": self.n_items,
        }

    def save(self, directory: Path) -> None:
        """Write the model to ``directory`` (created; files replaced atomically)."""
        self._check_fitted()
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        arrays, extra = self._state()
        assert self.track_ids is not None
        arrays = {"track_ids": self.track_ids, **arrays}
        with atomic_open(directory / "arrays.npz") as fh:
            np.savez(fh, **arrays)  # type: ignore[arg-type]
        meta = {**self.metadata(), "extra": extra}
        write_json_atomic(directory / "meta.json", meta)

    @classmethod
    def load(cls, directory: Path) -> Recommender:
        """Read a model written by :meth:`save` (``allow_pickle=False``).

        Raises
        ------
        ValueError
            When the files belong to another model or layout version.
        """
        directory = Path(directory)
        meta = json.loads((directory / "meta.json").read_text(encoding="utf-8"))
        if meta.get("model") != cls.name or meta.get("model_version") != cls.version:
            raise ValueError(
                f"{directory} holds model {meta.get('model')!r} "
                f"v{meta.get('model_version')}, not {cls.name!r} v{cls.version}"
            )
        with np.load(directory / "arrays.npz", allow_pickle=False) as npz:
            arrays = {k: npz[k] for k in npz.files}
        obj = cls.__new__(cls)
        Recommender.__init__(obj)
        obj.track_ids = arrays.pop("track_ids").astype(np.int64)
        obj.fingerprint = meta["fingerprint"]
        obj.feature_version = meta["feature_version"]
        obj.as_of = float(meta["as_of"])
        obj.seed = int(meta["seed"])
        obj._restore(arrays, meta.get("extra") or {})
        return obj

    # for subclasses

    @abstractmethod
    def _fit(self, data: TrainingData, rng: np.random.Generator, seed: int) -> None: ...

    @abstractmethod
    def _score_taste(self) -> np.ndarray: ...

    @abstractmethod
    def _score_next(self, context: np.ndarray) -> np.ndarray: ...

    @abstractmethod
    def _state(self) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
        """Arrays (saved in ``arrays.npz``) and JSON-able extras (in ``meta.json``)."""

    @abstractmethod
    def _restore(self, arrays: dict[str, np.ndarray], extra: dict[str, Any]) -> None: ...

    def _check_fitted(self) -> None:
        if self.track_ids is None:
            raise RuntimeError(f"{type(self).__name__} is not fitted")


def top_k(
    scores: np.ndarray, count: int, *, exclude: Iterable[int] = ()
) -> list[tuple[int, float]]:
    """The ``count`` best (index, score) pairs, best first, ties broken by lower index.

    Uses ``argpartition`` so a 100,000-item ranking costs well under a millisecond.
    """
    s = np.asarray(scores, dtype=np.float64).copy()
    ex = np.asarray(list(exclude), dtype=np.int64)
    if ex.size:
        s[ex[(ex >= 0) & (ex < s.size)]] = -np.inf
    count = max(0, min(int(count), int(np.isfinite(s).sum())))
    if count == 0:
        return []
    part = np.argpartition(-s, count - 1)[:count] if count < s.size else np.arange(s.size)
    order = part[np.lexsort((part, -s[part]))]
    return [(int(i), float(s[i])) for i in order]


def recency_weights(played_at: np.ndarray, as_of: float, *, half_life_days: float) -> np.ndarray:
    """float64 weights ``0.5 ** (age / half_life)``: taste drifts, recent plays weigh more."""
    age = np.maximum(as_of - np.asarray(played_at, dtype=np.float64), 0.0) / DAY
    return np.power(0.5, age / half_life_days)


def write_json_atomic(path: Path, payload: Any) -> None:
    """Write JSON to ``path`` through a temporary file and a rename (never half-written)."""
    text = json.dumps(payload, indent=2, ensure_ascii=False, allow_nan=False, default=_json_number)
    write_atomic(path, text)


def _json_number(value: Any) -> Any:
    if isinstance(value, np.generic):
        v = value.item()
        return None if isinstance(v, float) and not math.isfinite(v) else v
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def infer_skip(ms_played: float | None, duration_ms: float | None) -> bool | None:
    """Skip inferred from the time listened when the source has no flag.

    Less than half the track (:data:`SKIP_FRACTION`), or under 30 s when the length is unknown.
    ``None`` when nothing is known.
    """
    if ms_played is None or not np.isfinite(ms_played):
        return None
    if duration_ms is not None and np.isfinite(duration_ms) and duration_ms > 0:
        return bool(ms_played < SKIP_FRACTION * duration_ms)
    return bool(ms_played < SKIP_MS_UNKNOWN_DURATION)


#: Reciprocal-rank fusion constant, ``1 / (FUSION_K + place)`` (the usual 60): the taste guard's
#: fusion of its best rankers and the lists' fusions of the taste order with the artist signals.
FUSION_K = 60.0


def places(*keys: np.ndarray) -> np.ndarray:
    """Each item's place (0 = first) in the order by ``keys``, descending, last key primary
    (the lists' and the taste guard's reciprocal-rank fusions).

    Parameters
    ----------
    *keys : ndarray
        One value per item each; earlier keys break the ties of later ones.

    Returns
    -------
    ndarray of float64
        The places, a permutation of ``0 .. n - 1``.
    """
    order = np.lexsort(tuple(-np.asarray(k, dtype=np.float64) for k in keys))
    places = np.empty(order.size, dtype=np.float64)
    places[order] = np.arange(order.size, dtype=np.float64)
    return places
