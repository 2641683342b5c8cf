"""Playlists: the generated mixes, the diversity rules they share, and playlist files.

Lives here: the context every generator reads (``context``), the generators by family
(``discovery``: discover, fresh, deep cuts, forgotten; ``daily``; ``radio``; ``mood``), the one
entry point (``generate``), the diversity rules (``diversity``) and reading/writing/importing
M3U, PLS and XSPF files (``files/``).

May import: ``analysis``, ``recommender.history`` and ``recommender.models``. Only
``desktop_app`` imports this package (arrows point down: playlists -> models -> history ->
analysis; ``tests/test_layering.py`` checks it).
"""
