"""Diversity rules every generated playlist follows.

- **One version of a song.** Remasters, live takes, bonus-track editions, radio edits and
  duplicate files of one song share a *version key*: the folded primary artist plus the folded
  title with version suffixes removed ("Help! - Remastered 2009", "Help! (Live)" and "Help! [Bonus
  Track]" are all ``"beatles|help"``). Remixes and "mixes" stay distinct songs.
- **Artist spacing.** No two adjacent tracks by one artist (``artist_gap``), and at most
  ``max_per_artist`` tracks by any artist in a list.
- **Familiar to adventurous.** A maximal-marginal-relevance (MMR) greedy selection: each next
  pick maximises ``lambda * relevance - (1 - lambda) * similarity to what is already picked``.
  ``adventure`` in [0, 1] lowers ``lambda`` (from 1 to 0.5) and mixes each candidate's novelty
  into its relevance, so 0 gives the safest, most typical picks and 1 a wide, unfamiliar list.
- **Deterministic.** The only randomness is a small jitter drawn from ``numpy`` with the given
  seed, which breaks near-ties differently for different seeds and identically for the same one.

Nothing here knows the model; the generators in :mod:`recommender.playlists` pass scores,
embeddings and keys.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from analysis.identity import fold

_VERSION_WORDS = (
    r"remaster(?:ed)?|re-?master(?:ed)?|live|bonus(?: track)?|demo|radio edit|single edit|"
    r"single version|album version|lp version|mono|stereo|edit|version|deluxe|anniversary|"
    r"expanded|explicit|clean|re-?recorded|take \d+|alternate(?: take)?|outtake|reissue"
)
# "(Live)", "[Bonus Track]", "(2011 Remaster)", "(Live at Leeds)"; not "(Extended Mix)".
_BRACKET = re.compile(
    r"\s*[\(\[][^\(\)\[\]]*\b(?:" + _VERSION_WORDS + r")\b[^\(\)\[\]]*[\)\]]", re.IGNORECASE
)
# " - Remastered 2009", " - Live at Wembley", " - 2011 Remaster", " - Radio Edit".
_DASH = re.compile(r"\s+[-–—]\s+[^-–—]*\b(?:" + _VERSION_WORDS + r")\b.*$", re.IGNORECASE)
_FEAT_BRACKET = re.compile(
    r"\s*[\(\[]\s*(?:feat\.?|ft\.?|featuring|with)\s[^\)\]]*[\)\]]", re.IGNORECASE
)
_FEAT_TAIL = re.compile(r"\s+(?:feat\.?|ft\.?|featuring)\s.*$", re.IGNORECASE)
_MIX = re.compile(r"\b(?:re)?mix\b|\bdub\b", re.IGNORECASE)
_ARTIST_FEAT = re.compile(r"\s(?:feat|ft|featuring|with|vs)\s.*$")


_ASCII_PUNCT = re.compile(r"[^\w\s]")
_ASCII_SPACE = re.compile(r"\s+")
_MAYBE_VERSION = re.compile(r"[\(\[\-–—]|\b(?:feat|ft|featuring)\b", re.IGNORECASE)


def fast_fold(text: str | None) -> str:
    """:func:`analysis.identity.fold`, with a quicker path for plain ASCII text (same result)."""
    if not text:
        return ""
    if not text.isascii():
        return fold(text)
    lowered = text.lower().replace("&", " and ")
    return _ASCII_SPACE.sub(" ", _ASCII_PUNCT.sub(" ", lowered)).strip()


def strip_version(title: str | None) -> str:
    """Remove version suffixes and featured-artist notes from a title.

    Parameters
    ----------
    title : str or None
        A track title as tagged.

    Returns
    -------
    str
        The title without ``" - Remastered 2009"``, ``"(Live)"``, ``"[Bonus Track]"``,
        ``"(feat. X)"`` and the like. A bracket or dash part that names a remix or a mix is kept
        (a remix is another song for a listener).
    """
    if not title:
        return ""
    text = title.strip()
    if not _MAYBE_VERSION.search(text):  # most titles: nothing to strip, no regex pass needed
        return text
    previous = None
    while previous != text:  # "Song (Live) [Remastered]" needs two passes
        previous = text
        text = _FEAT_BRACKET.sub("", text)
        text = _BRACKET.sub(lambda m: m.group(0) if _MIX.search(m.group(0)) else "", text)
        dash = _DASH.search(text)
        if dash and not _MIX.search(dash.group(0)):
            text = text[: dash.start()]
        text = _FEAT_TAIL.sub("", text).strip()
    return text or title.strip()


def artist_key(artist: str | None) -> str:
    """The folded primary artist: featured artists and a leading "The" dropped.

    ``artist_key("The Beatles feat. Billy Preston")`` is ``"beatles"``.
    """
    key = fast_fold(artist)
    key = _ARTIST_FEAT.sub("", key)
    if key.startswith("the "):
        key = key[4:]
    return key


def title_key(title: str | None) -> str:
    """The folded title without version suffixes (see :func:`strip_version`)."""
    return fast_fold(strip_version(title))


def version_key(artist: str | None, title: str | None, *, fallback: str = "") -> str:
    """The key shared by every version of one song.

    Parameters
    ----------
    artist, title : str or None
        Tags of the track.
    fallback : str
        Used when the track has no title (normally its file name stem), so untitled files stay
        distinct instead of all colliding on an empty key.

    Returns
    -------
    str
        ``"<artist key>|<title key>"``.
    """
    name = title_key(title) or fast_fold(fallback)
    return f"{artist_key(artist)}|{name}"


@dataclass
class SpacingState:
    """Running state of the artist and version rules while a list is built in order.

    Parameters
    ----------
    max_per_artist : int
        At most this many tracks by one artist.
    artist_gap : int
        An artist may not reappear within this many positions (1: not adjacent).
    used_versions : iterable of str
        Version keys that may not be picked at all (already in the list, or held back).
    """

    max_per_artist: int = 3
    artist_gap: int = 1
    used_versions: set[str] = field(default_factory=set)
    artist_counts: Counter = field(default_factory=Counter)
    recent_artists: deque = field(default_factory=deque)

    def allows(self, artist: str, version: str) -> bool:
        """Whether a track with these keys may come next."""
        if version in self.used_versions:
            return False
        if artist and self.artist_counts[artist] >= self.max_per_artist:
            return False
        return not (artist and artist in self.recent_artists)

    def add(self, artist: str, version: str) -> None:
        """Record that a track with these keys was placed next."""
        self.used_versions.add(version)
        if artist:
            self.artist_counts[artist] += 1
        self.recent_artists.append(artist)
        while len(self.recent_artists) > self.artist_gap:
            self.recent_artists.popleft()


def check_rules(
    artists: Sequence[str], versions: Sequence[str], *, max_per_artist: int, artist_gap: int = 1
) -> list[str]:
    """List every violation of the rules in a finished list (empty when it follows them).

    Used by tests and by the generators' own assertions of their output.
    """
    problems = []
    seen: dict[str, int] = {}
    counts: Counter = Counter()
    for pos, (artist, version) in enumerate(zip(artists, versions, strict=True)):
        if version in seen:
            problems.append(
                f"position {pos}: second version of {version!r} (first at {seen[version]})"
            )
        seen.setdefault(version, pos)
        if artist:
            counts[artist] += 1
            if counts[artist] == max_per_artist + 1:
                problems.append(f"position {pos}: more than {max_per_artist} by {artist!r}")
            window = artists[max(0, pos - artist_gap) : pos]
            if artist in window:
                problems.append(f"position {pos}: {artist!r} within {artist_gap} of itself")
    return problems


def select(
    relevance: np.ndarray,
    *,
    artists: Sequence[str],
    versions: Sequence[str],
    count: int,
    adventure: float = 0.3,
    seed: int = 0,
    embeddings: np.ndarray | None = None,
    novelty: np.ndarray | None = None,
    max_per_artist: int = 3,
    artist_gap: int = 1,
    exclude_versions: Iterable[str] = (),
    albums: Sequence[str] | None = None,
) -> list[int]:
    """Pick and order up to ``count`` candidates by MMR under the diversity rules.

    Parameters
    ----------
    relevance : ndarray of shape (n,)
        How good each candidate is for this list, higher is better (any scale).
    artists, versions : sequence of str, length n
        :func:`artist_key` and :func:`version_key` of each candidate.
    count : int
        The list length wanted; fewer come back when the rules run out of candidates.
    adventure : float
        0 (familiar) to 1 (adventurous); see the module docstring.
    seed : int
        Seed of the tie-breaking jitter.
    embeddings : ndarray of shape (n, d), optional
        Candidate vectors for the similarity term (cosine). Without them, tracks of one album
        count as similarity 1 and of one artist as 0.5.
    novelty : ndarray of shape (n,), optional
        In [0, 1]: how unfamiliar each candidate is to the person (0 for all when absent).
    max_per_artist, artist_gap : int
        See :class:`SpacingState`.
    exclude_versions : iterable of str
        Version keys never to pick (songs held back or already chosen elsewhere).
    albums : sequence of str, optional
        Album keys, used by the similarity fallback.

    Returns
    -------
    list of int
        Positions into the candidate arrays, in playlist order.
    """
    n = len(relevance)
    if n == 0 or count <= 0:
        return []
    adventure = float(np.clip(adventure, 0.0, 1.0))
    rel = _jittered_relevance(relevance, novelty, adventure, seed)
    lam = 1.0 - 0.5 * adventure
    sims = _Similarity(embeddings, artists, albums, n)
    version_arr = np.asarray(versions, dtype=object)
    max_sim = np.zeros(n, dtype=np.float64)
    taken = np.zeros(n, dtype=bool)
    state = SpacingState(
        max_per_artist=max_per_artist, artist_gap=artist_gap, used_versions=set(exclude_versions)
    )
    blocked_version = np.fromiter((v in state.used_versions for v in versions), dtype=bool, count=n)
    order: list[int] = []
    first = True
    while len(order) < count:
        utility = lam * rel - (0.0 if first else (1.0 - lam)) * max_sim
        utility[taken | blocked_version] = -np.inf
        pick, spaced_out = _best_allowed(utility, state, artists, versions, taken, sims.artists)
        slot = len(order)
        if pick < 0 and spaced_out >= 0:
            # Only the last artists remain: place the best of them where the gap allows, so
            # the greedy end-game does not cut the list short.
            slot = _free_slot([artists[i] for i in order], artists[spaced_out], artist_gap)
            pick = spaced_out if slot >= 0 else -1
        if pick < 0:
            break
        _place(order, slot, pick, state, artists[pick], versions[pick])
        taken[pick] = True
        blocked_version |= version_arr == versions[pick]
        np.maximum(max_sim, sims.to(pick), out=max_sim)
        first = False
    return order


def _place(
    order: list[int], slot: int, pick: int, state: SpacingState, artist: str, version: str
) -> None:
    """Put ``pick`` at ``slot`` and count it; only a pick at the end moves the spacing window
    (one inserted earlier was placed where the gap allows)."""
    order.insert(slot, pick)
    if slot == len(order) - 1:
        state.add(artist, version)
    else:
        state.used_versions.add(version)
        state.artist_counts[artist] += 1


def _jittered_relevance(
    relevance: np.ndarray, novelty: np.ndarray | None, adventure: float, seed: int
) -> np.ndarray:
    """Relevance scaled to [0, 1], blended with novelty by ``adventure``, plus a small seeded
    jitter that breaks ties."""
    n = len(relevance)
    rel = _unit_scale(np.asarray(relevance, dtype=np.float64))
    if novelty is not None:
        rel = (1.0 - 0.5 * adventure) * rel + 0.5 * adventure * np.clip(novelty, 0.0, 1.0)
    rng = np.random.default_rng(seed)
    return rel + rng.standard_normal(n) * 0.02


class _Similarity:
    """Similarity of every candidate to a picked one: cosine of the embeddings, or without
    them 1 for the same album and 0.5 for the same artist."""

    def __init__(
        self,
        embeddings: np.ndarray | None,
        artists: Sequence[str],
        albums: Sequence[str] | None,
        n: int,
    ) -> None:
        self.unit = None
        if embeddings is not None and len(embeddings) == n:
            emb = np.asarray(embeddings, dtype=np.float32)
            norms = np.linalg.norm(emb, axis=1, keepdims=True)
            self.unit = emb / np.maximum(norms, 1e-12)
        self.artists = np.asarray(artists, dtype=object)
        self.albums = np.asarray(albums, dtype=object) if albums is not None else None

    def to(self, pick: int) -> np.ndarray:
        if self.unit is not None:
            return self.unit @ self.unit[pick]
        sim = np.where(self.artists == self.artists[pick], 0.5, 0.0)
        if self.albums is not None and self.albums[pick]:
            sim = np.where(self.albums == self.albums[pick], 1.0, sim)
        return sim


def _best_allowed(
    utility: np.ndarray,
    state: SpacingState,
    artists: Sequence[str],
    versions: Sequence[str],
    taken: np.ndarray,
    artist_arr: np.ndarray,
) -> tuple[int, int]:
    """The best candidate the spacing rules allow next (-1: none), and the best one that only
    the artist gap keeps out (-1: none). Artists at their cap are marked taken."""
    spaced_out = -1
    for idx in np.argsort(-utility, kind="stable"):
        if not np.isfinite(utility[idx]):
            break
        if state.allows(artists[idx], versions[idx]):
            return int(idx), spaced_out
        if state.artist_counts[artists[idx]] >= state.max_per_artist:
            taken[artist_arr == artists[idx]] = True  # this artist is done for the list
        elif spaced_out < 0:
            spaced_out = int(idx)  # fine but for the gap: may fit earlier in the list
    return -1, spaced_out


def _free_slot(placed: Sequence[str], artist: str, gap: int) -> int:
    """The latest position where ``artist`` can be inserted without breaking the gap, or -1."""
    for pos in range(len(placed) - 1, -1, -1):
        before = placed[max(0, pos - gap) : pos]
        after = placed[pos : pos + gap]
        if artist not in before and artist not in after:
            return pos
    return -1


def _unit_scale(values: np.ndarray) -> np.ndarray:
    """Min-max scale to [0, 1] over the finite values (a constant array becomes all ones)."""
    finite = np.isfinite(values)
    if not finite.any():
        return np.zeros_like(values)
    lo, hi = values[finite].min(), values[finite].max()
    out = np.where(finite, values, lo)
    if hi - lo < 1e-12:
        return np.ones_like(values)
    return (out - lo) / (hi - lo)
