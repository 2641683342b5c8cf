"""Playlist generators: discover, daily, forgotten, deep-cuts, radio, mood and fresh.

Every generator reads one :class:`PlaylistContext` (the library, the person's history up to
``as_of``, a fitted :class:`~recommender.models.base.Recommender` when there is one, and the readable
audio descriptors when the library is analysed) and returns :class:`Pick` records, each with a
score and a reason a person can read. All of them follow the same rules
(:mod:`recommender.playlists.diversity`):

- banned and disliked tracks, and every track of a banned artist, never appear;
- tracks played in the last ``hold_back_days`` days are held back;
- one version of a song, no two adjacent tracks by one artist, at most ``max_per_artist`` each;
- the familiar-to-adventurous knob (``adventure``) and a seed that makes a list reproducible;
- "now" is ``data.as_of``: plays after it are not in the data at all.

Without any history the generators still work: picks come from the content space alone and the
reasons say so ("no listening history yet ..."). Without audio features the content space is the
tags (artist, album, genre, decade, composer), and ``mood`` falls back to genre words.
See ``docs/playlists.md``.
"""

from __future__ import annotations

import contextlib
import math
import os
import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from analysis.errors import DeepCutsError
from recommender.models.base import DAY, SKIPPED, Recommender, TrainingData, factorize
from recommender.playlists.diversity import artist_key, select

#: Generator names, as the command line spells them.
KINDS = ("discover", "daily", "forgotten", "deep-cuts", "radio", "mood", "fresh")

#: Mood names and the aliases people type.
MOODS = ("calm", "energetic", "focus", "happy", "melancholy")
MOOD_ALIASES = {
    "bright": "happy",
    "upbeat": "happy",
    "sad": "melancholy",
    "chill": "calm",
    "relaxed": "calm",
    "party": "energetic",
    "workout": "energetic",
    "study": "focus",
    "concentration": "focus",
}

# Genre words used by ``mood`` for tracks that have no descriptors yet.
_MOOD_GENRES = {
    "calm": (
        "ambient",
        "chill",
        "acoustic",
        "classical",
        "folk",
        "piano",
        "new age",
        "lo fi",
        "downtempo",
        "easy listening",
        "lullaby",
    ),
    "energetic": (
        "rock",
        "metal",
        "punk",
        "dance",
        "edm",
        "techno",
        "drum and bass",
        "hardcore",
        "house",
        "trance",
        "dubstep",
        "hip hop",
        "electro",
    ),
    "focus": (
        "ambient",
        "instrumental",
        "classical",
        "soundtrack",
        "post rock",
        "lo fi",
        "minimal",
        "score",
        "piano",
        "drone",
    ),
    "happy": ("pop", "disco", "funk", "reggae", "ska", "soul", "motown", "synthpop", "swing"),
    "melancholy": (
        "blues",
        "slowcore",
        "shoegaze",
        "emo",
        "darkwave",
        "sadcore",
        "doom",
        "gothic",
        "dark ambient",
    ),
}

