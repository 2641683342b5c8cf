"""The Library table: rows loaded off the GUI thread, a table model, and its proxy.

Sorting and searching 100,000 rows must each take well under 100 ms. Measured here (PySide6 6.12,
2 cores): a Python ``filterAcceptsRow`` costs about 1.5 us per row *per call from C++*, so a proxy
that filters row by row spends 150 ms on 100,000 rows before painting anything, and a proxy that
sorts by calling ``data()`` from ``lessThan`` needs millions of Python calls (seconds). So the
work happens in Python over whole columns: each row has a precomputed folded "haystack"
(title, artist, album, genre) and each column a precomputed sort key; :class:`LibraryTableModel`
keeps the full sorted permutation and the visible subset, and the proxy in front of it forwards
``sort()`` to it. Filtering 100,000 rows is then a list comprehension of ``in`` tests (~10 ms) and
sorting one ``list.sort`` over precomputed keys.

The proxy (:class:`LibrarySortFilterProxyModel`) stays as the view's model so that extra filters
(missing files, a genre) and selection mapping keep the standard Qt model/view shape.

Chinese and Japanese text is found by its Latin-letter forms too (``denglijun`` and ``dlj`` find
邓丽君; :mod:`desktop_app.gui.romanize`), added to the haystack while loading. Text columns
holding anything beyond Latin letters sort by the locale's collation (``QCollator``: in a
Chinese locale 邓丽君 sorts under D, not by code point), computed once per distinct value off
the GUI thread; columns of Latin text keep the faster folded sort.
"""

from __future__ import annotations

import math
import re
import sqlite3
import time
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCollator,
    QCoreApplication,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from analysis.identity import fold
from desktop_app.gui.i18n import QT_TRANSLATE_NOOP
from desktop_app.gui.romanize import search_forms

#: Role returning the raw value of a cell (numbers as numbers, ``None`` for unknown).
SortRole = Qt.ItemDataRole.UserRole + 1
#: Role returning the catalog id of the row's track.
TrackIdRole = Qt.ItemDataRole.UserRole + 2

# (key, header) in display order
COLUMNS: tuple[tuple[str, str], ...] = (
    ("title", QT_TRANSLATE_NOOP("Columns", "Title")),
    ("artist", QT_TRANSLATE_NOOP("Columns", "Artist")),
    ("album", QT_TRANSLATE_NOOP("Columns", "Album")),
    ("genre", QT_TRANSLATE_NOOP("Columns", "Genre")),
    ("year", QT_TRANSLATE_NOOP("Columns", "Year")),
    ("duration", QT_TRANSLATE_NOOP("Columns", "Duration")),
    ("plays", QT_TRANSLATE_NOOP("Columns", "Plays")),
    ("last_played", QT_TRANSLATE_NOOP("Columns", "Last played")),
    ("bpm", QT_TRANSLATE_NOOP("Columns", "BPM")),
    ("key", QT_TRANSLATE_NOOP("Columns", "Key")),
)
COLUMN_KEYS = tuple(key for key, _ in COLUMNS)
NUMERIC = {"year", "duration", "plays", "last_played", "bpm"}


@dataclass
class LibraryRows:
    """Column-major rows of the library table (one list per column, all the same length)."""

    ids: list[int] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    identities: list[str | None] = field(default_factory=list)
    columns: dict[str, list[Any]] = field(default_factory=lambda: {k: [] for k in COLUMN_KEYS})
    haystack: list[str] = field(default_factory=list)
    #: Per column: every row index in ascending and in descending order, unknown values last.
    #: Computed off the GUI thread by :func:`compute_orders`.
    orders: dict[str, tuple[array, array]] = field(default_factory=dict)
    #: Folded titles (search and sort share them).
    folded_titles: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.ids)

    def row_of(self) -> dict[int, int]:
        return {track_id: i for i, track_id in enumerate(self.ids)}


# -- loading (runs in a worker thread; no widgets) -----------------------------------------------

_TRACK_SQL = (
    "SELECT id, path, identity, title, artist, album, genre, year, duration FROM tracks "
    "WHERE error IS NULL AND missing = 0 ORDER BY id"
)


