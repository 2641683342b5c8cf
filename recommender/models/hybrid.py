"""The hybrid taste model (docs/model.md explains the choices and the measurements).

Three parts, all trained on the device from the person's own data:

1. **Item space** (:mod:`recommender.models.item_space`): collaborative coordinates of the
   played tracks from their sessions, and a content tower that places every track, never-played
   ones too, in the same coordinates, beside the content coordinates; without history the
   content coordinates alone, which already put same-album, same-artist and similar-sounding
   tracks close together.
2. **Taste head**: a small torch network over per-item signals (artist and album affinity at
   several time scales, how recently an artist was found, its skip rate, artist co-listening,
   content similarity to recent and long-term listening, the item's own plays). It is trained on
   the person's own past: at internal cutoffs 30, 60, ... days before ``as_of`` it learns which
   never-played tracks got played in the following 30 days. A guard ranks the head and six
   single signals on the latest informative month, and the ranks of its three best are fused.
   Too little history: fixed prior weights (documented in docs/model.md).
3. **Next-track head**: a listwise (sampled softmax) linear model over transition counts,
   same-artist and same-album flags, artist transitions, item-space similarity and recent
   popularity, trained on the last fifth of the training sessions with statistics from before.

``score()`` returns the taste head's output; ``score(context_items=...)`` the next-track head's.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

from recommender.models.base import (
    DAY,
    FUSION_K,
    Recommender,
    TrainingData,
    by_code,
    places,
    top_k,
)
from recommender.models.item_space import content_coordinates, item_space
from recommender.models.signals import (
    content_space,
    group_total,
    item_affinity,
    item_tokens,
    play_weights,
    transition_matrix,
)

EMBED_DIM = 32
TASTE_FEATURES = (
    "artist_7d",
    "artist_30d",
    "artist_365d",
    "album_30d",
    "album_365d",
    "artist_days_since_last",
    "artist_days_since_first",
    "artist_skip_rate",
    "artist_discovery_30d",
    "album_discovery_30d",
    "artist_colisten",
    "content_recent",
    "content_long",
    "item_plays",
    "recently_added",
    "artist_60d",
    "content_60d",
)
#: The learned head reads the first this many taste features; the last two (the artist and
#: content baselines' own signals, 60-day half-life) are single signals and the tie-break only
#: (docs/model.md, "Third round").
HEAD_FEATURES = 15
#: Used when the history is too short to learn the taste head (standardised-feature weights).
PRIOR_TASTE_WEIGHTS = np.array(
    [0.6, 1.0, 0.5, 0.6, 0.3, -0.4, 0.0, -0.3, 0.4, 0.3, 0.3, 0.6, 0.3, 0.2, 0.3, 0.0, 0.0],
    np.float32,
)
NEXT_FEATURES = (
    "transition",
    "transition_context",
    "transition_reverse",
    "same_artist",
    "same_album",
    "artist_transition",
    "space_last",
    "space_context",
    "item_30d",
    "item_365d",
    "artist_30d",
    "repeat_last",
    "in_context",
)
PRIOR_NEXT_WEIGHTS = np.array(
    [2.0, 1.0, 0.5, 1.0, 1.0, 0.5, 1.0, 0.5, 0.5, 0.3, 0.3, -1.0, -0.5], np.float32
)
INTERNAL_CUTOFFS = 6
#: Fewer usable internal months than this: no learned head (its validation would rest on a head
#: trained on a single month); the single signal best on the latest month ranks instead.
MIN_HEAD_MONTHS = 3
#: A validation month counts when its best single signal finds this many Poisson standard
#: deviations more answers than a random top 50 (docs/model.md, "Second round").
INFORMATIVE_Z = 2.0
MAX_HEAD_CANDIDATES = 8_000
TASTE_HEAD_STEPS = 200
#: Single signals the validation step may prefer to the learned head; on a tie the first ranks
#: (the 60-day artist affinity of the strongest baseline first: docs/model.md, "Third round").
SELECTABLE_SIGNALS = (
    "artist_60d",
    "artist_30d",
    "artist_365d",
    "album_30d",
    "content_recent",
    "content_long",
)
#: Secondary key (weight 1e-3 in standardised units) when a single signal ranks: many items tie
#: on artist-level signals, and content similarity to the last 60 days orders them.
TIE_SIGNAL = "content_60d"
TIE_WEIGHT = 1e-3
#: The validation month ranks the head and the single signals; the scores fuse the ranks of its
#: best this many (reciprocal-rank fusion, :data:`FUSION_K`): one month cannot tell its few best
#: rankers apart, and trusting its winner alone lost a lot where it flipped (docs/model.md,
#: "Lists", item 14). 1 = the winner alone (before).
FUSED_RANKERS = 3
WINDOW_DAYS = 30.0
NEVER_DAYS = 3650.0


def _log_days(times: np.ndarray, as_of: float) -> np.ndarray:
    days = np.where(np.isfinite(times), (as_of - times) / DAY, NEVER_DAYS)
    return np.log1p(np.clip(days, 0.0, NEVER_DAYS))


class _Signals:
    """Per-item statistics of one moment's history, shared by both heads."""

    def __init__(self, data: TrainingData, artists: np.ndarray, albums: np.ndarray) -> None:
        n = data.n_items
        self.aff7 = np.maximum(item_affinity(data, half_life_days=7.0), 0.0)
        self.aff30 = np.maximum(item_affinity(data, half_life_days=30.0), 0.0)
        self.aff365 = np.maximum(item_affinity(data, half_life_days=365.0), 0.0)
        self.aff60 = np.maximum(item_affinity(data, half_life_days=60.0), 0.0)
        p = data.taste_plays()
        self.plays = p
        last = np.full(n, -np.inf)
        first = np.full(n, np.inf)
        np.maximum.at(last, p.item, p.played_at)
        np.minimum.at(first, p.item, p.played_at)
        known_lp = np.isfinite(data.last_played)
        last[known_lp] = np.maximum(last[known_lp], data.last_played[known_lp])
        self.artist_last = _group_reduce(last, artists, np.maximum, -np.inf)
        self.artist_first = _group_reduce(first, artists, np.minimum, np.inf)
        w = play_weights(p, data.as_of, half_life_days=90.0)
        skipped = np.bincount(p.item, weights=w * (p.skipped == 1), minlength=n)
        total = np.bincount(p.item, weights=w, minlength=n)
        self.artist_skip = group_total(skipped, artists) / np.maximum(
            group_total(total, artists), 1e-3
        )
        new = (np.isfinite(first) & (first > data.as_of - WINDOW_DAYS * DAY)).astype(np.float64)
        self.artist_new = group_total(new, artists)
        self.album_new = group_total(new, albums)
        self.artists = artists
        self.albums = albums


