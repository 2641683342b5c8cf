"""The player: a queue, QtMultimedia playback, and a history entry for every play.

A :class:`QMediaPlayer` always has a :class:`QAudioOutput` attached (without one,
``EndOfMedia`` never arrives). When a track ends, or the person moves on, the play is
written to history with the position reached and whether it was skipped: a track that reached its
end is complete; one left earlier is a skip when less than ``min(30 s, half the track)`` was heard
(the rule of issue 4), otherwise a partial play.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QUrl, Signal

log = logging.getLogger("deepcuts.gui.player")

SKIP_SECONDS = 30.0


@dataclass
class PlayRecord:
    """One play as the player saw it (written to history by the window)."""

    track_id: int
    started_at: float  # unix seconds
    ms_played: int
    duration_ms: int
    completed: bool
    skipped: bool
    context: str | None


def is_skip(ms_played: int, duration_ms: int, *, completed: bool) -> bool:
    """A skip: left before ``min(30 s, half the track)``; a completed play never is."""
    if completed:
        return False
    threshold = SKIP_SECONDS * 1000
    if duration_ms > 0:
        threshold = min(threshold, duration_ms / 2)
    return ms_played < threshold


class PlayerController(QObject):
    """Queue and playback state; the :class:`PlayerBar` is only a view of it.

    ``resolve(track_id)`` returns ``(path, title, artist)`` for a catalog id; ``on_play`` receives
    each finished :class:`PlayRecord`.
    """

    track_changed = Signal(int)  # track id, -1 when stopped
    state_changed = Signal(bool)  # playing
    position_changed = Signal(int, int)  # position ms, duration ms
    queue_changed = Signal()
    play_recorded = Signal(object)  # PlayRecord

    def __init__(
        self, resolve: Callable[[int], tuple[str, str, str] | None], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer

        self._MediaStatus = QMediaPlayer.MediaStatus
        self._PlaybackState = QMediaPlayer.PlaybackState
        self.resolve = resolve
        self.media = QMediaPlayer(self)
        self.audio = QAudioOutput(self)
        self.media.setAudioOutput(self.audio)
        self.queue: list[int] = []
        self.index = -1
        self.context: str | None = None
        self.rate = 1.0
        self._current: int | None = None
        self._started_at = 0.0
        self._max_position = 0
        self._recorded = True
        self.media.mediaStatusChanged.connect(self._on_status)
        self.media.playbackStateChanged.connect(self._on_state)
        self.media.positionChanged.connect(self._on_position)
        self.media.durationChanged.connect(self._on_duration)
        self.media.errorOccurred.connect(self._on_error)
        self.error_message: Callable[[str], None] = lambda text: log.warning("%s", text)

    # queue

    @property
    def current(self) -> int | None:
        return self._current

    def play_tracks(
        self, track_ids: Sequence[int], start: int = 0, *, context: str | None = None
    ) -> None:
        """Replace the queue and start playing at ``start``."""
        self._finish_current(completed=False)
        self.queue = list(track_ids)
        self.context = context
        self.queue_changed.emit()
        if self.queue:
            self._load(min(max(start, 0), len(self.queue) - 1))

    def play_next(self, track_ids: Sequence[int]) -> None:
        """Insert after the current track (or start playing when idle)."""
        if not self.queue or self.index < 0:
            self.play_tracks(track_ids)
            return
        at = self.index + 1
        self.queue[at:at] = list(track_ids)
        self.queue_changed.emit()

    def next(self) -> None:
        if self.index + 1 < len(self.queue):
            self._finish_current(completed=False)
            self._load(self.index + 1)
        else:
            self.stop()

    def previous(self) -> None:
        # Like most players: restart the track unless it has only just begun.
        if self.media.position() > 3000 or self.index <= 0:
            self.media.setPosition(0)
            return
        self._finish_current(completed=False)
        self._load(self.index - 1)

    def toggle(self) -> None:
        if self.media.playbackState() == self._PlaybackState.PlayingState:
            self.media.pause()
        elif self._current is not None:
            self.media.play()
        elif self.queue:
            self._load(max(self.index, 0))

    def stop(self) -> None:
        self._finish_current(completed=False)
        self.media.stop()
        self._current = None
        self.track_changed.emit(-1)

    def seek(self, ms: int) -> None:
        self.media.setPosition(int(ms))

    def set_volume(self, value: float) -> None:
        self.audio.setVolume(max(0.0, min(1.0, value)))

    def set_rate(self, rate: float) -> None:
        """Playback speed (tests speed plays up; the person never needs it)."""
        self.rate = rate
        self.media.setPlaybackRate(rate)

    def is_playing(self) -> bool:
        return self.media.playbackState() == self._PlaybackState.PlayingState

    # internals

    def _load(self, index: int) -> None:
        self.index = index
        track_id = self.queue[index]
        info = self.resolve(track_id)
        if info is None:
            self.error_message(
                self.tr("Track {id} is no longer in the library.").format(id=track_id)
            )
            self._current = None
            return
        path = info[0]
        self._current = track_id
        self._started_at = time.time()
        self._max_position = 0
        self._recorded = False
        self.media.setSource(QUrl.fromLocalFile(path))
        self.media.setPlaybackRate(self.rate)
        self.media.play()
        self.track_changed.emit(track_id)

    def _finish_current(self, *, completed: bool) -> None:
        if self._current is None or self._recorded:
            return
        self._recorded = True
        duration = max(int(self.media.duration()), 0)
        reached = max(self._max_position, int(self.media.position()))
        if completed and duration:
            reached = duration
        record = PlayRecord(
            track_id=self._current,
            started_at=self._started_at,
            ms_played=reached,
            duration_ms=duration,
            completed=completed,
            skipped=is_skip(reached, duration, completed=completed),
            context=self.context,
        )
        self.play_recorded.emit(record)

    def _on_status(self, status: Any) -> None:
        if status == self._MediaStatus.EndOfMedia:
            self._finish_current(completed=True)
            if self.index + 1 < len(self.queue):
                self._load(self.index + 1)
            else:
                self._current = None
                self.track_changed.emit(-1)
        elif status == self._MediaStatus.InvalidMedia:
            self.error_message(
                self.tr("Cannot play {path}").format(path=self.media.source().toLocalFile())
            )
            self._recorded = True  # nothing was heard
            if self.index + 1 < len(self.queue):
                self._load(self.index + 1)

    def _on_state(self, state: Any) -> None:
        self.state_changed.emit(state == self._PlaybackState.PlayingState)

    def _on_position(self, ms: int) -> None:
        if ms > self._max_position:
            self._max_position = ms
        self.position_changed.emit(int(ms), int(self.media.duration()))

    def _on_duration(self, ms: int) -> None:
        self.position_changed.emit(int(self.media.position()), int(ms))

    def _on_error(self, error: Any, text: str) -> None:
        if text:
            self.error_message(self.tr("Playback: {error}").format(error=text))

    def shutdown(self) -> None:
        """Record the play in progress (the window is closing)."""
        self._finish_current(completed=False)
        self.media.stop()
