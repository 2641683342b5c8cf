"""Play counts and ratings that other players wrote into the files' own tags.

The scanner stores ID3 ``POPM``/``PCNT``, ``FMPS_RATING``/``FMPS_PLAYCOUNT`` and MP4 rating atoms
in the catalog's ``tag_rating`` (0..1) and ``tag_play_count`` columns; this reader turns them into
aggregates attached to the track's identity (source ``tags``). Re-running it replaces the previous
values, so a retagged file's new counts win.
"""

from __future__ import annotations

from typing import Any

from recommender.history.importers import Aggregate, ParsedHistory

FORMAT = "tags"


def parse_catalog_tags(catalog: Any) -> ParsedHistory:
    """Aggregates for every present catalog track with a tag rating or play count.

    Parameters
    ----------
    catalog : analysis.catalog.Catalog
        The library catalog after a scan.

    Returns
    -------
    ParsedHistory
        ``format == "tags"``, aggregates only.
    """
    out = ParsedHistory(format=FORMAT)
    rows = catalog.conn.execute(
        "SELECT id, path, identity, artist, title, album, duration, mb_recording_id, tag_rating, "
        "tag_play_count FROM tracks WHERE error IS NULL AND missing = 0 AND "
        "(tag_rating IS NOT NULL OR COALESCE(tag_play_count, 0) > 0) ORDER BY id"
    )
    for row in rows:
        rating = row["tag_rating"]
        if rating is not None:
            rating = min(max(float(rating), 0.0), 1.0)
        out.aggregates.append(
            Aggregate(
                artist=row["artist"] or "",
                title=row["title"] or "",
                album=row["album"],
                duration_ms=int(row["duration"] * 1000) if row["duration"] else None,
                play_count=int(row["tag_play_count"] or 0),
                skip_count=0,
                rating=rating,
                last_played=None,
                location=row["path"],
                mb_recording_id=row["mb_recording_id"],
                source=FORMAT,
                identity=row["identity"],
                origin=f"catalog track {row['id']}",
            )
        )
    return out
