"""Play history, taste signals, the hybrid model, playlist generation and playlist files.

Imports :mod:`analysis` (never :mod:`desktop_app`, never Qt).
"""