_NUMBER_WORDS = (
    "no",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
)


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
        if model is not None and (
            model.track_ids is None
            or model.n_items != n
            or not np.array_equal(model.track_ids, data.track_ids)
        ):
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

        # keys for the diversity rules; artists repeat, so their keys are cached
        from recommender.playlists.diversity import fast_fold, title_key

        artist_cache: dict[str, str] = {}
        self.artist_keys: list[str] = []
        self.version_keys: list[str] = []
        for title, artist, path in zip(meta.titles, meta.artists, meta.paths):
            akey = artist_cache.get(artist)
            if akey is None:
                akey = artist_cache[artist] = artist_key(artist)
            name = title_key(title) if title else ""
            if not name:
                name = fast_fold(os.path.splitext(os.path.basename(path))[0])
            self.artist_keys.append(akey)
            self.version_keys.append(f"{akey}|{name}")
        self.artist_codes, self.artist_names = factorize(self.artist_keys, dtype=np.int64)
        self.album_codes, _ = factorize(data.albums, dtype=np.int64)

        # history
        from recommender.models.signals import item_affinity

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
        # one song, several files: plays of any version count for the song
        self.song_codes, _ = factorize(self.version_keys, dtype=np.int64)
        n_songs = int(self.song_codes.max()) + 1 if n else 0
        song_total = np.bincount(self.song_codes, weights=self.total_count, minlength=n_songs)
        self.song_count = song_total[self.song_codes] if n else np.zeros(0)
        song_last = np.full(n_songs, -np.inf)
        np.maximum.at(song_last, self.song_codes, self.last_played)
        self.song_last_played = song_last[self.song_codes] if n else np.zeros(0)
        if len(plays):
            self.affinity = item_affinity(data, half_life_days=120.0).astype(np.float64)
        else:  # no individual plays: imported counts, ratings and likes only
            self.affinity = data.play_count.astype(np.float64) * 0.5
            rated = np.isfinite(data.rating)
            self.affinity[rated] += 2.0 * np.clip(data.rating[rated] - 0.5, -0.5, 0.5)
            if data.likes.size:
                self.affinity[data.likes] += 2.0
            if data.dislikes.size:
                self.affinity[data.dislikes] -= 2.0
        self.has_history = bool(
            len(plays) or data.play_count.any() or data.likes.size or np.isfinite(data.rating).any()
        )
        artist_total = np.bincount(
            self.artist_codes[self.artist_codes >= 0],
            weights=self.total_count[self.artist_codes >= 0],
            minlength=len(self.artist_names),
        )
        self.artist_plays = artist_total

        # what may never appear, and what is held back
        blocked = np.zeros(n, dtype=bool)
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
                count=n,
            )
        self.blocked = blocked

        # ranking and space
        self.taste = self._taste_scores()
        self.embeddings = self._embeddings()
        self._anchors: np.ndarray | None = None

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
        return f"“{self.meta.titles[item]}”"

    def _artist(self, item: int) -> str:
        return self.meta.artists[item] or "an unknown artist"

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
            return f"you play {self._artist(anchor)} a lot"
        count = int(self.total_count[anchor])
        if count > 1:
            return f"you played {self._title(anchor)} {_times(count)}"
        if self.data.likes.size and anchor in set(self.data.likes.tolist()):
            return f"you liked {self._title(anchor)}"
        return f"you played {self._title(anchor)}"

    def likeness(self, item: int, other: int, *, name: bool = True) -> str:
        """How ``item`` resembles ``other``: "similar tempo and timbre to 'X'", "folk, like 'X'".

        With ``name=False`` the other track's title is left out (the reason already named it).
        """
        to = f" to {self._title(other)}" if name else ""
        like = f", like {self._title(other)}" if name else ", like it"
        parts = []
        a, b = self.descriptor(item), self.descriptor(other)
        if a is not None and b is not None:
            if a.bpm > 0 and b.bpm > 0 and abs(a.bpm - b.bpm) / b.bpm < 0.06:
                parts.append("tempo")
            if abs(a.energy - b.energy) < 0.12:
                parts.append("energy")
            if a.key_index >= 0 and a.key_index == b.key_index and a.mode == b.mode:
                parts.append("key")
        sim = float(self.embeddings[item] @ self.embeddings[other])
        if self.data.has_features[item] and self.data.has_features[other] and sim > 0.7:
            parts.append("timbre")
        if parts:
            words = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
            return f"similar {words}{to}"
        shared = set(self.data.genres[item]) & set(self.data.genres[other])
        if shared:
            return f"{sorted(shared)[0]}{like}"
        if name and self.artist_keys[item] and self.artist_keys[item] == self.artist_keys[other]:
            return f"by the artist of {self._title(other)}"
        return f"sounds close{to}" if name else "close in sound and tags"

    def taste_reason(self, items: np.ndarray) -> list[str]:
        """For each item, the favourite it is closest to and why: the discover-style reason."""
        anchors = self.favourites()
        if anchors.size == 0 or items.size == 0:
            return [self.explore_reason(int(i)) for i in items]
        sims = self.embeddings[items] @ self.embeddings[anchors].T
        sims[items[:, None] == anchors[None, :]] = -np.inf
        out = []
        for row, item in enumerate(items.tolist()):
            best = int(np.argmax(sims[row]))
            j = int(anchors[best])
            if sims[row, best] < 0.15:  # nothing the person loves is close: say so
                code = self.artist_codes[item]
                unheard = code < 0 or self.artist_plays[code] == 0
                who = "an artist you have never played" if unheard else "off your usual path"
                detail = self.explore_reason(item).split(": ", 1)[-1]
                out.append(f"something different: {who}; {detail}")
                continue
            if (
                self.artist_keys[item]
                and self.artist_keys[item] == self.artist_keys[j]
                and self._artist_is_favourite(j)
            ):
                out.append(f"more {self._artist(j)}, whom you play a lot; {self.likeness(item, j)}")
            else:
                why = self._why_loved(j)
                named = self._title(j) in why
                out.append(f"{why}; {self.likeness(item, j, name=not named)}")
        return out

    def explore_reason(self, item: int) -> str:
        """An honest reason when there is no history to go on."""
        parts = []
        d = self.descriptor(item)
        if d is not None:
            parts.append(_describe(d))
        if self.data.genres[item]:
            parts.append(self.data.genres[item][0])
        what = f" ({', '.join(parts)})" if parts else ""
        if self.has_history:
            return f"exploring your library{what}"
        return f"no listening history yet: exploring your library{what}"


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


