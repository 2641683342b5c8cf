"""The history store's schema, its migrations, default settings and fixed rules.

The tables are described in docs/history.md; a shipped migration is never edited.
"""

from __future__ import annotations

import logging
from typing import Any

from analysis.sqlite_store import Migration
from recommender.history.sessions import DEFAULT_GAP_MINUTES

log = logging.getLogger(__name__)

# -- schema -----------------------------------------------------------------------------------

_V1 = """
CREATE TABLE imports (
    id INTEGER PRIMARY KEY,
    started_at REAL NOT NULL,
    path TEXT,
    format TEXT NOT NULL,
    files TEXT NOT NULL DEFAULT '[]',
    events INTEGER NOT NULL DEFAULT 0,
    matched INTEGER NOT NULL DEFAULT 0,
    unmatched INTEGER NOT NULL DEFAULT 0,
    duplicates INTEGER NOT NULL DEFAULT 0,
    aggregates INTEGER NOT NULL DEFAULT 0,
    feedback INTEGER NOT NULL DEFAULT 0,
    seconds REAL NOT NULL DEFAULT 0
);
CREATE TABLE plays (
    id INTEGER PRIMARY KEY,
    played_at REAL NOT NULL,
    identity TEXT,
    match_method TEXT,
    match_confidence REAL,
    artist TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    album TEXT,
    duration_ms INTEGER,
    ms_played INTEGER,
    skipped INTEGER,
    end_reason TEXT,
    mb_recording_id TEXT,
    isrc TEXT,
    source TEXT NOT NULL,
    context TEXT,
    session_id INTEGER,
    excluded INTEGER NOT NULL DEFAULT 0,
    import_id INTEGER REFERENCES imports(id) ON DELETE SET NULL,
    match_key TEXT NOT NULL
);
CREATE INDEX plays_time ON plays(played_at);
CREATE TABLE feedback (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    target TEXT NOT NULL CHECK (target IN ('track', 'artist')),
    kind TEXT NOT NULL CHECK (kind IN ('like', 'dislike', 'ban')),
    identity TEXT,
    artist TEXT,
    title TEXT,
    album TEXT,
    duration_ms INTEGER,
    mb_recording_id TEXT,
    created_at REAL NOT NULL,
    source TEXT NOT NULL
);
CREATE TABLE aggregates (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    key TEXT NOT NULL,
    identity TEXT,
    match_method TEXT,
    match_confidence REAL,
    artist TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    album TEXT,
    duration_ms INTEGER,
    play_count INTEGER NOT NULL DEFAULT 0,
    skip_count INTEGER NOT NULL DEFAULT 0,
    rating REAL,
    last_played REAL,
    loved INTEGER,
    location TEXT,
    mb_recording_id TEXT,
    UNIQUE (source, key)
);
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""

# v2: saved playlists (asked for by the playlist engineers after v1 shipped) and sessions index.
_V2 = """
CREATE TABLE playlists (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    kind TEXT,
    created_at REAL NOT NULL
);
CREATE TABLE playlist_items (
    playlist_id INTEGER NOT NULL REFERENCES playlists(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    identity TEXT,
    artist TEXT,
    title TEXT,
    album TEXT,
    duration_ms INTEGER,
    PRIMARY KEY (playlist_id, position)
);
CREATE INDEX plays_session ON plays(session_id);
"""

#: Ordered migrations; item i takes the schema from version i to i + 1. Never edit a shipped one.
MIGRATIONS: list[Migration] = [_V1, _V2]

#: Settings and their defaults (values are JSON).
DEFAULT_SETTINGS: dict[str, Any] = {
    "session_gap_minutes": DEFAULT_GAP_MINUTES,
    "skip_min_ms": 30000,  # a play shorter than min(this, skip_fraction * length) is a skip
    "skip_fraction": 0.5,
    "complete_fraction": 0.9,  # played this share of the length (or "trackdone"): completed
    "min_match_confidence": 0.75,
    "backup_keep": 5,
    "backup_interval_hours": 24.0,
}
_INTERNAL_SETTINGS = {"catalog_fingerprint", "last_auto_backup"}

#: Sources whose plays follow the scrobble rule (at most one scrobble per listen).
SCROBBLE_SOURCES = {"lastfm", "lastfm-1k", "listenbrainz"}
#: Duplicate windows (seconds): same play re-exported by the same source; a scrobbler's double
#: submission (a scrobble needs 30 s of listening, so two of one track <30 s apart are one listen);
#: the same listen recorded by two services (Spotify scrobbling to Last.fm: minute precision).
SAME_SOURCE_WINDOW = 1.0
SCROBBLE_WINDOW = 30.0
CROSS_SOURCE_WINDOW = 120.0

FEEDBACK_KINDS = ("like", "dislike", "ban")
_CLEAR_KINDS = {"unlike": "like", "undislike": "dislike", "unban": "ban", "clear": None}
