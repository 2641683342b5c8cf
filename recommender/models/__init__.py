"""The taste models: what every recommender learns from and how it is trained and judged.

Lives here: the interface and the training data (``base``), turning the catalog and the
history into that data (``training_data``), the model registry (``registry``), the shared
scoring signals (``signals``), the simple baselines (``baselines``), the hybrid model
(``hybrid``), training and saving (``training``) and offline evaluation (``evaluation``).

May import: ``analysis`` and ``recommender.history``. Never ``recommender.playlists`` or
``desktop_app`` (arrows point down: playlists -> models -> history -> analysis;
``tests/test_layering.py`` checks it).
"""