def _group_reduce(values: np.ndarray, codes: np.ndarray, op: Any, empty: float) -> np.ndarray:
    out = np.full(values.shape[0], empty)
    known = codes >= 0
    if not known.any():
        return values.copy()
    g = np.full(int(codes.max()) + 1, empty)
    op.at(g, codes[known], values[known])
    out[known] = g[codes[known]]
    out[~known] = values[~known]
    return out


def _artist_matrix(plays: Any, artists: np.ndarray, n_artists: int, as_of: float) -> sp.csr_matrix:
    """Artist x artist session transitions (symmetric), recency weighted."""
    n_items = artists.shape[0]
    m = transition_matrix(plays, n_items, as_of=as_of, half_life_days=180.0, symmetric=True)
    coo = m.tocoo()
    a, b = artists[coo.row], artists[coo.col]
    keep = (a >= 0) & (b >= 0)
    return sp.csr_matrix(
        (coo.data[keep], (a[keep], b[keep])), shape=(max(n_artists, 1), max(n_artists, 1))
    )


def taste_features(
    data: TrainingData,
    artists: np.ndarray,
    albums: np.ndarray,
    n_artists: int,
    content: sp.csr_matrix,
) -> np.ndarray:
    """float32 [n, len(TASTE_FEATURES)] taste signals of every item at ``data.as_of``."""
    s = _Signals(data, artists, albums)
    t = data.as_of
    a7 = group_total(s.aff7, artists)
    a30 = group_total(s.aff30, artists)
    a365 = group_total(s.aff365, artists)
    al30 = group_total(s.aff30, albums)
    al365 = group_total(s.aff365, albums)
    # artist co-listening: artists that share sessions with what is played now
    am = _artist_matrix(s.plays, artists, n_artists, t)
    known = artists >= 0
    artist_recent = np.zeros(am.shape[0])
    np.add.at(artist_recent, artists[known], s.aff30[known])
    colisten_a = np.asarray(am @ artist_recent).ravel()
    colisten = by_code(colisten_a, artists, 0.0)

    def profile_sim(weights: np.ndarray) -> np.ndarray:
        if not np.any(weights > 0):
            return np.zeros(data.n_items)
        prof = np.asarray(content.T @ weights).ravel()
        prof /= max(float(np.linalg.norm(prof)), 1e-9)
        return np.asarray(content @ prof).ravel()

    added = (data.added_at > 0) & (data.added_at <= t) & (t - data.added_at < WINDOW_DAYS * DAY)
    # the content baseline's profile: recency-weighted plays (60-day half-life), no aggregates
    w60 = np.bincount(
        s.plays.item, weights=play_weights(s.plays, t, half_life_days=60.0), minlength=data.n_items
    )
    feats = np.stack(
        [
            np.log1p(a7),
            np.log1p(a30),
            np.log1p(a365),
            np.log1p(al30),
            np.log1p(al365),
            _log_days(np.where(np.isfinite(s.artist_last), s.artist_last, np.nan), t),
            _log_days(np.where(np.isfinite(s.artist_first), s.artist_first, np.nan), t),
            s.artist_skip,
            np.log1p(s.artist_new),
            np.log1p(s.album_new),
            np.log1p(colisten),
            profile_sim(s.aff30),
            profile_sim(s.aff365),
            np.log1p(s.aff365),
            added.astype(np.float64),
            np.log1p(group_total(s.aff60, artists)),
            profile_sim(w60),
        ],
        axis=1,
    )
    return np.nan_to_num(feats).astype(np.float32)


