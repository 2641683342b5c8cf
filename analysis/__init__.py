"""Library catalog, folder scanning and tags, audio decoding and features.

This package imports neither :mod:`recommender` nor :mod:`desktop_app`, and never Qt.
"""
