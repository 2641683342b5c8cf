"""Commands for this area; see the issue that owns them. Filled in as the area lands."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
    """Add this area's commands to the parser (none yet)."""
