"""The command line's progress bars (desktop_app/commands/arguments.py)."""

from __future__ import annotations

import threading

from desktop_app.commands.arguments import progress_bar


def test_progress_bars_start_no_monitor_thread():
    # a second thread would keep the scan and analysis pools from forking (analysis/workers.py)
    bar = progress_bar(unit="file", desc="scanning")
    try:
        assert "tqdm_monitor" not in [t.name for t in threading.enumerate()]
    finally:
        bar.close()
