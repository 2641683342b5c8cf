"""Match what a history reported (artist, title, album, ids) to a track of the catalog.

The order, most certain first (docs/history.md, "Matching"):

1. the very same file (a player library's ``location``), 0.99;
2. MusicBrainz recording id, 1.0, then ISRC, 0.97 (each checked against the title, because
   exports carry stale ids now and then);
3. normalised artist + title, 0.95 (0.98 when the album agrees too), 0.90 through a secondary
   artist name (the primary artist of "A feat. B", an album artist, a multi-valued artist tag);
4. fuzzy (rapidfuzz) artist and title, scaled by both similarities, with album and duration as
   tie-breakers and a penalty when the durations disagree.

Normalisation folds case and accents (:func:`analysis.identity.fold`), full-width forms to
half-width (NFKD), traditional Chinese characters to simplified (OpenCC, so 鄧麗君 in a history
matches 邓丽君 in a tag), drops "feat."/"ft." parts,
a leading "The", and noise suffixes that do not change the song ("- Remastered 2009",
"- remastered version 2009", "(2011 Remaster)", "[Bonus Track]", "(Explicit)", "- Radio Edit").
Version markers that DO change the recording ("(Live)", "- Acoustic", "(Demo)", remixes) are kept
apart: "Song (Live)" matches "Song - Live" or "Song" on a live album, but never the studio
recording (0.6, below the acceptance threshold), because a wrong match is worse than none.
Numbers in titles must agree for a fuzzy match ("Part I" is not "Part II"), and so must every
word ("Interview A" is not "Interview D"; see :func:`tokens_compatible`).

The :class:`CatalogIndex` is built once per import (dictionaries over the whole catalog) and
memoises answers, so matching 100,000 plays against 50,000 tracks takes a few seconds.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from rapidfuzz import fuzz, process

from analysis.chinese import has_han, to_simplified
from analysis.identity import normalize_mbid

#: Matches below this confidence are not used (the play stays unmatched).
MIN_CONFIDENCE = 0.75

_FEAT_BRACKET = re.compile(r"\s*[\(\[]\s*(?:feat\.?|ft\.?|featuring|with)\s[^\)\]]*[\)\]]", re.I)
_FEAT_TAIL = re.compile(r"\s+(?:feat\.?|ft\.?|featuring)\s[^\(\[/]*?(?=\s*[\(\[/]|$)", re.I)
_ARTIST_SPLIT = re.compile(r"\s+(?:feat\.?|ft\.?|featuring|with|vs\.?|x)\s+|\s*;\s*|\s*/\s*", re.I)
_TRAILING_GROUP = re.compile(r"\s*(?:\(([^()]*)\)|\[([^\[\]]*)\])\s*$")
_DASH_SUFFIX = re.compile(r"^(.*\S)\s+[-\u2010-\u2015]\s+([^-\u2010-\u2015]+)$")
_NOISE = re.compile(
    r"^(?:\d{4}\s*[-\u2013]?\s*)?(?:digital(?:ly)?\s+)?(?:remaster(?:ed)?|re-?master(?:ed)?)"
    r"(?:\s+version)?(?:\s+\d{4})?(?:\s+version)?$"
    r"|^\d{4}\s+(?:digital\s+)?remaster(?:ed)?(?:\s+version)?$"
    r"|^(?:remastered|remaster)\s+(?:in\s+)?\d{4}$"
    r"|^bonus(?:\s+track)?$|^explicit(?:\s+version)?$|^clean(?:\s+version)?$"
    r"|^(?:album|single|lp|original|stereo|mono)(?:\s+(?:version|mix|edit))?$"
    r"|^(?:radio|single)\s+edit$|^edit$|^(?:feat|ft|featuring|with)\b.*$"
    r"|^from\s.*$|^deluxe(?:\s+edition)?$",
    re.I,
)
# no brackets, no dash, no "feat"/"ft"/"featuring" word: title_parts is just fold
_PLAIN_TITLE = re.compile(r"^(?!.*\b(?:feat|ft|featuring)\b)[^()\[\]\-\u2010-\u2015/]*$", re.I)
_LIVE_WORD = re.compile(r"\blive\b")
_VERSION_WORDS = ("live", "acoustic", "demo", "instrumental", "unplugged", "karaoke")
_NUMBER_TOKEN = re.compile(r"\b(?:\d+|i{1,3}|iv|v|vi{1,3}|ix|x)\b")
_SPACE = re.compile(r"\s+")


# Combining marks (accents) left by NFKD; a regex is ~10x faster than testing every character.
_COMBINING = re.compile(
    "[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u3099\u309a]"
)
_PUNCT = re.compile(r"[^\w\s]")


def _deaccent_lower(text: str) -> str:
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return text.casefold().strip()


@lru_cache(maxsize=262_144)
def fold(text: str | None) -> str:
    """:func:`analysis.identity.fold` (accents, case, punctuation, ``&`` → ``and``), faster.

    Histories repeat names a lot, so results are cached.
    """
    if not text:
        return ""
    if has_han(text):  # traditional and simplified forms of one name compare equal
        text = to_simplified(text)
    lowered = _deaccent_lower(text).replace("&", " and ")
    return _SPACE.sub(" ", _PUNCT.sub(" ", lowered)).strip()


def repair_reported(
    artist: str | None, title: str | None, album: str | None
) -> tuple[str | None, str | None, str | None]:
    """Names a source reported as legacy-code-page bytes read as Latin-1, repaired.

    A scrobbler that read ``µËÀö¾ý`` from an old ID3 tag sent it on to Last.fm, and plays the
    built-in player recorded before the tag repair hold it too; the catalog now says 邓丽君.
    The same rules as for tags decide (:mod:`analysis.tag_encoding`), over the three names
    together; genuine Latin-1 names stay as they are. Names beyond Latin-1 cost one check.
    """
    if (
        (not artist or artist.isascii())
        and (not title or title.isascii())
        and (not album or album.isascii())
    ):
        return artist, title, album  # the common case, before any regular expression
    names = (artist, title, album)
    if all(
        n is None or n.isascii() or _PLAIN_WESTERN.match(n) or not _LATIN1_ONLY.match(n)
        for n in names
    ):
        return artist, title, album
    return _repaired(artist, title, album)


_LATIN1_ONLY = re.compile(r"^[\x00-\xff]*$")
# Every 8-bit character an accented letter beside an ASCII letter ("Beyoncé", "Coração"): the
# Western reading scores 1 and no other can win, so the rules need not run (a quick exit only).
_HIGH_LETTER = "[\xc0-\xd6\xd8-\xf6\xf8-\xff]"
_PLAIN_WESTERN = re.compile(
    rf"^(?:[\x00-\x7f]|(?<=[A-Za-z]){_HIGH_LETTER}|{_HIGH_LETTER}(?=[A-Za-z]))*$"
)


@lru_cache(maxsize=65_536)
def _repaired(
    artist: str | None, title: str | None, album: str | None
) -> tuple[str | None, str | None, str | None]:
    from analysis.tag_encoding import repair_values

    values = {k: [v] for k, v in (("a", artist), ("t", title), ("l", album)) if v}
    fixed, _ = repair_values(values)
    return tuple(fixed[k][0] if k in fixed else None for k in ("a", "t", "l"))  # type: ignore[return-value]


def _classify(group: str) -> str | None:
    """``None`` for noise, else the canonical version marker of a trailing group."""
    text = _SPACE.sub(" ", group.replace("_", " ").strip(" -"))
    if not text or _NOISE.match(text):
        return None
    folded = fold(text)
    for word in _VERSION_WORDS:
        if re.search(rf"\b{word}\b", folded):
            return word
    if re.search(r"\b(?:re)?mix\b|\bremixed\b|\bdub\b", folded):
        return "mix:" + folded
    return "other:" + folded


@lru_cache(maxsize=262_144)
def title_parts(title: str | None) -> tuple[str, tuple[str, ...]]:
    """The normalised core of a title and its sorted version markers.

    ``title_parts("Suffragette City (2012 Remaster)") == ("suffragette city", ())`` and
    ``title_parts("Saturnine & Iron Jaw (Live)") == ("saturnine and iron jaw", ("live",))``.
    Groups that are neither noise nor a known version ("(Pacha Ibiza)") stay in the core.
    """
    if not title:
        return "", ()
    if _PLAIN_TITLE.match(title):  # most titles: nothing to peel off
        core = fold(title)
        return (core or title.strip().casefold()), ()
    text = _deaccent_lower(title)
    text = _FEAT_BRACKET.sub("", text)
    versions: list[str] = []
    kept: list[str] = []
    for _ in range(4):  # peel trailing "(...)", "[...]" and " - ..." groups, innermost last
        m = _TRAILING_GROUP.search(text)
        if m and m.start() > 0:
            group = m.group(1) if m.group(1) is not None else m.group(2)
            text = text[: m.start()]
        else:
            m2 = _DASH_SUFFIX.match(text)
            if not m2:
                break
            group = m2.group(2)
            text = m2.group(1)
        kind = _classify(group)
        if kind is None:
            continue
        if kind.startswith("other:"):
            kept.append(kind[6:])
        else:
            versions.append(kind)
    text = _FEAT_TAIL.sub("", text)
    core = fold(text)
    if kept:
        core = " ".join([core, *reversed(kept)]).strip()
    if not core:  # a title of only punctuation ("!!!"): compare it as written
        core = fold(title) or title.strip().casefold()
    return core, tuple(sorted(set(versions)))


@lru_cache(maxsize=131_072)
def artist_key(name: str | None) -> str:
    """Folded artist name without a leading "The" (``"The Cure"`` → ``"cure"``)."""
    key = fold(name) or (name or "").strip().casefold()  # "!!!" is a band
    if key.startswith("the ") and len(key) > 4:
        key = key[4:]
    return key


@lru_cache(maxsize=131_072)
def artist_keys(name: str | None) -> tuple[str, ...]:
    """The full key first, then the primary artist of "A feat. B", "A with B", "A; B"."""
    if not name:
        return ()
    keys = [artist_key(name)]
    lowered = _deaccent_lower(name)
    parts = [p for p in _ARTIST_SPLIT.split(lowered) if p and p.strip()]
    if len(parts) > 1:
        for part in parts:
            key = artist_key(part)
            if key and key not in keys:
                keys.append(key)
    return tuple(k for k in keys if k)


def _numbers(text: str) -> set[str]:
    return set(_NUMBER_TOKEN.findall(text))


def tokens_compatible(a: str, b: str) -> bool:
    """Whether two similar strings differ only by spelling, not by a different word.

    Every word found on one side only must have a close partner (rapidfuzz ratio >= 75) among
    the other side's own words, or the differing words must be the same letters split or joined
    differently ("every day" / "everyday"). "interview a" / "interview d" and
    "sugar january 1999" / "war january 1999" are not compatible.
    """
    ta, tb = a.split(), b.split()
    only_a = [t for t in ta if t not in tb]
    only_b = [t for t in tb if t not in ta]
    if not only_a and not only_b:
        return True
    if "".join(only_a) == "".join(only_b):
        return True
    if not only_a or not only_b:
        return False
    return all(any(fuzz.ratio(x, y) >= 75 for y in only_b) for x in only_a) and all(
        any(fuzz.ratio(y, x) >= 75 for x in only_a) for y in only_b
    )


class Match(NamedTuple):
    """A catalog track chosen for a reported play, with how sure the matcher is (0..1)."""

    track_id: int
    identity: str
    confidence: float
    method: str  # "path", "mbid", "isrc", "exact", "alias", "version", "fuzzy"


@dataclass(slots=True)
class _Entry:
    track_id: int
    identity: str
    title_core: str
    versions: tuple[str, ...]
    album: str
    live_album: bool
    duration_ms: int | None
    missing: bool


class CatalogIndex:
    """Dictionaries over the catalog for fast matching; build one per import or rematch.

    Parameters
    ----------
    rows : iterable of dict
        Catalog rows with ``id``, ``identity``, ``artist``, ``artists`` (list), ``album_artist``,
        ``title``, ``album``, ``duration`` (s), ``mb_recording_id``, ``isrc``, ``path`` and
        ``missing``. :meth:`from_catalog` reads them from a :class:`~analysis.catalog.Catalog`.
    min_confidence : float
        Matches below it return ``None``.
    """

    def __init__(
        self, rows: Iterable[dict[str, Any]], *, min_confidence: float = MIN_CONFIDENCE
    ) -> None:
        self.min_confidence = min_confidence
        self.entries: dict[int, _Entry] = {}
        self.by_identity: dict[str, int] = {}
        self.by_mbid: dict[str, list[int]] = defaultdict(list)
        self.by_isrc: dict[str, list[int]] = defaultdict(list)
        self.by_path: dict[str, int] = {}
        self.by_key: dict[tuple[str, str], list[tuple[int, bool]]] = defaultdict(list)
        self.titles_by_artist: dict[str, dict[str, list[int]]] = defaultdict(
            lambda: defaultdict(list)
        )
        self._memo: dict[tuple[Any, ...], Match | None] = {}
        self._artist_memo: dict[str, tuple[str, float] | None] = {}
        for row in rows:
            self._add(row)
        self.artist_buckets: dict[str, list[str]] = defaultdict(list)
        for key in self.titles_by_artist:
            self.artist_buckets[key[:1]].append(key)

    @classmethod
    def from_catalog(cls, catalog: Any, *, min_confidence: float = MIN_CONFIDENCE) -> CatalogIndex:
        """Index every readable track of a catalog (missing files too, so plays stay attached)."""
        import json

        cur = catalog.conn.execute(
            "SELECT id, identity, artist, artists, album_artist, title, album, duration, "
            "mb_recording_id, isrc, path, missing FROM tracks WHERE error IS NULL ORDER BY id"
        )
        rows = []
        for r in cur:
            d = dict(r)
            d["artists"] = json.loads(d["artists"]) if d["artists"] else []
            rows.append(d)
        return cls(rows, min_confidence=min_confidence)

    def _add(self, row: dict[str, Any]) -> None:
        tid = int(row["id"])
        identity = row.get("identity") or f"track:{tid}"
        core, versions = title_parts(row.get("title"))
        if not core and row.get("path"):
            core, versions = title_parts(str(row["path"]).rsplit("/", 1)[-1].rsplit(".", 1)[0])
        album = fold(row.get("album"))
        duration = row.get("duration")
        entry = _Entry(
            tid,
            identity,
            core,
            versions,
            album,
            bool(_LIVE_WORD.search(album)),
            int(duration * 1000) if duration else None,
            bool(row.get("missing")),
        )
        self.entries[tid] = entry
        current = self.by_identity.get(identity)
        if current is None or (self.entries[current].missing and not entry.missing):
            self.by_identity[identity] = tid
        mbid = normalize_mbid(row.get("mb_recording_id"))
        if mbid:
            self.by_mbid[mbid].append(tid)
        if row.get("isrc"):
            self.by_isrc[str(row["isrc"]).strip().upper()].append(tid)
        if row.get("path"):
            self.by_path[str(row["path"])] = tid
        self._add_artists(row, tid, core)

    def _add_artists(self, row: dict[str, Any], tid: int, core: str) -> None:
        """Index a track under every key of its artist, credited artists and album artist."""
        names: list[str] = []
        for name in [row.get("artist"), *(row.get("artists") or []), row.get("album_artist")]:
            for i, key in enumerate(artist_keys(name)):
                if key not in names:
                    names.append(key)
                    primary = name == row.get("artist") and i == 0
                    self.by_key[(key, core)].append((tid, primary))
                    self.titles_by_artist[key][core].append(tid)

    def __len__(self) -> int:
        return len(self.entries)

    def track_for_identity(self, identity: str | None) -> int | None:
        """The catalog id holding ``identity`` now (a present file before a missing one)."""
        return self.by_identity.get(identity) if identity else None

    # -- matching ------------------------------------------------------------------------------

    def match(
        self,
        *,
        artist: str | None,
        title: str | None,
        album: str | None = None,
        duration_ms: int | None = None,
        mb_recording_id: str | None = None,
        isrc: str | None = None,
        location: str | None = None,
    ) -> Match | None:
        """The best track for a reported play, or ``None`` below :attr:`min_confidence`.

        Parameters
        ----------
        artist, title, album : str, optional
            As the source reported them.
        duration_ms : int, optional
            The track length the source reported (a tie-breaker and a sanity check).
        mb_recording_id, isrc : str, optional
            Identifiers the source carried.
        location : str, optional
            A file path the source knew (player libraries).
        """
        key = (
            artist,
            title,
            album,
            duration_ms // 1000 if duration_ms else None,
            mb_recording_id,
            isrc,
            location,
        )
        if key in self._memo:
            return self._memo[key]
        artist, title, album = repair_reported(artist, title, album)
        found = self._match(artist, title, album, duration_ms, mb_recording_id, isrc, location)
        if found is not None and found.confidence < self.min_confidence:
            found = None
        if len(self._memo) < 500_000:
            self._memo[key] = found
        return found

    def _match(
        self,
        artist: str | None,
        title: str | None,
        album: str | None,
        duration_ms: int | None,
        mbid: str | None,
        isrc: str | None,
        location: str | None,
    ) -> Match | None:
        if location and location in self.by_path:
            tid = self.by_path[location]
            return Match(tid, self.entries[tid].identity, 0.99, "path")
        core, versions = title_parts(title)
        album_key = fold(album)
        found = self._by_identifier(core, album_key, duration_ms, normalize_mbid(mbid), isrc)
        if found is not None:
            return found
        if not core or not artist:
            return None
        keys = artist_keys(artist)
        best = self._by_artist_and_title(keys, core, versions, album_key, duration_ms)
        # the exact stage stops at its first match of 0.9 or more; below that it stands when
        # it reaches the minimum confidence, else the fuzzy stage may find better
        if best is not None and best.confidence >= min(0.9, self.min_confidence):
            return best
        fuzzy = self._fuzzy(keys, core, versions, album_key, duration_ms)
        if fuzzy and (best is None or fuzzy.confidence > best.confidence):
            best = fuzzy
        return best

    def _by_identifier(
        self,
        core: str,
        album_key: str,
        duration_ms: int | None,
        mbid: str | None,
        isrc: str | None,
    ) -> Match | None:
        """A match by MusicBrainz recording id, else by ISRC (when the titles agree)."""
        for ids, conf, method in (
            (self.by_mbid.get(mbid) if mbid else None, 1.0, "mbid"),
            (self.by_isrc.get(isrc.strip().upper()) if isrc else None, 0.97, "isrc"),
        ):
            if not ids:
                continue
            if core:
                ids = [t for t in ids if fuzz.partial_ratio(core, self.entries[t].title_core) >= 60]
            if ids:
                tid = self._best(ids, album_key, duration_ms)
                return Match(tid, self.entries[tid].identity, conf, method)
        return None

    def _by_artist_and_title(
        self,
        keys: Sequence[str],
        core: str,
        versions: tuple[str, ...],
        album_key: str,
        duration_ms: int | None,
    ) -> Match | None:
        """The exact stage: the artist's keys (the name, then aliases) with the exact title;
        stops at the first match of confidence 0.9 or more."""
        best: Match | None = None
        for rank, akey in enumerate(keys):
            cands = self.by_key.get((akey, core))
            if not cands:
                continue
            found = self._from_candidates(
                [t for t, _ in cands],
                versions,
                album_key,
                duration_ms,
                base=(0.95, 0.90)[rank] if rank < 2 else 0.85,
                method="exact" if rank == 0 else "alias",
                primary={t for t, p in cands if p},
            )
            if found and (best is None or found.confidence > best.confidence):
                best = found
            if best and best.confidence >= 0.9:
                return best
        return best

    def _duration_factor(self, tid: int, duration_ms: int | None) -> float:
        mine = self.entries[tid].duration_ms
        if not duration_ms or not mine:
            return 0.0
        diff = abs(mine - duration_ms)
        if diff <= 3000:
            return 0.02
        if diff > max(15000, 0.15 * max(mine, duration_ms)):
            return -0.2
        return 0.0

    def _best(
        self,
        ids: list[int],
        album_key: str,
        duration_ms: int | None,
        primary: set[int] | None = None,
    ) -> int:
        if len(ids) == 1:
            return ids[0]

        def score(tid: int) -> tuple[float, ...]:
            e = self.entries[tid]
            album_score = 0.0
            if album_key and e.album:
                album_score = 1.0 if album_key == e.album else fuzz.ratio(album_key, e.album) / 200
            dur = -abs(e.duration_ms - duration_ms) if duration_ms and e.duration_ms else 0
            return (
                album_score,
                dur,
                1 if primary and tid in primary else 0,
                0 if e.missing else 1,
                -tid,
            )

        return max(ids, key=score)

    def _versions_agree(self, tid: int, versions: tuple[str, ...]) -> bool:
        e = self.entries[tid]
        if e.versions == versions:
            return True
        # "Song (Live)" against "Song" on "Live at Leeds"
        return (
            set(versions) - set(e.versions) == {"live"}
            and e.live_album
            and set(e.versions) <= set(versions)
        )

    def _from_candidates(
        self,
        ids: list[int],
        versions: tuple[str, ...],
        album_key: str,
        duration_ms: int | None,
        *,
        base: float,
        method: str,
        primary: set[int] | None = None,
    ) -> Match | None:
        same = [t for t in ids if self._versions_agree(t, versions)]
        if same:
            tid = self._best(same, album_key, duration_ms, primary)
            conf = base
            if album_key and self.entries[tid].album == album_key:
                conf += 0.03
            conf += self._duration_factor(tid, duration_ms)
            return Match(tid, self.entries[tid].identity, min(conf, 0.99), method)
        tid = self._best(ids, album_key, duration_ms, primary)
        return Match(tid, self.entries[tid].identity, 0.6, "version")

    def _fuzzy_artist(self, akey: str) -> tuple[str, float] | None:
        """The catalog artist spelled most like ``akey`` (cached: histories repeat artists)."""
        if akey in self._artist_memo:
            return self._artist_memo[akey]
        found = None
        if len(akey) >= 4:
            bucket = self.artist_buckets.get(akey[:1], [])
            hit = process.extractOne(akey, bucket, scorer=fuzz.ratio, score_cutoff=88)
            if hit is not None and tokens_compatible(akey, hit[0]):
                found = (hit[0], float(hit[1]))
        self._artist_memo[akey] = found
        return found

    def _fuzzy(
        self,
        keys: Sequence[str],
        core: str,
        versions: tuple[str, ...],
        album_key: str,
        duration_ms: int | None,
    ) -> Match | None:
        best: Match | None = None
        numbers = _numbers(core)
        for akey in keys[:2]:
            hit = (akey, 100.0) if akey in self.titles_by_artist else self._fuzzy_artist(akey)
            for found_artist, a_score in [hit] if hit is not None else []:
                titles = self.titles_by_artist[found_artist]
                t_hit = _fuzzy_title(core, titles)
                if t_hit is None or _numbers(t_hit[0]) != numbers:
                    continue
                if not tokens_compatible(core, t_hit[0]):
                    continue
                if a_score == 100.0 and t_hit[1] == 100.0:
                    continue  # exact pair: handled (and rejected) by the exact stage
                ids = titles[t_hit[0]]
                base = 0.97 * (a_score / 100) * (t_hit[1] / 100)
                found = self._from_candidates(
                    ids, versions, album_key, duration_ms, base=base, method="fuzzy"
                )
                if (
                    found
                    and found.method == "fuzzy"
                    and (best is None or found.confidence > best.confidence)
                ):
                    best = found
        return best


def _fuzzy_title(core: str, titles: dict[str, list[int]]) -> tuple[str, float] | None:
    """An artist's title matching ``core``: exactly (score 100), or for titles of four or
    more characters the closest with a ratio of 88 or more."""
    if core in titles:
        return core, 100.0
    if len(core) < 4:
        return None
    found = process.extractOne(core, list(titles), scorer=fuzz.ratio, score_cutoff=88)
    return (str(found[0]), float(found[1])) if found else None
