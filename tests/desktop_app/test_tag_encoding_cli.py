"""``scan --tag-encoding`` offers exactly the reader's settings."""

from __future__ import annotations

from analysis.tag_encoding import MODES
from desktop_app.commands.library import TAG_ENCODINGS


def test_cli_choices_match_the_reader():
    assert tuple(TAG_ENCODINGS) == MODES
