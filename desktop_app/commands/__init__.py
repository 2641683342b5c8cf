"""Command-line commands, one module per area. Each module has ``register(subparsers, parent)``.

Modules are imported lazily by :mod:`desktop_app.cli` only to build the parser; heavy imports
(librosa, torch, Qt) belong inside the command functions, so ``deepcuts-cli tracks`` starts fast.
"""

#: Modules that contribute commands, in help order.
COMMAND_MODULES = (
    "desktop_app.commands.library",
    "desktop_app.commands.analysis",
    "desktop_app.commands.history",
    "desktop_app.commands.recommend",
    "desktop_app.commands.playlists",
    "desktop_app.commands.desktop",
)
