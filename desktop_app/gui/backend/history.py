"""The History page and the player's plays: recording plays, feedback, exclusions, imports."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

from analysis.catalog import Catalog
from analysis.errors import DeepCutsError
from desktop_app.gui import i18n
from desktop_app.gui.backend.stores import open_history, require_history, track_or_error


def record_play(data_dir: Path, record: Any) -> int:
    """Write one play of the built-in player to history (position reached, skip/complete).

    A cached playlist context that was current before the write takes the play in place
    (:func:`desktop_app.gui.backend.context.absorb_play`), so Discover and the Map are current
    again without building the context anew.
    """
    from desktop_app.gui.backend.context import _stores_fingerprint, absorb_play

    before = _stores_fingerprint(data_dir)
    with Catalog(data_dir, readonly=True) as catalog:
        track = track_or_error(catalog, record.track_id)
    with require_history(data_dir) as store:
        play_id = store.add_play(
            track=track,
            played_at=record.started_at,
            ms_played=int(record.ms_played),
            skipped=bool(record.skipped),
            source="deepcuts",
            context=record.context,
            end_reason="trackdone" if record.completed else "fwdbtn",
        )
    absorb_play(data_dir, before, record)
    return play_id


def set_feedback(data_dir: Path, track_ids: list[int], kind: str) -> int:
    with Catalog(data_dir, readonly=True) as catalog:
        tracks = [track_or_error(catalog, i) for i in track_ids]
    with require_history(data_dir) as store:
        for track in tracks:
            store.set_feedback(track=track, kind=kind)
    return len(tracks)


def ban_artist(data_dir: Path, artist: str) -> None:
    with require_history(data_dir) as store:
        store.set_feedback(artist=artist, kind="ban")


def _outcome(play: Any) -> str:
    if play.completed:
        return "complete"
    if play.skipped:
        return "skipped"
    return "partial"


def recent_plays(data_dir: Path, *, limit: int = 500) -> list[dict[str, Any]]:
    """The newest plays first, excluded ones included (marked)."""
    with Catalog(data_dir, readonly=True) as catalog, require_history(data_dir) as store:
        plays = store.plays(catalog, include_excluded=True)[-limit:]
        files = _files(catalog, [p.track_id for p in plays])
    out = []
    for play in reversed(plays):
        path, album = files.get(play.track_id, (None, None))
        out.append(
            {
                "id": play.track_id,
                "path": path,
                "album": album,
                "play_id": play.id,
                "session_id": play.session_id,
                "played_at": play.played_at,
                "title": play.title,
                "artist": play.artist,
                "ms_played": play.ms_played,
                "outcome": _outcome(play),
                "skipped": play.skipped,
                "completed": play.completed,
                "source": play.source,
                "excluded": play.excluded,
                "context": play.context,
            }
        )
    return out


def _files(catalog: Catalog, ids: list[int | None]) -> dict[int, tuple[str, str | None]]:
    """``id -> (path, album)`` of the catalog tracks among ``ids`` (the rows' covers)."""
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    return {t.id: (t.path, t.album) for t in catalog.tracks(ids=wanted)}


def feedback_list(data_dir: Path) -> list[dict[str, Any]]:
    with Catalog(data_dir, readonly=True) as catalog, require_history(data_dir) as store:
        fb = store.feedback(catalog)
        files = _files(catalog, [f.track_id for f in fb.items if f.target == "track"])
    items = sorted(fb.items, key=lambda f: -f.created_at)
    return [
        {
            "id": f.track_id,
            "path": files.get(f.track_id, (None, None))[0] if f.track_id is not None else None,
            "album": files.get(f.track_id, (None, None))[1] if f.track_id is not None else None,
            "kind": f.kind,
            "target": f.target,
            "title": f.title
            if f.target == "track"
            else QCoreApplication.translate("HistoryPage", "(every track)"),
            "artist": f.artist,
            "at": f.created_at,
        }
        for f in items
    ]


def clear_feedback(data_dir: Path, item: dict[str, Any]) -> None:
    with require_history(data_dir) as store:
        if item.get("target") == "artist":
            store.set_feedback(artist=item["artist"], kind="clear")
            return
        if item.get("id") is None:
            raise DeepCutsError(
                QCoreApplication.translate(
                    "Backend", "that track is not in the library now; its feedback stays"
                )
            )
        with Catalog(data_dir, readonly=True) as catalog:
            track = track_or_error(catalog, item["id"])
        store.set_feedback(track=track, kind="clear")


def history_summary(data_dir: Path) -> str:
    with Catalog(data_dir, readonly=True) as catalog, require_history(data_dir) as store:
        st = store.stats(catalog)
    if not st["plays"]:
        return QCoreApplication.translate(
            "HistoryPage", "No plays yet: play some music, or import a history."
        )
    first = _day(st["first_play"])
    last = _day(st["last_play"])
    text = QCoreApplication.translate(
        "HistoryPage",
        "{plays} plays · {share} in your library · {sessions} sessions · {first} to {last}",
    )
    text = text.format(
        plays=i18n.number(st["plays"]),
        share=i18n.percent(st["matched_share"]),
        sessions=i18n.number(st["sessions"]),
        first=first,
        last=last,
    )
    if st["excluded"]:
        text += QCoreApplication.translate("HistoryPage", " · {n} excluded from taste").format(
            n=i18n.number(st["excluded"])
        )
    return text


def _day(iso: str | None) -> str:
    """ "2024-03-01..." in the locale's short date format."""
    import datetime as dt

    try:
        return i18n.day(dt.date.fromisoformat((iso or "")[:10]))
    except ValueError:
        return (iso or "")[:10]


def exclude(data_dir: Path, item: dict[str, Any], *, session: bool, excluded: bool) -> int:
    with require_history(data_dir) as store:
        if session:
            return store.exclude_session(int(item["session_id"]), excluded)
        store.exclude_play(int(item["play_id"]), excluded)
        return 1


@dataclass
class HistoryPreview:
    """What an import would add; ``parsed`` is kept so committing does not parse twice."""

    path: str
    format: str
    events: int
    matched: int
    unmatched: int
    aggregates: int
    feedback: int
    top_unmatched_artists: list[tuple[str, int]]
    parsed: Any = None
    skipped: list[dict[str, Any]] = field(default_factory=list)  # {"reason", "count", "lines"}
    files: list[dict[str, Any]] = field(default_factory=list)  # per file: format, counts, columns
    ignored: list[dict[str, str]] = field(default_factory=list)  # {"file", "reason"}
    columns: dict[str, str] | None = None  # the column mapping asked for (None: chosen)

    def csv_files(self) -> list[dict[str, Any]]:
        """The files read as CSV with a header: their mapping can be changed."""
        summaries = getattr(self.parsed, "summaries", []) or []
        return [
            {"file": s.file, "columns": dict(s.columns), "header": list(s.header)}
            for s in summaries
            if s.columns is not None and s.header
        ]


def preview_history(
    data_dir: Path, path: str, ctx: Any, *, columns: dict[str, str] | None = None
) -> HistoryPreview:
    """Parse a history export and match it against the library, writing nothing.

    ``columns`` is the CSV column mapping the person chose in the preview (role -> column)."""
    from collections import Counter

    from recommender.history.importers import parse_history
    from recommender.history.matching import CatalogIndex

    ctx.report(QCoreApplication.translate("Backend", "reading the file"))
    parsed = parse_history(path, columns=columns)
    with Catalog(data_dir, readonly=True) as catalog:
        store = open_history(data_dir)
        min_conf = float(store.setting("min_match_confidence")) if store is not None else None
        if store is not None:
            store.close()
        ctx.report(QCoreApplication.translate("Backend", "indexing the library"))
        index = (
            CatalogIndex.from_catalog(catalog, min_confidence=min_conf)
            if min_conf is not None
            else CatalogIndex.from_catalog(catalog)
        )
    results: dict[tuple[Any, ...], bool] = {}
    unmatched: Counter[str] = Counter()
    no_artist = QCoreApplication.translate("Backend", "(no artist)")
    matched = 0
    total = len(parsed.events)
    for n, ev in enumerate(parsed.events, start=1):
        key = (ev.artist, ev.title, ev.album, ev.mb_recording_id, ev.isrc, ev.identity)
        hit = results.get(key)
        if hit is None:
            if ev.identity and index.track_for_identity(ev.identity) is not None:
                hit = True
            else:
                hit = (
                    index.match(
                        artist=ev.artist,
                        title=ev.title,
                        album=ev.album,
                        duration_ms=ev.duration_ms,
                        mb_recording_id=ev.mb_recording_id,
                        isrc=ev.isrc,
                    )
                    is not None
                )
            results[key] = hit
        if hit:
            matched += 1
        else:
            unmatched[ev.artist or no_artist] += 1
        if n % 500 == 0:
            ctx.report({"done": n, "total": total})
            if ctx.cancel.is_set():
                raise DeepCutsError(
                    QCoreApplication.translate("Backend", "import cancelled; nothing was written")
                )
    return HistoryPreview(
        path=str(path),
        format=parsed.format,
        events=total,
        matched=matched,
        unmatched=total - matched,
        aggregates=len(getattr(parsed, "aggregates", []) or []),
        feedback=len(getattr(parsed, "feedback", []) or []),
        top_unmatched_artists=unmatched.most_common(10),
        parsed=parsed,
        skipped=parsed.skipped_json(),
        files=parsed.files_json(),
        ignored=list(parsed.ignored),
        columns=columns,
    )


def import_history(data_dir: Path, path: str, ctx: Any, *, parsed: Any = None) -> dict[str, Any]:
    """Import a history export in one transaction; returns the ``history import`` JSON."""

    def progress(done: int, total: int) -> None:
        ctx.report({"done": done, "total": total})

    with Catalog(data_dir, readonly=True) as catalog, require_history(data_dir) as store:
        if parsed is not None:
            report = store.import_parsed(parsed, catalog, path=str(path), progress=progress)
        else:
            report = store.import_path(path, catalog, progress=progress)
    return report.to_json()
