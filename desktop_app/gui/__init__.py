"""The Deep Cuts window (PySide6). Only ``desktop_app`` imports Qt (docs/architecture.md).

Modules: :mod:`.tasks` (the one background-work helper), :mod:`.library_model` (table model and
proxy), :mod:`.backend` (the window's calls into ``analysis`` and ``recommender``),
:mod:`.main_window` (navigation, status bar, player bar) and :mod:`.pages` (one module per page).
"""