class HybridRecommender(Recommender):
    """Collaborative + content hybrid (module docstring; docs/model.md)."""

    name = "hybrid"
    version = 3  # 3: the taste guard fuses its best rankers (taste_signals)

    def __init__(self, *, dim: int = EMBED_DIM) -> None:
        super().__init__()
        self.dim = dim

    # -- fitting ------------------------------------------------------------------------------

    def _fit(self, data: TrainingData, rng: np.random.Generator, seed: int) -> None:
        import torch

        # The torch parts are small dense problems: one thread avoids the spin-wait contention
        # that multiplies their time on a busy two-core machine (and keeps results identical).
        threads = torch.get_num_threads()
        torch.set_num_threads(1)
        try:
            self._fit_all(data, rng, seed)
        finally:
            torch.set_num_threads(threads)

    def _fit_all(self, data: TrainingData, rng: np.random.Generator, seed: int) -> None:
        import torch

        torch.manual_seed(seed)
        self._artists, artist_names = data.artist_codes()
        self._albums, _ = data.album_codes()
        self._n_artists = len(artist_names)
        tokens, _ = item_tokens(data)
        self._content = content_space(data, tokens)
        plays = data.taste_plays()

        # 1. item space; first from the sessions before the next-head split only
        split_at = _split_time(plays)
        lsa = content_coordinates(self._content, dim=self.dim, seed=seed)

        def space(p: Any) -> np.ndarray:
            return item_space(self._content, lsa, p, as_of=data.as_of, dim=self.dim, seed=seed)

        # 2. next-track head on the late sessions, with statistics from before them
        self._next_w = PRIOR_NEXT_WEIGHTS.copy()
        if split_at is not None:
            emb_early = space(plays.select(plays.played_at <= split_at))
            learned = self._fit_next_head(data, split_at, emb_early, rng)
            if learned is not None:
                self._next_w = learned
        self._emb = space(plays)

        # 3. taste head on internal cutoffs
        (
            self._taste_w,
            self._taste_mu,
            self._taste_sd,
            self._taste_hidden,
            self._taste_signals,
        ) = self._fit_taste_head(data, seed)
        self._refresh(data)

    def _refresh(self, data: TrainingData) -> None:
        """Recompute everything that depends on the current history (cheap, no training)."""
        feats = taste_features(data, self._artists, self._albums, self._n_artists, self._content)
        self._scores = self._apply_taste(feats)
        self._scores[_banned(data)] = -1e9
        self._set_next_state(data, data.as_of)

    def update(self, data: TrainingData) -> bool:
        """Absorb new plays and feedback: recompute signals and scores, keep the learned weights."""
        self._check_fitted()
        if data.fingerprint() != self.fingerprint:
            return False
        if getattr(self, "_content", None) is None:  # loaded from disk: rebuilt from the tags
            self._content = content_space(data, item_tokens(data)[0])
        self._refresh(data)
        self.as_of = float(data.as_of)
        return True

    def _apply_taste(self, feats: np.ndarray) -> np.ndarray:
        x = (feats - self._taste_mu) / self._taste_sd
        lists = [x @ row for row in self._taste_signals]
        if self._taste_hidden is not None:
            lists.insert(0, _mlp(x[:, :HEAD_FEATURES], self._taste_hidden, self._taste_w))
        elif not lists:  # one linear ranker: the prior weights, or a single signal
            return (x @ self._taste_w).astype(np.float32)
        if len(lists) == 1:
            return np.asarray(lists[0], np.float32)
        # reciprocal-rank fusion; content similarity to the last 60 days orders exact ties
        fused = sum(1.0 / (FUSION_K + places(scores)) for scores in lists)
        fused += 1e-9 * x[:, TASTE_FEATURES.index(TIE_SIGNAL)]
        return fused.astype(np.float32)

    def _fit_taste_head(
        self, data: TrainingData, seed: int
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray | None, np.ndarray]:
        """Learn the taste head on internal cutoffs (listwise: softmax over each cutoff's items).

        At ``as_of - k * 30 days`` (k = 1 .. :data:`INTERNAL_CUTOFFS`) the candidates are the
        items never played before, the positives those first played in the next 30 days. The
        loss is the mean negative log-softmax of the positives within their cutoff, which
        rewards putting answers at the very top (what precision@50 measures).

        Returns the head's (or one linear ranker's) weights, empty when only single signals
        are fused; the features' mean and deviation; the head's hidden layer (``None`` without
        a head); and the single signals fused with the head (one row of weights each, none
        when one ranker ranks).
        """
        no_signals = np.zeros((0, len(TASTE_FEATURES)), np.float32)
        groups = self._taste_months(data, seed)
        all_feats = taste_features(
            data, self._artists, self._albums, self._n_artists, self._content
        )
        if all_feats.shape[0]:
            mu = all_feats.mean(axis=0)
            sd = np.maximum(all_feats.std(axis=0), 1e-3)
        else:  # an empty library
            mu = np.zeros(len(TASTE_FEATURES), np.float32)
            sd = np.ones(len(TASTE_FEATURES), np.float32)
        if not groups or sum(int(y.sum()) for _, y in groups) < 10:
            return PRIOR_TASTE_WEIGHTS.copy(), mu, sd, None, no_signals
        chosen = _choose_rankers(groups, mu, sd, seed)
        signals = np.zeros((len(chosen), len(TASTE_FEATURES)), np.float32)
        for row, j in zip(signals, chosen):
            if j != "head":
                row[TASTE_FEATURES.index(j)] = 1.0
                row[TASTE_FEATURES.index(TIE_SIGNAL)] += TIE_WEIGHT
        signals = signals[[j != "head" for j in chosen]]
        if "head" not in chosen and len(chosen) == 1:  # the winner alone (FUSED_RANKERS = 1)
            return signals[0], mu, sd, None, no_signals
        if "head" not in chosen:
            return np.zeros(0, np.float32), mu, sd, None, signals
        hidden_w, out_w = _train_taste_mlp(groups, mu, sd, seed)
        return out_w, mu, sd, hidden_w, signals

    def _taste_months(self, data: TrainingData, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
        """The internal months, latest first: each one's candidates' taste features (as of its
        start) and which of them were first played within it."""
        groups: list[tuple[np.ndarray, np.ndarray]] = []
        first = np.full(data.n_items, np.inf)
        p = data.plays.select(data.plays.item >= 0)
        np.minimum.at(first, p.item, p.played_at)
        rng = np.random.default_rng(seed)
        for k in range(1, INTERNAL_CUTOFFS + 1):
            t = data.as_of - k * WINDOW_DAYS * DAY
            before = data.with_as_of(t)
            if len(before.taste_plays()) < 50:
                break
            cand = np.flatnonzero(first > t)
            label = first[cand] <= t + WINDOW_DAYS * DAY
            if label.sum() < 3:
                continue
            if cand.size > MAX_HEAD_CANDIDATES:  # keep every positive, sample the rest
                neg = np.flatnonzero(~label)
                keep = rng.choice(neg, MAX_HEAD_CANDIDATES - int(label.sum()), replace=False)
                sel = np.sort(np.concatenate([np.flatnonzero(label), keep]))
                cand, label = cand[sel], label[sel]
            feats = taste_features(
                before, self._artists, self._albums, self._n_artists, self._content
            )
            groups.append((feats[cand], label))
        return groups

    # -- next-track head ----------------------------------------------------------------------

    def _set_next_state(self, data: TrainingData, as_of: float) -> None:
        plays = data.taste_plays()
        self._trans = transition_matrix(plays, data.n_items, as_of=as_of, half_life_days=180.0)
        self._trans_t = self._trans.T.tocsr()
        self._artist_trans = _artist_matrix(plays, self._artists, self._n_artists, as_of)
        s30 = np.maximum(item_affinity(data, half_life_days=30.0), 0.0)
        s365 = np.maximum(item_affinity(data, half_life_days=365.0), 0.0)
        self._item30 = np.log1p(s30).astype(np.float32)
        self._item365 = np.log1p(s365).astype(np.float32)
        self._artist30 = np.log1p(group_total(s30, self._artists)).astype(np.float32)
        norms = np.linalg.norm(self._emb, axis=1, keepdims=True)
        self._unit = (self._emb / np.maximum(norms, 1e-9)).astype(np.float32)

    def _next_features(self, ctx: np.ndarray, items: np.ndarray | None = None) -> np.ndarray:
        """float32 [len(items), len(NEXT_FEATURES)] next-track signals given the context.

        ``items`` defaults to every item (scoring); training asks for a few candidates only.
        """
        n = self.n_items
        sel = np.arange(n) if items is None else np.asarray(items, dtype=np.int64)
        last = int(ctx[-1])
        earlier = ctx[:-1][-2:]

        def row_of(m: sp.csr_matrix, r: int, scale: float = 1.0, out: np.ndarray | None = None):
            out = np.zeros(n, np.float32) if out is None else out
            s, e = m.indptr[r], m.indptr[r + 1]
            out[m.indices[s:e]] += scale * m.data[s:e]
            return out

        row = row_of(self._trans, last)[sel]
        ctx_row = np.zeros(n, np.float32)
        for c in earlier:
            row_of(self._trans, int(c), 0.5, ctx_row)
        ctx_row = ctx_row[sel]
        rev = row_of(self._trans_t, last)[sel]
        arts, albs = self._artists[sel], self._albums[sel]
        la, lb = self._artists[last], self._albums[last]
        same_artist = (arts == la) & (la >= 0)
        same_album = (albs == lb) & (lb >= 0)
        if la >= 0:
            arow = np.asarray(self._artist_trans[la].todense()).ravel()
            artist_trans = np.where(arts >= 0, arow[np.maximum(arts, 0)], 0.0)
        else:
            artist_trans = np.zeros(sel.size)
        unit = self._unit[sel]
        space_last = unit @ self._unit[last]
        space_ctx = unit @ self._unit[ctx].mean(axis=0)
        repeat = (sel == last).astype(np.float32)
        in_ctx = np.isin(sel, ctx[:-1]).astype(np.float32)
        return np.stack(
            [
                np.log1p(row),
                np.log1p(ctx_row),
                np.log1p(rev),
                same_artist,
                same_album,
                np.log1p(artist_trans),
                space_last,
                space_ctx,
                self._item30[sel],
                self._item365[sel],
                self._artist30[sel],
                repeat,
                in_ctx,
            ],
            axis=1,
        ).astype(np.float32)

    def _fit_next_head(
        self, data: TrainingData, split_at: float, emb: np.ndarray, rng: np.random.Generator
    ) -> np.ndarray | None:
        import torch

        saved_emb: Any = getattr(self, "_emb", None)
        self._emb = emb
        self._set_next_state(data.with_as_of(split_at), split_at)
        p = data.taste_plays()
        late = np.flatnonzero(p.played_at > split_at)
        cases = [int(j) for j in late if j > 0 and p.session[j - 1] == p.session[j]]
        if len(cases) < 30:
            self._emb = saved_emb
            return None
        if len(cases) > 500:
            cases = sorted(int(c) for c in rng.choice(cases, 500, replace=False))
        pop = self._item365.astype(np.float64) + 1e-3
        pop /= pop.sum()
        feats, n_neg = [], 64
        for j in cases:
            start = max(j - 3, 0)
            while p.session[start] != p.session[j]:
                start += 1
            ctx = p.item[start:j].astype(np.int64)
            target = int(p.item[j])
            negs = np.concatenate(
                [
                    rng.integers(0, data.n_items, n_neg // 2),
                    rng.choice(data.n_items, n_neg // 2, p=pop),
                ]
            )
            feats.append(self._next_features(ctx, np.concatenate([[target], negs])))
        x = torch.from_numpy(np.stack(feats))  # [cases, 1 + n_neg, f]
        w = torch.zeros(x.shape[2], requires_grad=True)
        with torch.no_grad():
            w.copy_(torch.from_numpy(PRIOR_NEXT_WEIGHTS))
        opt = torch.optim.Adam([w], lr=0.05)
        first = torch.zeros(x.shape[0], dtype=torch.long)  # the true next track is column 0
        for _ in range(200):
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(x @ w, first) + 1e-3 * (w * w).sum()
            loss.backward()
            opt.step()
        self._emb = saved_emb
        return w.detach().numpy().astype(np.float32)

    # -- scoring ------------------------------------------------------------------------------

    def _score_taste(self) -> np.ndarray:
        return self._scores

    def score_next(
        self, context_items: np.ndarray | Sequence[int], items: np.ndarray
    ) -> np.ndarray:
        """Next-track scores of ``items`` only (the features of those items alone)."""
        self._check_fitted()
        ctx = np.asarray(context_items, dtype=np.int64).reshape(-1)
        ctx = ctx[(ctx >= 0) & (ctx < self.n_items)]
        sel = np.asarray(items, dtype=np.int64)
        if ctx.size == 0:
            return self.score()[sel]
        out = self._next_features(ctx, sel) @ self._next_w
        out = np.where(self._scores[sel] <= -1e8, -1e9, out).astype(np.float32)
        return np.nan_to_num(out, nan=-1e9, neginf=-1e9, posinf=1e9)

    def _score_next(self, context: np.ndarray) -> np.ndarray:
        f = self._next_features(context)
        out = f @ self._next_w
        return np.where(self._scores <= -1e8, -1e9, out).astype(np.float32)

    def similar(self, item: int, count: int) -> list[tuple[int, float]]:
        """Nearest items by cosine in the item space."""
        self._check_fitted()
        sims = self._unit @ self._unit[int(item)]
        return top_k(sims, count, exclude=[int(item)])

    def embeddings(self) -> np.ndarray | None:
        return self._emb

    # -- persistence --------------------------------------------------------------------------

    def _state(self) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
        arrays = {
            "artists": self._artists,
            "albums": self._albums,
            "emb": self._emb,
            "scores": self._scores,
            "taste_w": self._taste_w,
            "taste_mu": self._taste_mu,
            "taste_sd": self._taste_sd,
            "next_w": self._next_w,
            "item30": self._item30,
            "item365": self._item365,
            "artist30": self._artist30,
        }
        if self._taste_hidden is not None:
            arrays["taste_hidden"] = self._taste_hidden
        if self._taste_signals.size:
            arrays["taste_signals"] = self._taste_signals
        for name, m in (("trans", self._trans), ("atrans", self._artist_trans)):
            arrays[f"{name}_data"] = m.data
            arrays[f"{name}_indices"] = m.indices
            arrays[f"{name}_indptr"] = m.indptr
        return arrays, {"n_artists": self._n_artists, "dim": self.dim}

    def _restore(self, arrays: dict[str, np.ndarray], extra: dict[str, Any]) -> None:
        self.dim = int(extra["dim"])
        self._content = None
        self._n_artists = int(extra["n_artists"])
        self._artists, self._albums = arrays["artists"], arrays["albums"]
        self._emb, self._scores = arrays["emb"], arrays["scores"]
        self._taste_w, self._taste_mu = arrays["taste_w"], arrays["taste_mu"]
        self._taste_sd, self._next_w = arrays["taste_sd"], arrays["next_w"]
        self._taste_hidden = arrays.get("taste_hidden")
        self._taste_signals = arrays.get(
            "taste_signals", np.zeros((0, len(TASTE_FEATURES)), np.float32)
        )
        self._item30, self._item365 = arrays["item30"], arrays["item365"]
        self._artist30 = arrays["artist30"]
        n, na = self.n_items, max(self._n_artists, 1)
        self._trans = sp.csr_matrix(
            (arrays["trans_data"], arrays["trans_indices"], arrays["trans_indptr"]), shape=(n, n)
        )
        self._trans_t = self._trans.T.tocsr()
        self._artist_trans = sp.csr_matrix(
            (arrays["atrans_data"], arrays["atrans_indices"], arrays["atrans_indptr"]),
            shape=(na, na),
        )
        norms = np.linalg.norm(self._emb, axis=1, keepdims=True)
        self._unit = (self._emb / np.maximum(norms, 1e-9)).astype(np.float32)


def _train_taste_mlp(
    groups: list[tuple[np.ndarray, np.ndarray]], mu: np.ndarray, sd: np.ndarray, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """A 16-unit tanh network trained listwise: mean log-softmax of each cutoff's positives.

    It reads the first :data:`HEAD_FEATURES` taste features.
    """
    import torch

    torch.manual_seed(seed)
    h = HEAD_FEATURES
    xs = [torch.from_numpy(((x[:, :h] - mu[:h]) / sd[:h]).astype(np.float32)) for x, _ in groups]
    ys = [torch.from_numpy(y) for _, y in groups]
    w1 = torch.nn.Linear(h, 16)
    w2 = torch.nn.Linear(16, 1)
    opt = torch.optim.Adam([*w1.parameters(), *w2.parameters()], lr=0.05, weight_decay=1e-3)
    for _ in range(TASTE_HEAD_STEPS):
        opt.zero_grad()
        loss = torch.zeros(())
        for x, y in zip(xs, ys):
            logp = torch.log_softmax(w2(torch.tanh(w1(x))).squeeze(1), dim=0)
            loss = loss - logp[y].mean()
        (loss / len(xs)).backward()
        opt.step()
    hidden_w = np.concatenate(
        [w1.weight.detach().numpy(), w1.bias.detach().numpy()[:, None]], axis=1
    ).astype(np.float32)
    out_w = np.concatenate([w2.weight.detach().numpy().ravel(), w2.bias.detach().numpy()])
    return hidden_w, out_w.astype(np.float32)


def _choose_rankers(
    groups: list[tuple[np.ndarray, np.ndarray]], mu: np.ndarray, sd: np.ndarray, seed: int
) -> list[str]:
    """The :data:`FUSED_RANKERS` best of the head ("head") and the single signals (by name) on
    the validation month, best first."""
    # Validation on the most recent informative month: the learned head (trained on the
    # older months) and every single signal are ranked there, and the best FUSED_RANKERS of
    # them rank together (a guard against a head that learned an older taste dynamic than
    # the present one, and against trusting one month's winner alone).
    # A month where even the best single signal finds no more answers than chance (within
    # INFORMATIVE_Z Poisson deviations) cannot tell them apart, so the next older one is
    # used. With fewer than MIN_HEAD_MONTHS months from the validation month back, the head
    # is not trained at all: the one it would be validated with saw a single month.
    v = _informative_month(groups, mu, sd)
    vx, vy = groups[v]
    vz = (vx - mu) / sd
    # each ranker's hits on the validation month; on a tie the head, then the signals' order
    ranked: list[tuple[float, int, str]] = []
    if len(groups) - v >= MIN_HEAD_MONTHS:
        head = _train_taste_mlp(groups[v + 1 :], mu, sd, seed)
        ranked.append((-_precision_at(_mlp(vz[:, :HEAD_FEATURES], *head), vy), 0, "head"))
    for order, (j, got) in enumerate(_signal_precisions(vz, vy).items(), start=1):
        ranked.append((-got, order, j))
    return [name for _, _, name in sorted(ranked)[:FUSED_RANKERS]]


def _signal_precisions(z: np.ndarray, y: np.ndarray) -> dict[str, float]:
    """Precision@50 of each selectable single signal over standardised features ``z``, in the
    order of :data:`SELECTABLE_SIGNALS` (ties: :data:`TIE_SIGNAL`)."""
    tie = z[:, TASTE_FEATURES.index(TIE_SIGNAL)] * TIE_WEIGHT
    return {j: _precision_at(z[:, TASTE_FEATURES.index(j)] + tie, y) for j in SELECTABLE_SIGNALS}


def _single_signal_hits(x: np.ndarray, y: np.ndarray, mu: np.ndarray, sd: np.ndarray) -> float:
    """Most answers any single selectable signal puts in its top 50."""
    return max(_signal_precisions((x - mu) / sd, y).values()) * min(50, y.size)


def _informative_month(
    groups: list[tuple[np.ndarray, np.ndarray]], mu: np.ndarray, sd: np.ndarray
) -> int:
    """Index of the most recent internal month where a single signal beats chance, else 0.

    Chance is the expected number of answers in a random top 50 of that month's candidates;
    "beats" means at least :data:`INFORMATIVE_Z` Poisson standard deviations above it.
    """
    for v, (x, y) in enumerate(groups):
        expected = min(50, y.size) * float(y.mean())
        if _single_signal_hits(x, y, mu, sd) >= expected + INFORMATIVE_Z * np.sqrt(expected):
            return v
    return 0


def _precision_at(scores: np.ndarray, labels: np.ndarray, k: int = 50) -> float:
    k = min(k, scores.size)
    top = np.argpartition(-scores, k - 1)[:k]
    return float(labels[top].mean())


def _mlp(x: np.ndarray, hidden: np.ndarray, out: np.ndarray) -> np.ndarray:
    h = np.tanh(x @ hidden[:, :-1].T + hidden[:, -1])
    return (h @ out[:-1] + out[-1]).astype(np.float32)


def _banned(data: TrainingData) -> np.ndarray:
    banned = np.zeros(data.n_items, bool)
    if data.bans.size:
        banned[data.bans] = True
    if data.banned_artists:
        banned |= np.array([a in data.banned_artists for a in data.artists], bool)
    return banned


def _split_time(plays: Any) -> float | None:
    """Start of the last fifth of the training plays (for the next-track head), or None."""
    if len(plays) < 200:
        return None
    return float(plays.played_at[int(len(plays) * 0.8)])
