"""What every generator reads: the options, the records it returns, and :class:`PlaylistContext`
(the library, the history up to ``as_of``, the model and the audio descriptors).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from analysis.errors import DeepCutsError
from recommender.models.base import (
    DAY,
    SESSION_GAP_SECONDS,
    SKIPPED,
    Recommender,
    TrainingData,
    by_code,
    factorize,
)
from recommender.playlists import reasons as r
from recommender.playlists.diversity import artist_key, select
from recommender.playlists.helpers import (
    _describe,
    _scale,
    _times,
    _unit,
)
from recommender.playlists.reasons import Reason

# -- records ------------------------------------------------------------------------------------


@dataclass(slots=True)
class Pick:
    """One track of a generated playlist: item index, catalog id, score and reason."""

    item: int
    track_id: int
    score: float
    reason: str


@dataclass(slots=True)
class Mix:
    """A named playlist, as ``daily`` makes several."""

    name: str
    picks: list[Pick]


@dataclass(slots=True)
class Options:
    """Settings every generator takes.

    Attributes
    ----------
    count : int
        Tracks wanted (per mix for ``daily``).
    adventure : float
        0 = familiar, 1 = adventurous.
    seed : int
        Same seed, same list.
    max_per_artist : int or None
        At most this many tracks per artist; ``None`` picks ``max(2, count // 10)``.
    artist_gap : int
        An artist may not reappear within this many positions (1: never adjacent).
    hold_back_days : float
        Tracks played this recently are held back.
    """

    count: int = 50
    adventure: float = 0.3
    seed: int = 0
    max_per_artist: int | None = None
    artist_gap: int = 1
    hold_back_days: float = 3.0

    def per_artist(self) -> int:
        return self.max_per_artist if self.max_per_artist else max(2, self.count // 10)


@dataclass
class LibraryMeta:
    """Display fields of the items, in the order of ``TrainingData.track_ids``."""

    titles: list[str]
    artists: list[str]
    albums: list[str]
    paths: list[str]
    durations: np.ndarray
    path_raw: list[bytes] | None = None

    @classmethod
    def from_items(cls, items: Sequence[dict[str, Any]]) -> LibraryMeta:
        """From the item dicts given to :meth:`TrainingData.from_items` (tests, benchmarks)."""
        return cls(
            titles=[it.get("title") or "" for it in items],
            artists=[it.get("artist") or "" for it in items],
            albums=[it.get("album") or "" for it in items],
            paths=[str(it.get("path") or "") for it in items],
            durations=np.array(
                [np.nan if it.get("duration") is None else it["duration"] for it in items],
                dtype=np.float64,
            ),
        )

    @classmethod
    def from_catalog(cls, catalog: Any, track_ids: np.ndarray) -> LibraryMeta:
        """Read the fields of ``track_ids`` from the catalog (one query, no Track objects)."""
        rows = catalog.conn.execute(
            "SELECT id, path, path_raw, title, artist, album, duration FROM tracks "
            "WHERE missing = 0 AND error IS NULL"
        )
        by_id = {int(r[0]): r for r in rows}
        titles, artists, albums, paths, raws, durs = [], [], [], [], [], []
        for tid in track_ids.tolist():
            r = by_id.get(int(tid))
            if r is None:
                raise DeepCutsError(f"track {tid} is no longer in the catalog; train again")
            paths.append(r[1])
            raws.append(bytes(r[2]))
            titles.append(r[3] or os.path.splitext(os.path.basename(r[1]))[0])
            artists.append(r[4] or "")
            albums.append(r[5] or "")
            durs.append(np.nan if r[6] is None else float(r[6]))
        return cls(
            titles=titles,
            artists=artists,
            albums=albums,
            paths=paths,
            durations=np.array(durs, dtype=np.float64),
            path_raw=raws,
        )


# -- the context ---------------------------------------------------------------------------------


class PlaylistContext:
    """Everything the generators read, computed once per library, history and model.

    Parameters
    ----------
    data : TrainingData
        The library and the history up to ``data.as_of``.
    meta : LibraryMeta
        Display fields in the same item order.
    model : Recommender, optional
        A fitted model over the same items; without one a content-and-affinity fallback ranks.
    descriptors : dict, optional
        ``track id -> analysis.feature_store.Descriptors`` for ``mood`` and reasons.
    """

    def __init__(
        self,
        data: TrainingData,
        meta: LibraryMeta,
        *,
        model: Recommender | None = None,
        descriptors: dict[int, Any] | None = None,
    ) -> None:
        n = data.n_items
        if len(meta.titles) != n:
            raise ValueError(f"meta has {len(meta.titles)} items, data has {n}")
        if model is not None and not _fits(model, data):
            raise DeepCutsError("the model was trained on another library; train again")
        self.data = data
        self.meta = meta
        self.model = model
        self.n = n
        self.now = float(data.as_of)
        self._descriptors_by_id = descriptors or {}
        self._content: np.ndarray | None = None
        self._favourite_artist_plays: float | None = None  # "you play X a lot" threshold
        self._desc_arrays: tuple[np.ndarray, tuple[np.ndarray, ...]] | None = None

        self.artist_keys, self.version_keys = _diversity_keys(meta)
        self.artist_codes, self.artist_names = factorize(self.artist_keys, dtype=np.int64)
        self.album_codes, _ = factorize(data.albums, dtype=np.int64)
        # one song, several files: plays of any version count for the song (computed once:
        # a play changes no key, so add_play does not redo this string work)
        self.song_codes, _ = factorize(self.version_keys, dtype=np.int64)

        self._count_history(data)
        self.blocked = self._blocked(data) | _interludes(data, meta.durations)

        # ranking and space
        self.taste = self._taste_scores()
        self.embeddings = self._embeddings()
        self._anchors: np.ndarray | None = None

    def _count_history(self, data: TrainingData) -> None:
        """Play counts, last plays and affinity per item, counted per song across its files,
        and plays per artist."""
        n = self.n
        plays = data.taste_plays()
        self.plays = plays
        self.play_count = np.bincount(plays.item, minlength=n).astype(np.float64)
        done = plays.skipped != SKIPPED
        self.finished_count = np.bincount(plays.item[done], minlength=n).astype(np.float64)
        last = np.full(n, -np.inf)
        np.maximum.at(last, plays.item, plays.played_at)
        imported_last = np.nan_to_num(data.last_played, nan=-np.inf)
        self.last_played = np.maximum(last, imported_last)
        self.total_count = self.play_count + data.play_count.astype(np.float64)
        n_songs = int(self.song_codes.max()) + 1 if n else 0
        song_total = np.bincount(self.song_codes, weights=self.total_count, minlength=n_songs)
        self.song_count = song_total[self.song_codes] if n else np.zeros(0)
        song_last = np.full(n_songs, -np.inf)
        np.maximum.at(song_last, self.song_codes, self.last_played)
        self.song_last_played = song_last[self.song_codes] if n else np.zeros(0)
        self.heard = _heard_songs(data, self.song_codes)
        self.affinity = _affinity(data, plays)
        self.has_history = bool(
            len(plays) or data.play_count.any() or data.likes.size or np.isfinite(data.rating).any()
        )
        self.artist_plays = np.bincount(
            self.artist_codes[self.artist_codes >= 0],
            weights=self.total_count[self.artist_codes >= 0],
            minlength=len(self.artist_names),
        )

    def _blocked(self, data: TrainingData) -> np.ndarray:
        """What may never appear: banned and disliked tracks, every track of a banned artist."""
        blocked = np.zeros(self.n, dtype=bool)
        for arr in (data.bans, data.dislikes):
            if arr.size:
                blocked[arr] = True
        if data.banned_artists:
            banned_keys = {artist_key(a) for a in data.banned_artists} | set(data.banned_artists)
            blocked |= np.fromiter(
                (
                    a in data.banned_artists or k in banned_keys
                    for a, k in zip(data.artists, self.artist_keys)
                ),
                dtype=bool,
                count=self.n,
            )
        return blocked

    def add_play(
        self, item: int, played_at: float, *, ms_played: float | None = None, skipped: bool = False
    ) -> None:
        """Take one new play into the context in place, instead of building it again.

        The counts, last plays, heard songs, artist plays and affinity are recounted from the
        plays (linear, no string work); the model's scores and the vectors stay as they are
        (the model absorbs new plays when it is next loaded or trained). "Now" moves to the
        play when it is later.

        Parameters
        ----------
        item : int
            Item index of the played track.
        played_at : float
            Unix seconds.
        ms_played : float, optional
            How long it played.
        skipped : bool
            Whether it was skipped.
        """
        from recommender.models.base import Plays

        p = self.data.plays
        if len(p) and played_at < float(p.played_at[-1]):  # out of order: sort and renumber
            self.data.plays = Plays.build(
                item=np.append(p.item, item),
                played_at=np.append(p.played_at, played_at),
                ms_played=np.append(p.ms_played, np.nan if ms_played is None else ms_played),
                skipped=np.append(p.skipped, SKIPPED if skipped else 0),
                excluded=np.append(p.excluded, False),
            )
            self._count_history(self.data)
            self._anchors = None
            self._favourite_artist_plays = None
            return
        last_session = int(p.session[-1]) if len(p) else -1
        new_session = len(p) == 0 or played_at - float(p.played_at[-1]) > SESSION_GAP_SECONDS
        self.data.plays = Plays(
            np.append(p.item, np.int32(item)),
            np.append(p.played_at, float(played_at)),
            np.append(p.ms_played, np.nan if ms_played is None else float(ms_played)),
            np.append(p.skipped, np.int8(SKIPPED if skipped else 0)).astype(p.skipped.dtype),
            np.append(p.session, np.int32(last_session + 1 if new_session else last_session)),
            np.append(p.excluded, False),
        )
        if played_at > self.data.as_of:
            self.data.as_of = float(played_at)
            self.now = float(played_at)
        self._count_history(self.data)
        self._anchors = None
        self._favourite_artist_plays = None

    def apply_feedback(self, feedback: Any) -> None:
        """Block what the history store's feedback bans or dislikes (newest word wins there).

        Parameters
        ----------
        feedback : recommender.history.FeedbackSet
            ``banned`` and ``disliked`` catalog ids and ``banned_artists`` keys (folded with
            :func:`recommender.history.matching.artist_key`, checked against artist and album artist).
        """
        for tid in set(getattr(feedback, "banned", ())) | set(getattr(feedback, "disliked", ())):
            index = self.data.index_of(int(tid))
            if index is not None:
                self.blocked[index] = True
        banned = set(getattr(feedback, "banned_artists", ()))
        if banned:
            from recommender.history.matching import artist_key as match_key

            cache: dict[str, bool] = {}
            for i, name in enumerate(self.meta.artists):
                if name not in cache:
                    cache[name] = bool(name) and match_key(name) in banned
                if cache[name]:
                    self.blocked[i] = True
        self._anchors = None

    # -- building blocks ------------------------------------------------------------------------

    def _taste_scores(self) -> np.ndarray:
        if self.model is not None:
            scores = self.model.score().astype(np.float64)
        else:
            scores = self._fallback_taste()
        # Recommenders push banned items to a huge negative sentinel; left in, it would squash
        # every other score to 1.0 after min-max scaling. Blocked items are excluded anyway.
        scores = np.where(np.isfinite(scores) & (scores > -1e6), scores, np.nan)
        return _unit(scores)

    def _fallback_taste(self) -> np.ndarray:
        """Cosine to the affinity-weighted mean of the content vectors plus artist affinity."""
        if not self.has_history:
            return np.zeros(self.n)
        emb = self._content_embeddings()
        w = np.clip(self.affinity, 0.0, None)
        profile = emb.T @ w
        cos = emb @ (profile / max(float(np.linalg.norm(profile)), 1e-9))
        artist_aff = np.zeros(self.n)
        known = self.artist_codes >= 0
        per_artist = np.bincount(
            self.artist_codes[known], weights=w[known], minlength=len(self.artist_names)
        )
        artist_aff[known] = np.log1p(per_artist[self.artist_codes[known]])
        return cos + 0.3 * _unit(artist_aff)

    def _embeddings(self) -> np.ndarray:
        emb = self.model.embeddings() if self.model is not None else None
        if emb is None or emb.shape[0] != self.n:
            emb = self._content_embeddings()
        emb = np.asarray(emb, dtype=np.float32)
        norms = np.linalg.norm(emb, axis=1, keepdims=True)
        return emb / np.maximum(norms, 1e-9)

    def _content_embeddings(self) -> np.ndarray:
        """Dense content vectors for a model without embeddings (or no model).

        The standardised audio vector (when analysed) next to a 32-dimensional tag part: a
        fixed random vector per artist, album, genre and decade, summed (a seeded random
        projection of the tag tokens), so that tracks sharing tags point the same way.
        Linear in the library size.
        """
        if self._content is not None:
            return self._content
        rng = np.random.default_rng(20261129)
        data = self.data
        tags = np.zeros((self.n, 32), dtype=np.float32)

        def add(codes: np.ndarray, weight: float) -> None:
            known = codes >= 0
            if known.any():
                table = rng.standard_normal((int(codes.max()) + 1, 32)).astype(np.float32)
                tags[known] += weight * table[codes[known]]

        add(self.artist_codes, 1.0)
        add(self.album_codes, 0.7)
        genre_codes, _ = factorize([g[0] if g else "" for g in data.genres], dtype=np.int64)
        add(genre_codes, 0.8)
        add(np.where(data.years > 0, data.years // 10, -1).astype(np.int64), 0.3)
        tags /= np.maximum(np.linalg.norm(tags, axis=1, keepdims=True), 1e-9)
        parts = [tags]
        if data.features is not None:
            audio = data.features * data.has_features[:, None]
            audio = audio / np.maximum(np.linalg.norm(audio, axis=1, keepdims=True), 1e-9)
            parts.insert(0, audio.astype(np.float32))
        dense = np.hstack(parts)
        norms = np.linalg.norm(dense, axis=1, keepdims=True)
        self._content = (dense / np.maximum(norms, 1e-9)).astype(np.float32)
        return self._content

    def recent_mask(self, opts: Options) -> np.ndarray:
        """Items whose song (any version) was played within ``opts.hold_back_days`` of now."""
        return self.song_last_played >= self.now - opts.hold_back_days * DAY

    def descriptor_arrays(self) -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
        """``has`` [n] and the mood scales [n]: energy, tempo, brightness, acousticness (each on
        0..1, see :func:`_scale`; computed over the analysed tracks), major, minor (0 or 1)."""
        if self._desc_arrays is None:
            cols = np.zeros((6, self.n), dtype=np.float64)
            has = np.zeros(self.n, dtype=bool)
            if self._descriptors_by_id:
                for i, tid in enumerate(self.data.track_ids.tolist()):
                    d = self._descriptors_by_id.get(tid)
                    if d is not None:
                        has[i] = True
                        cols[:, i] = (
                            d.bpm,
                            d.energy,
                            d.brightness,
                            d.acousticness,
                            d.mode == "major",
                            d.mode == "minor",
                        )
            scaled = np.zeros((6, self.n), dtype=np.float64)
            if has.any():
                bpm, energy, bright, acoustic, major, minor = cols[:, has]
                for row, values in enumerate((energy, np.clip(bpm, 40, 200), bright, acoustic)):
                    scaled[row, has] = _scale(values)
                scaled[4, has], scaled[5, has] = major, minor
            self._desc_arrays = (has, tuple(scaled))
        return self._desc_arrays

    def descriptor(self, item: int) -> Any | None:
        return self._descriptors_by_id.get(int(self.data.track_ids[item]))

    def pick(self, item: int, score: float, reason: str) -> Pick:
        return Pick(
            item=int(item),
            track_id=int(self.data.track_ids[item]),
            score=round(float(score), 4),
            reason=reason,
        )

    def favourites(self, limit: int = 200) -> np.ndarray:
        """Items the person loves most (positive affinity), best first."""
        if self._anchors is None:
            cand = np.flatnonzero((self.affinity > 0) & ~self.blocked)
            order = cand[np.lexsort((cand, -self.affinity[cand]))]
            self._anchors = order[:limit]
        return self._anchors

    def _select(
        self,
        candidates: np.ndarray,
        relevance: np.ndarray,
        opts: Options,
        *,
        novelty: np.ndarray | None = None,
        exclude_versions: Collection[str] = (),
        count: int | None = None,
        pool: int | None = None,
    ) -> np.ndarray:
        """MMR + rules over the best ``pool`` candidates; returns item indices in list order."""
        count = opts.count if count is None else count
        if candidates.size == 0 or count <= 0:
            return np.zeros(0, dtype=np.int64)
        pool = pool or max(400, 12 * count)
        if candidates.size > pool:
            top = np.argpartition(-relevance, pool - 1)[:pool]
            top = top[np.lexsort((candidates[top], -relevance[top]))]
            candidates, relevance = candidates[top], relevance[top]
            novelty = novelty[top] if novelty is not None else None
        chosen = select(
            relevance,
            artists=[self.artist_keys[i] for i in candidates],
            versions=[self.version_keys[i] for i in candidates],
            count=count,
            adventure=opts.adventure,
            seed=opts.seed,
            embeddings=self.embeddings[candidates],
            novelty=novelty,
            max_per_artist=opts.per_artist(),
            artist_gap=opts.artist_gap,
            exclude_versions=exclude_versions,
            albums=[self.data.albums[i] for i in candidates],
        )
        return candidates[np.asarray(chosen, dtype=np.int64)]

    # -- reasons ----------------------------------------------------------------------------

    def _title(self, item: int) -> str:
        return Reason(r.TITLE, title=r.short_name(self.meta.titles[item]))

    def _artist(self, item: int) -> str:
        artist = self.meta.artists[item]
        return r.short_name(artist) if artist else Reason(r.UNKNOWN_ARTIST)

    def _artist_is_favourite(self, item: int) -> bool:
        code = self.artist_codes[item]
        if code < 0:
            return False
        if self._favourite_artist_plays is None:
            played = self.artist_plays[self.artist_plays > 0]
            self._favourite_artist_plays = (
                max(5.0, float(np.quantile(played, 0.8))) if played.size else np.inf
            )
        return bool(self.artist_plays[code] >= self._favourite_artist_plays)

    def _why_loved(self, anchor: int) -> str:
        """ "you play X a lot" or "you played 'Y' 12 times" or "you liked 'Y'"."""
        if self._artist_is_favourite(anchor):
            return Reason(r.PLAY_A_LOT, artist=self._artist(anchor))
        count = int(self.total_count[anchor])
        if count > 1:
            return Reason(r.PLAYED_TIMES, title=self._title(anchor), times=_times(count))
        if self.data.likes.size and anchor in set(self.data.likes.tolist()):
            return Reason(r.LIKED, title=self._title(anchor))
        return Reason(r.PLAYED, title=self._title(anchor))

    def likeness(self, item: int, other: int, *, name: bool = True) -> str:
        """How ``item`` resembles ``other``: "similar tempo and timbre to 'X'", "folk, like 'X'".

        With ``name=False`` the other track's title is left out (the reason already named it).
        """
        title = self._title(other) if name else ""
        parts = self._shared_traits(item, other)
        if parts:
            words = r.and_join([Reason(p) for p in parts])
            if name:
                return Reason(r.SIMILAR_TO, traits=words, title=title)
            return Reason(r.SIMILAR, traits=words)
        shared = set(self.data.genres[item]) & set(self.data.genres[other])
        if shared:
            genre = sorted(shared)[0]
            if name:
                return Reason(r.GENRE_LIKE, genre=genre, title=title)
            return Reason(r.GENRE_LIKE_IT, genre=genre)
        if name and self.artist_keys[item] and self.artist_keys[item] == self.artist_keys[other]:
            return Reason(r.SAME_ARTIST_AS, title=title)
        if self.data.has_features[item] and self.data.has_features[other]:
            return Reason(r.SOUNDS_CLOSE_TO, title=title) if name else Reason(r.CLOSE_IN_SOUND)
        # no sound to compare: the item space is co-listening and tags
        return Reason(r.NEAR_IN_LISTENING, title=title) if name else Reason(r.CLOSE_IN_LISTENING)

    def _shared_traits(self, item: int, other: int) -> list[str]:
        """What two tracks share: tempo, energy, key (audio descriptors), timbre (embeddings)."""
        parts = []
        a, b = self.descriptor(item), self.descriptor(other)
        if a is not None and b is not None:
            if a.bpm > 0 and b.bpm > 0 and abs(a.bpm - b.bpm) / b.bpm < 0.06:
                parts.append(r.TEMPO)
            if abs(a.energy - b.energy) < 0.12:
                parts.append(r.ENERGY)
            if a.key_index >= 0 and a.key_index == b.key_index and a.mode == b.mode:
                parts.append(r.KEY)
        sim = float(self.embeddings[item] @ self.embeddings[other])
        if self.data.has_features[item] and self.data.has_features[other] and sim > 0.7:
            parts.append(r.TIMBRE)
        return parts

    def taste_reason(self, items: np.ndarray) -> list[str]:
        """For each item, the favourite it is closest to and why: the discover-style reason."""
        anchors = self.favourites()
        if anchors.size == 0 or items.size == 0:
            return [self.explore_reason(int(i)) for i in items]
        sims = self.embeddings[items] @ self.embeddings[anchors].T
        sims[items[:, None] == anchors[None, :]] = -np.inf
        out: list[str] = []
        for row, item in enumerate(items.tolist()):
            best = int(np.argmax(sims[row]))
            j = int(anchors[best])
            if sims[row, best] < 0.15:  # nothing the person loves is close: say so
                code = self.artist_codes[item]
                unheard = code >= 0 and self.artist_plays[code] == 0  # unknown: no claim
                who = Reason(r.NEVER_PLAYED_ARTIST if unheard else r.OFF_PATH)
                detail = self._exploring(item)
                out.append(Reason(r.SOMETHING_DIFFERENT, who=who, detail=detail))
                continue
            if (
                self.artist_keys[item]
                and self.artist_keys[item] == self.artist_keys[j]
                and self._artist_is_favourite(j)
            ):
                like = self.likeness(item, j)
                if getattr(like, "template", None) == r.SAME_ARTIST_AS:  # "more X" says it
                    out.append(Reason(r.MORE_OF_ARTIST, artist=self._artist(j)))
                else:
                    out.append(Reason(r.MORE_OF, artist=self._artist(j), likeness=like))
            else:
                why = self._why_loved(j)
                named = self._title(j) in why
                out.append(Reason(r.THEN, a=why, b=self.likeness(item, j, name=not named)))
        return out

    def explore_reason(self, item: int) -> str:
        """An honest reason when there is no history to go on."""
        exploring = self._exploring(item)
        if self.has_history:
            return exploring
        return Reason(r.NO_HISTORY, exploring=exploring)

    def _exploring(self, item: int) -> str:
        """ "exploring your library (72 BPM, low energy, folk)"."""
        parts: list[Any] = []
        d = self.descriptor(item)
        if d is not None:
            parts.append(_describe(d))
        if self.data.genres[item]:
            parts.append(self.data.genres[item][0])
        if parts:
            return Reason(r.EXPLORING_WHAT, what=r.join(parts))
        return Reason(r.EXPLORING)


#: Generated lists leave out interludes: tracks shorter than this many seconds and than
#: :data:`INTERLUDE_OF_MEDIAN` of the library's median length (a soundtrack's five-second
#: "Victory" stinger, a silent hidden track), unless the person liked them. The median keeps
#: the short songs of a library of short songs (grindcore, a child's songs).
INTERLUDE_SECONDS = 30.0
INTERLUDE_OF_MEDIAN = 0.25


def _interludes(data: TrainingData, durations: np.ndarray) -> np.ndarray:
    """Per item, whether it is an interlude (:data:`INTERLUDE_SECONDS`); unknown lengths are
    not."""
    known = np.isfinite(durations) & (durations > 0)
    if not known.any():
        return np.zeros(len(durations), dtype=bool)
    limit = min(INTERLUDE_SECONDS, INTERLUDE_OF_MEDIAN * float(np.median(durations[known])))
    short = known & (np.nan_to_num(durations, nan=np.inf) < limit)
    if data.likes.size:
        short[data.likes] = False
    return short


def _fits(model: Recommender, data: TrainingData) -> bool:
    """Whether a fitted model was trained on exactly these items."""
    return (
        model.track_ids is not None
        and model.n_items == data.n_items
        and np.array_equal(model.track_ids, data.track_ids)
    )


def _diversity_keys(meta: LibraryMeta) -> tuple[list[str], list[str]]:
    """Per item, the artist key and the version key (artist and title, or the file name when
    untitled) the diversity rules compare; artists repeat, so their keys are cached."""
    from recommender.playlists.diversity import fast_fold, title_key

    artist_cache: dict[str, str] = {}
    artist_keys: list[str] = []
    version_keys: list[str] = []
    for title, artist, path in zip(meta.titles, meta.artists, meta.paths):
        akey = artist_cache.get(artist)
        if akey is None:
            akey = artist_cache[artist] = artist_key(artist)
        name = title_key(title) if title else ""
        if not name:
            name = fast_fold(os.path.splitext(os.path.basename(path))[0])
        artist_keys.append(akey)
        version_keys.append(f"{akey}|{name}")
    return artist_keys, version_keys


def _affinity(data: TrainingData, plays: Any) -> np.ndarray:
    """How much the person likes each item: from the plays when there are any, else from
    imported counts, ratings and likes."""
    from recommender.models.signals import item_affinity

    if len(plays):
        return item_affinity(data, half_life_days=120.0).astype(np.float64)
    affinity = data.play_count.astype(np.float64) * 0.5
    rated = np.isfinite(data.rating)
    affinity[rated] += 2.0 * np.clip(data.rating[rated] - 0.5, -0.5, 0.5)
    if data.likes.size:
        affinity[data.likes] += 2.0
    if data.dislikes.size:
        affinity[data.dislikes] -= 2.0
    return affinity


# -- one BLAS thread while a list is built ----------------------------------------------------

_CONTROLLER: Any = None


def _single_threaded(fn: Any) -> Any:
    """Run a generator with one BLAS/OpenMP thread.

    Its matrix products are small (50 x 64 by 64 x 200); a multi-threaded BLAS spends 20-30 ms
    waking threads for each on busy cores where one thread needs 0.3 ms. The controller is made
    once (``threadpoolctl``, installed with scikit-learn), so entering the limit costs ~0.05 ms.
    """
    import functools

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        global _CONTROLLER
        try:
            if _CONTROLLER is None:
                from threadpoolctl import ThreadpoolController

                _CONTROLLER = ThreadpoolController()
            limit = _CONTROLLER.limit(limits=1)
        except Exception:  # pragma: no cover - threadpoolctl missing or unusable
            limit = contextlib.nullcontext()
        with limit:
            return fn(*args, **kwargs)

    return run


def _heard_songs(data: TrainingData, song_codes: np.ndarray) -> np.ndarray:
    """bool [n]: songs (any version) with any play before now: skipped and excluded plays
    count, and so do imported play counts and last-played times. Never a discovery."""
    n = data.n_items
    heard = np.zeros(n, dtype=bool)
    p = data.plays
    heard[p.item[p.item >= 0]] = True
    heard |= (data.play_count > 0) | (data.skip_count > 0) | np.isfinite(data.last_played)
    if not n:
        return heard
    songs = np.zeros(int(song_codes.max()) + 1, dtype=bool)
    songs[song_codes[heard]] = True
    return songs[song_codes]


#: The command line's default adventure. At or below it the lists that rank by the model keep
#: its order under the rules; above it the similarity penalty and the novelty term come in
#: (docs/model.md, "Lists": both cost precision at the default).
DEFAULT_ADVENTURE = 0.3


def list_adventure(adventure: float) -> float:
    """The adventure a model-ranked list gives the rules: 0 up to the default, then up to 1."""
    extra = float(np.clip(adventure, 0.0, 1.0)) - DEFAULT_ADVENTURE
    return max(0.0, extra / (1.0 - DEFAULT_ADVENTURE))


def _with(opts: Options, **changes: Any) -> Options:
    values = {f: getattr(opts, f) for f in opts.__dataclass_fields__}
    values.update(changes)
    return Options(**values)


def _artist_novelty(ctx: PlaylistContext, cand: np.ndarray) -> np.ndarray:
    """1 for artists the person has never played, lower the more they play them."""
    codes = ctx.artist_codes[cand]
    plays = by_code(ctx.artist_plays, codes, 0.0)
    return 1.0 / (1.0 + np.log1p(plays))


def _finished_albums(ctx: PlaylistContext) -> tuple[np.ndarray, np.ndarray]:
    """Per album code: how many sessions finished it, and the last time it was played."""
    n_albums = int(ctx.album_codes.max()) + 1 if ctx.n and ctx.album_codes.max() >= 0 else 0
    times = np.zeros(n_albums)
    last = np.full(n_albums, -np.inf)
    if n_albums == 0 or len(ctx.plays) == 0:
        return times, last
    sizes = np.bincount(ctx.album_codes[ctx.album_codes >= 0], minlength=n_albums)
    p = ctx.plays
    codes = ctx.album_codes[p.item]
    np.maximum.at(last, codes[codes >= 0], p.played_at[codes >= 0])
    done = (codes >= 0) & (p.skipped != SKIPPED)
    if not done.any():
        return times, last
    # distinct finished tracks per (session, album), with one int64 key per triple
    sess = p.session[done].astype(np.int64)
    alb = codes[done].astype(np.int64)
    item = p.item[done].astype(np.int64)
    triple = np.unique((sess * n_albums + alb) * ctx.n + item)
    pair_keys, counts = np.unique(triple // ctx.n, return_counts=True)
    sess_album = np.stack([pair_keys // n_albums, pair_keys % n_albums], axis=1)
    need = np.maximum(3, np.ceil(0.8 * sizes[sess_album[:, 1]]))
    finished = sess_album[counts >= need, 1]
    np.add.at(times, finished, 1)
    return times, last


def _top_names(ctx: PlaylistContext, members: np.ndarray, k: int) -> list[str]:
    codes = ctx.artist_codes[members]
    weights = np.clip(ctx.affinity[members], 0.0, None) + 0.01
    known = codes >= 0
    if not known.any():
        return []
    totals = np.bincount(codes[known], weights=weights[known])
    best = np.argsort(-totals, kind="stable")[:k]
    names = []
    for code in best.tolist():
        if totals[code] <= 0:
            continue
        item = int(members[np.flatnonzero(codes == code)[0]])
        names.append(ctx._artist(item))
    return names
