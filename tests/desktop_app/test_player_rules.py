"""Player rules without a media backend, and the error reporter."""

from __future__ import annotations

import numpy as np

from analysis.errors import DeepCutsError
from desktop_app.gui.error_reporter import ErrorReporter
from desktop_app.gui.pages.map import points_in_polygon
from desktop_app.gui.player import is_skip


def test_skip_rule_is_min_30_seconds_or_half_the_track():
    assert is_skip(10_000, 240_000, completed=False)
    assert not is_skip(31_000, 240_000, completed=False)  # past 30 s: a partial play
    assert is_skip(20_000, 50_000, completed=False)  # short track: half is 25 s
    assert not is_skip(26_000, 50_000, completed=False)
    assert not is_skip(1_000, 2_000, completed=True)  # reached the end
    assert is_skip(29_000, 0, completed=False)  # unknown length: 30 s


def test_expected_failures_are_one_line_and_unexpected_ones_are_logged(data_dir):
    reporter = ErrorReporter(data_dir)
    lines: list[str] = []
    dialogs: list[tuple[str, str]] = []
    reporter.show_message = lines.append
    reporter.show_dialog = lambda title, text: dialogs.append((title, text))
    reporter.report(DeepCutsError("history.csv: line 3: no timestamp"))
    assert lines == ["history.csv: line 3: no timestamp"] and not dialogs
    try:
        {}["missing"]
    except KeyError as exc:
        reporter.excepthook(type(exc), exc, exc.__traceback__)
    assert len(dialogs) == 1
    log = data_dir / "logs" / "deepcuts-gui.log"
    assert str(log) in dialogs[0][1]
    content = log.read_text(encoding="utf-8")
    assert "Traceback" in content and "KeyError: 'missing'" in content
    assert reporter.unexpected_count == 1


def test_lasso_polygon_selects_the_points_inside():
    xy = np.array([[0.3, 0.3], [2.0, 2.0], [0.1, 0.95], [-0.1, 0.5], [0.6, 0.2]], dtype=float)
    square = np.array([[0, 0], [1, 0], [1, 1], [0, 1]], dtype=float)
    assert points_in_polygon(xy, square).tolist() == [True, False, True, False, True]
    triangle = np.array([[0, 0], [1, 0], [0, 1]], dtype=float)
    assert points_in_polygon(xy, triangle).tolist() == [True, False, False, False, True]