# -- generators ------------------------------------------------------------------------------


@_single_threaded
def discover(ctx: PlaylistContext, opts: Options | None = None) -> list[Pick]:
    """Tracks never or hardly played (at most once) that the person will probably love.

    Relevance is the model's taste score; ``novelty`` favours artists the person has not played.
    Without history, a spread of the library chosen by MMR over the content space.
    """
    opts = opts or Options()
    cand_mask = (ctx.song_count <= 1) & ~ctx.blocked & ~ctx.recent_mask(opts)
    cand = np.flatnonzero(cand_mask)
    novelty = _artist_novelty(ctx, cand)
    if ctx.has_history:
        rel = ctx.taste[cand]
    else:
        # Content only: a seeded spread, so the first lists cover the library's range.
        rng = np.random.default_rng(opts.seed)
        rel = rng.random(cand.size)
        opts = _with(opts, adventure=max(opts.adventure, 0.8))
    items = ctx._select(cand, rel, opts, novelty=novelty)
    reasons = (
        ctx.taste_reason(items) if ctx.has_history else [ctx.explore_reason(int(i)) for i in items]
    )
    out = []
    for item, reason in zip(items.tolist(), reasons):
        heard = "never played" if ctx.song_count[item] == 0 else "played once"
        out.append(ctx.pick(item, ctx.taste[item], f"{reason} ({heard})"))
    return out


@_single_threaded
def fresh(ctx: PlaylistContext, opts: Options | None = None, *, days: float = 30.0) -> list[Pick]:
    """Recently added tracks ranked by predicted taste.

    "Recent" is the last ``days`` days before now; when fewer than ``count`` tracks arrived in
    that window, the newest ``3 * count`` tracks are taken instead.
    """
    opts = opts or Options()
    added = ctx.data.added_at
    ok = ~ctx.blocked & ~ctx.recent_mask(opts) & (added <= ctx.now)
    window = ok & (added >= ctx.now - days * DAY)
    if window.sum() < opts.count:
        cand = np.flatnonzero(ok)
        newest = cand[np.lexsort((cand, -added[cand]))][: 3 * opts.count]
        window = np.zeros(ctx.n, dtype=bool)
        window[newest] = True
    cand = np.flatnonzero(window)
    age_days = (ctx.now - added[cand]) / DAY
    recency = 1.0 / (1.0 + age_days / max(days, 1.0))
    rel = 0.7 * ctx.taste[cand] + 0.3 * recency if ctx.has_history else recency
    items = ctx._select(cand, rel, opts, novelty=_artist_novelty(ctx, cand))
    reasons = (
        ctx.taste_reason(items) if ctx.has_history else [ctx.explore_reason(int(i)) for i in items]
    )
    out = []
    for item, reason in zip(items.tolist(), reasons):
        age = _span((ctx.now - added[item]) / DAY)
        when = "today" if age == "today" else f"{age} ago"
        if ctx.song_count[item] > ctx.total_count[item]:
            reason = (
                f"a new version of a song you played {_times(int(ctx.song_count[item]))}; {reason}"
            )
        out.append(ctx.pick(item, rel[np.searchsorted(cand, item)], f"added {when}; {reason}"))
    return out


@_single_threaded
def deep_cuts(
    ctx: PlaylistContext, opts: Options | None = None, *, artists: int = 15
) -> list[Pick]:
    """The lesser-played tracks of the artists the person plays most.

    The top ``artists`` artists by plays; their tracks played at most a quarter as often as
    that artist's most-played track (and at most twice), ranked by taste.
    """
    opts = opts or Options()
    if not ctx.has_history:
        raise DeepCutsError(
            "deep cuts need a listening history: play some music or import "
            "a history first (deepcuts-cli history import FILE)"
        )
    totals = ctx.artist_plays
    ranked = np.flatnonzero(totals > 0)
    ranked = ranked[np.lexsort((ranked, -totals[ranked]))][:artists]
    top = np.zeros(len(ctx.artist_names), dtype=bool)
    top[ranked] = True
    rank_of = {int(a): r for r, a in enumerate(ranked.tolist())}
    codes = ctx.artist_codes
    in_top = (codes >= 0) & top[np.maximum(codes, 0)]
    best = np.zeros(len(ctx.artist_names))
    np.maximum.at(best, codes[codes >= 0], ctx.song_count[codes >= 0])
    limit = np.minimum(2.0, 0.25 * best[np.maximum(codes, 0)])
    cand = np.flatnonzero(
        in_top & (ctx.song_count <= limit) & ~ctx.blocked & ~ctx.recent_mask(opts)
    )
    if cand.size == 0:
        return []
    artist_rank = np.array([rank_of[int(codes[i])] for i in cand], dtype=np.float64)
    rel = 0.6 * ctx.taste[cand] + 0.4 * (1.0 - artist_rank / max(artists, 1))
    items = ctx._select(cand, rel, opts, novelty=(ctx.song_count[cand] == 0).astype(np.float64))
    out = []
    for item in items.tolist():
        artist_total = int(totals[codes[item]])
        heard = ctx.song_count[item]
        this = (
            "you have never played this one"
            if heard == 0
            else f"you have played this one {_times(int(heard))}"
        )
        album = f" from {ctx.meta.albums[item]}" if ctx.meta.albums[item] else ""
        reason = (
            f"{ctx._artist(item)} is one of your most played artists "
            f"({artist_total} plays); {this}{album}"
        )
        out.append(ctx.pick(item, rel[np.searchsorted(cand, item)], reason))
    return out