def load_rows(
    conn: sqlite3.Connection,
    *,
    plays: dict[int, tuple[int, float | None]] | None = None,
    descriptors: dict[int, Any] | None = None,
) -> LibraryRows:
    """Read the present, readable tracks of the catalog into column lists.

    Parameters
    ----------
    conn : sqlite3.Connection
        A catalog connection (a read-only one is fine).
    plays : dict, optional
        ``track id -> (play count, last played unix time)`` from the history store.
    descriptors : dict, optional
        ``track id -> object with .bpm and .key`` from the feature store.
    """
    rows = LibraryRows()
    cols = rows.columns
    plays = plays or {}
    descriptors = descriptors or {}
    caches: dict[str, dict[str, str]] = {"artist": {}, "album": {}, "genre": {}}
    cur = conn.execute(_TRACK_SQL)
    while True:
        batch = cur.fetchmany(5000)
        if not batch:
            break
        for track_id, path, identity, title, artist, album, genre, year, duration in batch:
            if not title:
                base = path.rsplit("/", 1)[-1]
                title = base.rsplit(".", 1)[0] if "." in base else base
            rows.ids.append(track_id)
            rows.paths.append(path)
            rows.identities.append(identity)
            cols["title"].append(title)
            cols["artist"].append(artist or "")
            cols["album"].append(album or "")
            cols["genre"].append(genre or "")
            cols["year"].append(year)
            cols["duration"].append(duration)
            count, last = plays.get(track_id, (0, None))
            cols["plays"].append(count)
            cols["last_played"].append(last)
            desc = descriptors.get(track_id)
            bpm = getattr(desc, "bpm", None) if desc is not None else None
            cols["bpm"].append(None if bpm is None or not math.isfinite(bpm) else float(bpm))
            cols["key"].append((getattr(desc, "key", None) or "") if desc is not None else "")
            folded_title = quick_fold(title)
            rows.folded_titles.append(folded_title)
            rows.haystack.append(
                " ".join(
                    filter(
                        None,
                        (
                            folded_title,
                            quick_fold(artist, caches["artist"]),
                            quick_fold(album, caches["album"]),
                            quick_fold(genre, caches["genre"]),
                            # pinyin / romaji forms: empty (one isascii call) for Latin text
                            search_forms(title),
                            search_forms(artist),
                            search_forms(album),
                        ),
                    )
                )
            )
    return rows


_PUNCT = re.compile(r"[^\w\s]")


def quick_fold(text: str | None, cache: dict[str, str] | None = None) -> str:
    """:func:`analysis.identity.fold`, with a fast path for ASCII text and an optional cache.

    For ASCII text NFKD decomposition and accent stripping change nothing, so the result equals
    ``fold(text)``; artists, albums and genres repeat, so a cache saves most of the work.
    """
    if not text:
        return ""
    if cache is not None:
        hit = cache.get(text)
        if hit is not None:
            return hit
    if text.isascii():
        value = " ".join(_PUNCT.sub(" ", text.lower().replace("&", " and ")).split())
    else:
        value = fold(text)
    if cache is not None:
        cache[text] = value
    return value


def column_order(
    key: str,
    values: Sequence[Any],
    *,
    folded: Sequence[str] | None = None,
    locale: QLocale | None = None,
) -> tuple[array, array]:
    """Row indices sorted ascending and descending by ``values``, unknown values last in both.

    Text compares case- and accent-blind; a text column with any value beyond Latin letters
    (Chinese, Japanese, Korean, Cyrillic...) compares by ``locale``'s collation (default: the
    application's locale). Both sorts are stable: equal values keep row order.
    """
    if key in NUMERIC:
        sort_keys: Sequence[Any] = values
        known = [i for i, v in enumerate(values) if v is not None]
        unknown = [i for i, v in enumerate(values) if v is None]
    else:
        cache: dict[str, str] = {}
        sort_keys = (
            folded if folded is not None else [quick_fold(v, cache) if v else "" for v in values]
        )
        known = [i for i, v in enumerate(sort_keys) if v]
        unknown = [i for i, v in enumerate(sort_keys) if not v]
        if not all(v.isascii() for v in sort_keys):  # folding left letters beyond Latin
            sort_keys = collation_ranks(values, locale)
    ascending, descending = _stable_orders(sort_keys, known)
    return array("l", ascending + unknown), array("l", descending + unknown)


#: Keys copied into the numpy array per slice (each copy holds the GIL; see below).
_SLICE = 4096


def _stable_orders(sort_keys: Sequence[Any], known: list[int]) -> tuple[list[int], list[int]]:
    """``known`` sorted ascending and descending by ``sort_keys``, equal keys in row order.

    ``sorted(known, key=sort_keys.__getitem__)`` is one C call that holds the GIL for its whole
    run (about 100 ms for 100,000 titles), and the window's thread waited that long during
    start-up (benchmarks/bench_gui.py). numpy's stable argsort releases the GIL. Text keys are
    ASCII here (folded, or replaced by collation ranks), so their bytes sort as the strings do.
    """
    import numpy as np

    if not known:
        return [], []
    rows = np.asarray(known, dtype=np.int64)
    if isinstance(sort_keys[known[0]], str):
        keys = [sort_keys[i].encode("ascii") for i in known]
        values = np.empty(len(keys), dtype=f"S{max(1, max(map(len, keys)))}")
    else:
        keys = [sort_keys[i] for i in known]
        values = np.empty(len(keys), dtype=np.float64)
    for start in range(0, len(keys), _SLICE):
        values[start : start + _SLICE] = keys[start : start + _SLICE]
    ascending = np.argsort(values, kind="stable")
    # stable descending: sort the reversed keys, read the result backwards, map positions back
    descending = len(keys) - 1 - np.argsort(values[::-1], kind="stable")[::-1]
    return rows[ascending].tolist(), rows[descending].tolist()


