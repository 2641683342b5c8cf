"""The window's calls into ``analysis`` and ``recommender`` (no Qt here), one module per page
or service:

- :mod:`.stores`: opening the catalog and the history; which parts this build includes;
- :mod:`.library`: scanning, library folders, the Library table's extra columns;
- :mod:`.history`: plays of the built-in player, feedback, exclusions, history imports;
- :mod:`.playlists`: saved playlists, playlist files in and out;
- :mod:`.context`: the cached playlist context the Discover page and the Map share;
- :mod:`.discover`: the Discover cards, one generated list, similar tracks;
- :mod:`.describe`: a list from a sentence ("Describe what you want to hear");
- :mod:`.map`: the Map's positions, clusters and genres;
- :mod:`.pipeline`: analysis, and training in its own process.

Every function opens its own store connections, so it can run in a worker thread of
:func:`desktop_app.gui.tasks.run_task` without sharing a SQLite connection across threads, and
takes the task context (``ctx.report``, ``ctx.cancel``) where the work is long. Heavy modules
(librosa, torch, scikit-learn) are imported inside the functions that need them, never at
window start-up. Callers write ``backend.<module>.<function>``.
"""

from desktop_app.gui.backend import (
    context,
    describe,
    discover,
    history,
    library,
    map,
    pipeline,
    playlists,
    stores,
)

__all__ = [
    "context",
    "describe",
    "discover",
    "history",
    "library",
    "map",
    "pipeline",
    "playlists",
    "stores",
]