@_single_threaded
def forgotten(
    ctx: PlaylistContext, opts: Options | None = None, *, min_days: float | None = None
) -> list[Pick]:
    """Tracks and albums loved once and not played for a long time.

    Loved: finished at least three times, liked, rated 0.8 or more, or an imported count of five
    or more. Forgotten: not played for ``min_days`` (default: 180 days, or half the span of the
    history when that is shorter, but at least 30). Albums the person finished in one sitting
    (80% of the album's tracks, at least three, finished within one session) lend their tracks
    the reason "an album you finished twice, not played for nine months".
    """
    opts = opts or Options()
    if not ctx.has_history:
        raise DeepCutsError(
            "forgotten favourites need a listening history: play some music or "
            "import a history first (deepcuts-cli history import FILE)"
        )
    if min_days is None:
        known = ctx.last_played[np.isfinite(ctx.last_played)]
        first = (
            ctx.plays.played_at.min()
            if len(ctx.plays)
            else (known.min() if known.size else ctx.now)
        )
        span = (ctx.now - first) / DAY
        min_days = max(30.0, min(180.0, span / 2.0))
    data = ctx.data
    liked = np.zeros(ctx.n, dtype=bool)
    if data.likes.size:
        liked[data.likes] = True
    rated = np.nan_to_num(data.rating, nan=0.0) >= 0.8
    loved = (ctx.finished_count >= 3) | liked | rated | (data.play_count >= 5)
    album_times, album_last = _finished_albums(ctx)
    album_loved = album_times >= 2
    in_loved_album = (ctx.album_codes >= 0) & album_loved[np.maximum(ctx.album_codes, 0)]
    age_days = (ctx.now - ctx.last_played) / DAY
    cand_mask = (loved | in_loved_album) & (age_days >= min_days) & ~ctx.blocked
    cand = np.flatnonzero(cand_mask)
    if cand.size == 0:
        return []
    love = np.log1p(ctx.finished_count[cand] + 0.5 * data.play_count[cand]) + 2.0 * liked[cand]
    love += 1.0 * in_loved_album[cand]
    rel = 0.1 + 0.6 * _unit(love) + 0.3 * _unit(np.log1p(np.minimum(age_days[cand], 3650.0)))
    items = ctx._select(cand, rel, opts)
    out = []
    for item in items.tolist():
        code = ctx.album_codes[item]
        if code >= 0 and album_loved[code]:
            ago = _span((ctx.now - album_last[code]) / DAY)
            reason = (
                f"from {ctx.meta.albums[item] or 'an album'}, an album you finished "
                f"{_times(int(album_times[code]))}, not played for {ago}"
            )
        else:
            ago = _span(age_days[item])
            if liked[item]:
                love_txt = "you liked it"
            elif ctx.finished_count[item] >= 3:
                love_txt = f"you played it to the end {_times(int(ctx.finished_count[item]))}"
            elif rated[item]:
                love_txt = "you rated it highly"
            else:
                love_txt = f"you played it {_times(int(ctx.total_count[item]))}"
            when = _month(ctx.last_played[item])
            reason = f"{love_txt}, last in {when}: not played for {ago}"
        out.append(ctx.pick(item, rel[np.searchsorted(cand, item)], reason))
    return out