def collation_ranks(values: Sequence[Any], locale: QLocale | None = None) -> list[int]:
    """Each value's rank among the distinct values in the collation of ``locale``.

    Distinct values are sorted once by ``QCollator`` sort keys (artists, albums and genres
    repeat), then rows sort by the integer rank.
    """
    collator = QCollator(locale if locale is not None else QLocale())
    collator.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    distinct = {v for v in values if v}
    ranked = sorted(distinct, key=collator.sortKey)
    rank = {v: r for r, v in enumerate(ranked)}
    return [rank.get(v, -1) for v in values]


def compute_orders(rows: LibraryRows) -> LibraryRows:
    """Fill ``rows.orders`` for every column (worker thread: sorting 100,000 rows by text takes
    a few hundred ms, which the GUI thread must not spend)."""
    for key in COLUMN_KEYS:
        folded = rows.folded_titles if key == "title" and rows.folded_titles else None
        rows.orders[key] = column_order(key, rows.columns[key], folded=folded)
    return rows


# -- formatting ---------------------------------------------------------------------------------


def format_duration(seconds: float | None) -> str:
    if seconds is None or not math.isfinite(seconds):
        return ""
    seconds = round(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    return f"{seconds // 60}:{seconds % 60:02d}"


def format_when(ts: float | None, *, now: float | None = None) -> str:
    if not ts:
        return ""
    from desktop_app.gui.i18n import date

    return date(ts)


def _display(key: str, value: Any) -> str:
    if value is None:
        return ""
    if key == "duration":
        return format_duration(value)
    if key == "last_played":
        return format_when(value)
    if key == "bpm":
        return f"{value:.0f}"
    if key == "plays":
        return str(value) if value else ""
    return str(value)


# -- the model ----------------------------------------------------------------------------------


class LibraryTableModel(QAbstractTableModel):
    """Every present track of the catalog, sortable by any column and searchable.

    ``set_rows`` swaps in a freshly loaded :class:`LibraryRows` (loaded off the GUI thread by
    :func:`load_rows`). Row ``r`` of the model is ``self.rows`` index ``self._visible[r]``.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows = LibraryRows()
        self._order: list[int] = []  # every row, in the current sort order
        self._visible: list[int] = []  # the rows passing the search, in sort order
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._query = ""
        self._terms: list[str] = []
        self.last_filter_seconds = 0.0

    # data access

    def set_rows(self, rows: LibraryRows) -> None:
        self.beginResetModel()
        self.rows = rows
        self._order = self._sorted(self._sort_column, self._sort_order)
        self._visible = self._apply_filter(self._order, self._terms)
        self.endResetModel()

    def update_values(self, column: str, values_by_id: dict[int, Any]) -> None:
        """Replace one column's values for some tracks (plays after a play, BPM after analysis)."""
        lookup = self.rows.row_of()
        col = self.rows.columns[column]
        if column == "title":
            self.rows.folded_titles = []
        for track_id, value in values_by_id.items():
            i = lookup.get(track_id)
            if i is not None:
                col[i] = value
        self.rows.orders.pop(column, None)
        c = COLUMN_KEYS.index(column)
        if self._visible:
            self.dataChanged.emit(self.index(0, c), self.index(len(self._visible) - 1, c))

    def track_id(self, row: int) -> int:
        return self.rows.ids[self._visible[row]]

    def track_ids(self, rows: Iterable[int] | None = None) -> list[int]:
        if rows is None:
            return [self.rows.ids[i] for i in self._visible]
        return [self.rows.ids[self._visible[r]] for r in rows]

    def row_for_track(self, track_id: int) -> int | None:
        try:
            i = self.rows.ids.index(track_id)
        except ValueError:
            return None
        try:
            return self._visible.index(i)
        except ValueError:
            return None

    def value(self, row: int, key: str) -> Any:
        return self.rows.columns[key][self._visible[row]]

    def path(self, row: int) -> str:
        return self.rows.paths[self._visible[row]]

    @property
    def total(self) -> int:
        return len(self.rows)

    # Qt model interface

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("Columns", COLUMNS[section][1])
        return None

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        i = self._visible[index.row()]
        key = COLUMN_KEYS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(key, self.rows.columns[key][i])
        if role == SortRole:
            return self.rows.columns[key][i]
        if role == TrackIdRole:
            return self.rows.ids[i]
        if role == Qt.ItemDataRole.TextAlignmentRole and key in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and key in ("title", "album"):
            return self.rows.paths[i]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        )

    def mimeTypes(self) -> list[str]:
        return ["text/uri-list"]

    def mimeData(self, indexes: Any) -> Any:
        """Dragged rows leave as their files (``text/uri-list``), for a file manager or player."""
        from PySide6.QtCore import QMimeData, QUrl

        rows = sorted({i.row() for i in indexes if i.isValid()})
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(self.path(r)) for r in rows])
        return mime

    # sorting and searching

    def _column_order(self, column: int) -> tuple[array, array]:
        key = COLUMN_KEYS[column]
        order = self.rows.orders.get(key)
        if order is None:  # values changed since loading (a play): sort once here
            order = column_order(key, self.rows.columns[key])
            self.rows.orders[key] = order
        return order

    def _sorted(self, column: int, order: Qt.SortOrder) -> list[int]:
        if column < 0:
            return list(range(len(self.rows)))
        ascending, descending = self._column_order(column)
        return list(descending if order == Qt.SortOrder.DescendingOrder else ascending)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort_column = column
        self._sort_order = order
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_rows = [(p, self._visible[p.row()]) for p in old if p.isValid()]
        self._order = self._sorted(column, order)
        self._visible = self._apply_filter(self._order, self._terms)
        if old_rows:
            where = {i: r for r, i in enumerate(self._visible)}
            for p, i in old_rows:
                r = where.get(i)
                self.changePersistentIndex(
                    p, self.index(r, p.column()) if r is not None else QModelIndex()
                )
        self.layoutChanged.emit()

    def _apply_filter(self, order: list[int], terms: list[str]) -> list[int]:
        if not terms:
            return list(order)
        hay = self.rows.haystack
        visible = order
        for term in terms:
            visible = [i for i in visible if term in hay[i]]
        return visible

    def set_filter(self, text: str) -> int:
        """Show only rows whose title, artist, album or genre contain every word of ``text``.

        Case, accents and punctuation are ignored (:func:`analysis.identity.fold`). Returns the
        number of visible rows.
        """
        start = time.perf_counter()
        terms = fold(text).split()
        if terms == self._terms:
            return len(self._visible)
        # Narrowing (the person typed one more letter) only needs to look at the visible rows.
        narrowing = (
            bool(self._terms)
            and len(terms) >= len(self._terms)
            and all(new.find(old) >= 0 for old, new in zip(self._terms, terms))
        )
        base = self._visible if narrowing else self._order
        self.beginResetModel()
        self._terms = terms
        self._query = text
        self._visible = self._apply_filter(base, terms)
        self.endResetModel()
        self.last_filter_seconds = time.perf_counter() - start
        return len(self._visible)

    @property
    def query(self) -> str:
        return self._query


