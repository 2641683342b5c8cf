"""Everything above the catalog: the person's history, the taste models and the playlists.

Three rooms, arrows pointing one way (``tests/test_layering.py`` and ruff check it):
``recommender.playlists`` -> ``recommender.models`` -> ``recommender.history`` -> ``analysis``.
Nothing here imports ``desktop_app`` or Qt.
"""