@_single_threaded
def daily(
    ctx: PlaylistContext, opts: Options | None = None, *, mixes: int | None = None
) -> list[Mix]:
    """Several mixes, one per cluster of the person's taste, each mixing favourites and new.

    The played tracks' embeddings are clustered with k-means (weights: affinity); each mix takes
    the cluster's favourites (not held back) and unplayed tracks closest to the cluster's centre,
    familiar share ``0.6 - 0.4 * adventure``. No song appears in two mixes. Without history the
    whole library is clustered and every pick says it is exploration.
    """
    opts = opts or Options(count=25)
    from sklearn.cluster import KMeans

    recent = ctx.recent_mask(opts)
    played = np.flatnonzero((ctx.affinity > 0) & ~ctx.blocked)
    history = ctx.has_history and played.size > 0
    basis = played if history else np.flatnonzero(~ctx.blocked)
    if basis.size == 0:
        return []
    if mixes is None:  # about one mix per 15 loved tracks; without history one per 100 tracks
        mixes = (
            int(np.clip(basis.size // 15, 1, 6))
            if history
            else int(np.clip(basis.size // 100, 1, 4))
        )
    mixes = max(1, min(mixes, basis.size))
    if not history and basis.size > 20_000:  # k-means on a seeded sample is enough to find parts
        basis = np.sort(np.random.default_rng(opts.seed).choice(basis, 20_000, replace=False))
    weights = np.clip(ctx.affinity[basis], 0.05, None) if history else None
    # k-means on the 3,000 most-loved tracks (they carry the taste), then every played track
    # joins its nearest centre: the clustering stays well under a second at any history size
    fit_on = basis
    if history and basis.size > 3000:
        fit_on = basis[np.sort(np.argsort(-ctx.affinity[basis], kind="stable")[:3000])]
    try:  # installed with scikit-learn
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover
        threadpool_limits = None

    km = KMeans(n_clusters=mixes, n_init=2, max_iter=100, random_state=opts.seed)
    limit = threadpool_limits(1) if threadpool_limits else contextlib.nullcontext()
    with limit:  # a small problem: OpenMP threads only add overhead (and stall on busy cores)
        km.fit(
            ctx.embeddings[fit_on],
            sample_weight=np.clip(ctx.affinity[fit_on], 0.05, None) if history else None,
        )
    centres = km.cluster_centers_.astype(np.float32)
    centres /= np.maximum(np.linalg.norm(centres, axis=1, keepdims=True), 1e-9)
    labels = np.argmax(ctx.embeddings[basis] @ centres.T, axis=1)
    order = np.argsort(-np.bincount(labels, weights=weights, minlength=mixes), kind="stable")
    fav_share = 0.6 - 0.4 * float(np.clip(opts.adventure, 0.0, 1.0))
    used: set[str] = set()
    out: list[Mix] = []
    unplayed = np.flatnonzero((ctx.song_count <= 1) & ~ctx.blocked & ~recent)
    for number, c in enumerate(order.tolist(), start=1):
        before = set(used)
        members = basis[labels == c]
        sim_all = ctx.embeddings @ centres[c]
        if history:
            favs = members[~recent[members]]
            fav_rel = 0.6 * _unit(ctx.affinity[favs]) + 0.4 * _unit(sim_all[favs])
            n_fav = round(opts.count * fav_share)
            fav_items = ctx._select(
                favs, fav_rel, _with(opts, adventure=0.0), exclude_versions=used, count=n_fav
            )
            used.update(ctx.version_keys[i] for i in fav_items)
            new_rel = 0.6 * sim_all[unplayed] + 0.4 * ctx.taste[unplayed]
            new_items = ctx._select(
                unplayed,
                new_rel,
                opts,
                exclude_versions=used,
                count=opts.count - fav_items.size,
                novelty=_artist_novelty(ctx, unplayed),
            )
            merged = _interleave(fav_items, new_items)
        else:
            merged = ctx._select(members, sim_all[members], opts, exclude_versions=used)
        # one pass of the rules over the merged order keeps spacing across the seam
        rank = -np.arange(merged.size, dtype=np.float64)
        final = ctx._select(
            merged, rank, _with(opts, adventure=0.0), exclude_versions=before, count=merged.size
        )
        used.update(ctx.version_keys[i] for i in final)
        top_artists = _top_names(ctx, members if history else final, 2)
        name = f"Daily Mix {number}" + (f": {', '.join(top_artists)}" if top_artists else "")
        picks = []
        new_set = set() if not history else set(new_items.tolist())
        new_reasons = dict(zip(new_items.tolist(), ctx.taste_reason(new_items))) if history else {}
        for item in final.tolist():
            score = float(sim_all[item])
            if not history:
                reason = ctx.explore_reason(item) + "; grouped with tracks that sound alike"
            elif item in new_set:
                reason = f"new to you in this mix; {new_reasons[item]}"
            else:
                reason = (
                    f"one of your favourites in this mix (played "
                    f"{_times(int(ctx.total_count[item]))}, last "
                    f"{_span((ctx.now - ctx.last_played[item]) / DAY)} ago)"
                )
            picks.append(ctx.pick(item, score, reason))
        if picks:
            out.append(Mix(name=name, picks=picks))
    return out


@_single_threaded
def radio(ctx: PlaylistContext, seeds: Sequence[int], opts: Options | None = None) -> list[Pick]:
    """A station from one or several seed items.

    Each next track is the best candidate under the rules by ``0.5 * closeness to the last three
    tracks (newest weighs most) + w * closeness to the seeds + rest * model next-track score``;
    ``w`` falls from 0.3 to 0.1 as ``adventure`` rises, so the station drifts gently and further
    when asked. Seeds are never repeated, nor is any song (any version) already on the station.
    """
    opts = opts or Options()
    seeds = [int(s) for s in seeds]
    if not seeds:
        raise DeepCutsError("radio needs at least one seed track (--seed TRACK)")
    emb = ctx.embeddings
    seed_centre = emb[seeds].mean(axis=0)
    seed_centre /= max(float(np.linalg.norm(seed_centre)), 1e-9)
    ok = ~ctx.blocked & ~ctx.recent_mask(opts)
    ok[seeds] = False
    seed_versions = {ctx.version_keys[s] for s in seeds}
    # the station's neighbourhood: content neighbours of the seeds plus the model's next tracks
    to_seed = emb @ seed_centre
    next_scores = (
        _unit(ctx.model.score(context_items=np.asarray(seeds)).astype(np.float64))
        if ctx.model is not None
        else np.zeros(ctx.n)
    )
    pool_size = min(int(ok.sum()), max(2000, 40 * opts.count))
    if pool_size == 0:
        return []
    key = np.where(ok, 0.7 * to_seed + 0.3 * next_scores, -np.inf)
    pool = np.argpartition(-key, pool_size - 1)[:pool_size]
    pool = np.sort(pool)
    pool_emb = emb[pool]
    pool_seed = to_seed[pool]
    pool_next = next_scores[pool]
    versions = [ctx.version_keys[i] for i in pool]
    artists = [ctx.artist_keys[i] for i in pool]
    blocked_version = np.fromiter(
        (v in seed_versions for v in versions), dtype=bool, count=pool.size
    )
    taken = np.zeros(pool.size, dtype=bool)
    adventure = float(np.clip(opts.adventure, 0.0, 1.0))
    w_seed = 0.3 - 0.2 * adventure
    rng = np.random.default_rng(opts.seed)
    from recommender.playlists.diversity import SpacingState

    state = SpacingState(
        max_per_artist=opts.per_artist(),
        artist_gap=opts.artist_gap,
        used_versions=set(seed_versions),
    )
    history = list(seeds)
    out: list[Pick] = []
    version_arr = np.asarray(versions, dtype=object)
    for _ in range(opts.count):
        recent = history[-3:]
        weights = 0.5 ** np.arange(len(recent) - 1, -1, -1, dtype=np.float64)
        ctx_vec = (emb[recent] * weights[:, None]).sum(axis=0)
        ctx_vec /= max(float(np.linalg.norm(ctx_vec)), 1e-9)
        to_recent = pool_emb @ ctx_vec
        rel = 0.5 * to_recent + w_seed * pool_seed + (0.5 - w_seed) * pool_next
        rel = rel + rng.standard_normal(pool.size) * (0.01 + 0.03 * adventure)
        rel[taken | blocked_version] = -np.inf
        choice = -1
        for idx in np.argsort(-rel, kind="stable")[:2000]:
            if not np.isfinite(rel[idx]):
                break
            if state.allows(artists[idx], versions[idx]):
                choice = int(idx)
                break
        if choice < 0:
            break
        item = int(pool[choice])
        taken[choice] = True
        blocked_version |= version_arr == versions[choice]
        state.add(artists[choice], versions[choice])
        near = max(recent, key=lambda r: float(emb[item] @ emb[r]))
        if len(history) == len(seeds):
            reason = (
                f"close to your seed {ctx._title(near)} by {ctx._artist(near)}; "
                f"{ctx.likeness(item, near)}"
            )
        else:
            reason = (
                f"follows {ctx._title(near)} by {ctx._artist(near)}: {ctx.likeness(item, near)}"
            )
        if ctx.has_history and ctx._artist_is_favourite(item):
            reason += f"; you play {ctx._artist(item)} a lot"
        out.append(ctx.pick(item, float(rel[choice]), reason))
        history.append(item)
    return out


@_single_threaded
def mood(ctx: PlaylistContext, name: str, opts: Options | None = None) -> list[Pick]:
    """Tracks that fit a mood, from the readable descriptors (and genre words as a fallback).

    Each descriptor is placed on a 0-1 scale that mixes its absolute value and its rank in the
    library (so "calm" in a metal library is still its calmest corner); the mood's fit is a
    weighted sum (docs/playlists.md lists the weights). The taste score adds 30% when there is
    history. Tracks with no descriptors qualify only through their genre tags.
    """
    opts = opts or Options()
    mood_name = MOOD_ALIASES.get(name.lower().strip(), name.lower().strip())
    if mood_name not in MOODS:
        raise DeepCutsError(
            f"unknown mood {name!r}; choose one of {', '.join(MOODS)} "
            f"(or {', '.join(sorted(MOOD_ALIASES))})"
        )
    fit = np.full(ctx.n, np.nan)
    has, arrays = ctx.descriptor_arrays()
    if has.any():
        idx = np.flatnonzero(has)
        e, t, b, a, major, minor = (col[idx] for col in arrays)
        fit[idx] = _mood_fit(mood_name, e=e, t=t, b=b, a=a, major=major, minor=minor)
    genre_hits = _genre_mood(ctx, mood_name)
    fallback = ~has & genre_hits
    fit[fallback] = 0.55
    cand_mask = np.isfinite(fit) & ~ctx.blocked & ~ctx.recent_mask(opts)
    cand = np.flatnonzero(cand_mask)
    if cand.size == 0:
        if not has.any():
            raise DeepCutsError(
                f"no track fits {mood_name!r}: mood playlists need analysed "
                "tracks (deepcuts-cli analyze) or genre tags"
            )
        return []
    # keep the clear fits: the best third of the analysed library (at least 3 * count)
    keep = max(3 * opts.count, cand.size // 3)
    if cand.size > keep:
        top = np.argpartition(-fit[cand], keep - 1)[:keep]
        cand = np.sort(cand[top])
    rel = 0.7 * fit[cand] + 0.3 * ctx.taste[cand] if ctx.has_history else fit[cand]
    items = ctx._select(cand, rel, opts)
    out = []
    for item in items.tolist():
        d = ctx.descriptor(item)
        if d is not None:
            reason = f"{mood_name}: {_describe(d)}"
        else:
            genre = next(
                (g for g in ctx.data.genres[item] if any(w in g for w in _MOOD_GENRES[mood_name])),
                "",
            )
            reason = f"{mood_name} by its genre tag “{genre}” (not analysed yet)"
        if ctx.has_history and ctx._artist_is_favourite(item):
            reason += f"; you play {ctx._artist(item)} a lot"
        out.append(ctx.pick(item, rel[np.searchsorted(cand, item)], reason))
    return out


def _mood_fit(
    name: str,
    *,
    e: np.ndarray,
    t: np.ndarray,
    b: np.ndarray,
    a: np.ndarray,
    major: np.ndarray,
    minor: np.ndarray,
) -> np.ndarray:
    """Fit in [0, 1] of each analysed track to a mood; NaN where the track clearly does not fit."""
    if name == "calm":
        fit = 0.45 * (1 - e) + 0.25 * (1 - t) + 0.15 * a + 0.15 * (1 - b)
        ok = e <= 0.5
    elif name == "energetic":
        fit = 0.5 * e + 0.3 * t + 0.2 * b
        ok = e >= 0.5
    elif name == "focus":
        fit = (
            0.35 * (1 - 2 * np.abs(e - 0.4))
            + 0.25 * (1 - 2 * np.abs(t - 0.5))
            + 0.2 * a
            + 0.2 * (1 - b)
        )
        ok = (e >= 0.15) & (e <= 0.7)
    elif name == "happy":
        fit = 0.3 * major + 0.25 * b + 0.25 * e + 0.2 * t
        ok = (major > 0) & (e >= 0.3)
    else:  # melancholy
        fit = 0.35 * minor + 0.25 * (1 - e) + 0.2 * (1 - b) + 0.2 * (1 - t)
        ok = (minor > 0) & (e <= 0.6)
    return np.where(ok, fit, np.nan)


def _genre_mood(ctx: PlaylistContext, mood_name: str) -> np.ndarray:
    words = _MOOD_GENRES[mood_name]
    verdict: dict[tuple[str, ...], bool] = {}  # few distinct genre lists: decide each once
    out = np.zeros(ctx.n, dtype=bool)
    for i, genres in enumerate(ctx.data.genres):
        if genres:
            key = tuple(genres)
            hit = verdict.get(key)
            if hit is None:
                hit = verdict[key] = any(w in g for g in genres for w in words)
            out[i] = hit
    return out


# -- one entry point ------------------------------------------------------------------------


def generate(
    ctx: PlaylistContext,
    kind: str,
    opts: Options | None = None,
    *,
    seeds: Sequence[int] = (),
    mood_name: str | None = None,
) -> list[Pick] | list[Mix]:
    """Run the generator called ``kind`` (one of :data:`KINDS`).

    Returns
    -------
    list of Pick, or list of Mix for ``daily``.

    Raises
    ------
    DeepCutsError
        Unknown kind, a radio without seeds, a mood without a name.
    """
    opts = opts or Options()
    if kind == "discover":
        return discover(ctx, opts)
    if kind == "daily":
        return daily(ctx, opts)
    if kind == "forgotten":
        return forgotten(ctx, opts)
    if kind == "deep-cuts":
        return deep_cuts(ctx, opts)
    if kind == "radio":
        return radio(ctx, seeds, opts)
    if kind == "mood":
        if not mood_name:
            raise DeepCutsError(f"a mood playlist needs --mood NAME ({', '.join(MOODS)})")
        return mood(ctx, mood_name, opts)
    if kind == "fresh":
        return fresh(ctx, opts)
    raise DeepCutsError(f"unknown playlist kind {kind!r}; choose one of {', '.join(KINDS)}")


def pick_to_json(ctx: PlaylistContext, pick: Pick) -> dict[str, Any]:
    """The command line's JSON record of a pick."""
    m = ctx.meta
    return {
        "id": pick.track_id,
        "path": m.paths[pick.item],
        "title": m.titles[pick.item],
        "artist": m.artists[pick.item] or None,
        "album": m.albums[pick.item] or None,
        "score": pick.score,
        "reason": pick.reason,
    }


# -- helpers ---------------------------------------------------------------------------------


def _with(opts: Options, **changes: Any) -> Options:
    values = {f: getattr(opts, f) for f in opts.__dataclass_fields__}
    values.update(changes)
    return Options(**values)


def _unit(values: np.ndarray) -> np.ndarray:
    """Min-max to [0, 1]; NaN becomes 0; a constant array becomes all zeros."""
    v = np.asarray(values, dtype=np.float64)
    finite = np.isfinite(v)
    if not finite.any():
        return np.zeros_like(v)
    lo, hi = float(v[finite].min()), float(v[finite].max())
    if hi - lo < 1e-12:
        return np.zeros_like(v)
    return np.where(finite, (v - lo) / (hi - lo), 0.0)


def _scale(values: np.ndarray) -> np.ndarray:
    """Half absolute (min-max over 0..max) and half rank within the library, in [0, 1]."""
    if values.size == 0:
        return values
    ranks = (np.argsort(np.argsort(values, kind="stable"), kind="stable") + 0.5) / values.size
    hi = float(values.max())
    lo = min(0.0, float(values.min()))
    absolute = (values - lo) / (hi - lo) if hi > lo else np.zeros_like(values)
    return 0.5 * absolute + 0.5 * ranks


def _artist_novelty(ctx: PlaylistContext, cand: np.ndarray) -> np.ndarray:
    """1 for artists the person has never played, lower the more they play them."""
    codes = ctx.artist_codes[cand]
    plays = np.where(codes >= 0, ctx.artist_plays[np.maximum(codes, 0)], 0.0)
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


def _interleave(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Merge two ordered lists evenly, in proportion to their lengths."""
    total = first.size + second.size
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    pos_a = (np.arange(first.size) + 0.5) / max(first.size, 1)
    pos_b = (np.arange(second.size) + 0.5) / max(second.size, 1)
    keys = np.concatenate([pos_a, pos_b + 1e-9])
    items = np.concatenate([first, second]).astype(np.int64)
    return items[np.argsort(keys, kind="stable")]


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


def _times(count: int) -> str:
    if count == 1:
        return "once"
    if count == 2:
        return "twice"
    return f"{count} times"


def _span(days: float) -> str:
    """A readable duration: "nine months", "two years", "three weeks", "five days"."""
    if not math.isfinite(days):
        return "a long time"
    if days < 1:
        return "today"
    if days < 14:
        n, unit = round(days), "day"
    elif days < 60:
        n, unit = round(days / 7), "week"
    elif days < 548:
        n, unit = round(days / 30.44), "month"
    else:
        n, unit = round(days / 365.25), "year"
    word = _NUMBER_WORDS[n] if n < len(_NUMBER_WORDS) else str(n)
    return f"{word} {unit}{'s' if n != 1 else ''}"


def _month(ts: float) -> str:
    if not math.isfinite(ts):
        return "an unknown date"
    return time.strftime("%B %Y", time.gmtime(ts))


def _describe(d: Any) -> str:
    """ "72 BPM, low energy, A minor" from descriptors."""
    parts = []
    if d.bpm and d.bpm > 0:
        parts.append(f"{d.bpm:.0f} BPM")
    level = "low" if d.energy < 0.35 else ("high" if d.energy > 0.65 else "medium")
    parts.append(f"{level} energy")
    if d.key:
        parts.append(d.key)
    if d.brightness > 0.65:
        parts.append("bright")
    elif d.brightness < 0.3:
        parts.append("dark")
    if d.acousticness > 0.7:
        parts.append("acoustic")
    return ", ".join(parts)