class LibrarySortFilterProxyModel(QSortFilterProxyModel):
    """The view's model: forwards sorting and searching to :class:`LibraryTableModel`.

    ``hide_ids`` hides individual tracks (bans) without touching the source order; an empty set
    costs nothing because :meth:`filterAcceptsRow` is then short-circuited by Qt's default.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(False)

    def library(self) -> LibraryTableModel:
        model = self.sourceModel()
        assert isinstance(model, LibraryTableModel)
        return model

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.library().sort(column, order)

    def set_filter(self, text: str) -> int:
        return self.library().set_filter(text)

    def track_id(self, proxy_row: int) -> int:
        source = self.mapToSource(self.index(proxy_row, 0))
        return self.library().track_id(source.row())

    def track_ids_for(self, proxy_rows: Iterable[int]) -> list[int]:
        return [self.track_id(r) for r in proxy_rows]


def load_library(
    data_dir: Path,
    *,
    history: Any = None,
    with_descriptors: bool = True,
) -> LibraryRows:
    """Everything the Library page shows, read from the two stores (worker thread)."""
    from analysis.catalog import Catalog

    catalog = Catalog(data_dir, readonly=True)
    try:
        plays = history_play_counts(data_dir, catalog) if history is None else history
        descriptors = descriptor_map(catalog) if with_descriptors else {}
        return compute_orders(load_rows(catalog.conn, plays=plays, descriptors=descriptors))
    finally:
        catalog.close()


def history_play_counts(data_dir: Path, catalog: Any) -> dict[int, tuple[int, float | None]]:
    """``track id -> (plays, last played)`` from the history store."""
    from desktop_app.gui import backend

    return backend.library.play_counts(data_dir, catalog)


def descriptor_map(catalog: Any) -> dict[int, Any]:
    from desktop_app.gui import backend

    return backend.library.descriptors(catalog)
